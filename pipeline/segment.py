"""Index segmentation for full-text search: overlapping CJK bigrams (+ a closing unigram).

Why bigrams and not jieba words: a word index misses any query that jieba cuts differently
in the query than in the text (创建 inside 创建文明城市 may be cut 创建文明/城市), and the FTS5
trigram tokenizer cannot match terms under three characters. Bigrams give exact substring
recall for any query length:

* a run of CJK characters ``abcd`` is indexed as ``ab bc cd d`` (the closing unigram lets a
  one-character run, and a run's last character, be found);
* anything else (digits, Latin words) is passed through for the ``unicode61`` tokenizer,
  which also drops the punctuation;
* a query term is turned into the same tokens and searched as one FTS5 phrase — except that
  its last CJK run drops the closing unigram (the text may go on after it), and a query that
  ends in a one-character run ends in a prefix token ``"... x" *``.

Indexing is pure string work (about 1 µs per character), cheap enough for the ingest workers.
"""

from __future__ import annotations

import re
from operator import add

RE_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
RE_WORD = re.compile(r"[^\W_]+")  # what unicode61 keeps as a token outside CJK runs
CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
RE_TOKEN = re.compile(f"[{CJK_RANGES}]+|[^\\W_{CJK_RANGES}]+")  # a CJK run, or a word


def _run_tokens(run: str, closing: bool) -> list[str]:
    tokens = [run[i : i + 2] for i in range(len(run) - 1)]
    if closing or len(run) == 1:
        tokens.append(run[-1])
    return tokens


def _pieces(text: str) -> list[tuple[bool, str]]:
    """Split into (is_cjk, piece) in order; non-CJK pieces are unicode61 words."""
    out: list[tuple[bool, str]] = []
    pos = 0
    for m in RE_CJK_RUN.finditer(text):
        out.extend((False, w) for w in RE_WORD.findall(text[pos : m.start()]))
        out.append((True, m.group()))
        pos = m.end()
    out.extend((False, w) for w in RE_WORD.findall(text[pos:]))
    return out


def index_text(text: str) -> str:
    """The space-separated token string stored in the FTS5 index for ``text``."""
    # the hot path of ingest workers: one regex pass, bigrams by zip (no slicing per pair)
    out: list[str] = []
    for m in RE_TOKEN.findall(text):
        if RE_CJK_RUN.match(m):
            out.extend(map(add, m, m[1:]))
            out.append(m[-1])
        else:
            out.append(m.lower())
    return " ".join(out)


def query_tokens(term: str) -> tuple[list[str], bool]:
    """Tokens of one query term (to search as a phrase) and whether the last is a prefix."""
    pieces = _pieces(term)
    tokens: list[str] = []
    prefix = False
    for i, (is_cjk, piece) in enumerate(pieces):
        last = i == len(pieces) - 1
        if not is_cjk:
            tokens.append(piece.lower())
            continue
        tokens.extend(_run_tokens(piece, closing=not last))
        # a lone last character may be the start of a bigram in the text: match "x*"
        prefix = last and len(piece) == 1
    return tokens, prefix
