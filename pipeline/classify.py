"""Document-level classification: kind and campaign type. Skeleton rules."""

from __future__ import annotations


def document_kind(title: str | None, text: str) -> str:
    return "plan"


def campaign_type(title: str | None, text: str) -> str:
    return "other"
