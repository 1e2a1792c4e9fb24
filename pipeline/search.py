"""Full-text search over the archive: bigram FTS5 phrases, bm25 ranking, facets.

The user's query is never passed to FTS5 as syntax: it is split into terms (whitespace,
or "quoted phrases"), each term converted to simplified script (OpenCC t2s — the index
holds the simplified text, so a traditional query finds simplified originals and the
reverse), then turned into bigram tokens and written as a quoted FTS5 phrase. Terms are
ANDed; three upper-case words are operators (``parse_query``):

    健康教育 OR 爱国卫生 领导小组    (健康教育 or 爱国卫生) and 领导小组
    创卫 -城市   创卫 NOT 城市        创卫, without 城市

An operator without its term(s) ("AND" alone, "卫生 OR") is an error with a one-line
message; quoted ("AND") or lower-case, it is text. NEAR, ``*``, ``^`` and ``:`` are text.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from pipeline.model import CAMPAIGN_TYPES, SECTION_ROLES
from pipeline.normalize import to_simplified
from pipeline.rank import bm25, count_terms, idf
from pipeline.segment import query_tokens
from pipeline.store import (
    TASK_TF_TIERS,
    TEXT_COLUMNS,
    TF_TIERS,
    facet_token,
    group_code,
    group_range,
    section_areas,
    tier_token,
)

RE_TERM = re.compile(r'"([^"]*)"|(\S+)')
RE_YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-–~至]\s*(\d{4}))?\s*$")
RE_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")  # spaces mean nothing
QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "＂": '"'})
SNIPPET_CHARS = 36  # context on each side of the first hit
RANK_ALL = 300  # BM25 scores at most this many matches per query (two stages: ``search``)
YEAR_MIN, YEAR_MAX = 1900, 2099
# CROSS JOIN fixes the order: the FTS match drives, facets filter its rows. Left to itself
# the planner may start from a facet index and re-run the full-text query per row.
FTS_ONLY = "FROM {0} WHERE {0} MATCH ?"
FROM_DOCUMENTS = (
    "FROM documents_fts CROSS JOIN documents d ON d.docno = documents_fts.rowid"
    " WHERE documents_fts MATCH ?"
)
FROM_TASKS = (
    "FROM tasks_fts CROSS JOIN tasks t ON t.id = tasks_fts.rowid"
    " CROSS JOIN documents d ON d.id = t.doc_id WHERE tasks_fts MATCH ?"
)


class QueryError(ValueError):
    """A query we cannot run; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class Filters:
    campaign: str | None = None
    kind: str | None = None
    years: tuple[int, int] | None = None
    issuer: str | None = None
    role: str | None = None
    owner: str | None = None


