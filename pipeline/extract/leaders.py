"""Leading group members (领导小组 / 指挥部): ``Leader(role, name)`` for persons only.

Two shapes cover the plans seen so far:

* labelled lines — ``组 长:杨某``, ``副组长:尹某、刘某``, ``政委:肖某(书记);组长:胡某(市长)``;
* inline sentences — ``成立以局长易某同志为组长，李某同志为副组长，余某、蒋某为成员的…``,
  ``院长蒲某同志任组长``, ``由周某同志兼任办公室主任``, ``办公室主任为余某``.

Roles come from ``leader_roles.tsv`` (written as in the text, spaces removed). A name is 2–4
CJK chars starting with a surname (``surnames.txt``), after dropping posts (院长, 区委书记),
``同志`` and parenthesised titles; ``毛书记`` (surname + post) is kept as written, since
plans use it as the name. Titles alone, placeholders (XXX, ***), units are never names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache

from pipeline.extract.owners import RESOURCES, is_unit, post_titles, re_post_title
from pipeline.model import Block, Evidence, Leader, Section

RE_SQUEEZE = re.compile(r"[\s\u3000/／]")
RE_CJK_NAME = re.compile(r"[\u4e00-\u9fff]{2,6}")
RE_PAREN = re.compile(r"[(（][^()（）]*[)）]")
RE_TOKEN_SEP = re.compile(r"[、，,;；\s]+|及|和|以及")
RE_CLAUSE_STOP = re.compile(r"[，,；;。:：\n!！?？]")
RE_LEAD_IN = re.compile(r"^.*?(?:成立了?|调整为?|组成如下)?(?:以|由)(?=.)")
RE_POSTS_LIST = re.compile(r"等[^、，,]{0,12}(?:负责人|领导|主任|一把手|班子)")
RE_OF_OFFICE = re.compile(r"的[^，,；;。]{0,12}办公室")
RE_QUOTE_CLOSE = re.compile(r"[”」』》\"]")
RE_SPACES = re.compile(r"\s+")
RE_LABEL_STOP = re.compile(r"[。\n]")
RE_BREAK_STOP = re.compile(r"[。；;\n]")
RE_HELD_TAIL = re.compile(r"(?:同志)?(?:兼任|担任|兼)$")
RE_CELL_NOISE = re.compile(r"[\s\u3000/／:：]")
PROSE_AFTER_NAME = set("对在于是要负主分兼任担牵为")  # a word opening the predicate
NOT_NAMES = frozenset({"全体", "其他", "其余", "同志", "成员", "班子", "领导", "分管"})
# Words that start the prose after a member list when the separating space was lost.
GLUED_TAILS = (
    "各",
    "及",
    "领导小组",
    "小组",
    "下设",
    "办公室",
    "负责",
    "主要",
    "具体",
    "同志",
    "兼",
    "任",
    "为",
)
MAX_NAME_TOKEN = 14  # "区委常委宣传部长彭某某同志" is about the longest token seen


@cache
def _roles() -> tuple[str, ...]:
    rows = (RESOURCES / "leader_roles.tsv").read_text(encoding="utf-8").splitlines()
    roles = [r.split("\t")[0].strip() for r in rows if r.strip() and not r.startswith("#")]
    return tuple(sorted(roles, key=len, reverse=True))


@cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    text = (RESOURCES / "surnames.txt").read_text(encoding="utf-8")
    words = [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]
    return frozenset(w for w in words if len(w) == 1), frozenset(w for w in words if len(w) == 2)


@cache
def _re_roles() -> re.Pattern[str]:
    """Any role word anywhere in a string."""
    return re.compile("|".join(map(re.escape, _roles())))


@cache
def _title_set() -> frozenset[str]:
    return frozenset(post_titles())


@cache
def _re_label() -> re.Pattern[str]:
    """``组 长:`` / ``组/长：`` / ``副组长:`` — a role label followed by a colon."""
    spaced = ["[ \u3000/／]{0,3}".join(map(re.escape, r)) for r in _roles()]
    return re.compile(r"(?P<role>" + "|".join(spaced) + r")\s*[:：]\s*")


@cache
def _re_inline() -> re.Pattern[str]:
    """``…为组长`` / ``…任副组长`` / ``…兼任办公室主任``: names come before the verb."""
    return re.compile(
        r"(?:兼任|担任|出任|任|兼|为)(?P<role>"
        + "|".join(map(re.escape, _roles()))
        + r")(?!单位|名单)"
    )


@cache
def _re_role_is() -> re.Pattern[str]:
    """``办公室主任为余某`` / ``专干由欧某兼任``: names come after the verb."""
    office = [r for r in _roles() if r not in {"组长", "成员", "主任", "委员"}]
    heads = "|".join(map(re.escape, _roles()))
    return re.compile(
        r"(?P<role>" + "|".join(map(re.escape, office)) + r")(?:为|是|由)"
        r"|(?P<role2>" + heads + r")由(?=[^，,；;。]{2,20}?(?:担任|兼任))"
    )


@cache
def _re_bare_label() -> re.Pattern[str]:
    """``总指挥王某同志，副总指挥李某`` — a role opening a clause, the name right after it."""
    return re.compile(
        r"(?:^|(?<=[，,；;。、\n\s])|(?<=指挥部)|(?<=领导小组)|(?<=委员会))(?P<role>"
        + "|".join(map(re.escape, _roles()))
        + r")"
        r"(?=[ \u3000]*[\u4e00-\u9fff])"
    )


def _has_surname(s: str) -> bool:
    single, double = _surnames()
    return s[:2] in double or s[:1] in single


@lru_cache(maxsize=16384)  # pure; member lists repeat names and tokens across plans
def person_name(token: str) -> str | None:
    """A person's name in a list token (``院长蒲某同志`` → ``蒲某``), or None."""
    name = RE_PAREN.sub("", token).strip()
    name = RE_QUOTE_CLOSE.split(name)[-1]  # 镇党委“一把手”刘某好 → 刘某好
    name = RE_SPACES.sub("", name).removesuffix("同志").removesuffix("等")
    if len(name) < 2 or not RE_CJK_NAME.fullmatch(name[:6].ljust(2)):
        return None
    if len(name) > MAX_NAME_TOKEN:
        return _glued_name(name)
    stripped = _strip_post(name)
    if stripped:
        return stripped
    if _is_name(name) or _is_surname_post(name):
        return name
    return _glued_name(name)


