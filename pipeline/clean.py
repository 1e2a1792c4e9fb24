"""Cleaning: site chrome, teasers, chunk counters, page markers, spacing and broken lines.

Every step is a small pure function over ``str`` or ``list[Block]``; ``clean_blocks`` runs
them in order. Blocks that are merged keep the first block's ``index`` and the joined
``raw``; pieces split out of one block keep that block's ``raw`` and ``index``.
Patterns live in ``pipeline/resources/chrome_*.txt`` (one regex per line), compiled once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from pipeline.extract.title import TEMPLATE_WORDS, clean_title, is_title_like, trailing_title
from pipeline.literals import opening_chars, required_any, split_alternatives
from pipeline.model import Block
from pipeline.split import RE_MARKER_INLINE

CJK = r"\u3400-\u9fff"
# A line ends a sentence (or a bracket) with one of these (as "[…]$": before one final \n).
TERMINAL_CHARS = frozenset("。！？；：:!?;…”」』）)]】》")
ELLIPSIS_ENDS = ("...", "…", "。。。")  # "(?:\.{3,}|…+|。。。)$": a cut-off teaser
RE_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）]"
    r"|\d{1,2}(?:\.\d{1,2})*[、.．)）]|第[一二三四五六七八九十\d]+[章节条部分阶段篇]|[①-⑳])"
)
RE_CN_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")
RE_LABEL = re.compile(r"^[^,，。；;]{1,10}[:：]")
RE_DATE_LINE = re.compile(
    r"^.{0,30}(?:\d{4}|[〇一二三四五六七八九]{4}|\d{3}\*)年\S{1,6}月(?:\S{1,4}日)?$"
)
RE_DOC_NUMBER_LINE = re.compile(r"^\S{1,12}[〔\[(（]\d{4}[〕\])）]\s*\d{1,4}\s*号$")
RE_TITLE_START = re.compile(r"^关于[^,，。；:：]{2,28}$")  # "关于深入贯彻" opens a title
RE_LEADING_PAGE = re.compile(r"^\d{1,3}\s+")
# ",XX市某局创建文明城市工作实施方案。" glued after the last sentence of a paragraph.
RE_INJECTED_NAME = re.compile(
    rf"(?<=[{CJK}])[,，]((?:XX|xx|某|[{CJK}]{{1,6}}[市县区镇局院])[^,，。；]{{4,40}}?"
    r"(?:实施方案|工作方案))(?=。$)"
)
RE_VERB_START = re.compile(
    r"^(?:特|现|并|制定|制订|印发|按照|根据|结合|参照|落实|执行|依据|对照|围绕|完成|做好|开展"
    r"|推进|实施|学习|贯彻|出台|研究)"
)
RE_VERB_INSIDE = re.compile(r"制定|制订|印发|出台|编制|下发|通过|审议|研究|起草|了")
RE_CHUNK_START = re.compile(r"^(\d{1,3})、")
# A site's blurb naming the page's document: "以下是会员分享的社区除四害工作计划,供大家参阅。",
# "我们为您整理了5篇防汛防台应急预案范文,…" (the name, without the 范文 and 5篇 around it).
RE_BLURB_NAME = re.compile(
    r"(?:分享的|整理的|整理了|带来的|收集的)(?:\d{1,2}篇)?"
    rf"(.{{4,40}}?)(?:{TEMPLATE_WORDS})*(?:\d{{1,2}}篇)?[,，。;；!！]"
)
RE_PAGE_LINE = re.compile(r"^[-－—]?\s*\d{1,3}\s*[-－—]?$")
PAGE_LINE_FIRST = frozenset("-－—")  # or a digit: how a (stripped) page line starts
# Space between two CJK characters (or after CJK punctuation) inside a line.
RE_CJK_SPACE = re.compile(rf"(?<=[{CJK}，。：；、:”）)])\s+(?=\S)")
RE_SINGLE_CJK_SPACE = re.compile(rf"(?<=[{CJK}]) (?=[{CJK}])")
RE_WHITESPACE = re.compile(r"\s")
RE_SPACED_WORD = re.compile(rf"(?<![{CJK}])[{CJK}](?: [{CJK}])+(?![{CJK}])")
# A title running into the addressee / body after a space: "XX实施方案 各科室:".
RE_TITLE_THEN_SPACE = re.compile(
    r"^(\S{4,60}?(?:方案|计划|规划|总结|汇报|报告|通报|通知|意见|讲话|制度|办法|细则)\d{0,2})"
    r"\s+(?=[^\s(（])"
)
# Inline headings: "…的汇报:一、创建工作进展情况" / "…工作。二、存在问题".
RE_INLINE_HEADING = re.compile(r"(?<=[。：:；;！？])\s*(?=[一二三四五六七八九十]{1,3}、\S)")
# RE_INLINE_HEADING with its lookarounds as text: found wherever it matches, but fast to
# scan for (it opens with a class; the lookbehind makes the engine try every position).
RE_INLINE_HEADING_HINT = re.compile(r"[。：:；;！？]\s*[一二三四五六七八九十]{1,3}、\S")
# A title glued to its first heading or to the speech's salutation.
RE_TITLE_THEN_HEADING = re.compile(
    r"^(.{4,60}?(?:【[^】]{0,8}篇】)?)(?=一、\S|同志们[:：,，!！]|各位领导|尊敬的)"
)
RE_TITLE_OPENING = re.compile("一、|同志们|各位领导|尊敬的")  # the literals of its lookahead
TITLE_OPENING_END = 75  # they start at most 60 + 11 (【…篇】) chars in and are <= 4 long
# "XX实施方案【参考8篇】为了确保…": a compilation's title glued to its blurb.
RE_TITLE_THEN_ENTRY = re.compile(r"^(.{4,60}?【[^】]{0,8}篇】)(?=\S)")
# "XX大检查方案4进入四月以来…": a compilation's entry number between title and body.
RE_TITLE_NUMBER_BODY = re.compile(
    rf"^(.{{4,60}}?(?:方案|计划|总结|意见|通知|讲话))\d{{1,2}}(?!篇)(?=[{CJK}])"
)
# In every RE_TITLE_NUMBER_BODY match, starting 4 to 60 characters in: a quick scan for it
# skips the lazy title scan on the many lines that have none.
RE_TITLE_NUMBER_HINT = re.compile(r"(?:方案|计划|总结|意见|通知|讲话)\d")
TITLE_NUMBER_HINT_SPAN = (4, 63)
SPACE_MODE_MIN_SPACES = 3  # tuned on renrendoc/wnwk chunk text: >=3 spaces = line breaks
TEASER_MAX_LEN = 300  # teasers are ~100-160 chars; a longer truncated text is a real body
TOC_ENTRY_MAX = 40  # table-of-contents entries are short: heading + page number
TITLE_HEAD_MIN = 8  # a title's first line, broken before its kind word ("情况汇报")
JOIN_MIN_LEN = 15  # a line shorter than this that lacks punctuation is a title/heading
CONTINUATION_PUNCT = ",，、;；:：。)）"


@cache
def _patterns(name: str) -> tuple[re.Pattern[str], ...]:
    text = resources.files("pipeline.resources").joinpath(name).read_text(encoding="utf-8")
    lines = (ln.strip() for ln in text.splitlines())
    return tuple(re.compile(ln) for ln in lines if ln and not ln.startswith("#"))


# A group of patterns tested as one regex: (its number, anchored at 0?, the regex).
Group = tuple[int, bool, re.Pattern[str]]


@dataclass(frozen=True)
class Matcher:
    """A pattern file prepared for an any-match test of one line."""

    quick: dict[str, re.Pattern[str]]  # anchored patterns opening with a fixed character, by it
    always: tuple[Group, ...]  # patterns with nothing known to need: always run
    needs: re.Pattern[str]  # the strings the other groups need, longest first
    by_need: dict[str, tuple[Group, ...]]  # the groups to run when a string is found there

    def matches(self, text: str) -> bool:
        q = self.quick.get(text[:1])
        if q is not None and q.match(text):
            return True
        for _, anchored, rx in self.always:
            if rx.match(text) if anchored else rx.search(text):
                return True
        found = self.needs.search(text)
        return found is not None and self._needed_match(text, found)

    def _needed_match(self, text: str, first: re.Match[str]) -> bool:
        """Run each group one of whose needed strings is in ``text``. The scan restarts
        one character after each find, so strings overlapping a find are found too."""
        tried: set[int] = set()
        found: re.Match[str] | None = first
        while found is not None:
            for k, anchored, rx in self.by_need[found.group()]:
                if k not in tried:
                    tried.add(k)
                    if rx.match(text) if anchored else rx.search(text):
                        return True
            found = self.needs.search(text, found.start() + 1)
        return False


@cache
def _matcher(name: str) -> Matcher:
    """The anchored patterns that open with a fixed character go into one alternation per
    first character; the others are grouped by what they need, and run only when one of
    those strings is found by a single scan of the line."""
    pats = [p.pattern for p in _patterns(name)]
    quick: dict[str, list[str]] = {}
    rest: list[tuple[str, bool]] = []
    for p in pats:
        firsts = opening_chars(p[1:]) if p.startswith("^") else frozenset()
        for ch in sorted(firsts):
            quick.setdefault(ch, []).append(p[1:])
        if p.startswith("^") and not firsts:
            rest.append((p[1:], True))
    rest += [(alt, False) for p in pats if not p.startswith("^") for alt in split_alternatives(p)]
    groups: dict[tuple[tuple[str, ...], bool], list[str]] = {}
    for p, anchored in rest:
        groups.setdefault((required_any(p), anchored), []).append(p)
    numbered = [
        (k, needs, (k, a, _alternation(ps))) for k, ((needs, a), ps) in enumerate(groups.items())
    ]
    return Matcher(
        {ch: _alternation(ps) for ch, ps in quick.items()},
        tuple(g for _, needs, g in numbered if not needs),
        _needs_scan({s for _, needs, _ in numbered for s in needs}),
        _groups_by_need([(needs, g) for _, needs, g in numbered if needs]),
    )


def _needs_scan(needed: set[str]) -> re.Pattern[str]:
    """One alternation of the needed strings; longest first, so at each position the
    longest one found stands for all the others it starts with."""
    ordered = sorted(needed, key=lambda s: (-len(s), s))
    return re.compile("|".join(re.escape(s) for s in ordered) or "(?!x)x")


def _groups_by_need(groups: list[tuple[tuple[str, ...], Group]]) -> dict[str, tuple[Group, ...]]:
    """For each needed string, the groups needing it or any string it starts with."""
    needed = {s for needs, _ in groups for s in needs}
    return {
        s: tuple(g for needs, g in groups if any(s.startswith(n) for n in needs)) for s in needed
    }


def _alternation(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!x)x")


def _matches(name: str, text: str) -> bool:
    return _matcher(name).matches(text)


# Longest whole-line chrome seen in the seeds/dev set is a ~120-char 声明 paragraph; a line far
# longer is a whole flattened page, which must not be dropped for one copyright phrase in it.
CHROME_LINE_MAX = 300


def is_chrome_line(text: str) -> bool:
    """A whole line of hosting-site chrome (upload widgets, copyright, page counters...)."""
    t = text.strip()
    if len(t) > CHROME_LINE_MAX:  # a flattened page: body text that merely mentions 版权所有
        return False
    page_line = (t[:1] in PAGE_LINE_FIRST or t[:1].isdecimal()) and RE_PAGE_LINE.match(t)
    return bool(page_line) or _matches("chrome_lines.txt", t)


def is_tail_marker(text: str) -> bool:
    """A line that opens a list of other pages (相关范文推荐, 猜你喜欢 ...)."""
    return _matches("chrome_tail.txt", text.strip())


def strip_inline_chrome(text: str) -> str:
    """Delete chrome injected inside a line ([精选], 省略N字, page markers -2-, URLs)."""
    if _inline_needs().search(text) is None:  # no pattern can match, so none ever will
        return text.strip()
    for needs, p in _inline_patterns():
        for s in needs or ("",):  # no match is possible without one of ``needs``
            if s in text:
                text = p.sub("", text)
                break
    return text.strip()


@cache
def _inline_needs() -> re.Pattern[str]:
    """Finds a string some inline pattern needs ("" for a pattern needing nothing)."""
    return _needs_scan({s for needs, _ in _inline_patterns() for s in needs or ("",)})


@cache
def _inline_patterns() -> tuple[tuple[tuple[str, ...], re.Pattern[str]], ...]:
    return tuple((required_any(p.pattern), p) for p in _patterns("chrome_inline.txt"))


def is_teaser_blurb(text: str) -> bool:
    """A truncated first paragraph of another page: long-ish and ending in '......'."""
    return 40 <= len(text) <= TEASER_MAX_LEN and _line_end(text).endswith(ELLIPSIS_ENDS)


def _line_end(text: str) -> str:
    """``text`` without one final newline: where a pattern's "$" sees the line end. Testing
    the last characters is much cheaper than a "…$" search, which tries every position."""
    return text[:-1] if text.endswith("\n") else text


def _ends_sentence(text: str) -> bool:
    return _line_end(text)[-1:] in TERMINAL_CHARS


def _is_teaser_title(text: str) -> bool:
    return not RE_HEADING.match(text) and is_title_like(clean_title(text))


def _is_tail_item(text: str) -> bool:
    return len(text) <= 60 and "。" not in text


def drop_chrome_blocks(blocks: list[Block]) -> list[Block]:
    """Drop chrome lines, tail link lists and teaser (title + blurb) pairs."""
    out: list[Block] = []
    in_tail = False
    for b in blocks:
        t = strip_inline_chrome(b.text)
        if in_tail and RE_CN_HEADING.match(t):
            in_tail = False  # a numbered heading is the text again, never a teaser
        if in_tail and (_is_tail_item(t) or is_teaser_blurb(t) or is_chrome_line(t)):
            continue
        in_tail = False
        if is_tail_marker(t):
            in_tail = True
            continue
        if not t or is_chrome_line(t):
            continue
        if is_teaser_blurb(t) and out and _is_teaser_title(out[-1].text):
            out.pop()  # a teaser is a pair: another page's title, then its cut first lines
            continue
        out.append(_with_text(b, t))
    return out


def _with_text(b: Block, text: str) -> Block:
    return b if text == b.text else replace(b, text=text)


def _merge(a: Block, b: Block, sep: str = "") -> Block:
    raw = a.raw if a.index == b.index else f"{a.raw}\n{b.raw}"
    return replace(a, text=a.text + sep + b.text, raw=raw)


def _chunk_run(blocks: list[Block], start: int) -> int:
    """Length of the run of chunk-counter blocks "1、…", "2、…" starting at ``start``."""
    n = 0
    while start + n < len(blocks):
        m = RE_CHUNK_START.match(blocks[start + n].text)
        if not m or int(m.group(1)) != n + 1:
            break
        n += 1
    if n < 2:
        return 0
    run = blocks[start : start + n]
    body = run[:-1]
    # Converters cut chunks at a fixed size, so they are long and end mid-sentence.
    long_enough = all(len(b.text) >= 80 for b in body)
    mid_word = sum(not _ends_sentence(b.text) for b in body)
    return n if long_enough and mid_word * 2 >= len(body) else 0


def merge_chunk_counters(blocks: list[Block]) -> list[Block]:
    """Converter chunks "1、…围" / "2、绕市…" → one block without the counters."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        n = _chunk_run(blocks, i) if blocks[i].text.startswith("1、") else 0
        if not n:
            out.append(blocks[i])
            i += 1
            continue
        merged = replace(blocks[i], text=RE_CHUNK_START.sub("", blocks[i].text))
        for b in blocks[i + 1 : i + n]:
            merged = _merge(merged, replace(b, text=RE_CHUNK_START.sub("", b.text)))
        out.append(merged)
        i += n
    return out


