"""extract_goals: goal sentences from a goals section or a 工作目标 heading, with metrics."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.goals import extract_goals
from pipeline.model import Block, Section

PLAN = [
    "某某医院创建文明城市工作实施方案",
    "一、指导思想",
    "以科学发展观为指导,全面提高服务水平。",
    "二、工作目标",
    "(一)群众满意度达到90%以上;",
    "(二)参与率超过70%,健康知识知晓率≥85%。",
    "三、主要任务",
    "(一)加强宣传。确保每月开展宣传3次以上。",
    "(二)改善环境。",
]


def _texts(goals: list) -> list[str]:  # type: ignore[type-arg]
    return [g.text for g in goals]


def test_goals_from_heading_without_sections() -> None:
    goals = extract_goals([], [Block(t) for t in PLAN])
    assert _texts(goals) == [
        "(一)群众满意度达到90%以上;",
        "(二)参与率超过70%,健康知识知晓率≥85%。",
        "确保每月开展宣传3次以上。",
    ]
    assert [(m.name, m.op, m.value) for m in goals[1].metrics] == [
        ("参与率", ">", 70.0),
        ("健康知识知晓率", ">=", 85.0),
    ]


def test_goals_from_goals_role_section() -> None:
    blocks = [Block(t) for t in PLAN]
    sec = Section("二", "工作目标", 1, role="goals", block_start=3, block_end=6)
    goals = extract_goals([sec], blocks)
    assert _texts(goals)[:2] == [
        "(一)群众满意度达到90%以上;",
        "(二)参与率超过70%,健康知识知晓率≥85%。",
    ]


def test_goals_heading_runs_into_body() -> None:
    blocks = [
        Block("二、工作目标 2012年底前完成整治任务,卫生知识知晓率达到80%。"),
        Block("三、步骤"),
    ]
    (goal,) = extract_goals([], blocks)
    assert goal.text == "2012年底前完成整治任务,卫生知识知晓率达到80%。"
    assert [(m.name, m.value) for m in goal.metrics] == [("卫生知识知晓率", 80.0)]


def test_goals_metric_evidence_points_into_block() -> None:
    blocks = [Block("前言。"), Block("力争年内群众满意率达到95%。")]
    (goal,) = extract_goals([], blocks)
    (metric,) = goal.metrics
    assert metric.evidence is not None
    assert metric.evidence.block == 1
    assert blocks[1].text[metric.evidence.start : metric.evidence.end] == "群众满意率达到95%"


def test_goals_none_in_plain_text() -> None:
    blocks = [Block("一、指导思想"), Block("以科学发展观为指导。"), Block("召开第三次会议。")]
    assert extract_goals([], blocks) == []


@given(st.lists(st.text(max_size=60), max_size=6))
def test_goals_never_crash(texts: list[str]) -> None:
    blocks = [Block(t) for t in texts]
    for g in extract_goals([], blocks):
        assert g.evidence is not None
        assert g.text in blocks[g.evidence.block].text
