"""Search: 2-character words, script-insensitive queries, facets, tasks, bad syntax."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_store import sample_record, write

from pipeline import store
from pipeline.model import Section
from pipeline.search import (
    Filters,
    QueryError,
    make_snippet,
    parse_query,
    parse_terms,
    parse_years,
    search,
    tier_clauses,
)

SAFETY = (
    "平安建设工作方案\n一、工作目标\n公众安全感达到95%。\n二、主要任务\n加强社会治安综合治理。\n"
    "三、组织领导\n成立平安建设领导小组。"
)
SAFETY_SECTIONS = (
    Section("一", "工作目标", 1, "goals", "一、工作目标\n公众安全感达到95%。"),
    Section("二", "主要任务", 1, "tasks", "二、主要任务\n加强社会治安综合治理。"),
    Section("三", "组织领导", 1, "organization", "三、组织领导\n成立平安建设领导小组。"),
)
CITY = "巩固全国文明城市创建成果实施方案\n志愿服务活动常态化，文明交通劝导。\n成立工作领导小组。"
CITY_SECTIONS = (Section("", "", 1, "organization", "成立工作领导小组。"),)


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    c = store.connect(tmp_path_factory.mktemp("s") / "s.db")
    write(c, sample_record("a1" * 32))  # sanitary, 2012, tasks with owners
    write(
        c,
        sample_record(
            "b2" * 32,
            title="某区2015年平安建设工作方案",
            campaign="safety",
            date=None,
            issuer="某区综治办",
            text=SAFETY,
            with_tasks=False,
            sections=SAFETY_SECTIONS,
        ),
    )
    write(
        c,
        sample_record(
            "c3" * 32,
            title="巩固全国文明城市创建成果实施方案",
            campaign="civilized_city",
            date="2009-05",
            issuer="某市文明办",
            text=CITY,
            script="traditional",
            kind="notice",
            with_tasks=False,
            sections=CITY_SECTIONS,
        ),
    )
    return c


def ids(result: dict) -> list[str]:
    return sorted(h["id"][:2] for h in result["hits"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("创建", ["a1", "c3"]),  # two characters
        ("卫生", ["a1"]),
        ("衛生", ["a1"]),  # traditional query, simplified text
        ("鞏固", ["c3"]),
        ("安", ["b2"]),  # one character: prefix of a bigram
        ("建", ["a1", "b2", "c3"]),  # one character ending a run (创建/建设)
        ("创建 卫生", ["a1"]),  # AND of terms
        ("创建 平安", []),
        ('"卫生 城市"', ["a1"]),  # quoted phrase; the space means nothing
        ("卫生城市创建", []),  # not a substring anywhere
        ("95", ["b2"]),
        ("知晓率达到90", ["a1"]),  # across CJK and digits
        ("NEAR(", []),  # FTS syntax words other than the three operators are plain text
        ('"OR"', []),  # quoted, or lower case, an operator is text
        ("卫生 or 平安", []),
        ("卫生 OR 平安", ["a1", "b2"]),
        ("创建 -卫生", ["c3"]),
        ("创建 NOT 卫生", ["c3"]),
        ("领导小组 OR 卫生 创建", ["a1", "c3"]),  # (领导小组 OR 卫生) AND 创建
        ("卫生 AND 知晓率", ["a1"]),
    ],
)
def test_search_matches_substrings(conn: sqlite3.Connection, query: str, expected: list) -> None:
    assert ids(search(conn, query)) == expected


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(campaign="safety"), ["b2"]),
        (Filters(kind="notice"), ["c3"]),
        (Filters(years=(2010, 2015)), ["a1", "b2"]),
        (Filters(years=(2009, 2009)), ["c3"]),
        (Filters(years=(1000, 9999)), ["a1", "b2", "c3"]),  # clamped to stored years
        (Filters(years=(2016, 2020)), []),
        (Filters(campaign="safety", years=(2015, 2015)), ["b2"]),
        (Filters(campaign="safety", kind="notice"), []),
        (Filters(issuer="综治"), ["b2"]),
        (Filters(owner="卫生局"), ["a1"]),
        (Filters(owner="卫生局", campaign="safety"), []),  # SQL and index facets together
        (Filters(role="organization"), []),  # no 方案 inside an organization section
        (Filters(), ["a1", "b2", "c3"]),
    ],
)
def test_search_facets(conn: sqlite3.Connection, filters: Filters, expected: list) -> None:
    assert ids(search(conn, "方案", filters)) == expected


@pytest.mark.parametrize(
    ("query", "role", "expected"),
    [
        ("领导小组", "organization", ["a1", "b2", "c3"]),
        ("领导小组", "goals", []),
        ("安全感", "goals", ["b2"]),
        ("安全感", "tasks", []),
        ("市卫生局", "tasks", ["a1"]),  # in (一), role other, inside 三、主要任务: a tasks part
        ("市卫生局", "other", []),
        ("平安建设", "tasks", []),  # the title is no section's text
    ],
)
def test_search_role_searches_inside_sections(
    conn: sqlite3.Connection, query: str, role: str, expected: list
) -> None:
    assert ids(search(conn, query, Filters(role=role))) == expected


def test_search_role_snippet_comes_from_the_section(conn: sqlite3.Connection) -> None:
    hit = search(conn, "安全感", Filters(role="goals"))["hits"][0]
    assert hit["snippet"] == "一、工作目标 公众[安全感]达到95%。"


def test_search_unknown_role_is_a_query_error(conn: sqlite3.Connection) -> None:
    with pytest.raises(QueryError, match="unknown --role"):
        search(conn, "方案", Filters(role="budget"))


@pytest.fixture(scope="module")
def tiered(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    """Three plans that mention 健康教育 8, 4 and 1 times (the first in a task too)."""
    c = store.connect(tmp_path_factory.mktemp("t") / "t.db")
    for sha, times in (("d4", 8), ("e3", 4), ("f1", 1)):
        text = "健康教育工作方案\n" + "开展健康教育。" * (times - 1) + "其他工作。"
        write(c, sample_record(sha * 32, title="工作方案", text=text, sections=(),
                               with_tasks=sha == "d4"))  # fmt: skip
    return c


@pytest.mark.parametrize(
    ("rank_all", "limit", "hits"),
    [
        (1000, 10, ["d4", "e3", "f1"]),  # few matches: bm25 over all, best first
        (2, 1, ["d4"]),  # many: the tier "every token 8+ times" holds 1 >= 1: scored there
        (2, 2, ["d4", "e3"]),  # tier 8 holds 1 < 2; tier 4 holds 2
        (0, 3, ["d4", "e3", "f1"]),  # as many as the limit: all are ranked
    ],
)
def test_search_two_stage_ranking_keeps_total(
    tiered: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch, rank_all: int, limit: int,
    hits: list,
) -> None:  # fmt: skip
    monkeypatch.setattr("pipeline.search.RANK_ALL", rank_all)
    result = search(tiered, "健康教育", limit=limit)
    assert result["total"] == 3
    assert [h["id"][:2] for h in result["hits"]] == hits


def test_search_without_a_tier_scores_the_newest_matches(
    tiered: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("pipeline.search.RANK_ALL", 1)
    result = search(tiered, "工作", limit=1)  # 3 times in each plan: below every tier
    assert (result["total"], [h["id"][:2] for h in result["hits"]]) == (3, ["f1"])


def test_search_tier_clauses_ask_every_token_most_selective_first() -> None:
    clauses = tier_clauses(["卫生城", "创"], (3, 6, 12))
    assert clauses == [
        'facets : ("t12x卫生" AND "t12x生城")',
        'facets : ("t6x卫生" AND "t6x生城")',
        'facets : ("t3x卫生" AND "t3x生城")',
    ]
    assert tier_clauses(["创"], (3, 6)) == []  # a lone prefix character has no tier


def test_search_tier_tokens_of_a_document() -> None:
    cols = ("", "卫生 卫生 卫生 生城", "", "卫生")
    assert store.tier_text(cols, (3, 6)) == "t3x卫生"  # 4 times: tier 3
    assert store.tier_text(("卫生 " * 7 + "城市 " * 3,), (3, 6)) == "t3x卫生 t6x卫生 t3x城市"
    assert store.tier_text(("创建 创建 工作",), (2, 3)) == "t2x创建"
    assert store.tier_text(("",), (2, 3)) == ""


@pytest.mark.parametrize(
    ("query", "filters", "in_"),
    [
        ("市", Filters(), "tasks"),
        ("市", Filters(campaign="sanitary_city"), "tasks"),
        ("领导", Filters(role="organization"), "documents"),
        ("方案", Filters(issuer="某"), "documents"),  # SQL facet: the joined FROM
    ],
)
def test_search_two_stage_total_equals_exact(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch, query: str, filters: Filters,
    in_: str,
) -> None:  # fmt: skip
    exact = search(conn, query, filters, in_=in_)
    monkeypatch.setattr("pipeline.search.RANK_ALL", 0)
    staged = search(conn, query, filters, in_=in_, limit=1)
    assert exact["total"] >= 1
    assert staged["total"] == exact["total"]
    assert len(staged["hits"]) == 1


def test_search_two_stage_ranks_tasks_in_their_tier(
    tiered: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("pipeline.search.RANK_ALL", 0)
    result = search(tiered, "健康", in_="tasks", limit=1)
    assert result["total"] == 1
    assert result["hits"][0]["task"]["title"] == "开展健康教育"


def test_search_role_total_counts_documents(conn: sqlite3.Connection) -> None:
    result = search(conn, "领导小组", Filters(role="organization"), limit=1)
    assert (result["total"], len(result["hits"])) == (3, 1)


def test_search_in_tasks_returns_task_details(conn: sqlite3.Connection) -> None:
    result = search(conn, "健康教育", Filters(campaign="sanitary_city"), in_="tasks")
    assert result["total"] == 1
    task = result["hits"][0]["task"]
    assert task["title"] == "开展健康教育"
    assert task["owners"] == [
        {"name": "市卫生局", "role": "lead"},
        {"name": "市教育局", "role": "cooperate"},
    ]
    assert task["deadline"]["raw"] == "2012年6月至12月"
    assert [m["raw"] for m in task["metrics"]] == ["知晓率达到90%以上"]
    assert task["section"] == "三、主要任务"


def test_search_json_shape_and_ranking(conn: sqlite3.Connection) -> None:
    result = search(conn, "方案", limit=2)
    assert result["total"] == 3
    assert len(result["hits"]) == 2
    keys = {"id", "title", "issuer", "date", "campaign_type", "kind", "snippet", "score"}
    assert keys <= set(result["hits"][0])
    scores = [h["score"] for h in result["hits"]]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"创建', 'unbalanced quote in query: close the "phrase" or drop the quote'),
        ("*", "query has no searchable characters (letters, digits or Chinese)"),
        ("   ", "query has no searchable characters (letters, digits or Chinese)"),
        ("，。！", "query has no searchable characters (letters, digits or Chinese)"),
        ("AND", "AND needs a term on each side"),
        ("OR 卫生", "OR needs a term on each side"),
        ("卫生 OR", "OR needs a term after it"),
        ("卫生 AND AND 城市", "AND needs a term after it, not AND"),
        ("卫生 OR NOT 城市", "OR needs a term after it, not NOT"),
        ("NOT 卫生", "a query needs a term to find, not only NOT/- exclusions"),
        ("-卫生", "a query needs a term to find, not only NOT/- exclusions"),
    ],
)
def test_search_bad_queries_raise_one_line_error(
    conn: sqlite3.Connection, query: str, message: str
) -> None:
    with pytest.raises(QueryError) as e:
        search(conn, query)
    assert str(e.value) == message


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=20))
def test_search_any_query_never_crashes(conn: sqlite3.Connection, query: str) -> None:
    try:
        result = search(conn, query)
    except QueryError:
        return
    assert result["total"] >= len(result["hits"])


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("创建  卫生", ["创建", "卫生"]),
        ("“文明 城市” 衛生", ["文明城市", "卫生"]),
        ('"a b"', ["a b"]),
    ],
)
def test_search_parse_terms(query: str, terms: list[str]) -> None:
    assert parse_terms(query) == terms


@pytest.mark.parametrize(
    ("query", "groups", "excluded"),
    [
        ("健康教育 OR 爱国衛生 领导小组", (("健康教育", "爱国卫生"), ("领导小组",)), ()),
        ("创卫 -城市 NOT 乡村", (("创卫",),), ("城市", "乡村")),
        ("a OR b OR c", (("a", "b", "c"),), ()),
        ("创卫 AND 城市", (("创卫",), ("城市",)), ()),
        ('创卫 "OR"', (("创卫",), ("OR",)), ()),  # quoted: a term
        ("创卫 -，", (("创卫",),), ()),  # an exclusion with nothing searchable is dropped
        ("卫生 - 城市", (("卫生",), ("城市",)), ()),  # a lone "-" is no operator (nor a term)
    ],
)
def test_search_parse_query(query: str, groups: tuple, excluded: tuple) -> None:
    q = parse_query(query)
    assert (q.groups, q.excluded) == (groups, excluded)


@pytest.mark.parametrize(
    ("spec", "years"), [("2012", (2012, 2012)), ("2010-2015", (2010, 2015)), (None, None)]
)
def test_search_parse_years(spec: str | None, years: tuple | None) -> None:
    assert parse_years(spec) == years


def test_search_parse_years_rejects_garbage() -> None:
    with pytest.raises(QueryError):
        parse_years("last year")


def test_search_snippet_marks_terms() -> None:
    text = "为进一步做好健康教育工作，" * 2 + "特制定本方案。" * 20
    snip = make_snippet(text, ["健康教育"])
    assert snip.startswith("为进一步做好[健康教育]工作")
    assert snip.endswith("…")


def test_search_cli_db_missing(tmp_path: Path) -> None:
    from pipeline.cli import main

    with pytest.raises(SystemExit):
        main(["search", "创建", "--db", str(tmp_path / "none.db")])
