"""Title cleaning and the title of a document."""

import pytest

from pipeline.extract.title import clean_title, find_title, is_title_like, trailing_title
from pipeline.model import Block

# fmt: off
CLEAN_ROWS = [
    ("某市文化局创建文明城市工作实施方案 [精选]", "某市文化局创建文明城市工作实施方案"),
    ("2023年区卫生系统创建文明城市实施方案 .doc", "2023年区卫生系统创建文明城市实施方案"),
    ("第二篇:某县创卫工作实施方案", "某县创卫工作实施方案"),
    ("篇三:创卫工作实施方案", "创卫工作实施方案"),
    ("扩展阅读:某镇创建工作情况汇报材料", "某镇创建工作情况汇报材料"),
    ("某区爱国卫生月活动方案(精选8篇)", "某区爱国卫生月活动方案"),
    ("最新[某区2013年爱国卫生月活动方案].doc", "某区2013年爱国卫生月活动方案"),
    ("“爱卫、创卫”工作方案_计划方案", "“爱卫、创卫”工作方案"),
    ("创建文明社区实施方案篇1", "创建文明社区实施方案"),
    ("文明校园创建活动实施方案【第一篇】", "文明校园创建活动实施方案"),
    ("村文明创建活动方案1", "村文明创建活动方案"),
    ("【文明创建】某院精神文明建设工作规划", "某院精神文明建设工作规划"),
    ("某县安全生产工作总结 - 页1/4", "某县安全生产工作总结"),
    ("某局创建文明单位工作汇报某局创建文明单位工作汇报", "某局创建文明单位工作汇报"),
    ("附件: 2014创卫工作实施方案", "2014创卫工作实施方案"),
    ("【2017关于党员主题活动日实施方案1】", "2017关于党员主题活动日实施方案"),
    ("基层组织建设年活动方案篇一", "基层组织建设年活动方案"),
    ("乡镇创城工作实施方案,菁选3篇【完整版】", "乡镇创城工作实施方案"),
    ("云青通〔2014〕31号共青团某省委关于开展系列活动的通知", "共青团某省委关于开展系列活动的通知"),
    ("春晖网页 / 1.春晖计划 / 某高级中学109年度学生校外生活辅导计划",
     "某高级中学109年度学生校外生活辅导计划"),
    ("首页 > 工作计划 > 某社区2021年除四害工作计划", "某社区2021年除四害工作计划"),
    # no change
    ("位置:首页 > 汇报体会 > 汇报材料", "位置:首页 > 汇报体会 > 汇报材料"),  # ends in a category
    ("“迎公众安全感测评、创‘两率一度’新高”活动实施方案",
     "“迎公众安全感测评、创‘两率一度’新高”活动实施方案"),
    ("某县健康县城试点工作规划(2017-2020年)", "某县健康县城试点工作规划(2017-2020年)"),
    ("某地2008年创建市级卫生城镇实施方案", "某地2008年创建市级卫生城镇实施方案"),
]
TITLE_LIKE_ROWS = [
    ("某医院创建文明城市工作实施方案", True),
    ("在全县创先争优活动动员大会上的讲话", True),
    ("关于进一步加快推进卫生城市创建工作的通知", True),
    ("实施方案", True),
    ("某县创建国家卫生县城工作任务分解表", True),  # a task table is a document of its own
    ("2013年文明创建重点工作责任清单", True),
    ("一、指导思想", False),
    ("由市教育局负责组织实施方案的落实。", False),
    ("组长:王某某", False),
    ("为进一步巩固创建成果,结合我院实际,制定本方案", False),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), CLEAN_ROWS)
def test_title_clean_title(text, expected):
    assert clean_title(text) == expected


@pytest.mark.parametrize(("text", "expected"), TITLE_LIKE_ROWS)
def test_title_is_title_like(text, expected):
    assert is_title_like(text) is expected


def test_title_trailing_title_after_last_sentence():
    assert (
        trailing_title("确保有足够经费作为后盾。某支行卫生检查评比制度") == "某支行卫生检查评比制度"
    )
    assert trailing_title("确保有足够经费作为后盾。") is None


def _blocks(*lines: str) -> list[Block]:
    return [Block(text=t, raw=t, index=i) for i, t in enumerate(lines)]


def test_title_found_below_doc_number_and_issuer():
    blocks = _blocks(
        "某妇幼发〔2011〕49号", "某县妇幼保健院", "平安医院建设活动实施方案", "各科室:"
    )
    title, ev = find_title(blocks, marker="迎创活动实施方案")
    assert title == "平安医院建设活动实施方案"
    assert ev is not None
    assert ev.block == 2


def test_title_document_line_beats_marker():
    blocks = _blocks("某镇卫生院创建文明城市工作实施方案", "为了做好创建工作,特制定本方案。")
    assert find_title(blocks, marker="创建全省文明城市工作实施方案")[0] == (
        "某镇卫生院创建文明城市工作实施方案"
    )


def test_title_marker_when_body_has_no_title_line():
    blocks = _blocks("为了进一步提高我市城乡文明程度,特制定本方案。", "一、指导思想")
    assert find_title(blocks, marker="市创建文明城市实施方案")[0] == "市创建文明城市实施方案"


def test_title_generic_line_is_skipped():
    blocks = _blocks("实施方案", "为确保工作达标,现制定实施方案如下:")
    assert find_title(blocks, site="2023年省级文明单位创建工作实施方案")[0] == (
        "2023年省级文明单位创建工作实施方案"
    )


