"""Phases of the schedule (实施步骤): stage name + date range, one Phase per stage.

Where stages are found:

- in schedule regions: the blocks of ``Section``s whose role is ``schedule`` (and their
  children), plus blocks under a heading line that names a schedule (四、实施步骤 / 三、时间安排
  / 二、实施日期 …) up to the next top-level heading — so this works before the outline does;
- anywhere: lines that say they are a stage (第一阶段… / (一)动员部署阶段…).

A numbered item ((一) / ㈠ / 1、) is a stage when its name ends in 阶段, or — inside a schedule
region — when a date follows its short name: "㈠宣传发动(1月底至3月上旬)". A schedule region
without stage lines that holds a date-only line ("2023年1月4日—12月31日") is one nameless
phase. Dates come from ``pipeline.dates``: the year is the previous phase's, else ``year``,
else the first full year written in the region, else one in the document's first lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pipeline.dates import find_dates
from pipeline.model import Block, Evidence, Phase, Section, Span

SCHEDULE_HEADING_WORDS = ("步骤", "安排", "日期", "进度", "阶段", "时间", "步骤安排")
STAGE_NAME_MAX = 40  # longest stage name kept ("完善创卫工作资料,归类整理,建立好台账" is 19)
SHORT_NAME_MAX = 15  # a numbered item without 阶段 is a stage only with a short name + date
DATE_ONLY_SHARE = 0.8  # a nameless phase line is at least this much date text
TITLE_LINES = 3  # last resort for the year: a full year in the document's first lines

_CN_NUM = "一二三四五六七八九十"
RE_TOP_HEADING = re.compile(rf"^\s*(?:[{_CN_NUM}]+\s*[、.．]|第[{_CN_NUM}]+[章部分])\s*")
RE_ORDINAL = re.compile(rf"第[{_CN_NUM}]+(?:阶段|步)")
RE_NUMBERED = re.compile(
    rf"[（(][{_CN_NUM}]+[)）]|[㈠-㈩]|[（(]\d{{1,2}}[)）]|[{_CN_NUM}]+、"
    r"|\d{1,2}\.\d{1,2}(?![\d.])|\d{1,2}[、.．](?!\d)"
)
RE_NAMED_STAGE = re.compile(r"\s*([^\s。；;，,、:：()（）第][^\s。；;，,:：()（）]{0,11}阶段)")
RE_NAME_END = re.compile(r"[(（:：。；;]")
RE_OPENER = re.compile(r"\s*[(（:：]?\s*")
RE_LEAD_PUNCT = re.compile(r"[\s:：,，、.．。]+")
RE_FULL_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年")
RE_BOUNDARY = re.compile(r"[。；;!！?？\s)）、]")


@dataclass(frozen=True, slots=True)
class _Stage:
    block: int
    start: int  # offset of the marker in the block text
    name_end: int  # offset just past the name
    name: str | None
    date_first: bool = False  # "(一)2010年,全面启动…": the date sits before the name


# --------------------------------------------------------------------------- regions
def _is_schedule_heading(text: str) -> bool:
    m = RE_TOP_HEADING.match(text)
    if m is None:
        return False
    head = text[m.end() : m.end() + 8]
    return any(w in head for w in SCHEDULE_HEADING_WORDS)


def _section_blocks(sections: list[Section]) -> Iterator[tuple[int, int]]:
    for s in sections:
        if s.role == "schedule":
            yield s.block_start, s.block_end
        else:
            yield from _section_blocks(list(s.children))


def _heading_regions(blocks: list[Block]) -> Iterator[tuple[int, int]]:
    """Schedule headings found in the blocks: (heading block, next top-level heading)."""
    i = 0
    while i < len(blocks):
        if not _is_schedule_heading(blocks[i].text):
            i += 1
            continue
        j = i + 1
        while j < len(blocks) and not RE_TOP_HEADING.match(blocks[j].text):
            j += 1
        yield i, j
        i = j


def _regions(sections: list[Section], blocks: list[Block]) -> list[tuple[int, int]]:
    found = {(max(0, a), min(b, len(blocks))) for a, b in _section_blocks(sections)}
    found |= set(_heading_regions(blocks))
    return sorted((a, b) for a, b in found if a < b)


# --------------------------------------------------------------------------- stages
def _at_boundary(text: str, pos: int) -> bool:
    return pos == 0 or RE_BOUNDARY.match(text, pos - 1) is not None


def _ordinal_name(text: str, pos: int) -> tuple[str | None, int]:
    """Name after 第X阶段: "宣传动员(…)" or ":开展自查自纠,查漏补缺。" → (name, end offset)."""
    lead = RE_LEAD_PUNCT.match(text, pos)
    start = lead.end() if lead else pos
    m = RE_NAME_END.search(text, start)
    end = m.start() if m else len(text)
    name = text[start:end].strip()
    if not name or len(name) > STAGE_NAME_MAX:
        return None, pos
    return name, end


def _stages_in_block(text: str, bi: int, in_region: bool) -> Iterator[_Stage]:
    for m in RE_ORDINAL.finditer(text):
        if _at_boundary(text, m.start()):
            name, end = _ordinal_name(text, m.end())
            yield _Stage(bi, m.start(), end, name)
    for m in _numbered(text, in_region):
        if RE_ORDINAL.match(text, m.end()):
            continue  # "1、第一阶段…": the ordinal above already took it
        named = RE_NAMED_STAGE.match(text, m.end())
        if named and _named_stage_ends(text, named.end()):
            yield _Stage(bi, m.start(), named.end(), named.group(1))
        elif in_region and m.start() == 0:
            stage = _dated_item(text, bi, m.end())
            if stage:
                yield stage


def _numbered(text: str, in_region: bool) -> Iterable[re.Match[str]]:
    """The numbered items that may open a stage: every one when the text says 阶段 (a named
    stage), else only one opening a line of a schedule region (a dated item)."""
    if "阶段" in text:
        return RE_NUMBERED.finditer(text)
    m = RE_NUMBERED.match(text) if in_region else None
    return (m,) if m else ()


def _named_stage_ends(text: str, pos: int) -> bool:
    return pos == len(text) or text[pos] in "。.，,:：(（ ；;"


def _dated_item(text: str, bi: int, pos: int) -> _Stage | None:
    """ "㈠宣传发动(1月底至3月上旬)": a short name followed at once by a date; or the date
    first: "(一)2010年,全面启动文明交通行动". A name that only says "schedule"
    (三、活动时间:2021年4月1日至…) is no name."""
    m = RE_NAME_END.search(text, pos)
    if m is not None and m.group() in "(（:：":
        name = text[pos : m.start()].strip()
        if 0 < len(name) <= SHORT_NAME_MAX and _date_after(text, m.start(), None) is not None:
            generic = any(w in name for w in SCHEDULE_HEADING_WORDS)
            return _Stage(bi, 0, m.start(), None if generic else name)
    return _date_first_item(text, bi, pos)


def _date_first_item(text: str, bi: int, pos: int) -> _Stage | None:
    span = _date_after(text, pos, None)
    if span is None or span.evidence is None:
        return None
    rest = RE_LEAD_PUNCT.match(text, span.evidence.end)
    if rest is None:
        return None
    end_m = RE_NAME_END.search(text, rest.end())
    end = end_m.start() if end_m else len(text)
    name = text[rest.end() : end].strip()
    if not 0 < len(name) <= STAGE_NAME_MAX:
        return None
    return _Stage(bi, 0, pos, name, date_first=True)


def _date_after(text: str, pos: int, year: int | None) -> Span | None:
    """The date written right after a stage name: "(2016年8月—9月20日)" or "：4月5日至…"."""
    opener = RE_OPENER.match(text, pos)
    at = opener.end() if opener else pos
    for s in find_dates(text[at : at + 60], year):
        if s.evidence and s.evidence.start == 0 and s.raw not in _NOT_PHASE_DATES:
            return Span(s.start, s.end, s.raw, Evidence(0, at, at + len(s.raw)))
        break
    return None


_NOT_PHASE_DATES = ("每季度", "每半年", "每月", "每年", "每周", "长期", "常年")


# --------------------------------------------------------------------------- years
def _region_year(blocks: list[Block], region: tuple[int, int] | None) -> int | None:
    if region is None:
        return None
    for b in blocks[region[0] : region[1]]:
        m = RE_FULL_YEAR.search(b.text)
        if m:
            return int(m.group(1))
    return None


def _span_year(span: Span) -> int | None:
    iso = span.end or span.start
    return int(iso[:4]) if iso else None


# --------------------------------------------------------------------------- assembly
def _region_of(bi: int, regions: list[tuple[int, int]]) -> tuple[int, int] | None:
    return next(((a, b) for a, b in regions if a <= bi < b), None)


def _all_stages(blocks: list[Block], regions: list[tuple[int, int]]) -> list[_Stage]:
    stages: dict[tuple[int, int], _Stage] = {}
    inside = {bi for a, b in regions for bi in range(a, b)}
    for bi, b in enumerate(blocks):
        in_region = bi in inside
        if not in_region and "阶段" not in b.text and "步" not in b.text:
            continue  # no 第X阶段/第X步, no named stage, and dated items only in a region
        for st in _stages_in_block(b.text, bi, in_region):
            stages.setdefault((st.block, st.start), st)
    return [stages[k] for k in sorted(stages)]


def _to_phase(st: _Stage, text: str, year: int | None) -> Phase:
    span = _date_after(text, st.name_end, year)
    if span is None or span.evidence is None:
        return Phase(st.name, None, None, "", Evidence(st.block, st.start, st.name_end))
    return Phase(
        st.name, span.start, span.end, span.raw, Evidence(st.block, st.start, span.evidence.end)
    )


def _nameless_phase(blocks: list[Block], region: tuple[int, int], year: int | None) -> Phase | None:
    """A schedule region holding only a date line ("2023年1月4日—12月31日") is one phase."""
    for bi in range(region[0] + 1, region[1]):
        text = blocks[bi].text  # not stripped: evidence offsets are into the block's text
        spans = find_dates(text, year)
        if len(spans) == 1 and len(spans[0].raw) >= DATE_ONLY_SHARE * len(text.strip()):
            s, ev = spans[0], spans[0].evidence
            start, end = (ev.start, ev.end) if ev else (0, len(text))
            return Phase(None, s.start, s.end, s.raw, Evidence(bi, start, end))
    return None


def extract_phases(
    sections: list[Section], blocks: list[Block], year: int | None = None
) -> list[Phase]:
    """Stages of the schedule, in reading order (see the module doc)."""
    regions = _regions(sections, blocks)
    phases: list[Phase] = []
    prev_year: int | None = None
    for st in _all_stages(blocks, regions):
        ctx = prev_year or year or _region_year(blocks, _region_of(st.block, regions))
        ctx = ctx or _region_year(blocks, (0, TITLE_LINES))
        phase = _to_phase(st, blocks[st.block].text, ctx)
        phases.append(phase)
        prev_year = _span_year(Span(phase.start, phase.end, phase.raw)) or prev_year
    staged = {_region_of(p.evidence.block, regions) for p in phases if p.evidence}
    for region in regions:
        if region not in staged:
            ctx = year or _region_year(blocks, region) or _region_year(blocks, (0, TITLE_LINES))
            nameless = _nameless_phase(blocks, region, ctx)
            if nameless:
                phases.append(nameless)
    phases.sort(key=lambda p: (p.evidence.block, p.evidence.start) if p.evidence else (0, 0))
    return phases
