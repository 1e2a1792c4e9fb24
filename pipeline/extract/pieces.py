"""A text cut into sentence pieces, so per-sentence work can be cached.

Plans repeat their sentences ("牵头单位：县文明办", "完成时限：6月底前") across tasks, while
whole task texts rarely recur. A finder whose matches never run across 。/；/; outside
brackets gives the same results on the whole text as on its pieces shifted by their
offsets, and the pieces can be looked up in an ``lru_cache``.

Each piece after the first starts with the terminator it was cut at, so a finder still
sees the character before a piece's first word (a look-behind, "after ；"), and a piece's
end is where the text had a terminator. A terminator after an unclosed bracket is not a
cut: "(牵头单位：县文明办；配合单位：县教育局)" stays one piece.
"""

from __future__ import annotations

import re

RE_PIECE_CUT = re.compile(r"[()（）。；;]")
RE_BEFORE_TERMINATOR = re.compile(r"(?=[。；;])")
OPENING = "(（"
CLOSING = ")）"


def pieces(text: str) -> list[tuple[int, str]]:
    """(offset, piece) for each piece of ``text``, in order; they join back to ``text``."""
    if any(c in text for c in OPENING + CLOSING):
        return _bracketed_pieces(text)
    return _plain_pieces(text)


def _plain_pieces(text: str) -> list[tuple[int, str]]:
    """``pieces`` of a text without brackets: one split."""
    out: list[tuple[int, str]] = []
    pos = 0
    for piece in RE_BEFORE_TERMINATOR.split(text):
        if piece:  # empty only before a terminator opening the text: no cut there
            out.append((pos, piece))
            pos += len(piece)
    return out or [(0, text)]


def _bracketed_pieces(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = 0
    inside = False  # the last bracket seen opens
    for m in RE_PIECE_CUT.finditer(text):
        c = m.group()
        if c in OPENING:
            inside = True
        elif c in CLOSING:
            inside = False
        elif not inside and m.start() > pos:
            out.append((pos, text[pos : m.start()]))
            pos = m.start()
    out.append((pos, text[pos:]))
    return out
