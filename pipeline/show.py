"""A stored record laid out for an archivist to check: every field beside its source words.

Each extracted value carries ``evidence`` (a block and a span of that block's cleaned,
simplified ``text``). The archive keeps each block's ``raw`` text as read, in its original
script; ``raw_span`` maps the span back onto it, so a value from a traditional-script page
is shown next to the traditional words it came from:

    task      加强健康教育  ← 加強健康教育 (block 5)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from difflib import SequenceMatcher
from typing import Any

Doc = dict[str, Any]
HEADER_FIELDS = ("title", "issuer", "doc_number", "date", "addressees", "cc")
QUOTE_MAX = 60  # characters of a quoted source span shown before an ellipsis
FIELD_WIDTH = 12  # the field-name column of ``render``


def raw_span(text: str, raw: str, start: int, end: int) -> tuple[int, int]:
    """The span of ``raw`` that ``text[start:end]`` was made from.

    ``text`` is ``raw`` cleaned and simplified: mostly the same characters, some replaced
    one for one (traditional → simplified), some dropped (pinyin glosses, spaces). The two
    are aligned and each end of the span carried over: exactly through equal and one-for-one
    runs; an end inside an uneven run ("领导" ↔ "領(lǐng)導(dǎo)") takes the run whole."""
    if text == raw:
        return start, end
    matcher = SequenceMatcher(None, text, raw, autojunk=False)
    opcodes = matcher.get_opcodes()
    lo = _carry(opcodes, start, at_end=start == len(text))  # the text's end: as an end
    return lo, max(lo, _carry(opcodes, end, at_end=True))


def _carry(opcodes: Sequence[tuple[str, int, int, int, int]], pos: int, at_end: bool) -> int:
    for tag, i1, i2, j1, j2 in opcodes:
        if i1 <= pos < i2 or (at_end and i1 < pos <= i2):
            if tag == "equal" or i2 - i1 == j2 - j1:
                return j1 + pos - i1
            return j2 if at_end else j1
    return opcodes[-1][4] if opcodes and pos else 0


def quote(blocks: list[Doc], ev: Doc | None) -> str | None:
    """The original words an evidence span points at ("…" past QUOTE_MAX characters)."""
    if not ev or not 0 <= ev.get("block", -1) < len(blocks):
        return None
    b = blocks[ev["block"]]
    text, raw = b.get("text") or "", b.get("raw") or ""
    start, end = raw_span(text, raw, ev["start"], ev["end"])
    return short(raw[start:end].strip() or text[ev["start"] : ev["end"]])


def short(words: str) -> str:
    """``words`` cut to QUOTE_MAX characters, with an ellipsis when cut."""
    return words if len(words) <= QUOTE_MAX else words[: QUOTE_MAX - 1] + "…"


def evidence_rows(rec: Doc) -> Iterator[tuple[str, str, Doc | None]]:
    """(field, value, evidence) for the record's fields, in reading order."""
    prov = rec.get("provenance") or {}
    for field in HEADER_FIELDS:
        if rec.get(field):
            yield field, _text(rec[field]), prov.get(field)
    yield from _section_rows(rec.get("sections") or [], 0)
    for p in rec.get("phases") or []:
        yield "phase", f"{p.get('name') or ''} {_span(p)}", p.get("evidence")
    for x in rec.get("leaders") or []:
        yield "leader", f"{x.get('role')}: {x.get('name')}", x.get("evidence")
    for g in rec.get("goals") or []:
        yield "goal", g.get("text") or "", g.get("evidence")
        yield from (("  metric", m.get("raw") or "", m.get("evidence")) for m in g["metrics"])
    for t in rec.get("tasks") or []:
        yield from _task_rows(t)


def _section_rows(sections: list[Doc], depth: int) -> Iterator[tuple[str, str, Doc | None]]:
    for s in sections:
        head = f"{'  ' * depth}{s.get('number') or ''} {s.get('heading') or ''}".rstrip()
        yield "section", f"{head}  [{s.get('role')}]", s.get("evidence")
        yield from _section_rows(s.get("children") or [], depth + 1)


def _task_rows(t: Doc) -> Iterator[tuple[str, str, Doc | None]]:
    yield (
        "task",
        f"{t.get('number') or ''} {t.get('title') or t.get('text') or ''}",
        t.get("evidence"),
    )
    for o in t.get("owner_roles") or []:
        yield "  owner", f"{o.get('name')} ({o.get('role')})", o.get("evidence")
    if t.get("leaders"):
        yield "  person", "、".join(t["leaders"]), None
    dl = t.get("deadline")
    if dl:
        yield "  deadline", _span(dl), dl.get("evidence")
    for m in t.get("metrics") or []:
        yield "  metric", m.get("raw") or "", m.get("evidence")


def _span(x: Doc) -> str:
    """``2012-03…2012-10-31``; an open end left blank (``…2012-06-30``: by then)."""
    return f"{x.get('start') or ''}…{x.get('end') or ''}"


def _text(value: object) -> str:
    return "、".join(map(str, value)) if isinstance(value, list) else str(value)


def render(rec: Doc, file_row: Doc | None) -> list[str]:
    """The lines ``fangan show`` prints: provenance of the file, then every field."""
    src = rec.get("source") or {}
    lines = [
        f"{rec['id']}  {rec.get('kind')} / {rec.get('campaign_type')} / {rec.get('script')}",
        f"  source: {src.get('path')} [part {src.get('part')}]"
        f" {src.get('format')}/{src.get('encoding') or '-'}",
    ]
    if file_row:
        lines.append(
            f"  file:   sha256 {file_row['sha256'][:16]}…  {file_row['size']} bytes,"
            f" imported {file_row['imported_at']} by fangan {file_row['pipeline_version']}"
        )
    blocks = rec.get("blocks") or []
    for field, value, ev in evidence_rows(rec):
        words = quote(blocks, ev)
        where = f"  ← {words} (block {ev['block']})" if words and ev else ""
        lines.append(f"  {field:<{FIELD_WIDTH}}{short(value)}{where}")
    return lines


def evidence_json(rec: Doc) -> list[Doc]:
    """``fangan show --json``'s evidence list: each field, value, block and source words."""
    blocks = rec.get("blocks") or []
    return [
        {"field": f.strip(), "value": v, "block": ev["block"], "source": quote(blocks, ev)}
        for f, v, ev in evidence_rows(rec)
        if ev
    ]
