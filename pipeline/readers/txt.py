"""Plain text: validated decoding, then one Block per non-empty line (text untouched)."""

from __future__ import annotations

from pipeline.model import Block
from pipeline.readers.encoding import Decoded, decode_bytes


def split_lines(text: str, start_index: int = 0) -> list[Block]:
    """One para Block per non-empty line (\\n, \\r\\n or a lone \\r ends a line).

    ``offset`` points at the stripped line in ``text``. str.split rather than a regex:
    it is ~5× faster on a 20 MB file.
    """
    blocks: list[Block] = []
    pos = 0
    if "\r" in text:  # a lone \r (or the \r of \r\n) ends a line too: one character each
        text = text.replace("\r", "\n")
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            offset = pos + line.find(stripped[0])  # only whitespace comes before it
            index = start_index + len(blocks)
            blocks.append(Block(text=stripped, raw=stripped, index=index, offset=offset))
        pos += len(line) + 1
    return blocks


def read_txt(data: bytes) -> tuple[list[Block], Decoded]:
    """Decode ``data`` and split it into line blocks."""
    decoded = decode_bytes(data)
    return split_lines(decoded.text), decoded
