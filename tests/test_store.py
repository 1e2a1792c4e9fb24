"""The SQLite archive: schema, upserts, round trip, bigram segmentation."""

from __future__ import annotations

import json
import sqlite3
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import __version__, store
from pipeline.model import (
    CAMPAIGN_TYPES,
    SECTION_ROLES,
    Block,
    Evidence,
    Goal,
    Header,
    Leader,
    Metric,
    Owner,
    Phase,
    PlanRecord,
    Section,
    Source,
    Span,
    Task,
)
from pipeline.segment import index_text, query_tokens

TEXT = (
    "关于印发创建国家卫生城市工作实施方案的通知\n"
    "一、指导思想\n以创建国家卫生城市为载体，全面提升城市管理水平。\n"
    "二、工作目标\n2013年底前群众健康知识知晓率达到90%以上。\n"
    "三、主要任务\n(一)开展健康教育。由市卫生局负责，市教育局配合。\n"
    "(二)整治农贸市场环境卫生。由市工商局牵头。\n"
    "四、组织领导\n成立创建工作领导小组，组长:王某某，副组长:李某某。"
)


def sample_record(
    sha: str = "ab" * 32,
    part: int = 1,
    *,
    title: str = "某市创建国家卫生城市工作实施方案",
    campaign: str = "sanitary_city",
    date: str | None = "2012-03-05",
    issuer: str | None = "某市人民政府办公室",
    text: str = TEXT,
    script: str = "simplified",
    kind: str = "plan",
    with_tasks: bool = True,
    sections: tuple[Section, ...] | None = None,
) -> PlanRecord:
    """A hand-built record with every part filled (sections, tasks, owners, metrics...)."""
    metric = Metric("知晓率", ">=", 90.0, "%", "知晓率达到90%以上", Evidence(4, 10, 19))
    tasks = (
        Task(
            "(一)",
            "三、主要任务",
            "开展健康教育",
            "开展健康教育。由市卫生局负责，市教育局配合。",
            owners=(Owner("市卫生局", "lead"), Owner("市教育局", "cooperate")),
            leaders=("王某某",),
            deadline=Span("2012-06", "2012-12", "2012年6月至12月"),
            metrics=(metric,),
            section="三、主要任务",
            evidence=Evidence(6, 0, 6),
        ),
        Task(
            "(二)",
            None,
            "整治农贸市场环境卫生",
            "整治农贸市场环境卫生。由市工商局牵头。",
            owners=(Owner("市工商局"),),
            section="三、主要任务",
        ),
    )
    sections = (
        sections
        if sections is not None
        else (
            Section("一", "指导思想", 1, "guiding_principles", "以创建国家卫生城市为载体"),
            Section("二", "工作目标", 1, "goals", "群众健康知识知晓率达到90%以上"),
            Section(
                "三",
                "主要任务",
                1,
                "tasks",
                "开展健康教育",
                children=(Section("(一)", "开展健康教育", 2, "other", "由市卫生局负责"),),
            ),
            Section("四", "组织领导", 1, "organization", "成立创建工作领导小组，组长:王某某"),
        )
    )
    return PlanRecord(
        id=f"{sha[:16]}-{part}",
        source=Source(f"/in/{sha[:6]}.txt", sha, "txt", "utf-8", part, len(text)),
        script=script,
        title=title,
        kind=kind,
        campaign_type=campaign,
        text=text,
        header=Header(
            issuer,
            "某政办〔2012〕15号",
            date,
            ("各区政府",),
            evidence={"issuer": Evidence(0, 0, 9)},
        ),
        sections=sections,
        tasks=tasks if with_tasks else (),
        phases=(Phase("动员部署阶段", "2012-03", "2012-04", "2012年3月至4月"),),
        leaders=(Leader("组长", "王某某"), Leader("副组长", "李某某")),
        goals=(Goal("群众健康知识知晓率达到90%以上", (metric,)),),
        blocks=(Block("一、指导思想", "一、指導思想", "heading", 1, None, 0, 0),),
        warnings=("demo",),
    )


def write(conn: sqlite3.Connection, *records: PlanRecord, sha: str | None = None) -> int:
    sha = sha or records[0].source.sha256
    row = store.FileRow(
        sha,
        f"/in/{sha[:6]}.txt",
        100,
        1.0,
        "txt",
        "utf-8",
        len(records),
        __version__,
        "2026-01-01T00:00:00+00:00",
    )
    conn.execute("BEGIN")
    n = store.write_file(conn, row, [store.prepare_document(r.to_dict()) for r in records])
    conn.execute("COMMIT")
    return n


