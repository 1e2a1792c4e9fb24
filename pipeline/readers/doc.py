"""Word 97–2003 .doc in pure Python (olefile): FIB → piece table → text → Blocks.

[MS-DOC]: the ``WordDocument`` stream starts with the FIB. ``fWhichTblStm`` picks the
``0Table``/``1Table`` stream that holds the CLX at fcClx/lcbClx; its PlcPcd maps character
positions to pieces, each either UTF-16LE or "compressed" 8-bit (cp1252) text. Only the
main document (the first ccpText characters) is read, not headers, footnotes or comments.
Control characters: \\r ends a paragraph, \\x07 ends a table cell (a second one ends the
row), \\x0b is a line break, \\x0c a page/section break, fields \\x13 code \\x14 result \\x15
keep only their result, and object anchors (\\x01, \\x08, ...) are dropped.
Fallback: when this path fails and ``antiword`` or ``catdoc`` is installed, use it.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import struct
import subprocess
import tempfile

from pipeline.errors import MissingDependency, UnreadableInput, UnsupportedFormat
from pipeline.model import Block
from pipeline.readers.txt import split_lines

WORD_IDENT = 0xA5EC
FLAG_ENCRYPTED = 0x0100
FLAG_WHICH_TABLE = 0x0200
NFIB_WORD97 = 0x00C1 - 0x5C  # nFib below 101 is Word 6/95, another format
FC_CLX_INDEX = 33  # fcClx/lcbClx is the 34th pair of FibRgFcLcb97
CCP_TEXT_INDEX = 3  # ccpText is the 4th field of FibRgLw97
PIECE_COMPRESSED = 0x40000000
MAX_PIECES = 1_000_000
SYSTEM_TOOLS = (
    ("antiword", ["antiword", "-w", "0", "-m", "UTF-8.txt"]),
    ("catdoc", ["catdoc", "-d", "utf-8"]),
)
TOOL_TIMEOUT = 30
# What olefile/struct raise on damaged bytes (olefile uses OSError for a bad directory).
DAMAGE_ERRORS = (OSError, struct.error, IndexError, ValueError, EOFError, KeyError)

# Dropped outright: object/picture anchors, footnote & annotation refs, optional hyphen.
RE_DROP = re.compile("[\x00-\x06\x08\x0e-\x12\x16-\x1d\x1f]")
# A paragraph's text and the mark that ends it (\r paragraph, \x07 cell/row, breaks).
RE_PARA_MARK = re.compile("([^\r\n\x07\x0b\x0c]*)([\r\n\x07\x0b\x0c]|$)")
OTHER_OLE = (
    ("EncryptedPackage", UnreadableInput, "encrypted Office document (password protected)"),
    ("Workbook", UnsupportedFormat, "unsupported format: Excel workbook (.xls)"),
    ("Book", UnsupportedFormat, "unsupported format: Excel workbook (.xls)"),
    ("PowerPoint Document", UnsupportedFormat, "unsupported format: PowerPoint file (.ppt)"),
)


def _open_ole(data: bytes):  # type: ignore[no-untyped-def]
    try:
        import olefile
    except ImportError as e:  # pragma: no cover - a declared dependency
        raise MissingDependency("olefile is needed for .doc: pip install olefile") from e
    try:
        return olefile.OleFileIO(io.BytesIO(data))
    except Exception as e:  # olefile raises OSError/struct.error/IndexError on damage
        raise UnreadableInput(f"corrupt .doc (OLE2 container): {type(e).__name__}") from e


def _streams(data: bytes) -> tuple[bytes, bytes, int]:
    """(WordDocument, table stream, flags) after checking the container and the FIB."""
    ole = _open_ole(data)
    try:
        if not ole.exists("WordDocument"):
            for name, error, message in OTHER_OLE:
                if ole.exists(name):
                    raise error(message)
            raise UnsupportedFormat("unsupported format: OLE2 file without a Word document")
        word = ole.openstream("WordDocument").read()
        ident, nfib, _, _, _, flags = struct.unpack_from("<6H", word, 0)
        if ident != WORD_IDENT:
            raise UnreadableInput("corrupt .doc: bad FIB signature")
        if flags & FLAG_ENCRYPTED:
            raise UnreadableInput("encrypted Word document (password protected)")
        if nfib < NFIB_WORD97:
            raise UnsupportedFormat("unsupported format: Word 6/95 document (pre-97 .doc)")
        table_name = "1Table" if flags & FLAG_WHICH_TABLE else "0Table"
        if not ole.exists(table_name):
            raise UnreadableInput(f"corrupt .doc: {table_name} stream missing")
        return word, ole.openstream(table_name).read(), flags
    finally:
        ole.close()


def _fib_values(word: bytes) -> tuple[int, int, int]:
    """(ccpText, fcClx, lcbClx) from the variable-length FIB."""
    pos = 32
    csw = struct.unpack_from("<H", word, pos)[0]
    pos += 2 + 2 * csw
    cslw = struct.unpack_from("<H", word, pos)[0]
    ccp_text = struct.unpack_from("<i", word, pos + 2 + 4 * CCP_TEXT_INDEX)[0]
    pos += 2 + 4 * cslw
    cb_fc_lcb = struct.unpack_from("<H", word, pos)[0]
    if cb_fc_lcb <= FC_CLX_INDEX:
        raise UnreadableInput("corrupt .doc: FIB too short")
    fc_clx, lcb_clx = struct.unpack_from("<II", word, pos + 2 + 8 * FC_CLX_INDEX)
    return ccp_text, fc_clx, lcb_clx


def _piece_table(table: bytes, fc_clx: int, lcb_clx: int) -> bytes:
    """The PlcPcd inside the CLX: skip Prc entries (0x01), find the Pcdt (0x02)."""
    pos, end = fc_clx, fc_clx + lcb_clx
    while pos < end:
        kind = table[pos]
        if kind == 0x01:
            pos += 3 + struct.unpack_from("<H", table, pos + 1)[0]
        elif kind == 0x02:
            size = struct.unpack_from("<I", table, pos + 1)[0]
            return table[pos + 5 : pos + 5 + size]
        else:
            break
    raise UnreadableInput("corrupt .doc: no piece table")


def main_text(word: bytes, table: bytes) -> str:
    """The main document's characters, piece by piece."""
    ccp_text, fc_clx, lcb_clx = _fib_values(word)
    plc = _piece_table(table, fc_clx, lcb_clx)
    count = (len(plc) - 4) // 12
    if count <= 0 or count > MAX_PIECES:
        raise UnreadableInput("corrupt .doc: bad piece table")
    cps = struct.unpack_from(f"<{count + 1}i", plc, 0)
    parts: list[str] = []
    for i in range(count):
        start, end = cps[i], min(cps[i + 1], ccp_text)
        if end <= start:
            continue
        fc = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * i + 2)[0]
        if fc & PIECE_COMPRESSED:
            offset = (fc & ~PIECE_COMPRESSED) // 2
            parts.append(word[offset : offset + end - start].decode("cp1252", errors="replace"))
        else:
            parts.append(word[fc : fc + 2 * (end - start)].decode("utf-16-le", errors="replace"))
    return "".join(parts)


