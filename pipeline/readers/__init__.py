"""Readers: bytes → flat list of Blocks, one module per format.

``read(data, path)`` sniffs the format from the bytes (the extension is only a hint) and
dispatches. Zip archives are not read here: ``run`` expands them with ``iter_zip_members``
so each member is parsed and reported on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.errors import UnreadableInput, UnsupportedFormat
from pipeline.model import Block


@dataclass(frozen=True, slots=True)
class ReadResult:
    blocks: list[Block]
    format: str
    encoding: str | None = None
    warnings: tuple[str, ...] = ()


def sniff_format(data: bytes, path: str) -> str:
    """Return txt/html/docx/doc/pdf/zip from the bytes; raise UnsupportedFormat.

    Skeleton: only plain text. The readers work replaces this.
    """
    if not data:
        raise UnreadableInput("empty file")
    return "txt"


def read(data: bytes, path: str) -> ReadResult:
    """Read any supported single file (not zip) into blocks. Skeleton: UTF-8 text only."""
    fmt = sniff_format(data, path)
    if fmt != "txt":
        raise UnsupportedFormat(f"unsupported format: {fmt}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise UnreadableInput(f"not UTF-8: {e.reason}") from e
    lines = [ln.strip() for ln in text.splitlines()]
    blocks = [Block(text=ln, raw=ln, index=i) for i, ln in enumerate(x for x in lines if x)]
    return ReadResult(blocks=blocks, format="txt", encoding="utf-8")


def iter_zip_members(data: bytes, path: str) -> Iterator[tuple[str, bytes]]:
    """Yield (member path, bytes) for each file in a zip. Skeleton: none."""
    return iter(())
