"""Cleaning: site chrome, pinyin glosses, page markers, broken lines. Skeleton: no-op."""

from __future__ import annotations

from pipeline.model import Block


def clean_blocks(blocks: list[Block]) -> list[Block]:
    return list(blocks)
