"""Quality gate on the seed gold (skipped when ../shared is absent): leaders and task owners
through the whole pipeline, scored like shared/tools/score.py (exact names)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.run import parse_file

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SEEDS = SHARED / "corpora" / "seeds"
GOLD = SHARED / "corpora" / "gold"

pytestmark = [pytest.mark.shared, pytest.mark.gold]


def _pairs() -> list[tuple[dict, dict]]:  # type: ignore[type-arg]
    if not GOLD.is_dir():
        pytest.skip("shared gold not available")
    out = []
    for gold_path in sorted(GOLD.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        docs = [d.to_dict() for d in parse_file(SEEDS / gold["input"]).documents]
        out.extend(zip(gold["documents"], docs, strict=False))
    return out


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def test_people_gold_leaders_role_name() -> None:
    tp = fp = fn = 0
    for gold, pred in _pairs():
        if "leaders" not in gold:
            continue
        g = {(x["role"], x["name"]) for x in gold["leaders"]}
        p = {(x["role"], x["name"]) for x in pred["leaders"]}
        tp, fp, fn = tp + len(g & p), fp + len(p - g), fn + len(g - p)
    assert _f1(tp, fp, fn) >= 0.9


def test_people_gold_task_owners() -> None:
    tp = fp = fn = 0
    for gold, pred in _pairs():
        by_title = {t["title"]: t for t in pred["tasks"]}
        for task in gold.get("tasks", []):
            g = set(task.get("owners") or [])
            p = set(by_title.get(task["title"], {}).get("owners") or [])
            tp, fp, fn = tp + len(g & p), fp + len(p - g), fn + len(g - p)
    assert _f1(tp, fp, fn) >= 0.8
