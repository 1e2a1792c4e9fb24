"""Plain text: validated decoding, then one Block per non-empty line (text untouched)."""

from __future__ import annotations

import re

from pipeline.model import Block
from pipeline.readers.encoding import Decoded, decode_bytes

# A line is a run of anything but CR/LF, so \r\n, \n and a lone \r all end a line.
RE_LINE = re.compile(r"[^\r\n]+")


def split_lines(text: str, start_index: int = 0) -> list[Block]:
    """One para Block per non-empty line; ``offset`` points at the stripped line in ``text``."""
    blocks: list[Block] = []
    for m in RE_LINE.finditer(text):
        line = m.group()
        stripped = line.strip()
        if not stripped:
            continue
        offset = m.start() + len(line) - len(line.lstrip())
        blocks.append(
            Block(text=stripped, raw=stripped, index=start_index + len(blocks), offset=offset)
        )
    return blocks


def read_txt(data: bytes) -> tuple[list[Block], Decoded]:
    """Decode ``data`` and split it into line blocks."""
    decoded = decode_bytes(data)
    return split_lines(decoded.text), decoded
