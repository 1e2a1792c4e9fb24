"""Phases of the schedule. Skeleton."""

from __future__ import annotations

from pipeline.model import Block, Phase, Section


def extract_phases(
    sections: list[Section], blocks: list[Block], year: int | None = None
) -> list[Phase]:
    return []
