"""One document's blocks → PlanRecord: runs the per-document extractors in order."""

from __future__ import annotations

from dataclasses import replace

from pipeline import classify
from pipeline.dates import first_year
from pipeline.extract.goals import extract_goals
from pipeline.extract.header import extract_header
from pipeline.extract.leaders import extract_leaders
from pipeline.extract.phases import extract_phases
from pipeline.extract.tasks import extract_tasks
from pipeline.extract.title import find_title
from pipeline.model import Block, Header, PlanRecord, Source
from pipeline.normalize import detect_script_of
from pipeline.outline import build_outline


def context_year(title: str | None, header: Header) -> int | None:
    """The year bare dates ("3月上旬") belong to: the title's year, else the signing date's."""
    return first_year(title, header.date)


def record_id(sha256: str, part: int) -> str:
    """Stable: same bytes and part give the same id."""
    return f"{sha256[:16]}-{part}"


def to_record(
    source: Source,
    blocks: list[Block],
    warnings: tuple[str, ...] = (),
    *,
    marker_title: str | None = None,
    site_title: str | None = None,
    site_first: bool = False,
) -> PlanRecord:
    """Run the extractors on one document; the title hints come from ``split``/``clean``."""
    title, title_ev = find_title(
        blocks, marker=marker_title, site=site_title, site_first=site_first
    )
    text = "\n".join(b.text for b in blocks)
    header = extract_header(blocks, title)
    if title_ev is not None:  # provenance of the title sits beside issuer/doc_number/date
        header = replace(header, evidence={"title": title_ev, **header.evidence})
    year = context_year(title, header)
    sections = build_outline(blocks)
    return PlanRecord(
        id=record_id(source.sha256, source.part),
        source=source,
        script=detect_script_of(b.raw for b in blocks),
        title=title,
        kind=classify.document_kind(title, text),
        campaign_type=classify.campaign_type(title, text),
        text=text,
        header=header,
        sections=tuple(sections),
        tasks=tuple(extract_tasks(sections, blocks, year)),
        phases=tuple(extract_phases(sections, blocks, year)),
        leaders=tuple(extract_leaders(sections, blocks)),
        goals=tuple(extract_goals(sections, blocks)),
        blocks=tuple(blocks),
        warnings=warnings,
    )
