"""Tasks from a task-breakdown table (任务分解表): a header row names the columns
(序号/工作任务/责任单位/完成时限…), each later row is one task.

Readers give every table row as one block of tab-joined cells (kind "table"). Owner and
person columns are read by feeding "header:cell" to the owner finders, whose marker labels
(责任单位, 配合单位, 责任人…) are the very words such headers use.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from pipeline.dates import find_dates
from pipeline.extract.metrics import find_metrics
from pipeline.extract.owners import cues, find_owners, find_persons, is_unit
from pipeline.model import Block, Evidence, Span, Task
from pipeline.normalize import normalize_text

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
RE_TITLE_END = re.compile(r"[。；;！!？?]")
RE_CELL_SPACE = re.compile(r"\s+")
TITLE_TRIM = " \u3000。：:；;，,、"
HEADER_CELL_MAX = 8  # header cells are short labels; a longer cell is content


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[str, ...]
    block: int  # index of the block (within the document) holding the row
    source: str = ""  # that block's text, to locate values in


@cache
def _columns() -> tuple[tuple[str, str], ...]:
    """(kind, word) pairs, longest words first so 工作任务 wins over 任务."""
    pairs = []
    for line in (RESOURCES / "task_columns.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, word = line.split("\t")
            pairs.append((kind, word))
    return tuple(sorted(pairs, key=lambda p: -len(p[1])))


def column_kind(cell: str) -> str | None:
    """number / task / deadline / owner / person for a header cell, else None."""
    cell = RE_CELL_SPACE.sub("", cell)
    if not cell or len(cell) > HEADER_CELL_MAX:
        return None
    c = cues()
    if any(w in cell for w in (*c["marker_lead"], *c["marker_coop"])):
        return "owner"
    if any(w in cell for w in c["marker_person"]):
        return "person"
    return next((kind for kind, word in _columns() if word in cell), None)


def header_kinds(cells: tuple[str, ...]) -> tuple[str | None, ...] | None:
    """The kinds of a header row's columns, or None when the row is no task-table header
    (it needs a task column and an owner, person or deadline column)."""
    kinds = tuple(column_kind(c) for c in cells)
    if "task" in kinds and {"owner", "person", "deadline"} & set(kinds):
        return kinds
    return None


def table_rows(blocks: list[Block]) -> Iterator[list[Row]]:
    """Runs of consecutive table rows. A block that merged several rows keeps them apart
    in ``raw`` (one line per row), so rows are re-read from there."""
    run: list[Row] = []
    for i, b in enumerate(blocks):
        if b.kind != "table":
            if run:
                yield run
            run = []
            continue
        lines = b.raw.split("\n") if "\n" in b.raw else [b.text]
        run += [Row(_cells(normalize_text(ln)), i, b.text) for ln in lines if ln.strip()]
    if run:
        yield run


def _cells(line: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in line.split("\t"))


def table_tasks(
    blocks: list[Block], year: int | None = None, in_tasks: frozenset[int] | None = None
) -> list[Task]:
    """Every row of every task table in ``blocks``, as tasks in reading order. A table
    naming no owner or person (任务/时间 only: a schedule) counts only inside a tasks
    section, i.e. when its header block is in ``in_tasks`` (None: everywhere)."""
    out: list[Task] = []
    for rows in table_rows(blocks):
        header: Row | None = None
        for row in rows:
            kinds = header_kinds(row.cells)
            if kinds and (in_tasks is None or row.block in in_tasks or _names_people(kinds)):
                header = row
            elif header is not None:
                task = row_task(row, header, year, len(out) + 1)
                if task is not None:
                    out.append(task)
    return out


def _names_people(kinds: tuple[str | None, ...]) -> bool:
    return "owner" in kinds or "person" in kinds


def row_task(row: Row, header: Row, year: int | None, n: int) -> Task | None:
    """One table row as a task, or None when its task cell is empty."""
    cols = _columns_of(row, header)
    if "task" not in cols:
        return None
    people = [f"{label}:{cell}" for label, cell in cols.get("owner", []) + cols.get("person", [])]
    labelled = "；".join(people)
    tasks_text = "。".join(cell for _, cell in cols["task"])
    return Task(
        number=cols["number"][0][1] if "number" in cols else str(n),
        group=None,
        title=_title(cols["task"][0][1]),
        text="\t".join(row.cells),
        owners=tuple(replace(o, evidence=_at(row, o.name)) for o in find_owners(labelled)),
        leaders=tuple(find_persons(labelled)),
        deadline=_deadline([cell for _, cell in cols.get("deadline", [])], year, row),
        metrics=tuple(find_metrics(tasks_text)),
        evidence=Evidence(row.block, 0, len(row.cells[0])),
    )


Columns = dict[str, list[tuple[str, str]]]  # kind → [(header label, cell)]


def _columns_of(row: Row, header: Row) -> Columns:
    """The row's cells by column kind. Readers drop empty cells, so a short row is read by
    position only up to its task column, and its other cells by what they hold."""
    kinds = header_kinds(header.cells) or ()
    labels = [RE_CELL_SPACE.sub("", c) for c in header.cells]
    cols: Columns = {}
    lead = len(kinds) if len(row.cells) == len(kinds) else _lead_width(kinds)
    for kind, label, cell in zip(kinds[:lead], labels, row.cells, strict=False):
        if kind and cell:
            cols.setdefault(kind, []).append((label, cell))
    spare = [(k, lb) for k, lb in zip(kinds[lead:], labels[lead:], strict=False) if k]
    for cell in row.cells[lead:]:
        kind = _content_kind(cell)
        label = next((lb for k, lb in spare if k == kind), "")
        spare = [(k, lb) for k, lb in spare if lb != label]
        if label:
            cols.setdefault(kind, []).append((label, cell))
    return cols


def _lead_width(kinds: tuple[str | None, ...]) -> int:
    """Columns up to the last task column: those are filled in every real row."""
    return max(i for i, k in enumerate(kinds) if k == "task") + 1


def _content_kind(cell: str) -> str:
    """deadline / person / owner by what a cell holds."""
    spans = find_dates(cell)
    if spans and sum(len(x.raw) for x in spans) * 2 >= len(cell):
        return "deadline"
    units = [o for o in find_owners(f"责任单位:{cell}") if is_unit(o.name)]
    if find_persons(f"责任人:{cell}") and not units:
        return "person"
    return "owner"


def _title(cell: str) -> str:
    m = RE_TITLE_END.search(cell)
    return (cell[: m.start()] if m else cell).strip(TITLE_TRIM)


def _deadline(cells: list[str], year: int | None, row: Row) -> Span | None:
    """The last date of the deadline cells (the end of "3月至6月"); "长期" stands as is."""
    for cell in cells:
        spans = find_dates(cell, year)
        if spans:
            return replace(spans[-1], evidence=_at(row, spans[-1].raw))
    return None


def _at(row: Row, raw: str) -> Evidence | None:
    k = row.source.find(raw) if raw else -1
    return Evidence(row.block, k, k + len(raw)) if k >= 0 else None
