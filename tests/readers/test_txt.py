"""Plain-text reader: one block per non-empty line, offsets into the decoded text."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import PipelineError
from pipeline.readers import read
from pipeline.readers.encoding import decode_bytes
from pipeline.readers.txt import split_lines
from pipeline.run import parse_bytes

DATA = Path(__file__).resolve().parents[1] / "data"

# fmt: off
SPLITS = [
    # (text, expected (raw, offset) pairs)
    ("一、指导思想\n以人为本。", [("一、指导思想", 0), ("以人为本。", 7)]),
    ("一、总体要求\r\n\r\n  （一）目标\r\n", [("一、总体要求", 0), ("（一）目标", 12)]),
    ("旧式\r换行\r", [("旧式", 0), ("换行", 3)]),
    ("\u3000\u3000责任单位：县卫生局", [("责任单位：县卫生局", 2)]),
    ("   \n\t\n", []),
    ("组长：王某某", [("组长：王某某", 0)]),  # no-change row
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), SPLITS)
def test_txt_splits_lines_with_offsets(text, expected):
    blocks = split_lines(text)
    assert [(b.raw, b.offset) for b in blocks] == expected
    assert [b.index for b in blocks] == list(range(len(expected)))
    assert all(b.text == b.raw and b.kind == "para" for b in blocks)


@pytest.mark.parametrize(
    ("name", "encoding", "first"),
    [
        ("plan_utf8.txt", "utf-8", "XX县创建国家卫生县城工作实施方案"),
        ("plan_gb18030.txt", "gb18030", "XX县创建国家卫生县城工作实施方案"),
        ("plan_utf16.txt", "utf-16-le", "XX县创建国家卫生县城工作实施方案"),
        ("plan_big5.txt", "big5", "XX縣創建國家衛生縣城工作實施方案"),
    ],
)
def test_txt_fixture_files_decode(name, encoding, first):
    result = read((DATA / name).read_bytes(), name)
    assert result.format == "txt"
    assert result.encoding == encoding
    assert result.blocks[0].raw == first
    assert result.blocks[-1].raw.startswith(("责任单位", "責任單位"))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \r\n\t ", "empty file"),
        (b"\xff\xfe \x00\n\x00", "no text found in txt file"),  # UTF-16 whitespace only
    ],
)
def test_txt_empty_input_is_a_one_line_error(data, reason):
    with pytest.raises(PipelineError, match=reason):
        read(data, "empty.txt")
    result = parse_bytes(data, "empty.txt")
    assert result.documents == ()
    assert result.errors[0].reason == reason


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_txt_arbitrary_bytes_give_blocks_or_pipeline_error(data):
    try:
        result = read(data, "x.txt")
    except PipelineError as e:
        message = str(e)
        result = None
    if result is None:
        assert message
        assert "\n" not in message
        return
    if result.format != "txt":
        return
    text = decode_bytes(data).text
    for block in result.blocks:
        assert text[block.offset : block.offset + len(block.raw)] == block.raw


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_txt_offsets_index_into_arbitrary_text(text):
    for block in split_lines(text):
        assert block.raw
        assert text[block.offset : block.offset + len(block.raw)] == block.raw
