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
from pipeline.model import Block, Evidence, Header

HEADER_LINES = 6  # header area when the title is not found among the blocks
TAIL_LINES = 25  # the signing line is among the last this many blocks (site chrome may follow)
ADDRESSEE_LINES = 3  # 主送 is on the title line or within the next two
ABOUT_LINES = 30  # "<机关> 关于…的实施方案" is looked for this far in (after page chrome)
SIGN_PREFIX_MAX = 30  # "鹤山市桃源镇卫生院 2016年7月23日": organization before the date
ORG_SUFFIXES = (
    "委员会", "办公室", "政府", "党委", "总支", "支部", "中心", "公司", "支行", "分行",
    "街道", "社区", "协会", "联合会", "工会", "分会", "院", "局", "委", "府", "部", "办", "室",
    "处",
    "所", "站", "队", "校", "厅", "镇", "乡", "村", "科", "团", "行",
)  # fmt: skip
# site names, actions, titles: never part of an organization's name
NOT_ORG_WORDS = ("范文", "文库", "网", "下载", "小编", "召开", "开展", "方案", "通知")
NOT_ORG_ENDINGS = ("方案", "通知", "意见", "办法", "规定", "制度", "计划", "总结", "汇报")
FILE_SUFFIX = "文件"
CC_SKIP = ("档", "存档", "归档")

RE_DOC_NUMBER = re.compile(
    r"([\u4e00-\u9fffA-Za-zＸ]{1,12}?)\s*[〔【\[(（]\s*((?:19|20)\d\d)\s*[〕】\])）]\s*(第?\s*\d{1,4})\s*号"
)
RE_CJK_TAIL = re.compile(r"[\u4e00-\u9fffA-Za-zＸ]{1,8}$")
RE_ORG_LINE = re.compile(r"^[\u4e00-\u9fff（）()·*＊Xx\s]{2,40}$")
RE_ABOUT = re.compile(
    r"(?:^|\s)([^\s:：。，,]{2,30})\s*关于\S{2,80}?的(?:实施方案|工作方案|方案|通知|意见)"
)
RE_ADDRESSEE = re.compile(
    r"(?:^|(?<=\s)|(?<=方案)|(?<=通知))([^\s:：。《》“”]{0,12}各(?!位)[^:：。!！]{1,60}?)[:：]"
)
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


def _header_area(blocks: list[Block], title: str | None) -> list[tuple[int, str]]:
    """(block, text) of the header: blocks before the title, plus the title line's head."""
    ti = _title_index(blocks, title)
    if ti is None:
        return [(i, b.text) for i, b in enumerate(blocks[:HEADER_LINES])]
    area = [(i, b.text) for i, b in enumerate(blocks[:ti])]
    head = blocks[ti].text
    return [*area, (ti, head[: head.find(title or "") + len(title or "")])]


def _tail(blocks: list[Block]) -> Iterator[tuple[int, str]]:
    """The last blocks, from the end backwards."""
    for i in range(len(blocks) - 1, max(-1, len(blocks) - 1 - TAIL_LINES), -1):
        yield i, blocks[i].text.strip()


# --------------------------------------------------------------------------- doc number
def _doc_number(area: list[tuple[int, str]]) -> tuple[str, Evidence] | None:
    for bi, text in area:
        for m in RE_DOC_NUMBER.finditer(text):
            if "《" in text[: m.start()] or "》" in text[: m.start()]:
                continue  # a document cited by name: not this document's number
            prefix = RE_CJK_TAIL.search(m.group(1))
            if prefix is None:
                continue
            number = re.sub(r"\s+", "", m.group(3))
            value = f"{prefix.group()}〔{m.group(2)}〕{number}号"
            start = m.start(1) + prefix.start()
            return value, Evidence(bi, start, m.end())
    return None


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
        if m and _is_org(m.group(1)):
            return _clean_org(m.group(1)), Evidence(bi, m.start(1), m.end(1))
    for bi, text in area[:-1] if title else ():
        t = text.strip()
        if _is_org(t.removesuffix(FILE_SUFFIX)):
            start = text.find(t)
            return _clean_org(t), Evidence(bi, start, start + len(t))
    return None


# --------------------------------------------------------------------------- signing line
def _signing(blocks: list[Block]) -> tuple[int, str | None, str, Evidence] | None:
    """The signing line near the end: (block, date ISO, organization before it, evidence)."""
    for bi, text in _tail(blocks):
        if bi < len(blocks) // 2:
            break  # a date in the first half is a page's publication date, not a signature
        spans = find_dates(text)
        if not spans or spans[-1].evidence is None:
            continue
        s, ev = spans[-1], spans[-1].evidence
        prefix = text[: ev.start].strip()
        ends_line = not RE_TRAILING.sub("", text[ev.end :])
        chinese_head = ev.start == 0 and s.raw[:1] in "一二"
        org_ok = len(prefix) <= SIGN_PREFIX_MAX and (not prefix or _is_org(prefix))
        single = s.start is not None and s.start == s.end and "年" in s.raw  # no range, no 2019.3.1
        if single and len(s.start or "") >= 7 and (ends_line or chinese_head) and org_ok:
            offset = blocks[bi].text.find(text)
            return bi, s.start, prefix, Evidence(bi, offset + ev.start, offset + ev.end)
    return None


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
def _addressees(area: list[tuple[int, str]], blocks: list[Block]) -> _Listed:
    """主送: in the header area, on the title line or just below it ("各科室：")."""
    last = area[-1][0] if area else -1
    below = range(max(last, 0), min(last + ADDRESSEE_LINES, len(blocks)))
    for bi, text in [*area[:-1], *((i, blocks[i].text) for i in below)]:
        m = RE_ADDRESSEE.search(text)
        if m:
            items = tuple(x.strip() for x in RE_LIST_SEP.split(m.group(1)) if x.strip())
            return items, Evidence(bi, m.start(1), m.end(1))
    return (), None


def _listed(blocks: list[Block], pattern: re.Pattern[str]) -> _Listed:
    for bi, b in enumerate(blocks):
        m = pattern.search(b.text)
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
    area = _header_area(blocks, title)
    evidence: dict[str, Evidence] = {}
    number = _doc_number(area)
    signing = _signing(blocks)
    issuer = _tail_issuer(blocks, signing[0], signing[2]) if signing else None
    issuer = issuer or _header_issuer(blocks, area, title)
    addressees, ev_addr = _addressees(area, blocks)
    cc, ev_cc = _listed(blocks, RE_CC)
    keywords, ev_kw = _listed(blocks, RE_KEYWORDS)
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
