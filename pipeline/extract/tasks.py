"""Tasks: the leaf numbered items under tasks-role sections, with owners, leaders, deadline
and metrics.

An item with numbered sub-items is a *group*: its number and heading ("(一)文明城市创建")
go into each sub-item's ``group``, and units or persons it names apply to each sub-item.
An item with no numbered sub-items is a task; its title is its lead phrase up to the
first 。 or ； (or its heading when the number's line holds only the heading).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import replace

from pipeline.dates import find_dates
from pipeline.extract.metrics import metric_values
from pipeline.extract.owners import find_persons, heading_owners, owner_roles
from pipeline.extract.tables import table_tasks
from pipeline.model import Block, Evidence, Metric, Owner, Section, Span, Task
from pipeline.numbering import parse_marker
from pipeline.outline import RE_OWNER_PAREN, end_outside_brackets, glued_body, lead_text

log = logging.getLogger(__name__)

RE_TITLE_END = re.compile(r"[。；;！!？?]")
TITLE_TRIM = " \u3000\t。：:；;！!？?，,、"
# A date that bounds the work ("6月底前", "年内") is the deadline; failing that, how often
# it recurs ("每季度", "长期") stands for it, as record.md asks.
RE_DEADLINE = re.compile(r"前|底|末|止|以内|之内|年内|月内|完成|截至")
RE_RECURRENCE = re.compile(r"每|长期|常年|常态|经常")
DUN_STYLES = re.compile(r"^(?:[一二三四五六七八九十]+|\d+)$")  # written with 、 as delimiter


def extract_tasks(
    sections: list[Section], blocks: list[Block], year: int | None = None
) -> list[Task]:
    """Every task of the document, in reading order."""
    tasks: list[Task] = []
    covered: set[int] = set()  # blocks already read as numbered items
    groups: dict[int, _Group] = {}  # id(group) → what its sub-items share
    for top in sections:
        for sec in _task_sections(top):
            for item, group in _leaves(sec):
                covered.update(range(item.block_start, max(item.block_end, item.block_start + 1)))
                try:
                    tasks.append(_task(item, group, top.heading, year, blocks, groups))
                except Exception:  # bad data must not stop the document: skip the item
                    log.warning("task extraction failed on %r", item.heading, exc_info=True)
    in_tasks = frozenset(
        b
        for top in sections
        for sec in _task_sections(top)
        for b in range(sec.block_start, sec.block_end)
    )
    rows = [t for t in _table_tasks(blocks, year, sections, in_tasks) if _block(t) not in covered]
    return sorted(tasks + rows, key=_block) if rows else tasks


def _block(task: Task) -> int:
    return task.evidence.block if task.evidence is not None else -1


def _table_tasks(
    blocks: list[Block], year: int | None, sections: list[Section], in_tasks: frozenset[int]
) -> list[Task]:
    """Rows of task-breakdown tables, each named after the top section holding it."""
    try:
        rows = table_tasks(blocks, year, in_tasks)
    except Exception:  # a malformed table must not cost the document its other tasks
        log.warning("table task extraction failed", exc_info=True)
        return []
    return [replace(t, section=_section_at(sections, _block(t))) for t in rows]


def _section_at(sections: list[Section], block: int) -> str:
    return next((s.heading for s in sections if s.block_start <= block < s.block_end), "")


def _task_sections(sec: Section) -> Iterator[Section]:
    """``sec`` when its role is tasks, else tasks-role sections nested inside it."""
    if sec.role == "tasks":
        yield sec
        return
    for child in sec.children:
        yield from _task_sections(child)


def _leaves(sec: Section) -> Iterator[tuple[Section, Section | None]]:
    """(leaf item, the group it belongs to or None) under a tasks section."""
    for child in sec.children:
        yield from _leaves_in(child, None)


def _leaves_in(item: Section, group: Section | None) -> Iterator[tuple[Section, Section | None]]:
    if not item.children:
        yield item, group
        return
    for child in item.children:
        yield from _leaves_in(child, item)


def group_label(group: Section) -> str:
    """ "(一)文明城市创建", "1、院内卫生环境整治": the group's number and heading as written."""
    sep = "、" if DUN_STYLES.match(group.number) else ""
    return f"{group.number}{sep}{group.heading}"


