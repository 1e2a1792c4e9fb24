"""find_metrics: target figures vs. dates, numbering and idioms (rows checked by hand)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.metrics import find_metrics

M = tuple[str, str, float, str]

METRIC_ROWS: list[tuple[str, list[M]]] = [
    ("居民健康知识知晓率达到100%", [("健康知识知晓率", ">=", 100, "%")]),
    ("患者排队等候时间不超过15分钟", [("排队等候时间", "<=", 15, "分钟")]),
    ("群众参与率超过70%", [("群众参与率", ">", 70, "%")]),
    ("每月开展宣传3次以上", [("开展宣传", ">=", 3, "次")]),
    ("健康行为形成率≥90%", [("健康行为形成率", ">=", 90, "%")]),
    ("达80%", [("", ">=", 80, "%")]),
    ("饮用水合格率不低于95%", [("饮用水合格率", ">=", 95, "%")]),
    ("食品抽检合格率达100%", [("食品抽检合格率", ">=", 100, "%")]),
    ("覆盖率100%", [("覆盖率", "=", 100, "%")]),
    ("新建公厕4座", [("新建公厕", "=", 4, "座")]),
    ("每年更换内容6次以上", [("更换内容", ">=", 6, "次")]),
    ("设置隔离护栏(高度不低于1.8米)", [("高度", ">=", 1.8, "米")]),
    ("人均绿地面积5㎡", [("人均绿地面积", "=", 5, "㎡")]),
    ("病媒密度控制在3%以内", [("病媒密度", "<=", 3, "%")]),
    ("投诉率低于1%", [("投诉率", "<", 1, "%")]),
    ("每天清扫三次以上", [("清扫", ">=", 3, "次")]),
    ("每周至少检查一次", [("检查", ">=", 1, "次")]),
    ("满意度在95%以上", [("满意度", ">=", 95, "%")]),
    ("集中开展2—3次整治活动", [("集中开展", ">=", 2, "次")]),
    ("每班不少于十五人", [("每班", ">=", 15, "人")]),
    (
        "绿化覆盖率≥36%,人均公园绿地≥8平方米",
        [
            ("绿化覆盖率", ">=", 36, "%"),
            ("人均公园绿地", ">=", 8, "平方米"),
        ],
    ),
    ("5人以下组织1人参加", [("", "<=", 5, "人"), ("", "=", 1, "人")]),
    # a light verb is no name: the noun after the figure is
    ("开展3次检查", [("检查", "=", 3, "次")]),
    ("举办2期培训班", [("培训班", "=", 2, "期")]),
    ("组织100人参加义诊", [("", "=", 100, "人")]),
    ("我镇共有党支部25个", [("党支部", "=", 25, "个")]),
    ("新建公厕4个", [("新建公厕", "=", 4, "个")]),  # a figure ending the text
    ("知晓率和形成率分别达85%以上", [("形成率", ">=", 85, "%")]),
    ("力争2个社区、1个村镇进入文明行列", [("社区", "=", 2, "个"), ("村镇", "=", 1, "个")]),
    # not metrics
    ("使工作水平提高到一个新台阶", []),
    ("县城品味提高到一个更高层次", []),
    ("2008年8月1日开始", []),
    ("根据赣市办字〔2009〕23号文件", []),
    ("召开第三次会议", []),
    ("一是坚定了一个决心", []),
    ("坚持三个代表重要思想", []),
    ("编制十一五规划", []),
    ("3月上旬召开动员大会", []),
    ("确定一名分管领导主抓", []),
    ("三分之一的单位", []),
    ("时间:2019-05-13 13:16:06", []),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), METRIC_ROWS)
def test_metrics_table(text: str, expected: list[M]) -> None:
    got = [(m.name, m.op, m.value, m.unit) for m in find_metrics(text)]
    assert got == [(n, op, float(v), u) for n, op, v, u in expected]


def test_metrics_raw_and_evidence_are_the_written_span() -> None:
    text = "要求知晓率达到100%。"
    (m,) = find_metrics(text)
    assert m.raw == "知晓率达到100%"
    assert m.evidence is not None
    assert text[m.evidence.start : m.evidence.end] == m.raw


@given(st.text(max_size=120))
def test_metrics_never_crash_and_spans_valid(text: str) -> None:
    for m in find_metrics(text):
        assert m.op in {">=", "<=", "=", ">", "<"}
        assert m.evidence is not None
        assert 0 <= m.evidence.start <= m.evidence.end <= len(text)
