"""Chinese date expressions → Spans. No clock access: the year comes from the caller."""

from __future__ import annotations

from pipeline.model import Span


def find_dates(text: str, year: int | None = None) -> list[Span]:
    """Every date expression in ``text``, in order. Skeleton: none."""
    return []
