"""Heading numbers of Chinese official documents: 一、 (一) 1. (1) ① 第一阶段 1.1 ...

``parse_marker(text, pos)`` reads the number that starts at ``pos`` (a line start or a point
after a sentence end) and returns a ``Marker`` with its *style* (which family of numbering
it belongs to: the outline builder nests styles), its integer value and the number as
written. Things that look like numbers but are not headings are refused: "3、4月份",
"1.8米", "2008年", "一是…", and a broken line that starts with "一、贺十八大”…".
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

CN_DIGITS = {c: i % 10 for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}
CN_NUM = r"[一二三四五六七八九十]{1,3}"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PAREN_CN = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"  # the cleaning stage maps these to (一); accept both

# Styles, from the outermost by the official rule (党政机关公文格式 GB/T 9704).
STYLE_RANK = {
    "di_major": 0,  # 第一部分 / 第一章
    "cn_dun": 1,  # 一、
    "di_minor": 2,  # 第一阶段 / 第一步 / 第一条 / 第一节
    "cn_paren": 2,  # (一)
    "ar_dun": 3,  # 1、 1. 1．
    "dot2": 3,  # 1.1
    "ar_half": 4,  # 1) 1）
    "ar_paren": 4,  # (1)
    "dot3": 4,  # 1.1.1
    "circled": 5,  # ①
}
# Styles that open a top-level part whatever came before them (see outline._push).
STRONG_STYLES = frozenset({"di_major", "cn_dun"})
DI_MAJOR = frozenset({"部分", "章", "编"})

_DELIM = r"\s*[、.．]"
RE_PAGE_MARK = re.compile(r"-\d{1,3}-\s*")  # "-3-(1)…": a page number glued to the item
RE_CN_DUN = re.compile(rf"({CN_NUM}){_DELIM}")
# "六 考评标准", "2 组织体系": a number and a space, taken only before a short heading line
RE_SPACED = re.compile(rf"({CN_NUM}|\d{{1,2}})[ \u3000]+(?=[\u4e00-\u9fff])")
SPACED_MAX = 20
RE_SHORT_HEADING = re.compile(r"[^。；;，,：:！!？?]{1,20}\s*$")
RE_CN_PAREN = re.compile(rf"[(（]\s*({CN_NUM})\s*[)）](?:\s*[、.．])?")
RE_PAREN_CN_CHAR = re.compile(rf"([{PAREN_CN}])(?:\s*[、.．])?")
RE_AR_PAREN = re.compile(r"[(（]\s*(\d{1,2})\s*[)）](?:\s*[、.．])?")
RE_DOT = re.compile(r"(\d{1,2})[.．](\d{1,2})(?:[.．](\d{1,2}))?(?![\d.．%％])")
RE_AR_DUN = re.compile(r"(\d{1,2})\s*(?:、|[.．](?![\d.．]))")
RE_AR_HALF = re.compile(r"(\d{1,2})[)）]")
RE_CIRCLED = re.compile(rf"([{CIRCLED}])(?:\s*[、.．])?")
RE_DI = re.compile(rf"第({CN_NUM}|\d{{1,2}})(部分|阶段|步|章|条|节|编)[、:：.．]?")

# What may not follow a number for it to be a heading.
RE_NOT_AFTER = re.compile(r"\s*[年月日号]")
NOT_AFTER_FIRST = "年月日号"
# "3、4月份", "一、二年级": the next number of an enumeration, not a heading's text
RE_ENUM_AFTER = re.compile(rf"\s*(\d{{1,2}}|{CN_NUM})(?=[、至到年级月日号次个\d])")
RE_UNIT_AFTER_DOT = re.compile(r"\s*[米%％倍元万亿吨公千平克个次岁]")
RE_QUOTE_OPEN = "“‘「『《"
RE_QUOTE_CLOSE = "”’」』》"
RE_QUOTE = re.compile(f"[{RE_QUOTE_OPEN}{RE_QUOTE_CLOSE}]")
# First characters of the number patterns (with any decimal digit, which is what \d is).
CN_NUMERALS = frozenset("一二三四五六七八九十")
CN_FIRST = CN_NUMERALS | frozenset(CIRCLED)
NUMBER_START = frozenset("第(（" + PAREN_CN) | CN_FIRST


class Marker(NamedTuple):
    """A heading number found at ``start``; the heading text begins at ``end``.

    A named tuple, not a frozen dataclass: the outline builds one per numbered line, and a
    frozen dataclass's ``__init__`` (one ``object.__setattr__`` per field) costs 4x more."""

    style: str
    value: int
    number: str  # as written, brackets normalized to ASCII: "三", "(二)", "2", "第一阶段"
    raw: str  # the marker exactly as in the text, e.g. "（二）", "1、"
    start: int
    end: int

    @property
    def rank(self) -> int:
        return STYLE_RANK.get(self.style, 9)


