"""Goal statements with their metrics. Skeleton."""

from __future__ import annotations

from pipeline.model import Block, Goal, Section


def extract_goals(sections: list[Section], blocks: list[Block]) -> list[Goal]:
    return []
