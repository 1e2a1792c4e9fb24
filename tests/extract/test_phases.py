"""pipeline.extract.phases: stages of the schedule from sections and stage lines."""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.phases import extract_phases
from pipeline.model import Block, Section
from pipeline.normalize import to_simplified

SHARED = Path(__file__).resolve().parents[2] / "../shared"


def _blocks(*lines: str) -> list[Block]:
    return [Block(text=t, raw=t, index=i) for i, t in enumerate(lines)]


def _phases(lines, year=None, sections=()):
    return [(p.name, p.start, p.end) for p in extract_phases(list(sections), _blocks(*lines), year)]


# fmt: off
CASES = [
    # (lines, year, expected [(name, start, end)])
    (["四、实施步骤",
      "(一)动员部署阶段(2008年8月1日开始)成立组织机构。",
      "(二)创建推进阶段(2008年8月10日~9月10日)逐条自查。",
      "(三)迎检准备阶段(2011年5月1日~5月底)做好迎检准备。",
      "五、工作要求"], None,
     [("动员部署阶段", "2008-08-01", None), ("创建推进阶段", "2008-08-10", "2008-09-10"),
      ("迎检准备阶段", "2011-05-01", "2011-05-31")]),
    (["四、工作步骤",
      "第一阶段宣传动员(2016年8月—9月20日):规划布署,全面启动。",
      "1、成立领导小组,制定工作方案。",
      "第二阶段专项整治(2016年8月—2016年12月):深入推进。",
      "2、接受督查。第三阶段全面迎检(2016年):巩固成果"], None,
     [("宣传动员", "2016-08", "2016-09-20"), ("专项整治", "2016-08", "2016-12"),
      ("全面迎检", "2016", "2016")]),
    (["三、实施步骤",
      "(一)宣传动员阶段(4月5日至5月5日)各单位要及时召开专题会。",
      "(二)组织实施阶段(5月6日至11月5日)落实人力物力。",
      "(三)总结验收阶段(11月6日至12月5日)进行自查总结。"], 2008,
     [("宣传动员阶段", "2008-04-05", "2008-05-05"), ("组织实施阶段", "2008-05-06", "2008-11-05"),
      ("总结验收阶段", "2008-11-06", "2008-12-05")]),
    # year of the region ("从2012年1月开始") for dates without one
    (["四、活动步骤",
      "活动从2012年1月开始,至2012年12月底结束,分为四个步骤。",
      "㈠宣传发动(1月底至3月上旬)",
      "召开领导小组会议。",
      "㈡推进实施(3月中旬至10月底)",
      "(三)评先表彰(7月至12月)"], None,
     [("宣传发动", "2012-01-31", "2012-03"), ("推进实施", "2012-03", "2012-10-31"),
      ("评先表彰", "2012-07", "2012-12")]),
    # stages without dates
    (["四、工作步骤",
      "第一阶段:开展自查自纠,查漏补缺。",
      "第二阶段:迎接审评。"], 2015,
     [("开展自查自纠,查漏补缺", None, None), ("迎接审评", None, None)]),
    # several stages inline in the heading's own line
    (["四、具体安排(一)动员部署阶段。制定工作方案。(二)全面实施阶段。开展卫生整治。"], 2012,
     [("动员部署阶段", None, None), ("全面实施阶段", None, None)]),
    # a garbled year leaves the stage undated
    (["四、方法步骤",
      "(一)宣传发动阶段(202223年4月) 区卫生局召开动员会。"
      " (二)创立实施阶段(202223年5月) 各单位落实。",
      "(三)检查考核阶段(",
      "(四)稳固提高阶段(202223年7月至12月) 总结经验。"], 2023,
     [("宣传发动阶段", None, None), ("创立实施阶段", None, None), ("检查考核阶段", None, None),
      ("稳固提高阶段", None, None)]),
    # a schedule that is only a date line: one nameless phase
    (["二、实施日期", "2023年1月4日—12月31日", "三、总体规划"], None,
     [(None, "2023-01-04", "2023-12-31")]),
    (["三、活动时间:2021年4月1日至2021年4月30日。"], None,
     [(None, "2021-04-01", "2021-04-30")]),
    # the date first, then the name
    (["五、实施步骤", "(一)2010年,全面启动文明交通行动", "(二)2011年,活动深入开展阶段"], None,
     [("全面启动文明交通行动", "2010", "2010"), ("活动深入开展阶段", "2011", "2011")]),
    (["1、宣传发动阶段：4月5日至5月5日", "2、整改提高阶段：5月6日至6月30日"], 2013,
     [("宣传发动阶段", "2013-04-05", "2013-05-05"), ("整改提高阶段", "2013-05-06", "2013-06-30")]),
    (["第一步，召开动员大会。", "第二步，组织自查。"], None,
     [("召开动员大会", None, None), ("组织自查", None, None)]),
    # --- no phases
    (["三、活动安排", "1、各股室要完善卫生清扫制度。", "3、每月最后一个星期五下午参加清扫。"],
     2012, []),
    (["三、创建任务", "1、3月上旬,召开全市创建动员大会。", "2、从3月份起,开辟专栏。"], 2008, []),
    (["(四)各项创建工作有序开展,取得了阶段性成果"], None, []),
    (["我院创建活动分为动员部署、创建推进四个阶段。"], None, []),
    (["一、指导思想", "以科学发展观为指导。"], 2012, []),
    ([], None, []),
]
# fmt: on


