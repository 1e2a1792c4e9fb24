"""Document kind and campaign type by rules."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.classify import (
    _campaign_words,
    campaign_type,
    document_kind,
    keyword_counts,
    kind_from_title,
)

# fmt: off
KIND_ROWS = [
    ("某医院创建文明城市工作实施方案", "", "plan"),
    ("某镇2010年创建文明社区工作计划", "", "plan"),
    ("创建省级文明城市工作情况通报", "", "report"),
    ("某镇创建工作情况汇报", "", "report"),
    ("某局上半年创卫工作总结", "", "report"),
    ("关于进一步加快推进卫生城市创建工作的通知", "", "notice"),
    ("某镇加强社会治安防控体系建设的实施意见", "", "notice"),
    ("关于印发某县创卫工作实施方案的通知", "", "notice"),
    ("在全县创先争优活动动员大会上的讲话", "", "speech"),
    ("某支行卫生检查评比制度", "", "other"),
    ("文明单位建设管理办法", "", "other"),
    ("如何做好文明单位创建工作", "随着社会的发展,文明单位创建工作不断推进。", "other"),
    (None, "同志们:今天召开动员大会。", "speech"),
    (None, "各村各单位:\n为进一步巩固平安建设成果,现提出如下意见。", "notice"),
    (None, "今年以来,我镇综治工作取得明显成效。", "report"),
    (None, "本报讯 近日,某县召开创建工作推进会。", "other"),
    (None, "某乡开展安全大检查\n近日,某乡安监办开展了检查活动。", "other"),
    (None, "为进一步做好创建工作,特制定本方案。", "plan"),
]
CAMPAIGN_ROWS = [
    ("某市文化局创建文明城市文明景区工作实施方案", "", "civilized_city"),
    ("创建文明城市“文明窗口”工作实施方案", "大力开展群众性爱国卫生运动。", "civilized_city"),
    ("某社区文明创建工作计划", "", "civilized_city"),
    ("2023年省级文明单位创建工作实施方案", "", "civilized_unit"),
    ("创建市级“文明校园”实施方案", "", "civilized_unit"),
    ("2015年创卫重点工作实施方案", "", "sanitary_city"),
    ("某支行卫生检查评比制度", "按照创建省级卫生县城的统一要求,特制定本制度。", "sanitary_city"),
    ("爱国卫生月活动方案", "", "sanitary_city"),
    ("迎公众安全感测评活动实施方案", "提升平安建设知晓率。", "safety"),
    ("乡镇社会治安综合治理工作总结", "", "safety"),
    ("2012年“迎创”活动实施方案", "开展主题实践活动,深入开展创先争优。", "party_building"),
    ("迎七一活动实施方案", "", "party_building"),
    ("2021年乡镇安全生产大检查方案", "", "other"),
    ("精准扶贫实施方案", "", "other"),
    (None, "", "other"),
]
# fmt: on


@pytest.mark.parametrize(("title", "text", "expected"), KIND_ROWS)
def test_classify_document_kind(title, text, expected):
    assert document_kind(title, text) == expected


@pytest.mark.parametrize(("title", "text", "expected"), CAMPAIGN_ROWS)
def test_classify_campaign_type(title, text, expected):
    assert campaign_type(title, text) == expected


def test_classify_kind_from_title_uses_the_last_kind_word():
    assert kind_from_title("关于印发工作方案的通知") == "notice"
    assert kind_from_title("某某机关") is None


# Keywords that overlap or hold one another (文明城 in 全国文明城市): the one-scan counts
# must equal str.count for each, as the per-keyword loop computed them.
_KEYWORDS = (
    "文明城市",
    "全国文明城市",
    "文明城",
    "文明",
    "创文",
    "卫生城市",
    "平安",
    "党建",
    "党员",
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", {}),
        ("开展环境整治", {"环境整治": 1}),
        ("创建全国文明城市", {"全国文明城市": 1, "文明城市": 1, "文明城": 1}),
        ("平安平安，平安建设", {"平安": 3, "平安建设": 1}),
        ("无关的一句话", {}),  # no-change row: nothing counted
    ],
)
def test_classify_keyword_counts_by_hand(text: str, expected: dict[str, int]) -> None:
    assert keyword_counts(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_KEYWORDS, "市", "，", "创", "城"]), max_size=20).map("".join))
def test_classify_keyword_counts_equal_str_count(text: str) -> None:
    counts = keyword_counts(text)
    for word, _, _ in _campaign_words():
        assert counts.get(word, 0) == text.count(word)
