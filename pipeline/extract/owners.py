"""Responsible units and persons in a task's text (责任单位/牵头单位/由X负责 ...).

Four ways a text assigns a task to a unit, all rule-based:

* labelled lists: ``责任单位:A、B`` / ``(牵头单位:A;配合单位:B)`` (labels in ``units_cues.tsv``);
* ``由X负责`` / ``由X牵头，Y配合`` / ``X联合Y开展…``;
* a parenthesis holding only units: ``(县卫生局、县教育局)``;
* a unit list as the subject of a clause: ``市教育局要组织…`` / ``A、B等单位要…``.

A unit is recognised by its ending (``units.tsv`` suffixes: 局, 办, 科室, 卫生院 ...);
catch-all addressees (各单位, 有关部门) are not owners. Units that are only objects of the
action (``组织动员教育局…编排节目``) never sit in subject position and are not reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cache, lru_cache
from pathlib import Path

from pipeline.extract.pieces import pieces
from pipeline.model import Evidence, Owner

RESOURCES = Path(__file__).resolve().parents[1] / "resources"

MAX_UNIT_LEN = 16  # longest unit name seen in the seeds is 11 chars (县疾控中心的健康教育科)
MAX_HEAD_LEN = 60  # a subject list longer than this is prose, not a list

# Characters that never occur inside a unit name: function words and predicate starters.
UNIT_FORBIDDEN = set("的要在对将把是为有了由从向于和与及并或等每我这那其外内后前时")
# Endings that turn a cue word into an office name (组织 + 部, 检查 + 站).
OFFICE_ENDINGS = ("部", "科", "处", "室", "办", "局", "委", "站", "所", "中心", "股")
# One-char suffixes that need a stem of two or more chars (党办 is fine, 参加所 is not).
SHORT_SUFFIX_NEEDS_STEM = set("所部处馆队院站乡镇组")
PLACEHOLDER_CHARS = set("*＊×xXＸ□○…")

RE_CJK = re.compile(r"[\u4e00-\u9fff]")
RE_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
RE_CLAUSE = re.compile(r"[^。；;！!？?\n，,：:()（）]+")
RE_LIST_SEP = re.compile(r"\s*(?:、|，|,|/|／|以及)\s*")
RE_CONJ = re.compile(r"和|及|与")
RE_ETC_TAIL = re.compile(r"等$")
# 产权、测绘…等五个股室: a class word after 等 makes the listed items units.
RE_ETC_CLASS = re.compile(
    r"等(?:[一二三四五六七八九十两\d]+个)?(?:成员单位|相关单位|有关单位|单位|部门|股室|科室|处室)$"
)
RE_PAREN = re.compile(r"[(（]([^()（）]{2,120})[)）]")
RE_TITLE_PAREN = re.compile(r"[(（][^()（）]*[)）]")
RE_SPACES = re.compile(r"\s+")
RE_ROLE_NOTE = re.compile(r"[(（](牵头|主责|负责|配合|协办|参与|协助)[)）]$")
COOP_NOTES = frozenset({"配合", "协办", "参与", "协助"})
RE_FIELD_SEP = re.compile(r"[，,、\s]")  # what parts a list from the next "field:" label
RE_INLINE_NUMBER = re.compile(r"[(（]\d{1,2}[)）]|(?<![\d.])\d{1,2}[.、．](?!\d)")
LOOSE_FORBIDDEN = set("的了在对将把要是与并。")
# A labelled list ends where the clause goes on with a deadline or a target, comma-joined:
# "责任单位:县卫生局,6月底前完成,知晓率达到90%以上" — neither piece is a unit.
RE_LIST_GOES_ON = re.compile(
    r"\d\s*[年月日号]|[年月]底|月末|年内|完成|达到|[%％]|以上|以下|之前|每[天日周月季年]|定期"
)
RE_TRAILING_ELLIPSIS = re.compile(r"(?:\.{2,}|…+|等+)$")
# What stops a labelled list (``_list_end``): brackets are counted, the rest end it.
RE_LIST_STOP = re.compile(r"[()（）\n。；;:：]")
RE_PERSON_SEP = re.compile(r"[、，,;；\s]+")
SUBJECT_SEPS = frozenset({",", "，", ":", "："})
# What must follow a sentence end for RE_ITEM_NUMBER to match there (a cheap pre-check).
RE_ITEM_NUMBER_HINT = re.compile(r"[\n。；;]\s*[(（一二三四五六七八九十\d㈠-㈩]")
RE_ITEM_NUMBER = re.compile(
    r"(^|[\n。；;])(\s*(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十\d]{1,3}[、.．]"
    r"|[㈠-㈩])\s*)"
)


@cache
def _table(name: str) -> dict[str, tuple[str, ...]]:
    """``kind<TAB>word`` rows of a resource file, grouped by kind (longest words first)."""
    groups: dict[str, list[str]] = {}
    for line in (RESOURCES / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, word = line.partition("\t")
        groups.setdefault(kind.strip(), []).append(word.strip())
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in groups.items()}


def units() -> dict[str, tuple[str, ...]]:
    return _table("units.tsv")


def cues() -> dict[str, tuple[str, ...]]:
    return _table("units_cues.tsv")


@cache
def _cue_set(kind: str) -> frozenset[str]:
    return frozenset(cues()[kind])


@cache
def _alt(kind: str) -> str:
    return "|".join(map(re.escape, cues()[kind]))


@cache
def _re_words(kind: str) -> re.Pattern[str]:
    """Any cue word of ``kind``: a cheap test that a finder built on them can match."""
    return re.compile(_alt(kind))


@cache
def _re_marker() -> re.Pattern[str]:
    """``责任单位:`` / ``配合单位：`` labels; group ``m`` is the label."""
    kinds = ("marker_lead", "marker_coop", "marker_person")
    words = sorted((w for k in kinds for w in cues()[k]), key=len, reverse=True)
    return re.compile(
        r"(?P<m>"
        + "|".join(map(re.escape, words))
        + r")(?:[(（][^()（）:：]{1,6}[)）])?(?:\s*[:：]|】)\s*"
    )


@cache
def _re_by() -> re.Pattern[str]:
    """``由X(统一)负责`` — X the lead; an optional ``，Y配合`` right after."""
    return re.compile(
        r"由(?P<x>[^，,。；;：:由()（）\n]{2,60}?)(?:统一|具体|共同|全面|分别|直接|主要)?"
        r"(?:" + _alt("by_verb") + r")"
        r"|以(?P<x2>[^，,。；;：:以()（）\n]{2,30}?)为主(?!要)"
    )


@cache
def _re_coop() -> re.Pattern[str]:
    """``，Y(积极)配合`` — Y cooperates."""
    return re.compile(
        r"(?:^|(?<=[，,；;(（、]))\s*(?P<y>[^，,。；;：:()（）\n]{2,60}?)"
        r"(?:积极|共同|密切|全力)?(?:" + _alt("coop_verb") + r")"
    )


@cache
def _predicates() -> tuple[str, ...]:
    return cues()["predicate"]


@cache
def _re_predicate() -> re.Pattern[str]:
    """Every position where a predicate word starts (overlapping, longest word per position)."""
    words = sorted(set(_predicates() + cues()["coop_verb"]), key=len, reverse=True)
    # a one-character test first: most positions start no word and fail at once
    first = re.escape("".join(sorted({w[0] for w in words})))
    return re.compile(r"(?=[" + first + r"])(?=(" + "|".join(map(re.escape, words)) + r"))")


@cache
def _re_unit_hint() -> re.Pattern[str]:
    """A character every unit list holds: the last one of a unit suffix (a unit ends in
    its suffix), 各 (各村: every one of them) or 等 (A、B等单位)."""
    return re.compile("[" + re.escape("".join(sorted(_suffixes_by_last())) + "各等") + "]")


def _may_head_clause(piece: str) -> bool:
    """False when ``_from_subjects`` surely finds nothing: no predicate, or no unit."""
    return bool(_re_predicate().search(piece) and _re_unit_hint().search(piece))


def _is_placeholder(s: str) -> bool:
    return not s or any(c in PLACEHOLDER_CHARS for c in s) or not RE_CJK.search(s)


@lru_cache(maxsize=65536)  # pure; the same short names recur across tasks and plans
def is_unit(name: str) -> bool:
    """True for a specific unit name (市教育局, 各科室, 派出所), false for 各单位 or prose."""
    if not 2 <= len(name) <= MAX_UNIT_LEN:
        return False
    suffix = next((x for x in _suffixes_by_last().get(name[-1], ()) if name.endswith(x)), "")
    if not suffix and "的" not in name and not _is_each(name):
        return False  # no unit ending (a person, prose): every rule below would say False
    if _is_placeholder(name):
        return False
    table = units()
    if _is_each(name):
        return True  # 各村, 各基层党组织: every one of them owns the task
    if name in table.get("generic", ()) or name in table.get("noun", ()):
        return False
    if "的" in name:  # 县疾控中心的健康教育科: both halves must be units
        return all(is_unit(p) for p in name.split("的"))
    body = name[2:] if name.startswith("其他") else name
    body = body.removeprefix("局机关").removeprefix("机关")  # 机关各科室
    if name.startswith(table.get("badstart", ())) or name[0].isdigit():
        return False
    if len(suffix) == 1 and len(name) == 2 and suffix in SHORT_SUFFIX_NEEDS_STEM:
        return False  # 参加所, 联系所: a one-char stem is a verb, not a name
    # 和/与/及 inside a name (县住房和城乡建设局) only when the part before is no unit itself
    joined = RE_CONJ.search(body)
    if joined and not is_unit(body[: joined.start()]):
        body = body[: joined.start()] + body[joined.end() :]
    if any(c in UNIT_FORBIDDEN for c in body) or "各" in body[1:]:
        return False
    if not RE_CJK_RUN.fullmatch(body) and not all(RE_CJK.match(c) or c.isdigit() for c in body):
        return False
    return bool(suffix) and not name.endswith(table.get("noun", ()))


@cache
def _suffixes_by_last() -> dict[str, tuple[str, ...]]:
    """Unit suffixes keyed by their last character, longest first as in the table."""
    out: dict[str, list[str]] = {}
    for x in units()["suffix"]:
        out.setdefault(x[-1], []).append(x)
    return {k: tuple(v) for k, v in out.items()}


def _is_each(name: str) -> bool:
    return name.startswith("各") and name[1:] in units().get("each", ())


def _is_loose_unit(name: str) -> bool:
    """Items of a labelled list are units by construction; only drop blanks and prose."""
    if not 2 <= len(name) <= 25 or _is_placeholder(name):
        return False
    if name in units().get("generic", ()):
        return False
    return is_unit(name) or (len(name) <= 12 and not any(c in LOOSE_FORBIDDEN for c in name))


def _split_items(s: str, start: int) -> list[tuple[str, int]]:
    """Split a list on 、，,/以及 (then 和/及/与 where both sides are units), with offsets.

    Single-character items are glued back (``各股、室、所`` is one owner in the gold).
    """
    items: list[tuple[str, int]] = []
    pos = 0
    for m in [*RE_LIST_SEP.finditer(s), None]:
        end = m.start() if m else len(s)
        piece = s[pos:end]
        if piece:
            items.extend(_split_conj(piece, start + pos))
        if m:
            pos = m.end()
    glued: list[tuple[str, int]] = []
    for name, off in items:
        if len(name) == 1 and glued:
            poff = glued[-1][1]
            glued[-1] = (s[poff - start : off - start + 1], poff)
        else:
            glued.append((name, off))
    return glued


def _split_conj(piece: str, start: int) -> list[tuple[str, int]]:
    parts: list[tuple[str, int]] = []
    pos = 0
    for m in RE_CONJ.finditer(piece):
        parts.append((piece[pos : m.start()], start + pos))
        pos = m.end()
    parts.append((piece[pos:], start + pos))
    generic = units().get("generic", ())
    if len(parts) > 1 and all(is_unit(p) or p in generic for p, _ in parts):
        return parts
    return [(piece, start)]


def _unit_list(head: str, start: int) -> list[tuple[str, int]] | None:
    """The units a clause head consists of, or None when the head is not a unit list."""
    items = _unit_list_at(head)
    if items is None:
        return None
    return [(n, o + start) for n, o in items]


@lru_cache(maxsize=16384)  # clause heads recur across the tasks of a plan
def _unit_list_at(head: str) -> tuple[tuple[str, int], ...] | None:
    """``_unit_list`` with offsets relative to the head."""
    head = head.strip()
    if not head or len(head) > MAX_HEAD_LEN:
        return None
    etc = RE_ETC_CLASS.search(head) or RE_ETC_TAIL.search(head)
    body = head[: etc.start()] if etc and etc.start() > 0 else head
    items = _split_items(body, 0)
    if not items:
        return None
    if etc and etc.start() > 0 and etc.group() != "等":  # the class word vouches for items
        ok = all(1 <= len(n) <= 10 and not (set(n) & UNIT_FORBIDDEN) for n, _ in items)
        return (
            tuple((n, o) for n, o in items if n not in units().get("generic", ())) if ok else None
        )
    generic = [n for n, _ in items if n in units().get("generic", ())]
    if generic:  # 各乡镇、各部门要…: addressed to everyone, so 各X is a catch-all too
        items = [(n, o) for n, o in items if not _is_each(n)]
    real = [(n, o) for n, o in items if is_unit(n.split("、")[0])]
    rest = len(items) - len(real) - len(generic)
    if rest == 0:
        return tuple(real) or None
    # A long list of mostly units (县委办、政府办…宾馆、中心广场) keeps its odd members.
    if len(real) >= 3 and len(real) * 3 >= len(items) * 2:
        return tuple((n, o) for n, o in items if n not in units().get("generic", ()))
    return None


def _owners(items: list[tuple[str, int]], role: str) -> Iterator[Owner]:
    for name, off in items:
        note = RE_ROLE_NOTE.search(name)  # 县委宣传部(牵头): the note sets the role
        if note and note.start() >= 2:
            noted = "cooperate" if note.group(1) in COOP_NOTES else "lead"
            name = name[: note.start()]
            yield Owner(name, noted, Evidence(0, off, off + len(name)))
        else:
            yield Owner(name, role, Evidence(0, off, off + len(name)))


def _list_end(text: str, start: int) -> int:
    """End of a labelled list: its closing bracket (县商务(经济)局 kept whole), a sentence
    end, a colon, the next label, or an inline item number run into it (…保健院4.开展)."""
    depth = 0
    end = len(text)
    for stop in RE_LIST_STOP.finditer(text, start):
        c = stop.group()
        if c in "(（":
            depth += 1
        elif c in ")）":
            if depth == 0:
                end = stop.start()
                break
            depth -= 1
        else:
            end = stop.start()
            break
    label = _re_marker().search(text, start)  # its colon may be the stop found above
    if label and label.start() < end:
        end = label.start()
    number = RE_INLINE_NUMBER.search(text, start, end)
    if number:
        return number.start()
    if end < len(text) and text[end] in ":：":  # ，完成时限: another field's label
        sep = RE_FIELD_SEP.search(text[start:end][::-1])
        end = end - sep.end() if sep else end
    return end


def _from_markers(text: str) -> Iterator[Owner]:
    leads, people = _cue_set("marker_lead"), _cue_set("marker_person")
    for m in _re_marker().finditer(text):
        label = m.group("m")
        if label in people:
            continue
        start = m.end()
        kind = "lead" if label in leads else "cooperate"
        yield from _shifted(_marker_owners(text[start : _list_end(text, start)], kind), start)


@lru_cache(maxsize=16384)  # 牵头单位:X lists recur across the tasks of a plan
def _marker_owners(raw: str, kind: str) -> tuple[Owner, ...]:
    """The units of a labelled list's text, offsets relative to it."""
    items = _split_items(RE_TRAILING_ELLIPSIS.sub("", raw.rstrip()), 0)
    units = []
    for name, offset in items:
        if RE_LIST_GOES_ON.search(name):
            break
        if _is_loose_unit(name):
            units.append((name, offset))
    return tuple(_owners(units, kind))


