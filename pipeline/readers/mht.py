"""MHT / MHTML ("web archive, single file"; Word's 单个文件网页, often saved as .doc): a MIME
message whose first HTML part (else plain-text part) is the page, read by the HTML (or
text) reader after its transfer encoding (quoted-printable, base64) is undone.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import Message

from pipeline.errors import UnreadableInput
from pipeline.model import Block
from pipeline.readers.encoding import Decoded

# A MIME message: header lines, one of them MIME-Version, before the first blank line.
RE_MIME_HEADERS = re.compile(rb"\A(?:[!-9;-~]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)+\r?\n")
RE_MIME_VERSION = re.compile(rb"^mime-version\s*:", re.I | re.M)
PAGE_TYPES = ("text/html", "text/plain")  # in order of preference


def is_mht(data: bytes) -> bool:
    """Starts with a MIME header block that names MIME-Version."""
    m = RE_MIME_HEADERS.match(data[:16384])
    return m is not None and RE_MIME_VERSION.search(m.group()) is not None


def page_part(data: bytes) -> tuple[str, bytes]:
    """(content type, decoded bytes) of the page inside an MHT; UnreadableInput if none."""
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    parts: list[Message] = [p for p in msg.walk() if not p.is_multipart()]
    for ctype in PAGE_TYPES:
        for part in parts:
            if part.get_content_type() == ctype:
                payload = part.get_payload(decode=True)
                if isinstance(payload, bytes) and payload.strip():
                    return ctype, payload
    raise UnreadableInput("MHT web archive without an HTML or text page")


def read_mht(data: bytes) -> tuple[list[Block], Decoded]:
    """Blocks of the page of an MHT, and how its text was decoded."""
    from pipeline.readers.html import read_html
    from pipeline.readers.txt import read_txt

    ctype, payload = page_part(data)
    return read_html(payload) if ctype == "text/html" else read_txt(payload)
