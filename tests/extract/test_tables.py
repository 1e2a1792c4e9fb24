"""Task-breakdown tables: a header row names the columns, each later row is a task."""

import pytest

from pipeline.extract.tables import column_kind, header_kinds, table_tasks
from pipeline.extract.tasks import extract_tasks
from pipeline.model import Block
from pipeline.outline import build_outline


def _rows(*rows: str, kind: str = "table") -> list[Block]:
    return [Block(text=r, raw=r, kind=kind, index=i) for i, r in enumerate(rows)]


@pytest.mark.parametrize(
    ("cell", "kind"),
    [
        ("序号", "number"),
        ("工作任务", "task"),
        ("具体内容", "task"),
        ("牵头单位", "owner"),
        ("配合单位", "owner"),
        ("责任人", "person"),
        ("完成时限", "deadline"),
        ("备注", None),
        ("开展道路沿线环境卫生整治工作", None),  # a content cell, not a label
    ],
)
def test_tables_column_kind(cell, kind):
    assert column_kind(cell) == kind


@pytest.mark.parametrize(
    ("cells", "is_header"),
    [
        (("序号", "工作任务", "责任单位", "完成时限"), True),
        (("任务", "完成时间"), True),
        (("职务", "姓名", "单位"), False),  # a member list
        (("序号", "工作任务"), False),  # nobody and no date: not a breakdown
    ],
)
def test_tables_header_kinds(cells, is_header):
    assert (header_kinds(cells) is not None) == is_header


TABLE = (
    "序号\t工作任务\t牵头单位\t配合单位\t责任人\t完成时限",
    "1\t开展道路整治。加强日常管理\t县交通局、县公路段\t县公安局\t王某某\t2020年6月底前",
    "2\t清洗公交站牌\t县公交公司\t\t\t长期",
    "3\t\t县公交公司\t\t\t",  # no task cell: skipped
)


def test_tables_rows_become_tasks():
    got = [
        (t.number, t.title, [(o.name, o.role) for o in t.owners], t.leaders, t.deadline)
        for t in table_tasks(_rows(*TABLE), 2020)
    ]
    assert [g[:4] for g in got] == [
        (
            "1",
            "开展道路整治",
            [("县交通局", "lead"), ("县公路段", "lead"), ("县公安局", "cooperate")],
            ("王某某",),
        ),
        ("2", "清洗公交站牌", [("县公交公司", "lead")], ()),
    ]
    assert got[0][4].end == "2020-06-30"
    assert (got[1][4].start, got[1][4].end) == (None, None)


def test_tables_merged_rows_are_read_from_raw_lines():
    merged = Block(text="".join(TABLE[:3]), raw="\n".join(TABLE[:3]), kind="table", index=0)
    assert [t.title for t in table_tasks([merged], 2020)] == ["开展道路整治", "清洗公交站牌"]


def test_tables_paragraphs_are_not_tables():
    assert table_tasks(_rows(*TABLE, kind="para"), 2020) == []


def test_tables_tasks_under_their_section():
    blocks = [
        Block(text="一、工作目标", raw="一、工作目标", index=0),
        Block(text="全面提升服务水平。", raw="全面提升服务水平。", index=1),
        Block(text="二、任务分解", raw="二、任务分解", index=2),
        *[Block(text=r, raw=r, kind="table", index=3 + i) for i, r in enumerate(TABLE)],
    ]
    got = extract_tasks(build_outline(blocks), blocks, 2020)
    assert [(t.title, t.section) for t in got] == [
        ("开展道路整治", "任务分解"),
        ("清洗公交站牌", "任务分解"),
    ]
    assert got[0].owners[0].evidence is not None
    assert got[0].owners[0].evidence.block == 4


SCHEDULE = ("时间\t内容", "3月\t召开动员大会", "4月\t开展集中整治")


@pytest.mark.parametrize(
    ("heading", "titles"),
    [
        ("二、任务分解", ["召开动员大会", "开展集中整治"]),
        ("二、进度安排", []),  # a schedule table naming nobody, outside a tasks section
    ],
)
def test_tables_schedule_tables_count_only_in_tasks_sections(heading, titles):
    blocks = [
        Block(text="一、工作目标", raw="一、工作目标", index=0),
        Block(text="全面提升服务水平。", raw="全面提升服务水平。", index=1),
        Block(text=heading, raw=heading, index=2),
        *[Block(text=r, raw=r, kind="table", index=3 + i) for i, r in enumerate(SCHEDULE)],
    ]
    assert [t.title for t in extract_tasks(build_outline(blocks), blocks, 2020)] == titles


def test_tables_rows_missing_empty_cells_are_read_by_content():
    rows = (
        "序号\t工作任务\t牵头单位\t配合单位\t责任人\t完成时限",
        "1\t清洗公交站牌\t县公交公司\t长期",  # the reader dropped two empty cells
        "2\t整治客运站\t县客运站\t县交警大队\t2020年6月底前",
        "3\t开展宣传\t县文明办\t王某某\t9月底前",
    )
    got = table_tasks(_rows(*rows), 2020)
    assert [[(o.name, o.role) for o in t.owners] for t in got] == [
        [("县公交公司", "lead")],
        [("县客运站", "lead"), ("县交警大队", "cooperate")],
        [("县文明办", "lead")],
    ]
    deadlines = [(t.deadline.raw if t.deadline else None) for t in got]
    assert deadlines == ["长期", "2020年6月底前", "9月底前"]
    assert [t.leaders for t in got] == [(), (), ("王某某",)]
