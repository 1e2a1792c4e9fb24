"""Render Word's automatic paragraph numbering (numbering.xml) as the text Word shows.

A numbered paragraph stores no number; Word generates it from ``w:numPr`` (numId, ilvl)
→ ``w:num`` → ``w:abstractNum`` level: start, numFmt and lvlText ("%1、", "（%2）").
Counters run per list: per abstractNum, as Word continues a list across ``w:num``
instances, except that a ``w:num`` with its own start overrides counts on its own.
Raising a level's counter restarts the deeper levels.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

CHINESE_DIGITS = "〇一二三四五六七八九"  # ideographDigital: 2025 → 二〇二五
COUNTING_DIGITS = "零一二三四五六七八九"  # chineseCounting: 105 → 一百零五
LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PARENTHESIZED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
FULLSTOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip
RE_PLACEHOLDER = re.compile(r"%([1-9])")


def chinese_number(n: int, digits: str = COUNTING_DIGITS, units: str = "十百千万") -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (as Word's chineseCounting shows)."""
    if n <= 0:
        return digits[0]
    if n >= 100_000:
        return str(n)
    parts: list[str] = []
    values = ((10_000, units[3]), (1000, units[2]), (100, units[1]), (10, units[0]))
    zero = False
    for value, unit in values:
        d, n = divmod(n, value)
        if d:
            if zero:
                parts.append(digits[0])
            parts.append(unit if (d == 1 and value == 10 and not parts) else digits[d] + unit)
            zero = False
        elif parts:
            zero = True
    if n:
        if zero:
            parts.append(digits[0])
        parts.append(digits[n])
    return "".join(parts)


def _roman(n: int) -> str:
    out = []
    for value, sym in ROMAN:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word repeats the letter: 27 → aa, 28 → bb.
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _enclosed(n: int, chars: str) -> str:
    return chars[n - 1] if 1 <= n <= len(chars) else str(n)


def _cyclic(n: int, chars: str) -> str:
    return chars[(n - 1) % len(chars)] if n >= 1 else str(n)


FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(0xFF10 + int(d)) for d in str(n)),
    "decimalFullWidth2": lambda n: "".join(chr(0xFF10 + int(d)) for d in str(n)),
    "decimalHalfWidth": str,
    "upperRoman": lambda n: _roman(n).upper(),
    "lowerRoman": _roman,
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerLetter": _letters,
    "chineseCounting": chinese_number,
    "chineseCountingThousand": chinese_number,
    "japaneseCounting": chinese_number,
    "taiwaneseCounting": chinese_number,
    "taiwaneseCountingThousand": chinese_number,
    "ideographDigital": lambda n: "".join(CHINESE_DIGITS[int(d)] for d in str(n)),
    "chineseLegalSimplified": lambda n: chinese_number(n, LEGAL_DIGITS, "拾佰仟万"),
    "ideographLegalTraditional": lambda n: chinese_number(n, "零壹貳參肆伍陸柒捌玖", "拾佰仟萬"),
    "ideographTraditional": lambda n: _cyclic(n, HEAVENLY_STEMS),
    "ideographZodiac": lambda n: _cyclic(n, EARTHLY_BRANCHES),
    "decimalEnclosedCircle": lambda n: _enclosed(n, CIRCLED),
    "decimalEnclosedCircleChinese": lambda n: _enclosed(n, CIRCLED),
    "ideographEnclosedCircle": lambda n: _enclosed(n, CIRCLED),
    "decimalEnclosedParen": lambda n: _enclosed(n, PARENTHESIZED),
    "decimalEnclosedFullstop": lambda n: _enclosed(n, FULLSTOP),
    "none": lambda n: "",
    "bullet": lambda n: "",
}


def format_number(n: int, num_fmt: str) -> str:
    """One counter value in a Word numFmt (unknown formats fall back to decimal)."""
    return FORMATS.get(num_fmt, str)(n)


@dataclass(frozen=True, slots=True)
class Level:
    start: int = 1
    num_fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"
    is_legal: bool = False


@dataclass
class Numbering:
    """The numbering definitions of one document plus the running counters."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # abstractNumId →
    nums: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId → ilvl → start
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def label(self, num_id: str, ilvl: int) -> str | None:
        """The rendered number for the next paragraph of (numId, ilvl); None if not numbered."""
        abstract = self.nums.get(num_id)
        if abstract is None or abstract not in self.levels:
            return None
        levels = self.levels[abstract]
        key = num_id if num_id in self.overrides else abstract
        starts = {i: self.overrides.get(num_id, {}).get(i, lv.start) for i, lv in levels.items()}
        counts = self.counters.setdefault(key, {})
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else starts.get(ilvl, 1)
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        level = levels.get(ilvl, Level())

        def fill(m: re.Match[str]) -> str:
            i = int(m.group(1)) - 1
            value = counts.get(i, starts.get(i, 1))
            fmt = "decimal" if level.is_legal else levels.get(i, Level()).num_fmt
            return format_number(value, fmt)

        if level.num_fmt == "bullet":
            return ""
        return RE_PLACEHOLDER.sub(fill, level.text) + (" " if level.suffix == "space" else "")


def _val(el: Any, tag: str) -> str | None:
    child = el.find(W + tag) if el is not None else None
    return child.get(W + "val") if child is not None else None


def _level(lvl: Any) -> Level:
    start = _val(lvl, "start")
    return Level(
        start=int(start) if start and start.lstrip("-").isdigit() else 1,
        num_fmt=_val(lvl, "numFmt") or "decimal",
        text=_val(lvl, "lvlText") or "",
        suffix=_val(lvl, "suff") or "tab",
        is_legal=lvl.find(W + "isLgl") is not None,
    )


def _ilvl(el: Any) -> int:
    raw = el.get(W + "ilvl") or "0"
    return int(raw) if raw.isdigit() else 0


def parse_numbering(root: Any) -> Numbering:
    """Read ``w:numbering`` (an lxml element) into definitions; tolerant of gaps."""
    numbering = Numbering()
    if root is None:
        return numbering
    for absnum in root.iterfind(W + "abstractNum"):
        levels = {_ilvl(lvl): _level(lvl) for lvl in absnum.iterfind(W + "lvl")}
        numbering.levels[absnum.get(W + "abstractNumId") or ""] = levels
    for num in root.iterfind(W + "num"):
        num_id = num.get(W + "numId") or ""
        numbering.nums[num_id] = _val(num, "abstractNumId") or ""
        for override in num.iterfind(W + "lvlOverride"):
            start = _val(override, "startOverride")
            if start and start.isdigit():
                numbering.overrides.setdefault(num_id, {})[_ilvl(override)] = int(start)
    return numbering
