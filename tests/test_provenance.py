"""Every extracted value points back inside the block it came from (any input, any field)."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.run import parse_bytes

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "plans"

# Plan-like lines, so the hypothesis examples reach the extractors (headings, owners, dates).
PLAN_LINES = [
    "青禾县创建国家卫生县城工作实施方案",
    "一、指导思想",
    "二、主要任务",
    "(一)加强健康教育。责任单位:县卫生局、县教育局",
    "1、开展控烟宣传,知晓率达到90%以上,6月底前完成。",
    "(责任科室:党办 责任领导:王建国)",
    "三、实施步骤",
    "第一阶段宣传动员(2016年8月—9月20日):召开动员大会。",
    "四、组织领导",
    "组长:李秀兰;副组长:张明、赵四海",
    "成立以局长王建国同志为组长的领导小组",
    "青禾县卫生局",
    "二〇一一年十月二十八日",
    "青卫发(2011)49号",
]


def _evidence_items(doc: dict) -> list[tuple[str, dict]]:
    """(field name, evidence dict) for every value that carries provenance."""
    items: list[tuple[str, dict]] = []

    def walk_sections(sections: list[dict]) -> None:
        for s in sections:
            items.append(("section", s.get("evidence")))
            walk_sections(s.get("children") or [])

    walk_sections(doc["sections"])
    for t in doc["tasks"]:
        items.append(("task", t.get("evidence")))
        items += [("owner", o.get("evidence")) for o in t.get("owner_roles", [])]
        items += [("metric", m.get("evidence")) for m in t["metrics"]]
        if t["deadline"]:
            items.append(("deadline", t["deadline"].get("evidence")))
    items += [("phase", p.get("evidence")) for p in doc["phases"]]
    items += [("leader", x.get("evidence")) for x in doc["leaders"]]
    for g in doc["goals"]:
        items.append(("goal", g.get("evidence")))
        items += [("metric", m.get("evidence")) for m in g["metrics"]]
    items += list(doc.get("provenance", {}).items())
    return [(name, ev) for name, ev in items if ev is not None]


def _assert_spans_inside_blocks(data: bytes, path: str) -> int:
    result = parse_bytes(data, path)
    # run.py turns a crash into an "internal error" entry; for the extractors that is a bug.
    assert not [e for e in result.errors if e.reason.startswith("internal error")]
    checked = 0
    for record in result.documents:
        doc = record.to_dict()
        blocks = doc["blocks"]
        for name, ev in _evidence_items(doc):
            assert 0 <= ev["block"] < len(blocks), (name, ev)
            text = blocks[ev["block"]]["text"]
            assert 0 <= ev["start"] <= ev["end"] <= len(text), (name, ev, text)
            checked += 1
    return checked


@pytest.mark.parametrize(
    "path", sorted(p for p in CORPUS.iterdir() if not p.name.endswith(".gold.json")), ids=str
)
def test_provenance_corpus_spans_point_inside_their_blocks(path):
    assert _assert_spans_inside_blocks(path.read_bytes(), path.name) >= 0


def test_provenance_a_full_plan_has_evidence_for_every_kind_of_field():
    data = "\n".join(PLAN_LINES).encode("utf-8")
    result = parse_bytes(data, "plan.txt")
    doc = result.documents[0].to_dict()
    names = {name for name, _ in _evidence_items(doc)}
    assert {"section", "task", "owner", "leader", "phase"} <= names
    assert _assert_spans_inside_blocks(data, "plan.txt") > 5


@given(st.lists(st.sampled_from(PLAN_LINES) | st.text(max_size=40), max_size=25))
def test_provenance_never_raises_and_spans_stay_valid(lines):
    _assert_spans_inside_blocks("\n".join(lines).encode("utf-8"), "fuzz.txt")
