"""Chinese date expressions → Spans. No clock access: the year comes from the caller.

``find_dates(text, year)`` returns every date expression in ``text`` as a ``Span`` whose
``start``/``end`` are ISO strings at the precision the text gives ("2012", "2012-03",
"2012-03-05"); ``raw`` is the text as written and ``evidence`` its char span (block 0).

Decisions (each is a rule a test pins down):

- A date without its own year takes ``year`` (the document's year, from the caller); without
  it the Span is unresolved: ``start``/``end`` null, ``raw`` kept. Placeholder years (201*年,
  XX年, 20xx年) and garbled ones (202223年) are unresolved too, and so is a range end that
  would inherit such a year.
- A range end without a year (or month) inherits the start's: "2008年8月10日~9月10日".
- 上旬/中旬/下旬 names ten days, not a day: month precision, alone and as a range end
  ("1月底至3月上旬" → 2012-01-31 … 2012-03, "3月中旬至10月底" → 2012-03 … 2012-10-31), as
  the shared seed gold reads it; ``raw`` keeps the words. The same rule for a stage
  boundary and a deadline keeps the two comparable.
- 月底/月末 is the month's last day; 年底/年末 is 12-31; 年初/年内/全年 is the year;
  上半年/下半年 and 第N季度 are month ranges.
- "…前"/"截至…" is a deadline (start null); "…起"/"…开始" gives only a start.
- Recurrences and durations (每月, 每季度, 长期, 常年 …) are kept as raw with no dates.
- Today-relative words (今天, 明年 …) and numbers that are not dates (1.8米, 100%, the
  year of a doc number 〔2011〕) are not dates.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import Any, NamedTuple

from pipeline.model import Evidence, Span

# Same-length translation (offsets stay valid): full-width digits and separators. (Not
# the full-width colon: no pattern reads colons, and 完成时限： would cost a translation.)
_WIDTH = str.maketrans("０１２３４５６７８９．／－", "0123456789./-")
RE_WIDE = re.compile("[０-９．／－]")  # str.translate is slow on CJK text: only when needed

CN_DIGITS = {
    "〇": 0, "○": 0, "零": 0, "0": 0, "O": 0, "Ｏ": 0, "o": 0,
    "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
RECURRENCE_WORDS = ("每季度", "每半年", "每月", "每年", "每周", "长期", "常年")
MIN_YEAR, MAX_YEAR = 1000, 9999  # ISO 8601 four-digit years; other context years are ignored
MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
QUARTER_MONTHS = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}
HALF_MONTHS = {"上半年": (1, 6), "下半年": (7, 12)}
DEADLINE_PREFIXES = ("截至", "截止", "截止到", "截止至")

_CN0 = "〇○零0OＯo"
_CN = _CN0 + "一二三四五六七八九"
_YEAR = rf"(?<![\d.])(?:1[89]|20)\d\d|(?:一九|二[{_CN0}])[{_CN}]{{2}}"
_YEAR_BAD = r"(?<![\dA-Za-z])(?:\d{2,3}[*＊xX×]{1,2}|[xX*＊]{2,4}|\d{5,6})"
_YEAR_END = r"\s*(?:年度?|月(?=\s*\d{1,2}\s*月))"  # "2011月5月1日" is a typo for 年
_MONTH = r"(?<!\d)(?:1[0-2]|0?[1-9])|十[一二]?|(?<![十一二三四五六七八九])[一二三四五六七八九]|元"
_DAY = r"(?<!\d)(?:3[01]|[12]\d|0?[1-9])|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九]"
_MONTH_TAIL = rf"(?:\s*(?P<d>{_DAY})\s*[日号號]|(?P<xun>[上中下]旬)|(?P<mmod>底|末|初))?"
_PLACEHOLDER_MD = r"[xX*＊]{1,2}\s*月(?:\s*[xX*＊]{1,2}\s*[日号])?"
_YEAR_MOD = r"(?P<ymod>底|末|初|内|全年|[上下]半年|第?[一二三四1-4]季度)"

# Every alternative below starts with one of these characters; the lookahead lets the
# scanner skip other positions with one test instead of trying each alternative.
_DATE_FIRST = r"(?=[\dxX*＊一二三四五六七八九十元年第上下每长常])"
RE_DATE = re.compile(
    _DATE_FIRST + r"(?:"
    rf"(?P<yr1>(?<![\d.])(?:1[89]|20)\d\d)\s*[-—~～至到]\s*(?P<yr2>(?:1[89]|20)\d\d)\s*年"
    rf"|(?P<ny>(?<![\d.\-/])(?:1[89]|20)\d\d)(?P<sep>[./-])(?P<nm>1[0-2]|0?[1-9])"
    rf"(?:(?P=sep)(?P<nd>3[01]|[12]\d|0?[1-9]))?(?![\d.万亿千百%％元米])"
    rf"|(?:(?P<y>{_YEAR})|(?P<yb>{_YEAR_BAD})){_YEAR_END}"
    rf"(?:\s*(?P<m>{_MONTH})\s*月份?{_MONTH_TAIL}|{_YEAR_MOD}|(?P<pm>{_PLACEHOLDER_MD}))?"
    rf"|(?P<m2>{_MONTH})\s*月份?"
    rf"(?:\s*(?P<d2>{_DAY})\s*[日号號]|(?P<xun2>[上中下]旬)|(?P<mmod2>底|末|初))?"
    rf"|(?<![今明去前后来当本同每次])年(?P<bymod>底|末|初|内)"
    r"|(?<!每)(?P<bq>第?[一二三四1-4]季度|[上下]半年)"
    rf"|(?P<dd>{_DAY})\s*日"
    rf"|(?P<rec>{'|'.join(RECURRENCE_WORDS)})"
    r")"
)
# Every date expression holds one of these; it starts at most WINDOW_BEFORE chars before
# its first one ("二〇一一年": 4) and ends at most WINDOW_AFTER chars after its last ("底前").
RE_ANCHOR = re.compile(r"[年月日号號季旬期周]|\d[./-]\d")
WINDOW_BEFORE, WINDOW_AFTER = 24, 16
RE_SUFFIX = re.compile(r"\s*(?:(?P<before>以前|之前|前)(?!后)|(?P<since>开始|起))")
RE_CONNECTOR = re.compile(
    r"\s*(?:[起从]?[至到]|[~～〜\-－–—―]{1,2}|开始[,，]?[至到]|起[~～〜\-－–—―])\s*(?:次年|翌年)?\s*"
)
RE_END_TAIL = re.compile(r"\s*(?:为止|止|结束)")


class _Atom(NamedTuple):
    """One point expression: parsed fields plus its char span (suffix not included).
    (A named tuple: one is built per date match, ~3x cheaper than a frozen dataclass.)"""

    start: int
    end: int
    year: int | None = None
    bad_year: bool = False
    month: int | None = None
    day: int | None = None
    mod: str | None = None  # 上旬/中旬/下旬/底/初/上半年/下半年/Q1..Q4/年内
    day_only: bool = False
    recurrence: bool = False
    year_range: tuple[int, int] | None = None


RE_YEAR_NUMBER = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def first_year(*texts: str | None) -> int | None:
    """The first four-digit year (19xx/20xx) in the texts, tried in the order given.

    The year a document belongs to: ``first_year(title, date)`` while parsing (bare dates
    like "3月上旬" take it), ``first_year(date, title)`` for the archive's year facet."""
    for s in texts:
        m = RE_YEAR_NUMBER.search(s or "")
        if m:
            return int(m.group(1))
    return None