@pytest.fixture
def conn(tmp_path: Path) -> sqlite3.Connection:
    return store.connect(tmp_path / "a.db")


def count(conn: sqlite3.Connection, table: str) -> int:
    return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_store_round_trip_gives_back_to_dict(conn: sqlite3.Connection) -> None:
    rec = sample_record()
    write(conn, rec)
    assert store.load_record(conn, rec.id) == rec.to_dict()
    assert store.load_record(conn, "missing-1") is None


def test_store_wire_form_stores_the_same_text_rows(tmp_path: Path) -> None:
    """Rows sent as UTF-8 bytes (``to_wire``) are stored as TEXT, equal to the str form."""
    rec = sample_record()
    prepared = store.prepare_document(rec.to_dict())
    wire = store.to_wire(prepared)
    assert isinstance(wire["doc"][store.DOC_COLUMNS.index("text")], bytes)
    assert isinstance(wire["sections"][0][-1], bytes)
    dbs = []
    for name, docs in (("str", prepared), ("wire", wire)):
        c = store.connect(tmp_path / f"{name}.db")
        row = store.FileRow(rec.source.sha256, "/in/a.txt", 1, 1.0, "txt", "utf-8", 1, "v", "t")
        c.execute("BEGIN")
        assert store.write_file(c, row, [docs]) == 1
        assert store.write_file(c, row, [wire]) == 0  # same record, either form: a no-op
        c.execute("COMMIT")
        dbs.append(c)
    for table, column in (("documents", "text"), ("documents", "record_json"),
                          ("sections", "text"), ("tasks", "text"), ("goals", "text")):  # fmt: skip
        sql = f"SELECT typeof({column}), {column} FROM {table} ORDER BY rowid"
        a, b = (c.execute(sql).fetchall() for c in dbs)
        assert [tuple(r) for r in a] == [tuple(r) for r in b]
        assert {r[0] for r in b} == {"text"}
    assert store.load_record(dbs[1], rec.id) == rec.to_dict()
    hits = 'SELECT COUNT(*) FROM tasks_fts WHERE tasks_fts MATCH \'"健康" AND "教育"\''
    assert [c.execute(hits).fetchone()[0] for c in dbs] == [1, 1]


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("files", 1),
        ("documents", 1),
        ("sections", 5),  # 4 top-level + 1 child
        ("tasks", 2),
        ("task_owners", 3),
        ("phases", 1),
        ("leaders", 2),
        ("goals", 1),
        ("metrics", 2),  # one on a task, one on a goal
        ("failures", 0),
    ],
)
def test_store_rows_per_table_and_reingest_is_noop(
    conn: sqlite3.Connection, table: str, expected: int
) -> None:
    rec = sample_record()
    assert write(conn, rec) == 1
    assert write(conn, rec) == 0  # same record again: nothing written
    assert count(conn, table) == expected


def test_store_flat_columns_and_owner_roles(conn: sqlite3.Connection) -> None:
    write(conn, sample_record())
    d = conn.execute("SELECT * FROM documents").fetchone()
    assert (d["issuer"], d["date"], d["year"], d["campaign_type"], d["part"]) == (
        "某市人民政府办公室",
        "2012-03-05",
        2012,
        "sanitary_city",
        1,
    )
    owners = conn.execute("SELECT name, role FROM task_owners ORDER BY task_id, ordinal")
    assert [tuple(r) for r in owners] == [
        ("市卫生局", "lead"),
        ("市教育局", "cooperate"),
        ("市工商局", "lead"),
    ]
    paths = [r[0] for r in conn.execute("SELECT path FROM sections ORDER BY ordinal")]
    assert paths == ["1", "2", "3", "3.1", "4"]


@pytest.mark.parametrize(
    ("date", "title", "year"),
    [
        ("2012-03-05", "2015年创卫方案", 2012),  # the signing date wins
        (None, "某县2015年创建卫生县城工作方案", 2015),
        (None, "创建卫生县城工作方案", None),  # no year anywhere
    ],
)
def test_store_record_year(date: str | None, title: str, year: int | None) -> None:
    assert store.record_year({"date": date, "title": title}) == year


CHILD_TABLES = ("sections", "tasks", "task_owners", "phases", "leaders", "goals", "metrics")


