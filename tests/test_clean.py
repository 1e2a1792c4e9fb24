"""Cleaning: chrome lines, inline chrome, teasers, chunk counters, spacing, broken lines."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.clean import (
    CJK,
    RE_PAGE_LINE,
    _doubled_title,
    _drop_title_after_comma,
    _ends_sentence,
    _patterns,
    clean_blocks,
    drop_chrome_blocks,
    drop_injected_title,
    drop_repeated_blocks,
    drop_table_of_contents,
    is_chrome_line,
    is_tail_marker,
    is_teaser_blurb,
    join_broken_lines,
    merge_chunk_counters,
    should_join,
    site_title,
    split_inline_headings,
    split_spaced,
    strip_inline_chrome,
)
from pipeline.extract.title import is_title_like
from pipeline.model import Block

# fmt: off
CHROME_LINE_ROWS = [
    ("收藏 分享(赏)", True),
    ("下载 相关 举报", True),
    ("上传人:a****b 文档编号:123456 上传时间:2023-04-19 格式:DOC 页数:5 大小:14KB", True),
    ("某县创卫工作实施方案 .doc_第1页", True),
    ("第1页 / 共5页", True),
    ("亲,该文档总共5页,全部预览完了,如果喜欢就下载吧!", True),
    ("资源描述", True),
    ("展开阅读全文", True),
    ("版权说明:本文档由用户提供并上传,收益归属内容提供方", True),
    ("copyright@ 2008-2023 example.com网站版权所有", True),
    ("经营许可证编号:浙ICP备0000000号-2", True),
    ("时间:2019-05-13 13:16:06下载本文作者:会员上传", True),
    ("简介:某某文库小编为你整理了多篇相关的《某方案》", True),
    ("2021-03-04 07:02:19 字数 2196 阅读 4412", True),
    ("友情提示:本文中关于《某通报》给出的范例仅供您参考", True),
    ("来源:网络整理 免责声明:本文仅限学习分享", True),
    ("声明:本文内容由互联网用户自发贡献自行上传", True),
    ("将本文档下载到自己电脑,方便修改和收藏,请勿使用迅雷等下载。", True),
    ("点此处下载文档", True),
    ("文档为doc格式", True),
    ("当前位置:首页 > 资格与职业考试 > 其它", True),
    ("-2-", True),
    ("网站首页 | 范文大全 | 工作计划 | 实施方案", True),
    ("本文由网友投稿,仅供参考。热门文章:学校德育工作计划", True),
    ("这里是页眉这里是页脚", True),
    ("- 3 -", True),
    ("网友 分享 时间:", True),
    # no change: real content
    ("(三)经验分享", False),
    ("经验交流分享", False),
    ("一、指导思想", False),
    ("组长:王某某", False),
    ("由市教育局负责组织实施。", False),
    ("(责任科室:党办", False),
    ("2016年7月23日", False),
    ("各科室要高度重视这次活动,及时组织学习,切实抓好落实。", False),
]
INLINE_ROWS = [
    ("某市文化局创建文明城市实施方案 [精选]", "某市文化局创建文明城市实施方案"),
    ("认识是行动的先导……(某网省略691字,正式会员可完整阅读)", "认识是行动的先导"),
    ("工作成效明显……(未完,全文共3842字,当前仅显示1500字)", "工作成效明显"),
    ("深入贯-1-彻落实科学发展观", "深入贯彻落实科学发展观"),
    ("开展控烟和预防艾-5-篇三:创卫工作实施方案", "开展控烟和预防艾篇三:创卫工作实施方案"),
    ("追究相关责任 内容总结(1)五、组织领导 区卫生局将……", "追究相关责任"),
    ("1/20文明社区创建具体实施方案", "文明社区创建具体实施方案"),
    ("工作成效明显……(未完,全文共3842字,当前仅显示1536字,请阅读下面提示信息。", "工作成效明显"),
    ("是重要抓手。下面是某某网小编为大家整理的创建方案,供大家分享。", "是重要抓手。"),
    # no change
    ("2021-03-04召开会议", "2021-03-04召开会议"),
    ("完成率达到1/2以上", "完成率达到1/2以上"),
    ("每组5-10人参加", "每组5-10人参加"),
    ("(2008年8月10日~9月10日)", "(2008年8月10日~9月10日)"),
    ("组织开展2—3次整治活动", "组织开展2—3次整治活动"),
]
INJECTED_ROWS = [
    ("特制定工作实施方案,某市文化局创建文明城市工作实施方案。",
     "特制定工作实施方案。"),
    ("(4)加强文化市场管理,规划方案《某市文化局创建文明城市工作实施方案》。认真贯彻",
     "(4)加强文化市场管理。认真贯彻"),
    ("结合我局职能,制定本方案,XX市某局创建文明城市工作实施方案。", "结合我局职能,制定本方案。"),
    # no change: a verb phrase naming the plan is real text
    ("结合实际,某县制定了创建工作实施方案。", "结合实际,某县制定了创建工作实施方案。"),
    ("结合实际,特制定创建文明城市工作实施方案。", "结合实际,特制定创建文明城市工作实施方案。"),
    # no change: the title at the start of a line is real
    ("某市文化局创建文明城市工作实施方案为了进一步巩固成果",
     "某市文化局创建文明城市工作实施方案为了进一步巩固成果"),
]
SPACED_ROWS = [
    ("以提升政法队 伍满意度为目标", ["以提升政法队伍满意度为目标"]),
    ("实 施 方 案", ["实施方案"]),
    ("成立领导小组: 组 长:王某某", ["成立领导小组: 组长:王某某"]),
    ("某县2009年创卫工作实施方案 2009年,是我县创卫的攻坚之年。",
     ["某县2009年创卫工作实施方案", "2009年,是我县创卫的攻坚之年。"]),
    ("平安医院建设活动实施方案 各科室:", ["平安医院建设活动实施方案", "各科室:"]),
    ("区卫生系统创立文明城市实施方案 中共区卫生局委员会 关于创立文明城市的实施方案"
     " 区级各医疗卫生单位: 为认真贯彻落实市委要求,提出以下实施方案。"
     " 一、指导思想 以科学发展观为指导",
     ["区卫生系统创立文明城市实施方案", "中共区卫生局委员会", "关于创立文明城市的实施方案",
      "区级各医疗卫生单位:", "为认真贯彻落实市委要求,提出以下实施方案。", "一、指导思想",
      "以科学发展观为指导"]),
    # no change
    ("鹤山市某镇卫生院 2016年7月23日", ["鹤山市某镇卫生院 2016年7月23日"]),
    ("某县健康县城试点工作规划 (2017-2020年)", ["某县健康县城试点工作规划 (2017-2020年)"]),
]
INLINE_HEADING_ROWS = [
    ("各创建工作有序进行,现将有关情况汇报:一、创建工作进展情况",
     ["各创建工作有序进行,现将有关情况汇报:", "一、创建工作进展情况"]),
    ("有效地推进了创建工作。二、存在问题", ["有效地推进了创建工作。", "二、存在问题"]),
    ("乡平安创建实施方案范文参考一、背景分析", ["乡平安创建实施方案范文参考", "一、背景分析"]),
    ("在创建卫生城市工作点评会上的讲话同志们:这次会议",
     ["在创建卫生城市工作点评会上的讲话", "同志们:这次会议"]),
    ("某局创建文明单位工作汇报某局创建文明单位工作汇报近年来我局",
     ["某局创建文明单位工作汇报", "近年来我局"]),
    ("某乡镇安全生产大检查方案4进入四月以来,复工复产稳步推进。",
     ["某乡镇安全生产大检查方案", "进入四月以来,复工复产稳步推进。"]),
    ("文明社区创建具体实施方案【参考8篇】为了确保工作顺利进行,特制定方案。",
     ["文明社区创建具体实施方案【参考8篇】", "为了确保工作顺利进行,特制定方案。"]),
    ("文明社区创建具体实施方案【参考8篇】一、指导思想",
     ["文明社区创建具体实施方案【参考8篇】", "一、指导思想"]),
    # no change
    ("一是加强领导,二是强化宣传。", ["一是加强领导,二是强化宣传。"]),
    ("一、指导思想", ["一、指导思想"]),
]
JOIN_ROWS = [
    ("要配合全市的重大活动,组织丰富多彩群众文化活动。积", "极参与指导民俗文化", True),
    ("1、开展“党员纯洁性教育”学习活动。组织全体党员", "干部职工学习党的历史", True),
    ("2、开展“机关联基层、干部联群众,促科学发展、促", "社会和谐”活动。", True),
    ("某镇201*年创建省级文明城市工作", "情况汇报", True),
    ("柳河镇创建全国文明城市工作", "情况汇报", True),
    ("某地2008年创建市级卫生城镇", "实施方案", True),
    ("《某办事处关于创建全国文明城市百日攻坚", "行动实施方案》的解读文件", True),
    ("关于深入贯彻", "城市公共交通优先发展战略", True),
    ("为了进一步加强精神文明建设,争创“文明校园”", ",开创新局面。", True),
    # no change: real breaks
    ("某省政府发文,要求贯彻公交优先战略", "关于深入贯彻", False),
    ("关于深入贯彻公交优先发展战略的实施意见", "某政办〔2023〕4号", False),
    ("一、指导思想", "以科学发展观为指导,深入开展创建活动。", False),
    ("(一)宣传发动阶段(1月底至3月上旬)", "召开领导小组会议。", False),
    ("组长:王某某", "副组长:李某某、张某某", False),
    ("某医院创建文明城市工作实施方案", "各支部、科室:", False),
    ("各科室要高度重视,切实抓好落实。", "二、工作要求", False),
    ("鹤山市某镇卫生院2016年7月23日", "下载文档", False),
    ("确保有足够经费作为后盾。某支行卫生检查评比制度", "按照创建要求,特制定本制度如下:", False),
    ("开展控烟和预防艾篇四:创卫工作实施方案", "某县2009年创卫工作实施方案", False),
]
# fmt: on


def _blocks(*lines: str) -> list[Block]:
    return [Block(text=t, raw=t, index=i) for i, t in enumerate(lines)]


def _texts(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks]


@pytest.mark.parametrize(("text", "expected"), CHROME_LINE_ROWS)
def test_clean_is_chrome_line(text, expected):
    assert is_chrome_line(text) is expected


@pytest.mark.parametrize(("text", "expected"), INLINE_ROWS)
def test_clean_strip_inline_chrome(text, expected):
    assert strip_inline_chrome(text) == expected


@pytest.mark.parametrize(("text", "expected"), INJECTED_ROWS)
def test_clean_drop_injected_title(text, expected):
    assert drop_injected_title(text, "某市文化局创建文明城市工作实施方案") == expected


@pytest.mark.parametrize(("text", "expected"), SPACED_ROWS)
def test_clean_split_spaced(text, expected):
    assert split_spaced(text) == expected


@pytest.mark.parametrize(("text", "expected"), INLINE_HEADING_ROWS)
def test_clean_split_inline_headings(text, expected):
    assert split_inline_headings(text) == expected


@pytest.mark.parametrize(("a", "b", "expected"), JOIN_ROWS)
def test_clean_should_join(a, b, expected):
    assert should_join(a, b) is expected


def test_clean_join_broken_lines_keeps_first_index_and_joins_raw():
    out = join_broken_lines(
        _blocks("要组织丰富多彩的群众文化活动,积", "极参与指导民俗文化。", "二、工作要求")
    )
    assert _texts(out) == ["要组织丰富多彩的群众文化活动,积极参与指导民俗文化。", "二、工作要求"]
    assert out[0].index == 0
    assert out[0].raw == "要组织丰富多彩的群众文化活动,积\n极参与指导民俗文化。"


def test_clean_tail_marker_drops_teaser_list():
    blocks = _blocks(
        "4、建立考核奖惩制度。",
        "相关范文推荐",
        "街道文明城市创建工作实施方案",
        "20**年是全市创建全国文明城市的关键之年。为认真贯彻三年规划的要求,全面完成创建工作......",
        "市卫生局2012年创建文明城市实施方案(修订)",
    )
    assert _texts(drop_chrome_blocks(blocks)) == ["4、建立考核奖惩制度。"]


def test_clean_tail_list_ends_at_a_numbered_heading():
    blocks = _blocks("更多相关内容推荐↓↓↓", "1.某校卫生月活动方案", "一、指导思想", "以人为本。")
    assert _texts(drop_chrome_blocks(blocks)) == ["一、指导思想", "以人为本。"]


def test_clean_teaser_pair_without_header_is_dropped():
    blurb = (
        "某县人民医院 实施方案 2012年是我院创建省级文明单位的迈进之年,"
        "为确保创建工作达标,根据要求..."
    )
    blocks = _blocks("2023年11月29日", "文明单位创建工作汇报", blurb)
    assert _texts(drop_chrome_blocks(blocks)) == ["2023年11月29日"]


def test_clean_truncated_body_after_heading_is_kept():
    body = (
        "以科学发展观为指导,深入贯彻党的十九大精神,扎实推进全国文明城市创建工作,努力打造文明城市……"
    )
    blocks = _blocks("一、指导思想", body)
    assert _texts(drop_chrome_blocks(blocks)) == ["一、指导思想", body]


def test_clean_merge_chunk_counters():
    chunk1 = (
        "1、某某实施方案 为认真贯彻落实市委、市政府的要求,进一步提高城市文明程度,"
        "全面推进卫生事业健康协调发展,按照测评标准,结合我区卫生系统实际,提出以下方案。"
        " 一、指导思想 深入贯彻上级精神,围"
    )
    chunk2 = (
        "2、绕市、区提出的奋斗目标,进一步提高卫生部门依法行政的能力,"
        "提高医疗卫生单位服务质量和服务水平,营造良好的社会环境。 二、奋斗目标 通过四年左右"
    )
    out = merge_chunk_counters(_blocks(chunk1, chunk2))
    assert len(out) == 1
    assert "深入贯彻上级精神,围绕市、区提出的奋斗目标" in out[0].text
    assert not out[0].text.startswith("1、")


def test_clean_real_numbered_list_is_not_a_chunk_run():
    blocks = _blocks("1、成立领导小组,制定工作方案。", "2、广泛宣传发动,营造良好氛围。")
    assert merge_chunk_counters(blocks) == blocks


def test_clean_drop_table_of_contents():
    blocks = _blocks(
        "某校文明校园创建活动方案",
        "目录",
        "一、指导思想",
        "2 二、总体要求",
        "3 (一)",
        "工作目标:",
        "5 为了进一步加强精神文明建设,争创“文明校园”。",
        "一、指导思想",
    )
    assert _texts(drop_table_of_contents(blocks)) == [
        "某校文明校园创建活动方案",
        "为了进一步加强精神文明建设,争创“文明校园”。",
        "一、指导思想",
    ]


def test_clean_drop_repeated_blocks():
    out = drop_repeated_blocks(
        _blocks("创建省级文明城市工作情况通报", "创建省级文明城市工作情况通报", "正文。")
    )
    assert _texts(out) == ["创建省级文明城市工作情况通报", "正文。"]


def test_clean_blocks_end_to_end():
    blocks = _blocks(
        "收藏 分享(赏)",
        "某区卫生系统创建文明城市实施方案 .doc",
        "下载 相关 举报",
        "第1页 / 共5页",
        "某区卫生系统创建文明城市实施方案",
        "一、指导思想",
        "坚持以科学发展观为指导,深入贯-1-彻落实上级精神,积",
        "极参与文明城市创建。",
        "展开阅读全文",
        "相关资源",
        "猜你喜欢",
    )
    assert _texts(clean_blocks(blocks)) == [
        "某区卫生系统创建文明城市实施方案",
        "一、指导思想",
        "坚持以科学发展观为指导,深入贯彻落实上级精神,积极参与文明城市创建。",
    ]


@given(st.lists(st.text(max_size=80), max_size=8))
def test_clean_blocks_never_raises_and_is_idempotent(lines):
    blocks = [Block(text=t, raw=t, index=i) for i, t in enumerate(lines)]
    once = clean_blocks(blocks)
    assert all(b.text for b in once)
    assert _texts(clean_blocks(once)) == _texts(once)


@given(st.text(max_size=200))
def test_clean_string_functions_never_raise(text):
    strip_inline_chrome(text)
    split_spaced(text)
    split_inline_headings(text)
    drop_injected_title(text, "某市创建文明城市实施方案")
    assert isinstance(is_chrome_line(text), bool)


def _doubled_title_reference(text: str) -> str | None:
    for n in range(6, min(len(text) // 2, 60) + 1):
        head = text[:n]
        if text[n : 2 * n] == head and is_title_like(head):
            return head
    return None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("某局创卫实施方案某局创卫实施方案近年来，我局…", "某局创卫实施方案"),
        ("工作汇报工作汇报", None),  # a doubled title shorter than 6 characters per copy
        ("某县卫生局工作总结。近年来，我局认真落实…", None),  # no-change row
        ("", None),
    ],
)
def test_clean_doubled_title(text, expected):
    assert _doubled_title(text) == expected


@given(st.text(alphabet="某局实施方案工作总结汇报，。 ", max_size=90))
def test_clean_doubled_title_matches_the_plain_scan(text):
    assert _doubled_title(text) == _doubled_title_reference(text)


def _drop_title_reference(text: str, title: str) -> str:
    t = re.escape(title)
    return re.sub(rf"[,，]\s*(?:[{CJK}]{{1,6}}《{t}》|{t})(?=[。；！？]|$)", "", text)


TITLE_PIECES = [
    ",",
    "，",
    " ",
    "\n",
    "。",
    "；",
    "？",
    "《",
    "》",
    "某",
    "市",
    "a",
    "方案",
    "某市方案",
]


@given(
    st.lists(st.sampled_from([*TITLE_PIECES, "《某市方案》"]), max_size=14),
    st.sampled_from(["某市方案", " 某市方案", "方案", "a某"]),
)
def test_clean_drop_title_after_comma_matches_the_regex(pieces, title):
    text = "".join(pieces)
    assert _drop_title_after_comma(text, title) == _drop_title_reference(text, title)


CHROME_PIECES = [
    "收藏 分享(赏)",
    "相关 举报",
    "上传人:",
    "文档编号",
    "：",
    "第 3 页",
    "/",
    "共 5 页",
    "_第2页",
    " - 页1/4",
    "版权所有",
    "ICP备",
    "分享",
    " ",
    "推荐度:",
    ".doc",
    ">",
    "首页",
    "|",
    "｜",
    "【导语】",
    "…",
    "(省略12字)",
    "[精选]",
    "-2-",
    "12/34",
    "下面是小编为大家整理的",
    "供大家分享。",
    "一、指导思想",
    "猜你喜欢",
    "看了",
    "的人还看",
    "推荐阅读",
    "创建文明城市",
    # needed strings that overlap or contain one another ("相关" / "相关推荐")
    "相关推荐",
    "相关",
    "以下是",
    "1.建立",
    "实施方案.docx",
    "希望对您有所帮助",
    "下载本文档",
    "总结与计划阅读模式",
    "第3页共5页",
    "\n",
]


def _any_pattern(name: str, text: str) -> bool:
    return any(p.search(text) for p in _patterns(name))


def _subs_in_order(text: str) -> str:
    for p in _patterns("chrome_inline.txt"):
        text = p.sub("", text)
    return text.strip()


@given(st.lists(st.sampled_from(CHROME_PIECES), min_size=1, max_size=5))
def test_clean_chrome_tests_equal_running_every_pattern(pieces):
    text = "".join(pieces)
    t = text.strip()
    page_line = RE_PAGE_LINE.match(t) is not None
    assert is_chrome_line(text) == (page_line or _any_pattern("chrome_lines.txt", t))
    assert is_tail_marker(text) == _any_pattern("chrome_tail.txt", t)
    assert strip_inline_chrome(text) == _subs_in_order(text)


def test_clean_join_broken_lines_keeps_table_rows_apart():
    rows = [
        Block("序号\t任务\t牵头单位\t完成时限", kind="table", index=0),
        Block("1\t规范公交站台管理\t县运管所\t2020年6月底前", kind="table", index=1),
        Block("2\t整治出租车行业秩序\t县运管所", kind="table", index=2),
    ]
    assert [b.text for b in join_broken_lines(rows)] == [b.text for b in rows]


@pytest.mark.parametrize("lines", [["<", ":", "<", ":"], ["0/0", ":"]])
def test_clean_blocks_idempotent_when_joining_makes_a_repeat_or_chrome(lines):
    blocks = [Block(t, raw=t, index=i) for i, t in enumerate(lines)]
    once = clean_blocks(blocks)
    assert [b.text for b in clean_blocks(once)] == [b.text for b in once]


def test_clean_chrome_line_rule_spares_a_flattened_page():
    body = "一、指导思想以科学发展观为指导,全面推进创建工作。" * 20
    assert is_chrome_line("版权所有 © 某某文库 京ICP备12345678号")
    assert not is_chrome_line(body + "版权所有 © 某某文库")


RE_TERMINAL_REFERENCE = re.compile(r"[。！？；：:!?;…”」』）)\]】》]$")
RE_ELLIPSIS_REFERENCE = re.compile(r"(?:\.{3,}|…+|。。。)$")


@given(st.text(alphabet="某局方案。…》)!.\n ", max_size=60))
def test_clean_line_end_tests_equal_the_dollar_patterns(text):
    assert _ends_sentence(text) == bool(RE_TERMINAL_REFERENCE.search(text))
    padded = "创建文明城市工作" * 5 + text  # long enough to be a teaser
    teaser = 40 <= len(padded) <= 300 and bool(RE_ELLIPSIS_REFERENCE.search(padded))
    assert is_teaser_blurb(padded) == teaser


TITLE_PIECE = st.text(alphabet="某局创建方案计划12一、【第篇】\n", max_size=70)
TITLE_GLUE = st.sampled_from(["一、加强", "同志们:", "各位领导", "尊敬的", "方案3创建", "计划12某"])


@given(TITLE_PIECE, TITLE_GLUE, TITLE_PIECE)
def test_clean_title_head_hints_are_in_every_match(head, glue, tail):
    from pipeline import clean

    text = head + glue + tail
    if clean.RE_TITLE_NUMBER_BODY.match(text):
        assert clean.RE_TITLE_NUMBER_HINT.search(text, *clean.TITLE_NUMBER_HINT_SPAN)
    if clean.RE_TITLE_THEN_HEADING.match(text):
        assert clean.RE_TITLE_OPENING.search(text, 4, clean.TITLE_OPENING_END)


@given(st.text(alphabet="工作。：; 一二三、存在问题\n", max_size=40))
def test_clean_inline_heading_hint_is_found_wherever_the_split_pattern_matches(text):
    from pipeline import clean

    if clean.RE_INLINE_HEADING.search(text):
        assert clean.RE_INLINE_HEADING_HINT.search(text)


def test_clean_site_title_from_a_blurb_naming_the_document():
    blurb = "【导语】以下是会员“abc”分享的社区灭鼠工作计划,供大家参阅。"
    body = "为切实改善居民环境,特制定本计划如下:"
    assert site_title(_blocks(blurb, body, "一、成立领导组")) == "社区灭鼠工作计划"
    preface = "前言:我们特意为您整理了5篇幼儿园防汛应急预案范文,相信会为您的写作带来帮助。"
    assert site_title(_blocks(preface, "安全组长:", body)) == "幼儿园防汛应急预案"


def test_clean_site_title_not_from_a_body_sentence():
    # the same words in a body sentence (not site chrome) name no page
    sentence = "现将各村分享的防汛工作计划,汇总如下。"
    assert site_title(_blocks(sentence, "一、基本情况")) is None
    # a page title line still comes first
    assert site_title(_blocks("某社区灭鼠工作计划", "以下是会员分享的灭蚊方案,供大家参阅。")) == (
        "某社区灭鼠工作计划"
    )