def _shifted(owners: tuple[Owner, ...], base: int) -> tuple[Owner, ...]:
    """``owners`` with their evidence moved ``base`` chars on."""
    if not base:
        return owners
    return tuple(
        Owner(o.name, o.role, ev and Evidence(ev.block, ev.start + base, ev.end + base))
        for o in owners
        for ev in (o.evidence,)
    )


def _from_by(text: str) -> Iterator[Owner]:
    for m in _re_by().finditer(text):
        group = "x" if m.group("x") else "x2"
        items = _unit_list(m.group(group), m.start(group))
        if items:
            yield from _owners(items, "lead")


def _from_coop(text: str) -> Iterator[Owner]:
    for m in _re_coop().finditer(text):
        items = _unit_list(m.group("y"), m.start("y"))
        if items:
            yield from _owners(items, "cooperate")


def _from_parens(text: str) -> Iterator[Owner]:
    for m in RE_PAREN.finditer(text):
        inner = m.group(1)
        after = text[m.end() : m.end() + 1]
        if _re_marker().search(inner) or (after and after not in "。；;，,\n"):
            continue
        items = _unit_list(inner, m.start(1))
        if items and all(is_unit(n) for n, _ in items):
            yield from _owners(items, "lead")


def _from_subjects(text: str) -> Iterator[Owner]:
    """Unit lists heading a clause, followed by a predicate (要/负责/组织/联合 ...)."""
    clauses = list(RE_CLAUSE.finditer(text))
    coop, with_verbs = _cue_set("coop_verb"), _cue_set("with_verb")
    for i, c in enumerate(clauses):
        start = c.start()
        if start and text[start - 1] in ")）":  # (村民)学校…: not a clause start
            continue
        clause = c.group()
        found = _subject_in_clause(clause, start)
        if found is None and i + 1 < len(clauses):
            # 县委办、政府办…中心广场，年内必须建成…: the whole clause is the subject list
            sep = text[c.end() : clauses[i + 1].start()].strip()
            if sep in SUBJECT_SEPS and _starts_predicate(clauses[i + 1].group()):
                items = _unit_list(clause, start)
                # a comma needs a real list; 县卫生局：负责… is a duty roster line
                found = (items, "", 0) if items and (len(items) > 1 or sep in ":：") else None
        if found:
            items, verb, vend = found
            yield from _owners(items, "cooperate" if verb in coop else "lead")
            if verb in with_verbs:
                yield from _with_partners(clause[vend:], start + vend)


