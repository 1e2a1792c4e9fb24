"""The document's own title, simplified, without site chrome.

Order of preference (see shared/contract/gold.md and the seed gold): a title line at the
top of the document body, then the compilation marker's title ("第二篇:XXX"), then the
hosting page's title (first line of the file).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.model import Block, Evidence

# Words a plan's title ends with (after numbering / edition suffixes are stripped).
TITLE_END = (
    "方案|计划书|计划|规划|预案|要点|总结|小结|汇报|汇报材料|汇报提纲|报告|通报|简报|通知|意见"
    "|决定|讲话|讲话稿|发言|发言稿|致辞|制度|办法|细则|规定|机制|标准|守则|纲要|倡议书|安排"
    "|措施|解读文件|情况|分解表|一览表|责任表|清单|台账"
)
TITLE_END_WORDS = tuple(TITLE_END.split("|"))
# Words a site appends to a document's name ("XX方案范文参考", "XX方案模板").
TEMPLATE_WORDS = "范文|模板|参考|范本|范例|大全"
# Sites keep "范文参考", "模板" and "5篇" after the document word; the labels keep them too.
RE_TITLE_END = re.compile(
    rf"(?:{TITLE_END})(?:优秀|{TEMPLATE_WORDS}|合集|汇聚|汇编|\d{{1,2}}篇|\d{{4}}年?)*"
    r"(?:\s*[(（][^()（）]{2,16}[)）])?$"  # (试行), (2012-2014年), (修订)
)
# ... dropped from a title line when the page's title or the marker names it without them
RE_TEMPLATE_WORDS = re.compile(f"(?:{TEMPLATE_WORDS})+$")
RE_GENERIC = re.compile(rf"^(?:实施|工作|活动|行动)?(?:{TITLE_END})$")
RE_NOT_TITLE = re.compile(r"[。；;！？!?]|^[(（]?[一二三四五六七八九十\d]{1,3}[、.．)）]")
# Site chrome around titles, applied in order.
TITLE_CHROME = (
    re.compile(r"^#+\s*"),
    # breadcrumbs ending in a document's name, not a category: "春晖网页 / 1.春晖计划 / X"
    re.compile(r"^(?:[^/／>＞]{1,16}\s[/／>＞]\s)+(?=[^/／>＞]{8,}$)"),
    re.compile(r"^\S{0,10}?附件\s*\d{0,2}\s*[:：]?\s*"),
    re.compile(r"^-?\s*\d{4}-\d\d-\d\d\s*发布于(?:黑龙江|内蒙古|\S{2})"),
    re.compile(r"^\d{1,4}_"),
    re.compile(r"^\S{1,8}[〔\[]\d{4}[〕\]]\s*\d+\s*号"),
    re.compile(r"^(?:第[一二三四五六七八九十\d]{1,3}篇|篇[一二三四五六七八九十\d]{1,3})[:：\s]\s*"),
    re.compile(r"^(?:扩展阅读|拓展阅读|延伸阅读)[:：]\s*"),
    re.compile(r"^【[^】]{1,8}】"),
    re.compile(r"^[(（](?:最新|范文|精选|推荐)[)）]"),
    re.compile(r"\s*\[精选\]"),
    re.compile(r"\s*\.(?:docx?|pdf|wps|txt)$", re.IGNORECASE),
    re.compile(r"_第\d+页$"),
    re.compile(r"\s*-\s*页\d+/\d+$"),
    re.compile(r"\s*[(（【\[][^()（）【】\[\]]{0,8}?[\d一二三四五六七八九十]+[篇则份][)）】\]]$"),
    re.compile(r"\s*【[^】]{0,6}篇】$"),
    re.compile(r"\s*【(?:完整版|最新版|精品|推荐|精选|通用)】$"),
    re.compile(r"[,，]\s*(?:菁选|精选|优选|通用|实用|热门)?\d+篇$"),
    re.compile(r"\s*(?:范文)?(?:实用|精选|通用|优秀|热门|最新)\d+篇$"),
    re.compile(r"\s*篇\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})$"),
    re.compile(r"\s*【\d{1,2}】$"),
    re.compile(r"\s*[(（](?:详细版|优秀篇|修改版\d*|完整版|最新|推荐阅读)[)）]$"),
    re.compile(r"[*\s]+$"),
)
RE_TRAILING_NUMBER = re.compile(rf"((?:{TITLE_END}))\s*\d{{1,2}}$")
RE_BRACKETED = re.compile(r"\[([^\[\]]{4,60})\]")
RE_WRAPPED = re.compile(r"^【([^【】]{4,60})】$")
RE_SITE_CATEGORY = re.compile(r"^(.{4,60}?)_[^_]{2,8}$")
RE_DOC_NUMBER = re.compile(r"[〔\[(（【]\d{4}[〕\])）】]\s*\d+\s*号")
MAX_TITLE_LEN = 60
RUN_ON_MAX = 2 * MAX_TITLE_LEN  # a headline, then the title (maybe printed twice)
# A file saved as one line: the page's headline and the title run on into the body. The
# first document word that a body opener follows (past 范文稿-like words and a quote).
RE_TITLE_RUNS_ON = re.compile(
    rf"^(.{{4,{RUN_ON_MAX}}}?(?:{TITLE_END}))(?:{TEMPLATE_WORDS})*稿?"
    r"(?=[“\"]?(?:为了|为|根据|按照|近年来|随着)|\s)"
)
# ... of which the title is the last piece: after the site's "分类_" and 范文 words
RE_RUN_ON_BREAK = re.compile(rf"_|(?:{TEMPLATE_WORDS})+")
# A title glued to the end of the previous document's last sentence: "…后盾。XX制度".
RE_TRAILING_TITLE = re.compile(rf"(?<=[。！？])([^。，,；：:！？\s]{{6,30}}(?:{TITLE_END}))$")
HEADER_LINE_MAX = 80  # lines above a title (headline, issuer, page header) are short
RE_HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|第.{1,3}[章条])"
)
SCAN_BLOCKS = 8  # a document's title sits within its first few lines
# A transmittal notice heading a plan (印发通知): "某办公厅关于印发《X》的通知" at the start of
# a line, then its addressees or nothing. The plan is the document (the dev labels give X as
# the title and "plan" as the kind), not a notice citing one ("根据《关于印发X的通知》精神").
RE_TRANSMITTAL = re.compile(
    r"^(?![^《]{0,4}(?:根据|按照|依据|依照|遵照|结合|贯彻|落实))"  # cited, not headed
    r"[^。，,；;：:！？]{0,40}?关于印发\s*[《〈]?([^《》〈〉]{4,60}?)[》〉]?\s*的\s*通\s*知"
    r"[》〉]?(?=$|\s|各)"
)
TRANSMITTED_SCAN = 40  # blocks after the notice searched for the plan's own title line
RE_NOT_COMPARED = re.compile(r"[\s“”‘’\"'《》〈〉]")


def undouble(text: str) -> str:
    """ "XX汇报XX汇报" (a title printed twice on one line) → "XX汇报"."""
    half = len(text) // 2
    return text[:half] if len(text) % 2 == 0 and text[:half] == text[half:] else text


@lru_cache(maxsize=8192)  # pure and called on the same lines by clean, split and title
def clean_title(text: str) -> str:
    """Strip site chrome: [精选], .doc, 第一篇:, (精选8篇), 篇1, _计划方案 ..."""
    t = undouble(text.strip())
    t = RE_WRAPPED.sub(r"\1", t)
    m = RE_BRACKETED.search(t)
    if m and RE_TITLE_END.search(m.group(1)):
        t = m.group(1)
    for _ in range(2):  # chrome can nest: "X方案(精选8篇).doc"
        before = t
        for p in TITLE_CHROME:
            t = p.sub("", t).strip()
        t = RE_TRAILING_NUMBER.sub(r"\1", t).strip()
        if t == before:
            break  # a pass that changed nothing would change nothing the second time
    m = RE_SITE_CATEGORY.match(t)
    if m and RE_TITLE_END.search(m.group(1)):
        t = m.group(1)
    return t


def is_title_like(text: str) -> bool:
    """Short, no sentence punctuation, ends with a document word (方案, 总结, 通知 ...)."""
    t = text.strip()
    if not 4 <= len(t) <= MAX_TITLE_LEN or RE_NOT_TITLE.search(t):
        return False
    if t.count(",") + t.count("，") > 1:
        return False
    return bool(RE_TITLE_END.search(t))


def trailing_title(text: str) -> str | None:
    """The title of a next document glued after a sentence: "…后盾。人行XX制度".

    RE_TRAILING_TITLE tries every position of the line; a match ends in a title word at the
    line end (before one final newline, as its ``$`` allows), which most lines do not.
    """
    line = text[:-1] if text.endswith("\n") else text
    if not line.endswith(TITLE_END_WORDS):
        return None
    m = RE_TRAILING_TITLE.search(text)
    return m.group(1) if m and is_title_like(m.group(1)) else None


def _skippable(text: str) -> bool:
    """Lines that may sit above a title: doc numbers, issuer names, dates."""
    if RE_DOC_NUMBER.search(text) or RE_GENERIC.match(clean_title(text)):
        return True
    if RE_HEADING_START.match(text) or "。" in text:
        return False
    return len(text) <= HEADER_LINE_MAX and not RE_TITLE_END.search(text)


def _body_title(blocks: list[Block]) -> tuple[str, int] | None:
    for i, b in enumerate(blocks[:SCAN_BLOCKS]):
        t = clean_title(b.text)
        if is_title_like(t) and not RE_GENERIC.match(t):
            return t, i
        if not _skippable(b.text):
            return None
    return None


def _compact(text: str) -> str:
    return RE_NOT_COMPARED.sub("", text)


def _transmitted(blocks: list[Block]) -> tuple[str, int] | None:
    """The title of the plan a transmittal notice at the top hands out, and its block.

    That is the plan's own title line after the notice, which may name the issuer the
    notice leaves out ("关于印发安全生产“十三五”规划的通知" … "菏泽市定陶区安全生产“十三五”规划"),
    else the name the notice gives it.
    """
    for i, b in enumerate(blocks[:SCAN_BLOCKS]):
        m = RE_TRANSMITTAL.match(b.text)
        if m and is_title_like(plan := m.group(1).strip()):
            key = _compact(plan)
            for j in range(i + 1, min(len(blocks), i + 1 + TRANSMITTED_SCAN)):
                line = clean_title(blocks[j].text)
                if is_title_like(line) and _compact(line).endswith(key):
                    return line, j
            return plan, i
    return None


def _without_template_words(title: str, hints: tuple[str | None, ...]) -> str:
    """``title`` without the site's 范文/模板 words when a hint names it without them."""
    m = RE_TEMPLATE_WORDS.search(title)
    if m and m.start() >= 4 and title[: m.start()] in {clean_title(h) for h in hints if h}:
        return title[: m.start()]
    return title


