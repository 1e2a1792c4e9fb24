"""Task tables (任务分解表) from the archive: xlsx, docx, csv, md, json.

One table per plan, columns ``COLUMNS``. xlsx gets one sheet per plan (names unique and
≤ 31 characters) up to ``MAX_SHEETS`` plans, else one sheet whose 来源 column names the
plan; docx is a landscape Word document with the plan title as heading over each table;
csv is UTF-8 with a BOM so Excel opens the Chinese correctly.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.search import Filters, facet_sql, search

COLUMNS = (
    "序号",
    "任务",
    "具体内容",
    "牵头单位",
    "配合单位",
    "责任人",
    "完成时限",
    "目标指标",
    "来源",
)
WIDTHS = (6, 24, 60, 18, 18, 12, 16, 24, 30)  # xlsx column widths (characters), by column
FORMATS = ("xlsx", "docx", "csv", "md", "json")
MAX_SHEETS = 50  # beyond this many plans one sheet reads better than a wall of tabs
SEP = "、"
RE_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True, slots=True)
class PlanTasks:
    doc_id: str
    title: str
    rows: tuple[tuple[str, ...], ...]  # one tuple per task, in COLUMNS order


# --------------------------------------------------------------------------- reading
def plan_tasks(conn: sqlite3.Connection, doc_id: str) -> PlanTasks | None:
    """The task table of one stored plan (``None`` when the id is unknown)."""
    doc = conn.execute("SELECT id, title FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if doc is None:
        return None
    title = doc["title"] or doc_id
    tasks = conn.execute("SELECT * FROM tasks WHERE doc_id = ? ORDER BY ordinal", (doc_id,))
    rows = tuple(_row(conn, i, t, title) for i, t in enumerate(tasks.fetchall(), 1))
    return PlanTasks(doc_id, title, rows)


def _row(conn: sqlite3.Connection, i: int, t: sqlite3.Row, plan: str) -> tuple[str, ...]:
    owners = conn.execute(
        "SELECT name, role FROM task_owners WHERE task_id = ? ORDER BY ordinal", (t["id"],)
    ).fetchall()
    metrics = conn.execute("SELECT raw FROM metrics WHERE task_id = ?", (t["id"],)).fetchall()
    source = " > ".join(x for x in (f"《{plan}》", t["section"], t["grp"]) if x)
    return (
        str(i),
        t["title"] or "",
        t["text"] or "",
        SEP.join(o["name"] for o in owners if o["role"] != "cooperate"),
        SEP.join(o["name"] for o in owners if o["role"] == "cooperate"),
        SEP.join(json.loads(t["leaders"] or "[]")),
        t["deadline_raw"] or "",
        "；".join(m["raw"] for m in metrics),
        source,
    )


def select_documents(
    conn: sqlite3.Connection, query: str | None, filters: Filters, limit: int = 1000
) -> list[str]:
    """Ids of the plans a query (ranked) or the facets alone (by date) select."""
    if query:
        return [h["id"] for h in search(conn, query, filters, limit=limit)["hits"]]
    where, args = facet_sql(filters, in_tasks=False)
    sql = f"SELECT d.id FROM documents d WHERE 1{where} ORDER BY d.date, d.id LIMIT ?"
    return [r[0] for r in conn.execute(sql, [*args, limit])]


# --------------------------------------------------------------------------- writing
def write_tables(plans: list[PlanTasks], fmt: str, out: Path) -> None:
    """Write ``plans`` to ``out`` in ``fmt`` (one of FORMATS)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt == "xlsx":
        _write_xlsx(plans, out)
    elif fmt == "docx":
        _write_docx(plans, out)
    elif fmt == "csv":
        out.write_text(to_csv(plans), encoding="utf-8-sig", newline="")
    elif fmt == "md":
        out.write_text(to_markdown(plans), encoding="utf-8")
    else:
        out.write_text(json.dumps(to_json(plans), ensure_ascii=False, indent=1), encoding="utf-8")


def to_json(plans: list[PlanTasks]) -> list[dict[str, Any]]:
    return [
        {
            "id": p.doc_id,
            "title": p.title,
            "tasks": [dict(zip(COLUMNS, r, strict=True)) for r in p.rows],
        }
        for p in plans
    ]


def to_csv(plans: list[PlanTasks]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(COLUMNS)
    for p in plans:
        w.writerows(p.rows)
    return buf.getvalue()


def _md_cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", "<br>")


def to_markdown(plans: list[PlanTasks]) -> str:
    parts: list[str] = []
    for p in plans:
        parts.append(f"## {p.title}\n")
        parts.append("| " + " | ".join(COLUMNS) + " |")
        parts.append("|" + "---|" * len(COLUMNS))
        parts.extend("| " + " | ".join(_md_cell(c) for c in r) + " |" for r in p.rows)
        parts.append("")
    return "\n".join(parts)


def sheet_names(titles: list[str]) -> list[str]:
    """Excel-safe sheet names: no []:*?/\\, ≤ 31 characters, unique (…-2, …-3)."""
    names: list[str] = []
    for t in titles:
        base = RE_SHEET_BAD.sub("", t).strip("' ")[:31] or "任务"
        name, n = base, 1
        while name.lower() in (x.lower() for x in names):
            n += 1
            name = f"{base[: 31 - len(str(n)) - 1]}-{n}"
        names.append(name)
    return names


def _write_xlsx(plans: list[PlanTasks], out: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    if len(plans) <= MAX_SHEETS:
        groups = [
            (n, list(p.rows))
            for n, p in zip(sheet_names([p.title for p in plans]), plans, strict=True)
        ]
    else:
        groups = [("任务", [r for p in plans for r in p.rows])]
    for name, rows in groups or [("任务", [])]:
        _fill_sheet(wb.create_sheet(name), rows)
    wb.save(out)


def _fill_sheet(ws: Any, rows: list[tuple[str, ...]]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws.append(COLUMNS)
    for r in rows:
        ws.append([int(r[0]) if r[0].isdigit() else r[0], *r[1:]])
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = wrap
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"


def _write_docx(plans: list[PlanTasks], out: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT

    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = sec.page_height, sec.page_width
    for i, p in enumerate(plans):
        if i:
            doc.add_page_break()
        doc.add_heading(p.title, level=1)
        table = doc.add_table(rows=1, cols=len(COLUMNS))
        table.style = "Table Grid"
        for cell, name in zip(table.rows[0].cells, COLUMNS, strict=True):
            cell.paragraphs[0].add_run(name).bold = True  # a new cell has one empty paragraph
        for r in p.rows:
            for cell, value in zip(table.add_row().cells, r, strict=True):
                cell.text = value
    doc.save(str(out))
