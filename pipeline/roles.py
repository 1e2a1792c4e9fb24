"""Section roles: heading keywords first (``resources/roles.tsv``), then the trained model.

``section_role("指导思想及目标要求")`` → "guiding_principles": among the keywords found in
a heading the highest priority wins, then the earliest set phrase (or the last single
word, the head noun of a compound), then the longest. Headings no rule
knows go to ``pipeline.learn.predict_role`` when that model is available, else "other".
"""

from __future__ import annotations

import logging
from functools import cache, lru_cache
from importlib import resources

from pipeline.model import SECTION_ROLES

log = logging.getLogger(__name__)

SET_PHRASE_PRIORITY = 2  # keywords at or above this priority are whole heading phrases


@cache
def role_keywords() -> tuple[tuple[str, str, int], ...]:
    """(keyword, role, priority) rows of ``roles.tsv``, longest keywords first."""
    text = resources.files("pipeline").joinpath("resources/roles.tsv").read_text("utf-8")
    rows: list[tuple[str, str, int]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kw, role, prio = line.split("\t")[:3]
        if role not in SECTION_ROLES:
            raise ValueError(f"roles.tsv: unknown role {role!r} for {kw!r}")
        rows.append((kw, role, int(prio)))
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@cache
def heading_keywords() -> tuple[str, ...]:
    """Keywords that are whole headings (指导思想, 主要任务 …): a heading running on into
    its body ("指导思想以邓小平理论…") is cut where such a keyword ends."""
    return tuple(kw for kw, _, prio in role_keywords() if prio >= SET_PHRASE_PRIORITY)


@lru_cache(maxsize=16384)  # pure; item headings recur across the plans of an archive
def rule_role(heading: str) -> str | None:
    """The role the keyword table gives ``heading``, or None when no keyword matches."""
    best: tuple[int, int, int] | None = None
    role = None
    for kw, r, prio in _candidate_keywords(heading):
        pos = heading.find(kw)
        if pos < 0:
            continue
        # set phrases: the first one names the section ("指导思想及目标要求"); single words:
        # the last one is the head noun ("阶段目标" is a goal, "工作步骤" a schedule)
        order = pos if prio >= SET_PHRASE_PRIORITY else -heading.rfind(kw)
        key = (-prio, order, -len(kw))
        if best is None or key < best:
            best, role = key, r
    return role


@cache
def _keywords_by_first_char() -> dict[str, tuple[tuple[int, str, str, int], ...]]:
    """Table rows grouped by their keyword's first character, with their table position."""
    groups: dict[str, list[tuple[int, str, str, int]]] = {}
    for i, (kw, r, prio) in enumerate(role_keywords()):
        groups.setdefault(kw[:1], []).append((i, kw, r, prio))
    return {ch: tuple(rows) for ch, rows in groups.items()}


def _candidate_keywords(heading: str) -> list[tuple[str, str, int]]:
    """Only the rows whose first character occurs in the heading, in table order (so ties
    resolve exactly as a scan of the whole table would): ~2x faster per heading."""
    groups = _keywords_by_first_char()
    rows = sorted(row for ch in set(heading) for row in groups.get(ch, ()))
    return [(kw, r, prio) for _, kw, r, prio in rows]


def section_role(heading: str, text: str = "") -> str:
    """Role of a section from its heading (and, for the model, its text)."""
    role = rule_role(heading)
    if role is not None:
        return role
    return _model_role(heading, text) or "other"


def _model_role(heading: str, text: str) -> str | None:
    try:
        from pipeline.learn import predict_role
    except ImportError:
        return None
    try:
        role = predict_role(heading, text)
    except Exception:  # a broken model must not break parsing: fall back to "other"
        log.warning("section-role model failed on %r", heading, exc_info=True)
        return None
    return role if role in SECTION_ROLES else None
