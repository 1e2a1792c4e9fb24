"""RTF documents (often saved as .doc): code page escapes, Unicode escapes, pictures."""

from __future__ import annotations

import pytest

from pipeline.errors import UnreadableInput
from pipeline.readers import read, sniff_format
from pipeline.readers.rtf import codepage, read_rtf


def escaped(text: str, encoding: str) -> str:
    """``text`` as RTF writes it: ASCII as is, other characters as \\'xx bytes."""
    out = []
    for ch in text:
        out.append(ch if ord(ch) < 128 else "".join(f"\\'{b:02x}" for b in ch.encode(encoding)))
    return "".join(out)


def rtf(body: str, cpg: int | None = 936, encoding: str = "gbk") -> bytes:
    header = "{\\rtf1\\ansi" + (f"\\ansicpg{cpg}" if cpg else "") + "\\deff0"
    charset = 136 if encoding == "big5" else 134  # the font's: Big5, else GB2312
    fonts = f"{{\\fonttbl{{\\f0\\fnil\\fcharset{charset} SimSun;}}}}"  # not text
    return (header + fonts + "\\f0\\fs24 " + escaped(body, encoding) + "}").encode("ascii")


PLAN = "关于创建文明城市的实施方案\\par 一、指导思想\\par 坚持以人为本。\\par "


@pytest.mark.parametrize(
    ("data", "lines", "encoding"),
    [
        (rtf(PLAN), ["关于创建文明城市的实施方案", "一、指导思想", "坚持以人为本。"], "gbk"),
        # Big5 (Taiwan, Hong Kong): \ansicpg950
        (rtf("創建衛生城市工作方案\\par ", 950, "big5"), ["創建衛生城市工作方案"], "cp950"),
        # no code page: GB18030, the usual one here
        (rtf("创卫方案\\par ", None, "gb18030"), ["创卫方案"], "gb18030"),
        # \uN escapes (with a ? fallback) need no code page
        (b"{\\rtf1\\ansi{\\fonttbl{\\f0 x;}}\\u21019?\\u21355?\\u26041?\\u26696?\\par}",
         ["创卫方案"], "gb18030"),
    ],
)  # fmt: skip
def test_rtf_text_lines(data: bytes, lines: list[str], encoding: str) -> None:
    blocks, enc = read_rtf(data)
    assert [b.text for b in blocks] == lines
    assert enc == encoding


def test_rtf_picture_data_is_skipped_fast() -> None:
    picture = "{\\pict\\pngblip\\picw10\\pich10 " + ("89504e470d0a1a0a" * 64 + "\n") * 200 + "}"
    data = rtf("创卫方案\\par " + picture + "一、工作目标\\par ")
    assert [b.text for b in read_rtf(data)[0]] == ["创卫方案", "一、工作目标"]


@pytest.mark.parametrize(
    ("head", "codec"),
    [(b"{\\rtf1\\ansi\\ansicpg936", "gbk"), (b"{\\rtf1\\ansicpg950", "cp950"),
     (b"{\\rtf1\\ansicpg1252", "cp1252"), (b"{\\rtf1\\ansi", "gb18030"),
     (b"{\\rtf1\\ansicpg99999", "gb18030")],  # unknown page: the default
)  # fmt: skip
def test_rtf_codepage(head: bytes, codec: str) -> None:
    assert codepage(head) == codec


def test_rtf_is_sniffed_whatever_the_extension() -> None:
    data = rtf(PLAN)
    assert sniff_format(data, "plan.doc") == "rtf"
    assert sniff_format(b"\r\n  " + data, "x.txt") == "rtf"
    result = read(data, "plan.doc")
    assert (result.format, result.encoding) == ("rtf", "gbk")


def test_rtf_malformed_control_word_is_a_one_line_error() -> None:
    # striprtf raises TypeError on \uc without its number (found by fuzzing)
    with pytest.raises(UnreadableInput, match=r"^corrupt RTF: TypeError$"):
        read(b"{\\rtf1\\ansi\\ansicpg936 \\uc\n\\'b7\\'bd}", "plan.doc")