@pytest.mark.parametrize(("lines", "year", "expected"), CASES)
def test_phases_table(lines, year, expected):
    assert _phases(lines, year) == expected


def test_phases_from_schedule_section_without_heading_words():
    lines = ["五、推进安排表", "(一)启动阶段(3月1日至3月31日)", "(二)冲刺阶段(4月)"]
    sec = Section(number="五", heading="推进安排表", level=1, role="schedule", block_end=3)
    assert _phases(lines, 2014, [sec]) == [
        ("启动阶段", "2014-03-01", "2014-03-31"),
        ("冲刺阶段", "2014-04", "2014-04"),
    ]


def test_phases_numbered_dated_item_needs_schedule_region():
    lines = ["二、主要任务", "(一)召开动员大会(3月上旬)", "三、实施步骤", "(一)宣传发动(3月上旬)"]
    assert _phases(lines, 2012) == [("宣传发动", "2012-03", "2012-03")]


def test_phases_previous_phase_year_carries_over():
    lines = ["四、实施步骤", "(一)准备阶段(2011年11月)", "(二)实施阶段(3月至6月)"]
    assert _phases(lines, 2010) == [
        ("准备阶段", "2011-11", "2011-11"),
        ("实施阶段", "2011-03", "2011-06"),
    ]


def test_phases_evidence_points_at_stage_text():
    blocks = _blocks("四、实施步骤", "(一)宣传动员阶段(4月5日至5月5日)各单位召开专题会。")
    (p,) = extract_phases([], blocks, 2008)
    assert p.raw == "4月5日至5月5日"
    assert p.evidence is not None
    assert p.evidence.block == 1
    assert blocks[1].text[p.evidence.start : p.evidence.end] == "(一)宣传动员阶段(4月5日至5月5日"


@pytest.mark.shared
def test_phases_seed_recall():
    """Every seed file's gold phases, found in the (unsplit) file: recall ≥ 0.8."""
    seeds, gold_dir = SHARED / "corpora/seeds", SHARED / "corpora/gold"
    if not gold_dir.is_dir():
        pytest.skip("../shared corpora not present")
    hit = total = 0
    for gf in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        text = (seeds / gold["input"]).read_text(encoding="utf-8", errors="replace")
        lines = [to_simplified(x.strip()) for x in text.splitlines() if x.strip()]
        pred = {(p.start, p.end) for p in extract_phases([], _blocks(*lines), None)}
        for d in gold["documents"]:
            for g in d.get("phases", []):
                total += 1
                hit += (g.get("start"), g.get("end")) in pred
    assert total > 0
    assert hit / total >= 0.8


_LINE = st.text(
    alphabet=st.sampled_from(
        list("第一二三阶段步()（）㈠、:：。12345年月日至—上旬底前实施步骤安排四 ")
    ),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINE, max_size=8), st.one_of(st.none(), st.integers(1990, 2030)))
def test_phases_never_raise_and_evidence_valid(lines, year):
    blocks = _blocks(*lines)
    for p in extract_phases([], blocks, year):
        assert p.evidence is not None
        text = blocks[p.evidence.block].text
        assert 0 <= p.evidence.start <= p.evidence.end <= len(text)
        assert p.raw == "" or p.raw in text
