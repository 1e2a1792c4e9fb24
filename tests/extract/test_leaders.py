"""extract_leaders on synthetic leading-group paragraphs (forms modeled on the seeds)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.leaders import extract_leaders, person_name
from pipeline.model import Block, Section


def _pairs(*lines: str) -> list[tuple[str, str]]:
    return [(x.role, x.name) for x in extract_leaders([], [Block(t) for t in lines])]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (("组长:杨某忠",), [("组长", "杨某忠")]),
        (("组 长:容某明",), [("组长", "容某明")]),
        (
            ("副组长:尹某宏、刘某军、苏光",),
            [("副组长", "尹某宏"), ("副组长", "刘某军"), ("副组长", "苏光")],
        ),
        (
            ("政委:肖某河(书记);组长:胡某陵(市长);成员:周某佑、刘某成。",),
            [("政委", "肖某河"), ("组长", "胡某陵"), ("成员", "周某佑"), ("成员", "刘某成")],
        ),
        (("下设办公室,由周某佑同志兼任办公室主任。",), [("办公室主任", "周某佑")]),
        (
            ("成立以局长易某红同志为组长,李某其同志为副组长,余某军、蒋某根为成员的领导小组。",),
            [("组长", "易某红"), ("副组长", "李某其"), ("成员", "余某军"), ("成员", "蒋某根")],
        ),
        (
            (
                "调整:院长蒲某英同志任组长,副院长李某德、周某远同志任副组长,杨某华及各科室负责人为成员。",
            ),
            [("组长", "蒲某英"), ("副组长", "李某德"), ("副组长", "周某远"), ("成员", "杨某华")],
        ),
        (("成立了以院长何某飞为组长的创建工作领导小组。",), [("组长", "何某飞")]),
        (
            ("成立了以毛书记为总指挥、孙镇长为副指挥,副书记为组长的领导小组。",),
            [("总指挥", "毛书记"), ("副指挥", "孙镇长")],
        ),
        (("领导小组下设办公室,办公室主任为余某军,负责日常工作。",), [("办公室主任", "余某军")]),
        (("欧某燕同志为专干具体负责领导小组日常事务。",), [("专干", "欧某燕")]),
        (
            ("成立以区委书记李某平为组长,区长唐某峰为第一副组长的领导小组。",),
            [("组长", "李某平"), ("第一副组长", "唐某峰")],
        ),
        (
            ("组长:杨某", "副组长:王某、李某"),
            [("组长", "杨某"), ("副组长", "王某"), ("副组长", "李某")],
        ),
        # a label ending a line (page or line break): its names open the next line
        (
            ("成立创建指挥部,总指挥:苏某明(县长);副总指挥:", "高某梅;成员:各部门负责人。"),
            [("总指挥", "苏某明"), ("副总指挥", "高某梅")],
        ),
        (("组长:", "全面负责创建工作。"), []),
        # a role opening a clause with the name right after it (no colon)
        (
            ("总指挥王某同志,副总指挥李某同志、张某同志。",),
            [("总指挥", "王某"), ("副总指挥", "李某"), ("副总指挥", "张某")],
        ),
        (
            ("市创建指挥部总指挥王某同志对此提出要求,常务副总指挥彭某华对此非常重视。",),
            [("总指挥", "王某"), ("常务副总指挥", "彭某华")],
        ),
        (("组长负责全面工作,副组长协助。",), []),
        # widely spaced labels, space-separated rows, posts in brackets holding a 、
        (("组  长:王某某  县长", "副组长:李某  副县长"), [("组长", "王某某"), ("副组长", "李某")]),
        (("组长 王某某 县委书记",), [("组长", "王某某")]),
        (
            ("副组长:李某某(副县长)、赵某(县委常委、宣传部长)",),
            [("副组长", "李某某"), ("副组长", "赵某")],
        ),
        # 组长由X担任
        (
            ("领导小组组长由县长王某某担任,副组长由副县长李某担任。",),
            [("组长", "王某某"), ("副组长", "李某")],
        ),
        (("组长由各单位主要负责人担任。",), []),
        # the 主任 of the group's office is its 办公室主任
        (("成立由宋某同志任主任的领导小组办公室,负责日常工作。",), [("办公室主任", "宋某")]),
        (
            ("副指挥长:", "指挥部下设办公室,由石某军同志兼任办公室主任。"),
            [("办公室主任", "石某军")],
        ),
        # not persons
        (("成员:各职能科室及临床医技科室主任",), []),
        (("组长:XXX", "副组长:×××", "成员:***"), []),
        (("组长:", "成员:"), []),
        (("成立由镇长为组长,分管领导为副组长,各单位负责人为成员的领导小组。",), []),
        (("成立由副行长张某同志为组长,各部室主任为副组长的领导小组。",), [("组长", "张某")]),
        (("建委、环卫、宣传等相关部门负责人任成员。",), []),
        (("由党组织主要负责人任组长。",), []),
        (("成立了由镇党委“一把手”刘某好任组长的领导小组。",), [("组长", "刘某好")]),
        (("由王某柱负责日常事务。",), []),
        (("加强宣传,提高群众知晓率。",), []),
    ],
)
def test_leaders_forms(lines: tuple[str, ...], expected: list[tuple[str, str]]) -> None:
    assert _pairs(*lines) == expected


def test_leaders_member_list_stops_at_prose() -> None:
    text = "成 员:王某柱、马某云、陈某 领导小组下设办公室,由王某柱负责日常事务。"
    assert _pairs(text) == [("成员", "王某柱"), ("成员", "马某云"), ("成员", "陈某")]


def test_leaders_each_role_name_once_with_evidence() -> None:
    blocks = [Block("前言。"), Block("组长:杨某忠"), Block("组长:杨某忠")]
    (leader,) = extract_leaders([], blocks)
    assert leader.evidence is not None
    assert leader.evidence.block == 1
    assert blocks[1].text[leader.evidence.start : leader.evidence.end] == "杨某忠"


def test_leaders_prefers_organization_section() -> None:
    blocks = [Block("组长:王某"), Block("四、组织领导"), Block("组长:李某")]
    org = Section("四", "组织领导", 1, role="organization", block_start=1, block_end=3)
    assert [x.name for x in extract_leaders([org], blocks)] == ["李某"]


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("杨某忠", "杨某忠"),
        ("肖某河(书记)", "肖某河"),
        ("院长蒲某英同志", "蒲某英"),
        ("区委副书记邓某德", "邓某德"),
        ("欧阳某某", "欧阳某某"),
        ("毛书记", "毛书记"),
        ("副书记", None),
        ("各科室主任", None),
        ("办公室", None),
        ("XXX", None),
        ("镇长", None),
    ],
)
def test_leaders_person_name(token: str, expected: str | None) -> None:
    assert person_name(token) == expected


@given(st.lists(st.text(max_size=80), max_size=5))
def test_leaders_never_crash_and_spans_valid(texts: list[str]) -> None:
    blocks = [Block(t) for t in texts]
    for x in extract_leaders([], blocks):
        assert x.evidence is not None
        text = blocks[x.evidence.block].text
        assert 0 <= x.evidence.start < x.evidence.end <= len(text)


def test_leaders_name_glued_to_next_sentence() -> None:
    text = "成员:王某柱、陈某珍领导小组下设办公室,由王某柱负责日常事务。"
    assert _pairs(text) == [("成员", "王某柱"), ("成员", "陈某珍")]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("组长\t张某某\t局长", [("组长", "张某某")]),
        ("副局长\t李某\t副组长", [("副组长", "李某")]),
        ("成 员\t王某、赵某某", [("成员", "王某"), ("成员", "赵某某")]),
        ("姓名\t职务\t分工", []),
    ],
)
def test_leaders_table_rows(row: str, expected: list[tuple[str, str]]) -> None:
    assert _pairs(row) == expected


def test_leaders_name_glued_to_posts() -> None:
    assert _pairs("组 员:张某、王某生各班班主任") == [("组员", "张某"), ("组员", "王某生")]
