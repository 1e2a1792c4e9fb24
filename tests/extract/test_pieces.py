"""Sentence pieces, and the finders that read a text piece by piece (owners, metrics):
piecewise results must equal those of one pass over the whole text."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract import metrics, owners
from pipeline.extract.pieces import _bracketed_pieces, _plain_pieces, pieces
from pipeline.model import Owner


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [""]),
        ("由市教育局负责", ["由市教育局负责"]),  # no terminator: no cut
        ("开展宣传。牵头单位：县文明办；", ["开展宣传", "。牵头单位：县文明办", "；"]),
        ("。开展宣传", ["。开展宣传"]),  # a terminator opening the text is no cut
        ("甲。；乙", ["甲", "。", "；乙"]),
        # a terminator inside brackets is no cut
        (
            "整治(牵头单位：县城管局；配合单位：各镇)。完成",
            ["整治(牵头单位：县城管局；配合单位：各镇)", "。完成"],
        ),
        ("整治(未闭合；仍在括号里。", ["整治(未闭合；仍在括号里。"]),
        ("甲(乙)；丙", ["甲(乙)", "；丙"]),
    ],
)
def test_pieces_cuts_before_terminators_outside_brackets(text: str, expected: list[str]) -> None:
    got = pieces(text)
    assert [p for _, p in got] == expected
    assert all(text[off : off + len(p)] == p for off, p in got)


_WORDS = (
    "由 负责 牵头 配合 要 联合 县教育局 市卫生局 各乡镇 等单位 牵头单位： 配合单位: 责任人： "
    "张某某 完成时限： 6月底前 达到 90% 以上 不少于 3次 确保 知晓率 (县文明办) 等 组织 开展"
)
_CHARS = st.sampled_from([*"。；;，,、：:()（）\n 1２二", "(一)", *_WORDS.split()])
_TEXT = st.lists(_CHARS, max_size=25).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_pieces_join_back_and_plain_path_agrees(text: str) -> None:
    got = pieces(text)
    assert "".join(p for _, p in got) == text
    assert all(text[off : off + len(p)] == p for off, p in got)
    plain = text.translate(str.maketrans("", "", "()（）"))
    assert _plain_pieces(plain) == _bracketed_pieces(plain)


def _owners_in_one_pass(text: str) -> tuple[Owner, ...]:
    """find_owners as one pass of every finder over the whole text (the reference)."""
    text = owners._blank_item_numbers(text)
    labelled = owners._labelled_roles(owners._from_markers(text))
    found = [
        *owners._from_markers(text),
        *owners._from_by(text),
        *owners._from_parens(text),
        *owners._from_subjects(text),
        *owners._from_coop(text),
    ]
    found = [replace(o, role=labelled.get(o.name, o.role)) for o in found]
    out: dict[str, Owner] = {}
    for o in sorted(found, key=lambda o: o.role != "lead"):
        out.setdefault(o.name, o)
    return tuple(out.values())


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_pieces_owners_equal_one_pass(text: str) -> None:
    assert owners._find_owners(text) == _owners_in_one_pass(text)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_pieces_metrics_equal_one_pass(text: str) -> None:
    # _clause_metrics over the whole text is the one-pass reading
    assert metrics._find_metrics(text) == metrics._clause_metrics(text)


@pytest.mark.parametrize(
    "text",
    [
        "开展宣传。牵头单位：县文明办；配合单位：县教育局、县卫生局；责任人：张某某",
        "整治市容(牵头单位：县城管局；配合单位：各镇)。由县公安局负责，县交通局配合。",
        "县委办、政府办、宾馆，年内必须建成。县教育局要组织学生参加；县卫生局联合县妇联开展义诊。",
        "确保知晓率达到90%以上，每年开展3次检查；投放宣传品不少于500份。",
    ],
)
def test_pieces_piecewise_equals_one_pass_on_plan_sentences(text: str) -> None:
    assert owners._find_owners(text) == _owners_in_one_pass(text)
    assert metrics._find_metrics(text) == metrics._clause_metrics(text)
    assert owners._find_owners(text) or metrics._find_metrics(text)  # something to compare


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_pieces_unplaced_values_match_the_finders(text: str) -> None:
    assert owners.owner_roles(text) == [(o.name, o.role) for o in owners.find_owners(text)]
    assert metrics.metric_values(text) == [
        (m.name, m.op, m.value, m.unit, m.raw) for m in metrics.find_metrics(text)
    ]
