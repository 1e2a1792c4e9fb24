"""Tasks: leaf items under tasks-role sections, groups, titles, owners of groups."""

import difflib
import json
import re
import unicodedata
from pathlib import Path

import pytest

from pipeline.extract import tasks as tasks_mod
from pipeline.extract.tasks import extract_tasks, group_label, task_title
from pipeline.model import Block, Section, Span
from pipeline.outline import build_outline
from pipeline.run import parse_file


def _blocks(*lines: str) -> list[Block]:
    return [Block(text=ln, raw=ln, index=i) for i, ln in enumerate(lines)]


def _run(*lines: str):
    blocks = _blocks(*lines)
    return extract_tasks(build_outline(blocks), blocks, 2012)


GROUPED = (
    "一、指导思想",
    "以科学发展观为指导。",
    "二、主要任务",
    "(一)文明城市创建",
    "(1)大力开展广场文化活动,加强社区文化建设。在近几年基础上继续开展。",
    "(2)繁荣文艺创作;推动群众文化活动蓬勃发展。",
    "(二)文明景区创建(1)搞好阵地建设。丰富景区内涵。(2)搞好优质服务。开展培训。",
    "(三)加大建设管理力度。",
    "全市各乡镇要按照标准抓好落实。",
    "三、措施要求",
    "1、加强领导,精心组织。",
)


def test_tasks_leaves_with_groups():
    got = [(t.number, t.group, t.title, t.section) for t in _run(*GROUPED)]
    assert got == [
        ("(1)", "(一)文明城市创建", "大力开展广场文化活动,加强社区文化建设", "主要任务"),
        ("(2)", "(一)文明城市创建", "繁荣文艺创作", "主要任务"),
        ("(1)", "(二)文明景区创建", "搞好阵地建设", "主要任务"),
        ("(2)", "(二)文明景区创建", "搞好优质服务", "主要任务"),
        ("(三)", None, "加大建设管理力度", "主要任务"),
    ]


def test_tasks_text_holds_the_item_and_its_following_lines():
    last = _run(*GROUPED)[-1]
    assert last.text == "(三)加大建设管理力度。\n全市各乡镇要按照标准抓好落实。"
    assert last.evidence is not None
    assert last.evidence.block == 7


def test_tasks_single_level_items_have_no_group():
    got = _run(
        "二、工作任务",
        "1、安排部署。结合医院实际,及时制定工作方案。",
        "2、营造工作氛围。在全院范围内进行宣传动员。",
        "三、工作要求",
    )
    assert [(t.number, t.group, t.title) for t in got] == [
        ("1", None, "安排部署"),
        ("2", None, "营造工作氛围"),
    ]


def test_tasks_heading_only_item_is_a_group_named_as_written():
    got = _run(
        "三、具体工作重点",
        "1、院内卫生环境整治",
        "我院创建于上世纪五十年代,建筑陈旧。",
        "(1)、每季度对院内主干道地面进行检查,发现坑洼立即修复。",
        "(2)、加强医疗垃圾分类处理等工作。公共场所整洁。",
        "2、积极开展健康教育工作。",
    )
    assert [(t.group, t.title) for t in got] == [
        ("1、院内卫生环境整治", "每季度对院内主干道地面进行检查,发现坑洼立即修复"),
        ("1、院内卫生环境整治", "加强医疗垃圾分类处理等工作"),
        (None, "积极开展健康教育工作"),
    ]


def test_tasks_title_joins_a_line_broken_inside_quotes():
    got = _run(
        "三、主要内容",
        "1、开展“机关联基层、干部联群众,促科学发展、促",
        "社会和谐”活动。巩固和扩大活动成果。",
        "2、开展创先争优表彰活动。",
    )
    assert [t.title for t in got] == [
        "开展“机关联基层、干部联群众,促科学发展、促社会和谐”活动",
        "开展创先争优表彰活动",
    ]


def test_tasks_only_under_tasks_sections():
    got = _run("一、工作目标", "1、达到国家标准。", "二、工作要求", "1、加强领导。")
    assert got == []


def test_tasks_enumeration_inside_item_is_item_text():
    (task,) = _run("二、主要任务", "1、加强宣传。一是召开动员会;二是印发宣传资料。")
    assert task.title == "加强宣传"
    assert "二是印发宣传资料" in task.text