@pytest.mark.parametrize("enforced", [True, False])
def test_store_replaced_record_leaves_no_orphans(tmp_path: Path, enforced: bool) -> None:
    """delete_document removes children itself: with or without foreign-key enforcement
    (the ingest writer runs without), replacing a record leaves exactly the new rows."""
    rec = sample_record()
    new = replace(rec, text="全新的巩固文明城市成果方案", tasks=rec.tasks[1:], goals=())
    fresh = store.connect(tmp_path / "fresh.db")
    write(fresh, new)
    conn = store.connect(tmp_path / "a.db")
    with nullcontext() if enforced else store.bulk_writes(conn):
        write(conn, rec)
        assert [count(conn, t) for t in CHILD_TABLES] == [5, 2, 3, 1, 2, 1, 2]  # by hand
        write(conn, new)
    assert [count(conn, t) for t in CHILD_TABLES] == [count(fresh, t) for t in CHILD_TABLES]
    assert [count(conn, t) for t in CHILD_TABLES] == [5, 1, 1, 1, 2, 0, 0]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_store_changed_record_replaces_rows_and_index(conn: sqlite3.Connection) -> None:
    rec = sample_record()
    write(conn, rec)
    write(conn, replace(rec, text="全新的巩固文明城市成果方案", tasks=()))
    assert count(conn, "documents") == 1
    assert count(conn, "tasks") == 0
    assert count(conn, "task_owners") == 0
    hits = "SELECT COUNT(*) FROM documents_fts WHERE documents_fts MATCH ?"
    assert conn.execute(hits, ('"巩固"',)).fetchone()[0] == 1
    assert conn.execute(hits, ('"农贸"',)).fetchone()[0] == 0
    # the old rows' facet tokens went with them (a contentless delete must repeat them)
    facet = store.facet_token("c", rec.campaign_type)
    for table, n in (("documents_fts", 1), ("tasks_fts", 0)):
        sql = f"SELECT COUNT(*) FROM {table} WHERE {table} MATCH ?"
        assert conn.execute(sql, (f'facets : "{facet}"',)).fetchone()[0] == n


@pytest.mark.parametrize(
    ("group", "docno", "ordinal", "expected"),
    [
        (0, 1, 0, 1 << 16),
        (2, 3, 7, (2 << 48) + (3 << 16) + 7),
        (1, 2, 70000, (1 << 48) + (2 << 16) + 65535),  # ordinal clamped
    ],
)
def test_store_child_id_packs_group_docno(
    group: int, docno: int, ordinal: int, expected: int
) -> None:
    assert store.child_id(group, docno, ordinal) == expected
    assert (expected >> store.SECTION_BITS) & store.DOCNO_MASK == docno
    lo, hi = store.group_range(group)
    assert lo <= expected <= hi


@pytest.mark.parametrize(
    ("value", "code"), [("civilized_city", 1), ("sanitary_city", 2), (None, 0), ("x", 0)]
)
def test_store_group_code(value: str | None, code: int) -> None:
    assert store.group_code(value, CAMPAIGN_TYPES) == code


def test_store_child_ids_follow_docno_and_group(conn: sqlite3.Connection) -> None:
    write(conn, sample_record("cd" * 32))
    sql = "SELECT s.id, d.docno, s.role FROM sections s JOIN documents d ON d.id = s.doc_id"
    rows = conn.execute(sql).fetchall()
    assert len(rows) == 5
    for sid, docno, role in rows:
        assert (sid >> store.SECTION_BITS) & store.DOCNO_MASK == docno
        assert sid >> store.GROUP_SHIFT == store.group_code(role, SECTION_ROLES)
    tasks = conn.execute("SELECT id FROM tasks").fetchall()
    assert {t[0] >> store.GROUP_SHIFT for t in tasks} == {2}  # sanitary_city


@pytest.mark.parametrize(
    ("campaign", "kind", "year", "expected"),
    [
        ("civilized_city", "plan", 2012, "zccivilizedcity zkplan zy2012"),
        ("safety", "notice", None, "zcsafety zknotice"),
        ("other", "other", 1999, "zcother zkother zy1999"),
    ],
)
def test_store_facet_text(campaign: str, kind: str, year: int | None, expected: str) -> None:
    assert store.facet_text(campaign, kind, year) == expected


