"""Heading numbering → section tree.

Each block is cut into segments at heading numbers: one at the line start, and inline ones
that follow a sentence end ("…场所。(2)搞好优质服务。") or are glued to a short heading
("(二)文明景区创建(1)搞好阵地建设"). Inline numbers are taken only when they continue the
numbering in force, so "。(3)" inside a paragraph that never had a "(2)" stays text.

Nesting follows the styles as the document uses them (a stack, like a markdown list): a
number whose style is already open closes everything below it and becomes its sibling; a
new style opens a child level. So a document whose first style is (一) has (一) on top.
The official top style 一、 (and 第一部分/第一章) always closes lower open styles, which
keeps "1、目标任务 2、责任划分 三、活动安排" flat as in the real plan that wrote it so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from pipeline import numbering
from pipeline.model import Block, Evidence, Section
from pipeline.numbering import STRONG_STYLES, Marker
from pipeline.roles import heading_keywords, rule_role, section_role

HEADING_MAX = 25  # a heading ended by 。/： is at most this long; longer is a sentence
KEYWORD_CUT_MIN = 15  # cut at a role keyword only when the run-on text is longer than this
CONT_MAX = 12  # a heading's second line is at most this long
ORPHAN_HEADING_MAX = 8  # "1、目标任务" before "三、活动安排" is a heading; longer: preamble
RE_HEAD_END = re.compile(r"[。：:；;！!？?]")
RE_BRACKET = re.compile(r"[。：:；;！!？?()（）【】\[\]]")
BRACKET_ENDERS = "。：:；;！!？?"  # the enders RE_BRACKET finds
RE_OPENER = re.compile(r"[(（【\[]")
RE_DOC_TITLE = re.compile(r"(?:方案|计划|办法|通知|意见|总结|报告|细则|决定|要点|汇报)$")
RE_OWNER_PAREN = re.compile(
    r"[(（][^()（）]*(?:责任|牵头|负责|配合|主责|主办|协办)[^()（）]*[)）]?$"
)
RE_SENT_END = re.compile(r"[。；;！!？?]")
RE_COMMA = re.compile(r"[，,]")
RE_ANY_PUNCT = re.compile(r"[。：:；;！!？?，,、“”‘’「」《》()（）]")
RE_SPACE = re.compile(r"[ \u3000\t]+")
RE_QUOTE = re.compile(r"[“「《]")
# How a heading phrase usually ends (a cut before body text must leave such an ending).
RE_HEADING_TAIL = re.compile(
    r"(?:工作|建设|管理|活动|整治|制度|机制|教育|宣传|措施|要求|目标|任务|思想|原则|步骤|安排|"
    r"领导|保障|考核|情况|问题|意义|内容|重点|范围|标准|规划|方式|分工|划分|时间|日期)$"
)
RE_HEADING_WORD = re.compile(RE_HEADING_TAIL.pattern.removesuffix("$"))
TAIL_CUT_MIN, TAIL_CUT_MAX = 4, 12  # a run-on heading's own words: 整治范围, 加强宣传教育
RE_ENUM_START = re.compile(r"[一二三四五六七八九十]是|(?:19|20)\d\d年")
# Words that begin body text, not a heading: where a heading glued to its body ends.
RE_BODY_START = re.compile(
    r"[一二三四五六七八九十]是|为了|为进一步|为确保|为切实|根据|按照|严格按照|坚持以|围绕|结合|通过|"
    r"对照|各(?:党支部|单位|科室|部门|级|乡镇|办公室|股室|村|社区|学校|医疗)|我(?:院|镇|局|市|县|校|们|区)|"
    r"今年|近年来|目前|(?:19|20)\d\d年|\d{1,2}月"
)
# The first characters of RE_BODY_START's alternatives. Its alternatives do not all open
# with a plain character, so the engine tries it at every position; a class scans fast.
RE_BODY_FIRST = re.compile(r"[一二三四五六七八九十为根按严坚围结通对各我今近目\d]")
TRIM = " \u3000\t。：:；;！!？?，,、.．"
KEYWORD_JOINERS = "，,、及和与暨"
BROKEN_END = "、，,“‘「《(（"
OPENERS = "(（【[“‘「《"
OPENERS_TRIM = OPENERS + TRIM


@dataclass(slots=True)
class _Node:
    style: str
    value: int
    number: str
    heading: str
    level: int
    evidence: Evidence
    block_start: int
    block_end: int
    parts: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    pending: bool = False  # the number stood alone on its line: the next line is the heading
    heading_only: bool = False


@dataclass
class _State:
    roots: list[_Node] = field(default_factory=list)
    stack: list[_Node] = field(default_factory=list)
    has_strong: bool = False


def build_outline(blocks: list[Block]) -> list[Section]:
    """The document's top-level sections, each with its sub-sections as children."""
    state = _State(has_strong=_has_strong(blocks))
    for i, block in enumerate(blocks):
        try:
            _read_block(state, i, block)
        except Exception:  # bad data must not stop the document: the block stays text
            _add_text(state, i, block.text)
    return [_freeze(n) for n in state.roots]