def _glued_name(token: str) -> str | None:
    """``陈某珍领导小组下设办公室``: a name run into the next sentence (space lost)."""
    for n in (3, 2, 4):
        if token[n:].startswith(GLUED_TAILS) and _is_name(token[:n]):
            return token[:n]
    return None


def _strip_post(token: str) -> str | None:
    """``区委副书记邓某某`` → ``邓某某``: the part after a post, if it is a name."""
    for i in range(1, len(token) - 1):
        head, rest = token[:i], token[i:]
        if (head.endswith(post_titles()) or head.endswith("长")) and _is_name(rest):
            return rest
    return None


@lru_cache(maxsize=16384)
def _is_name(s: str) -> bool:
    if not 2 <= len(s) <= 4 or not all("\u4e00" <= c <= "\u9fff" for c in s):
        return False
    if s in NOT_NAMES or s.startswith(("各", "全", "其")) or "组织" in s or not _has_surname(s):
        return False
    if len(s) == 4 and s[:2] not in _surnames()[1]:
        return False
    return not re_post_title().search(s) and not is_unit(s)


def _is_surname_post(s: str) -> bool:
    """``毛书记`` / ``孙镇长``: surname + post, which plans use in place of the full name."""
    return len(s) >= 3 and s[:1] in _surnames()[0] and s[1:] in _title_set()


def _names(segment: str, start: int, stop_early: bool) -> Iterator[tuple[str, int]]:
    """Names in a list segment with their offsets; stops at prose when ``stop_early``."""
    # posts in brackets may hold separators themselves: 赵某(县委常委、宣传部长)
    segment = RE_PAREN.sub(lambda m: " " * len(m.group()), segment)
    pos = 0
    seen_any = False
    for m in [*RE_TOKEN_SEP.finditer(segment), None]:
        end = m.start() if m else len(segment)
        token = segment[pos:end]
        if token and not RE_PAREN.fullmatch(token):
            name = person_name(token)
            if name:
                seen_any = True
                yield name, start + pos + token.find(name[:2])
            elif stop_early and seen_any and len(token) > 4:
                return
        if m:
            pos = m.end()


def _from_labels(text: str, block: int) -> Iterator[Leader]:
    labels = list(_re_label().finditer(text))
    for i, m in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        stop = RE_LABEL_STOP.search(text, m.end(), end)
        end = stop.start() if stop else end
        role = RE_SQUEEZE.sub("", m.group("role"))
        for name, off in _names(text[m.end() : end], m.end(), stop_early=True):
            yield Leader(role, name, Evidence(block, off, off + len(name)))


def _from_inline(text: str, block: int) -> Iterator[Leader]:
    for m in _re_inline().finditer(text):
        if _re_label().match(text, m.start("role")):
            continue  # 组长: is a label, handled above
        begin = max((s.end() for s in RE_CLAUSE_STOP.finditer(text, 0, m.start())), default=0)
        segment = text[begin : m.start()]
        if RE_POSTS_LIST.search(segment):
            continue  # 建委、宣传…等部门负责人任成员: a list of posts, not of persons
        lead = RE_LEAD_IN.match(segment)
        cut = lead.end() if lead else 0
        role = _office_role(m.group("role"), text[m.end() :])
        for name, off in _names(segment[cut:], begin + cut, stop_early=False):
            yield Leader(role, name, Evidence(block, off, off + len(name)))
    for m in _re_role_is().finditer(text):
        stop = RE_CLAUSE_STOP.search(text, m.end())
        end = stop.start() if stop else len(text)
        segment = RE_HELD_TAIL.sub("", text[m.end() : end])
        role = m.group("role") or m.group("role2")
        for name, off in _names(segment, m.end(), stop_early=True):
            yield Leader(role, name, Evidence(block, off, off + len(name)))