def test_store_failures_recorded_and_cleared(conn: sqlite3.Connection) -> None:
    for path in ("/in/a.zip", "/in/a.zip!x.txt", "/in/a.zip!d/y.txt", "/in/a_b.txt", "/in/a.zip2"):
        store.record_failure(conn, path, None, 1, "empty file", __version__, "t")
    store.clear_failure(conn, "/in/a.zip")
    assert [f["path"] for f in store.list_failures(conn)] == ["/in/a.zip2", "/in/a_b.txt"]


def test_store_stats_counts_facets(conn: sqlite3.Connection) -> None:
    write(conn, sample_record("aa" * 32), sample_record("aa" * 32, 2, campaign="safety"))
    s = store.stats(conn)
    assert (s["files"], s["documents"], s["tasks"]) == (1, 2, 4)
    assert s["campaign_type"] == {"safety": 1, "sanitary_city": 1}
    assert s["year"] == {"2012": 2}
    assert (s["format"], s["encoding"]) == ({"txt": 1}, {"utf-8": 1})
    for path, reason in (
        ("/a.pdf", "encrypted PDF (password protected)"),
        ("/b.pdf", "corrupt PDF: Failed to load document"),
        ("/c.pdf", "corrupt PDF: Data format error"),
        ("/d.txt", "empty file"),
    ):
        store.record_failure(conn, path, None, 1, reason, __version__, "t")  # fmt: skip
    assert store.stats(conn)["failure"] == {
        "corrupt PDF": 2,
        "empty file": 1,
        "encrypted PDF (password protected)": 1,
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("创建", "创建 建"),
        ("创建卫生城市", "创建 建卫 卫生 生城 城市 市"),
        ("2013年底", "2013 年底 底"),
        ("达到90%以上", "达到 到 90 以上 上"),
        ("市", "市"),
        ("，。", ""),
        ("Hello 世界", "hello 世界 界"),
        ("Café Über", "cafe uber"),  # accents dropped, as unicode61 did before schema 3
        ("第⑴条", "第 1 条"),  # compatibility forms decomposed: ⑴ → 1
    ],
)
def test_segment_index_text(text: str, expected: str) -> None:
    assert index_text(text) == expected


@pytest.mark.parametrize(
    ("term", "tokens", "prefix"),
    [
        ("创建", ["创建"], False),
        ("卫生城市", ["卫生", "生城", "城市"], False),
        ("创", ["创"], True),
        ("2013年", ["2013", "年"], True),
        ("年2013", ["年", "2013"], False),
        ("知晓率90", ["知晓", "晓率", "率", "90"], False),
        ("CAFÉ", ["cafe"], False),
        ("½", ["12"], False),  # NFKD 1⁄2, letters and digits kept
        ("̀", [], False),  # a lone combining accent folds to nothing
    ],
)
def test_segment_query_tokens(term: str, tokens: list[str], prefix: bool) -> None:
    assert query_tokens(term) == (tokens, prefix)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80))
def test_segment_any_substring_of_cjk_text_is_found(text: str) -> None:
    """Whatever the text, each CJK substring's phrase tokens occur in order in the index."""
    index = index_text(text).split()
    cjk = "".join(c for c in text if "\u4e00" <= c <= "\u9fff")
    if len(cjk) >= 2 and cjk == text:
        tokens, _ = query_tokens(cjk[1:3])
        joined = " ".join(index)
        assert " ".join(tokens) in joined


@settings(max_examples=40, deadline=None)
@given(title=st.text(max_size=30), text=st.text(min_size=1, max_size=200))
def test_store_round_trip_any_text(
    tmp_path_factory: pytest.TempPathFactory, title: str, text: str
) -> None:
    conn = store.connect(tmp_path_factory.mktemp("h") / "h.db")
    rec = sample_record(title=title, text=text)
    write(conn, rec)
    assert store.load_record(conn, rec.id) == rec.to_dict()


@pytest.mark.parametrize(
    ("text", "children", "expected"),
    [
        ("三、主要任务\n(一)甲\n(二)乙", ["(一)甲", "(二)乙"], "三、主要任务\n"),
        ("一、目标\n达到90%。", [], "一、目标\n达到90%。"),
        ("导语\n一、甲\n落款", ["一、甲"], "导语\n\n\n落款"),  # parts joined by a newline
        ("一、甲", ["不在其中"], "一、甲"),  # a child not found cuts nothing
        ("甲乙甲", ["甲", "甲"], "乙"),  # each child cut where it next occurs
    ],
)
def test_store_own_text_cuts_children(text: str, children: list[str], expected: str) -> None:
    assert store.own_text(text, children) == expected


