"""DOCX: body paragraphs and tables in order, heading styles, Word numbering rendered.

python-docx opens the package; the body is walked on its XML (the same order as
``Document.iter_inner_content()``, but also descending into content controls ``w:sdt``
and ``w:customXml``, which iter_inner_content skips and Chinese templates use). Paragraph
text keeps runs, hyperlinks, field results and tracked insertions; deleted text, field
codes, hidden runs and text boxes/drawings (which repeat in mc:Fallback) are left out.
A soft line break (``w:br``) splits a paragraph into separate Blocks.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pipeline.errors import UnreadableInput
from pipeline.model import Block
from pipeline.readers.numbering import Numbering, W, parse_numbering

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
SKIP_NAMES = (
    "pPr", "rPr", "del", "moveFrom", "drawing", "pict", "object", "txbxContent", "fldData",
    "instrText", "delText", "footnoteReference", "endnoteReference", "commentReference",
)  # fmt: skip
SKIP_TAGS = frozenset(W + t for t in SKIP_NAMES) | {MC + "AlternateContent"}
CONTAINER_TAGS = frozenset({W + "sdt", W + "sdtContent", W + "customXml", W + "ins"})
RE_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)
TITLE_STYLES = frozenset({"title", "标题"})
MAX_STYLE_DEPTH = 10


@dataclass(frozen=True, slots=True)
class Style:
    name: str
    based_on: str | None
    num: tuple[str, int] | None  # (numId, ilvl) from the style's numPr
    outline: int | None


def _val(el: Any, path: str) -> str | None:
    found = el.find(path) if el is not None else None
    return found.get(W + "val") if found is not None else None


def _num_pr(ppr: Any) -> tuple[str, int] | None:
    num_id = _val(ppr, f"{W}numPr/{W}numId")
    if num_id is None:
        return None
    ilvl = _val(ppr, f"{W}numPr/{W}ilvl") or "0"
    return num_id, int(ilvl) if ilvl.isdigit() else 0


def _outline(ppr: Any) -> int | None:
    raw = _val(ppr, f"{W}outlineLvl")
    return int(raw) if raw and raw.isdigit() and int(raw) < 9 else None


def parse_styles(root: Any) -> dict[str, Style]:
    styles: dict[str, Style] = {}
    for st in root.iterfind(W + "style"):
        ppr = st.find(W + "pPr")
        styles[st.get(W + "styleId") or ""] = Style(
            name=(_val(st, W + "name") or "").strip(),
            based_on=_val(st, W + "basedOn"),
            num=_num_pr(ppr),
            outline=_outline(ppr),
        )
    return styles


def _style_chain(styles: dict[str, Style], style_id: str | None) -> Iterator[Style]:
    for _ in range(MAX_STYLE_DEPTH):
        style = styles.get(style_id or "")
        if style is None:
            return
        yield style
        style_id = style.based_on


def paragraph_pieces(p: Any) -> list[str]:
    """The visible text of a ``w:p``, split at soft line breaks."""
    pieces: list[list[str]] = [[]]
    stack = list(reversed(p))
    while stack:
        el = stack.pop()
        tag = el.tag
        if tag in SKIP_TAGS or not isinstance(tag, str):
            continue
        if tag == W + "r" and el.find(f"{W}rPr/{W}vanish") is not None:
            continue
        if tag == W + "t":
            pieces[-1].append(el.text or "")
        elif tag == W + "tab":
            pieces[-1].append("\t")
        elif tag in (W + "br", W + "cr") and el.get(W + "type") not in ("page", "column"):
            pieces.append([])
        elif tag == W + "noBreakHyphen":
            pieces[-1].append("-")
        else:
            stack.extend(reversed(el))
    return ["".join(x) for x in pieces]


def _heading_level(p: Any, chain: list[Style]) -> int | None:
    """Heading level from the style name (Heading N / 标题 N, Title → 0) or outlineLvl."""
    if chain:
        m = RE_HEADING_STYLE.match(chain[0].name)
        if m:
            return int(m.group(1))
        if chain[0].name.lower() in TITLE_STYLES:
            return 0
    outline = _outline(p.find(W + "pPr"))
    if outline is None:
        outline = next((s.outline for s in chain if s.outline is not None), None)
    return outline + 1 if outline is not None else None


@dataclass
class _Doc:
    styles: dict[str, Style]
    numbering: Numbering

    def label(self, p: Any, chain: list[Style]) -> str | None:
        num = _num_pr(p.find(W + "pPr"))
        if num is None:
            num = next((s.num for s in chain if s.num is not None), None)
        if num is None or num[0] == "0":
            return None
        return self.numbering.label(*num)

    def paragraph(self, p: Any) -> tuple[list[str], str, int | None]:
        """(pieces with the number rendered, kind, level) of one paragraph."""
        chain = list(_style_chain(self.styles, _val(p, f"{W}pPr/{W}pStyle")))
        pieces = paragraph_pieces(p)
        label = self.label(p, chain)
        if label and "".join(pieces).strip():
            pieces[0] = label + pieces[0].lstrip()
        level = _heading_level(p, chain)
        if level is not None:
            return pieces, "heading", level
        is_list = label is not None or (bool(chain) and "list" in chain[0].name.lower())
        return pieces, "list" if is_list else "para", None

    def row_text(self, tr: Any) -> str:
        """Cells joined by a tab; a nested table's text stays inside its outer cell."""
        cells = []
        for tc in _children(tr, (W + "tc",)):
            parts = [" ".join(self.paragraph(p)[0]).strip() for p in tc.iter(W + "p")]
            cells.append(" ".join(x for x in parts if x))
        return "\t".join(c for c in cells if c)


def _children(parent: Any, tags: tuple[str, ...]) -> Iterator[Any]:
    """Child elements with one of ``tags`` in order, looking inside content controls."""
    for el in parent:
        if el.tag in tags:
            yield el
        elif el.tag in CONTAINER_TAGS:
            yield from _children(el, tags)


def _blocks(doc: _Doc, body: Any) -> list[Block]:
    blocks: list[Block] = []

    def add(text: str, kind: str, level: int | None) -> None:
        text = text.strip()
        if text:
            blocks.append(Block(text=text, raw=text, kind=kind, level=level, index=len(blocks)))

    for el in _children(body, (W + "p", W + "tbl")):
        if el.tag == W + "p":
            pieces, kind, level = doc.paragraph(el)
            for piece in pieces:
                add(piece, kind, level)
        else:
            for tr in _children(el, (W + "tr",)):
                add(doc.row_text(tr), "table", None)
    return blocks


def read_docx(data: bytes) -> list[Block]:
    """Blocks of a .docx; a damaged package raises UnreadableInput with a one-line reason."""
    try:
        import docx
    except ImportError as e:  # pragma: no cover - a declared dependency
        from pipeline.errors import MissingDependency

        raise MissingDependency("python-docx is needed for .docx: pip install python-docx") from e
    try:
        document = docx.Document(io.BytesIO(data))
        styles = parse_styles(document.styles.element)
        numbering = parse_numbering(_numbering_root(document))
    except Exception as e:  # python-docx/zipfile/lxml raise many types on a damaged file
        reason = (str(e).splitlines() or [type(e).__name__])[0][:160]
        raise UnreadableInput(f"corrupt docx: {reason}") from e
    return _blocks(_Doc(styles, numbering), document.element.body)


def _numbering_root(document: Any) -> Any:
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None
