#!/usr/bin/env python3
"""Build the binary / encoded inputs in ``corpora/plans/`` from the readable ``corpora/src/``.

Every plan text is written by the project (see README.md). This script only changes the
*container*: text encodings (Python codecs), HTML pages with site chrome, .docx (python-docx,
heading styles + real Word automatic numbering + a table), .pdf (fpdf2, CJK font found on the
machine), .doc (LibreOffice from a generated .docx) and a .zip with a GBK-encoded member name.

    python corpora/build.py            # rebuild everything (.doc only when missing)
    python corpora/build.py --doc      # also re-convert the .doc (needs soffice)
    python corpora/build.py --check    # check gold files against the sources, build nothing

Deterministic: fixed zip timestamps and PDF dates, so a rebuild gives the same bytes (the
.doc is the exception: LibreOffice stamps it, hence it is only rebuilt on request).
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
PLANS = HERE / "plans"
PDF_HEADER = "青禾县创卫办编印"
PDF_PAGES = 2  # the gold names the footer "第 N 页 共 2 页": the text must fill 2 pages
ZIP_TIME = (2020, 1, 1, 0, 0, 0)
PDF_TIME = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)


# --------------------------------------------------------------------------- site chrome
@dataclass(frozen=True)
class Site:
    """The boilerplate of a hosting web page wrapped around an article."""

    name: str
    nav: str
    crumb: str
    after: str
    footer: str
    icp: str


SITES: dict[str, Site] = {
    "p07": Site(
        name="好范文网",
        nav="网站首页 | 范文大全 | 工作计划 | 实施方案 | 心得体会",
        crumb="当前位置:首页 > 实施方案 > 党建活动方案",
        after="上一篇:学校安全工作实施方案 下一篇:社区文化节活动方案",
        footer="Copyright © 2012-2023 好范文网 版权所有",
        icp="粤ICP备13058421号",
    ),
    "p08": Site(
        name="教育文库",
        nav="教育文库 | 热门文章 | 学校工作 | 教学设计",
        crumb="当前位置:首页 > 学校工作 > 创建方案",
        after="本文由网友投稿,仅供参考。热门文章:学校德育工作计划",
        footer="Copyright © 2019 教育文库 All Rights Reserved",
        icp="苏ICP备19007733号-1",
    ),
    "p12c": Site(
        name="青禾县人民政府网",
        nav="首页 | 通知公告 | 政务公开",
        crumb="您的位置:首页 > 通知公告",
        after="【打印本页】【关闭窗口】",
        footer="青禾县人民政府网 主办",
        icp="青ICP备05000001号",
    ),
}


def html_page(text: str, site: Site, charset: str) -> str:
    """Wrap an article (title = first line) in a page with nav, script, style and footer."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    title, body = lines[0], lines[1:]
    paras = "\n".join(f"<p>{html.escape(ln)}</p>" for ln in body)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{html.escape(title)}_{site.name}</title>
