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
from dataclasses import dataclass

from pipeline.errors import MissingDependency, UnreadableInput, UnsupportedFormat
from pipeline.model import Block
from pipeline.readers.doc_props import fib_pair, heading_levels, papx_runs, props_at
from pipeline.readers.txt import split_lines

WORD_IDENT = 0xA5EC
FLAG_ENCRYPTED = 0x0100
FLAG_WHICH_TABLE = 0x0200
# nFib: Word 97 writes 0x00C1 (later versions more); Word 6 0x0065 and Word 95 0x0068 use
# another FIB layout, which this reader does not parse.
NFIB_WORD97 = 0x00C0
FC_CLX_INDEX = 33  # fcClx/lcbClx is the 34th pair of FibRgFcLcb97
CCP_TEXT_INDEX = 3  # ccpText is the 4th field of FibRgLw97
PIECE_COMPRESSED = 0x40000000
MAX_PIECES = 1_000_000
SYSTEM_TOOLS = (
    ("antiword", ["antiword", "-w", "0", "-m", "UTF-8.txt"]),
    ("catdoc", ["catdoc", "-d", "utf-8"]),
)
TOOL_TIMEOUT = 30


@dataclass(frozen=True, slots=True)
class Mark:
    """What the paragraph properties say about one paragraph mark."""

    in_table: bool = False
    row_end: bool = False
    level: int | None = None


NO_MARK = Mark()
# What olefile/struct raise on damaged bytes (olefile uses OSError for a bad directory).
DAMAGE_ERRORS = (OSError, struct.error, IndexError, ValueError, EOFError, KeyError)

# Dropped outright: object/picture anchors, footnote & annotation refs, optional hyphen.
RE_DROP = re.compile("[\x00-\x06\x08\x0e-\x12\x16-\x1d\x1f]")
# Paragraph marks: \r ends a paragraph, \x07 a table cell or row.
RE_MARK = re.compile("[\r\x07]")
# One paragraph (its text, then its mark) and the breaks that split it into Blocks.
RE_PARAGRAPH = re.compile("([^\r\x07]*)([\r\x07]|$)")
RE_LINE_BREAK = re.compile("[\x0b\x0c\n]")
# Without paragraph properties: any mark or break ends a piece of text.
RE_PARA_MARK = re.compile("([^\r\n\x07\x0b\x0c]*)([\r\n\x07\x0b\x0c]|$)")
OTHER_OLE = (
    ("EncryptedPackage", UnreadableInput, "encrypted Office document (password protected)"),
    ("Workbook", UnsupportedFormat, "unsupported format: Excel workbook (.xls)"),
    ("Book", UnsupportedFormat, "unsupported format: Excel workbook (.xls)"),
    ("PowerPoint Document", UnsupportedFormat, "unsupported format: PowerPoint file (.ppt)"),
)


class OldWordFormat(UnsupportedFormat):
    """A Word 6/95 file: only an installed system tool can read it."""


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
            raise OldWordFormat("unsupported format: Word 6/95 document (pre-97 .doc)")
        table_name = "1Table" if flags & FLAG_WHICH_TABLE else "0Table"
        if not ole.exists(table_name):
            raise UnreadableInput(f"corrupt .doc: {table_name} stream missing")
        return word, ole.openstream(table_name).read(), flags
    finally:
        ole.close()


def _fib_values(word: bytes) -> tuple[int, int, int]:
    """(ccpText, fcClx, lcbClx) from the variable-length FIB."""
    csw = struct.unpack_from("<H", word, 32)[0]
    ccp_text = struct.unpack_from("<i", word, 32 + 2 + 2 * csw + 2 + 4 * CCP_TEXT_INDEX)[0]
    try:
        fc_clx, lcb_clx = fib_pair(word, FC_CLX_INDEX)
    except ValueError as e:
        raise UnreadableInput("corrupt .doc: FIB too short") from e
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


def text_pieces(word: bytes, table: bytes) -> list[tuple[str, int, int]]:
    """The main document's pieces: (text, FC of its first char, bytes per char)."""
    ccp_text, fc_clx, lcb_clx = _fib_values(word)
    plc = _piece_table(table, fc_clx, lcb_clx)
    count = (len(plc) - 4) // 12
    if count <= 0 or count > MAX_PIECES:
        raise UnreadableInput("corrupt .doc: bad piece table")
    cps = struct.unpack_from(f"<{count + 1}i", plc, 0)
    pieces: list[tuple[str, int, int]] = []
    for i in range(count):
        start, end = cps[i], min(cps[i + 1], ccp_text)
        if end <= start:
            continue
        fc = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * i + 2)[0]
        if fc & PIECE_COMPRESSED:
            offset = (fc & ~PIECE_COMPRESSED) // 2
            raw = word[offset : offset + end - start]
            pieces.append((raw.decode("cp1252", errors="replace"), offset, 1))
        else:
            raw = word[fc : fc + 2 * (end - start)]
            pieces.append((raw.decode("utf-16-le", errors="replace"), fc, 2))
    return pieces