def cn_value(s: str) -> int:
    """Value of a Chinese numeral up to 99: 三 → 3, 十二 → 12, 二十 → 20, 二十三 → 23."""
    if not s:
        return 0
    if "十" not in s:
        v = 0
        for ch in s:
            v = v * 10 + CN_DIGITS.get(ch, 0)
        return v
    tens, _, ones = s.partition("十")
    t = CN_DIGITS.get(tens, 0) if tens else 1
    o = CN_DIGITS.get(ones, 0) if ones else 0
    return t * 10 + o


def _num_value(s: str) -> int:
    return int(s) if s.isdigit() else cn_value(s)


def _match_raw(text: str, pos: int) -> tuple[str, int, str, re.Match[str]] | None:
    """(style, value, number, match) of the first number pattern matching at ``pos``.

    Each pattern can only start with certain characters (a numeral, a digit, ①, 第, a
    bracket, ㈠): the first character picks the few worth trying, in the same order."""
    ch = text[pos : pos + 1]
    if ch in CN_NUMERALS:
        return _match_cn_dun(text, pos)
    if ch.isdecimal():
        return _match_digits(text, pos)
    if ch in CIRCLED:
        m = RE_CIRCLED.match(text, pos)
        return ("circled", CIRCLED.index(m.group(1)) + 1, m.group(1), m) if m else None
    if ch == "第":
        m = RE_DI.match(text, pos)
        if m is None:
            return None
        style = "di_major" if m.group(2) in DI_MAJOR else "di_minor"
        return style, _num_value(m.group(1)), f"第{m.group(1)}{m.group(2)}", m
    if ch in PAREN_CN:
        m = RE_PAREN_CN_CHAR.match(text, pos)
        if m is None:
            return None
        v = PAREN_CN.index(m.group(1)) + 1
        return "cn_paren", v, f"({'一二三四五六七八九十'[v - 1]})", m
    return _match_paren(text, pos)


def _match_cn_dun(text: str, pos: int) -> tuple[str, int, str, re.Match[str]] | None:
    m = RE_CN_DUN.match(text, pos)
    return ("cn_dun", cn_value(m.group(1)), m.group(1), m) if m else None


def _match_digits(text: str, pos: int) -> tuple[str, int, str, re.Match[str]] | None:
    m = RE_DOT.match(text, pos)
    if m and not RE_UNIT_AFTER_DOT.match(text, m.end()):
        style = "dot3" if m.group(3) else "dot2"
        return style, int(m.group(m.lastindex or 1)), m.group(0).replace("．", "."), m
    m = RE_AR_DUN.match(text, pos)
    if m:
        return "ar_dun", int(m.group(1)), str(int(m.group(1))), m
    m = RE_AR_HALF.match(text, pos)
    if m:
        return "ar_half", int(m.group(1)), f"{int(m.group(1))})", m
    return None


def _match_paren(text: str, pos: int) -> tuple[str, int, str, re.Match[str]] | None:
    m = RE_CN_PAREN.match(text, pos)
    if m:
        return "cn_paren", cn_value(m.group(1)), f"({m.group(1)})", m
    m = RE_AR_PAREN.match(text, pos)
    if m:
        return "ar_paren", int(m.group(1)), f"({int(m.group(1))})", m
    return None


