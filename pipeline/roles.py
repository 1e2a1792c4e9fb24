"""Section roles from heading keywords (rules), then a trained model. Skeleton."""

from __future__ import annotations


def section_role(heading: str, text: str = "") -> str:
    return "other"
