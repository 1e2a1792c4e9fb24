"""pipeline.extract.header: issuer, doc_number, signing date, addressees, cc, keywords."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.header import extract_header
from pipeline.model import Block

TITLE = "关于开展卫生城市创建工作的实施方案"
BODY = ["为进一步提高城市文明程度，结合实际，制定本方案。", "一、指导思想", "以科学发展观为指导。"]


def _header(lines, title=TITLE):
    return extract_header([Block(text=t, raw=t, index=i) for i, t in enumerate(lines)], title)


# fmt: off
DOC_NUMBERS = [
    (["XX县卫生局文件", "X卫发〔2012〕15号", TITLE, *BODY], "X卫发〔2012〕15号"),
    (["千妇幼发(2011)49号", "某县妇幼保健院", TITLE, *BODY], "千妇幼发〔2011〕49号"),
    (["某卫发[2011]210号", TITLE, *BODY], "某卫发〔2011〕210号"),
    (["关于推进公交发展的实施意见豫政办〔2023〕4号各省辖市人民政府:", *BODY], "豫政办〔2023〕4号"),
    (["点击:8次菏定安发〔2016〕17号关于印发规划的通知", *BODY], "菏定安发〔2016〕17号"),
    (["某政办发【2009】37号", TITLE, *BODY], "某政办发〔2009〕37号"),
    (["某发（2010）第69号", TITLE, *BODY], "某发〔2010〕第69号"),
    (["某卫发 〔2012〕 8 号", TITLE, *BODY], "某卫发〔2012〕8号"),
    # a number cited in the body is not the document's own
    ([TITLE, "各科室：", "按照《关于印发活动方案的通知》(千卫发[2011]210号)精神，制定本方案。"],
     None),
    ([TITLE, "根据某卫发〔2011〕3号文件要求，制定本方案。"], None),
    (["某某医院", TITLE, *BODY], None),
]

DATES = [
    ([TITLE, *BODY, "某县卫生局", "二〇一二年三月五日"], "2012-03-05"),
    ([TITLE, *BODY, "二0一一年十月二十八日", "抄送：县卫生局"], "2011-10-28"),
    ([TITLE, *BODY, "某镇卫生院 2016年7月23日"], "2016-07-23"),
    ([TITLE, *BODY, "2023年11月29日"], "2023-11-29"),
    ([TITLE, *BODY, "某某医院", "二0一五年元月十六日篇二:创卫工作实施方案"], "2015-01-16"),
    ([TITLE, *BODY, "某县人民政府", "2012年3月"], "2012-03"),
    # body dates, ranges, placeholder years and page dates are not the signing date
    ([TITLE, "2012年3月5日召开动员大会。", *BODY], None),
    ([TITLE, *BODY, "二、实施日期", "2023年1月4日—12月31日"], None),
    ([TITLE, *BODY, "201*年12月"], None),
    (["2024-05-04", TITLE, *BODY, "三、工作要求"], None),
    ([TITLE, *BODY, "某县于2012年3月5日前完成全部任务。"], None),
]

ISSUERS = [
    ([TITLE, *BODY, "某县卫生局", "二〇一二年三月五日"], "某县卫生局"),
    ([TITLE, *BODY, "某镇卫生院 2016年7月23日"], "某镇卫生院"),
    ([TITLE, *BODY, "中共某县委员会", "某县人民政府", "2012年4月1日"],
     "中共某县委员会某县人民政府"),
    (["千妇幼发(2011)49号", "某县妇幼保健院", TITLE, *BODY], "某县妇幼保健院"),
    (["XX县卫生局文件", "X卫发〔2012〕15号", TITLE, *BODY], "XX县卫生局"),
    (["某区卫生系统创建方案 中共区卫生局委员会区卫生局 关于创建文明城市的实施方案 区级各单位:"],
     "中共区卫生局委员会区卫生局"),
    ([TITLE, *BODY, "主题词：卫生 方案", "二0一一年十月二十八日"], None),
    ([TITLE, *BODY, "某区爱国卫生运动委员会", "201*年2月20日"], "某区爱国卫生运动委员会"),
    ([TITLE, *BODY, "某镇中心小学", "2019年9月2日", "本文由网友投稿,仅供参考。"], "某镇中心小学"),
    ([TITLE, *BODY, "2023年11月29日"], None),
    (["召开动员部署会", TITLE, *BODY], None),
]

ADDRESSEES = [
    ([TITLE, "各科室：", *BODY], ("各科室",)),
    ([TITLE, "区级各医疗卫生单位:", *BODY], ("区级各医疗卫生单位",)),
    ([TITLE, "各乡镇人民政府，县直各部门：", *BODY], ("各乡镇人民政府", "县直各部门")),
    ([f"{TITLE} 各科室:", *BODY], ("各科室",)),
    ([TITLE, "各支部、科室:", *BODY], ("各支部、科室",)),
    ([TITLE, "各位领导：", *BODY], ()),
    ([TITLE, *BODY], ()),
]
# fmt: on


@pytest.mark.parametrize(("lines", "expected"), DOC_NUMBERS)
def test_header_doc_number(lines, expected):
    assert _header(lines).doc_number == expected


@pytest.mark.parametrize(("lines", "expected"), DATES)
def test_header_signing_date(lines, expected):
    assert _header(lines).date == expected


@pytest.mark.parametrize(("lines", "expected"), ISSUERS)
def test_header_issuer(lines, expected):
    title = TITLE if TITLE in "".join(lines) else None
    assert _header(lines, title).issuer == expected


@pytest.mark.parametrize(("lines", "expected"), ADDRESSEES)
def test_header_addressees(lines, expected):
    assert _header(lines).addressees == expected


def test_header_cc_and_keywords():
    h = _header(
        [
            TITLE,
            *BODY,
            "主题词：卫生城市 创建 方案",
            "二〇一二年三月五日",
            "抄送：县政府办，县卫生局 档",
        ]
    )
    assert h.keywords == ("卫生城市", "创建", "方案")
    assert h.cc == ("县政府办", "县卫生局")
    assert h.date == "2012-03-05"


def test_header_evidence_spans_point_at_values():
    lines = [
        "XX县卫生局文件",
        "X卫发〔2012〕15号",
        TITLE,
        "各乡镇卫生院：",
        *BODY,
        "二〇一二年三月五日",
    ]
    h = _header(lines)
    ev = h.evidence
    assert lines[ev["doc_number"].block][ev["doc_number"].start : ev["doc_number"].end] == (
        "X卫发〔2012〕15号"
    )
    assert lines[ev["date"].block][ev["date"].start : ev["date"].end] == "二〇一二年三月五日"
    assert lines[ev["addressees"].block][ev["addressees"].start : ev["addressees"].end] == (
        "各乡镇卫生院"
    )
    assert h.issuer == "XX县卫生局"


def test_header_empty_blocks():
    assert _header([], None) == extract_header([])


_LINE = st.text(
    alphabet=st.sampled_from(
        list("某县卫生局文件发〔〕[]()2011号各科室：:抄送主题词二〇一年十月日 院")
    ),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINE, max_size=10), st.one_of(st.none(), _LINE))
def test_header_never_raises_and_evidence_valid(lines, title):
    h = _header(lines, title)
    for ev in h.evidence.values():
        assert 0 <= ev.block < len(lines)
        assert 0 <= ev.start <= ev.end <= len(lines[ev.block])
