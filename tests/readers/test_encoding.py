"""Validated decoding: every encoding round-trips and is recorded; damage is reported."""

import codecs
import time

import pytest

from pipeline.readers.encoding import common_share, decode_bytes, detect_utf16

SIMPLIFIED = (
    "XX县创建国家卫生县城工作实施方案\n"
    "一、指导思想\n"
    "以科学发展观为指导，全面提升城乡环境卫生水平。\n"
    "（一）加强组织领导\n"
    "责任单位：县卫生局\n"
)
TRADITIONAL = (
    "XX縣創建國家衛生縣城工作實施方案\n"
    "一、指導思想\n"
    "以科學發展觀為指導，全面提升城鄉環境衛生水平。\n"
    "責任單位：縣衛生局\n"
)

# fmt: off
ROUND_TRIPS = [
    # (text, bytes, expected encoding)
    (SIMPLIFIED, SIMPLIFIED.encode("utf-8"), "utf-8"),
    (SIMPLIFIED, codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8-sig"),
    (SIMPLIFIED, codecs.BOM_UTF16_LE + SIMPLIFIED.encode("utf-16-le"), "utf-16-le"),
    (SIMPLIFIED, codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"), "utf-16-be"),
    (SIMPLIFIED, SIMPLIFIED.encode("utf-16-le"), "utf-16-le"),  # no BOM: NUL pattern
    (SIMPLIFIED, SIMPLIFIED.encode("utf-16-be"), "utf-16-be"),
    (SIMPLIFIED, SIMPLIFIED.encode("gb18030"), "gb18030"),
    (SIMPLIFIED, SIMPLIFIED.encode("gbk"), "gb18030"),
    (TRADITIONAL, TRADITIONAL.encode("big5"), "big5"),
    (TRADITIONAL, TRADITIONAL.encode("utf-8"), "utf-8"),
    ("plain ASCII plan\n", b"plain ASCII plan\n", "utf-8"),  # no-change row
]
# fmt: on


@pytest.mark.parametrize(("text", "data", "encoding"), ROUND_TRIPS)
def test_encoding_round_trips_and_records_encoding(text, data, encoding):
    decoded = decode_bytes(data)
    assert decoded.text == text
    assert decoded.encoding == encoding
    assert decoded.warnings == ()


@pytest.mark.parametrize(
    ("text", "wrong"),
    [(SIMPLIFIED, "big5"), (TRADITIONAL, "gb18030")],
)
def test_encoding_wrong_cjk_decoding_is_implausible(text, wrong):
    right = text.encode("gb18030" if wrong == "big5" else "big5")
    garbage = right.decode(wrong, errors="replace")
    assert common_share(text) > 0.8
    assert common_share(garbage) < 0.35


def test_encoding_mixed_garbage_is_replaced_with_a_warning():
    data = SIMPLIFIED.encode("utf-8") + b"\xff\xfe\x80" + "责任单位：县城管局\n".encode()
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert decoded.warnings == ("3 undecodable bytes replaced (U+FFFD)",)
    assert "\ufffd\ufffd\ufffd责任单位：县城管局" in decoded.text
    assert decoded.text.startswith(SIMPLIFIED)


def test_encoding_random_bytes_never_drop_silently():
    data = bytes(range(128, 256)) * 4
    decoded = decode_bytes(data)
    assert decoded.text
    assert decoded.warnings or decoded.encoding not in ("utf-8",)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("方案\n".encode("utf-16-le"), "utf-16-le"),
        ("方案\n".encode("utf-16-be"), "utf-16-be"),
        ("方案\n".encode(), None),
        (b"a\x00b", None),  # odd length: not UTF-16
    ],
)
def test_encoding_detects_utf16_without_bom(data, expected):
    assert detect_utf16(data) == expected


def test_encoding_twenty_megabytes_decode_fast():
    data = (SIMPLIFIED * 2).encode("utf-8") * (20_000_000 // 300)
    start = time.perf_counter()
    decoded = decode_bytes(data)
    elapsed = time.perf_counter() - start
    assert decoded.encoding == "utf-8"
    assert elapsed < 3.0