def site_title(blocks: list[Block]) -> str | None:
    """The hosting page's title: the first non-chrome block when it looks like a title."""
    # A chrome line only names the page when title cleaning strips its chrome
    # ("XX总结 - 页1/4", "XX方案 .doc"); breadcrumbs and widgets are skipped.
    heads = [b for b in blocks[:8] if not is_chrome_line(b.text) or clean_title(b.text) != b.text]
    for b in heads[:3]:
        t = clean_title(b.text)
        if t and is_title_like(t):
            return t
    return _blurb_name(blocks[:8])


def _blurb_name(blocks: list[Block]) -> str | None:
    """The document a site's blurb names, for a page with no title line of its own."""
    for b in blocks:
        if (m := RE_BLURB_NAME.search(b.text)) and is_chrome_line(b.text):
            t = clean_title(m.group(1))
            if is_title_like(t):
                return t
    return None


def drop_injected_title(text: str, title: str | None) -> str:
    """ ",XX实施方案。" / ",规划方案《XX实施方案》" pasted by the site after a sentence."""
    if title and len(title) >= 8 and title in text:
        return _drop_title_after_comma(text, title)
    if "方案" not in text:  # cheap guard: RE_INJECTED_NAME needs 实施方案/工作方案
        return text
    return RE_INJECTED_NAME.sub(lambda m: "" if _is_injected(m.group(1)) else m.group(0), text)


