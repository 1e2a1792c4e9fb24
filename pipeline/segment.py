"""Index segmentation for full-text search: overlapping CJK bigrams (+ a closing unigram).

Why bigrams and not jieba words: a word index misses any query that jieba cuts differently
in the query than in the text (创建 inside 创建文明城市 may be cut 创建文明/城市), and the FTS5
trigram tokenizer cannot match terms under three characters. Bigrams give exact substring
recall for any query length:

* a run of CJK characters ``abcd`` is indexed as ``ab bc cd d`` (the closing unigram lets a
  one-character run, and a run's last character, be found);
* anything else (digits, Latin words) is kept as words, folded here (lower case, accents
  dropped: ``Café`` → ``cafe``); punctuation is dropped;
* a query term is turned into the same tokens and searched as one FTS5 phrase — except that
  its last CJK run drops the closing unigram (the text may go on after it), and a query that
  ends in a one-character run ends in a prefix token ``"... x" *``.

Indexing is pure string work (about 1 µs per character), cheap enough for the ingest workers.
Every token is made here, so the FTS5 tables use the ``ascii`` tokenizer, which only splits
on the spaces: the single writer no longer runs ``unicode61``'s per-character classification
(19% of its instructions, measured on 300 synthetic files).
"""

from __future__ import annotations

import re
import unicodedata
from operator import add

RE_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
RE_WORD = re.compile(r"[^\W_]+")  # a token outside CJK runs: letters and digits
CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
RE_TOKEN = re.compile(f"[{CJK_RANGES}]+|[^\\W_{CJK_RANGES}]+")  # a CJK run, or a word


def fold(word: str) -> str:
    """A non-CJK word as indexed and searched: lower case, accents dropped (``É`` → ``e``).

    Compatibility forms are decomposed and only letters and digits kept (``⑴`` → ``1``),
    so a token never holds a character the tokenizer would split on, or a quote.
    """
    word = word.lower()
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if c.isalnum())


def _run_tokens(run: str, closing: bool) -> list[str]:
    tokens = [run[i : i + 2] for i in range(len(run) - 1)]
    if closing or len(run) == 1:
        tokens.append(run[-1])
    return tokens


def _pieces(text: str) -> list[tuple[bool, str]]:
    """Split into (is_cjk, piece) in order; non-CJK pieces are words (``RE_WORD``)."""
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
        elif word := fold(m):
            out.append(word)
    return " ".join(out)


def query_tokens(term: str) -> tuple[list[str], bool]:
    """Tokens of one query term (to search as a phrase) and whether the last is a prefix."""
    pieces = _pieces(term)
    tokens: list[str] = []
    prefix = False
    for i, (is_cjk, piece) in enumerate(pieces):
        last = i == len(pieces) - 1
        if not is_cjk:
            if word := fold(piece):
                tokens.append(word)
            continue
        tokens.extend(_run_tokens(piece, closing=not last))
        # a lone last character may be the start of a bigram in the text: match "x*"
        prefix = last and len(piece) == 1
    return tokens, prefix