# --------------------------------------------------------------------------- numbers
def _cn_int(s: str) -> int | None:
    """'28', '二十八', '十', '十二', '三十一', '元' → int; None when not a number."""
    s = s.strip()
    if s.isdigit() and s.isascii():
        return int(s)
    if s == "元":
        return 1
    if "十" in s:
        tens, _, ones = s.partition("十")
        t = CN_DIGITS.get(tens, 0) if tens else 1
        o = CN_DIGITS.get(ones, 0) if ones else 0
        return t * 10 + o
    return CN_DIGITS.get(s) if len(s) == 1 else None


def _cn_year(s: str) -> int:
    if s.isascii() and s.isdigit():
        return int(s)
    return int("".join(str(CN_DIGITS[c]) for c in s))


# --------------------------------------------------------------------------- atoms
def _atom_from_match(m: re.Match[str]) -> _Atom:
    # the plain constructor, not dataclasses.replace: this runs for every date match
    lo, hi = m.span()
    return _Atom(lo, hi, *_atom_of_groups(m.groups())[2:])


@cache
def _group_names() -> tuple[str, ...]:
    """``RE_DATE``'s groups (all named) in number order, as ``m.groups()`` gives them."""
    return tuple(sorted(RE_DATE.groupindex, key=RE_DATE.groupindex.__getitem__))


