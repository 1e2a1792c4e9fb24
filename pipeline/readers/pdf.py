"""PDF text layer: pypdfium2, page furniture dropped, hard-wrapped lines rejoined.

Backend measured on a generated 25-page Chinese PDF (fpdf2 + WenQuanYi Micro Hei, 38 KB),
text of every page, same machine (2 cores): pypdfium2 15 ms, pdfplumber 915 ms (≈60×
slower), same text. So pypdfium2 it is; pdfplumber is not used.

Pages → lines → repeated headers/footers (same line, digits ignored, at the top or bottom
of at least half the pages) and page numbers ("- 3 -", "第3页", "3/10", bare "3") dropped
→ a line that fills the width, does not end a sentence (。；！？：…) and is not followed by
a new numbered item is joined with the next (also across pages). ``page`` is 1-based.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from pipeline.errors import MissingDependency, UnreadableInput
from pipeline.model import Block

# A line at least this share of the typical (90th percentile) line width reaches the margin.
FULL_LINE_SHARE = 0.8
# Lines looked at for headers/footers at each end of a page.
EDGE_LINES = 2
# Below this many text characters per page the PDF is taken as an image-only scan.
MIN_CHARS_PER_PAGE = 5

SENTENCE_END = '。；;！!？?：:…”"」』'
RE_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－·•]*(?:第\s*\d+\s*页(?:\s*[,，/／]?\s*共\s*\d+\s*页)?"
    r"|(?:page\s*)?\d+(?:\s*(?:/|／|of)\s*\d+)?)[\s\-—–－·•]*$",
    re.I,
)
RE_ITEM_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]"
    r"|\d+[、.．](?!\d)|[①-⑳]|第[一二三四五六七八九十百\d]+[章节条部分篇]|附件|附表)"
)
RE_DIGITS = re.compile(r"\d+")
RE_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Line:
    page: int
    text: str


def _open(data: bytes):  # type: ignore[no-untyped-def]
    try:
        import pypdfium2 as pdfium
    except ImportError as e:  # pragma: no cover - a declared dependency
        raise MissingDependency("pypdfium2 is needed for PDF: pip install pypdfium2") from e
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise UnreadableInput("encrypted PDF (password protected)") from e
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise UnreadableInput(f"corrupt PDF: {reason}") from e


def _clean(line: str) -> str:
    """Drop control characters pdfium leaves (soft hyphens as \\x02, form feeds...)."""
    return "".join(ch for ch in line if ch == "\t" or unicodedata.category(ch) != "Cc").strip()


def extract_pages(data: bytes) -> list[list[str]]:
    """Non-empty lines of each page's text layer."""
    doc = _open(data)
    pages: list[list[str]] = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            textpage.close()
            page.close()
            lines = (_clean(x) for x in text.replace("\r\n", "\n").split("\n"))
            pages.append([x for x in lines if x])
    except Exception as e:  # pdfium raises plain errors on damaged page trees
        raise UnreadableInput(f"corrupt PDF: {type(e).__name__}") from e
    finally:
        doc.close()
    return pages


def _edge_positions(lines: list[str]) -> list[int]:
    """Line positions where headers/footers sit (fewer on a short page, to spare its body)."""
    n = len(lines)
    edge = min(EDGE_LINES, max(1, n // 3))
    return sorted(set(range(min(edge, n))) | set(range(max(0, n - edge), n)))


def _key(line: str) -> str:
    return RE_SPACE.sub("", RE_DIGITS.sub("#", line))


def drop_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Remove page numbers and lines repeated at the top/bottom of most pages."""
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_key(lines[i]) for i in _edge_positions(lines)})
    need = max(2, math.ceil(len(pages) / 2))
    repeated = {k for k, c in counts.items() if c >= need}
    out = []
    for lines in pages:
        edges = set(_edge_positions(lines))
        out.append(
            [
                x
                for i, x in enumerate(lines)
                if i not in edges or not (_key(x) in repeated or RE_PAGE_NUMBER.match(x))
            ]
        )
    return out


def display_width(text: str) -> int:
    """Width in half-width cells: CJK and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _joins(line: str, nxt: str, full: float) -> bool:
    return (
        display_width(line) >= full
        and line[-1] not in SENTENCE_END
        and not RE_ITEM_START.match(nxt)
    )


def join_lines(lines: list[Line]) -> list[Block]:
    """Rejoin hard-wrapped lines into paragraphs; each Block keeps its first line's page."""
    if not lines:
        return []
    widths = sorted(display_width(x.text) for x in lines)
    full = FULL_LINE_SHARE * widths[int(0.9 * (len(widths) - 1))]
    blocks: list[Block] = []
    current = [lines[0]]
    for prev, line in itertools.pairwise(lines):
        if _joins(prev.text, line.text, full):
            current.append(line)
            continue
        blocks.append(_block(current, len(blocks)))
        current = [line]
    blocks.append(_block(current, len(blocks)))
    return blocks


def _block(lines: list[Line], index: int) -> Block:
    text = lines[0].text
    for line in lines[1:]:
        glue = (
            " " if text[-1:].isascii() and text[-1:].isalnum() and line.text[:1].isascii() else ""
        )
        text += glue + line.text
    return Block(text=text, raw=text, page=lines[0].page, index=index)


def read_pdf(data: bytes) -> list[Block]:
    pages = drop_furniture(extract_pages(data))
    chars = sum(len(x) for lines in pages for x in lines)
    if chars < MIN_CHARS_PER_PAGE * max(1, len(pages)):
        raise UnreadableInput("PDF has no text layer (image-only scan; OCR not supported)")
    return join_lines([Line(p, x) for p, lines in enumerate(pages, 1) for x in lines])