def test_tasks_group_owners_and_persons_apply_to_each_task(monkeypatch):
    def fake_owners(text: str) -> list[tuple[str, str]]:
        return [("镇城建站", "lead")] if "镇城建站" in text else []

    def fake_persons(text: str) -> list[str]:
        return ["张某"] if "张某" in text else []

    monkeypatch.setattr(tasks_mod, "owner_roles", fake_owners)
    monkeypatch.setattr(tasks_mod, "find_persons", fake_persons)
    got = _run(
        "四、任务分解",
        "(一)基础设施建设(责任单位:镇城建站 责任领导:张某)",
        "(1)抓好镇区街道亮丽工程。",
        "(2)加大环卫设施建设投入力度。",
    )
    assert [([o.name for o in t.owners], list(t.leaders)) for t in got] == [
        (["镇城建站"], ["张某"]),
        (["镇城建站"], ["张某"]),
    ]


def test_tasks_deadline_is_first_deadline_like_date(monkeypatch):
    def fake_dates(text: str, year: int | None = None) -> list[Span]:
        assert year == 2012
        return [Span("2012-03", "2012-03", "3月份"), Span(None, "2012-06-30", "6月底前")]

    monkeypatch.setattr(tasks_mod, "find_dates", fake_dates)
    (task,) = _run("二、主要任务", "1、3月份开展宣传,6月底前完成整治。")
    assert task.deadline is not None
    assert (task.deadline.start, task.deadline.end, task.deadline.raw) == (
        None,
        "2012-06-30",
        "6月底前",
    )


# fmt: off
TITLES = [
    ("(2)搞好优质服务。开展培训。", "搞好优质服务"),
    ("3、严格落实“门前三包”责任制。", "严格落实“门前三包”责任制"),
    ("(1)各单位组织开展整治活动;切实落实门前三包。", "各单位组织开展整治活动"),
    ("4、院内感染防治工作", "院内感染防治工作"),
    ("(1)抓好亮丽工程(责任单位:镇城建站)。", "抓好亮丽工程"),
    ("(4)严禁乱停,对新区域(因人多;车位少)加强利用。", "严禁乱停,对新区域(因人多;车位少)加强利用"),
    ("(三)创建档案资料收集和整理工作严格按照“五统一”要求建档。", "创建档案资料收集和整理工作"),
    ("2、继续加强对各科室办公用具摆放等问题的检查。", "继续加强对各科室办公用具摆放等问题的检查"),
    ("6、严格按照《河道管理办法》,加大河道整治力度。", "严格按照《河道管理办法》,加大河道整治力度"),
]
# fmt: on


@pytest.mark.parametrize(("line", "title"), TITLES)
def test_tasks_title(line, title):
    (top,) = build_outline(_blocks("二、主要任务", line))
    assert task_title(top.children[0]) == title


@pytest.mark.parametrize(
    ("number", "heading", "label"),
    [
        ("(一)", "强化组织管理", "(一)强化组织管理"),
        ("1", "院内卫生环境整治", "1、院内卫生环境整治"),
    ],
)
def test_tasks_group_label(number, heading, label):
    assert group_label(Section(number=number, heading=heading, level=2)) == label


def test_tasks_bad_input_gives_no_tasks():
    assert extract_tasks([], [], None) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4、市文化局、市文联等单位要用版画宣传。", "市文化局、市文联等单位要用版画宣传。"),
        ("(1)镇城建站抓好亮丽工程。", "镇城建站抓好亮丽工程。"),
        ("要办好文明市民学校。", "要办好文明市民学校。"),
    ],
)
def test_tasks_without_number(text, expected):
    assert tasks_mod.without_number(text) == expected


def test_tasks_owner_finder_reads_the_item_without_its_number(monkeypatch):
    seen: list[str] = []

    def fake_owners(text: str) -> list[tuple[str, str]]:
        seen.append(text)
        return []

    monkeypatch.setattr(tasks_mod, "owner_roles", fake_owners)
    (task,) = _run("二、主要任务", "1、市教育局要组织中小学生开展活动。")
    assert seen == ["市教育局要组织中小学生开展活动。"]
    assert task.text == "1、市教育局要组织中小学生开展活动。"


