"""HTML reader: charset honored but validated, chrome dropped, block structure kept."""

from pathlib import Path

import pytest

from pipeline.errors import PipelineError
from pipeline.readers import read
from pipeline.readers.html import clean_inline, declared_charset, decode_html, html_to_blocks
from pipeline.run import parse_bytes

DATA = Path(__file__).resolve().parents[1] / "data"

PAGE = """<html><head><meta charset="{charset}"><title>某某县人民政府网</title>
<style>p {{ color: red }}</style><script>var x = "<p>不要</p>";</script></head>
<body><header>网站首页 | 政务公开</header><nav>当前位置：首页 &gt; 通知公告</nav>
<h1>XX县创建国家卫生县城
工作实施方案</h1>
<h2>一、指导思想</h2>
<p>以科学发展观为指导，<br>全面提升城乡环境卫生水平。</p>
<div>（一）加强组织领导</div>
<ul><li>成立领导小组</li><li>组长：王某某</li></ul>
<table><tr><th>序号</th><th>任务</th><th>责任单位</th></tr>
<tr><td>1</td><td>整治市容</td><td>县城管局</td></tr></table>
<noscript>请开启脚本</noscript><footer>版权所有 某某县人民政府</footer></body></html>"""

EXPECTED = [
    ("heading", 1, "XX县创建国家卫生县城工作实施方案"),
    ("heading", 2, "一、指导思想"),
    ("para", None, "以科学发展观为指导，"),
    ("para", None, "全面提升城乡环境卫生水平。"),
    ("para", None, "（一）加强组织领导"),
    ("list", None, "成立领导小组"),
    ("list", None, "组长：王某某"),
    ("table", None, "序号\t任务\t责任单位"),
    ("table", None, "1\t整治市容\t县城管局"),
]


@pytest.mark.parametrize(
    ("charset", "codec", "encoding"),
    [("utf-8", "utf-8", "utf-8"), ("gb2312", "gb18030", "gb18030"), ("GBK", "gbk", "gb18030")],
)
def test_html_reads_blocks_with_declared_charset(charset, codec, encoding):
    result = read(PAGE.format(charset=charset).encode(codec), "page.html")
    assert result.format == "html"
    assert result.encoding == encoding
    assert [(b.kind, b.level, b.raw) for b in result.blocks] == EXPECTED
    assert [b.index for b in result.blocks] == list(range(len(EXPECTED)))


def test_html_wrong_declared_charset_falls_back_to_decoder_chain():
    data = PAGE.format(charset="big5").encode("gb18030")
    decoded = decode_html(data)
    assert decoded.encoding == "gb18030"
    assert "一、指导思想" in decoded.text
    assert "declared charset 'big5'" in decoded.warnings[0]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<meta charset="GB2312">', "gb2312"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=big5">', "big5"),
        (b'<?xml version="1.0" encoding="GBK"?><html>', "gbk"),
        (b"<html><head><title>x</title></head>", None),
    ],
)
def test_html_declared_charset(head, expected):
    assert declared_charset(head) == expected


def test_html_latin1_label_on_utf8_page_reads_utf8():
    decoded = decode_html(PAGE.format(charset="iso-8859-1").encode())
    assert decoded.encoding == "utf-8"


def test_html_article_in_one_cell_with_br_keeps_its_lines():
    blocks = html_to_blocks(
        "<table><tr><td>一、指导思想<br>以人为本。<br>责任单位：县卫生局</td></tr>"
    )
    assert [(b.kind, b.raw) for b in blocks] == [
        ("para", "一、指导思想"),
        ("para", "以人为本。"),
        ("para", "责任单位：县卫生局"),
    ]


def test_html_layout_table_reads_as_flow():
    blocks = html_to_blocks(
        "<table><tr><td><p>一、指导思想</p><p>以人为本。</p></td><td>侧栏</td></tr></table>"
    )
    assert [(b.kind, b.raw) for b in blocks] == [
        ("para", "一、指导思想"),
        ("para", "以人为本。"),
        ("para", "侧栏"),
    ]


# fmt: off
INLINE = [
    ("创建国家\n  卫生县城", "创建国家卫生县城"),   # wrapped CJK: no space inserted
    ("Word\n  count", "Word count"),
    ("组\u3000\u3000长：王某某", "组\u3000\u3000长：王某某"),  # U+3000 kept
    ("  责任单位：县卫生局  ", "责任单位：县卫生局"),
]
# fmt: on


@pytest.mark.parametrize(("raw", "expected"), INLINE)
def test_html_whitespace_rendering(raw, expected):
    assert clean_inline(raw) == expected


def test_html_saved_as_txt_is_read_as_html():
    result = read((DATA / "plan_html_saved_as.txt").read_bytes(), "plan_html_saved_as.txt")
    assert result.format == "html"
    assert result.encoding == "gb18030"
    assert result.blocks[0].kind == "heading"
    assert all("版权所有" not in b.raw and "首页" not in b.raw for b in result.blocks)


def test_html_deep_nesting_does_not_recurse():
    page = "<div>" * 5000 + "<p>深层内容</p>" + "</div>" * 5000
    assert [b.raw for b in html_to_blocks(page)] == ["深层内容"]


def test_html_without_text_is_a_one_line_error():
    data = b"<html><head><script>x</script></head><body><nav>nav</nav></body></html>"
    with pytest.raises(PipelineError, match="no text found in html file"):
        read(data, "blank.html")
    assert parse_bytes(data, "blank.html").errors[0].reason == "no text found in html file"


def test_html_task_table_page_is_a_titled_document_with_its_tasks() -> None:
    from pipeline.run import parse_bytes

    page = (
        "<html><body><h2>某县创卫工作任务分解表</h2><table>"
        "<tr><td>序号</td><td>工作任务</td><td>牵头单位</td><td>完成时限</td></tr>"
        "<tr><td>1</td><td>开展健康教育进社区活动</td><td>县卫生局</td><td>2012年6月底前</td></tr>"
        "<tr><td>2</td><td>整治农贸市场环境</td><td>县工商局</td><td>2012年9月底前</td></tr>"
        "</table></body></html>"
    )
    doc = parse_bytes(page.encode(), "table.html").documents[0]
    assert doc.title == "某县创卫工作任务分解表"
    assert [(t.title, [o.name for o in t.owners], t.deadline and t.deadline.end)
            for t in doc.tasks] == [("开展健康教育进社区活动", ["县卫生局"], "2012-06-30"),
                                    ("整治农贸市场环境", ["县工商局"], "2012-09-30")]  # fmt: skip