def _starts_predicate(clause: str) -> bool:
    return clause.lstrip().startswith(_predicates())


def _subject_in_clause(clause: str, start: int) -> tuple[list[tuple[str, int]], str, int] | None:
    """(units, verb, end of verb) when the clause opens with a unit list and a predicate."""
    found = _clause_subject(clause)
    if found is None:
        return None
    items, word, end = found
    return [(n, start + off) for n, off in items], word, end


@lru_cache(maxsize=16384)  # boilerplate clauses recur across the tasks of a plan and across plans
def _clause_subject(clause: str) -> tuple[tuple[tuple[str, int], ...], str, int] | None:
    """``_subject_in_clause`` with offsets relative to the clause."""
    lead = len(clause) - len(clause.lstrip())
    for m in _re_predicate().finditer(clause, 0, MAX_HEAD_LEN + lead):
        pos, word = m.start(), m.group(1)
        if pos <= lead or _continues_unit(clause, pos, len(word)):
            continue
        items = _unit_list(clause[lead:pos], lead)
        if items and not _bare_link(clause, word, pos + len(word)):
            return tuple(items), word, pos + len(word)
    return None


def _bare_link(clause: str, word: str, end: int) -> bool:
    """``机关联系基层`` (a slogan) links X to Y and stops; ``派出所联系交警在…开展`` goes on
    to what they do. Only the second makes X an owner."""
    if word not in cues()["link_verb"]:
        return False
    return not any(p in clause[end:] for p in _predicates() if p not in cues()["link_verb"])


