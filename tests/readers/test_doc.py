"""Word 97–2003 reader: FIB + piece table in pure Python, control characters mapped."""

import shutil
import struct
import sys
from pathlib import Path

import olefile
import pytest

from pipeline.errors import PipelineError
from pipeline.readers import read
from pipeline.readers.doc import main_text, strip_fields, text_to_blocks
from pipeline.run import parse_bytes

DATA = Path(__file__).resolve().parents[1] / "data"


def test_doc_fixture_reads_chinese_paragraphs_headings_and_table_rows():
    result = read((DATA / "plan.doc").read_bytes(), "plan.doc")
    triples = [(b.kind, b.level, b.raw) for b in result.blocks]
    assert result.format == "doc"
    assert triples[:4] == [
        ("heading", 1, "XX县创建国家卫生县城工作实施方案"),
        ("para", None, "为进一步改善城乡环境卫生面貌，结合我县实际，制定本方案。"),
        ("heading", 2, "一、指导思想"),
        ("para", None, "以科学发展观为指导，以创建国家卫生县城为载体，全面提升城乡环境卫生水平。"),
    ]
    assert ("para", None, "责任单位：县卫生局") in triples
    # Rows come from the paragraph properties: a two-paragraph cell stays in its cell and
    # an empty cell does not end the row.
    assert triples[-4:] == [
        ("table", None, "序号\t任务\t责任单位"),
        ("table", None, "1\t整治市容环境 清理卫生死角\t县城管局"),
        ("table", None, "2\t县卫生局"),
        ("para", None, "附件：创卫工作任务分解表"),
    ]
    assert [b.index for b in result.blocks] == list(range(len(triples)))


def test_doc_read_with_docx_extension_still_reads():
    assert read((DATA / "plan.doc").read_bytes(), "plan.docx").format == "doc"


def _word_streams(pieces: list[tuple[str, bool]], flags: int = 0) -> tuple[bytes, bytes]:
    """A minimal WordDocument stream (FIB + text) and table stream (CLX) for ``pieces``."""
    word = bytearray(0x1000)
    struct.pack_into("<HHHHHH", word, 0, 0xA5EC, 0x00C1, 0, 0, 0, flags)
    struct.pack_into("<H", word, 32, 14)
    struct.pack_into("<H", word, 62, 22)
    struct.pack_into("<H", word, 152, 93)
    cps, pcds, pos = [0], b"", 0x400
    for text, compressed in pieces:
        raw = text.encode("cp1252" if compressed else "utf-16-le")
        word[pos : pos + len(raw)] = raw
        fc = (pos * 2) | 0x40000000 if compressed else pos
        pcds += struct.pack("<HIH", 0, fc, 0)
        cps.append(cps[-1] + len(text))
        pos += len(raw) + 16
    struct.pack_into("<i", word, 64 + 4 * 3, cps[-1])  # ccpText
    plc = struct.pack(f"<{len(cps)}i", *cps) + pcds
    table = b"\x01\x02\x00\xaa\xbb" + b"\x02" + struct.pack("<I", len(plc)) + plc
    struct.pack_into("<II", word, 154 + 33 * 8, 0, len(table))
    return bytes(word), table


def test_doc_piece_table_mixes_compressed_and_unicode_pieces():
    word, table = _word_streams(
        [("Plan 2025\r", True), ("一、指导思想\r责任单位：县卫生局\r", False)]
    )
    assert main_text(word, table) == "Plan 2025\r一、指导思想\r责任单位：县卫生局\r"


# fmt: off
FIELDS = [
    ("见\x13 HYPERLINK \"http://x\" \x14附件1\x15。", "见附件1。"),
    ("\x13 PAGE \x15第页", "第页"),  # no result part: all dropped
    ("外\x13 A \x13 B \x14内\x15 \x14结果\x15尾", "外结果尾"),  # nested
    ("组长：王某某", "组长：王某某"),  # no-change row
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), FIELDS)
def test_doc_fields_keep_only_results(text, expected):
    assert strip_fields(text) == expected


