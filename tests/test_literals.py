"""What a regex needs literally: the strings read from a pattern are in every match."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.literals import (
    opening_chars,
    required_any,
    split_alternatives,
)

# fmt: off
REQUIRED_ROWS = [
    # pattern, strings one of which every match contains
    (r"第\s*\d+\s*页", ("第",)),
    (r"\s*\[精选\]", ("[精选]",)),
    (r"……?\(未完,?全文共\d+字", ("(未完",)),
    (r"(?:下面|以下)是.{0,10}(?:小编|本站)", ("下面", "以下")),  # not the common "是"
    (r"(?<![\dA-Za-z.\-])[-－—]\s?\d{1,3}\s?[-－—]", ("-", "－", "—")),
    (r"^(文档编号|上传时间|格式)\s*[:：]", ("文档编号", "上传时间", "格式")),
    (r"^(作者|来自)\S{0,20}$", ("作者", "来自")),
    (r"[Cc]opyright|版权所有", ("opyright", "版权所有")),
    (r"^#{1,6}\s+", ("#",)),
    (r"^•?\s*相关推荐$", ("相关推荐",)),
    (r"^[^|｜]{1,10}(\s*[|｜]\s*[^|｜]{1,10}){2,}$", ("|", "｜")),
    (r"^\S.{0,80}\.(docx?|pdf)$", ("doc", "pdf")),  # not the "." of "1.建立"
    (r"\u3000+页", ("页",)),  # an escape is one atom: "3000" is not text
    (r"\x41BC", ("BC",)),
    (r"[\u4e00-\u9fff]+方案", ("方案",)),
    # no-change rows: nothing is certain
    (r"\u3000", ()),
    (r"^(首页|范文大全|热门文章|最新文章|推荐文章|通知公告)$", ()),
    (r"(?i)copyright", ()),
    (r"a|\d", ()),
    (r"[a-z]+", ()),
    (r"(?:更多)?\d+", ()),
]
# fmt: on


@pytest.mark.parametrize(("pattern", "needed"), REQUIRED_ROWS)
def test_literals_required_any(pattern, needed):
    assert required_any(pattern) == needed


@pytest.mark.parametrize(
    ("pattern", "fixed"),
    [("收藏\\s*分享", True), ("\\(仅供学习", True), ("(网站首页|首页)$", True),
     ("#{1,6}\\s+", True), ("a|b", True), ("(下载)?相关", False), ("【?导语", False),
     ("\\S{1,12}分享", False),
     ("(?:a|\\d)x", False), ("(?=a)a", False), ("", False)],
)  # fmt: skip
def test_literals_opens_with_literal(pattern, fixed):
    # every match starts with a fixed character: the engine drops it at its first one
    assert bool(opening_chars(pattern)) is fixed


@pytest.mark.parametrize(
    ("pattern", "firsts"),
    [("收藏\\s*分享", {"收"}), ("(网站首页|首页)$", {"网", "首"}), ("#{1,6}\\s+", {"#"}),
     ("\\(仅供", {"("}), ("(?:上一篇|下一篇)[:：]", {"上", "下"}),
     ("(下载)?相关", set()), ("首页|\\d+", set()), ("", set())],
)  # fmt: skip
def test_literals_opening_chars(pattern, firsts):
    assert opening_chars(pattern) == firsts


@pytest.mark.parametrize(
    ("pattern", "parts"),
    [("ICP备|经营许可证编号", ["ICP备", "经营许可证编号"]), ("(a|b)c", ["(a|b)c"]),
     ("[|｜]x|y", ["[|｜]x", "y"]), ("\\|a", ["\\|a"])],
)  # fmt: skip
def test_literals_split_alternatives(pattern, parts):
    assert split_alternatives(pattern) == parts


ATOMS = ["a", "b", "页", "-", "\\d", "\\x61", "\\u9875", "\\s*", ".", "[ab]", "[-－]",
         "(a|b)", "(?:页|b)", "a?", "b+", "a{0,2}", "b{2}", "\\.", "(?<!a)", "[^a]",
         "|"]  # fmt: skip


@given(st.lists(st.sampled_from(ATOMS), min_size=1, max_size=6), st.text("ab页-－.1 ", max_size=12))
def test_literals_needed_strings_are_in_every_match(atoms, text):
    pattern = "".join(atoms)
    try:
        rx = re.compile(pattern)
    except re.error:
        return
    needed = required_any(pattern)
    m = rx.search(text)
    if m is not None and needed:
        assert any(s in m.group() for s in needed)
    if m is not None and opening_chars(pattern):
        assert m.group()  # a fixed first character: never an empty match
        assert m.group()[0] in opening_chars(pattern)