def _continues_unit(clause: str, pos: int, n: int) -> bool:
    """True when the cue word is part of a longer unit name (组织部, 宣传科, 检查站)."""
    tail = clause[pos + n : pos + n + 2]
    return any(tail[:k].endswith(OFFICE_ENDINGS) for k in (1, 2))


def _with_partners(rest: str, start: int) -> list[Owner]:
    """``X联合Y在…开展``: the shortest unit list after 联合/会同 that a predicate follows."""
    for word in _predicates():
        pos = rest.find(word)
        if pos > 0:
            items = _unit_list(rest[:pos], start)
            if items:
                return list(_owners(items, "cooperate"))
    return []


def _blank_item_numbers(text: str) -> str:
    """``1、`` / ``(1)`` / ``㈠`` opening the text or a sentence become spaces (offsets kept)."""
    if not RE_ITEM_NUMBER_HINT.search(text) and not RE_ITEM_NUMBER.match(text):
        return text  # most texts: no number after a sentence end, and sub() is slow
    return RE_ITEM_NUMBER.sub(lambda m: m.group(1) + " " * len(m.group(2)), text)


def find_owners(text: str) -> list[Owner]:
    """Units responsible for a task, lead units first, cooperating units with role "cooperate"."""
    return list(_find_owners(text)) if text else []


