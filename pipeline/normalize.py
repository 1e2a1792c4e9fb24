"""Character-level normalization: script detection, pinyin glosses, repairs, OpenCC t2s.

Every block keeps ``raw`` exactly as read; ``text`` becomes the normalized simplified copy.
Order matters: pinyin glosses are removed and characters repaired BEFORE t2s, because the
glosses sit between traditional characters and would otherwise split phrases for OpenCC.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import cache

from pipeline.model import Block

# A pinyin syllable as scraped sites print it after each character: 創(chuàng), 導(dǎo), 綠(lǜ).
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
RE_PINYIN_GLOSS = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（]([a-z{_TONED}]{{1,6}}[1-5]?)[)）]",
)
RE_PINYIN_HINT = re.compile(rf"[(（][a-z{_TONED}]")  # inside every RE_PINYIN_GLOSS match
RE_HAS_TONE = re.compile(rf"[{_TONED}]")
# Syllables written without tone marks that are still pinyin (neutral tone or plain ascii).
RE_PLAIN_SYLLABLE = re.compile(
    r"^(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?"
    r"(?:a|o|e|i|u|v|ai|ei|ao|ou|an|en|ang|eng|ong|er|ia|ie|iao|iu|ian|in|iang|ing|iong"
    r"|ua|uo|uai|ui|uan|un|uang|ue|ve)[1-5]?$"
)

CIRCLED_NUMERALS = {
    chr(0x3220 + i): f"({n})" for i, n in enumerate("一二三四五六七八九十")
}  # ㈠…㈩ → (一)…(十)
CHAR_REPAIRS = {
    "‚": "“",  # seed-style low quote used as an opening quote
    "‛": "”",
    "臵": "置",  # common GBK mis-decoding of 置
    "\u3000": " ",
    "\xa0": " ",
    "\ufeff": "",
    "\u200b": "",
    **CIRCLED_NUMERALS,
}
_FULLWIDTH_DIGITS = {ord("０") + i: ord("0") + i for i in range(10)}
RE_FULLWIDTH_DIGIT = re.compile("[０-９]")
RE_CHAR_REPAIRS = re.compile("|".join(re.escape(k) for k in CHAR_REPAIRS))
RE_NOT_CJK = re.compile("[^\u4e00-\u9fff]+")  # deleting these keeps the CJK characters
SCRIPT_SAMPLE = 5000  # CJK characters enough to tell the script apart
# An ASCII 0 used as 〇 inside a Chinese-numeral year or date: 二0一一年 → 二〇一一年.
RE_ZERO_IN_NUMERAL = re.compile(
    r"(?<=[〇一二三四五六七八九])0|0(?=[〇一二三四五六七八九]+[年月日])"
)
# Found wherever RE_ZERO_IN_NUMERAL matches, fast: it opens with the literal 0.
RE_ZERO_HINT = re.compile("0(?:(?<=[〇一二三四五六七八九]0)|(?=[〇一二三四五六七八九]))")


@cache
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")  # plain t2s: never tw2sp (rewrites 建立 → 创建)


def to_simplified(text: str) -> str:
    """Convert to simplified Chinese with OpenCC ``t2s``."""
    return _t2s().convert(text) if text else text


def detect_script(text: str) -> str:
    """``traditional`` when converting changes a notable share of the CJK characters."""
    return detect_script_of((text,))


def detect_script_of(texts: Iterable[str]) -> str:
    """``detect_script`` of the concatenated ``texts``, reading only as far as the sample needs.

    Pieces split out of one long line all carry that line's ``raw``: joining every raw first
    would be quadratic. Pinyin glosses hold no CJK characters, so the sample is simply the
    first ``SCRIPT_SAMPLE`` CJK characters."""
    found: list[str] = []
    n = 0
    last: str | None = None
    chars = ""
    for t in texts:
        if t != last:  # consecutive pieces of one line share its raw: scan it once
            chars, last = RE_NOT_CJK.sub("", t), t
        found.append(chars[: SCRIPT_SAMPLE - n])
        n += len(found[-1])
        if n >= SCRIPT_SAMPLE:
            break
    sample = "".join(found)
    if not sample:
        return "simplified"
    converted = to_simplified(sample)
    if converted == sample:  # the usual simplified text: nothing to count
        return "simplified"
    changed = sum(a != b for a, b in zip(sample, converted, strict=False))
    return "traditional" if changed / len(sample) > 0.05 else "simplified"


def _is_pinyin(syllable: str) -> bool:
    return bool(RE_HAS_TONE.search(syllable) or RE_PLAIN_SYLLABLE.match(syllable))


def drop_pinyin_glosses(text: str) -> str:
    """創(chuàng)建 → 創建; real parentheses such as (一), (CT), (2), (责任科室:党办) stay."""
    if not RE_PINYIN_HINT.search(text):  # the gloss pattern opens with a slow lookbehind
        return text
    return RE_PINYIN_GLOSS.sub(lambda m: "" if _is_pinyin(m.group(1)) else m.group(0), text)


def repair_chars(text: str) -> str:
    """‚…‛ quotes, ㈠ numerals, 臵, full-width digits, 二0一一年, odd spaces."""
    text = RE_CHAR_REPAIRS.sub(lambda m: CHAR_REPAIRS[m.group(0)], text)
    if RE_FULLWIDTH_DIGIT.search(text):  # str.translate is slow on CJK text: only when needed
        text = text.translate(_FULLWIDTH_DIGITS)
    return RE_ZERO_IN_NUMERAL.sub("〇", text) if RE_ZERO_HINT.search(text) else text


def normalize_text(text: str) -> str:
    """The whole character-level chain for one string (idempotent)."""
    return to_simplified(repair_chars(drop_pinyin_glosses(text))).strip()


def normalize_blocks(blocks: list[Block]) -> list[Block]:
    """Simplified, repaired copy of each block's text; ``raw`` untouched."""
    texts = [b.text for b in blocks]
    # Every step is line-local (no pattern or OpenCC phrase spans a "\n"), so the whole
    # document goes through the chain once instead of once per block.
    joined = "\n".join(texts)
    pieces = None if joined.count("\n") != len(texts) - 1 else _normalize_lines(joined)
    if pieces is None or len(pieces) != len(texts):
        pieces = [normalize_text(t) for t in texts]
    return [b if t == b.text else replace(b, text=t) for b, t in zip(blocks, pieces, strict=True)]


def _normalize_lines(joined: str) -> list[str]:
    converted = to_simplified(repair_chars(drop_pinyin_glosses(joined)))
    return [line.strip() for line in converted.split("\n")]
