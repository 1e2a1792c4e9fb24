"""Target figures (知晓率达到100%, 不超过15分钟, 3次以上, ≥90%). Skeleton."""

from __future__ import annotations

from pipeline.model import Metric


def find_metrics(text: str) -> list[Metric]:
    return []