@pytest.mark.parametrize(
    ("role", "parent", "area"),
    [
        ("tasks", None, "tasks"),
        ("other", "tasks", "tasks"),  # (一) under 三、主要任务
        ("measures", "tasks", "measures"),  # a sub-section with a role of its own
        ("other", None, "other"),
        ("unknown-role", "goals", "goals"),
    ],
)
def test_store_effective_role(role: str, parent: str | None, area: str) -> None:
    assert store.effective_role(role, parent) == area


def test_store_fts_columns_index_each_part_once() -> None:
    text = "某方案\n一、工作目标\n达到90%。\n二、主要任务\n(一)开展健康教育。"
    flat = [
        ("1", "goals", "一、工作目标\n达到90%。"),
        ("2", "tasks", "二、主要任务\n(一)开展健康教育。"),
        ("2.1", "other", "(一)开展健康教育。"),
    ]
    cols = dict(zip(store.TEXT_COLUMNS, store.fts_columns("标题", text, flat), strict=True))
    assert cols["title"] == "标题 题"
    assert cols["preamble"] == "某方 方案 案"
    assert cols["goals"] == "一 工作 作目 目标 标 达到 到 90"
    assert cols["tasks"] == "二 主要 要任 任务 务 一 开展 展健 健康 康教 教育 育"
    assert cols["other"] == ""


def test_store_slim_record_json_keeps_texts_in_tables(conn: sqlite3.Connection) -> None:
    rec = sample_record()
    write(conn, rec)
    body = json.loads(conn.execute("SELECT record_json FROM documents").fetchone()[0])
    assert body["sections"][2]["text"] is None
    assert body["sections"][2]["children"][0]["text"] is None
    assert body["tasks"][0]["text"] is None
    assert store.load_record(conn, rec.id) == rec.to_dict()


def test_store_migrates_a_schema_1_archive(tmp_path: Path) -> None:
    """An archive of schema 1 (documents_fts with one seg column, sections_fts) is
    re-indexed in place on open and searchable as before."""
    path = tmp_path / "old.db"
    conn = store.connect(path)
    write(conn, sample_record())
    conn.executescript(
        "DROP TABLE documents_fts; DROP TABLE tasks_fts;"
        "CREATE VIRTUAL TABLE documents_fts USING fts5(seg, facets, content='');"
        "CREATE VIRTUAL TABLE sections_fts USING fts5(seg, facets, content='');"
        "CREATE VIRTUAL TABLE tasks_fts USING fts5(seg, facets, content='');"
        "PRAGMA user_version=0;"
    )
    conn.close()
    with pytest.raises(store.StoreError, match="older schema"):
        store.connect(path, readonly=True)
    told: list[tuple[int, int]] = []
    conn = store.connect(path, on_upgrade=lambda old, n: told.append((old, n)))
    assert told == [(1, 1)]
    assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
    store.connect(path, on_upgrade=lambda old, n: told.append((old, n)))
    assert told == [(1, 1)]  # upgraded once
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "sections_fts" not in names
    sql = "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?"
    assert [r[0] for r in conn.execute(sql, ('tasks : "卫生"',))] == [1]
    tasks = "SELECT COUNT(*) FROM tasks_fts WHERE tasks_fts MATCH ?"
    assert conn.execute(tasks, ('seg : "健康" AND facets : "t2x健康"',)).fetchone()[0] == 1
    assert store.connect(path, readonly=True).execute("SELECT COUNT(*) FROM documents").fetchone()


def schema_2_archive(path: Path) -> Path:
    """An archive of one record as schema 2 left it: unicode61 FTS tables, indexes
    sections_role and metrics_doc, full metric indexes."""
    conn = store.connect(path)
    write(conn, sample_record())
    conn.executescript(
        "DROP TABLE documents_fts; DROP TABLE tasks_fts;"
        + store.DOCUMENTS_FTS.replace("'ascii'", "'unicode61'")
        + ";"
        + store.TASKS_FTS.replace("'ascii'", "'unicode61'")
        + ";"
        "DROP INDEX metrics_task; DROP INDEX metrics_goal;"
        "CREATE INDEX metrics_task ON metrics(task_id);"
        "CREATE INDEX metrics_goal ON metrics(goal_id);"
        "CREATE INDEX metrics_doc ON metrics(doc_id);"
        "CREATE INDEX sections_role ON sections(role);"
        "PRAGMA user_version=2;"
    )
    conn.close()
    return path


