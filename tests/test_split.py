"""Splitting a file into its documents, on synthetic compilations."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import split
from pipeline.clean import clean_blocks
from pipeline.model import Block
from pipeline.split import (
    RE_NUMBERED_TITLE,
    _ends_numbered,
    marker_title,
    split_documents,
    split_parts,
)


def _blocks(*lines: str) -> list[Block]:
    return [Block(text=t, raw=t, index=i) for i, t in enumerate(lines)]


BODY = "为进一步做好创建工作,结合我单位实际,特制定本方案。"

# fmt: off
MARKER_ROWS = [
    ("第一篇:某局创建文明城市实施方案 [精选]", True, "某局创建文明城市实施方案"),
    ("第二篇:迎创活动实施方案", True, "迎创活动实施方案"),
    ("篇二:创卫工作实施方案", True, "创卫工作实施方案"),
    ("扩展阅读:某镇创建工作情况汇报材料", True, "某镇创建工作情况汇报材料"),
    ("方案二", True, None),
    ("创建文明社区实施方案篇1", True, "创建文明社区实施方案"),
    ("第1篇", True, None),
    ("篇2", True, None),
    ("创建文明城市实施方案二", True, "创建文明城市实施方案"),
    # no change: ordinary lines
    ("一、指导思想", False, None),
    ("第一阶段宣传动员(2016年8月—9月20日)", False, None),
    (BODY, False, None),
]
# fmt: on


@pytest.mark.parametrize(("text", "is_marker", "title"), MARKER_ROWS)
def test_split_marker_title(text, is_marker, title):
    assert marker_title(text) == (is_marker, title)


def test_split_single_document():
    parts = split_documents(_blocks("某医院创建文明城市工作实施方案", BODY, "一、指导思想"))
    assert len(parts) == 1
    assert parts[0][0].text == "某医院创建文明城市工作实施方案"


def test_split_numbered_compilation_drops_site_header_and_markers():
    blocks = _blocks(
        "某局创建文明城市实施方案 [精选]",
        "第一篇:某局创建文明城市实施方案 [精选]",
        BODY,
        "第二篇:某院创建文明窗口工作实施方案",
        "某院创建文明窗口工作实施方案",
        BODY,
    )
    parts = split_parts(blocks)
    assert [p.marker_title for p in parts] == [
        "某局创建文明城市实施方案",
        "某院创建文明窗口工作实施方案",
    ]
    assert [[b.text for b in p.blocks] for p in parts] == [
        [BODY],
        ["某院创建文明窗口工作实施方案", BODY],
    ]


def test_split_preamble_with_content_is_a_document():
    blocks = _blocks(
        "某院创建文明城市工作情况通报", BODY * 4, "扩展阅读:某镇创建工作情况汇报", BODY
    )
    parts = split_parts(blocks)
    assert len(parts) == 2
    assert parts[0].marker_title is None
    assert parts[1].marker_title == "某镇创建工作情况汇报"


def test_split_marker_mid_line_after_signature():
    blocks = _blocks(
        "某县人民医院创卫工作实施方案",
        BODY,
        "二〇一五年元月十六日篇二:创卫工作实施方案",
        "2014创卫工作实施方案",
        BODY,
    )
    parts = split_parts(blocks)
    assert len(parts) == 2
    assert parts[0].blocks[-1].text == "二〇一五年元月十六日"
    assert parts[1].marker_title == "创卫工作实施方案"
    assert parts[1].blocks[0].text == "2014创卫工作实施方案"


def test_split_marker_mid_line_with_title_and_body_after_it():
    blocks = _blocks(
        "某县创卫工作实施方案",
        BODY,
        "3、完成改造任务,本年篇五:2012年创卫工作实施方案 2012年创卫工作实施方案",
    )
    parts = split_parts(blocks)
    assert len(parts) == 2
    assert parts[0].blocks[-1].text == "3、完成改造任务,本年"
    assert parts[1].marker_title == "2012年创卫工作实施方案"
    assert [b.text for b in parts[1].blocks] == ["2012年创卫工作实施方案"]


def test_split_next_title_glued_after_last_sentence():
    blocks = _blocks(
        "某支行创卫工作实施方案",
        BODY,
        "3、保障经费。确保有足够经费作为后盾。某支行卫生检查评比制度",
        "按照创建省级卫生县城的统一要求,特制定卫生检查评比制度如下:",
    )
    parts = split_parts(blocks)
    assert len(parts) == 2
    assert parts[0].blocks[-1].text == "3、保障经费。确保有足够经费作为后盾。"
    assert parts[1].blocks[0].text == "某支行卫生检查评比制度"


def test_split_repeated_title_is_one_document():
    blocks = clean_blocks(
        _blocks("某院创建文明城市工作情况通报", "某院创建文明城市工作情况通报", BODY)
    )
    assert len(split_documents(blocks)) == 1


def test_split_teasers_are_not_documents():
    blurb = (
        "某县人民医院 实施方案 2012年是我院创建省级文明单位的迈进之年,"
        "为确保创建工作达标,根据要求..."
    )
    blocks = clean_blocks(
        _blocks(
            "某院文明单位创建工作实施方案", BODY, "2023年11月29日", "文明单位创建工作汇报", blurb
        )
    )
    parts = split_documents(blocks)
    assert len(parts) == 1
    assert [b.text for b in parts[0]][-1] == "2023年11月29日"


def test_split_empty_input():
    assert split_documents([]) == []


def test_split_numbered_entries_are_marked_as_numbered():
    blocks = _blocks("创建文明社区实施方案篇1", BODY, "创建文明社区实施方案篇2", BODY)
    parts = split_parts(blocks)
    assert [p.numbered for p in parts] == [True, True]
    assert [p.marker_title for p in parts] == ["创建文明社区实施方案", "创建文明社区实施方案"]


@given(
    st.lists(
        st.sampled_from(["某市创建文明城市实施方案", "篇", "篇1", "篇二", "【第三篇】", "方案",
                         "总结", "一", "2", "\n", " ", "】", "１"]),
        max_size=6,
    )
)  # fmt: skip
def test_split_numbered_title_hint_holds_wherever_the_pattern_matches(pieces):
    text = "".join(pieces)
    if RE_NUMBERED_TITLE.match(text) is not None:
        assert _ends_numbered(text)


@given(st.text(alphabet="某局创建文明城市工作实施方案计划书。！？，篇\n ", max_size=60))
def test_split_trailing_title_guard_changes_nothing(text):
    from pipeline.extract import title

    assert split.trailing_title(text) == title.trailing_title(text)
