"""RTF (Word/WPS "rich text", often saved as .doc): text by striprtf, one Block per line.

RTF is 7-bit: Chinese comes as ``\\'xx`` byte escapes in the document's ANSI code page
(``\\ansicpg936`` → GBK, ``950`` → Big5) or as ``\\uN`` escapes. striprtf decodes the byte
escapes of a character together, in the code page given here.
"""

from __future__ import annotations

import codecs
import re

from striprtf.striprtf import rtf_to_text

from pipeline.errors import UnreadableInput
from pipeline.model import Block
from pipeline.readers.txt import split_lines

RE_CODEPAGE = re.compile(rb"\\ansicpg(\d{3,5})")
DEFAULT_CODEPAGE = "gb18030"  # no \ansicpg: Chinese archives' usual ANSI page (a GBK superset)
# What striprtf raises on malformed control words and groups (fuzzed: TypeError when "\\'"
# lacks its two hex digits).
RTF_ERRORS = (ValueError, IndexError, KeyError, TypeError, RecursionError)
# Pictures and embedded objects are hex digits, megabytes of them, which striprtf would
# walk a character at a time (3.4 s for a 5 MB picture). Text never runs this long without
# a backslash or a space, so such runs go before it.
RE_HEX_RUN = re.compile(rb"[0-9a-fA-F\r\n]{512,}")


def codepage(data: bytes) -> str:
    """The Python codec of the document's ANSI code page (``cp936`` is GBK)."""
    m = RE_CODEPAGE.search(data[:4096])
    if m is None:
        return DEFAULT_CODEPAGE
    name = f"cp{int(m.group(1))}"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return DEFAULT_CODEPAGE


def read_rtf(data: bytes) -> tuple[list[Block], str]:
    """Blocks of an RTF document and the code page its text was decoded with."""
    enc = codepage(data)
    data = RE_HEX_RUN.sub(b"", data)
    try:
        # latin-1 maps every byte to one character: the RTF's ASCII stays as it is, and a
        # raw 8-bit byte (not escaped, against the spec) reaches striprtf unchanged
        text = rtf_to_text(data.decode("latin-1"), encoding=enc, errors="replace")
    except RTF_ERRORS as e:
        raise UnreadableInput(f"corrupt RTF: {type(e).__name__}") from None
    return split_lines(text), enc