def _match_spaced(text: str, pos: int) -> tuple[str, int, str, re.Match[str]] | None:
    m = RE_SPACED.match(text, pos)
    if m is None or not RE_SHORT_HEADING.match(text, m.end()):
        return None
    num = m.group(1)
    if _num_value(num) > SPACED_MAX:  # "90 周年大会…" is a count, not a heading number
        return None
    if num.isdigit():
        return "ar_dun", int(num), str(int(num)), m
    return "cn_dun", cn_value(num), num, m


def _broken_line(text: str, end: int) -> bool:
    """A closing quote before any opening one in the 30 characters after ``end``: the line
    is the tail of a broken sentence."""
    q = RE_QUOTE.search(text, end, end + 30)
    return q is not None and q.group() in RE_QUOTE_CLOSE


def _refused_after(text: str, end: int, value: int) -> bool:
    """What follows the number shows it is none: a date unit, the next number of an
    enumeration ("3、4月份"), or the tail of a broken quoted sentence."""
    nxt = text[end : end + 1]
    space = nxt.isspace()  # what \s matches; otherwise the patterns' first character decides
    if (space or nxt in NOT_AFTER_FIRST) and RE_NOT_AFTER.match(text, end):
        return True
    if _broken_line(text, end):
        return True
    if not (space or nxt in CN_NUMERALS or nxt.isdecimal()):
        return False
    enum = RE_ENUM_AFTER.match(text, end)
    return enum is not None and _num_value(enum.group(1)) == value + 1


@lru_cache(maxsize=8192)  # pure; outline asks for the same line several times
def parse_marker(text: str, pos: int = 0, *, line_start: bool = True) -> Marker | None:
    """The heading number at ``text[pos:]``, or None when there is none / it is not one."""
    if line_start and text.startswith("-", pos):
        pm = RE_PAGE_MARK.match(text, pos)
        if pm:
            pos = pm.end()
    while pos < len(text) and text[pos] in " \u3000\t":
        pos += 1
    ch = text[pos : pos + 1]
    if ch not in NUMBER_START and not ch.isdecimal():  # most lines: fail before any regex
        return None
    found = _match_raw(text, pos)
    if found is None and line_start:
        found = _match_spaced(text, pos)
    if found is None:
        return None
    style, value, number, m = found
    end = m.end()
    if value <= 0 or _refused_after(text, end, value):
        return None
    if style == "ar_half" and not line_start:
        return None  # "3)" inside a sentence is too often a closing bracket
    while end < len(text) and text[end] in " \u3000\t":
        end += 1
    return Marker(style, value, number, text[m.start() : m.end()].strip(), m.start(), end)


# Inline numbers: after a sentence end (。；：!?), possibly with a page number "-4-" between.
RE_INLINE_CANDIDATE = re.compile(
    rf"(?<=[。；;:：!！?？)）])\s*(?:-\d{{1,3}}-\s*)?(?=[(（{PAREN_CN}{CIRCLED}第一二三四五六七八九十\d])"
)
# Text flattened to one line (pdf, scraped doc viewers) separates headings by spaces only:
# "…方案1 一、指导思想 以…". Only the outer styles are taken there; a title glued to its
# first heading ("…工作方案一、背景分析") is the same case.
RE_INLINE_SPACED = re.compile(
    rf"(?:(?<=\S)[ \u3000]+|(?<=方案))(?={CN_NUM}[、.．]|[(（]{CN_NUM}[)）]|[{PAREN_CN}])"
)


RE_CN_DUN_ANYWHERE = re.compile(rf"(?<![一二三四五六七八九十第]){CN_NUM}[、.．]")
# RE_INLINE_CANDIDATE with its sentence end taken into the match: the same matches one
# character earlier (a match never consumes a sentence end, so none is lost), found fast.
RE_INLINE_AFTER_END = re.compile(
    rf"[。；;:：!！?？)）]\s*(?:-\d{{1,3}}-\s*)?(?=[(（{PAREN_CN}{CIRCLED}第一二三四五六七八九十\d])"
)
HINT_SPACED = re.compile(f"[一二三四五六七八九十(（{PAREN_CN}]")  # where RE_INLINE_SPACED ends
HINT_CN_DUN = re.compile("[一二三四五六七八九十][、.．]")  # inside every RE_CN_DUN_ANYWHERE