def task_title(item: Section) -> str:
    """The item's lead phrase up to its first 。or ；, else its heading."""
    lead = lead_text(item)
    m = end_outside_brackets(lead, RE_TITLE_END)
    sentence = lead[: m.start()] if m else lead
    if glued_body(item.heading, sentence):
        return item.heading
    owner = RE_OWNER_PAREN.search(sentence)  # "抓好亮丽工程(责任单位:镇城建站)"
    if owner and owner.start() >= 2:
        sentence = sentence[: owner.start()]
    return sentence.strip(TITLE_TRIM) or item.heading


def _own_text(group: Section) -> str:
    """A group's text before its first sub-item (where its 责任单位 lines stand)."""
    if not group.children:
        return group.text
    first = group.children[0].text
    k = group.text.find(first)
    return group.text[:k] if k > 0 else group.text.split("\n", 1)[0]


def without_number(text: str) -> str:
    """``text`` without the item number it starts with: "4、市文化局要…" → "市文化局要…".
    The unit and date finders read a number glued to a name as part of it."""
    m = parse_marker(text)
    return text[m.end :] if m else text


# A group's label, owners and persons: the same for each of its sub-items.
_Group = tuple[str, list[tuple[str, str]], list[str]]


def _group(group: Section, groups: dict[int, _Group]) -> _Group:
    """What ``group`` gives each of its sub-items, read once per group."""
    found = groups.get(id(group))
    if found is None:
        gtext = without_number(_own_text(group))
        owners = _merged(_roles(heading_owners(group.heading)), owner_roles(gtext))
        found = groups[id(group)] = (group_label(group), owners, find_persons(gtext))
    return found


def _task(
    item: Section,
    group: Section | None,
    section: str,
    year: int | None,
    blocks: list[Block],
    groups: dict[int, _Group],
) -> Task:
    text = without_number(item.text)
    owners = _merged(_roles(heading_owners(item.heading)), owner_roles(text))
    leaders: list[str] = list(find_persons(text))
    label = None
    if group is not None:
        label, gowners, gpersons = _group(group, groups)
        owners = _merged(owners, gowners)
        leaders += [p for p in gpersons if p not in leaders]
    where = _Locator(blocks, item, group)
    deadline = find_deadline(text, year)
    return Task(
        number=item.number,
        group=label,
        title=task_title(item),
        text=item.text,
        # plain constructors, not dataclasses.replace: this runs for every owner of every task
        owners=tuple(Owner(name, role, where.find(name)) for name, role in owners),
        leaders=tuple(leaders),
        deadline=(
            Span(deadline.start, deadline.end, deadline.raw, where.find(deadline.raw))
            if deadline
            else None
        ),
        metrics=tuple(
            Metric(name, op, value, unit, raw, where.find(raw))
            for name, op, value, unit, raw in metric_values(text)
        ),
        section=section,
        evidence=item.evidence,
    )


def _roles(owners: list[Owner]) -> list[tuple[str, str]]:
    return [(o.name, o.role) for o in owners]


def _merged(*lists: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (name, role) owners of the lists in order, each name once."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for lst in lists:
        for name, role in lst:
            if name not in seen:
                seen.add(name)
                out.append((name, role))
    return out


class _Locator:
    """Finds a value's block and span in the document: the finders see only the item's
    text, so their evidence offsets are relative to it, not to the blocks."""

    def __init__(self, blocks: list[Block], item: Section, group: Section | None) -> None:
        self.blocks = blocks
        self.ranges = [_range(item)] + ([_range(group)] if group is not None else [])

    def find(self, raw: str) -> Evidence | None:
        if not raw:
            return None
        for lo, first_start, hi in self.ranges:
            for b in range(max(lo, 0), min(hi, len(self.blocks))):
                k = self.blocks[b].text.find(raw, first_start if b == lo else 0)
                if k >= 0:
                    return Evidence(b, k, k + len(raw))
        return None


def _range(sec: Section) -> tuple[int, int, int]:
    """(first block, offset of the section's start in it, one past the last block)."""
    if sec.evidence is None:
        return sec.block_start, 0, sec.block_end
    return sec.evidence.block, sec.evidence.start, sec.block_end


def find_deadline(text: str, year: int | None = None) -> Span | None:
    """The first deadline-like date of the text ("6月底前", "每季度", "长期"), else None."""
    spans = find_dates(text, year)
    for pattern in (RE_DEADLINE, RE_RECURRENCE):
        for span in spans:
            if pattern.search(span.raw):
                return span
    return None