def _name_before_prose(segment: str) -> str | None:
    """``王某同志对…提出要求`` / ``彭某华对…非常重视``: a name run into the sentence."""
    for n in (2, 3):
        if segment[n : n + 2] == "同志" and _is_name(segment[:n]):
            return segment[:n]
    for n in (3, 2):
        if segment[n : n + 1] in PROSE_AFTER_NAME and _is_name(segment[:n]):
            return segment[:n]
    return None


def _office_role(role: str, after: str) -> str:
    """``由宋某任主任的领导小组办公室``: the 主任 of an 办公室 is its 办公室主任."""
    m = RE_OF_OFFICE.match(after)
    office = f"办公室{role}"
    return office if m and office in _roles() else role


def _from_bare_labels(text: str, block: int) -> Iterator[Leader]:
    for m in _re_bare_label().finditer(text):
        begin = m.end() + len(text[m.end() :]) - len(text[m.end() :].lstrip(" \u3000"))
        stop = RE_CLAUSE_STOP.search(text, begin)
        segment = text[begin : stop.start() if stop else len(text)]
        names = list(_names(segment, begin, stop_early=True))
        if not names or names[0][1] != begin:  # the name must follow the role at once
            lead = _name_before_prose(segment)
            names = [(lead, begin)] if lead else []
        for name, off in names:
            yield Leader(m.group("role"), name, Evidence(block, off, off + len(name)))


def _from_row(text: str, block: int) -> Iterator[Leader]:
    """A table row (cells joined by tabs) with one role cell: ``组长\t张某\t局长``."""
    if "\t" not in text:
        return
    cells: list[tuple[str, int]] = []
    pos = 0
    for cell in text.split("\t"):
        cells.append((cell, pos))
        pos += len(cell) + 1
    roles = [RE_CELL_NOISE.sub("", c) for c, _ in cells]
    picked = [r for r in roles if r in _roles()]
    if len(picked) != 1:
        return
    for (cell, off), role in zip(cells, roles, strict=True):
        if role not in _roles():
            for name, at in _names(cell, off, stop_early=True):
                yield Leader(picked[0], name, Evidence(block, at, at + len(name)))


def _mentions_group(text: str) -> bool:
    """Cheap filter: some role word (组长, 成员, 办公室主任 ...) or a spaced label occurs."""
    squeezed = RE_SQUEEZE.sub("", text)
    return _re_roles().search(squeezed) is not None


def _block_range(sections: list[Section], n: int) -> list[int]:
    """Blocks of organization-role sections when known; otherwise every block."""
    picked = [
        i
        for s in _walk(sections)
        if s.role == "organization"
        for i in range(s.block_start, min(s.block_end, n))
    ]
    return sorted(set(picked)) if picked else list(range(n))


def _walk(sections: list[Section]) -> Iterator[Section]:
    for s in sections:
        yield s
        yield from _walk(list(s.children))


def extract_leaders(sections: list[Section], blocks: list[Block]) -> list[Leader]:
    """Members of the leading group, in reading order, each (role, name) once."""
    out: list[Leader] = []
    seen: set[tuple[str, str]] = set()
    indexes = _block_range(sections, len(blocks))
    found = [lead for i in indexes for lead in _leaders_in(blocks[i].text, i)]
    found += [lead for i in indexes for lead in _label_at_break(blocks, i)]
    if not found and len(indexes) < len(blocks):  # the organization section named no one
        found = [lead for i in range(len(blocks)) for lead in _leaders_in(blocks[i].text, i)]
    for lead in found:
        if (lead.role, lead.name) not in seen:
            seen.add((lead.role, lead.name))
            out.append(lead)
    return out


def _label_at_break(blocks: list[Block], i: int) -> Iterator[Leader]:
    """``…副总指挥:`` ending a line (a page or line break) names the persons opening the
    next line: ``高某梅;成员:…``."""
    labels = list(_re_label().finditer(blocks[i].text))
    if not labels or labels[-1].end() != len(blocks[i].text) or i + 1 >= len(blocks):
        return
    nxt = blocks[i + 1].text
    stop = RE_BREAK_STOP.search(nxt)
    role = RE_SQUEEZE.sub("", labels[-1].group("role"))
    names = list(_names(nxt[: stop.start() if stop else len(nxt)], 0, stop_early=True))
    if not names or names[0][1] != 0:  # the next line must open with the names themselves
        return
    for name, off in names:
        yield Leader(role, name, Evidence(i + 1, off, off + len(name)))


def _leaders_in(text: str, block: int) -> list[Leader]:
    if not text or not _mentions_group(text):
        return []
    found = [
        *_from_labels(text, block),
        *_from_inline(text, block),
        *_from_bare_labels(text, block),
        *_from_row(text, block),
    ]
    return sorted(found, key=lambda x: x.evidence.start if x.evidence else 0)
