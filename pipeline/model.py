"""The one data model that flows through every stage.

Working model (what stages pass along): ``Source``, ``Block``, ``Section``.
Output model (the contract in ``shared/contract/record.md``): ``PlanRecord`` and its parts;
``PlanRecord.to_dict()`` is the only producer of the JSON record.

Provenance: every extracted value may carry an ``Evidence`` — the index of the block it
came from (in the document's ``blocks``) and a character span in that block's normalized
``text``. Blocks keep ``raw`` (the text as read, original script) beside ``text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

BLOCK_KINDS = ("para", "heading", "list", "table")
KINDS = ("plan", "report", "notice", "speech", "other")
CAMPAIGN_TYPES = (
    "civilized_city",
    "sanitary_city",
    "civilized_unit",
    "safety",
    "party_building",
    "other",
)
SECTION_ROLES = (
    "guiding_principles",
    "goals",
    "tasks",
    "schedule",
    "organization",
    "measures",
    "evaluation",
    "background",
    "other",
)


@dataclass(frozen=True, slots=True)
class Source:
    """Where a document came from. ``part`` is 1-based inside the file."""

    path: str
    sha256: str
    format: str
    encoding: str | None = None
    part: int = 1
    size: int = 0


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph / line / table row as a reader saw it.

    ``raw`` is the text as read (original script, untouched); ``text`` is the cleaned,
    simplified copy every later stage reads. ``index`` is the reader's block number, so a
    block that survives cleaning or merging still points back into the original stream.
    """

    text: str
    raw: str = ""
    kind: str = "para"
    level: int | None = None
    page: int | None = None
    index: int = 0
    offset: int | None = None  # char offset of ``raw`` in the decoded source text, if known


@dataclass(frozen=True, slots=True)
class Evidence:
    """Provenance: block index (within the document's blocks) and a span in its ``text``."""

    block: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Span:
    """A date range as written: ISO ``start``/``end`` by precision, ``raw`` as in the text."""

    start: str | None
    end: str | None
    raw: str
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class Metric:
    """A target figure: 知晓率达到100% → Metric("知晓率", ">=", 100, "%", "知晓率达到100%")."""

    name: str
    op: str
    value: float
    unit: str
    raw: str
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class Section:
    number: str
    heading: str
    level: int
    role: str = "other"
    text: str = ""
    children: tuple[Section, ...] = ()
    block_start: int = 0  # first block (within the document) of this section
    block_end: int = 0  # one past the last block
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class Owner:
    name: str
    role: str = "lead"  # "lead" | "cooperate"
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class Task:
    number: str
    group: str | None
    title: str
    text: str
    owners: tuple[Owner, ...] = ()
    leaders: tuple[str, ...] = ()
    deadline: Span | None = None
    metrics: tuple[Metric, ...] = ()
    section: str = ""
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class Phase:
    name: str | None
    start: str | None
    end: str | None
    raw: str
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class Leader:
    role: str
    name: str
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class Goal:
    text: str
    metrics: tuple[Metric, ...] = ()
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class Header:
    """Header fields of an official document (公文版头 / 落款)."""

    issuer: str | None = None
    doc_number: str | None = None
    date: str | None = None
    addressees: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    evidence: dict[str, Evidence] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PlanRecord:
    id: str
    source: Source
    script: str
    title: str | None
    kind: str
    campaign_type: str
    text: str
    header: Header = field(default_factory=Header)
    sections: tuple[Section, ...] = ()
    tasks: tuple[Task, ...] = ()
    phases: tuple[Phase, ...] = ()
    leaders: tuple[Leader, ...] = ()
    goals: tuple[Goal, ...] = ()
    blocks: tuple[Block, ...] = ()
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON record of ``record.md`` (plus extra keys, never fewer)."""
        h = self.header
        return {
            "id": self.id,
            "source": _source_dict(self.source),
            "script": self.script,
            "title": self.title,
            "issuer": h.issuer,
            "doc_number": h.doc_number,
            "date": h.date,
            "kind": self.kind,
            "campaign_type": self.campaign_type,
            "addressees": list(h.addressees),
            "cc": list(h.cc),
            "keywords": list(h.keywords),
            "text": self.text,
            "sections": [_section_dict(s) for s in self.sections],
            "tasks": [_task_dict(t) for t in self.tasks],
            "phases": [_phase_dict(p) for p in self.phases],
            "leaders": [_leader_dict(x) for x in self.leaders],
            "goals": [
                {
                    "text": g.text,
                    "metrics": [_metric_dict(m) for m in g.metrics],
                    "evidence": _ev(g.evidence),
                }
                for g in self.goals
            ],
            "provenance": {k: _ev(v) for k, v in h.evidence.items()},
            "blocks": [
                {
                    "index": b.index,
                    "kind": b.kind,
                    "level": b.level,
                    "page": b.page,
                    "raw": b.raw,
                    "text": b.text,
                }
                for b in self.blocks
            ],
            "warnings": list(self.warnings),
        }


# Hand-written converters rather than dataclasses.asdict, which deep-copies every leaf
# value: to_dict runs once per document in bulk ingest and asdict made it ~5x slower.
def _ev(e: Evidence | None) -> dict[str, int] | None:
    return None if e is None else {"block": e.block, "start": e.start, "end": e.end}


def _source_dict(s: Source) -> dict[str, Any]:
    return {"path": s.path, "sha256": s.sha256, "format": s.format, "encoding": s.encoding,
            "part": s.part, "size": s.size}  # fmt: skip


def _metric_dict(m: Metric) -> dict[str, Any]:
    return {"name": m.name, "op": m.op, "value": m.value, "unit": m.unit, "raw": m.raw,
            "evidence": _ev(m.evidence)}  # fmt: skip


def _phase_dict(p: Phase) -> dict[str, Any]:
    return {"name": p.name, "start": p.start, "end": p.end, "raw": p.raw,
            "evidence": _ev(p.evidence)}  # fmt: skip


def _leader_dict(x: Leader) -> dict[str, Any]:
    return {"role": x.role, "name": x.name, "evidence": _ev(x.evidence)}


def _span_dict(s: Span | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"start": s.start, "end": s.end, "raw": s.raw, "evidence": _ev(s.evidence)}


def _section_dict(s: Section) -> dict[str, Any]:
    return {
        "number": s.number,
        "heading": s.heading,
        "level": s.level,
        "role": s.role,
        "text": s.text,
        "children": [_section_dict(c) for c in s.children],
        "evidence": _ev(s.evidence),
    }


def _task_dict(t: Task) -> dict[str, Any]:
    return {
        "number": t.number,
        "group": t.group,
        "title": t.title,
        "text": t.text,
        "owners": [o.name for o in t.owners],
        "owner_roles": [
            {"name": o.name, "role": o.role, "evidence": _ev(o.evidence)} for o in t.owners
        ],
        "leaders": list(t.leaders),
        "deadline": _span_dict(t.deadline),
        "metrics": [_metric_dict(m) for m in t.metrics],
        "section": t.section,
        "evidence": _ev(t.evidence),
    }


@dataclass(frozen=True, slots=True)
class FileError:
    path: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class ParseResult:
    documents: tuple[PlanRecord, ...] = ()
    errors: tuple[FileError, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": [d.to_dict() for d in self.documents],
            "errors": [e.to_dict() for e in self.errors],
        }
