"""Leading group members. Skeleton."""

from __future__ import annotations

from pipeline.model import Block, Leader, Section


def extract_leaders(sections: list[Section], blocks: list[Block]) -> list[Leader]:
    return []