def owner_roles(text: str) -> list[tuple[str, str]]:
    """(name, role) of ``find_owners(text)``, for callers that place owners themselves
    (building the evidence of owners only to replace it costs more than finding them)."""
    return [(o.name, o.role) for _, o in _placed_owners(text)] if text else []


def _find_owners(text: str) -> tuple[Owner, ...]:  # _placed_owners caches the search
    return tuple(_shifted((o,), pos)[0] for pos, o in _placed_owners(text))


@lru_cache(maxsize=4096)
def _placed_owners(text: str) -> tuple[tuple[int, Owner], ...]:
    """(piece offset, owner with evidence in its piece) for each owner of ``text``."""
    # No finder's match runs across a piece's end (see ``pieces``): each piece is read
    # once per distinct wording, and the finders' results are kept in the whole text's
    # order (all labelled lists first, then 由X负责, ...).
    found = [
        (pos, kinds)
        for pos, piece in pieces(_blank_item_numbers(text))
        if (kinds := _piece_owners(piece))
    ]
    # a labelled list's role (配合单位:X) stands, whatever another finder reads of X
    labelled = _labelled_roles(o for _, kinds in found for o in kinds[0])
    ordered = [
        (pos, o if labelled.get(o.name, o.role) == o.role else replace(o, role=labelled[o.name]))
        for k in range(5)
        for pos, kinds in found
        for o in kinds[k]
    ]
    seen: set[str] = set()
    out: list[tuple[int, Owner]] = []
    for pos, o in sorted(ordered, key=lambda p: p[1].role != "lead"):  # stable: leads first
        if o.name not in seen:
            seen.add(o.name)
            out.append((pos, o))
    return tuple(out)