def _has_strong(blocks: list[Block]) -> bool:
    for b in blocks:
        m = numbering.parse_marker(b.text)
        if m is not None and m.style in STRONG_STYLES:
            return True
        for pos in numbering.inline_positions(b.text):
            m = numbering.parse_marker(b.text, pos, line_start=False)
            if m is not None and m.style in STRONG_STYLES and m.value == 1:
                return True
    return False


def _read_block(state: _State, i: int, block: Block) -> None:
    text = block.text
    if not text.strip():
        return
    first = numbering.parse_marker(text)
    if first is None and _is_section_heading(state, block):
        _open_heading_block(state, i, block)
        return
    if first is None and block.kind == "list" and state.stack:
        _open_list_block(state, i, block)
        return
    if first is None:
        _absorb(state, i, text)
        first = _next_inline(state, text, 0, None)
        if first is None:
            _add_text(state, i, text)
            return
        _add_text(state, i, text[: first.start])
    marker: Marker | None = first
    while marker is not None:
        nxt = _next_inline(state, text, marker.end, marker)
        seg_end = nxt.start if nxt else len(text)
        _open(state, i, text, marker, seg_end)
        marker = nxt


def _is_section_heading(state: _State, block: Block) -> bool:
    """An unnumbered docx/html heading opens a section only in a document that does not
    number its parts: beside 一、/二、 such headings are the title or subtitles. Level 0
    (Word's Title style) and a heading named like a document ("…实施方案") are the title."""
    level = block.level if block.level is not None else 1
    if block.kind != "heading" or state.has_strong or level < 1:
        return False
    text = block.text.strip()
    return len(text) <= HEADING_MAX and not RE_DOC_TITLE.search(text)


def _absorb(state: _State, i: int, text: str) -> None:
    """A block without a number may finish the open heading: "(1)" alone on its line, or
    a heading split over two lines."""
    top = state.stack[-1] if state.stack else None
    if top is None or top.block_end != i or len(top.parts) != 1:
        return
    if top.pending:
        head, _ = split_heading(text[: _first_inline_end(text)])
        top.heading, top.pending = head, False
        top.heading_only = head == text.strip(TRIM)
    elif top.heading_only and _continues_heading(top.heading, text):
        top.heading += text.strip()


def _continues_heading(heading: str, text: str) -> bool:
    """A short unpunctuated line after a heading that is not complete yet by itself."""
    if len(text) > CONT_MAX or RE_ANY_PUNCT.search(text):
        return False
    return not any(heading.endswith(kw) for kw in heading_keywords())


def _first_inline_end(text: str) -> int:
    cands = numbering.inline_positions(text)
    for c in cands:
        if numbering.parse_marker(text, c, line_start=False):
            return c
    return len(text)


