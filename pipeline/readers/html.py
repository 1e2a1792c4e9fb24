"""HTML: declared charset honored but validated, real parser (selectolax/lexbor), blocks.

Block breaks at block-level elements and ``<br>``; h1–h6 give kind=heading with level;
``<li>`` gives kind=list. A table row whose cells hold only inline content is a data row:
one kind=table Block, cells joined by a tab. Rows whose cells hold paragraphs, line breaks
or tables are layout tables (old government sites wrap the whole page in them) and read as
normal flow.
Whitespace follows HTML rendering: ASCII whitespace runs collapse to one space, and a line
break between two CJK characters disappears (CSS Text 3 segment-break rule), so a hard-wrapped
Chinese sentence is not cut by spaces. ``&nbsp;`` and U+3000 are kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.model import Block
from pipeline.readers.encoding import MIN_COMMON_SHARE, Decoded, common_share, decode_bytes

DROP_TAGS = frozenset(
    [
        "script",
        "style",
        "nav",
        "header",
        "footer",
        "noscript",
        "template",
        "iframe",
        "svg",
        "object",
        "embed",
        "select",
        "option",
        "button",
        "input",
        "textarea",
        "head",
        "title",
        "canvas",
        "audio",
        "video",
        "map",
        "math",
    ]
)
BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "section",
        "article",
        "aside",
        "main",
        "blockquote",
        "pre",
        "hr",
        "address",
        "figure",
        "figcaption",
        "center",
        "form",
        "fieldset",
        "legend",
        "body",
        "html",
        "details",
        "summary",
    ]
)
HEADINGS = {f"h{i}": i for i in range(1, 7)}
# A row whose cells hold any of these is layout, not data: old sites put a whole article
# in one <td> with <br> line breaks, which must not collapse into one table block.
LAYOUT_CELL_CONTENT = "p, div, table, h1, h2, h3, h4, h5, h6, li, ul, ol, blockquote, pre, br"
# Declared labels → the codec that reads them (superset encodings, as browsers do).
CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5",
    "big5-hkscs": "big5hkscs",
    "x-x-big5": "big5",
    "utf8": "utf-8",
    "unicode": "utf-8",
}
# Labels that often lie on Chinese pages: valid UTF-8 wins over them.
LATIN_LABELS = frozenset({"iso-8859-1", "latin1", "latin-1", "windows-1252", "us-ascii", "ascii"})

RE_META_CHARSET = re.compile(
    rb"<(?:meta[^>]+?charset\s*=|\?xml[^>]+?encoding\s*=)\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.I
)
RE_CJK = "[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]"
RE_CJK_BREAK = re.compile(rf"(?<={RE_CJK})[ \t\f]*[\r\n][ \t\r\n\f]*(?={RE_CJK})")
RE_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


def declared_charset(data: bytes) -> str | None:
    """The charset named by ``<meta charset>`` / http-equiv / an XML prolog, lower-cased."""
    m = RE_META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def decode_html(data: bytes) -> Decoded:
    """Decode with the declared charset when it validates, else with the text decoder chain."""
    label = declared_charset(data)
    chain = decode_bytes(data)
    if label is None or chain.encoding.startswith(("utf-16", "utf-32", "utf-8-sig")):
        return chain
    if label in LATIN_LABELS and chain.encoding == "utf-8":
        return chain
    codec = CHARSET_ALIASES.get(label, label)
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return _mislabeled(chain, label)
    if common_share(text) < MIN_COMMON_SHARE:
        return _mislabeled(chain, label)
    return Decoded(text, codec)


def _mislabeled(chain: Decoded, label: str) -> Decoded:
    note = f"declared charset {label!r} does not fit the bytes; decoded as {chain.encoding}"
    return Decoded(chain.text, chain.encoding, (note, *chain.warnings))


def clean_inline(text: str) -> str:
    """HTML whitespace rendering for one block's text (see module docstring)."""
    text = RE_CJK_BREAK.sub("", text)
    return RE_HTML_SPACE.sub(" ", text).strip()


@dataclass
class _Builder:
    """Collects inline text and emits Blocks at block boundaries."""

    blocks: list[Block] = field(default_factory=list)
    buf: list[str] = field(default_factory=list)
    kinds: list[tuple[str, int | None]] = field(default_factory=list)
    cells: list[str] | None = None  # inside a data row: finished cells
    pre: int = 0

    def flush(self) -> None:
        if self.cells is not None:
            return  # inside a data row, breaks become spaces in the cell
        text = clean_inline("".join(self.buf)) if not self.pre else "".join(self.buf).strip()
        self.buf.clear()
        if text:
            kind, level = self.kinds[-1] if self.kinds else ("para", None)
            self.blocks.append(
                Block(text=text, raw=text, kind=kind, level=level, index=len(self.blocks))
            )

    def add_text(self, text: str) -> None:
        if not self.pre:
            self.buf.append(text)
            return
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if i:
                self.flush()
            self.buf.append(line)

    def end_cell(self) -> None:
        if self.cells is not None:
            self.cells.append(clean_inline("".join(self.buf)))
            self.buf.clear()

    def end_row(self) -> None:
        cells, self.cells = self.cells or [], None
        text = "\t".join(c for c in cells if c)
        if text:
            self.blocks.append(Block(text=text, raw=text, kind="table", index=len(self.blocks)))


def _children(node: Any) -> list[Any]:
    out = []
    child = node.child
    while child is not None:
        out.append(child)
        child = child.next
    return out


def _enter(b: _Builder, node: Any, tag: str) -> None:
    if tag == "tr" and b.cells is None and node.css_first(LAYOUT_CELL_CONTENT) is None:
        b.flush()
        b.cells = []
        return
    if b.cells is not None:
        if tag in BLOCK_TAGS or tag == "br":
            b.buf.append(" ")
        return
    if tag in BLOCK_TAGS or tag == "br":
        b.flush()
    if tag in HEADINGS:
        b.kinds.append(("heading", HEADINGS[tag]))
    elif tag == "li":
        b.kinds.append(("list", None))
    elif tag == "pre":
        b.pre += 1


def _exit(b: _Builder, tag: str) -> None:
    if b.cells is not None:
        if tag in ("td", "th"):
            b.end_cell()
        elif tag == "tr":
            b.end_cell()
            b.end_row()
        return
    if tag in BLOCK_TAGS:
        b.flush()
    if tag in HEADINGS or tag == "li":
        b.kinds.pop()
    elif tag == "pre":
        b.pre -= 1


def html_to_blocks(text: str) -> list[Block]:
    """Walk the parsed document (iteratively: pages can nest thousands deep) into Blocks."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(text)
    root = tree.body or tree.root
    if root is None:
        return []
    b = _Builder()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        tag = node.tag or ""
        if leaving:
            _exit(b, tag)
        elif tag == "-text":
            b.add_text(node.text_content or "")
        elif not tag.startswith("-") and tag not in DROP_TAGS:
            _enter(b, node, tag)
            stack.append((node, True))
            stack.extend((c, False) for c in reversed(_children(node)))
    b.flush()
    return b.blocks


def read_html(data: bytes) -> tuple[list[Block], Decoded]:
    decoded = decode_html(data)
    return html_to_blocks(decoded.text), decoded
