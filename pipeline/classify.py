"""Document-level classification by rules: kind and campaign type.

Keyword tables live in ``pipeline/resources/kinds.tsv`` and ``campaigns.tsv``. These rules
are the baseline and the fallback for any trained model.
"""

from __future__ import annotations

import re
from collections import defaultdict
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


def campaign_scores(title: str | None, text: str) -> dict[str, float]:
    """Weighted keyword scores per campaign type (title hits weigh ``TITLE_WEIGHT``)."""
    scores: dict[str, float] = defaultdict(float)
    body = text[:BODY_CHARS]
    for word, ctype, weight in _campaign_words():
        if title and word in title:
            scores[ctype] += TITLE_WEIGHT * weight
        scores[ctype] += weight * min(body.count(word), BODY_HIT_CAP)
    return dict(scores)


def campaign_type(title: str | None, text: str) -> str:
    """The campaign type with the highest score, "other" when nothing is specific."""
    scores = campaign_scores(title, text)
    if not scores:
        return "other"
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] >= MIN_CAMPAIGN_SCORE else "other"
