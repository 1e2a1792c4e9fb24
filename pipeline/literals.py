"""What a regex needs literally, read from its source: cheap tests that skip a pattern on a
line that cannot match it. The chrome tables run ~100 patterns over every line; most lines
lack the few characters a pattern needs, and ``"页" in line`` is far cheaper than a search.

The reading is conservative: anything not understood (classes, groups, escapes such as
``\\d``, flags) simply ends a literal run, so a literal reported here is in every match.
"""

from __future__ import annotations

import re

META = frozenset("\\.^$*+?{}[]|()")
RE_QUANTIFIER = re.compile(r"[*+?]|\{(\d*)(?:,\d*)?\}")
RE_LONG_ESCAPE = re.compile(
    r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|N\{[^}]*\}|\d{1,3})"
)
MAX_ANY = 4  # more alternatives than this make a slower test than the regex itself


def split_alternatives(pattern: str) -> list[str]:
    """The top-level ``|`` alternatives of ``pattern`` (one item when it has none)."""
    out: list[str] = []
    start = i = 0
    while i < len(pattern):
        if pattern[i] == "|":
            out.append(pattern[start:i])
            start = i + 1
        i = _atom_end(pattern, i)
    return [*out, pattern[start:]]


def required_any(pattern: str) -> tuple[str, ...]:
    """Strings one of which every match of ``pattern`` contains (``()`` when none is
    known): "第\\s*\\d+\\s*页" → ("第",), "[-－—]\\s?\\d" → ("-", "－", "—"),
    "(?:下面|以下)是" → ("下面", "以下"). Of the certain choices, the one whose shortest string
    is longest (a single "是" or "." is in most lines; "下面"/"以下" are not), then the fewest."""
    return () if _folded(pattern) else _required(pattern)


def _folded(pattern: str) -> bool:
    """Case-folded or verbose: its text is not what it matches (checked once per pattern,
    not per sub-pattern, which alone may not even compile: a backreference)."""
    return bool(re.compile(pattern).flags & (re.IGNORECASE | re.VERBOSE))


def _required(pattern: str) -> tuple[str, ...]:
    alternatives = split_alternatives(pattern)
    if len(alternatives) > 1:
        return _union([_required(a) for a in alternatives])
    candidates: list[tuple[str, ...]] = []
    run = ""
    i = 0
    while i < len(pattern):
        end = _atom_end(pattern, i)
        atom, q = pattern[i:end], RE_QUANTIFIER.match(pattern, end)
        char, optional = _literal_char(atom), _optional(q)
        if char and not optional:
            run += char
        else:
            candidates += [(run,)] if run else []
            run = ""
            inner = () if optional else _atom_any(atom)
            candidates += [inner] if inner else []
        if q is not None:  # a repeated character ends the contiguous run
            candidates += [(run,)] if run else []
            run = ""
        i = _skip_quantifier(pattern, q.end()) if q else end
    candidates += [(run,)] if run else []
    return min(candidates, key=lambda c: (-min(map(len, c)), len(c)), default=())


def _union(sets: list[tuple[str, ...]]) -> tuple[str, ...]:
    if not all(sets):
        return ()
    union = tuple(dict.fromkeys(s for ss in sets for s in ss))
    return union if len(union) <= MAX_ANY else ()


def _optional(q: re.Match[str] | None) -> bool:
    return q is not None and q.group() != "+" and (q.group() in "*?" or q.group(1) in ("", "0"))


def _atom_any(atom: str) -> tuple[str, ...]:
    """A [class] of plain characters, or a group read recursively (not a lookaround)."""
    if atom.startswith("[") and not atom.startswith("[^"):
        members = atom[1:-1]
        inner = members[1:-1] if len(members) > 2 else ""
        if "\\" in members or "[" in members or "-" in inner or not members:
            return ()
        chars = tuple(dict.fromkeys(members))
        return chars if len(chars) <= MAX_ANY else ()
    if atom.startswith("(?:"):
        return _required(atom[3:-1])
    if atom.startswith("(") and not atom.startswith("(?"):
        return _required(atom[1:-1])
    return ()


def opening_chars(pattern: str) -> frozenset[str]:
    """The characters a match can start with, when every alternative opens with a fixed
    one ("(网站首页|首页)$" → {"网", "首"}); empty when any may start otherwise."""
    return frozenset() if not pattern or _folded(pattern) else _opening(pattern)


def _opening(pattern: str) -> frozenset[str]:
    if not pattern:
        return frozenset()
    alternatives = split_alternatives(pattern)
    if len(alternatives) > 1:
        firsts = [_opening(a) for a in alternatives]
        return frozenset().union(*firsts) if all(firsts) else frozenset()
    end = _atom_end(pattern, 0)
    atom = pattern[:end]
    if _optional(RE_QUANTIFIER.match(pattern, end)):
        return frozenset()
    if atom.startswith("(?:"):
        return _opening(atom[3:-1])
    if atom.startswith("(") and not atom.startswith("(?"):
        return _opening(atom[1:-1])
    char = _literal_char(atom)
    return frozenset((char,)) if char else frozenset()


def _literal_char(atom: str) -> str:
    """The character an atom stands for when it is a plain (or escaped) literal, else ""."""
    if len(atom) == 1:
        return "" if atom in META else atom
    if len(atom) == 2 and atom[0] == "\\" and not atom[1].isalnum():
        return atom[1]
    return ""


def _skip_quantifier(pattern: str, i: int) -> int:
    """Past a lazy ``?`` or possessive ``+`` suffix."""
    return i + 1 if i < len(pattern) and pattern[i] in "?+" else i


def _atom_end(pattern: str, i: int) -> int:
    """End of the atom starting at ``i``: an escape, a [class], a (group) or one character."""
    ch = pattern[i]
    if ch == "\\":
        m = RE_LONG_ESCAPE.match(pattern, i)  # \u3000, \x41, \N{...}, \12: one atom
        return m.end() if m else min(i + 2, len(pattern))
    if ch == "[":
        return _class_end(pattern, i)
    if ch == "(":
        depth = 0
        while i < len(pattern):
            c = pattern[i]
            if c == "\\":
                i += 2
                continue
            if c == "[":
                i = _class_end(pattern, i)
                continue
            depth += (c == "(") - (c == ")")
            i += 1
            if depth == 0:
                return i
        return len(pattern)
    return i + 1


def _class_end(pattern: str, i: int) -> int:
    j = i + 1
    if j < len(pattern) and pattern[j] == "^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":  # a "]" first in a class is a member
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return min(j + 1, len(pattern))