def _is_injected(phrase: str) -> bool:
    """A plan's name (an organisation's, not a verb phrase like "特制定XX方案")."""
    if RE_VERB_START.match(phrase) or RE_VERB_INSIDE.search(phrase):
        return False
    return is_title_like(phrase)


# What may follow a pasted title: a sentence end, or the end of the line.
INJECTED_TITLE_END = "。；！？"


def _drop_title_after_comma(text: str, title: str) -> str:
    """Delete every "[,，]\\s*(?:[CJK]{1,6}《title》|title)" followed by 。；！？ or the end.

    Hand-written instead of one regex per document title: compiling a pattern with a CJK
    class costs ~2 ms, more than the whole cleaning of a typical file."""
    out: list[str] = []
    last = pos = 0
    while (i := _next_comma(text, pos)) >= 0:
        end = _title_match_end(text, i, title)
        if end < 0:
            pos = i + 1
            continue
        out.append(text[last:i])
        last = pos = end
    return "".join(out) + text[last:] if out else text


def _next_comma(text: str, pos: int) -> int:
    a, b = text.find(",", pos), text.find("，", pos)
    return b if a < 0 else a if b < 0 else min(a, b)


def _title_match_end(text: str, i: int, title: str) -> int:
    """End of the pasted title starting at the comma ``text[i]``, or -1 (regex semantics:
    greedy whitespace with backtracking, the bracketed form tried first)."""
    k = i + 1
    while k < len(text) and text[k].isspace():
        k += 1
    quoted = f"《{title}》"
    for start in range(k, i, -1):
        run = _cjk_run(text, start, 7)  # "规划方案《title》": up to 6 CJK before the 《
        if 1 <= run <= 6 and _title_at(text, start + run, quoted):
            return start + run + len(quoted)
        if _title_at(text, start, title):
            return start + len(title)
    return -1


