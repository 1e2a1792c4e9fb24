"""Split a file's cleaned blocks into its documents.

Boundaries: marker lines (第一篇: / 篇二: / 扩展阅读: / 方案一 / "XX方案篇1"), markers that
start mid-line after the previous document's signature ("…十六日篇二:创卫工作实施方案"),
and a next document's title glued after the last sentence ("…后盾。XX卫生检查评比制度").
Marker text is chrome: it is removed from the document but kept as a title hint.
Blocks before the first marker form a document only when they hold real content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from pipeline.extract.title import clean_title, is_title_like, trailing_title
from pipeline.model import Block
from pipeline.numbering import CN_NUMERALS

NUM = r"[一二三四五六七八九十\d]{1,3}"
CN = r"[一二三四五六七八九十]{1,3}"
RE_MARKER_LINE = re.compile(
    rf"^(?:第{NUM}篇|篇{NUM}|扩展阅读|拓展阅读|延伸阅读|方案[一二三四五六七八九十])\s*[:：]\s*(.*)$"
)
RE_MARKER_BARE = re.compile(rf"^(?:第{NUM}篇|篇{NUM}$|方案[一二三四五六七八九十])\s*(.*)$")
RE_MARKER_INLINE = re.compile(rf"(?:第{CN}篇|篇{CN})[:：]")
MARKER_FIRST = frozenset("第篇扩拓延方")  # how RE_MARKER_LINE / RE_MARKER_BARE matches start
RE_NUMBERED_TITLE = re.compile(
    rf"^(.{{4,50}}?)\s*(?:篇\s*\d{{1,2}}|篇{CN}|【第{CN}篇】|(?<=方案|计划|总结){CN})$"
)
RE_BARE_ENTRY = re.compile(rf"^篇{NUM}$")  # "篇1" alone on its line: an entry number
RE_BODY_OPENING = re.compile(r"^(?:为|根据|按照|近年来|随着|在|各)")
MIN_PREAMBLE_CHARS = 100  # less real text than this before the first marker = site header


@dataclass
class Part:
    """One document of a file: its blocks and the title its marker gave (if any)."""

    blocks: list[Block] = field(default_factory=list)
    marker_title: str | None = None
    numbered: bool = False  # marker only numbers an entry ("XX方案篇1"), no 第N篇: heading
    opened_by: str = "start"  # "line" marker, "inline" marker, glued "title", or file "start"


def marker_title(text: str) -> tuple[bool, str | None]:
    """(is a marker line, the title it announces) for one block's text."""
    for rx in (RE_MARKER_LINE, RE_MARKER_BARE) if text[:1] in MARKER_FIRST else ():
        m = rx.match(text)
        if m and (rx is RE_MARKER_LINE or not m.group(1) or is_title_like(m.group(1))):
            return True, clean_title(m.group(1)) or None
    m = RE_NUMBERED_TITLE.match(text) if _ends_numbered(text) else None
    if m and is_title_like(m.group(1)):
        return True, clean_title(m.group(1))
    return False, None


def _ends_numbered(text: str) -> bool:
    """Cheap test before RE_NUMBERED_TITLE (a lazy scan): its match ends in a digit, a
    Chinese numeral or 】 (``$`` also matches before one final newline)."""
    last = text[-2:-1] if text.endswith("\n") else text[-1:]
    return last == "】" or last in CN_NUMERALS or last.isdecimal()


def _split_inline_marker(b: Block) -> list[tuple[str, Block]]:
    """Cut "…十六日篇二:创卫工作实施方案 正文" into tagged pieces."""
    m = RE_MARKER_INLINE.search(b.text) if "篇" in b.text else None
    if not m or m.start() == 0:
        return [("text", b)]
    pieces: list[tuple[str, Block]] = []
    before, after = b.text[: m.start()].strip(), b.text[m.end() :].strip()
    if before:
        pieces.append(("text", replace(b, text=before)))
    head, _, rest = after.partition(" ")
    pieces.append(("inline", replace(b, text=head)))
    if rest.strip():
        pieces.append(("text", replace(b, text=rest.strip())))
    return pieces


def _tag(blocks: list[Block]) -> list[tuple[str, Block]]:
    """Tag each (piece of a) block: text, line / inline marker, or glued next title."""
    tagged: list[tuple[str, Block]] = []
    for i, b in enumerate(blocks):
        is_marker, _ = marker_title(b.text)
        if is_marker:
            tagged.append(("line", b))
            continue
        nxt = blocks[i + 1].text if i + 1 < len(blocks) else ""
        glued = trailing_title(b.text) if RE_BODY_OPENING.match(nxt) else None
        if glued:
            tagged.append(("text", replace(b, text=b.text[: -len(glued)])))
            tagged.append(("title", replace(b, text=glued)))
            continue
        tagged.extend(_split_inline_marker(b))
    return tagged


def _is_substantial(part: Part) -> bool:
    body = [b.text for b in part.blocks if not is_title_like(clean_title(b.text))]
    return sum(len(t) for t in body) >= MIN_PREAMBLE_CHARS


def split_parts(blocks: list[Block]) -> list[Part]:
    """The documents of a file, in reading order."""
    parts: list[Part] = [Part()]
    for tag, b in _tag(blocks):
        if tag in ("line", "inline"):
            is_marker, title = marker_title(b.text)
            title = title if is_marker else clean_title(b.text) or None
            numbered = bool(RE_NUMBERED_TITLE.match(b.text) or RE_BARE_ENTRY.match(b.text))
            parts.append(Part(marker_title=title, numbered=numbered, opened_by=tag))
        elif tag == "title":
            parts.append(Part(blocks=[b], opened_by=tag))
        else:
            parts[-1].blocks.append(b)
    first, rest = parts[0], [p for p in parts[1:] if p.blocks]
    # Before a "第一篇:" line sits the page's header (title, date, blurb): not a document.
    if rest and rest[0].opened_by == "line" and not _is_substantial(first):
        return rest
    return [p for p in [first, *rest] if p.blocks]


def split_documents(blocks: list[Block]) -> list[list[Block]]:
    """Blocks of each document (marker lines removed)."""
    return [p.blocks for p in split_parts(blocks)]