def test_store_migrates_a_schema_2_archive(tmp_path: Path) -> None:
    """Schema 2 is upgraded on open: ascii tokenizer, index rebuilt, partial metric indexes,
    and the caller is told first (old schema, documents to re-index)."""
    path = schema_2_archive(tmp_path / "v2.db")
    told: list[tuple[int, int]] = []
    conn = store.connect(path, on_upgrade=lambda old, n: told.append((old, n)))
    assert told == [(2, 1)]
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    sql = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"))
    assert "tokenize='ascii'" in sql["documents_fts"]
    assert "tokenize='ascii'" in sql["tasks_fts"]
    assert "sections_role" not in sql
    assert "metrics_doc" not in sql
    assert sql["metrics_task"].endswith("WHERE task_id IS NOT NULL")
    match = "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?"
    assert [r[0] for r in conn.execute(match, ('tasks : "卫生 生局"',))] == [1]
    plan = " ".join(r[3] for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT raw FROM metrics WHERE task_id = 5"))  # fmt: skip
    assert "metrics_task" in plan


def test_store_refuses_an_archive_of_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    conn = store.connect(path)
    conn.execute(f"PRAGMA user_version={store.SCHEMA_VERSION + 1}")
    conn.close()
    for readonly in (False, True):
        with pytest.raises(store.StoreError, match="newer than this fangan"):
            store.connect(path, readonly=readonly)


def test_store_replacing_a_record_leaves_no_stale_index_tokens(conn: sqlite3.Connection) -> None:
    """A contentless FTS delete must repeat the exact tokens: after a record is replaced,
    the index vocabulary is exactly the new record's (columns, facets, tiers, tasks)."""
    old = sample_record(text=TEXT + "\n开展健康教育。" * 5)
    write(conn, old)
    new = replace(old, text="全新的巩固文明城市成果方案", title="巩固方案", sections=(), goals=())
    write(conn, new)
    for table in ("documents_fts", "tasks_fts"):
        conn.execute(f"CREATE VIRTUAL TABLE temp.v_{table} USING fts5vocab(main, {table}, row)")
    prepared = store.prepare_document(new.to_dict())
    expected = set(" ".join([*prepared["fts"], prepared["doc_facets"]]).split())
    assert {r[0] for r in conn.execute("SELECT term FROM temp.v_documents_fts")} == expected
    task_tokens = {
        tok
        for t in prepared["tasks"]
        for tok in f"{t[9]} {store.task_facets(prepared['facets'], t[9])}".split()
    }
    assert {r[0] for r in conn.execute("SELECT term FROM temp.v_tasks_fts")} == task_tokens


def test_store_bulk_writes_leaves_an_error_inside_a_transaction_to_the_caller(
    tmp_path: Path,
) -> None:
    conn = store.connect(tmp_path / "a.db")
    insert = "INSERT INTO files VALUES ('abc', 'a.txt', 1, NULL, 'txt', 'utf-8', 0, 'v', 't')"

    def import_twice() -> None:
        with store.bulk_writes(conn):
            checkpoint = conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
            assert checkpoint == store.BULK_CHECKPOINT_PAGES
            assert automerge(conn) == [0, 0]  # FTS5's crisis merges only
            conn.execute("BEGIN")
            conn.execute(insert)
            conn.execute(insert)  # the same sha256 again

    with pytest.raises(sqlite3.IntegrityError):
        import_twice()
    # no checkpoint was attempted inside the open transaction: the caller rolls it back
    assert conn.in_transaction
    conn.rollback()
    assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    assert count(conn, "files") == 0
    # the setting is stored in the archive; a later import sets it back at its end
    assert automerge(conn) == [0, 0]
    with store.bulk_writes(conn):
        pass
    assert automerge(conn) == [4, 4]


def test_store_bulk_writes_changes_nothing_when_the_archive_is_locked(tmp_path: Path) -> None:
    conn = store.connect(tmp_path / "a.db")
    conn.execute("PRAGMA busy_timeout=0")  # fail at once instead of after 5 s
    other = sqlite3.connect(tmp_path / "a.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another import is writing
    with pytest.raises(sqlite3.OperationalError, match="locked"), store.bulk_writes(conn):
        pass
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA cache_size").fetchone()[0] == -store.CACHE_KIB
    assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    other.rollback()


def automerge(conn: sqlite3.Connection) -> list[int]:
    sql = "SELECT v FROM {}_config WHERE k='automerge'"
    return [conn.execute(sql.format(t)).fetchone()[0] for t in store.FTS_TABLES]


def test_store_new_archive_has_16_kb_pages_and_an_old_one_keeps_its_own(tmp_path: Path) -> None:
    assert tuple(store.connect(tmp_path / "new.db").execute("PRAGMA page_size").fetchone()) == (
        16384,
    )
    old = sqlite3.connect(tmp_path / "old.db")
    old.execute("CREATE TABLE t (x)")  # a database of SQLite's default 4 KB pages
    old.close()
    conn = store.connect(tmp_path / "old.db")
    assert tuple(conn.execute("PRAGMA page_size").fetchone()) == (4096,)
    assert count(conn, "documents") == 0  # and it was made an archive all the same


class _Spy:
    """Stands in for a connection and records what ``executemany`` was given."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, list[tuple]]] = []

    def executemany(self, sql: str, rows: list[tuple]) -> None:
        self.calls.append((sql, list(rows)))


def test_store_held_task_index_flushes_in_rowid_order() -> None:
    held = store.HeldTaskIndex([(3 << 48, "b", ""), (1 << 48 | 5, "a", ""), (2 << 48, "c", "")])
    spy = _Spy()
    held.flush(spy)  # type: ignore[arg-type]
    assert spy.calls == [
        (store.INSERT_TASK_FTS, [(1 << 48 | 5, "a", ""), (2 << 48, "c", ""), (3 << 48, "b", "")])
    ]
    assert held.rows == []
    held.flush(spy)  # type: ignore[arg-type]
    assert len(spy.calls) == 1  # nothing held: no statement


def test_store_held_task_index_gives_the_same_index(tmp_path: Path) -> None:
    """Held rows (campaigns out of order, one plan replaced within the batch) end up as the
    same task index as rows written one by one."""
    first = sample_record("01" * 32, campaign="sanitary_city")
    other = sample_record("02" * 32, campaign="civilized_city", title="某区创建文明城市实施方案")
    changed = replace(first, text="全新的巩固文明城市成果方案", tasks=first.tasks[1:])
    fresh = store.connect(tmp_path / "fresh.db")
    for rec in (first, other, changed):
        write(fresh, rec)
    conn = store.connect(tmp_path / "a.db")
    held = store.HeldTaskIndex()
    conn.execute("BEGIN")
    for i, rec in enumerate((first, other, changed)):
        row = store.FileRow(f"{i:064d}", f"/in/{i}.txt", 1, 1.0, "txt", "utf-8", 1, "v", "t")
        store.write_file(conn, row, [store.prepare_document(rec.to_dict())], held)
    # replacing first flushed the four held rows, then deleted first's two; changed's waits
    assert count(conn, "tasks_fts") == 2
    assert len(held.rows) == 1
    held.flush(conn)
    conn.execute("COMMIT")
    hits = "SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH ? ORDER BY rowid"
    for query in ('"健康 康教 教育"', '"农贸"', '"市场"', "facets : zcsanitarycity"):
        assert conn.execute(hits, (query,)).fetchall() == fresh.execute(hits, (query,)).fetchall()
    assert len(conn.execute(hits, ('"农贸"',)).fetchall()) == 2  # other's and changed's
    assert len(conn.execute(hits, ('"健康 康教 教育"',)).fetchall()) == 1  # only other's now


def test_store_write_file_drops_the_parts_a_file_no_longer_yields(
    conn: sqlite3.Connection,
) -> None:
    # a re-parse (after an upgrade) reads one plan where it read two: the second goes
    one = sample_record()
    two = sample_record(part=2, title="某市创建国家卫生城市工作总结")
    assert write(conn, one, two) == 2
    assert (count(conn, "documents"), count(conn, "tasks")) == (2, 4)
    assert write(conn, one) == 0  # the first is unchanged and left as it is
    assert [r[0] for r in conn.execute("SELECT id FROM documents")] == [one.id]
    assert [count(conn, t) for t in CHILD_TABLES] == [5, 2, 3, 1, 2, 1, 2]  # one record's
    hits = "SELECT COUNT(*) FROM documents_fts WHERE documents_fts MATCH ?"
    assert conn.execute(hits, ('"总结"',)).fetchone()[0] == 0
    assert count(conn, "tasks_fts") == 2
