"""The first-character lookaheads put in front of hot regexes (for speed) must not change
what they match: each is compared with the same pattern without its lookahead."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import dates
from pipeline.extract import metrics, owners

# Characters dates, figures and owner clauses are made of, plus a little filler.
ALPHABET = (
    "0123456789０１２.-/~～ \t年月日号季度旬上中下底末初内全半第一二三四五六七八九十百零两〇○元"
    "每长期常周至到前起xX*＊达不低于超过以上以下%％个人次名米万为≥<=，。的由局要负责组织配合"
)


def _without_lookahead(rx: re.Pattern[str], lookahead_end: int) -> re.Pattern[str]:
    return re.compile(rx.pattern[lookahead_end:])


def _spans(rx: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in rx.finditer(text)]


def _cases() -> list[tuple[str, re.Pattern[str], re.Pattern[str]]]:
    date_plain = _without_lookahead(dates.RE_DATE, len(dates._DATE_FIRST))
    metric = metrics._re_metric()
    metric_plain = _without_lookahead(metric, metric.pattern.index("(?P<op>"))
    pred = owners._re_predicate()
    pred_plain = _without_lookahead(pred, pred.pattern.index("(?=("))
    return [
        ("dates", dates.RE_DATE, date_plain),
        ("metrics", metric, metric_plain),
        ("predicates", pred, pred_plain),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "2011年3月底前完成",
        "力争知晓率达到95%以上",
        "每季度检查一次",
        "由市教育局负责组织",
        "无数字的句子",
    ],
)
def test_prefilters_same_matches_on_examples(text: str) -> None:
    for name, fast, plain in _cases():
        assert _spans(fast, text) == _spans(plain, text), name


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_prefilters_same_matches_on_any_text(text: str) -> None:
    for name, fast, plain in _cases():
        assert _spans(fast, text) == _spans(plain, text), name
