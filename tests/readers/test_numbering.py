"""Word numbering formats rendered as Word shows them."""

import pytest

from pipeline.readers.numbering import Level, Numbering, chinese_number, format_number

# fmt: off
CHINESE = [
    (1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"),
    (100, "一百"), (105, "一百零五"), (110, "一百一十"), (1001, "一千零一"),
]
FORMATS = [
    (3, "decimal", "3"),
    (3, "decimalZero", "03"),
    (2, "chineseCounting", "二"),
    (12, "chineseCountingThousand", "十二"),
    (4, "japaneseCounting", "四"),
    (3, "ideographTraditional", "丙"),
    (3, "decimalEnclosedCircle", "③"),
    (25, "decimalEnclosedCircle", "25"),
    (2, "lowerLetter", "b"),
    (28, "lowerLetter", "bb"),
    (4, "upperRoman", "IV"),
    (3, "chineseLegalSimplified", "叁"),
    (5, "decimalFullWidth", "５"),
    (5, "unknownFormat", "5"),
]
# fmt: on


@pytest.mark.parametrize(("n", "expected"), CHINESE)
def test_numbering_chinese_counting(n, expected):
    assert chinese_number(n) == expected


@pytest.mark.parametrize(("n", "fmt", "expected"), FORMATS)
def test_numbering_formats(n, fmt, expected):
    assert format_number(n, fmt) == expected


def _plan_numbering() -> Numbering:
    levels = {
        0: Level(num_fmt="chineseCounting", text="%1、"),
        1: Level(num_fmt="chineseCounting", text="（%2）"),
        2: Level(num_fmt="decimal", text="%3."),
    }
    return Numbering(levels={"7": levels}, nums={"1": "7", "2": "7", "3": "7"},
                     overrides={"3": {0: 5}})  # fmt: skip


def test_numbering_counters_restart_lower_levels():
    numbering = _plan_numbering()
    seq = [(0), (1), (1), (2), (2), (0), (1), (2)]
    labels = [numbering.label("1", ilvl) for ilvl in seq]
    assert labels == ["一、", "（一）", "（二）", "1.", "2.", "二、", "（一）", "1."]


def test_numbering_shared_abstract_continues_and_override_restarts():
    numbering = _plan_numbering()
    assert numbering.label("1", 0) == "一、"
    assert numbering.label("2", 0) == "二、"  # same abstractNum: the list continues
    assert numbering.label("3", 0) == "五、"  # startOverride 5
    assert numbering.label("9", 0) is None  # unknown numId
