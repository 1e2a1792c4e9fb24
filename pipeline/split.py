"""Split a file's blocks into its documents (第一篇 / 篇二 / 扩展阅读 ...). Skeleton: one."""

from __future__ import annotations

from pipeline.model import Block


def split_documents(blocks: list[Block]) -> list[list[Block]]:
    return [list(blocks)] if blocks else []
