"""Tasks under tasks-role sections, with owners, leaders, deadline, metrics. Skeleton."""

from __future__ import annotations

from pipeline.model import Block, Section, Task


def extract_tasks(
    sections: list[Section], blocks: list[Block], year: int | None = None
) -> list[Task]:
    return []