def test_tasks_evidence_points_into_the_document_blocks(monkeypatch):
    def fake_owners(text: str) -> list[tuple[str, str]]:
        return [("市教育局", "lead")] if "市教育局" in text else []

    def fake_dates(text: str, year: int | None = None) -> list[Span]:
        return [Span("2012-05", "2012-05", "5月"), Span(None, "2012-06-30", "6月底前")]

    monkeypatch.setattr(tasks_mod, "owner_roles", fake_owners)
    monkeypatch.setattr(tasks_mod, "find_dates", fake_dates)
    got = _run(
        "二、主要任务",
        "1、加强宣传。2、开展活动。",
        "由市教育局负责,5月开始,6月底前完成。",
    )
    task = got[1]
    assert task.title == "开展活动"
    assert task.owners[0].evidence is not None
    assert (task.owners[0].evidence.block, task.owners[0].evidence.start) == (2, 1)
    assert task.deadline is not None
    assert task.deadline.raw == "6月底前"
    assert task.deadline.evidence is not None
    assert task.deadline.evidence.block == 2
    assert got[0].owners == ()


@pytest.mark.parametrize(
    ("raws", "expected"),
    [
        (["每月", "6月底前"], "6月底前"),
        (["每季度"], "每季度"),
        (["2012年3月"], None),
        (["3月份", "年内"], "年内"),
        ([], None),
    ],
)
def test_tasks_find_deadline_prefers_bounds_over_recurrences(monkeypatch, raws, expected):
    monkeypatch.setattr(
        tasks_mod, "find_dates", lambda text, year=None: [Span(None, None, r) for r in raws]
    )
    got = tasks_mod.find_deadline("任务正文。", 2012)
    assert (got.raw if got else None) == expected


SHARED = Path(__file__).resolve().parents[2] / "../shared/corpora"


@pytest.mark.shared
@pytest.mark.gold
def test_tasks_seed_gold_titles_and_groups():
    """Task titles (fuzzy ≥ 0.7, as the scorer) and groups of the seed plans stay high."""
    gold_dir = SHARED / "gold"
    if not gold_dir.is_dir():
        pytest.skip("shared corpora not present")
    tp = fp = fn = groups_ok = groups = 0
    for gf in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(gf.read_text("utf-8"))
        result = parse_file(SHARED / "seeds" / gold["input"])
        want = [t for d in gold["documents"] for t in d.get("tasks", [])]
        got = [t for d in result.documents for t in d.tasks]
        used: set[int] = set()
        for g in want:
            scored = [(_sim(g["title"], t.title), k) for k, t in enumerate(got) if k not in used]
            best = max(scored, default=(0.0, -1))
            if best[0] < 0.7:
                continue
            used.add(best[1])
            if g.get("group"):
                groups += 1
                groups_ok += _sim(g["group"], got[best[1]].group or "") >= 0.8
        tp += len(used)
        fn += len(want) - len(used)
        fp += len(got) - len(used)
    assert 2 * tp / (2 * tp + fp + fn) >= 0.95
    assert groups_ok / groups >= 0.95


def _sim(a: str, b: str) -> float:
    norm = [re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", x)) for x in (a, b)]
    return difflib.SequenceMatcher(None, *norm, autojunk=False).ratio()


@pytest.mark.parametrize(
    ("lines", "owners"),
    [
        # a group heading that is only units owns its sub-items
        (("二、主要工作", "(一)学工部、团委", "1.开展主题教育活动。", "2.组织志愿服务。"),
         [["学工部", "团委"], ["学工部", "团委"]]),
        # a task heading that is a unit: the unit owns the item
        (("二、主要工作", "(一)工会", "在教职工中开展主题教育。", "(二)办公室", "做好后勤保障。"),
         [["工会"], ["办公室"]]),
        # a room, or a heading about units, owns nothing
        (("二、主要工作", "(一)专科教室", "做好垃圾分类。"), [[]]),
        (("二、主要工作", "(一)加强科室管理", "各科室要落实制度。"), [["各科室"]]),
    ],
)  # fmt: skip
def test_tasks_heading_units_own_the_work(lines, owners):
    assert [[o.name for o in t.owners] for t in _run(*lines)] == owners