def main_text(word: bytes, table: bytes) -> str:
    """The main document's characters, piece by piece."""
    return "".join(text for text, _, _ in text_pieces(word, table))


def paragraph_marks(pieces: list[tuple[str, int, int]], word: bytes, table: bytes) -> list[Mark]:
    """What the PAPX say about each paragraph mark (\\r, \\x07), in text order."""
    starts, props = papx_runs(word, table)
    try:
        levels = heading_levels(word, table)
    except DAMAGE_ERRORS:
        levels = {}
    marks: list[Mark] = []
    for text, fc, width in pieces:
        for m in RE_MARK.finditer(text):
            p = props_at(starts, props, fc + m.start() * width)
            level = None if p.in_table else levels.get(p.istd)
            marks.append(Mark(p.in_table, p.row_end, level))
    return marks


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
        elif all(stack) or ch in "\r\x07":  # marks stay, aligned with their properties
            out.append(ch)
    return "".join(out)


def clean_text(text: str) -> str:
    return RE_DROP.sub("", strip_fields(text)).replace("\x1e", "-")


def text_to_blocks(text: str, marks: list[Mark] | None = None) -> list[Block]:
    """Blocks from the main text; with the paragraph marks' properties when they were read
    (exact table rows, heading levels), else by the control characters alone."""
    text = clean_text(text)
    if marks is not None and len(RE_MARK.findall(text)) == len(marks):
        return _marked_blocks(text, marks)
    return _guessed_blocks(text)


class _Blocks(list[Block]):
    def add(self, piece: str, kind: str, level: int | None = None) -> None:
        piece = piece.strip()
        if piece:
            self.append(Block(text=piece, raw=piece, kind=kind, level=level, index=len(self)))

    def row(self, cells: list[str]) -> None:
        self.add("\t".join(c for c in cells if c), "table")


def _marked_blocks(text: str, marks: list[Mark]) -> list[Block]:
    blocks = _Blocks()
    cells: list[str] = []  # finished cells of the open row
    cell: list[str] = []  # finished paragraphs of the open cell
    pending = iter(marks)
    for m in RE_PARAGRAPH.finditer(text):
        lines = [x.strip() for x in RE_LINE_BREAK.split(m.group(1))]
        mark = next(pending, NO_MARK) if m.group(2) else NO_MARK
        if mark.row_end:
            blocks.row([*cells, " ".join(x for x in [*cell, *lines] if x)])
            cells, cell = [], []
        elif mark.in_table and m.group(2) == "\x07":
            cells.append(" ".join(x for x in [*cell, *lines] if x))
            cell = []
        elif mark.in_table:
            cell.extend(lines)
        else:
            if cells or cell:
                blocks.row([*cells, *cell])
                cells, cell = [], []
            for line in lines:
                blocks.add(line, "para" if mark.level is None else "heading", mark.level)
    if cells or cell:
        blocks.row([*cells, *cell])
    return blocks


def _guessed_blocks(text: str) -> list[Block]:
    """Without paragraph properties: a cell ends with \\x07, and an empty \\x07 right after
    a cell ends the row. Here an empty cell inside a row looks like a row end, and the
    paragraphs of a row's first cell before its last one are read as paragraphs; both are
    rare in plans and lose no text."""
    blocks = _Blocks()
    cells: list[str] = []
    cell: list[str] = []
    for m in RE_PARA_MARK.finditer(text):
        piece, mark = m.group(1).strip(), m.group(2)
        if mark != "\x07":
            if cells:
                cell.append(piece)
            else:
                blocks.add(piece, "para")
        elif not piece and not cell and cells:
            blocks.row(cells)
            cells = []
        else:
            cells.append(" ".join(x for x in [*cell, piece] if x))
            cell = []
    if cells:
        blocks.row([*cells, *cell])
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
    except OldWordFormat:
        fallback = _system_tool(data)
        if fallback is None:
            raise
        return fallback
    except DAMAGE_ERRORS as e:  # a damaged FAT/directory or a stream shorter than the FIB
        raise UnreadableInput(f"corrupt .doc: damaged OLE2 container ({type(e).__name__})") from e
    try:
        pieces = text_pieces(word, table)
    except DAMAGE_ERRORS as e:
        fallback = _system_tool(data)
        if fallback is not None:
            return fallback
        reason = f"damaged FIB or piece table ({type(e).__name__})"
        raise UnreadableInput(f"corrupt .doc: {reason}") from e
    try:
        marks: list[Mark] | None = paragraph_marks(pieces, word, table)
    except DAMAGE_ERRORS:
        marks = None  # properties unreadable: the text alone still reads
    return text_to_blocks("".join(text for text, _, _ in pieces), marks)
