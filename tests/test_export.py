"""Task tables: real xlsx/docx files, BOM csv, markdown, json."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from test_store import sample_record, write

from pipeline import export, store
from pipeline.search import Filters

ROW1 = (
    "1",
    "开展健康教育",
    "开展健康教育。由市卫生局负责，市教育局配合。",
    "市卫生局",
    "市教育局",
    "王某某",
    "2012年6月至12月",
    "知晓率达到90%以上",
    "《某市创建国家卫生城市工作实施方案》 > 三、主要任务 > 三、主要任务",
)


@pytest.fixture
def conn(tmp_path: Path) -> sqlite3.Connection:
    c = store.connect(tmp_path / "e.db")
    write(c, sample_record("a1" * 32))
    write(c, sample_record("b2" * 32, title="某区2015年平安建设工作方案", campaign="safety"))
    return c


def test_export_rows_of_one_plan(conn: sqlite3.Connection) -> None:
    plan = export.plan_tasks(conn, "a1" * 8 + "-1")
    assert plan is not None
    assert plan.rows[0] == ROW1
    assert plan.rows[1][:5] == ("2", "整治农贸市场环境卫生", plan.rows[1][2], "市工商局", "")
    assert export.plan_tasks(conn, "nope-1") is None


@pytest.mark.parametrize(
    ("query", "filters", "expected"),
    [
        (None, Filters(campaign="safety"), ["b2b2b2b2b2b2b2b2-1"]),
        ("平安", Filters(), ["b2b2b2b2b2b2b2b2-1"]),
        (None, Filters(), ["a1a1a1a1a1a1a1a1-1", "b2b2b2b2b2b2b2b2-1"]),
    ],
)
def test_export_select_documents(
    conn: sqlite3.Connection, query: str | None, filters: Filters, expected: list[str]
) -> None:
    assert export.select_documents(conn, query, filters) == expected


def plans(conn: sqlite3.Connection) -> list[export.PlanTasks]:
    return [
        p for p in (export.plan_tasks(conn, i) for i in ("a1" * 8 + "-1", "b2" * 8 + "-1")) if p
    ]


def test_export_xlsx_one_sheet_per_plan(conn: sqlite3.Connection, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "t.xlsx"
    export.write_tables(plans(conn), "xlsx", out)
    wb = load_workbook(out)
    assert wb.sheetnames == ["某市创建国家卫生城市工作实施方案", "某区2015年平安建设工作方案"]
    ws = wb.worksheets[0]
    assert tuple(c.value for c in ws[1]) == export.COLUMNS
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.bold
    assert ws["C2"].alignment.wrap_text
    assert ws.column_dimensions["C"].width == 60
    assert [c.value for c in ws[2]] == [1, *ROW1[1:]]
    assert ws.max_row == 3


def test_export_docx_landscape_table(conn: sqlite3.Connection, tmp_path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT

    out = tmp_path / "t.docx"
    export.write_tables(plans(conn), "docx", out)
    doc = Document(str(out))
    sec = doc.sections[0]
    assert sec.orientation == WD_ORIENT.LANDSCAPE
    assert sec.page_width > sec.page_height
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["某市创建国家卫生城市工作实施方案", "某区2015年平安建设工作方案"]
    table = doc.tables[0]
    assert tuple(c.text for c in table.rows[0].cells) == export.COLUMNS
    assert tuple(c.text for c in table.rows[1].cells) == ROW1
    assert table.rows[0].cells[0].paragraphs[0].runs[0].bold


def test_export_csv_has_bom_and_all_rows(conn: sqlite3.Connection, tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    export.write_tables(plans(conn), "csv", out)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(export.COLUMNS)
    assert len(lines) == 5  # header + 2 tasks x 2 plans


def test_export_markdown_and_json(conn: sqlite3.Connection, tmp_path: Path) -> None:
    md = export.to_markdown(plans(conn))
    assert md.startswith("## 某市创建国家卫生城市工作实施方案\n\n| 序号 | 任务 |")
    assert "| 1 | 开展健康教育 |" in md
    out = tmp_path / "t.json"
    export.write_tables(plans(conn), "json", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data[0]["tasks"][0]["牵头单位"] == "市卫生局"
    assert data[1]["title"] == "某区2015年平安建设工作方案"


@pytest.mark.parametrize(
    ("titles", "names"),
    [
        (["甲方案", "甲方案"], ["甲方案", "甲方案-2"]),
        (["a/b:c*d?[e]"], ["abcde"]),
        (["某" * 40, "某" * 40], ["某" * 31, "某" * 29 + "-2"]),
        ([""], ["任务"]),
    ],
)
def test_export_sheet_names_safe_and_unique(titles: list[str], names: list[str]) -> None:
    assert export.sheet_names(titles) == names


def test_export_unknown_format_raises(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        export.write_tables([], "pdf", tmp_path / "x.pdf")
