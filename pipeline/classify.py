"""Document-level classification by rules: kind and campaign type.

Keyword tables live in ``pipeline/resources/kinds.tsv`` and ``campaigns.tsv``. These rules
are the baseline and the fallback for any trained model.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

TITLE_WEIGHT = 4.0  # a keyword in the title counts 4 body hits (tuned on the dev labels)
BODY_HIT_CAP = 5  # one keyword repeated all over the body cannot outvote the title
MIN_CAMPAIGN_SCORE = 2.0  # below this nothing is specific enough: "other"
BODY_CHARS = 6000  # the opening of a long document says what it is about
RE_SPEECH_OPENING = re.compile(r"^(?:同志们|各位领导|尊敬的|大家好)|同志们[:：,，!！]")
RE_REPORT_OPENING = re.compile(
    r"(?:汇报如下|总结如下|报告如下|通报如下|简要汇报|工作汇报|^(?:今年以来|一年来|\d{4}年以来))"
)
RE_NEWS_OPENING = re.compile(
    r"(?:^|\n)(?:本报讯|据.{0,10}报道|近日[,，])|通讯员|记者|本文将|本文介绍"
)  # news items and how-to articles are "other", not official documents
# A notice opens with its addressees: "各村各单位:", "各县区教体局,局直中小学:".
RE_ADDRESSEE = re.compile(r"^各[^。:：]{1,60}[:：]$")
RE_NOTICE_OPENING = re.compile(
    r"(?:特此通知|现将有关事项通知如下|现就.{0,20}通知如下|提出如下意见)"
)


def _rows(name: str) -> list[list[str]]:
    text = resources.files("pipeline.resources").joinpath(name).read_text(encoding="utf-8")
    return [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@cache
def _kind_words() -> tuple[tuple[str, str], ...]:
    # Longest first, so 汇报材料 wins over 材料 and 实施意见 over 意见 at the same end.
    rows = [(r[0], r[1]) for r in _rows("kinds.tsv")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@cache
def _campaign_words() -> tuple[tuple[str, str, float], ...]:
    return tuple((r[0], r[1], float(r[2])) for r in _rows("campaigns.tsv"))


def kind_from_title(title: str) -> str | None:
    """The kind named by the LAST document word in the title (…的通知 → notice)."""
    best: tuple[int, str] | None = None
    for word, kind in _kind_words():
        pos = title.rfind(word)
        if pos >= 0 and (best is None or pos + len(word) > best[0]):
            best = (pos + len(word), kind)
    return best[1] if best else None


def kind_from_text(text: str) -> str:
    """Fallback on the opening lines: 同志们 → speech, 汇报如下 → report ..."""
    head = text[:600]
    first = text.split("\n", 1)[0].strip()
    if RE_SPEECH_OPENING.search(head):
        return "speech"
    if RE_ADDRESSEE.match(first):
        return "notice"
    if RE_NEWS_OPENING.search(text[:200]):
        return "other"
    if RE_NOTICE_OPENING.search(text[:3000]):
        return "notice"
    if RE_REPORT_OPENING.search(head):
        return "report"
    return "plan"


def document_kind(title: str | None, text: str) -> str:
    """plan / report / notice / speech / other: the title first, then the opening text."""
    if not title:
        return kind_from_text(text)
    by_title = kind_from_title(title)
    if by_title:
        return by_title
    by_text = kind_from_text(text)  # a title naming no document kind: an article, a how-to
    return by_text if by_text != "plan" else "other"


@cache
def _campaign_types() -> tuple[str, ...]:
    """Campaign types in the order their first keyword appears in the table."""
    return tuple(dict.fromkeys(ctype for _, ctype, _ in _campaign_words()))


@cache
def _re_campaign_word() -> re.Pattern[str]:
    """The longest campaign keyword starting at a position."""
    return re.compile(_trie_pattern({w for w, _, _ in _campaign_words()}))


def _trie_pattern(words: set[str] | frozenset[str]) -> str:
    """A pattern matching the longest of ``words`` at a position, the words sharing a
    first character held in one branch (a flat alternation tries every word in turn)."""
    by_first: dict[str, set[str]] = {}
    for w in words:
        by_first.setdefault(w[0], set()).add(w[1:])
    branches = []
    for c, tails in sorted(by_first.items()):
        rest = {t for t in tails if t}
        if not rest:
            branches.append(re.escape(c))
            continue
        inner = f"(?:{_trie_pattern(rest)})"
        branches.append(re.escape(c) + inner + ("?" if "" in tails else ""))
    return "|".join(branches)


@cache
def _prefix_words() -> dict[str, tuple[str, ...]]:
    """Each keyword → the keywords it starts with (itself included): the words starting
    at a position are the prefixes of the longest one starting there."""
    words = {w for w, _, _ in _campaign_words()}
    return {w: tuple(p for p in words if w.startswith(p)) for w in words}


def keyword_counts(text: str) -> dict[str, int]:
    """``text.count(word)`` for every campaign keyword found in ``text``, in one scan."""
    starts: dict[str, list[int]] = {}
    prefixes = _prefix_words()
    search = _re_campaign_word().search
    m = search(text)
    while m:  # searched again from the next character: keywords inside others are seen
        at = m.start()
        for w in prefixes[m.group()]:
            starts.setdefault(w, []).append(at)
        m = search(text, at + 1)
    return {w: _non_overlapping(w, at) for w, at in starts.items()}


def _non_overlapping(word: str, starts: list[int]) -> int:
    """How many of the (sorted) occurrences ``str.count`` counts: leftmost, no overlap."""
    n, free = 0, 0
    for at in starts:
        if at >= free:
            n, free = n + 1, at + len(word)
    return n


def campaign_scores(title: str | None, text: str) -> dict[str, float]:
    """Weighted keyword scores per campaign type (title hits weigh ``TITLE_WEIGHT``)."""
    scores = dict.fromkeys(_campaign_types(), 0.0)  # every type, in the table's order
    body = keyword_counts(text[:BODY_CHARS])
    in_title = keyword_counts(title) if title else {}
    if not body and not in_title:
        return scores
    # added in the table's order, as one loop over every word would (a zero term is no-op)
    for word, ctype, weight in _campaign_words():
        if word in in_title:
            scores[ctype] += TITLE_WEIGHT * weight
        if word in body:
            scores[ctype] += weight * min(body[word], BODY_HIT_CAP)
    return scores


def campaign_type(title: str | None, text: str) -> str:
    """The campaign type with the highest score, "other" when nothing is specific."""
    scores = campaign_scores(title, text)
    if not scores:
        return "other"
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] >= MIN_CAMPAIGN_SCORE else "other"
