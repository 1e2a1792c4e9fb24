"""Format sniffing: the bytes decide, the extension is only a hint."""

import io
import zipfile

import pytest

from pipeline.errors import UnreadableInput, UnsupportedFormat
from pipeline.readers import sniff_format
from pipeline.run import parse_bytes


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return buf.getvalue()


# fmt: off
FORMATS = [
    ("方案正文\n责任单位：县卫生局".encode(), "plan.txt", "txt"),
    ("方案".encode("gb18030"), "plan.doc", "txt"),
    (b"<html><body><p>x</p></body></html>", "plan.txt", "html"),
    (b"  <!DOCTYPE html><html></html>", "page", "html"),
    (b"\xef\xbb\xbf<html><body>x</body></html>", "page.txt", "html"),
    ("<p>一、指导思想</p><p>内容</p><br>".encode(), "a.txt", "html"),
    ("<p>一、指导思想</p><p>内容</p><br>".encode("utf-16"), "a.txt", "html"),
    ("一、指导思想 <注意> 内容".encode(), "a.txt", "txt"),
    (("<a href=x>首页</a> <a href=y>通知</a> <a href=z>公告</a>\n" + "正文一行。\n" * 20).encode(),
     "a.txt", "txt"),  # stray tags among many lines: text
    (b"%PDF-1.7\n...", "plan.doc", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "plan.docx", "doc"),
    (_zip({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<x/>"}), "p.doc", "docx"),
    (_zip({"a.txt": b"x"}), "bundle.zip", "zip"),
]
# fmt: on


@pytest.mark.parametrize(("data", "path", "fmt"), FORMATS)
def test_sniff_format_from_bytes(data, path, fmt):
    assert sniff_format(data, path) == fmt


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "looks like a JPEG image"),
        (b"\x7fELF\x02\x01\x01" + bytes(40), "looks like a ELF executable"),
        (b"Rar!\x1a\x07\x00", "looks like a RAR archive"),
        (b"7z\xbc\xaf\x27\x1c\x00\x04", "looks like a 7z archive"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00", "looks like a GIF image"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "looks like a Windows executable"),
        (bytes(range(32)) * 8, "binary data"),
        (_zip({"xl/workbook.xml": b"<x/>"}), "Excel workbook"),
    ],
)
def test_sniff_binary_junk_is_unsupported(data, message):
    with pytest.raises(UnsupportedFormat, match=message):
        sniff_format(data, "x.txt")
    errors = parse_bytes(data, "x.txt").errors
    assert len(errors) == 1
    assert message in errors[0].reason


@pytest.mark.parametrize("data", [b"", b"   ", b"\r\n\t\n"])
def test_sniff_empty_is_unreadable(data):
    with pytest.raises(UnreadableInput, match="empty file"):
        sniff_format(data, "x.txt")


def test_sniff_text_starting_like_a_weak_magic_is_still_text():
    assert sniff_format("MZ县创卫工作方案\n".encode(), "x.txt") == "txt"


@pytest.mark.parametrize(
    "data",
    [
        b'{"file": "d001.txt", "kind": "plan"}\n{"file": "d002.txt", "kind": "report"}\n',  # jsonl
        b'{\n "input": "p01.txt",\n "documents": []\n}\n',  # pretty-printed gold file
        b"[1, 2, 3]",
    ],
)
def test_sniff_json_data_is_not_a_document(data):
    with pytest.raises(UnsupportedFormat, match="JSON data"):
        sniff_format(data, "labels.jsonl")


@pytest.mark.parametrize(
    "text",
    [
        "{一}加强领导。成立创建工作领导小组。",  # a plan may start with a bracket, not with JSON
        "[精选]XX县创建文明城市工作实施方案\n一、指导思想",
        "[1] 某某县卫生局\n关于印发创卫工作方案的通知",
    ],
)
def test_sniff_text_starting_with_a_bracket_is_still_text(text):
    assert sniff_format(text.encode("utf-8"), "plan.txt") == "txt"
