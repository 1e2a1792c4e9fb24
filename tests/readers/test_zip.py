"""Zip members: names decoded right, junk skipped, bombs and damage refused cleanly."""

import io
import zipfile
from pathlib import Path

import pytest

from pipeline.errors import UnreadableInput
from pipeline.readers import iter_zip_members
from pipeline.readers import zip as zip_reader
from pipeline.run import parse_bytes

DATA = Path(__file__).resolve().parents[1] / "data"
PLAN = "XX县创建国家卫生县城工作实施方案\n一、指导思想\n责任单位：县卫生局\n".encode()


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return buf.getvalue()


def _gbk_named_zip(name: str, content: bytes) -> bytes:
    """A zip as Chinese Windows makes it: GBK name bytes, no UTF-8 flag."""
    raw = name.encode("gbk")
    placeholder = "p" * len(raw)
    return _zip({placeholder: content}).replace(placeholder.encode(), raw)


def test_zip_yields_members_and_skips_junk():
    data = _zip(
        {
            "方案/实施方案.txt": PLAN,
            "方案/": b"",
            "__MACOSX/方案/._实施方案.txt": b"\x00\x05",
            ".DS_Store": b"\x00",
            "方案/plan.pdf": (DATA / "plan.pdf").read_bytes(),
        }
    )
    members = list(iter_zip_members(data, "bundle.zip"))
    assert [name for name, _ in members] == ["方案/实施方案.txt", "方案/plan.pdf"]
    assert members[0][1] == PLAN


@pytest.mark.parametrize("name", ["创卫实施方案.txt", "附件/责任分工.txt"])
def test_zip_gbk_member_names_without_utf8_flag(name):
    data = _gbk_named_zip(name, PLAN)
    info = zipfile.ZipFile(io.BytesIO(data)).infolist()[0]
    assert not info.flag_bits & 0x800
    assert [n for n, _ in iter_zip_members(data, "a.zip")] == [name]


def test_zip_run_parses_each_member_as_its_own_input():
    data = _zip({"a.txt": PLAN, "empty.txt": b"", "b.doc": (DATA / "plan.doc").read_bytes()})
    result = parse_bytes(data, "bundle.zip")
    assert [d.source.path for d in result.documents] == ["bundle.zip!a.txt", "bundle.zip!b.doc"]
    assert [(e.path, e.reason) for e in result.errors] == [("bundle.zip!empty.txt", "empty file")]


def test_zip_bomb_member_is_refused(monkeypatch):
    monkeypatch.setattr(zip_reader, "MAX_MEMBER_BYTES", 1024 * 1024)
    data = _zip({"bomb.txt": b"0" * (3 * 1024 * 1024)})
    assert len(data) < 10_000
    with pytest.raises(UnreadableInput, match="zip bomb"):
        list(iter_zip_members(data, "bomb.zip"))
    assert "zip bomb" in parse_bytes(data, "bomb.zip").errors[0].reason


def test_zip_nesting_is_bounded():
    data = _zip({"a.txt": PLAN})
    with pytest.raises(UnreadableInput, match="nested"):
        list(iter_zip_members(data, "a.zip!b.zip!c.zip!d.zip"))


@pytest.mark.parametrize("cut", [30, 200])
def test_zip_truncated_is_a_one_line_error(cut):
    data = _zip({"a.txt": PLAN * 20, "b.txt": PLAN})[:cut]
    result = parse_bytes(data, "bundle.zip")
    assert result.documents == ()
    assert result.errors[0].reason.startswith("corrupt zip")
    assert "\n" not in result.errors[0].reason


def test_zip_damaged_member_data_is_a_one_line_error():
    data = bytearray(_zip({"a.txt": PLAN * 50}))
    start = data.index(b"a.txt") + len(b"a.txt") + 10  # inside the deflate stream
    data[start : start + 20] = b"\xff" * 20
    result = parse_bytes(bytes(data), "bundle.zip")
    assert result.documents == ()
    assert result.errors[0].reason.startswith("corrupt zip member 'a.txt'")


@pytest.mark.parametrize(
    "members", [{}, {"__MACOSX/._a.txt": b"x", "docs/": b""}], ids=["empty", "only-junk"]
)
def test_zip_without_documents_is_an_error(members):
    result = parse_bytes(_zip(members), "bundle.zip")
    assert result.documents == ()
    assert [e.reason for e in result.errors] == ["zip archive has no document files"]
