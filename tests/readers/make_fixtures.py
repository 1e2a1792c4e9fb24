"""Regenerate the reader fixtures in tests/data (not a test; run by hand).

    PYTHONPATH=$PWD python tests/readers/make_fixtures.py

Needs a CJK TTF font for the PDF (apt-get install fonts-wqy-microhei) and LibreOffice for
the .doc (soffice --headless --convert-to doc). Tests only read the committed outputs.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

PLAN_LINES = [
    "XX县创建国家卫生县城工作实施方案",
    "为进一步改善城乡环境卫生面貌，结合我县实际，制定本方案。",
    "一、指导思想",
    "以科学发展观为指导，以创建国家卫生县城为载体，全面提升城乡环境卫生水平。",
    "二、工作目标",
    "到2025年底，城区主次干道保洁率达到100%，群众满意率达到90%以上。",
    "三、主要任务",
    "（一）加强组织领导",
    "成立创卫工作领导小组，组长：王某某，副组长：李某某。",
    "责任单位：县卫生局",
    "（二）整治市容环境",
    "责任单位：县城管局、各乡镇人民政府",
]
TRADITIONAL_LINES = [
    "XX縣創建國家衛生縣城工作實施方案",
    "一、指導思想",
    "以科學發展觀為指導，全面提升城鄉環境衛生水平。",
    "責任單位：縣衛生局",
]
PDF_PARAGRAPH = (
    "以科学发展观为指导，深入贯彻落实全县创建国家卫生县城工作的各项部署，"
    "全面提升城乡环境卫生水平和群众健康素质，确保各项目标任务按期完成。"
)


def write_texts() -> None:
    text = "\n".join(PLAN_LINES) + "\n"
    (DATA / "plan_utf8.txt").write_bytes(text.encode("utf-8"))
    (DATA / "plan_gb18030.txt").write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    (DATA / "plan_utf16.txt").write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    trad = "\n".join(TRADITIONAL_LINES) + "\n"
    (DATA / "plan_big5.txt").write_bytes(trad.encode("big5"))
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "<title>某某网</title><script>var a=1;</script></head><body>"
        "<div class=nav><nav>首页 | 政务公开</nav></div>"
        f"<h1>{PLAN_LINES[0]}</h1>"
        + "".join(f"<p>{x}</p>" for x in PLAN_LINES[1:])
        + "<footer>版权所有 某某网</footer></body></html>"
    )
    # Saved with a .txt name on purpose: the bytes say html.
    (DATA / "plan_html_saved_as.txt").write_bytes(html.encode("gb18030"))
    (DATA / "empty.txt").write_bytes(b"  \r\n")
    (DATA / "image_named.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))


def write_pdf() -> None:
    from fpdf import FPDF

    class Plan(FPDF):
        def header(self) -> None:
            self.set_font("cjk", size=9)
            self.cell(0, 6, "XX县人民政府办公室文件", align="C")
            self.ln(10)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("cjk", size=9)
            self.cell(0, 6, f"- {self.page_no()} -", align="C")

    pdf = Plan()
    pdf.add_font("cjk", fname=str(FONT), collection_font_number=0)
    pdf.set_font("cjk", size=12)
    pdf.add_page()
    for i, line in enumerate(PLAN_LINES[:8]):
        pdf.multi_cell(0, 8, line if i != 3 else PDF_PARAGRAPH * 2, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    for line in PLAN_LINES[8:]:
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(DATA / "plan.pdf"))


def write_doc() -> None:
    import docx

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed to make plan.doc")
    d = docx.Document()
    d.add_heading(PLAN_LINES[0], 1)
    for line in PLAN_LINES[1:]:
        if line == "一、指导思想":
            d.add_heading(line, 2)
        else:
            d.add_paragraph(line)
    rows = [("序号", "任务", "责任单位"), ("1", "整治市容环境", "县城管局"), ("2", "", "县卫生局")]
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 1).add_paragraph("清理卫生死角")  # a cell with two paragraphs
    d.add_paragraph("附件：创卫工作任务分解表")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "plan.docx"
        d.save(str(src))
        subprocess.run(
            [soffice, "--headless", "--convert-to", "doc", "--outdir", tmp, str(src)],
            check=True,
            capture_output=True,
        )
        shutil.copy(Path(tmp) / "plan.doc", DATA / "plan.doc")


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>'
)
NUMBERING = (
    f'<w:numbering {W_NS}><w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
    '<w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
    '<w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>'
    '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
)


def _para(text: str, ilvl: int | None = None) -> str:
    num = (
        ""
        if ilvl is None
        else (f'<w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="1"/></w:numPr></w:pPr>')
    )
    return f"<w:p>{num}<w:r><w:t>{text}</w:t></w:r></w:p>"


def write_docx() -> None:
    """A minimal hand-built .docx (no template: ~1.5 KB) whose numbers Word generates."""
    import zipfile

    body = "".join(
        [
            _para(PLAN_LINES[0]),
            _para("指导思想", 0),
            _para(PLAN_LINES[3]),
            _para("工作目标", 0),
            _para("加强组织领导", 1),
            _para("整治市容环境", 1),
            _para("责任单位：县城管局"),
        ]
    )
    document = f"<w:document {W_NS}><w:body>{body}</w:body></w:document>"
    rels = (
        f'<Relationships xmlns="{PKG_RELS}"><Relationship Id="rId1" '
        f'Type="{R_NS}/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    doc_rels = (
        f'<Relationships xmlns="{PKG_RELS}"><Relationship Id="rId1" '
        f'Type="{R_NS}/numbering" Target="numbering.xml"/></Relationships>'
    )
    with zipfile.ZipFile(DATA / "plan_numbered.docx", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("word/document.xml", document)
        zf.writestr("word/_rels/document.xml.rels", doc_rels)
        zf.writestr("word/numbering.xml", NUMBERING)


def write_broken() -> None:
    """Damaged copies: a docx cut short and a PDF cut short (one-line errors expected)."""
    import io

    import docx

    d = docx.Document()
    d.add_paragraph(PLAN_LINES[0])
    buf = io.BytesIO()
    d.save(buf)
    (DATA / "truncated.docx").write_bytes(buf.getvalue()[:1500])
    (DATA / "truncated.pdf").write_bytes((DATA / "plan.pdf").read_bytes()[:2000])


if __name__ == "__main__":
    DATA.mkdir(exist_ok=True)
    write_texts()
    write_pdf()
    write_doc()
    write_docx()
    write_broken()