# --------------------------------------------------------------------------- query
@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: ANDed groups of alternatives (``a OR b``), and excluded terms."""

    groups: tuple[tuple[str, ...], ...]
    excluded: tuple[str, ...] = ()

    @property
    def terms(self) -> list[str]:
        """The terms a hit may contain, in order: what ranking and snippets look for."""
        return list(dict.fromkeys(t for group in self.groups for t in group))

    @property
    def has_or(self) -> bool:
        return any(len(group) > 1 for group in self.groups)


def parse_query(query: str) -> Query:
    """Terms (simplified) and operators of a user query; QueryError says what is wrong."""
    q = query.translate(QUOTES)
    if q.count('"') % 2:
        raise QueryError('unbalanced quote in query: close the "phrase" or drop the quote')
    groups: list[list[str]] = []
    excluded: list[str] = []
    pending = ""  # the operator waiting for its term
    for m in RE_TERM.finditer(q):
        word = m.group(2)
        if word in OPERATORS:
            _check_operator(word, pending, bool(groups))
            pending = word
            continue
        if word and word.startswith("-") and len(word) > 1 and not pending:
            pending, word = "NOT", word[1:]
        term = _simplified(m.group(1) if m.group(1) is not None else word or "")
        if pending == "NOT":
            excluded.append(term)
        elif pending == "OR":
            groups[-1].append(term)
        else:  # AND, said or not
            groups.append([term])
        pending = ""
    if pending:
        raise QueryError(f"{pending} needs a term after it")
    return _query_of(groups, excluded)


OPERATORS = ("AND", "OR", "NOT")


def _check_operator(word: str, pending: str, after_term: bool) -> None:
    if pending:
        raise QueryError(f"{pending} needs a term after it, not {word}")
    if word != "NOT" and not after_term:
        raise QueryError(f"{word} needs a term on each side")


def _simplified(term: str) -> str:
    return RE_CJK_GAP.sub("", to_simplified(term)).strip()


def _query_of(groups: list[list[str]], excluded: list[str]) -> Query:
    """Drop terms with nothing to search for; a query must keep one term to find."""
    kept = [g for g in ([t for t in group if _tokens(t)] for group in groups) if g]
    if not kept:
        if excluded:
            raise QueryError("a query needs a term to find, not only NOT/- exclusions")
        raise QueryError("query has no searchable characters (letters, digits or Chinese)")
    return Query(tuple(map(tuple, kept)), tuple(t for t in excluded if _tokens(t)))


def _tokens(term: str) -> str:
    """A term as one quoted FTS5 phrase of its bigram tokens ("" when it has none)."""
    tokens, prefix = query_tokens(term)
    if not tokens:
        return ""
    return f'"{" ".join(tokens)}"' + (" *" if prefix else "")  # word characters only


def parse_terms(query: str) -> list[str]:
    """The terms of a query that hits may contain (simplified); raises QueryError."""
    return parse_query(query).terms


def match_expression(q: Query) -> str:
    """FTS5 MATCH string: one quoted phrase per term; alternatives ORed, groups ANDed,
    exclusions NOTed."""
    groups = [" OR ".join(_tokens(t) for t in group) for group in q.groups]
    expr = " AND ".join(f"({g})" if " OR " in g else g for g in groups)
    if q.excluded:
        expr = f"({expr}) NOT ({' OR '.join(_tokens(t) for t in q.excluded)})"
    return expr


def parse_years(spec: str | None) -> tuple[int, int] | None:
    """'2010-2015' → (2010, 2015); '2012' → (2012, 2012)."""
    if not spec:
        return None
    m = RE_YEARS.match(spec)
    if not m:
        raise QueryError(f"bad --year {spec!r}: use 2012 or 2010-2015")
    lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
    return (min(lo, hi), max(lo, hi))


# --------------------------------------------------------------------------- SQL
def facet_sql(f: Filters, in_tasks: bool) -> tuple[str, list[Any]]:
    where: list[str] = []
    args: list[Any] = []
    for col, val in (("d.campaign_type", f.campaign), ("d.kind", f.kind)):
        if val:
            where.append(f"{col} = ?")
            args.append(val)
    if f.years:
        where.append("d.year BETWEEN ? AND ?")
        args.extend(f.years)
    if f.issuer:
        where.append("d.issuer LIKE ?")
        args.append(f"%{to_simplified(f.issuer)}%")
    if f.owner:
        scope = "t.id" if in_tasks else "(SELECT id FROM tasks WHERE doc_id = d.id)"
        op = "=" if in_tasks else "IN"
        where.append(f"EXISTS (SELECT 1 FROM task_owners o WHERE o.task_id {op} {scope}"
                     " AND o.name LIKE ?)")  # fmt: skip
        args.append(f"%{to_simplified(f.owner)}%")
    return "".join(f" AND {w}" for w in where), args


def facet_match(f: Filters) -> str:
    """FTS5 clause on the ``facets`` column for campaign, kind and years.

    These facets are tokens of every FTS row (``store.facet_text``), so filtering by them
    is a posting-list intersection inside the index rather than a base-table join per match.
    """
    clauses = [f'"{facet_token(k, v)}"' for k, v in (("c", f.campaign), ("k", f.kind)) if v]
    if f.years:  # stored years are 19xx/20xx (dates.first_year): a wide range stays bounded
        lo, hi = max(f.years[0], YEAR_MIN), min(f.years[1], YEAR_MAX)
        years = [f'"{facet_token("y", y)}"' for y in range(lo, hi + 1)] or ['"zynone"']
        clauses.append(f"({' OR '.join(years)})")
    return "".join(f" AND facets : {c}" for c in clauses)


def _base_sql(f: Filters, in_tasks: bool) -> tuple[str, str, str, list[Any]]:
    """The FTS table, FROM/WHERE of the match, the key selected per hit, the arguments.

    Only issuer and owner (substring filters) need the base tables; without them the FROM
    is the FTS table alone. A task's campaign is the high part of its id
    (``store.child_id``): a rowid range FTS5 seeks to.
    """
    where, args = facet_sql(Filters(issuer=f.issuer, owner=f.owner), in_tasks)
    if in_tasks:
        table, key, join = "tasks_fts", "t.id", FROM_TASKS
        group = group_code(f.campaign, CAMPAIGN_TYPES) if f.campaign else None
    else:
        table, key, join = "documents_fts", "d.docno", FROM_DOCUMENTS
        group = None
    frm = join + where if where else FTS_ONLY.format(table)
    if not where:
        key = f"{table}.rowid"
    if group is not None:
        frm += f" AND {table}.rowid BETWEEN ? AND ?"
        args = [*args, *group_range(group)]
    return table, frm, key, args


def text_columns(in_tasks: bool, role: str | None) -> str:
    """The FTS5 column filter of the text searched.

    A document's text is indexed once, each section's part in the column of its role
    (``store.fts_columns``): searching one role is a column filter.
    """
    if in_tasks:
        return "seg"
    if role:
        return role
    return "{" + " ".join(TEXT_COLUMNS) + "}"


def search(
    conn: sqlite3.Connection,
    query: str,
    filters: Filters | None = None,
    *,
    limit: int = 10,
    in_: str = "documents",
) -> dict[str, Any]:
    """``{"total": N, "hits": [...]}`` best first (BM25); raises QueryError.

    ``total`` counts every match (FTS5). Ranking is BM25 (``pipeline.rank``) over at most
    ``RANK_ALL`` candidates: every match when there are no more, else two stages — the
    first keeps the rows that use every query word most, the most selective term-frequency
    tier (``tier_clauses``) that still holds ``limit`` matches, and of those (or, when no
    tier does, of all matches) the ``RANK_ALL`` most recently imported (``_candidates``).
    """
    f = filters or Filters()
    q = parse_query(query)
    terms = q.terms
    in_tasks = in_ == "tasks"
    if f.role and not in_tasks and f.role not in SECTION_ROLES:
        raise QueryError(f"unknown --role {f.role!r}: one of {', '.join(SECTION_ROLES)}")
    columns = text_columns(in_tasks, f.role)
    expr = f"{columns} : ({match_expression(q)}){facet_match(f)}"
    table, frm, key, args = _base_sql(f, in_tasks)
    total = _count(conn, frm, [expr, *args])
    if total > max(RANK_ALL, limit):
        tiers = TASK_TF_TIERS if in_tasks else TF_TIERS
        # a tier holds rows using every term often: no tier answers "a OR b"
        tier = [] if q.has_or else tier_clauses(terms, tiers)
        expr = _first_stage(conn, frm, expr, args, tier, limit)
    spread = in_tasks and not f.campaign
    keys = _candidates(conn, table, frm, key, [expr, *args], limit, spread=spread)
    n_rows = int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    scored = bm25(count_terms(conn, keys, terms, in_tasks), idf(max(n_rows, total), total))
    hits = [_hit(conn, k, score, terms, in_tasks, f.role) for k, score in scored[:limit]]
    return {"total": total, "hits": hits}


def _count(conn: sqlite3.Connection, frm: str, params: list[Any], most: int = 0) -> int:
    """Matches of ``frm``; with ``most``, stop counting there (FTS5 stops walking too)."""
    if most:
        sql = f"SELECT COUNT(*) FROM (SELECT 1 {frm} LIMIT {int(most)})"
    else:
        sql = f"SELECT COUNT(*) {frm}"
    return int(conn.execute(sql, params).fetchone()[0])


def tier_clauses(terms: list[str], tiers: tuple[int, ...]) -> list[str]:
    """FTS5 clauses on the ``facets`` column for each tier, most selective first.

    Tier T holds the rows in which every token of every query term occurs at least T times
    (``store.tier_text``): the rows bm25 scores highest, as a row's score grows with the
    frequency of the terms in it.
    """
    tokens: list[str] = []
    for term in terms:
        toks, prefix = query_tokens(term)
        tokens.extend(toks[:-1] if prefix else toks)  # a prefix token has no tier
    unique = list(dict.fromkeys(tokens))
    if not unique:
        return []
    return [
        "facets : (" + " AND ".join(f'"{tier_token(t, tok)}"' for tok in unique) + ")"
        for t in reversed(tiers)
    ]


def _first_stage(
    conn: sqlite3.Connection, frm: str, expr: str, args: list[Any], tiers: list[str],
    limit: int,
) -> str:  # fmt: skip
    """``expr`` narrowed to the most selective tier with ``limit`` matches (else as it is).

    Each count stops at ``limit``: a tier clause joins the match expression, so FTS5 walks
    the tier's short posting lists and a probe costs about what it finds.
    """
    for tier in tiers:
        narrowed = f"{expr} AND {tier}"
        if _count(conn, frm, [narrowed, *args], most=limit) >= limit:
            return narrowed
    return expr


def _candidates(
    conn: sqlite3.Connection, table: str, frm: str, key: str, params: list[Any], limit: int,
    spread: bool,
) -> list[int]:  # fmt: skip
    """Keys of at most ``RANK_ALL`` (and at least ``limit``) newest matches of ``frm``.

    FTS5 walks rowids newest first and stops there. Task ids start with their campaign
    (``store.child_id``): with ``spread`` each campaign gets its share, so that "newest"
    means newest plans, not the campaign that sorts last.
    """
    cap = max(RANK_ALL, limit)
    if not spread:
        sql = f"SELECT {key} {frm} ORDER BY {table}.rowid DESC LIMIT ?"
        return [r[0] for r in conn.execute(sql, [*params, cap])]
    share = max(limit, cap // (len(CAMPAIGN_TYPES) + 1))
    sql = (
        f"SELECT {key} {frm} AND {table}.rowid BETWEEN ? AND ? ORDER BY {table}.rowid DESC LIMIT ?"
    )
    keys: list[int] = []
    for g in range(len(CAMPAIGN_TYPES) + 1):
        keys += [r[0] for r in conn.execute(sql, [*params, *group_range(g), share])]
    return keys


# --------------------------------------------------------------------------- hits
def _hit(
    conn: sqlite3.Connection, key: int, score: float, terms: list[str], in_tasks: bool,
    role: str | None,
) -> dict[str, Any]:  # fmt: skip
    cols = "d.id, d.title, d.issuer, d.date, d.year, d.campaign_type, d.kind"
    if in_tasks:
        sql = f"SELECT {cols}, t.text AS body, t.id AS task_id FROM tasks t " \
              "JOIN documents d ON d.id = t.doc_id WHERE t.id = ?"  # fmt: skip
    else:
        sql = f"SELECT {cols}, d.text AS body FROM documents d WHERE d.docno = ?"
    r = conn.execute(sql, (key,)).fetchone()
    hit = {k: r[k] for k in ("id", "title", "issuer", "date", "year", "campaign_type", "kind")}
    body = r["body"] or ""
    if role and not in_tasks:
        body = role_text(conn, r["id"], role, terms) or body
    hit["snippet"] = make_snippet(body, terms)
    hit["score"] = round(score, 4)
    if in_tasks:
        hit["task"] = task_dict(conn, r["task_id"])
    return hit


def role_text(conn: sqlite3.Connection, doc_id: str, role: str, terms: list[str]) -> str | None:
    """The text of the first section of ``role`` (as searched: see ``store.section_areas``)
    that holds a query term, else of the first section of that role, else None."""
    sql = "SELECT path, role, text FROM sections WHERE doc_id = ? ORDER BY ordinal"
    first = None
    for _, area, text in section_areas(conn.execute(sql, (doc_id,))):
        if area != role:
            continue
        if any(_find(text, t) for t in terms):
            return str(text)
        first = first if first is not None else str(text)
    return first


def task_dict(conn: sqlite3.Connection, task_id: int) -> dict[str, Any]:
    """One stored task as {title, text, owners, leaders, deadline, metrics, section}."""
    t = conn.execute("SELECT * FROM tasks WHERE id = ?", (task_id,)).fetchone()
    owners = conn.execute(
        "SELECT name, role FROM task_owners WHERE task_id = ? ORDER BY ordinal", (task_id,)
    ).fetchall()
    metrics = conn.execute(
        "SELECT name, op, value, unit, raw FROM metrics WHERE task_id = ?", (task_id,)
    ).fetchall()
    deadline = None
    if t["deadline_raw"] is not None:
        deadline = {
            "start": t["deadline_start"],
            "end": t["deadline_end"],
            "raw": t["deadline_raw"],
        }
    return {
        "number": t["number"],
        "group": t["grp"],
        "title": t["title"],
        "text": t["text"],
        "owners": [{"name": o["name"], "role": o["role"]} for o in owners],
        "leaders": json.loads(t["leaders"]),
        "deadline": deadline,
        "metrics": [dict(m) for m in metrics],
        "section": t["section"],
    }


def _find(text: str, term: str) -> tuple[int, int] | None:
    """First occurrence of a term (or, failing that, of its longest word) in text."""
    low = text.lower()
    for cand in [term, *sorted(re.findall(r"[^\W_]+", term), key=len, reverse=True)]:
        i = low.find(cand.lower())
        if cand and i >= 0:
            return i, i + len(cand)
    return None


def make_snippet(text: str, terms: list[str], mark: tuple[str, str] = ("[", "]")) -> str:
    """A one-line window around the first hit, each term occurrence marked."""
    spans = [s for s in (_find(text, t) for t in terms) if s]
    start = min((s[0] for s in spans), default=0)
    lo = max(0, start - SNIPPET_CHARS)
    window = text[lo : start + 3 * SNIPPET_CHARS].replace("\n", " ")
    for t in sorted(set(terms), key=len, reverse=True):
        window = _mark(window, t, mark)
    return ("…" if lo else "") + window + ("…" if start + 3 * SNIPPET_CHARS < len(text) else "")


def _mark(window: str, term: str, mark: tuple[str, str]) -> str:
    if not term:
        return window
    return re.sub(re.escape(term), lambda m: f"{mark[0]}{m.group()}{mark[1]}", window, flags=re.I)