def _labelled_roles(owners: Iterable[Owner]) -> dict[str, str]:
    """Name → role of the units labelled lists name ("lead" where both lists name one)."""
    roles: dict[str, str] = {}
    for o in owners:
        if roles.get(o.name) != "lead":
            roles[o.name] = o.role
    return roles


@lru_cache(maxsize=16384)  # boilerplate sentences recur across the tasks of a plan
def _piece_owners(piece: str) -> tuple[tuple[Owner, ...], ...]:
    """The owners each finder reads in one piece, offsets relative to it; () for none."""
    # Each finder needs some literal its pattern spells out; most pieces lack it, and the
    # test is far cheaper than running the finder (most pieces hold no owner at all).
    kinds = (
        tuple(_from_markers(piece)),
        tuple(_from_by(piece)) if "由" in piece or "为主" in piece else (),
        tuple(_from_parens(piece)) if "(" in piece or "（" in piece else (),
        tuple(_from_subjects(piece)) if _may_head_clause(piece) else (),
        tuple(_from_coop(piece)) if _re_words("coop_verb").search(piece) else (),
    )
    return kinds if any(kinds) else ()


def heading_owners(heading: str) -> list[Owner]:
    """A heading that is only a unit list ("(三)学工部、团委") names the owners of the
    work under it; any other heading names none."""
    return list(_heading_owners(heading))


