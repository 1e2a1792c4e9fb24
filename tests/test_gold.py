"""The quality gate: the pipeline on corpora/plans must stay at or above its pinned floors.

Re-pin after a deliberate change of gold or inputs, or when scores went up:
    python -m pipeline.evaluate --pin corpora/plans      (never lowers a floor)
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from functools import cache
from pathlib import Path

import pytest

from pipeline import evaluate as ev
from pipeline.model import CAMPAIGN_TYPES, KINDS, SECTION_ROLES

pytestmark = pytest.mark.gold

REPO = Path(__file__).resolve().parents[1]
PLANS = REPO / "corpora" / "plans"
BASELINE = REPO / "corpora" / ev.BASELINE_NAME
RE_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
SCRIPTS = ("simplified", "traditional")


def _golds() -> list[tuple[str, dict]]:
    return [(p.name, json.loads(p.read_text(encoding="utf-8"))) for p in ev.gold_files(PLANS)]


@cache
def _run() -> ev.GoldRun:
    return ev.run_gold(PLANS)


def _doc_problems(doc: dict) -> list[str]:
    problems = []
    if doc.get("script") not in SCRIPTS:
        problems.append(f"script {doc.get('script')}")
    if doc.get("kind", "plan") not in KINDS:
        problems.append(f"kind {doc.get('kind')}")
    if doc.get("campaign_type") not in CAMPAIGN_TYPES:
        problems.append(f"campaign_type {doc.get('campaign_type')}")
    problems += [f"role {s['role']}" for s in doc["sections"] if s["role"] not in SECTION_ROLES]
    spans = [doc.get("date")] + [p.get(k) for p in doc["phases"] for k in ("start", "end")]
    spans += [(t.get("deadline") or {}).get("end") for t in doc["tasks"]]
    problems += [f"date {d}" for d in spans if d is not None and not RE_ISO.match(d)]
    if not doc.get("keep"):
        problems.append("no keep fragments")
    return problems


@pytest.mark.parametrize(("name", "gold"), _golds(), ids=lambda x: x if isinstance(x, str) else "")
def test_gold_file_is_well_formed(name, gold):
    assert (PLANS / gold["input"]).exists(), f"{name}: missing input {gold['input']}"
    assert gold["documents"], name
    for i, doc in enumerate(gold["documents"]):
        assert _doc_problems(doc) == [], f"{name} document {i + 1}"


def test_gold_corpus_has_every_format():
    suffixes = {Path(g["input"]).suffix for _, g in _golds()}
    assert {".txt", ".html", ".docx", ".pdf", ".doc", ".zip"} <= suffixes
    assert len(_golds()) >= 15


def test_gold_fragments_are_in_the_sources():
    """keep fragments are in the written source once the noise is out; noise is in it."""
    spec = importlib.util.spec_from_file_location("corpora_build", REPO / "corpora" / "build.py")
    build = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = build  # dataclasses look their module up while the file runs
    spec.loader.exec_module(build)
    assert build.check_gold() == []


def test_gold_baseline_matches_gold_and_inputs():
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    digest, counts = ev.corpus_digest(PLANS)
    assert baseline["counts"] == counts
    assert baseline["sha256"] == digest, (
        "gold files or inputs changed: re-pin with `python -m pipeline.evaluate --pin "
        "corpora/plans` and commit corpora/eval_baseline.json"
    )


def test_gold_every_input_parses():
    assert _run().failures == []


@pytest.mark.parametrize("field", ev.FIELDS)
def test_gold_field_meets_its_floor(field):
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    floor = baseline["floors"].get(field)
    if floor is None:
        pytest.skip(f"{field} has no pinned floor")
    got = _run().scores.get(field, 0.0)
    assert got >= floor - baseline["epsilon"], f"{field} {got:.3f} fell below floor {floor:.3f}"