def _lead_broken(lead: str) -> bool:
    """The lead stops mid-sentence at the line end (a line broken by the scraper)."""
    s = lead.rstrip()
    if not s or RE_SENT_END.search(s):
        return False
    if len(s) == 1:  # "(三)加" + "大宣传力度": a line broken after one character
        return True
    opened = sum(s.count(c) for c in "“‘「《(（")
    closed = sum(s.count(c) for c in "”’」》)）")
    return opened > closed or s[-1] in BROKEN_END or len(s) > HEADING_MAX


def _next_inline(state: _State, text: str, pos: int, current: Marker | None) -> Marker | None:
    """The next inline number after ``pos`` that continues the numbering in force."""
    inline, tops = numbering.line_scan(text)  # computed once per line, filtered here
    glued = numbering.glued_positions(text, current.end) if current is not None else []
    if not inline and not tops and not glued:  # most lines: no number in them at all
        return None
    cands = {e for s, e in inline if s >= pos}
    cands.update(glued)
    top_only = {t for t in tops if t > pos} - cands  # taken only before a known heading
    for c in sorted(cands | top_only):
        if c <= pos:
            continue
        m = numbering.parse_marker(text, c, line_start=False)
        if m is None or not _continues(state, m, current):
            continue
        if c not in top_only or _keyword_prefix(text[m.end :]) is not None:
            return m
    return None


def _continues(state: _State, m: Marker, current: Marker | None) -> bool:
    """Is ``m`` the next number of its style (or the first of a new sub-list)?"""
    styles = [n.style for n in state.stack]
    if current is not None:
        # ``current`` is being opened: it will be on the stack when ``m`` is read
        if current.style == m.style:
            return m.value == current.value + 1
        if current.style in styles:
            styles = styles[: styles.index(current.style)]
        styles.append(current.style)
    for node in reversed(state.stack):
        if node.style == m.style and m.style in styles:
            return m.value == node.value + 1
    return m.value == 1 or (m.style in STRONG_STYLES and not state.stack)


def _open(state: _State, i: int, text: str, m: Marker, seg_end: int) -> None:
    rest = text[m.end : seg_end]
    head, head_len = split_heading(rest)
    pending = not rest.strip()
    heading_only = pending or head == rest.strip(TRIM)
    orphan = not state.stack and m.style not in STRONG_STYLES and state.has_strong
    if orphan and not heading_only and len(head) > ORPHAN_HEADING_MAX:
        # a numbered paragraph before the first 一、 is preamble (or a page number "1、")
        _add_text(state, i, text[m.start : seg_end])
        return
    node = _Node(
        style=m.style,
        value=m.value,
        number=m.number,
        heading=head,
        level=0,
        evidence=Evidence(i, m.start, m.end + head_len),
        block_start=i,
        block_end=i + 1,
        parts=[text[m.start : seg_end].strip()],
        pending=pending,
        heading_only=heading_only,
    )
    _push(state, node)


def _push(state: _State, node: _Node) -> None:
    stack = state.stack
    idx = len(stack) - 1
    while idx >= 0 and stack[idx].style != node.style:
        idx -= 1
    if idx >= 0:
        del stack[idx:]
    elif node.style in STRONG_STYLES:
        rank = numbering.STYLE_RANK[node.style]
        while stack and numbering.STYLE_RANK.get(stack[-1].style, 9) > rank:
            stack.pop()
    _attach(state, node)


def _attach(state: _State, node: _Node) -> None:
    node.level = len(state.stack) + 1
    if state.stack:
        state.stack[-1].children.append(node)
    else:
        state.roots.append(node)
    state.stack.append(node)


def _open_heading_block(state: _State, i: int, block: Block) -> None:
    """A docx/html heading without a number: its style level places it."""
    level = block.level or 1
    style = f"h{level}"
    while state.stack and not (
        state.stack[-1].style.startswith("h") and int(state.stack[-1].style[1:]) < level
    ):
        state.stack.pop()
    text = block.text.strip()
    head = text.strip(TRIM)
    node = _Node(style, 0, "", head, 0, Evidence(i, 0, len(text)), i, i + 1, [text])
    node.heading_only = True
    _attach(state, node)