def find_title(
    blocks: list[Block],
    marker: str | None = None,
    site: str | None = None,
    *,
    site_first: bool = False,
) -> tuple[str | None, Evidence | None]:
    """The title and where it came from (``None`` evidence when taken from a marker/site).

    ``site_first``: the marker only numbers an entry of a compilation ("XX方案篇1"); the
    page's own title then names the first document (this is how the dev labels read).
    """
    if site_first and site and is_title_like(clean_title(site)):
        return clean_title(site), None
    found = _transmitted(blocks) or _body_title(blocks)
    if found:
        title, i = found
        title = _without_template_words(title, (site, marker))
        start = max(blocks[i].text.find(title), 0)
        return title, Evidence(i, start, start + len(title))
    for hint in (site, marker) if site_first else (marker, site):
        t = clean_title(hint or "")
        if t and not RE_GENERIC.match(t):
            return t, None
    return _run_on_title(blocks[0].text) if blocks else (None, None)


def _run_on_title(text: str) -> tuple[str | None, Evidence | None]:
    """The title a one-line file starts with: "分类_XX方案XX方案“为进一步…" → "XX方案",
    "XX方案和YY方案范文ZZ方案范文稿为进一步…" → "ZZ方案" (the page's headline comes first)."""
    m = RE_TITLE_RUNS_ON.match(text)
    if not m:
        return None, None
    start = max((b.end() for b in RE_RUN_ON_BREAK.finditer(m.group(1))), default=0)
    title = undouble(m.group(1)[start:])
    if not is_title_like(title):
        return None, None
    start = text.find(title, start)  # undouble kept the first copy
    return title, Evidence(0, start, start + len(title))