def glued_top_positions(text: str, start: int = 0) -> list[int]:
    """Every 一、-style number after ``start``, even glued to the text before it
    ("…礼行天下三、活动时间:"). The caller takes one only before a known heading."""
    tops = line_scan(text)[1]
    return [s for s in tops if s >= start] if start else list(tops)


def inline_positions(text: str, start: int = 0) -> list[int]:
    """Positions after ``start`` where an inline heading number may begin (not validated)."""
    found = line_scan(text)[0]
    if not found:
        return []
    return sorted({e for s, e in found if s >= start})


@lru_cache(maxsize=4096)  # the outline asks again after every number found in the line
def line_scan(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...]]:
    """(start, end) of every inline-number candidate and the start of every glued 一、 in
    the whole line. A scan from a later position finds exactly the matches that start
    there or after: no match can begin inside another (the lookbehinds refuse the spaces,
    page numbers and numerals a match consumes), so filtering one scan is the same."""
    # The patterns open with lookbehinds, so the engine tries them at every position; the
    # hints below start with a character class (a fast scan) and are found wherever the
    # patterns match, so a line without a hint has no match.
    inline = [(m.start() + 1, m.end()) for m in RE_INLINE_AFTER_END.finditer(text)]
    # a spaced match follows a space or 方案 (most lines have neither) and ends at 2 or later
    spaced = " " in text or "\u3000" in text or "方案" in text
    if spaced and HINT_SPACED.search(text, 2):
        inline += [(m.start(), m.end()) for m in RE_INLINE_SPACED.finditer(text)]
    if not HINT_CN_DUN.search(text):
        return tuple(inline), ()
    return tuple(inline), tuple(m.start() for m in RE_CN_DUN_ANYWHERE.finditer(text))


HEADING_FIRST = frozenset("(（" + PAREN_CN + CIRCLED)  # a bracket or a one-char number
NUMBER_FIRST = "一二三四五六七八九十第"  # first chars of RE_CN_DUN / RE_DI (or a digit)
RE_GLUED_FIRST = re.compile(rf"[(（{PAREN_CN}{CIRCLED}{NUMBER_FIRST}\d]")
GLUED_STOP = "。；;:：,，!！?？"
RE_GLUED_STOP = re.compile(f"[{GLUED_STOP}]")
RE_GLUED_FIRST_OR_STOP = re.compile(rf"[(（{PAREN_CN}{CIRCLED}{NUMBER_FIRST}\d{GLUED_STOP}]")


def glued_positions(text: str, start: int, limit: int = 20) -> list[int]:
    """Numbers glued to a short heading: "(二)文明景区创建(1)搞好…" → [index of "(1)"].

    Only within ``limit`` characters after ``start`` and before any punctuation: a heading
    is short and unpunctuated, a sentence is not.
    """
    end = min(len(text), start + limit + 1)
    first = RE_GLUED_FIRST_OR_STOP.search(text, start + 2, end)
    if first is None or first.group() in GLUED_STOP:  # most headings: nothing glued
        return []
    stop = RE_GLUED_STOP.search(text, first.end(), end)
    if stop is not None:
        end = stop.start()
    # RE_GLUED_FIRST stands for the regexes' first characters: most positions fail fast
    return [
        m.start()
        for m in RE_GLUED_FIRST.finditer(text, start + 2, end)
        if m.group() in HEADING_FIRST or _number_at(text, m.start())
    ]


def _number_at(text: str, i: int) -> bool:
    """一、 / 第二阶段 / 1、 starts at ``i`` (an arabic one not as the tail of a longer number)."""
    if RE_CN_DUN.match(text, i) or RE_DI.match(text, i):
        return True
    return not text[i - 1].isdigit() and RE_AR_DUN.match(text, i) is not None
