"""DOCX reader: body order, headings, tables, Word's automatic numbering rendered."""

import io
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from pipeline.errors import PipelineError
from pipeline.readers import read
from pipeline.run import parse_bytes

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
ABSTRACT = f"""<w:abstractNum {W_NS} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/>
    <w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
    <w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>"""
NUM = f'<w:num {W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'


def _numbered(paragraph, ilvl: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="90"/></w:numPr>')
    )


def _plan_docx() -> bytes:
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(ABSTRACT))
    numbering.append(parse_xml(NUM))
    d.add_heading("XX县创建国家卫生县城工作实施方案", 0)
    for ilvl, text in [(0, "指导思想"), (1, "加强组织领导"), (1, "整治市容环境")]:
        _numbered(d.add_paragraph(text), ilvl)
    d.add_paragraph("责任单位：县卫生局")
    _numbered(d.add_paragraph("工作目标"), 0)
    _numbered(d.add_paragraph("建立长效机制"), 2)
    d.add_heading("附件", 2)
    table = d.add_table(rows=2, cols=3)
    for r, row in enumerate([("序号", "任务", "责任单位"), ("1", "整治市容", "县城管局")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    p = d.add_paragraph("组长：王某某")
    p.add_run().add_break()
    p.add_run("副组长：李某某")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


EXPECTED = [
    ("heading", 0, "XX县创建国家卫生县城工作实施方案"),
    ("list", None, "一、指导思想"),
    ("list", None, "（一）加强组织领导"),
    ("list", None, "（二）整治市容环境"),
    ("para", None, "责任单位：县卫生局"),
    ("list", None, "二、工作目标"),
    ("list", None, "1.建立长效机制"),
    ("heading", 2, "附件"),
    ("table", None, "序号\t任务\t责任单位"),
    ("table", None, "1\t整治市容\t县城管局"),
    ("para", None, "组长：王某某"),
    ("para", None, "副组长：李某某"),
]


@pytest.mark.parametrize("path", ["plan.docx", "plan.doc", "plan.txt"])
def test_docx_reads_body_in_order_with_numbering(path):
    result = read(_plan_docx(), path)
    assert result.format == "docx"
    assert [(b.kind, b.level, b.raw) for b in result.blocks] == EXPECTED
    assert [b.index for b in result.blocks] == list(range(len(EXPECTED)))


def test_docx_chinese_heading_style_names():
    d = docx.Document()
    styles = d.styles.element
    styles.append(
        parse_xml(
            f'<w:style {W_NS} w:type="paragraph" w:styleId="cn2"><w:name w:val="标题 2"/></w:style>'
        )
    )
    p = d.add_paragraph("（一）加强组织领导")
    p._p.get_or_add_pPr().append(parse_xml(f'<w:pStyle {W_NS} w:val="cn2"/>'))
    buf = io.BytesIO()
    d.save(buf)
    (block,) = read(buf.getvalue(), "x.docx").blocks
    assert (block.kind, block.level) == ("heading", 2)


@pytest.mark.parametrize("cut", [100, 2000])
def test_docx_truncated_is_a_one_line_error(cut):
    data = _plan_docx()[:cut]
    with pytest.raises(PipelineError, match="corrupt"):
        read(data, "plan.docx")
    result = parse_bytes(data, "plan.docx")
    assert result.documents == ()
    assert "corrupt" in result.errors[0].reason
    assert "\n" not in result.errors[0].reason


def test_docx_without_document_part_is_unreadable():
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml.bak", "x")
    data = buf.getvalue().replace(b"document.xml.bak", b"document.xml")
    result = parse_bytes(data, "broken.docx")
    assert result.documents == ()
    assert result.errors[0].reason.startswith(("corrupt", "corrupt zip"))


def test_docx_minimal_package_fixture_renders_chinese_numbering():
    data = (Path(__file__).resolve().parents[1] / "data" / "plan_numbered.docx").read_bytes()
    assert [(b.kind, b.raw) for b in read(data, "plan_numbered.docx").blocks] == [
        ("para", "XX县创建国家卫生县城工作实施方案"),
        ("list", "一、指导思想"),
        ("para", "以科学发展观为指导，以创建国家卫生县城为载体，全面提升城乡环境卫生水平。"),
        ("list", "二、工作目标"),
        ("list", "（一）加强组织领导"),
        ("list", "（二）整治市容环境"),
        ("para", "责任单位：县城管局"),
    ]


def _p(inner: str):
    return parse_xml(
        f'<w:p {W_NS} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f"{inner}</w:p>"
    )


# fmt: off
PIECES = [
    ('<w:r><w:t>组长：</w:t></w:r><w:r><w:t>王某某</w:t></w:r>', ["组长：王某某"]),
    ('<w:ins><w:r><w:t>新增</w:t></w:r></w:ins><w:del><w:r><w:delText>删除</w:delText></w:r></w:del>',
     ["新增"]),
    ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
     '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
     '<w:r><w:fldChar w:fldCharType="end"/></w:r>', ["3"]),
    ('<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:t>可见</w:t></w:r>', ["可见"]),
    ('<w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t><w:br w:type="page"/></w:r>',
     ["第一行", "第二行"]),
    ('<w:r><w:t>序号</w:t><w:tab/><w:t>任务</w:t></w:r>', ["序号\t任务"]),
    ('<w:r><mc:AlternateContent><mc:Choice><w:t>框</w:t></mc:Choice>'
     '<mc:Fallback><w:t>框</w:t></mc:Fallback></mc:AlternateContent><w:t>正文</w:t></w:r>',
     ["正文"]),
    ('<w:sdt><w:sdtContent><w:r><w:t>控件内文字</w:t></w:r></w:sdtContent></w:sdt>',
     ["控件内文字"]),
]
# fmt: on


@pytest.mark.parametrize(("inner", "expected"), PIECES)
def test_docx_paragraph_visible_text(inner, expected):
    from pipeline.readers.docx import paragraph_pieces

    assert paragraph_pieces(_p(inner)) == expected


def test_docx_block_level_content_control_is_read():
    d = docx.Document()
    d.add_paragraph("前言")
    sdt = parse_xml(
        f"<w:sdt {W_NS}><w:sdtContent><w:p><w:r><w:t>一、指导思想</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    d.element.body.insert(1, sdt)
    buf = io.BytesIO()
    d.save(buf)
    assert [b.raw for b in read(buf.getvalue(), "x.docx").blocks] == ["前言", "一、指导思想"]