def _title_at(text: str, start: int, title: str) -> bool:
    return text.startswith(title, start) and _at_title_end(text, start + len(title))


def _cjk_run(text: str, start: int, limit: int) -> int:
    n = 0
    while n < limit and start + n < len(text) and "\u3400" <= text[start + n] <= "\u9fff":
        n += 1
    return n


def _at_title_end(text: str, p: int) -> bool:
    # "$" without MULTILINE also matches before one final newline
    return (
        p == len(text) or text[p] in INJECTED_TITLE_END or (p == len(text) - 1 and text[p] == "\n")
    )


def close_spaced_words(text: str) -> str:
    """ "实 施 方 案" → "实施方案", "组 长:" → "组长:" (letter-spaced headings and labels)."""
    return RE_SPACED_WORD.sub(lambda m: m.group(0).replace(" ", ""), text)


def split_spaced(text: str) -> list[str]:
    """Split a line whose spaces stand for line breaks; else close up CJK spacing."""
    if not RE_WHITESPACE.search(text):  # every pattern below needs a space (most lines: none)
        return [text]
    space_mode = len(RE_CJK_SPACE.findall(text)) >= SPACE_MODE_MIN_SPACES and len(text) >= 60
    text = close_spaced_words(text)
    if space_mode:
        return [p for p in RE_CJK_SPACE.split(text) if p.strip()]
    m = RE_TITLE_THEN_SPACE.match(text)
    if m and is_title_like(m.group(1)):
        return [m.group(1), *split_spaced(text[m.end() :])]
    return [RE_SINGLE_CJK_SPACE.sub("", text)]