@lru_cache(maxsize=4096)  # the same expressions (6月底, 2012年) recur across a plan
def _atom_of_groups(groups: tuple[str | None, ...]) -> _Atom:
    """The atom a match's groups describe, at offset 0."""
    g: dict[str, Any] = dict(zip(_group_names(), groups, strict=True))
    lo = hi = 0
    if g["yr1"]:
        return _Atom(lo, hi, year_range=(int(g["yr1"]), int(g["yr2"])))
    if g["ny"]:
        return _Atom(lo, hi, year=int(g["ny"]), month=int(g["nm"]), day=_opt_int(g["nd"]))
    if g["rec"]:
        return _Atom(lo, hi, recurrence=True)
    if g["dd"]:
        return _Atom(lo, hi, day=_cn_int(g["dd"]), day_only=True)
    if g["bymod"] or g["bq"]:
        return _Atom(lo, hi, mod=_year_mod(g["bymod"] or g["bq"]))
    if g["m2"]:
        mod = g["xun2"] or _month_mod(g["mmod2"])
        return _Atom(lo, hi, month=_cn_int(g["m2"]), day=_opt_cn(g["d2"]), mod=mod)
    year = _cn_year(g["y"]) if g["y"] else None
    bad_year = bool(g["yb"] or g["pm"])
    if g["m"]:
        mod = g["xun"] or _month_mod(g["mmod"])
        return _Atom(
            lo,
            hi,
            year=year,
            bad_year=bad_year,
            month=_cn_int(g["m"]),
            day=_opt_cn(g["d"]),
            mod=mod,
        )
    return _Atom(lo, hi, year=year, bad_year=bad_year, mod=_year_mod(g["ymod"]))


def _opt_int(s: str | None) -> int | None:
    return int(s) if s else None


def _opt_cn(s: str | None) -> int | None:
    return _cn_int(s) if s else None


def _month_mod(s: str | None) -> str | None:
    return {"底": "底", "末": "底", "初": "初"}.get(s or "")


def _year_mod(s: str | None) -> str | None:
    """Normalize a year modifier: 末→底, 全年→年内, 第一季度/1季度 → Q1."""
    if not s:
        return None
    if s.endswith("季度"):
        n = s.removeprefix("第").removesuffix("季度")
        return f"Q{_cn_int(n)}"
    return {"末": "底", "全年": "内"}.get(s, s)


# --------------------------------------------------------------------------- ISO bounds
def _last_day(y: int, m: int) -> int:
    # not calendar.monthrange: it rejects years past 9999, and any int may come in
    return 29 if m == 2 and calendar.isleap(y) else MONTH_DAYS[m - 1]


def _iso(y: int, m: int | None = None, d: int | None = None) -> str:
    if m is None:
        return f"{y:04d}"
    return f"{y:04d}-{m:02d}" if d is None else f"{y:04d}-{m:02d}-{d:02d}"


def _valid(a: _Atom, y: int) -> bool:
    if not 1 <= (a.month or 1) <= 12:
        return False
    return a.day is None or 1 <= a.day <= _last_day(y, a.month or 1)


def _bounds(a: _Atom, y: int) -> tuple[str, str] | None:
    """ISO (lo, hi) of an atom in year ``y``; None when the month or day is impossible."""
    if not _valid(a, y):
        return None
    if a.month is None:
        return _year_bounds(a.mod, y)
    m = a.month
    if a.day is not None:
        return _iso(y, m, a.day), _iso(y, m, a.day)
    if a.mod == "底":
        return _iso(y, m, _last_day(y, m)), _iso(y, m, _last_day(y, m))
    return _iso(y, m), _iso(y, m)


def _year_bounds(mod: str | None, y: int) -> tuple[str, str]:
    if mod == "底":
        return _iso(y, 12, 31), _iso(y, 12, 31)
    if mod in HALF_MONTHS:
        lo, hi = HALF_MONTHS[mod]
        return _iso(y, lo), _iso(y, hi)
    if mod and mod.startswith("Q") and int(mod[1:]) in QUARTER_MONTHS:
        lo, hi = QUARTER_MONTHS[int(mod[1:])]
        return _iso(y, lo), _iso(y, hi)
    return _iso(y), _iso(y)


# --------------------------------------------------------------------------- spans
def _year_of(a: _Atom, year: int | None) -> int | None:
    """The atom's year: its own, else the context year; None when unknown or a placeholder."""
    if a.bad_year:
        return None
    y = a.year if a.year is not None else year
    return y if y is not None and MIN_YEAR <= y <= MAX_YEAR else None


