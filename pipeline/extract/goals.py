"""Goal statements with their metrics.

Goals are the sentences of the goals section (``Section.role == "goals"`` when the outline
is known, else the blocks under a 工作目标/创建目标/奋斗目标 heading up to the next heading),
plus any sentence elsewhere that states a target: 目标/力争/确保/达到 with a figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.extract.metrics import placed_metrics
from pipeline.model import Block, Evidence, Goal, Metric, Section

GOAL_HEADINGS = (
    "工作目标",
    "创建目标",
    "奋斗目标",
    "主要目标",
    "总体目标",
    "目标任务",
    "活动目标",
    "总目标",
    "目标要求",
    "具体目标",
    "创建标准",
)
MAX_GOAL_BLOCKS = 15  # a goals section longer than this has lost its end heading
MIN_SENTENCE = 6  # shorter pieces are headings or fragments (目标:)

RE_NUMBER = (
    r"(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．]|[㈠-㈩])"
)
RE_GOAL_HEADING = re.compile(
    rf"^\s*(?P<num>{RE_NUMBER})?\s*(?:{'|'.join(GOAL_HEADINGS)})\s*[:：。]?\s*"
)
RE_HEADING = re.compile(rf"^\s*(?P<num>{RE_NUMBER})")
RE_SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")
TARGET_WORDS = ("目标", "力争", "确保", "达到")
RE_TARGET_WORDS = re.compile("|".join(TARGET_WORDS))
# The RE_SENTENCE matches that hold a target word, found in one scan: a sentence starts
# at the text's start or after a terminator or line break.
RE_TARGET_SENTENCE = re.compile(
    r"(?:^|(?<=[。；;！!？?\n]))[^。；;！!？?\n]*?(?:"
    + "|".join(TARGET_WORDS)
    + r")[^。；;！!？?\n]*[。；;！!？?]?"
)


def _family(number: str) -> str:
    """Numbering style of a heading: 一、 / (一) / 1、 / ㈠ — siblings share it."""
    if number.startswith(("(", "（")):
        return "paren-digit" if number[1:2].isdigit() else "paren-cn"
    if number[:1].isdigit():
        return "digit"
    return "circled" if "㈠" <= number[:1] <= "㈩" else "cn"


def _walk(sections: list[Section]) -> Iterator[Section]:
    for s in sections:
        yield s
        yield from _walk(list(s.children))


def _regions_from_sections(sections: list[Section], n: int) -> list[tuple[int, int]]:
    """(block, start offset) for every block of a goals-role section; heading text skipped."""
    out: list[tuple[int, int]] = []
    for s in _walk(sections):
        if s.role == "goals":
            out.extend((i, 0) for i in range(s.block_start, min(s.block_end, n)))
    return out


def _regions_from_headings(blocks: list[Block]) -> list[tuple[int, int]]:
    """Blocks under a 工作目标-style heading, until a sibling heading (same numbering)."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(blocks):
        m = RE_GOAL_HEADING.match(blocks[i].text)
        if not m:
            i += 1
            continue
        family = _family(m.group("num")) if m.group("num") else None
        out.append((i, m.end()))
        j = i + 1
        while j < len(blocks) and j - i <= MAX_GOAL_BLOCKS:
            h = RE_HEADING.match(blocks[j].text)
            if h and (family is None or _family(h.group("num")) == family):
                break
            out.append((j, 0))
            j += 1
        i = j
    return out


def _sentences(
    text: str, start: int, pattern: re.Pattern[str] = RE_SENTENCE
) -> Iterator[tuple[str, int]]:
    """Sentences of ``pattern`` (stripped, long enough) and their offsets in ``text``."""
    for m in pattern.finditer(text, start):
        s = m.group().strip()
        if len(s) >= MIN_SENTENCE:
            yield s, m.start() + (len(m.group()) - len(m.group().lstrip()))


def _goal(sentence: str, block: int, offset: int) -> Goal:
    metrics = tuple(  # the constructor, not dataclasses.replace: cheaper per metric
        Metric(
            m.name,
            m.op,
            m.value,
            m.unit,
            m.raw,
            Evidence(block, at + m.evidence.start, at + m.evidence.end),
        )
        if m.evidence
        else m
        for clause, m in placed_metrics(sentence)
        for at in (offset + clause,)
    )
    return Goal(sentence, metrics, Evidence(block, offset, offset + len(sentence)))


def extract_goals(sections: list[Section], blocks: list[Block]) -> list[Goal]:
    """Goal sentences in reading order, each with the metrics it states."""
    regions = _regions_from_sections(sections, len(blocks)) or _regions_from_headings(blocks)
    in_region = {i for i, _ in regions}
    goals: list[Goal] = []
    for i, start in regions:
        text = blocks[i].text
        if start == 0 and (h := RE_GOAL_HEADING.match(text)):
            start = h.end()  # the section's own heading line
        goals.extend(_goal(s, i, off) for s, off in _sentences(text, start))
    for i, b in enumerate(blocks):
        if i in in_region or not RE_TARGET_WORDS.search(b.text):
            continue
        for s, off in _sentences(b.text, 0, RE_TARGET_SENTENCE):
            if placed_metrics(s):
                goals.append(_goal(s, i, off))
    goals.sort(key=lambda g: (g.evidence.block, g.evidence.start) if g.evidence else (0, 0))
    return goals
