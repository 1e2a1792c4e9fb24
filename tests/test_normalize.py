"""Character-level normalization: pinyin glosses, repairs, t2s, script detection."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import normalize
from pipeline.model import Block
from pipeline.normalize import (
    detect_script,
    drop_pinyin_glosses,
    normalize_blocks,
    normalize_text,
    repair_chars,
    to_simplified,
)

# fmt: off
PINYIN_ROWS = [
    ("創(chuàng)建文明城市", "創建文明城市"),
    ("領(lǐng)導(dǎo)小組", "領導小組"),
    ("綠(lǜ)化美化", "綠化美化"),
    ("创（chuàng）建", "创建"),
    ("的(de)要求", "的要求"),
    # no change: real parentheses
    ("(一)加强领导", "(一)加强领导"),
    ("(责任科室:党办)", "(责任科室:党办)"),
    ("创建推进阶段(2008年8月10日~9月10日)", "创建推进阶段(2008年8月10日~9月10日)"),
    ("配备设备(CT)一台", "配备设备(CT)一台"),
    ("做到(2)项要求", "做到(2)项要求"),
    ("建设(优美环境、优良秩序)", "建设(优美环境、优良秩序)"),
    ("使用软件(app)", "使用软件(app)"),
]
REPAIR_ROWS = [
    ("‚两率一度‛稳中有升", "“两率一度”稳中有升"),
    ("㈠动员部署阶段", "(一)动员部署阶段"),
    ("㈩其他", "(十)其他"),
    ("合理设臵导医标识", "合理设置导医标识"),
    ("二0一一年十月二十八日", "二〇一一年十月二十八日"),
    ("２０１１年", "2011年"),
    ("组\u3000长:王某某", "组 长:王某某"),
    # no change
    ("2010年完成100项", "2010年完成100项"),
    ("一、指导思想", "一、指导思想"),
]
T2S_ROWS = [
    ("創建省級文明城市", "创建省级文明城市"),
    ("建立健全長效機制", "建立健全长效机制"),  # t2s, never tw2sp: 建立 stays 建立
    ("已经是简体", "已经是简体"),
]
SCRIPT_ROWS = [
    ("為進一步鞏固創建成果,特制定本實施方案。", "traditional"),
    ("為(wèi)進(jìn)一步鞏固創(chuàng)建成果", "traditional"),
    ("为进一步巩固创建成果,特制定本实施方案。", "simplified"),
    ("", "simplified"),
    ("2012 ABC", "simplified"),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), PINYIN_ROWS)
def test_normalize_drop_pinyin_glosses(text, expected):
    assert drop_pinyin_glosses(text) == expected


@pytest.mark.parametrize(("text", "expected"), REPAIR_ROWS)
def test_normalize_repair_chars(text, expected):
    assert repair_chars(text) == expected


@pytest.mark.parametrize(("text", "expected"), T2S_ROWS)
def test_normalize_to_simplified_uses_plain_t2s(text, expected):
    assert to_simplified(text) == expected


@pytest.mark.parametrize(("text", "expected"), SCRIPT_ROWS)
def test_normalize_detect_script(text, expected):
    assert detect_script(text) == expected


def test_normalize_blocks_keeps_raw_and_simplifies_text():
    raw = "創(chuàng)建工作領(lǐng)導(dǎo)小組"
    [b] = normalize_blocks([Block(text=raw, raw=raw, index=3)])
    assert b.raw == raw
    assert b.text == "创建工作领导小组"
    assert b.index == 3


@given(st.text(max_size=200))
def test_normalize_text_never_raises_and_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


@pytest.mark.parametrize(
    "texts",
    [
        ["創(chuàng)建文明城市", "(chuàng)建工作", "組長:王某某"],  # a gloss right after a break
        ["二", "0一一年三月", "二0一一年"],  # 二0 only within one line
        ["頭", "髮", "發展規劃"],  # no OpenCC phrase across lines
        ["  某市實施方案  ", "", "㈠組織領導　"],
        ["已是简体的方案", "一、指导思想"],  # no-change rows
    ],
)
def test_normalize_blocks_equals_per_block_normalize_text(texts):
    blocks = [Block(index=i, text=t, raw=t) for i, t in enumerate(texts)]
    assert [b.text for b in normalize_blocks(blocks)] == [normalize_text(t) for t in texts]


def test_normalize_blocks_with_a_newline_inside_a_block_falls_back_per_block():
    blocks = [Block(index=0, text="第一行\n第二行", raw=""), Block(index=1, text="發展", raw="")]
    assert [b.text for b in normalize_blocks(blocks)] == ["第一行\n第二行", "发展"]


NORMALIZE_ALPHABET = "創建發展頭髮二0一年(chuàng)（） \u3000㈠臵０"


@given(st.lists(st.text(alphabet=NORMALIZE_ALPHABET, max_size=12), max_size=6))
def test_normalize_blocks_batched_chain_never_differs(texts):
    blocks = [Block(index=i, text=t, raw=t) for i, t in enumerate(texts)]
    assert [b.text for b in normalize_blocks(blocks)] == [normalize_text(t) for t in texts]


NORMALIZE_PIECES = ["創", "(chuàng)", "（dǎo）", "(a)", "(CT)", "(一)", "二", "0", "一一年",
                    "月", "０", "‚", "㈠", "(", "ü", "　", "2020"]  # fmt: skip


@given(st.lists(st.sampled_from(NORMALIZE_PIECES), max_size=8))
def test_normalize_hints_skip_only_lines_the_patterns_leave_alone(pieces):
    text = "".join(pieces)
    glosses = normalize.RE_PINYIN_GLOSS.sub(
        lambda m: "" if normalize._is_pinyin(m.group(1)) else m.group(0), text
    )
    assert drop_pinyin_glosses(text) == glosses
    if normalize.RE_ZERO_HINT.search(text) is None:
        assert normalize.RE_ZERO_IN_NUMERAL.sub("〇", text) == text