def strip_fields(text: str) -> str:
    """Keep only field results: \\x13 code \\x14 result \\x15 → result (nesting allowed)."""
    out: list[str] = []
    stack: list[bool] = []  # per open field: are we in its result part?
    for ch in text:
        if ch == "\x13":
            stack.append(False)
        elif ch == "\x14" and stack:
            stack[-1] = True
        elif ch == "\x15" and stack:
            stack.pop()
        elif all(stack):
            out.append(ch)
    return "".join(out)


def text_to_blocks(text: str) -> list[Block]:
    """Paragraphs and table rows: a cell ends with \\x07, and an empty \\x07 right after a
    cell ends the row. Without the paragraph properties an empty cell inside a row looks
    like a row end, and the paragraphs of a row's first cell before its last one are read
    as paragraphs; both are rare in plans and lose no text."""
    text = RE_DROP.sub("", strip_fields(text)).replace("\x1e", "-")
    blocks: list[Block] = []
    cells: list[str] = []  # finished cells of the open row
    cell: list[str] = []  # finished paragraphs of the open cell

    def add(piece: str, kind: str) -> None:
        piece = piece.strip()
        if piece:
            blocks.append(Block(text=piece, raw=piece, kind=kind, index=len(blocks)))

    for m in RE_PARA_MARK.finditer(text):
        piece, mark = m.group(1).strip(), m.group(2)
        if mark != "\x07":
            if cells:
                cell.append(piece)
            else:
                add(piece, "para")
        elif not piece and not cell and cells:
            add("\t".join(c for c in cells if c), "table")
            cells = []
        else:
            cells.append(" ".join(x for x in [*cell, piece] if x))
            cell = []
    if cells:
        add("\t".join(c for c in [*cells, *cell] if c), "table")
    return blocks


def _system_tool(data: bytes) -> list[Block] | None:
    """Text from antiword/catdoc when one is installed (a fallback, never required).

    The bytes go through a temporary file: antiword seeks, so a pipe does not do."""
    tools = [(name, argv) for name, argv in SYSTEM_TOOLS if shutil.which(name)]
    if not tools:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "input.doc")
        with open(path, "wb") as fh:
            fh.write(data)
        for _, argv in tools:
            try:
                done = subprocess.run(
                    [*argv, path], capture_output=True, timeout=TOOL_TIMEOUT, check=True
                )
            except (OSError, subprocess.SubprocessError):
                continue
            blocks = split_lines(done.stdout.decode("utf-8", errors="replace"))
            if blocks:
                return [Block(text=b.text, raw=b.raw, index=b.index) for b in blocks]
    return None


def read_doc(data: bytes) -> list[Block]:
    """Blocks of a Word 97–2003 file; encrypted or damaged files raise one-line errors."""
    try:
        word, table, _ = _streams(data)
    except DAMAGE_ERRORS as e:  # a damaged FAT/directory or a stream shorter than the FIB
        raise UnreadableInput(f"corrupt .doc: damaged OLE2 container ({type(e).__name__})") from e
    try:
        text = main_text(word, table)
    except DAMAGE_ERRORS as e:
        fallback = _system_tool(data)
        if fallback is not None:
            return fallback
        raise UnreadableInput(
            f"corrupt .doc: damaged FIB or piece table ({type(e).__name__})"
        ) from e
    return text_to_blocks(text)