def test_title_none_when_nothing_names_the_document():
    assert find_title(_blocks("为进一步做好工作,现提出如下意见。")) == (None, None)
    assert find_title([]) == (None, None)


def test_title_page_title_names_a_numbered_compilation_entry():
    blocks = _blocks("关于开展宣传活动的方案", "为扎实推进工作,特制定本方案。")
    site = "某工作宣传方案(通用9篇)"
    title, ev = find_title(blocks, marker="某工作宣传方案", site=site, site_first=True)
    assert (title, ev) == ("某工作宣传方案", None)


def test_title_found_below_a_headline_and_page_header():
    blocks = _blocks(
        "某省政府发文,要求贯彻公交优先战略",
        "关于深入贯彻公交优先发展战略的实施意见",
        "某政办〔2023〕4号",
        "各市人民政府:",
    )
    assert find_title(blocks)[0] == "关于深入贯彻公交优先发展战略的实施意见"


def test_title_not_searched_past_the_first_heading():
    blocks = _blocks("为做好创建工作,特制定本方案。", "一、指导思想", "某某实施方案")
    assert find_title(blocks) == (None, None)


def test_title_of_a_transmitted_plan_is_its_own_title_line():
    # the notice names the plan without its issuer; the plan's own line below names it whole
    blocks = _blocks(
        "18号十三五安全生产规划",  # the page's headline
        "某安发〔2016〕18号",
        "关于印发安全生产“十三五”规划的通    知各镇街,区直各有关部门:",
        "《某区安全生产“十三五”规划》已经区安委会审议通过,现印发给你们,请认真贯彻执行。",
        "某区人民政府安全生产委员会",
        "2016年12月30日",
        "某区安全生产“十三五”规划",
        "为深入贯彻安全发展理念,制定本规划。",
    )
    title, ev = find_title(blocks)
    assert title == "某区安全生产“十三五”规划"
    assert ev is not None
    assert (ev.block, ev.start, ev.end) == (6, 0, 13)  # the whole line, 13 characters


def test_title_of_a_transmitted_plan_named_only_by_the_notice():
    notice = (
        "某政办发〔2012〕56号"
        "《某市人民政府办公厅关于印发某市缓解交通拥堵三年行动方案(2012-2014年)的通知》"
    )
    blocks = _blocks(notice, "各区、县人民政府:", "现将方案印发给你们,请认真贯彻执行。")
    title, ev = find_title(blocks)
    assert title == "某市缓解交通拥堵三年行动方案(2012-2014年)"
    assert ev is not None
    assert notice[ev.start : ev.end] == title


def test_title_not_taken_from_a_cited_transmittal():
    blocks = _blocks(
        "某镇创建卫生镇实施方案",
        "根据县政府关于印发《某县创卫工作方案》的通知精神,结合我镇实际,特制定本方案。",
    )
    assert find_title(blocks)[0] == "某镇创建卫生镇实施方案"
    cited = (
        "按照县卫生局关于印发《平安医院建设活动实施方案》的通知(某卫发〔2011〕210号)精神,"
        "现就有关事项通知如下。"
    )
    assert find_title(_blocks(cited)) == (None, None)


def test_title_without_template_words_the_page_title_lacks():
    # the site appends 范文参考 to the document's own line; its page title names it plainly
    blocks = _blocks("某村灭蝇灭蚊工作方案范文参考", "一、工作背景")
    title, ev = find_title(blocks, site="某村灭蝇灭蚊工作方案_第1页")
    assert title == "某村灭蝇灭蚊工作方案"
    assert ev is not None
    assert (ev.block, ev.start, ev.end) == (0, 0, 10)
    # without such a hint the words stay (many pages are titled "XX方案范文")
    assert find_title(blocks)[0] == "某村灭蝇灭蚊工作方案范文参考"
    assert find_title(blocks, site="某村除四害工作方案")[0] == "某村灭蝇灭蚊工作方案范文参考"


@pytest.mark.parametrize(
    ("line", "title"),
    [
        # the title alone runs on into the body
        (
            "某县城乡环境综合整治推进工作方案为切实改善城乡环境,制定本方案。",
            "某县城乡环境综合整治推进工作方案",
        ),
        # the site's category, then the title printed twice, then a quoted opener
        (
            "卫生实施方案_开展城乡环境卫生整治百日行动实施方案开展城乡环境卫生整治百日行动实施方案"
            "“为进一步提升我县城乡环境卫生面貌,制定本方案。",
            "开展城乡环境卫生整治百日行动实施方案",
        ),
        # the page's headline names two plans; the title follows its 范文, then 范文稿
        (
            "2020年某局开展创先争优活动的实施方案和在全镇开展创先争优活动的实施方案范文"
            "某局2020年机关开展创先争优活动的实施方案范文稿为进一步巩固学习成果,制定本方案。",
            "某局2020年机关开展创先争优活动的实施方案",
        ),
        ("为进一步做好创建工作,根据上级要求,制定本方案。", None),
    ],
)
def test_title_of_a_one_line_file_runs_on_into_the_body(line: str, title: str | None) -> None:
    found, ev = find_title(_blocks(line))
    assert found == title
    if title is not None:
        assert ev is not None
        assert line[ev.start : ev.end] == title