<style type="text/css">body{{font-size:14px}} .nav a{{color:#333}} .art p{{text-indent:2em}}</style>
<script type="text/javascript">var _hmt = _hmt || []; (function() {{ var hm = 1; }})();</script>
</head>
<body>
<div class="nav">{html.escape(site.nav)}</div>
<div class="crumb">{html.escape(site.crumb)}</div>
<div class="art">
<h1>{html.escape(title)}</h1>
{paras}
</div>
<div class="after">{html.escape(site.after)}</div>
<div class="foot">{html.escape(site.footer)} <a href="https://beian.miit.gov.cn/">{site.icp}</a></div>
<script type="text/javascript">document.write("<span>统计</span>");</script>
</body>
</html>
"""


# --------------------------------------------------------------------------- docx
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NUMBERING_XML = f"""<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>"""
NUM_XML = f"""<w:num xmlns:w="{W_NS}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>"""
RE_MARKUP = re.compile(r"^(T|P|H1|N1|N2): ?(.*)$")


def _add_numbering(document) -> None:  # type: ignore[no-untyped-def]
    """Define one multilevel chineseCounting list (一、 / （一）) as Word itself would."""
    from docx.oxml import parse_xml

    numbering = document.part.numbering_part.element
    first_num = numbering.find(f"{{{W_NS}}}num")
    abstract = parse_xml(NUMBERING_XML)
    if first_num is not None:
        first_num.addprevious(abstract)  # schema order: all abstractNum before num
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(NUM_XML))


def _set_num(paragraph, level: int) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml import parse_xml

    numpr = parse_xml(
        f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'
    )
    paragraph._p.get_or_add_pPr().append(numpr)


def docx_bytes(markup: str) -> bytes:
    """Markup lines → .docx: ``T:`` title, ``H1:`` heading, ``N1:``/``N2:`` auto-numbered
    headings (一、 / （一）), ``P:`` paragraph, ``|a|b|`` table rows."""
    import docx

    document = docx.Document()
    _add_numbering(document)
    rows: list[list[str]] = []
    for line in [*markup.splitlines(), ""]:
        if line.startswith("|"):
            rows.append(line.strip("|").split("|"))
            continue
        if rows:
            _add_table(document, rows)
            rows = []
        m = RE_MARKUP.match(line)
        if not m:
            continue
        tag, text = m.groups()
        if tag == "T":
            document.add_heading(text, level=0)
        elif tag == "H1":
            document.add_heading(text, level=1)
        elif tag in ("N1", "N2"):
            level = int(tag[1])
            _set_num(document.add_heading(text, level=level), level - 1)
        else:
            document.add_paragraph(text)
    buf = io.BytesIO()
    document.core_properties.created = PDF_TIME.replace(tzinfo=None)
    document.core_properties.modified = PDF_TIME.replace(tzinfo=None)
    document.save(buf)
    return fixed_zip(buf.getvalue())


def _add_table(document, rows: list[list[str]]) -> None:  # type: ignore[no-untyped-def]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text


def fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so rebuilding gives identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            zi = zipfile.ZipInfo(info.filename, ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, zin.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------- pdf
def find_cjk_font() -> Path:
    for cand in FONT_CANDIDATES:
        if Path(cand).exists():
            return Path(cand)
    out = subprocess.run(
        ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False
    ).stdout
    for line in out.splitlines():
        path = Path(line.split(":")[0].strip())
        if path.suffix.lower() in (".ttf", ".ttc", ".otf") and path.exists():
            return path
    raise SystemExit("no CJK font: apt-get install -y fonts-wqy-microhei")


def pdf_bytes(text: str, header: str) -> bytes:
    """A text-layer PDF: repeated page header, '第 N 页 共 M 页' footer, wrapped lines."""
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self) -> None:
            self.set_font("cjk", size=9)
            self.cell(0, 6, header, align="R", new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("cjk", size=9)
            self.cell(0, 8, f"第 {self.page_no()} 页 共 {{nb}} 页", align="C")

    pdf = Doc(format="A4")
    pdf.set_creation_date(PDF_TIME)
    pdf.add_font("cjk", fname=str(find_cjk_font()))
    pdf.alias_nb_pages()
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    lines = [ln for ln in text.splitlines() if ln.strip()]
    pdf.set_font("cjk", size=16)
    pdf.multi_cell(0, 10, lines[0], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=13)
    for ln in lines[1:]:
        pdf.multi_cell(0, 8.5, ln, new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    if pdf.page_no() != PDF_PAGES:
        raise SystemExit(f"pdf has {pdf.page_no()} pages, the gold expects {PDF_PAGES}")
    return data


# --------------------------------------------------------------------------- doc
def doc_bytes(markup: str) -> bytes:
    """Word 97–2003 .doc via LibreOffice from a generated .docx."""
    soffice = shutil.which("soffice") or "/usr/bin/soffice"
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.docx"
        src.write_bytes(docx_bytes(markup))
        subprocess.run(
            [soffice, "--headless", "--convert-to", "doc", "--outdir", tmp, str(src)],
            check=True,
            capture_output=True,
            timeout=180,
        )
        return (Path(tmp) / "in.doc").read_bytes()


# --------------------------------------------------------------------------- zip
class GbkZipInfo(zipfile.ZipInfo):
    """A member whose name is stored in GBK without the UTF-8 flag, as Chinese Windows
    archivers write it (zipfile itself would always use UTF-8 for non-ASCII names)."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def zip_bytes(members: list[tuple[str, bytes, bool]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data, gbk in members:
            info = GbkZipInfo(name, ZIP_TIME) if gbk else zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return out.getvalue()


# --------------------------------------------------------------------------- the corpus
def src(name: str) -> str:
    return (SRC / f"{name}.txt").read_text(encoding="utf-8")


def enc(name: str, codec: str, newline: str = "\n") -> Callable[[], bytes]:
    return lambda: src(name).replace("\n", newline).encode(codec)


def page(name: str, key: str, charset: str) -> Callable[[], bytes]:
    return lambda: html_page(src(name), SITES[key], charset).encode(charset, "xmlcharrefreplace")


def bundle() -> bytes:
    return zip_bytes(
        [
            (
                "青禾县供电公司文明单位创建方案.txt",
                src("p12a_qinghe_power_unit").encode("gb18030"),
                True,
            ),
            ("p12b_speech.docx", docx_bytes(src("p12b_qinghe_speech")), False),
            ("p12c_notice.html", page("p12c_qinghe_notice", "p12c", "utf-8")(), False),
        ]
    )


BUILDERS: dict[str, Callable[[], bytes]] = {
    "p01_qinghe_health_bureau.txt": enc("p01_qinghe_health_bureau", "utf-8"),
    "p02_yunxi_hospital_traditional.txt": enc("p02_yunxi_hospital_traditional", "utf-8"),
    "p03_baishi_tax_big5.txt": enc("p03_baishi_tax_big5", "big5", "\r\n"),
    "p04_tongshan_sanitary_utf16.txt": enc("p04_tongshan_sanitary_utf16", "utf-16"),
    "p05_anping_safety_gb18030.txt": enc("p05_anping_safety_gb18030", "gb18030", "\r\n"),
    "p06_yunxi_urban_compilation.txt": enc("p06_yunxi_urban_compilation", "utf-8"),
    "p07_qinghe_party_gbk.html": page("p07_qinghe_party_gbk", "p07", "gbk"),
    "p08_liuhe_school_gb2312.html": page("p08_liuhe_school_gb2312", "p08", "gb2312"),
    "p09_anping_transport_docx.docx": lambda: docx_bytes(src("p09_anping_transport_docx")),
    "p10_qinghe_sanitary_pdf.pdf": lambda: pdf_bytes(src("p10_qinghe_sanitary_pdf"), PDF_HEADER),
    "p11_tongshan_school_doc.doc": lambda: doc_bytes(src("p11_tongshan_school_doc")),
    "p12_qinghe_bundle_zip.zip": bundle,
    "p13_tongshan_pianer.txt": enc("p13_tongshan_pianer", "utf-8"),
    "p14_fangan_yi_er.txt": enc("p14_fangan_yi_er", "utf-8"),
    "p15_baishi_truncated.txt": enc("p15_baishi_truncated", "utf-8"),
    "p16_yunxi_env_outline.txt": enc("p16_yunxi_env_outline", "utf-8"),
    "p17_qinghe_tcm_window.txt": enc("p17_qinghe_tcm_window", "utf-8"),
    "p18_baishi_notice_traditional.txt": enc("p18_baishi_notice_traditional", "utf-8"),
    "p19_liuhe_health_center.txt": enc("p19_liuhe_health_center", "utf-8"),
    "p20_yunxi_zhengwei_placeholders.txt": enc("p20_yunxi_zhengwei_placeholders", "utf-8"),
}
# sources of each input (zip: several), for --check
SOURCES: dict[str, tuple[str, ...]] = {
    out: (out.rsplit(".", 1)[0],) for out in BUILDERS if not out.startswith("p12_")
}
SOURCES["p12_qinghe_bundle_zip.zip"] = (
    "p12a_qinghe_power_unit",
    "p12b_qinghe_speech",
    "p12c_qinghe_notice",
)


def build(force_doc: bool) -> None:
    for out, make in BUILDERS.items():
        path = PLANS / out
        if out.endswith(".doc") and path.exists() and not force_doc:
            print(f"keep   {out} (use --doc to re-convert)")
            continue
        path.write_bytes(make())
        print(f"wrote  {out} ({path.stat().st_size} bytes)")


# --------------------------------------------------------------------------- gold check
PUNCT = re.compile(r"[\s\u3000，。、；：:;,.!！?？“”\"'‘’（）()\[\]【】《》〈〉<>·—\-_~～…]+")
RE_GLOSS = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
RE_CHUNK = re.compile(r"\n\n\d+、")
RE_MARK = re.compile(r"^(?:T|P|H1|N1|N2): ?", re.M)


def squash(s: str) -> str:
    # ‚ ‛ stand for “ ” in some scraped pages: the cleaner must map them, so ignore them here
    return PUNCT.sub("", unicodedata.normalize("NFKC", s)).replace("‚", "").replace("‛", "")


def chrome_text(name: str) -> str:
    """Boilerplate the builder adds around a source (html chrome, pdf header/footer)."""
    key = name.split("_", 1)[0]
    if key in SITES:
        site = SITES[key]
        return "\n".join([site.nav, site.crumb, site.after, site.footer, site.icp, "var _hmt"])
    if key == "p10":
        pages = range(1, PDF_PAGES + 1)
        return "\n".join(f"{PDF_HEADER} 第 {i} 页 共 {PDF_PAGES} 页" for i in pages)
    return ""


def source_text(names: tuple[str, ...]) -> str:
    """The sources as a perfect cleaner would see them: simplified, glosses and converter
    chunk numbers removed (noise fragments are removed by the caller)."""
    import opencc

    t2s = opencc.OpenCC("t2s")
    text = "\n".join(src(n) + "\n" + chrome_text(n) for n in names)
    text = RE_MARK.sub("", RE_CHUNK.sub("", RE_GLOSS.sub("", text))).replace("|", "")
    return t2s.convert(text)


def check_gold() -> list[str]:
    """Every keep fragment must be in the source once the noise is out; every noise
    fragment must be in the source; every input must have a gold file."""
    problems: list[str] = []
    for gold_path in sorted(PLANS.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        names = SOURCES.get(gold["input"])
        if names is None:
            problems.append(f"{gold_path.name}: input {gold['input']} is not built here")
            continue
        text = source_text(names)
        noise = [n for d in gold["documents"] for n in d.get("noise", [])]
        for frag in noise:
            if squash(frag) not in squash(text):
                problems.append(f"{gold_path.name}: noise not in source: {frag}")
        clean = squash(text)
        for frag in sorted(noise, key=len, reverse=True):
            clean = clean.replace(squash(frag), "")
        for d in gold["documents"]:
            for frag in d.get("keep", []):
                if squash(frag) not in clean:
                    problems.append(f"{gold_path.name}: keep not in source: {frag}")
    golds = {json.loads(p.read_text(encoding="utf-8"))["input"] for p in PLANS.glob("*.gold.json")}
    problems += [f"{out}: no gold file" for out in BUILDERS if out not in golds]
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="only check gold against sources")
    ap.add_argument("--doc", action="store_true", help="re-convert the .doc with LibreOffice")
    args = ap.parse_args(argv)
    if not args.check:
        build(args.doc)
    problems = check_gold()
    for p in problems:
        print("GOLD", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
