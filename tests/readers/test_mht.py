"""MHT web archives (IE's "single file" pages, Word's 单个文件网页, .eml): the page part."""

from __future__ import annotations

import base64
import quopri

import pytest

from pipeline.errors import UnreadableInput
from pipeline.readers import read, sniff_format
from pipeline.readers.mht import is_mht, page_part

PAGE = (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
    "<body><p>关于创建卫生城市的工作方案</p><p>一、工作目标</p><p>达到国家卫生城市标准。</p>"
    "</body></html>"
)
LINES = ["关于创建卫生城市的工作方案", "一、工作目标", "达到国家卫生城市标准。"]


def part(ctype: str, body: bytes, cte: str, charset: str | None = None) -> bytes:
    cs = f'; charset="{charset}"' if charset else ""
    head = f"Content-Type: {ctype}{cs}\r\nContent-Transfer-Encoding: {cte}\r\n\r\n"
    if cte == "quoted-printable":
        body = quopri.encodestring(body)
    elif cte == "base64":
        body = base64.encodebytes(body)
    return head.encode() + body + b"\r\n"


def mht(*parts: bytes) -> bytes:
    head = (
        b"From: <Saved by Windows Internet Explorer 8>\r\nSubject: page\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/related; type="text/html"; boundary="----=_NextPart_01"\r\n\r\n'
        b"This is a multi-part message in MIME format.\r\n\r\n"
    )
    body = b"".join(b"------=_NextPart_01\r\n" + p for p in parts)
    return head + body + b"------=_NextPart_01--\r\n"


IMAGE = part("image/gif", b"GIF89a\x01\x00\x01\x00", "base64")


@pytest.mark.parametrize(
    "data",
    [
        mht(part("text/html", PAGE.encode("gb2312"), "quoted-printable", "gb2312")),
        mht(IMAGE, part("text/html", PAGE.encode("gb2312"), "base64", "gb2312")),  # page 2nd
        mht(part("text/plain", "\n".join(LINES).encode("gbk"), "8bit", "gbk")),
    ],
)
def test_mht_page_lines(data: bytes) -> None:
    assert sniff_format(data, "plan.doc") == "mht"
    result = read(data, "plan.doc")
    assert result.format == "mht"
    assert [b.text for b in result.blocks] == LINES


def test_mht_html_part_is_preferred_to_text() -> None:
    text = part("text/plain", "纯文本版本".encode(), "8bit", "utf-8")
    html = part("text/html", PAGE.encode("gb2312"), "quoted-printable", "gb2312")
    assert page_part(mht(text, html))[0] == "text/html"


def test_mht_without_a_page_is_unreadable() -> None:
    with pytest.raises(UnreadableInput, match="without an HTML or text page"):
        page_part(mht(IMAGE))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (mht(IMAGE), True),
        (b"MIME-Version: 1.0\nContent-Type: text/plain\n\n\xe6\x96\xb9\xe6\xa1\x88", True),
        ("标题: 创卫方案\nMIME-Version: 1.0\n\n正文".encode(), False),  # not a header block
        (b"Subject: plan\nDate: today\n\nbody", False),  # headers, but no MIME-Version
        ("关于创建卫生城市的工作方案\n".encode(), False),
    ],
)
def test_mht_is_mht(data: bytes, expected: bool) -> None:
    assert is_mht(data) is expected
