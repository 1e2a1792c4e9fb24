"""Heading numbers: every written form, and the look-alikes that are not headings."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import numbering
from pipeline.numbering import (
    cn_value,
    glued_positions,
    glued_top_positions,
    inline_positions,
    parse_marker,
)

# fmt: off
MARKERS = [
    # text, style, value, number as written
    ("一、指导思想", "cn_dun", 1, "一"),
    ("三、 主要任务", "cn_dun", 3, "三"),
    ("十二、附则", "cn_dun", 12, "十二"),
    ("二十一、其他", "cn_dun", 21, "二十一"),
    ("四. 工作要求", "cn_dun", 4, "四"),
    ("五．保障措施", "cn_dun", 5, "五"),
    ("六 考评标准", "cn_dun", 6, "六"),
    ("2 组织体系", "ar_dun", 2, "2"),
    ("(一)文明城市创建", "cn_paren", 1, "(一)"),
    ("（二）文明景区创建", "cn_paren", 2, "(二)"),
    ("( 三 )专项检查治理", "cn_paren", 3, "(三)"),
    ("㈣加强卫生行风建设。", "cn_paren", 4, "(四)"),
    ("(一)、强化组织管理", "cn_paren", 1, "(一)"),
    ("1、安排部署。", "ar_dun", 1, "1"),
    ("2．营造工作氛围", "ar_dun", 2, "2"),
    ("3. 健全巡防网络", "ar_dun", 3, "3"),
    ("12、发展一批新党员", "ar_dun", 12, "12"),
    ("1、3月上旬,召开动员大会", "ar_dun", 1, "1"),
    ("4) 强化督查", "ar_half", 4, "4)"),
    ("5）统筹安排", "ar_half", 5, "5)"),
    ("(1)搞好阵地建设。", "ar_paren", 1, "(1)"),
    ("（2）搞好优质服务", "ar_paren", 2, "(2)"),
    ("(3)、每季度对院内主干道地面进行检查", "ar_paren", 3, "(3)"),
    ("①成立领导小组", "circled", 1, "①"),
    ("⑳整理归档", "circled", 20, "⑳"),
    ("第一阶段宣传动员(2016年8月—9月20日)", "di_minor", 1, "第一阶段"),
    ("第二步:全面实施", "di_minor", 2, "第二步"),
    ("第三部分 保障措施", "di_major", 3, "第三部分"),
    ("第一章 总则", "di_major", 1, "第一章"),
    ("第十条 本办法自发布之日起施行", "di_minor", 10, "第十条"),
    ("1.1 社会经济发展背景", "dot2", 1, "1.1"),
    ("2.3现有治理短板", "dot2", 3, "2.3"),
    ("1.2.4 技术变革影响", "dot3", 4, "1.2.4"),
    ("-3-(1)各单位组织开展整治活动", "ar_paren", 1, "(1)"),
]

NOT_HEADINGS = [
    "2008年,我镇在城镇建设方面取得较大成效",
    "2016年7月23日",
    "1.8米以上的隔离护栏",
    "3、4月份开展集中整治",
    "一、二年级学生每周开展一次卫生评比",
    "一是加强社会治安综合治理。",
    "二是缺乏宣传陣地。",
    "一、贺十八大”为主线,把庆祝建党活动结合起来",
    "以邓小平理论为指导",
    "(2011)49号",
    "(兼)职教师进行培训",
    "90 周年大会暨创先争优活动推进会上的讲话",
    "3 个月内完成全部整治任务,确保达到标准。",
    "三 年内建成省级卫生县城,实现全面达标的目标",
    "",
    "   ",
]
# fmt: on


@pytest.mark.parametrize(("text", "style", "value", "number"), MARKERS)
def test_numbering_parses_every_written_form(text, style, value, number):
    m = parse_marker(text)
    assert m is not None
    assert (m.style, m.value, m.number) == (style, value, number)
    assert text[m.start : m.end].strip().startswith(m.raw)


@pytest.mark.parametrize("text", NOT_HEADINGS)
def test_numbering_refuses_look_alikes(text):
    assert parse_marker(text) is None


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("一", 1), ("九", 9), ("十", 10), ("十一", 11), ("二十", 20), ("九十九", 99), ("〇", 0)],
)
def test_numbering_cn_value(numeral, value):
    assert cn_value(numeral) == value


def test_numbering_heading_text_starts_after_marker_and_spaces():
    m = parse_marker("二、  主要任务")
    assert m is not None
    assert "二、  主要任务"[m.end :] == "主要任务"


def test_numbering_inline_positions_after_sentence_ends():
    text = "搞好阵地建设。(2)搞好优质服务;-4-(3)搞好景区管理"
    assert [text[p] for p in inline_positions(text)] == ["(", "("]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("整治占道经营(责任科室:市容科)2.规范户外广告。", ["2."]),
        ("开展评比(每季度一次)。3.加强督查", ["3."]),
        ("达标率(95%)以上", []),  # a bracket not followed by a number: nothing
    ],
)
def test_numbering_inline_positions_after_closing_bracket(text, found):
    assert [text[p : p + 2] for p in inline_positions(text)] == found


def test_numbering_inline_positions_in_flattened_text():
    text = "学校卫生活动方案 一、指导思想 以科学发展观为指导"
    assert [text[p : p + 2] for p in inline_positions(text)] == ["一、"]


def test_numbering_glued_positions_stop_at_punctuation():
    text = "(二)文明景区创建(1)搞好阵地建设"
    assert [text[p : p + 3] for p in glued_positions(text, 3)] == ["(1)"]
    assert glued_positions("(二)加大力度,做好(1)项", 3) == []


def _scan_from(text: str, start: int) -> tuple[list[int], list[int]]:
    """The straightforward scans from ``start`` that the cached whole-line scan replaces."""
    ends = {m.end() for m in numbering.RE_INLINE_CANDIDATE.finditer(text, start)}
    ends.update(m.end() for m in numbering.RE_INLINE_SPACED.finditer(text, start))
    tops = [m.start() for m in numbering.RE_CN_DUN_ANYWHERE.finditer(text, start)]
    return sorted(ends), tops


def _glued_reference(text: str, start: int, limit: int = 20) -> list[int]:
    out = []
    for i in range(start + 2, min(len(text), start + limit + 1)):
        if text[i] in "。；;:：,，!！?？":
            break
        if text[i] in numbering.HEADING_FIRST or (
            (text[i] in numbering.NUMBER_FIRST or text[i].isdigit())
            and numbering._number_at(text, i)
        ):
            out.append(i)
    return out


NUMBER_PIECES = [*"。；:!）) \u3000-12²一二十第、.．(（㈠①方案部分阶段字", "-3-", "  "]


@given(st.lists(st.sampled_from(NUMBER_PIECES), max_size=24), st.integers(0, 30))
def test_numbering_positions_match_a_scan_from_start(pieces, start):
    text = "".join(pieces)
    assert (inline_positions(text, start), glued_top_positions(text, start)) == _scan_from(
        text, start
    )
    assert glued_positions(text, start) == _glued_reference(text, start)


def test_numbering_inline_marker_without_line_start_skips_half_bracket():
    assert parse_marker("3）统筹安排", line_start=False) is None


@given(st.text(max_size=60), st.integers(min_value=0, max_value=70))
def test_numbering_never_crashes_and_offsets_are_valid(text, pos):
    pos = min(pos, len(text))
    m = parse_marker(text, pos)
    if m is not None:
        assert pos <= m.start < m.end <= len(text)
        assert m.value > 0
    for p in inline_positions(text):
        assert 0 <= p <= len(text)