def _doubled_title(text: str) -> str | None:
    """ "XX汇报XX汇报近年来…" → "XX汇报" (the site printed the title twice)."""
    limit = min(len(text) // 2, 60)
    # only lengths where the second copy can start: the first character recurs there
    n = text.find(text[:1], 6) if text else -1
    while 0 <= n <= limit:
        head = text[:n]
        if text[n : 2 * n] == head and is_title_like(head):
            return head
        n = text.find(text[0], n + 1)
    return None


def _title_head(text: str) -> tuple[str, str] | None:
    """(title, rest) when ``text`` opens with a title glued to what follows, else None."""
    hint = RE_TITLE_NUMBER_HINT.search(text, *TITLE_NUMBER_HINT_SPAN)
    m = RE_TITLE_NUMBER_BODY.match(text) if hint else None
    if m and is_title_like(m.group(1)):
        return m.group(1), text[m.end() :]
    m = RE_TITLE_THEN_ENTRY.match(text) if "篇】" in text else None
    if m and is_title_like(clean_title(m.group(1))):
        return m.group(1), text[m.end(1) :]
    # the lazy title scan costs more than first looking for what must follow the title
    opening = RE_TITLE_OPENING.search(text, 4, TITLE_OPENING_END)
    m = RE_TITLE_THEN_HEADING.match(text) if opening else None
    if m and is_title_like(clean_title(m.group(1))) and not is_title_like(text):
        return m.group(1), text[m.end(1) :]
    doubled = _doubled_title(text)
    if doubled:
        return doubled, text[2 * len(doubled) :]
    return None


def split_inline_headings(text: str) -> list[str]:
    """Split "…工作。二、存在问题" before the heading; "XX方案一、背景" after the title."""
    out: list[str] = []
    # A loop, not recursion: a line of thousands of glued titles must not overflow the stack.
    while (found := _title_head(text)) is not None:
        head, text = found
        out.append(head)
    if "、" not in text or not RE_INLINE_HEADING_HINT.search(text):  # nothing to split
        return [*out, text] if text else out
    return out + [p for p in RE_INLINE_HEADING.split(text) if p]


def _explode(blocks: list[Block], fn) -> list[Block]:  # type: ignore[no-untyped-def]
    out: list[Block] = []
    for b in blocks:
        found = fn(b.text)
        if found == [b.text] and b.text and b.text == b.text.strip():  # most lines: as they were
            out.append(b)
            continue
        pieces = [p.strip() for p in found if p.strip()]
        out.extend([b] if pieces == [b.text] else [replace(b, text=p) for p in pieces])
    return out


def _is_toc_entry(text: str) -> bool:
    if len(text) > TOC_ENTRY_MAX or re.search(r"[,，。；;]", text):
        return False
    bare = RE_LEADING_PAGE.sub("", text)
    return bool(RE_HEADING.match(bare) or bare != text or text.endswith((":", "：")))


def drop_table_of_contents(blocks: list[Block]) -> list[Block]:
    """A "目录" line and the short entries after it ("2 二、总体要求") are not the text."""
    out: list[Block] = []
    in_toc = False
    for b in blocks:
        if b.text == "目录":
            in_toc = True
            continue
        if in_toc and _is_toc_entry(b.text):
            continue
        if in_toc:  # the first body line still carries the TOC's last page number
            b = _with_text(b, RE_LEADING_PAGE.sub("", b.text))
        in_toc = False
        out.append(b)
    return out


def drop_repeated_blocks(blocks: list[Block]) -> list[Block]:
    """A line repeated right after itself (title printed twice) is kept once."""
    out: list[Block] = []
    for b in blocks:
        if out and out[-1].text == b.text:
            continue
        out.append(b)
    return out


def _unbalanced(text: str) -> bool:
    pairs = (("“", "”"), ("(", ")"), ("《", "》"))
    return any(text.count(a) > text.count(b) for a, b in pairs)


def should_join(a: str, b: str) -> bool:
    """True when line ``b`` continues the sentence that line ``a`` broke off."""
    if a and b and b[0] in CONTINUATION_PUNCT:  # no line starts with a comma
        return True
    if not a or not b or _ends_sentence(a) or RE_HEADING.match(b) or RE_LABEL.match(b):
        return False
    if RE_DATE_LINE.match(a) or RE_DATE_LINE.match(b) or RE_LABEL.match(a):
        return False
    if is_title_like(a) and not _unbalanced(a):
        return False
    if is_title_like(b) and len(b) > 8 and not _unbalanced(a):
        return False
    if RE_DOC_NUMBER_LINE.match(b) or RE_TITLE_START.match(b):
        return False
    if RE_MARKER_INLINE.search(a) or trailing_title(a):
        return False
    if RE_HEADING.match(a) and "。" not in a and len(a) < 40 and not _unbalanced(a):
        return False
    # A long title broken over lines: "关于深入贯彻" / "城市公共交通优先发展战略" / "的实施意见".
    if len(a) >= TITLE_HEAD_MIN and len(b) <= 8 and is_title_like(b):
        return True  # "某镇创建文明城市工作" + "情况汇报"
    return len(a) >= JOIN_MIN_LEN or a.endswith(("，", ",", "、")) or a.startswith("关于")


def join_broken_lines(blocks: list[Block]) -> list[Block]:
    """Rejoin lines broken mid-sentence ("积" + "极参与"); headings always start a block."""
    out: list[Block] = []
    merged: set[int] = set()
    for b in blocks:
        # table rows are rows, not wrapped lines: a task table's cells must stay apart
        tables = b.kind == "table" or (out and out[-1].kind == "table")
        if out and not tables and should_join(out[-1].text, b.text):
            out[-1] = _merge(out[-1], b)
            merged.add(len(out) - 1)
        else:
            out.append(b)
    # a joined line can reveal chrome split over two lines ("0/0" + ":"): strip it now, so
    # cleaning twice gives what cleaning once gave
    for i in merged:
        out[i] = _with_text(out[i], strip_inline_chrome(out[i].text))
    return out


def clean_blocks(blocks: list[Block]) -> list[Block]:
    """The cleaning chain, in order."""
    return clean_blocks_titled(blocks, site_title(blocks))


def clean_blocks_titled(blocks: list[Block], title: str | None) -> list[Block]:
    """``clean_blocks`` for a caller that already has ``site_title(blocks)`` (computed once)."""
    blocks = drop_chrome_blocks(blocks)
    blocks = merge_chunk_counters(blocks)
    blocks = [_with_text(b, drop_injected_title(b.text, title)) for b in blocks]
    blocks = _explode(blocks, split_spaced)
    blocks = drop_table_of_contents(blocks)
    blocks = drop_repeated_blocks(blocks)
    blocks = join_broken_lines(blocks)
    blocks = drop_repeated_blocks(blocks)  # joining can make a repeat ("积"+"极" twice)
    blocks = _explode(blocks, split_inline_headings)
    return [b for b in blocks if b.text]