def _open_list_block(state: _State, i: int, block: Block) -> None:
    """An html <li> (or a Word list paragraph) without a written number: an item numbered
    by its place in the list, under the open section."""
    style = f"list{block.level or 1}"
    prev = next((n for n in reversed(state.stack) if n.style == style), None)
    value = prev.value + 1 if prev is not None else 1
    text = block.text.strip()
    head, n = split_heading(text)
    node = _Node(style, value, str(value), head, 0, Evidence(i, 0, n), i, i + 1, [text])
    node.heading_only = head == text.strip(TRIM)
    _push(state, node)


def _add_text(state: _State, i: int, text: str) -> None:
    text = text.strip()
    if not text or not state.stack:
        return
    top = state.stack[-1]
    top.parts.append(text)
    top.block_end = max(top.block_end, i + 1)


def split_heading(rest: str) -> tuple[str, int]:
    """The heading at the start of ``rest`` (text after the number) and its length in ``rest``.

    "指导思想以邓小平理论…" → "指导思想"; "加强领导,提高认识。我院…" → "加强领导,提高认识";
    "工作目标 2012年8月底前…" → "工作目标"; "主要任务" → "主要任务".
    """
    lead = len(rest) - len(rest.lstrip(" \u3000\t"))
    head, n = _split_body(rest[lead:])
    head = head.rstrip(OPENERS_TRIM)  # a cut inside "阶段(2009年…)" leaves the "(" behind
    # "基础设施建设(责任单位:镇城建站)"; the pattern opens with a bracket
    owner = RE_OWNER_PAREN.search(head) if "(" in head or "（" in head else None
    if owner and owner.start() >= 2:
        head = head[: owner.start()].strip(TRIM)
    return head, lead + n


def _split_body(body: str) -> tuple[str, int]:
    m = _head_end(body)
    first = body[: m.start()] if m else body
    kw = _keyword_prefix(body)
    sentence_follows = m is not None and RE_SENT_END.match(m.group())
    after = body[len(kw) : len(kw) + 1] if kw else ""
    if kw and (len(first) > KEYWORD_CUT_MIN or sentence_follows or after.isspace()):
        return kw, len(kw)
    if len(first.strip()) <= HEADING_MAX:
        e = RE_ENUM_START.search(first, 2)  # "存在问题一是思想认识有待加强。"
        b = _body_start(first)  # "责任划分各办公室负责…"
        if b and RE_HEADING_TAIL.search(first[: b.start()]):
            e = b if e is None or b.start() < e.start() else e
        first = first[: e.start()] if e else first
        return first.strip(TRIM), len(first.rstrip())
    sp = RE_SPACE.search(first, 2)
    if sp and sp.start() <= HEADING_MAX:
        return first[: sp.start()].strip(TRIM), sp.start()
    b = _body_start(first)
    if b and b.start() <= HEADING_MAX:  # "存在问题一是…", "总体规划2023年…": the body begins
        return first[: b.start()].strip(TRIM), b.start()
    q = RE_QUOTE.search(first, 4)
    if q and q.start() <= HEADING_MAX:  # "活动主题和目的“创文明城…”是以…": cut at the quote
        return first[: q.start()].strip(TRIM), q.start()
    c = RE_COMMA.search(first)
    if c is None or c.start() > HEADING_MAX:
        t = _tail_cut(first)  # "整治范围堠北庄街道范围内的村、…": the heading word ends it
        if t:
            return first[:t], t
    cut = c.start() if c and c.start() <= HEADING_MAX else HEADING_MAX
    return first[:cut].strip(TRIM), cut


def _body_start(first: str) -> re.Match[str] | None:
    """``RE_BODY_START.search(first, 2)``, started where one of its first characters is."""
    c = RE_BODY_FIRST.search(first, 2)
    return RE_BODY_START.search(first, c.start()) if c else None


def _tail_cut(first: str) -> int:
    """End of the first heading-ending word (范围, 任务, 工作…) between TAIL_CUT_MIN and
    TAIL_CUT_MAX chars in, else 0."""
    for m in RE_HEADING_WORD.finditer(first, 0, TAIL_CUT_MAX):
        if m.end() >= TAIL_CUT_MIN:
            return m.end()
    return 0