# fmt: off
CONTROL = [
    ("一、指导思想\r以人为本。\r", [("para", "一、指导思想"), ("para", "以人为本。")]),
    ("第一行\x0b第二行\x0c第三行", [("para", "第一行"), ("para", "第二行"), ("para", "第三行")]),
    ("图\x01片\x08说明\r", [("para", "图片说明")]),
    ("序号\x07任务\x07\x071\x07清扫\x07\x07后文\r",
     [("table", "序号\t任务"), ("table", "1\t清扫"), ("para", "后文")]),
    ("甲\r乙\x07丙\x07\x07", [("para", "甲"), ("table", "乙\t丙")]),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), CONTROL)
def test_doc_control_characters_become_blocks(text, expected):
    assert [(b.kind, b.raw) for b in text_to_blocks(text)] == expected


def _with_word_stream(tmp_path: Path, change) -> bytes:
    path = tmp_path / "copy.doc"
    shutil.copy(DATA / "plan.doc", path)
    ole = olefile.OleFileIO(str(path), write_mode=True)
    stream = bytearray(ole.openstream("WordDocument").read())
    change(stream)
    ole.write_stream("WordDocument", bytes(stream))
    ole.close()
    return path.read_bytes()


def test_doc_encrypted_is_a_one_line_error(tmp_path):
    def encrypt(stream: bytearray) -> None:
        stream[11] |= 0x01  # fEncrypted is bit 8 of the flags word at offset 10

    data = _with_word_stream(tmp_path, encrypt)
    with pytest.raises(PipelineError, match="encrypted Word document"):
        read(data, "secret.doc")
    assert parse_bytes(data, "secret.doc").errors[0].reason == (
        "encrypted Word document (password protected)"
    )


def test_doc_damaged_piece_table_is_a_one_line_error(tmp_path):
    def break_clx(stream: bytearray) -> None:
        struct.pack_into("<II", stream, 154 + 33 * 8, 0x7FFFFFF0, 12)

    data = _with_word_stream(tmp_path, break_clx)
    reason = parse_bytes(data, "broken.doc").errors[0].reason
    assert reason.startswith("corrupt .doc")


@pytest.mark.parametrize("cut", [600, 5000])
def test_doc_truncated_is_a_one_line_error(cut):
    data = (DATA / "plan.doc").read_bytes()[:cut]
    with pytest.raises(PipelineError, match=r"corrupt \.doc"):
        read(data, "plan.doc")
    errors = parse_bytes(data, "plan.doc").errors
    assert errors[0].reason.startswith("corrupt .doc")
    assert "\n" not in errors[0].reason


def test_doc_falls_back_to_an_installed_system_tool(tmp_path, monkeypatch):
    from pipeline.readers import doc

    def break_clx(stream: bytearray) -> None:
        struct.pack_into("<II", stream, 154 + 33 * 8, 0x7FFFFFF0, 12)

    data = _with_word_stream(tmp_path, break_clx)
    script = "import sys; print(open(sys.argv[1], 'rb').read()[:2].hex()); print('一、指导思想')"
    monkeypatch.setattr(doc, "SYSTEM_TOOLS", (("fake", [sys.executable, "-c", script]),))
    monkeypatch.setattr(doc.shutil, "which", lambda name: "/usr/bin/" + name)
    assert [b.raw for b in read(data, "old.doc").blocks] == ["d0cf", "一、指导思想"]


def test_doc_word95_is_unsupported_without_a_system_tool(tmp_path, monkeypatch):
    from pipeline.readers import doc

    def word95(stream: bytearray) -> None:
        struct.pack_into("<H", stream, 2, 0x0068)  # nFib of Word 95

    monkeypatch.setattr(doc.shutil, "which", lambda name: None)
    data = _with_word_stream(tmp_path, word95)
    reason = parse_bytes(data, "old.doc").errors[0].reason
    assert reason == "unsupported format: Word 6/95 document (pre-97 .doc)"
