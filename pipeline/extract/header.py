"""Header fields of an official document: issuer, doc_number, signing date, addressees, cc,
keywords (公文版头 and 落款).

Where each comes from:

- ``doc_number`` (发文字号): only the header area (the blocks up to the title, or the first
  lines), never a number cited in the body ("按照《…的通知》(千卫发[2011]210号)精神");
  brackets normalized to 〔〕: 千妇幼发(2011)49号 → 千妇幼发〔2011〕49号.
- ``date`` (成文日期): the last date-only or "issuer + date" line near the end, ISO by
  precision; never a date in the body.
- ``issuer`` (发文机关): the organization on the signing line or the line(s) just above it;
  else the header: an organization line above the title ("XX县卫生局文件" → XX县卫生局) or the
  organization before "关于…的实施方案"; null when none.
- ``addressees`` (主送): "各科室：", "各乡镇人民政府，县直各部门：" in the header area;
  ``cc`` from "抄送："; ``keywords`` from "主题词：".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.dates import find_dates
from pipeline.model import Block, Evidence, Header, Span

HEADER_LINES = 4  # the header area is at least the first lines (the title may be found late)
TAIL_LINES = 25  # the signing line is among the last this many blocks (site chrome may follow)
ADDRESSEE_LINES = 4  # 主送 is on the title line or within the next lines
ABOUT_LINES = 30  # "<机关> 关于…的实施方案" is looked for this far in (after page chrome)
SIGN_PREFIX_MAX = 30  # "鹤山市桃源镇卫生院 2016年7月23日": organization before the date
ORG_SUFFIXES = (
    "委员会", "办公室", "政府", "党委", "总支", "支部", "中心", "公司", "支行", "分行",
    "街道", "社区", "协会", "联合会", "工会", "分会", "院", "局", "委", "府", "部", "办", "室",
    "处",
    "所", "站", "队", "校", "学", "园", "馆", "厅", "镇", "乡", "村", "科", "团", "行",
)  # fmt: skip
# site names, actions, titles: never part of an organization's name
NOT_ORG_WORDS = ("范文", "文库", "网", "下载", "小编", "召开", "开展", "方案", "通知")
NOT_ORG_ENDINGS = ("方案", "通知", "意见", "办法", "规定", "制度", "计划", "总结", "汇报")
FILE_SUFFIX = "文件"
# a doc-number code never holds these: what precedes them is a title or a verb
NUMBER_PREFIX_CUTS = (
    "的",
    "意见",
    "通知",
    "方案",
    "决定",
    "办法",
    "规定",
    "报告",
    "根据",
    "按照",
    "次",
)  # fmt: skip  ("次": a page's "点击:8次" glued to the code)
CITATION_BEFORE = ("(", "（", "、", "和", "及", "与", "根据", "按照", "依据", "详见")
CITATION_AFTER = (")", "）", "文件", "精神", "要求", "规定", "的", "等", "，", ",", "、")
CC_SKIP = ("档", "存档", "归档")

RE_DOC_NUMBER = re.compile(r"[〔【\[(（]\s*((?:19|20)\d\d)\s*[〕】\])）]\s*(第?\s*\d{1,4})\s*号")
RE_CJK_TAIL = re.compile(r"[\u4e00-\u9fffA-Za-zＸ]{1,8}$")
RE_ORG_LINE = re.compile(r"^[\u4e00-\u9fff（）()·*＊Xx\s]{2,40}$")
RE_ABOUT = re.compile(
    r"(?:^|\s)([^\s:：。，,]{2,30})\s*关于\S{2,80}?的(?:实施方案|工作方案|方案|通知|意见)"
)
RE_ADDRESSEE = re.compile(
    r"(?:^|(?<=\s)|(?<=方案)|(?<=通知))([^\s:：。《》“”]{0,12}各(?!位)[^:：。!！]{1,60}?)[:：]"
)
RE_PLACEHOLDER_DATE = re.compile(r"\S{2,6}年\S{1,3}月(?:\S{1,4}[日号])?")
RE_CC = re.compile(r"抄\s*送\s*[:：]\s*(.+)$")
RE_KEYWORDS = re.compile(r"(?:主\s*题\s*词|关\s*键\s*词)\s*[:：]\s*(.+)$")
RE_LIST_SEP = re.compile(r"[，,；;]+")
RE_SPACE_SEP = re.compile(r"[\s，,、；;]+")
RE_TRAILING = re.compile(r"[\s。.,，;；)）]*$")


_Listed = tuple[tuple[str, ...], Evidence | None]


# --------------------------------------------------------------------------- areas
def _title_index(blocks: list[Block], title: str | None) -> int | None:
    if not title:
        return None
    for i, b in enumerate(blocks[:ABOUT_LINES]):
        if title in b.text:
            return i
    return None


def _header_area(blocks: list[Block], ti: int | None, title: str | None) -> list[tuple[int, str]]:
    """(block, text) of the header: the blocks before the title (at least the first
    ``HEADER_LINES``), the title line cut after the title."""
    end = HEADER_LINES if ti is None else max(ti, HEADER_LINES)
    area = []
    for i, b in enumerate(blocks[:end]):
        if i == ti and title:
            area.append((i, b.text[: b.text.find(title) + len(title)]))
        else:
            area.append((i, b.text))
    return area


def _tail(blocks: list[Block]) -> Iterator[tuple[int, str]]:
    """The last blocks, from the end backwards."""
    for i in range(len(blocks) - 1, max(-1, len(blocks) - 1 - TAIL_LINES), -1):
        yield i, blocks[i].text.strip()


# --------------------------------------------------------------------------- doc number
def _doc_number(area: list[tuple[int, str]]) -> tuple[str, Evidence] | None:
    for bi, text in area:
        for m in RE_DOC_NUMBER.finditer(text):
            prefix = _number_prefix(text[: m.start()])
            if prefix is None or _is_citation(text, m.start() - len(prefix), m.end()):
                continue  # cited in a sentence ("按照…(千卫发[2011]210号)精神"): not this one
            number = re.sub(r"\s+", "", m.group(2))
            start = m.start() - len(prefix)
            return f"{prefix}〔{m.group(1)}〕{number}号", Evidence(bi, start, m.end())
    return None


def _number_prefix(before: str) -> str | None:
    """The issuer's code before the bracket (千妇幼发, 豫政办), cut after a title glued to it
    ("…的实施意见豫政办〔2023〕4号" → 豫政办)."""
    m = RE_CJK_TAIL.search(before.rstrip())
    if m is None or len(before) - len(before.rstrip()) > 1:
        return None
    code = m.group()
    for word in NUMBER_PREFIX_CUTS:
        if word in code:
            code = code[code.rfind(word) + len(word) :]
    return code or None


def _is_citation(text: str, start: int, end: int) -> bool:
    before, after = text[:start], text[end:].lstrip()
    if "《" in before or "》" in before or before.rstrip().endswith(CITATION_BEFORE):
        return True
    return after.startswith(CITATION_AFTER)


# --------------------------------------------------------------------------- organizations
def _is_org(text: str) -> bool:
    t = text.strip()
    if not RE_ORG_LINE.match(t) or t.startswith("各") or t.endswith(NOT_ORG_ENDINGS):
        return False
    if any(w in t for w in NOT_ORG_WORDS):
        return False
    return t.endswith(ORG_SUFFIXES)


def _clean_org(text: str) -> str:
    return re.sub(r"\s+", "", text.strip()).removesuffix(FILE_SUFFIX)


def _header_issuer(
    blocks: list[Block], area: list[tuple[int, str]], title: str | None
) -> tuple[str, Evidence] | None:
    for bi, b in enumerate(blocks[:ABOUT_LINES]):
        text = b.text
        m = RE_ABOUT.search(text)
        if m and _is_org(m.group(1)) and "《" not in text[: m.start(1)]:
            return _clean_org(m.group(1)), Evidence(bi, m.start(1), m.end(1))
    for bi, text in area:
        t = text.strip()
        if not (title and title in t) and _is_org(t.removesuffix(FILE_SUFFIX)):
            start = text.find(t)
            return _clean_org(t), Evidence(bi, start, start + len(t))
    return None


# --------------------------------------------------------------------------- signing line
def _signing(blocks: list[Block]) -> tuple[int, str | None, str, Evidence] | None:
    """The signing line near the end: (block, date ISO, organization before it, evidence).
    A placeholder date ("201*年2月20日") still marks the line: date None, issuer above it."""
    for bi, text in _tail(blocks):
        if bi < len(blocks) // 2:
            break  # a date in the first half is a page's publication date, not a signature
        spans = find_dates(text)
        if not spans or spans[-1].evidence is None:
            continue
        s, ev = spans[-1], spans[-1].evidence
        prefix = text[: ev.start].strip()
        if _is_signing(text, s, ev) and len(prefix) <= SIGN_PREFIX_MAX:
            if prefix and not _is_org(prefix):
                continue
            offset = blocks[bi].text.find(text)
            return bi, s.start, prefix, Evidence(bi, offset + ev.start, offset + ev.end)
    return None


def _is_signing(text: str, s: Span, ev: Evidence) -> bool:
    """A single written-out date (年, at least the month; no range, no 2019.3.1) that ends
    the line — or heads it in Chinese numerals ("二0一五年元月十六日篇二…")."""
    ends_line = not RE_TRAILING.sub("", text[ev.end :])
    chinese_head = ev.start == 0 and s.raw[:1] in "一二"
    if not (ends_line or chinese_head) or "年" not in s.raw:
        return False
    if s.start is None:
        return s.end is None and RE_PLACEHOLDER_DATE.fullmatch(s.raw) is not None
    return s.start == s.end and len(s.start) >= len("2012-03")


def _tail_issuer(blocks: list[Block], bi: int, prefix: str) -> tuple[str, Evidence] | None:
    """The organization on the signing line, else on the one or two lines above it."""
    if prefix:
        start = blocks[bi].text.find(prefix)
        return _clean_org(prefix), Evidence(bi, start, start + len(prefix))
    names: list[tuple[int, str]] = []
    for j in (bi - 1, bi - 2):
        if j < 0 or not _is_org(blocks[j].text):
            break
        names.insert(0, (j, blocks[j].text.strip()))
    if not names:
        return None
    j0, first = names[0]
    start = blocks[j0].text.find(first)
    return "".join(_clean_org(n) for _, n in names), Evidence(j0, start, start + len(first))


# --------------------------------------------------------------------------- lists
def _addressees(blocks: list[Block], ti: int | None) -> _Listed:
    """主送: on the title line or just below it ("各科室："), or in the first lines."""
    first = 0 if ti is None else ti
    for bi in range(first, min(first + ADDRESSEE_LINES, len(blocks))):
        m = RE_ADDRESSEE.search(blocks[bi].text)
        if m:
            items = tuple(x.strip() for x in RE_LIST_SEP.split(m.group(1)) if x.strip())
            return items, Evidence(bi, m.start(1), m.end(1))
    return (), None


def _listed(blocks: list[Block], pattern: re.Pattern[str], hint: str) -> _Listed:
    """The first list ``pattern`` finds; ``hint`` is in every match (a cheap pre-check)."""
    for bi, b in enumerate(blocks):
        m = pattern.search(b.text) if hint in b.text else None
        if m:
            items = [x for x in RE_SPACE_SEP.split(m.group(1).strip()) if x]
            items = [RE_TRAILING.sub("", x) for x in items if x not in CC_SKIP]
            return tuple(x for x in items if x), Evidence(bi, m.start(1), m.end(1))
    return (), None


# --------------------------------------------------------------------------- entry point
def extract_header(blocks: list[Block], title: str | None = None) -> Header:
    """Header fields from a document's blocks (``Block.text``, already simplified)."""
    if not blocks:
        return Header()
    ti = _title_index(blocks, title)
    area = _header_area(blocks, ti, title)
    evidence: dict[str, Evidence] = {}
    number = _doc_number(area)
    signing = _signing(blocks)
    issuer = _tail_issuer(blocks, signing[0], signing[2]) if signing else None
    issuer = issuer or _header_issuer(blocks, area, title)
    addressees, ev_addr = _addressees(blocks, ti)
    cc, ev_cc = _listed(blocks, RE_CC, "抄")
    keywords, ev_kw = _listed(blocks, RE_KEYWORDS, "词")
    for key, ev in (
        ("doc_number", number[1] if number else None),
        ("date", signing[3] if signing else None),
        ("issuer", issuer[1] if issuer else None),
        ("addressees", ev_addr),
        ("cc", ev_cc),
        ("keywords", ev_kw),
    ):
        if ev is not None:
            evidence[key] = ev
    return Header(
        issuer=issuer[0] if issuer else None,
        doc_number=number[0] if number else None,
        date=signing[1] if signing else None,
        addressees=addressees,
        cc=cc,
        keywords=keywords,
        evidence=evidence,
    )