def _head_end(body: str) -> re.Match[str] | None:
    """The first 。/：/； outside brackets ("宣传动员(8月1日:启动)：规划…" ends at the last)."""
    return end_outside_brackets(body, RE_HEAD_END)


def end_outside_brackets(text: str, ender: re.Pattern[str]) -> re.Match[str] | None:
    """The first match of ``ender`` not inside ()/（）/【】; with brackets left open (a line
    broken inside them) the first match anywhere."""
    first = ender.search(text)
    if first is None:  # no ender anywhere, inside brackets or not
        return None
    if first.group() in BRACKET_ENDERS and not RE_OPENER.search(text, 0, first.start()):
        return first  # nothing opened before it: the loop below would stop right there
    depth = 0
    for m in RE_BRACKET.finditer(text):
        ch = m.group()
        if ch in "(（【[":
            depth += 1
        elif ch in ")）】]":
            depth = max(depth - 1, 0)
        elif depth == 0 and ender.fullmatch(ch):
            return m
    return first if depth else None


def glued_body(heading: str, sentence: str) -> bool:
    """Does ``sentence`` go on from ``heading`` straight into body text (a heading line
    joined to its paragraph), as "创建档案资料收集和整理工作严格按照…" does?"""
    n = len(heading)
    if n < 2 or not sentence.startswith(heading) or len(sentence) <= n:
        return False
    if sentence[n].isspace():
        return True
    return (
        RE_BODY_START.match(sentence, n) is not None and RE_HEADING_TAIL.search(heading) is not None
    )


def _keyword_prefix(body: str) -> str | None:
    """The role keywords that start ``body``, chained by joiners ("指导思想和总体思路"),
    when they are not continued by a joiner and something else ("加强领导,提高认识")."""
    end = _keyword_at(body, 0)
    if end == 0:
        return None
    while end < len(body) and body[end] in KEYWORD_JOINERS:
        nxt = _keyword_at(body, end + 1)
        if nxt == 0:
            return None
        end = nxt
    return body[:end]


def _keyword_at(body: str, pos: int) -> int:
    """End of the longest heading keyword at ``pos``, or 0."""
    best = 0
    for kw in _heading_keywords_by_first_char().get(body[pos : pos + 1], ()):
        if body.startswith(kw, pos):
            best = max(best, pos + len(kw))
    return best


@cache
def _heading_keywords_by_first_char() -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = {}
    for kw in heading_keywords():
        groups.setdefault(kw[:1], []).append(kw)
    return {ch: tuple(kws) for ch, kws in groups.items()}


def _freeze(n: _Node) -> Section:
    if n.children:
        children = tuple([_freeze(c) for c in n.children])
        text = "\n".join([*n.parts, *[c.text for c in children]])
        end = max([n.block_end, *[c.block_end for c in children]])
    else:  # most sections are leaves
        children, text, end = (), "\n".join(n.parts), n.block_end
    # the model reads top-level sections only: deeper items are list items, not parts
    role = section_role(n.heading, text) if n.level == 1 else (rule_role(n.heading) or "other")
    return Section(
        number=n.number,
        heading=n.heading,
        level=n.level,
        role=role,
        text=text,
        children=children,
        block_start=n.block_start,
        block_end=end,
        evidence=n.evidence,
    )


def lead_text(section: Section) -> str:
    """The text after a section's number up to its first sentence end, across a line break
    when the line stops mid-sentence: "开展“机关联基层、…促" + "社会和谐”活动。" are one."""
    lines = section.text.split("\n")
    m = numbering.parse_marker(lines[0]) if lines else None
    lead = lines[0][m.end :] if m else (lines[0] if lines else "")
    k = 1
    while k < len(lines) and (not lead.strip() or _lead_broken(lead)):
        if numbering.parse_marker(lines[k]):
            break
        lead += lines[k]
        k += 1
    return lead.strip()