@lru_cache(maxsize=4096)  # a group heading is read once per sub-item
def _heading_owners(heading: str) -> tuple[Owner, ...]:
    items = _unit_list(heading, 0) if heading else None
    if not items or not all(is_unit(n) for n, _ in items):
        return ()
    if sum(len(n) for n, _ in items) + len(items) - 1 < len(heading.strip()):
        return ()  # words beside the units: a heading about them, not by them
    return tuple(_owners(items, "lead"))


def find_persons(text: str) -> list[str]:
    """Persons named as responsible (责任领导:/责任人:/负责人:/联系人:)."""
    return list(_find_persons(text)) if text else []


@lru_cache(maxsize=4096)
def _find_persons(text: str) -> tuple[str, ...]:
    out: list[str] = []
    people = _cue_set("marker_person")
    for m in _re_marker().finditer(text):
        if m.group("m") not in people:
            continue
        for name in _persons_in(text[m.end() : _list_end(text, m.end())]):
            if name not in out:
                out.append(name)
    return tuple(out)


@lru_cache(maxsize=16384)
def _persons_in(value: str) -> tuple[str, ...]:
    """The names of a 责任人 list's text, in order (repeats kept)."""
    names = (clean_person(t) for t in RE_PERSON_SEP.split(RE_TITLE_PAREN.sub("", value)))
    return tuple(n for n in names if n)


@cache
def post_titles() -> tuple[str, ...]:
    """The posts of ``person_titles.txt`` (主任, 副局长 ...), longest first."""
    text = (RESOURCES / "person_titles.txt").read_text(encoding="utf-8")
    words = [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]
    return tuple(sorted(dict.fromkeys(words), key=len, reverse=True))


@cache
def _titles_by_first() -> dict[str, tuple[str, ...]]:
    """Post titles keyed by their first character, longest first as in ``post_titles``."""
    out: dict[str, list[str]] = {}
    for t in post_titles():
        out.setdefault(t[0], []).append(t)
    return {k: tuple(v) for k, v in out.items()}


@cache
def re_post_title() -> re.Pattern[str]:
    """Any post title anywhere in a string."""
    return re.compile("|".join(map(re.escape, post_titles())))


@lru_cache(maxsize=16384)
def clean_person(token: str) -> str | None:
    """A person's name from a list token: drops 同志 and a leading post (院长张三 → 张三)."""
    name = RE_SPACES.sub("", token).strip("：:。.")
    name = name.removesuffix("同志")
    for title in _titles_by_first().get(name[:1], ()):
        if name.startswith(title) and 2 <= len(name) - len(title) <= 3:
            name = name[len(title) :]
            break
    # all CJK also rules out a placeholder (*, ×, □ ... are no CJK characters)
    if not 2 <= len(name) <= 4 or not RE_CJK_RUN.fullmatch(name) or name.startswith("各"):
        return None
    if re_post_title().search(name) or is_unit(name):
        return None
    return name
