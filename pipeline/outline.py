"""Heading numbering → section tree. Skeleton: no sections."""

from __future__ import annotations

from pipeline.model import Block, Section


def build_outline(blocks: list[Block]) -> list[Section]:
    return []
