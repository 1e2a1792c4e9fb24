"""Script detection and traditional → simplified conversion (OpenCC t2s, built once)."""

from __future__ import annotations

from functools import cache

from pipeline.model import Block


@cache
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert to simplified Chinese with OpenCC ``t2s`` (never ``tw2sp``)."""
    return _t2s().convert(text) if text else text


def detect_script(text: str) -> str:
    """``traditional`` when converting changes a notable share of the CJK characters."""
    cjk = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not cjk:
        return "simplified"
    sample = "".join(cjk[:5000])
    changed = sum(a != b for a, b in zip(sample, to_simplified(sample), strict=False))
    return "traditional" if changed / len(sample) > 0.05 else "simplified"


def normalize_blocks(blocks: list[Block]) -> list[Block]:
    """Skeleton: simplified copy of each block's text; raw untouched."""
    from dataclasses import replace

    return [replace(b, text=to_simplified(b.text)) for b in blocks]