def _single(text: str, a: _Atom, end: int, year: int | None) -> Span:
    raw = text[a.start : end]
    ev = Evidence(0, a.start, end)
    y = _year_of(a, year)
    if a.year_range:
        return Span(_iso(a.year_range[0]), _iso(a.year_range[1]), raw, ev)
    if a.recurrence or y is None:
        return Span(None, None, raw, ev)
    b = _bounds(a, y)
    if b is None:
        return Span(None, None, raw, ev)
    suffix = RE_SUFFIX.match(text, a.end)
    if (suffix and suffix.group("before")) or _has_deadline_prefix(text, a.start):
        return Span(None, b[1], raw, ev)
    if suffix and suffix.group("since"):
        return Span(b[0], None, raw, ev)
    return Span(b[0], b[1], raw, ev)


def _has_deadline_prefix(text: str, pos: int) -> bool:
    head = text[max(0, pos - 4) : pos].rstrip()
    return head.endswith(DEADLINE_PREFIXES)


def _inherit(first: _Atom, second: _Atom, year: int | None) -> tuple[int | None, _Atom]:
    """Fill the range end's missing year/month from the start; returns the end's year."""
    y1 = _year_of(first, year)
    if second.day_only:
        second = second._replace(month=first.month)
    if second.year is not None or second.bad_year:
        return _year_of(second, year), second
    if first.bad_year or y1 is None:
        return None, second
    if first.month and second.month and second.month < first.month:
        # "2011年10月至2月": the end is in the next year
        return (y1 + 1 if y1 < MAX_YEAR else None), second
    return y1, second


def _range(text: str, a: _Atom, b: _Atom, end: int, year: int | None) -> Span:
    raw = text[a.start : end]
    ev = Evidence(0, a.start, end)
    y1 = _year_of(a, year)
    y2, b = _inherit(a, b, year)
    lo = _bounds(a, y1) if y1 is not None else None
    hi = _bounds(b, y2) if y2 is not None else None
    if lo is None or hi is None:
        return Span(None, None, raw, ev)
    return Span(lo[0], hi[1], raw, ev)


def _can_start_range(a: _Atom) -> bool:
    return not (a.recurrence or a.day_only or a.year_range)


def _can_end_range(a: _Atom, first: _Atom) -> bool:
    if a.recurrence or a.year_range:
        return False
    return not a.day_only or first.month is not None


def _joined(text: str, a: _Atom, b: _Atom) -> bool:
    """Is the gap between ``a`` and ``b`` only a range connector (起至, ~, 到 …)? Two
    complete month-day expressions with nothing between ("4月1日4月30日") lost theirs."""
    if a.end == b.start:
        return _full_month_day(a) and _full_month_day(b) and b.year is None
    m = RE_CONNECTOR.match(text, a.end)
    return m is not None and m.end() == b.start


def _full_month_day(a: _Atom) -> bool:
    return a.month is not None and (a.day is not None or a.mod is not None)


def find_dates(text: str, year: int | None = None) -> list[Span]:
    """Every date expression in ``text``, in order (see the module doc for the rules)."""
    if not text:
        return []
    norm = text.translate(_WIDTH) if RE_WIDE.search(text) else text
    atoms = [
        _atom_from_match(m) for lo, hi in _windows(norm) for m in RE_DATE.finditer(norm, lo, hi)
    ]
    spans: list[Span] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        nxt = atoms[i + 1] if i + 1 < len(atoms) else None
        if nxt and _can_start_range(a) and _can_end_range(nxt, a) and _joined(norm, a, nxt):
            tail = RE_END_TAIL.match(norm, nxt.end)
            spans.append(_range(text, a, nxt, tail.end() if tail else nxt.end, year))
            i += 2
            continue
        if not a.day_only:
            spans.append(_single(text, a, _single_end(norm, a), year))
        i += 1
    return spans


def _windows(norm: str) -> Iterator[tuple[int, int]]:
    """Stretches of ``norm`` around anchor characters (年, 月, 日, 2011.10 …): every date
    expression holds one, and matching only there is much faster on long paragraphs."""
    lo = hi = -1
    for m in RE_ANCHOR.finditer(norm):
        a, b = max(0, m.start() - WINDOW_BEFORE), min(len(norm), m.end() + WINDOW_AFTER)
        if a > hi:
            if hi > lo:
                yield lo, hi
            lo = a
        hi = b
    if hi > lo:
        yield lo, hi


def _single_end(norm: str, a: _Atom) -> int:
    """End of a single expression's raw: the atom plus a 前/起 suffix (not a connector)."""
    m = RE_SUFFIX.match(norm, a.end)
    if m is None:
        return a.end
    return m.end()


def parse_date(text: str, year: int | None = None) -> Span | None:
    """The first date expression in ``text``, or None."""
    spans = find_dates(text, year)
    return spans[0] if spans else None
