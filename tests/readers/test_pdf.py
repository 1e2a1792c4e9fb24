"""PDF reader: text layer, page furniture dropped, wrapped lines rejoined, clear errors."""

from pathlib import Path

import pytest
from fpdf import FPDF

from pipeline.errors import PipelineError
from pipeline.readers import read
from pipeline.readers.pdf import RE_PAGE_NUMBER, Line, drop_furniture, join_lines
from pipeline.run import parse_bytes

DATA = Path(__file__).resolve().parents[1] / "data"


def test_pdf_fixture_reads_paragraphs_with_pages():
    result = read((DATA / "plan.pdf").read_bytes(), "plan.pdf")
    raws = [b.raw for b in result.blocks]
    assert result.format == "pdf"
    assert raws[0] == "XX县创建国家卫生县城工作实施方案"
    assert "一、指导思想" in raws
    long = next(b for b in result.blocks if b.raw.startswith("以科学发展观"))
    assert long.raw.endswith("确保各项目标任务按期完成。")  # rejoined over 3+ lines
    assert long.page == 1
    assert result.blocks[-1].raw == "责任单位：县城管局、各乡镇人民政府"
    assert result.blocks[-1].page == 2
    assert not any("人民政府办公室文件" in r or r.startswith("-") for r in raws)


# fmt: off
PAGE_NUMBERS = [
    ("- 3 -", True), ("—3—", True), ("第3页", True), ("第 3 页 共 10 页", True),
    ("3/10", True), ("3", True), ("Page 3 of 10", True),
    ("3.加强领导", False), ("第三章 总则", False), ("2025年", False),
]
# fmt: on


@pytest.mark.parametrize(("line", "is_number"), PAGE_NUMBERS)
def test_pdf_page_number_lines(line, is_number):
    assert bool(RE_PAGE_NUMBER.match(line)) is is_number


def test_pdf_repeated_header_dropped_but_body_kept():
    bodies = [
        ["一、指导思想", "以人为本。"],
        ["（一）加强领导", "组长：王某某", "副组长：李某某"],
        ["责任单位：县卫生局", "完成时限：2025年底"],
    ]
    pages = [["某某县卫生健康局", *body, f"- {i} -"] for i, body in enumerate(bodies, 1)]
    pages.append(["继续的内容。"])  # a short last page keeps its only line
    assert drop_furniture(pages) == [*bodies, ["继续的内容。"]]


def test_pdf_lines_join_unless_sentence_end_short_line_or_new_item():
    full = "以科学发展观为指导深入贯彻落实各项部署全面提升"  # a full-width line, no end mark
    lines = [
        Line(1, "一、指导思想"),
        Line(1, full),
        Line(1, "环境卫生水平。"),
        Line(1, full),
        Line(2, "（一）加强组织领导"),
        Line(2, full),
        Line(2, "确保完成"),
    ]
    blocks = join_lines(lines)
    assert [(b.page, b.raw) for b in blocks] == [
        (1, "一、指导思想"),
        (1, full + "环境卫生水平。"),
        (1, full),
        (2, "（一）加强组织领导"),
        (2, full + "确保完成"),
    ]


def _encrypted_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "Work plan of the county")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    return bytes(pdf.output())


def _image_only_pdf() -> bytes:
    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.rect(20, 20, 150, 200, style="F")
    return bytes(pdf.output())


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_encrypted_pdf, "encrypted PDF (password protected)"),
        (_image_only_pdf, "PDF has no text layer (image-only scan; OCR not supported)"),
        (lambda: (DATA / "plan.pdf").read_bytes()[:3000], "corrupt PDF"),
        (lambda: b"%PDF-1.4\n%garbage only", "corrupt PDF"),
    ],
)
def test_pdf_bad_inputs_are_one_line_errors(make, reason):
    data = make()
    with pytest.raises(PipelineError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        read(data, "bad.pdf")
    errors = parse_bytes(data, "bad.pdf").errors
    assert len(errors) == 1
    assert errors[0].reason.startswith(reason)
    assert "\n" not in errors[0].reason
