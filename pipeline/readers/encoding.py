"""Decode text bytes by validating candidate encodings, never by trusting a guess.

Order: BOM → strict UTF-8 → UTF-16 without BOM (NUL pattern) → GB18030 / Big5 chosen by
plausibility → lossy UTF-8 / GB18030 / Big5 when only a few bytes are bad →
charset-normalizer → UTF-8 with replacement. Whenever bytes cannot be decoded they become
U+FFFD (one per byte) and a warning says how many: nothing is dropped silently.

GB18030 decodes almost any byte string, so a GB18030 / Big5 decoding is only accepted when
it looks like real Chinese: among its non-ASCII, non-punctuation characters, the share found
in a list of ~2000 common hanzi (``resources/readers_common_hanzi.txt``: the 1500 most
frequent simplified characters plus their traditional forms) is high for the right decoding
(> 0.8 on plan text) and low for mojibake, which is full of rare ideographs, kana and
private-use characters (≈ 0.1–0.4).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

# A decoding is plausible Chinese when at least this share of its scored characters (see
# RE_SCORED) are common hanzi. Right decodings of plan text score > 0.8, mojibake < 0.4.
MIN_COMMON_SHARE = 0.35
NAME_ENCODINGS = ("utf-8", "gb18030")  # a file name without a declared encoding: tried in order
# Lossy decoding is accepted without charset-normalizer when at most this share of bytes fail.
MAX_LOSSY_SHARE = 0.02
# How many bytes the UTF-16 NUL-pattern test looks at.
UTF16_SAMPLE = 65536
# Plausibility is scored on this many leading characters (enough, and fast on 20 MB).
SCORE_SAMPLE = 200_000
# Text has at most this share of control characters (binary data has far more).
MAX_CONTROL_SHARE = 0.05

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

RE_SURROGATE = re.compile("[\udc00-\udcff]")
ERROR_HANDLER = "fangan-escape"
# Characters that a plausibility score weighs: everything but ASCII, whitespace and the
# punctuation/symbol blocks real Chinese text uses (so kana, Cyrillic, private-use and rare
# ideographs that mojibake produces all count against a decoding).
RE_SCORED = re.compile("[^\x00-\x7f\u00a0-\u00ff\u2000-\u2bff\u3000-\u303f\uff00-\uffef\\s\ufffd]")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


@cache
def common_hanzi() -> frozenset[str]:
    """The common-character list (simplified + traditional), loaded once."""
    raw = resources.files("pipeline").joinpath("resources/readers_common_hanzi.txt")
    lines = raw.read_text(encoding="utf-8").splitlines()
    return frozenset("".join(ln.strip() for ln in lines if not ln.startswith("#")))


def detect_bom(data: bytes) -> tuple[str, int] | None:
    """(encoding, BOM length) when ``data`` starts with a byte-order mark."""
    for bom, enc in BOMS:
        if data.startswith(bom):
            return enc, len(bom)
    return None


def detect_utf16(data: bytes) -> str | None:
    """utf-16-le/-be for BOM-less UTF-16: NULs (high bytes of ASCII) all on one parity,
    and the sample decodes to text without control characters (binary has NULs too)."""
    sample = data[:UTF16_SAMPLE]
    if len(data) % 2 or b"\x00" not in sample:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    enc = "utf-16-le" if odd and not even else "utf-16-be" if even and not odd else None
    if enc is None:
        return None
    text = sample.decode(enc, errors="replace")
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\n\r\f")
    return enc if controls <= MAX_CONTROL_SHARE * len(text) else None


def decode_name(raw: bytes) -> str | None:
    """A file name's bytes as text: UTF-8, else GB18030 when that reads as common hanzi
    (names written on Chinese Windows systems); None when neither reads."""
    for enc in NAME_ENCODINGS:
        try:
            name = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "utf-8" or common_share(name) >= MIN_COMMON_SHARE:
            return name
    return None


def common_share(text: str) -> float:
    """Share of common hanzi among the scored characters (1.0 when there are none)."""
    scored = RE_SCORED.findall(text[:SCORE_SAMPLE])
    if not scored:
        return 1.0
    common = common_hanzi()
    return sum(ch in common for ch in scored) / len(scored)


def _escape_bytes(err: UnicodeError) -> tuple[str, int]:
    """Like surrogateescape, but for every byte (surrogateescape refuses bytes < 0x80)."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    bad = err.object[err.start : err.end]
    return "".join(chr(0xDC00 + b) for b in bad), err.end


@cache
def _error_handler() -> str:
    """Register the byte-escaping error handler once, on first use (not at import)."""
    codecs.register_error(ERROR_HANDLER, _escape_bytes)
    return ERROR_HANDLER


def decode_lossy(data: bytes, encoding: str) -> tuple[str, int]:
    """Decode, turning every undecodable byte into one U+FFFD; return (text, bad bytes)."""
    text = data.decode(encoding, errors=_error_handler())
    bad = len(RE_SURROGATE.findall(text))
    if bad:
        text = RE_SURROGATE.sub("\ufffd", text)
    return text, bad


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _with_warning(data: bytes, encoding: str) -> Decoded:
    text, bad = decode_lossy(data, encoding)
    if not bad:
        return Decoded(text, encoding)
    return Decoded(text, encoding, (f"{bad} undecodable bytes replaced (U+FFFD)",))


def _pick_cjk(data: bytes) -> Decoded | None:
    """The more plausible of the strict GB18030 / Big5 decodings, if either is plausible."""
    best: tuple[float, str, str] | None = None
    for enc in ("gb18030", "big5", "cp950"):
        text = _strict(data, enc)
        if text is None:
            continue
        score = common_share(text)
        if best is None or score > best[0]:
            best = (score, enc, text)
    if best is None or best[0] < MIN_COMMON_SHARE:
        return None
    return Decoded(best[2], best[1])


def _pick_lossy(data: bytes) -> Decoded | None:
    """A decoding with only a few bad bytes (a damaged but otherwise clean file)."""
    options = []
    for enc in ("utf-8", "gb18030", "big5"):
        text, bad = decode_lossy(data, enc)
        if bad <= MAX_LOSSY_SHARE * len(data) and common_share(text) >= MIN_COMMON_SHARE:
            options.append((bad, -common_share(text), enc))
    if not options:
        return None
    return _with_warning(data, min(options)[2])


def _charset_normalizer(data: bytes) -> Decoded | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    # Reached only when no Chinese decoding fits, so a non-Chinese answer is trusted here.
    text = _strict(data, best.encoding)
    if text is None:
        return None
    return Decoded(text, best.encoding.replace("_", "-"))


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data`` to text, recording the encoding used and any replaced bytes."""
    bom = detect_bom(data)
    if bom is not None:
        enc, size = bom
        result = _with_warning(data[size:], enc.removesuffix("-sig"))
        return Decoded(result.text, enc, result.warnings)
    text = _strict(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8")
    utf16 = detect_utf16(data)
    if utf16 is not None:
        return _with_warning(data, utf16)
    for step in (_pick_cjk, _pick_lossy, _charset_normalizer):
        found = step(data)
        if found is not None:
            return found
    return _with_warning(data, "utf-8")
