"""find_owners / find_persons on short synthetic task texts (modeled on the seeds)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.owners import clean_person, find_owners, find_persons, is_unit

OWNER_ROWS = [
    # labelled lists
    ("开展卫生整治。(责任单位:县建设局、县工商局、城关镇)", ["县建设局", "县工商局", "城关镇"]),
    ("加强行风建设。\n(责任科室:党办室、监察室\n责任人:王某某)", ["党办室", "监察室"]),
    (
        "做好宣传。牵头单位：市文明办；配合单位：市教育局、团市委",
        ["市文明办", "市教育局", "团市委"],
    ),
    ("清理垃圾。(责任单位:拆违办、各村、社区;责任人;xx)", ["拆违办", "各村", "社区"]),
    # 由X负责 / X牵头，Y配合
    ("全县健康教育工作由县卫生局统一负责,确定一名分管领导主抓。", ["县卫生局"]),
    ("此项工作由市城管局牵头,市公安局、市交警支队配合。", ["市城管局", "市公安局", "市交警支队"]),
    ("由县住房和城乡建设局负责。", ["县住房和城乡建设局"]),
    ("具体安排由办公室临时通知。", []),
    # subject of the clause
    ("市教育局要组织中小学生开展“弯腰”活动。", ["市教育局"]),
    ("市文化局、市文联等单位要用板报等形式开展宣传。", ["市文化局", "市文联"]),
    ("宋家川镇负责城区居民的健康教育工作。", ["宋家川镇"]),
    ("从3月份起,市电视台开辟专栏进行报道。", ["市电视台"]),
    ("派出所联系交警、运政部门开展交通整治。", ["派出所"]),
    ("工商所联合区级卫生部门开展食品卫生检查。", ["工商所", "区级卫生部门"]),
    ("县教育局及各学校必须有健康教育组织机构。", ["县教育局", "各学校"]),
    ("各股、室、所要完善卫生清扫制度。", ["各股、室、所"]),
    ("每周五下午,产权、测绘、档案等三个股室组织人员维护绿化。", ["产权", "测绘", "档案"]),
    ("县委组织部要牵头做好考核。", ["县委组织部"]),
    ("县疾控中心的健康教育科作为指导中心,要有专人负责。", ["县疾控中心的健康教育科"]),
    ("卫生局对疾病控制工作有安排、有检查。", ["卫生局"]),
    ("加强卫生监督。(县卫生局、县教育局)", ["县卫生局", "县教育局"]),
    # generic addressees and objects are not owners
    ("各单位必须有独立的健康教育宣传栏。", []),
    ("各单位、两矿一厂必须严格控制户外广告设置。", ["两矿一厂"]),
    ("要组织动员教育局、老年大学等单位编排节目。", []),
    ("继续加强对各科室、办公室办公用具摆放的检查。", []),
    ("每月底将评分结果报院创卫办公室。", []),
    ("各住户要每天搞好家庭卫生。", []),
    ("根据市爱卫办的要求开展宣传。", []),
    ("组织党员干部开展公开承诺。", []),
    ("要办好文明市民(村民)学校。", []),
    ("在驻点村(社区)支部开展培训。", []),
    # 各X of a unit class: every X owns the task; 各单位 stays a catch-all
    ("各村负责本村环境卫生,6月底前完成清理。", ["各村"]),
    ("各基层党组织要组织党员集中学习。", ["各基层党组织"]),
    ("牵头单位:县疾控中心;配合单位:各乡镇", ["县疾控中心", "各乡镇"]),
    ("各有关单位要加强领导。", []),
    ("组织各村开展清洁活动。", []),
    # X联系Y with nothing done after it is a slogan, not an assignment
    ("机关联系基层,重点做好帮扶工作。", []),
    ("派出所联系交警部门在城区开展整治。", ["派出所"]),
    ("机关组织一次健康知识讲座。", ["机关"]),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), OWNER_ROWS)
def test_owners_names(text: str, expected: list[str]) -> None:
    assert sorted(o.name for o in find_owners(text)) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "lead", "cooperate"),
    [
        ("由市城管局牵头,市公安局配合。", ["市城管局"], ["市公安局"]),
        ("牵头单位:市文明办;配合单位:市教育局", ["市文明办"], ["市教育局"]),
        ("工商所联合区级卫生部门开展检查。", ["工商所"], ["区级卫生部门"]),
        ("(主办:县文联 协办:县图书馆)", ["县文联"], ["县图书馆"]),
        # the label's role stands though the list also heads a clause (县教育局…,每季度…)
        ("牵头单位:县卫生局,配合单位:县教育局、县财政局,每季度报送一次。", ["县卫生局"],
         ["县教育局", "县财政局"]),
    ],
)  # fmt: skip
def test_owners_roles_lead_before_cooperate(
    text: str, lead: list[str], cooperate: list[str]
) -> None:
    owners = find_owners(text)
    assert [o.name for o in owners] == lead + cooperate
    assert [o.role for o in owners] == ["lead"] * len(lead) + ["cooperate"] * len(cooperate)


def test_owners_evidence_points_at_the_name() -> None:
    text = "为提高知晓率,市教育局要组织讲座。"
    (owner,) = find_owners(text)
    assert owner.evidence is not None
    assert text[owner.evidence.start : owner.evidence.end] == "市教育局"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("市教育局", True),
        ("党办", True),
        ("各科室", True),
        ("各医疗单位", True),
        ("其他各股室", True),
        ("两矿一厂", True),
        ("各单位", False),
        ("有关部门", False),
        ("党员干部", False),
        ("参加所", False),
        ("2023年省级文明单位", False),
        ("市委宣传部要牵头", False),
    ],
)
def test_owners_is_unit(name: str, expected: bool) -> None:
    assert is_unit(name) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(责任科室:党办\n责任领导:张涛)", ["张涛"]),
        ("责任领导:李某芹、智红、王勇)", ["李某芹", "智红", "王勇"]),
        ("责任人:张某某、陈某春", ["张某某", "陈某春"]),
        ("责任人:王某之、***、***", ["王某之"]),
        ("责任人:XXX", []),
        ("负责人:各科室主任", []),
        ("联系人:刘某同志", ["刘某"]),
        ("责任领导:院长赵某某", ["赵某某"]),
        ("负责人:。", []),
        ("明确任务和责任人,层层抓好落实。", []),
    ],
)
def test_owners_find_persons(text: str, expected: list[str]) -> None:
    assert find_persons(text) == expected


@pytest.mark.parametrize(
    ("token", "expected"),
    [("张涛", "张涛"), ("刘某同志", "刘某"), ("×××", None), ("办公室主任", None), ("党办", None)],
)
def test_owners_clean_person(token: str, expected: str | None) -> None:
    assert clean_person(token) == expected


@given(st.text(max_size=200))
def test_owners_never_crash_and_spans_valid(text: str) -> None:
    for o in find_owners(text):
        assert o.evidence is not None
        assert 0 <= o.evidence.start < o.evidence.end <= len(text)
        assert text[o.evidence.start : o.evidence.end] == o.name
    assert all(isinstance(p, str) for p in find_persons(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1、市教育局要组织讲座。", ["市教育局"]),
        ("4、市文化局、市文联等单位要开展宣传。", ["市文化局", "市文联"]),
        ("(1)镇城建站抓好亮化工程。", ["镇城建站"]),
        ("㈡工商所联合区级卫生部门开展检查。", ["工商所", "区级卫生部门"]),
        ("加强管理。(2)派出所要加强巡逻。", ["派出所"]),
        ("2、各单位必须有宣传栏。", []),
    ],
)
def test_owners_item_number_is_not_part_of_the_subject(text: str, expected: list[str]) -> None:
    assert [o.name for o in find_owners(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("整治市场。(责任单位:县商务(经济)局、县工商局)", ["县商务(经济)局", "县工商局"]),
        ("责任科室(单位):县总医院、县妇幼保健院4.开展城乡环境整治", ["县总医院", "县妇幼保健院"]),
        ("责任科室:局爱卫工作科...", ["局爱卫工作科"]),
        ("责任单位:县卫生局,开展集中和定期相结合的爱卫活动", ["县卫生局"]),
        ("各县区和学校要以爱国卫生月为契机开展宣传。", ["各县区", "学校"]),
        ("积极配合市旅游局组织旅行社开展宣传。", []),
        # the next field's label ends the list; 【】 labels; a highway section is a unit
        ("(责任单位:县住建局、县城管局,完成时限:2020年10月底)", ["县住建局", "县城管局"]),
        ("【责任单位】县委组织部、县人社局;【完成时限】6月底", ["县委组织部", "县人社局"]),
        ("县交通运输局、县公路段要加强道路养护。", ["县交通运输局", "县公路段"]),
        ("重点路段要加强管理。", []),
        ("责任单位:县总医院、县妇幼保健院4.开展整治创建目标:改善", ["县总医院", "县妇幼保健院"]),
        # a deadline or a target comma-joined after the list ends it
        ("责任单位:县卫生局,2012年6月底前完成,知晓率达到90%以上。", ["县卫生局"]),
        ("责任单位:县卫生局、县教育局,6月底前完成。", ["县卫生局", "县教育局"]),
        ("配合单位:县教育局,每月报送一次进展。", ["县教育局"]),
        ("责任单位:县疾控中心,覆盖率达到95%。", ["县疾控中心"]),
    ],
)
def test_owners_labelled_list_edges(text: str, expected: list[str]) -> None:
    assert [o.name for o in find_owners(text)] == expected


def test_owners_persons_with_titles_in_brackets() -> None:
    assert find_persons("责任人:张某(院长)、李某某(副院长)") == ["张某", "李某某"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("县卫生局：负责全县健康教育工作。", [("县卫生局", "lead")]),
        ("以县卫生局为主，县教育局协助。", [("县卫生局", "lead"), ("县教育局", "cooperate")]),
        ("机关各科室要做好本科室卫生。", [("机关各科室", "lead")]),
        ("区文明办会同区教育局开展评选。", [("区文明办", "lead"), ("区教育局", "cooperate")]),
        ("县直各单位要积极参与。", []),
        ("以创建为主要内容。", []),
        ("各乡镇、各部门要高度重视。", []),
    ],
)
def test_owners_duty_rosters_and_partners(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(o.name, o.role) for o in find_owners(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "责任单位:县委宣传部(牵头)、县文明办、县教育局(配合)",
            [("县委宣传部", "lead"), ("县文明办", "lead"), ("县教育局", "cooperate")],
        ),
        ("责任单位:县商务(经济)局", [("县商务(经济)局", "lead")]),
    ],
)
def test_owners_role_notes_in_brackets(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(o.name, o.role) for o in find_owners(text)] == expected


def test_owners_persons_stop_at_the_next_field() -> None:
    assert find_persons("责任单位:县文明办 责任人:张某某 完成时限:2020年6月底") == ["张某某"]
