"""The document's own title. Skeleton: the first block."""

from __future__ import annotations

from pipeline.model import Block, Evidence


def find_title(blocks: list[Block]) -> tuple[str | None, Evidence | None]:
    if not blocks:
        return None, None
    return blocks[0].text, Evidence(0, 0, len(blocks[0].text))
