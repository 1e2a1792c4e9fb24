"""The archive: one SQLite file (stdlib ``sqlite3``), schema in ``SCHEMA`` below.

Tables are flat and plainly named so the file is pleasant in ``sqlite3``/datasette:
``files`` (one row per distinct input file, keyed by sha256, with provenance),
``documents`` (one row per PlanRecord, ``record_json`` holds the full record minus ``text``,
which is its own column, and minus the section/task/goal texts, which are the ``text``
columns of those tables: ``load_record`` gives back the whole record), ``sections``,
``tasks``, ``task_owners``, ``phases``, ``leaders``, ``goals``, ``metrics``, ``failures``,
and ``os_paths`` (the on-disk bytes of input paths that are not UTF-8, which ``files`` and
``failures`` show decoded: ``pipeline.paths``).
The record's blocks (raw and normalized text, for provenance) sit in
``documents.blocks_json``, ``text`` omitted where it equals ``raw``.

Two contentless FTS5 tables index the bigram segmentation of ``pipeline.segment``, which
makes every token (the ``ascii`` tokenizer only splits on its spaces); their rowids are the
integer keys of the indexed rows. ``documents_fts`` holds each document once,
split into columns: ``title``, ``preamble`` and one per section role, each section's own
text in the column of its role (``fts_columns``), so searching inside one role is a column
filter. ``tasks_fts`` holds the task items. The last column, ``facets``, holds one token
per facet of the row's document (campaign, kind, year; ``facet_token``) so that search
filters inside the index: counting and ranking a filtered query never joins the base
tables row by row. ``PRAGMA user_version`` is the schema version; ``migrate`` upgrades
older archives in place when they are opened, and a newer archive is refused.

Writes happen in the ingest main process only (single writer, WAL). A file's rows are
written in the same transaction as its ``files`` row, so an interrupted import never leaves
half a file behind. The foreign keys are declared for readers and tools; the writer does
not need SQLite to enforce them (``delete_document`` deletes children itself), so ingest
runs without the per-row parent lookups (``bulk_writes``).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

import orjson

from pipeline.dates import first_year
from pipeline.model import CAMPAIGN_TYPES, SECTION_ROLES
from pipeline.segment import index_text

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    sha256      TEXT PRIMARY KEY,
    path        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    mtime       REAL,
    format      TEXT,
    encoding    TEXT,
    documents   INTEGER NOT NULL DEFAULT 0,
    pipeline_version TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS files_path ON files(path);

CREATE TABLE IF NOT EXISTS documents (
    docno         INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    file_sha256   TEXT NOT NULL REFERENCES files(sha256) ON DELETE CASCADE,
    part          INTEGER NOT NULL,
    title         TEXT,
    issuer        TEXT,
    doc_number    TEXT,
    date          TEXT,
    year          INTEGER,
    kind          TEXT NOT NULL,
    campaign_type TEXT NOT NULL,
    script        TEXT NOT NULL,
    source_path   TEXT NOT NULL,
    text          TEXT NOT NULL,
    record_json   TEXT NOT NULL,      -- the record minus text and blocks
    blocks_json   TEXT NOT NULL       -- [{index, kind, level, page, raw, text if != raw}]
);
CREATE INDEX IF NOT EXISTS documents_file ON documents(file_sha256);
CREATE INDEX IF NOT EXISTS documents_campaign ON documents(campaign_type);
CREATE INDEX IF NOT EXISTS documents_kind ON documents(kind);
CREATE INDEX IF NOT EXISTS documents_year ON documents(year);
CREATE INDEX IF NOT EXISTS documents_issuer ON documents(issuer);

CREATE TABLE IF NOT EXISTS sections (
    id       INTEGER PRIMARY KEY,     -- role << 48 | docno << 16 | ordinal: see child_id
    doc_id   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    path     TEXT NOT NULL,           -- ordinal path in the outline: "2", "2.1"
    ordinal  INTEGER NOT NULL,        -- reading order inside the document
    number   TEXT,
    heading  TEXT,
    level    INTEGER,
    role     TEXT NOT NULL,
    text     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sections_doc ON sections(doc_id);

CREATE TABLE IF NOT EXISTS tasks (
    id             INTEGER PRIMARY KEY,  -- campaign << 48 | docno << 16 | ordinal: child_id
    doc_id         TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal        INTEGER NOT NULL,
    number         TEXT,
    grp            TEXT,
    title          TEXT,
    text           TEXT NOT NULL,
    section        TEXT,
    leaders        TEXT NOT NULL,     -- JSON list of persons
    deadline_start TEXT,
    deadline_end   TEXT,
    deadline_raw   TEXT
);
CREATE INDEX IF NOT EXISTS tasks_doc ON tasks(doc_id);

CREATE TABLE IF NOT EXISTS task_owners (
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    name    TEXT NOT NULL,
    role    TEXT NOT NULL             -- lead | cooperate
);
CREATE INDEX IF NOT EXISTS task_owners_task ON task_owners(task_id);
CREATE INDEX IF NOT EXISTS task_owners_name ON task_owners(name);

CREATE TABLE IF NOT EXISTS phases (
    doc_id  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    name    TEXT,
    start   TEXT,
    "end"   TEXT,
    raw     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS phases_doc ON phases(doc_id);

CREATE TABLE IF NOT EXISTS leaders (
    doc_id  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    role    TEXT NOT NULL,
    name    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS leaders_doc ON leaders(doc_id);
CREATE INDEX IF NOT EXISTS leaders_name ON leaders(name);

CREATE TABLE IF NOT EXISTS goals (
    id      INTEGER PRIMARY KEY,
    doc_id  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    text    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS goals_doc ON goals(doc_id);

CREATE TABLE IF NOT EXISTS metrics (
    doc_id  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    task_id INTEGER REFERENCES tasks(id) ON DELETE CASCADE,
    goal_id INTEGER REFERENCES goals(id) ON DELETE CASCADE,
    name    TEXT,
    op      TEXT,
    value   REAL,
    unit    TEXT,
    raw     TEXT NOT NULL
);
-- a metric belongs to a task or to a goal: each index holds only its own rows
CREATE INDEX IF NOT EXISTS metrics_task ON metrics(task_id) WHERE task_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS metrics_goal ON metrics(goal_id) WHERE goal_id IS NOT NULL;

-- input paths whose names are not UTF-8 (GBK names on Linux): files and failures show
-- them decoded (pipeline.paths.display_path); a retry opens the bytes kept here
CREATE TABLE IF NOT EXISTS os_paths (
    path    TEXT PRIMARY KEY,
    os_path BLOB NOT NULL
);

CREATE TABLE IF NOT EXISTS failures (
    path        TEXT PRIMARY KEY,
    sha256      TEXT,
    size        INTEGER,
    reason      TEXT NOT NULL,
    pipeline_version TEXT NOT NULL,
    failed_at   TEXT NOT NULL
);
"""

SCHEMA_VERSION = 3  # PRAGMA user_version; 1 (unset) had a sections_fts table: see migrate
# removed by schema 3, or redefined (the metric ones: SCHEMA creates them again, partial)
DROPPED_INDEXES = ("sections_role", "metrics_doc", "metrics_task", "metrics_goal")
TEXT_COLUMNS = ("title", "preamble", *SECTION_ROLES)  # documents_fts text columns, in order
TASKS_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS tasks_fts USING fts5("
    "seg, facets, content='', tokenize='ascii')"
)
TXT = "CAST(? AS TEXT)"  # a parameter bound as UTF-8 bytes (see to_wire), stored as TEXT
INSERT_TASK_FTS = f"INSERT INTO tasks_fts(rowid, seg, facets) VALUES (?,{TXT},{TXT})"
DELETE_TASK_FTS = "INSERT INTO tasks_fts(tasks_fts, rowid, seg, facets) VALUES('delete',?,?,?)"
STORED_DOC = "docno, id, title, text, campaign_type, kind, year"  # what stored_fts_rows reads
DOCUMENTS_FTS = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5({', '.join(TEXT_COLUMNS)},"
    " facets, content='', tokenize='ascii')"
)
INSERT_DOCUMENT_FTS = (
    f"INSERT INTO documents_fts(rowid, {', '.join(TEXT_COLUMNS)}, facets)"
    f" VALUES (?{f', {TXT}' * (len(TEXT_COLUMNS) + 1)})"
)
DELETE_DOCUMENT_FTS = (
    f"INSERT INTO documents_fts(documents_fts, rowid, {', '.join(TEXT_COLUMNS)}, facets)"
    f" VALUES ('delete', ?{', ?' * (len(TEXT_COLUMNS) + 1)})"
)
TF_TIERS = (4, 8, 16, 32)  # term-frequency tiers of documents: see tier_text
TASK_TF_TIERS = (2, 3, 4)  # ... of tasks (a word of a task's title occurs twice)
MMAP_BYTES = 1 << 30
# The page size of a new archive (SQLite's default is 4 KB). A plan's documents row
# (text, record and blocks JSON: ~30 KB) spans a quarter as many overflow pages, and an
# import's commits write a quarter as many WAL frames (24% more bytes): replaying 9,000
# synthetic files, three alternating runs, 1.61/1.62/1.70 -> 1.45/1.54/1.55 ms of writer
# CPU per file (archive 2% larger). An existing archive keeps its page size.
PAGE_BYTES = 16384
CACHE_KIB = 256 * 1024
# The page cache of a bulk writer (``bulk_writes``). Its reads come through mmap, so the
# cache mostly holds the pages a batch dirties; the 256 MB kept for search cost it ~5% more
# CPU per file (6,000 synthetic files, four alternating runs: 4.63/4.86 against 4.45/4.54 ms).
BULK_CACHE_KIB = 32 * 1024
# WAL pages a bulk writer lets accumulate before checkpointing them into the database
# (SQLite's default is 1,000, 4 MB). Pages an import dirties again and again (index and FTS
# segment pages) are then copied back once per 256 MB instead of once per 4 MB. Importing
# 6,000 synthetic files wrote 23% fewer bytes (4.55 -> 3.48 M blocks) and cost the writer
# 24% less system time (0.66 -> 0.50 ms per file); its instructions are the same.
BULK_CHECKPOINT_PAGES = 65536
# FTS5 merges an index's segments 4 at a time as rows come in (``automerge``, 4 by
# default). A bulk writer turns that off and leaves merging to FTS5's "crisis" merges,
# which merge 16 segments of a level at once: each row is rewritten on half as many levels.
# Replaying 21,000 synthetic files (with 16 KB pages too), two alternating runs:
# 2.12/2.19 -> 1.77/1.74 ms of writer CPU per file; search p95 is unchanged.
FTS_AUTOMERGE = 4
FTS_TABLES = ("documents_fts", "tasks_fts")
MIGRATE_HELD_ROWS = 20_000  # task index rows an upgrade holds (about 20 MB) to sort them
RE_NOT_TOKEN = re.compile(r"[^0-9a-z]")
SECTION_BITS = 16  # row ids of sections and tasks: see child_id
SECTION_MAX = (1 << SECTION_BITS) - 1  # sections / tasks kept per document
GROUP_SHIFT = 48  # docno < 2**32
DOCNO_MASK = (1 << (GROUP_SHIFT - SECTION_BITS)) - 1


def child_id(group: int, docno: int, ordinal: int) -> int:
    """The id of a section or task: ``group << 48 | docno << 16 | ordinal``.

    ``(id >> 16) & DOCNO_MASK`` is the docno, and ``group`` — a section's role, a task's
    campaign (``group_code``) — makes the rows of one group a rowid range: a task search
    of one campaign makes FTS5 seek to it instead of filtering every posting of a common
    bigram by a facet token.
    """
    return (group << GROUP_SHIFT) | (docno << SECTION_BITS) | min(ordinal, SECTION_MAX)


def group_code(value: str | None, choices: tuple[str, ...]) -> int:
    """1 + index of a role/campaign in its model tuple (0 when unknown)."""
    return choices.index(value) + 1 if value in choices else 0


def group_range(code: int) -> tuple[int, int]:
    """Lowest and highest id of a group (see child_id)."""
    return code << GROUP_SHIFT, ((code + 1) << GROUP_SHIFT) - 1


def facet_token(kind: str, value: object) -> str:
    """The index token of one facet value: ``("c", "civilized_city")`` → ``zccivilizedcity``.

    Lower-case ASCII letters and digits only, so it stays one token and it can
    never collide with a text token (those live in the other column anyway).
    """
    return f"z{kind}{RE_NOT_TOKEN.sub('', str(value).lower())}"


def tier_token(tier: int, token: str) -> str:
    """The token saying "``token`` occurs at least ``tier`` times in this document"."""
    return f"t{tier}x{token}"


def tier_text(columns: tuple[str, ...], tiers: tuple[int, ...] = TF_TIERS) -> str:
    """Tier tokens of an FTS row's indexed columns, for its facets column.

    A token occurring at least T times gets a tier token for every tier T it reaches:
    ``创建`` 9 times → ``t4x创建 t8x创建``. Search uses them to find, among thousands of
    matches of a common word, the rows that use it most (``search.tier_clauses``): one
    token per tier keeps each tier a plain AND of short posting lists.
    """
    counts = Counter(" ".join(columns).split())  # one C-level pass, not a generator
    return " ".join(
        tier_token(t, tok) for tok, n in counts.items() if n >= tiers[0] for t in tiers
        if n >= t
    )  # fmt: skip


def document_facets(facets: str, columns: tuple[str, ...]) -> str:
    """The ``facets`` column of a ``documents_fts`` row: facet tokens, then tier tokens."""
    return " ".join(filter(None, (facets, tier_text(columns))))


def task_facets(facets: str, seg: str) -> str:
    """The ``facets`` column of a ``tasks_fts`` row: its document's facets, its tiers."""
    return " ".join(filter(None, (facets, tier_text((seg,), TASK_TF_TIERS))))


def facet_text(campaign: str, kind: str, year: int | None) -> str:
    """The facet tokens of an FTS row: its document's campaign, kind and year."""
    tokens = [facet_token("c", campaign), facet_token("k", kind)]
    if year is not None:
        tokens.append(facet_token("y", year))
    return " ".join(tokens)


class StoreError(RuntimeError):
    """An archive we cannot use as it is; the message is one line for the user."""


UpgradeFn = Callable[[int, int], None]  # (old schema, documents to re-index): see migrate


def connect(
    path: str | Path, *, readonly: bool = False, on_upgrade: UpgradeFn | None = None
) -> sqlite3.Connection:
    """Open (creating or upgrading if needed) an archive; WAL, foreign keys on.

    ``on_upgrade`` is told before an older archive is upgraded, which takes a while (47 s
    for 20,000 plans): the CLI says so instead of pausing silently.
    """
    if readonly:
        uri = f"file:{Path(path).resolve()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True)
        conn.row_factory = sqlite3.Row
        if _version(conn, path) < SCHEMA_VERSION:
            raise StoreError(f"{path}: archive of an older schema; open it once read-write")
    else:
        conn = sqlite3.connect(str(path), isolation_level=None)  # explicit BEGIN/COMMIT
        conn.execute(f"PRAGMA page_size={PAGE_BYTES}")  # no-op unless the file is new
        _version(conn, path)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.row_factory = sqlite3.Row
        migrate(conn, on_upgrade)
        conn.executescript(SCHEMA)
        conn.execute(DOCUMENTS_FTS)
        conn.execute(TASKS_FTS)
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    conn.execute("PRAGMA foreign_keys=ON")
    # reads of big FTS posting lists: map the file, keep a large page cache (~256 MB)
    conn.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    return conn


def _version(conn: sqlite3.Connection, path: str | Path) -> int:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        conn.close()
        raise StoreError(
            f"{path}: archive of schema {version}, newer than this fangan knows"
            f" ({SCHEMA_VERSION}): upgrade fangan"
        )
    return version


def migrate(conn: sqlite3.Connection, on_upgrade: UpgradeFn | None = None) -> bool:
    """Upgrade an archive of schema 1 or 2 in place; True when it did.

    * 1 → 2: schema 1 indexed documents (one ``seg`` column) and, again, every section in a
      ``sections_fts`` table; schema 2 indexes each character once, in the
      ``documents_fts`` column of its section's role, and adds tier tokens to both indexes.
    * 2 → 3: the FTS tables use the ``ascii`` tokenizer (``pipeline.segment`` makes the
      tokens); ``sections_role`` and ``metrics_doc`` are gone (nothing reads by them) and
      the metric indexes are partial.

    The rows are unchanged, so both indexes are rebuilt from them in one transaction (an
    interrupted upgrade leaves the old schema, and runs again next time); ``connect``
    creates the new indexes.
    """
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version >= SCHEMA_VERSION:
        return False
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name='documents'").fetchone() is None:
        return False  # a new archive
    conn.execute("BEGIN IMMEDIATE")
    if on_upgrade is not None:  # schema 1 left user_version unset
        on_upgrade(version or 1, int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]))
    for table in ("sections_fts", "documents_fts", "tasks_fts"):
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    for index in DROPPED_INDEXES:
        conn.execute(f"DROP INDEX IF EXISTS {index}")
    conn.execute(TASKS_FTS)
    conn.execute(DOCUMENTS_FTS)
    # streamed, not fetched whole: the documents table is only read here
    held = HeldTaskIndex()  # task rows in rowid order, a few thousand at a time
    for doc in conn.execute(f"SELECT {STORED_DOC} FROM documents ORDER BY docno"):
        doc_row, task_rows = stored_fts_rows(conn, doc)
        conn.execute(INSERT_DOCUMENT_FTS, doc_row)
        held.rows.extend(task_rows)
        if len(held.rows) >= MIGRATE_HELD_ROWS:
            held.flush(conn)
    held.flush(conn)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    conn.execute("COMMIT")
    return True


@contextmanager
def bulk_writes(conn: sqlite3.Connection) -> Iterator[None]:
    """The single writer's settings for an import, restored afterwards (call outside a
    transaction: SQLite ignores these pragmas inside one).

    * No foreign-key enforcement: each child row would cost a lookup of its parent (4% of
      the writer's instructions); ``write_file`` inserts parents first and
      ``delete_document`` deletes children itself. Tests check the keys after imports.
    * A page cache of ``BULK_CACHE_KIB`` instead of search's ``CACHE_KIB``.
    * No incremental FTS5 merges (``FTS_AUTOMERGE``): only FTS5's 16-at-once ones.
    * WAL checkpoints every ``BULK_CHECKPOINT_PAGES`` pages; at the end a last checkpoint
      empties the WAL, so the archive is left as compact as before (a ``kill -9`` leaves
      at most that much WAL, which the next open recovers; a search holding a read open
      makes it wait the busy timeout, 5 s, and leave the rest to a later checkpoint).
    """
    set_fts_automerge(conn, 0)  # first: a write, which may fail (locked) with nothing set
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    (pages,) = conn.execute("PRAGMA wal_autocheckpoint").fetchone()
    conn.execute(f"PRAGMA wal_autocheckpoint={BULK_CHECKPOINT_PAGES}")
    try:
        yield
    finally:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        conn.execute(f"PRAGMA wal_autocheckpoint={pages}")
        if not conn.in_transaction:  # after a failed commit, leave the error to the caller
            set_fts_automerge(conn, FTS_AUTOMERGE)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def set_fts_automerge(conn: sqlite3.Connection, segments: int) -> None:
    """Set ``automerge`` of both FTS5 indexes (stored in the archive: a killed import
    leaves 0, which the next one's end sets back; searches do not read it)."""
    for table in FTS_TABLES:
        conn.execute(f"INSERT INTO {table}({table}, rank) VALUES('automerge', ?)", (segments,))


# --------------------------------------------------------------------------- prepared rows
@dataclass(frozen=True, slots=True)
class FileRow:
    """Provenance of one input file."""

    sha256: str
    path: str
    size: int
    mtime: float | None
    format: str | None
    encoding: str | None
    documents: int
    pipeline_version: str
    imported_at: str


DOC_COLUMNS = (
    "id", "part", "title", "issuer", "doc_number", "date", "year", "kind", "campaign_type",
    "script", "source_path", "text", "record_json", "blocks_json",
)  # fmt: skip
DOC_SAME = (DOC_COLUMNS.index("text"), DOC_COLUMNS.index("record_json"),
            DOC_COLUMNS.index("blocks_json"))  # fmt: skip  # equal → the same record
INSERT_DOCUMENT = (
    f"INSERT INTO documents (file_sha256, {', '.join(DOC_COLUMNS)}) VALUES (?"
    + "".join(f", {TXT}" if i in DOC_SAME else ", ?" for i in range(len(DOC_COLUMNS)))
    + ")"
)
INSERT_METRIC = "INSERT INTO metrics VALUES (?,?,?,?,?,?,?,?)"  # a task's or a goal's
TASK_WIRE = (3, 9, 12)  # text, index tokens, FTS facets of a prepared task row: see to_wire


def prepare_document(record: dict[str, Any]) -> dict[str, Any]:
    """Everything the writer needs for one record as plain rows, computed in a worker.

    The writer does no text processing and gets only what it writes: the ``documents``
    row, the FTS column strings (``TEXT_COLUMNS``) and the child rows (ids are completed
    with the document's ``docno`` when it is written: see ``child_id``).
    """
    year = record_year(record)
    campaign = record.get("campaign_type") or "other"
    kind = record.get("kind") or "other"
    every = list(_flatten_sections(record.get("sections") or []))
    tasks, goals = record.get("tasks") or [], record.get("goals") or []
    cap = SECTION_MAX + 1  # rows kept per document and table
    flat = every[:cap]
    # texts move to the tables' own columns only when every item has its row
    slim = max(len(every), len(tasks), len(goals)) <= cap
    flat_rows = [(path, s.get("role") or "other", s.get("text") or "") for path, s in flat]
    facets = facet_text(campaign, kind, year)
    columns = fts_columns(record.get("title"), record["text"], flat_rows)
    return {
        "id": record["id"],
        "doc": _document_row(record, year, kind, campaign, slim),
        "facets": facets,
        "fts": columns,
        "doc_facets": document_facets(facets, columns),
        "sections": _section_rows(flat, flat_rows),
        "tasks": [_task_row(t, facets) for t in tasks[:cap]],
        "task_group": group_code(record.get("campaign_type"), CAMPAIGN_TYPES),
        "phases": [
            (i, p.get("name"), p.get("start"), p.get("end"), p.get("raw") or "")
            for i, p in enumerate(record.get("phases") or [])
        ],
        "leaders": [
            (i, x.get("role") or "", x.get("name") or "")
            for i, x in enumerate(record.get("leaders") or [])
        ],
        "goals": [(g["text"], _metric_rows(g.get("metrics") or [])) for g in goals[:cap]],
    }


def to_wire(p: dict[str, Any]) -> dict[str, Any]:
    """``p`` with its large texts as UTF-8 bytes, for the trip from a worker to the writer.

    Pickle sends a ``str`` as UTF-8: the single writer would decode every text only for
    sqlite3 to encode it again when binding it (measured on 300 synthetic files: unpickling
    0.18 → 0.07 ms and writing 12.3 → 12.0 M instructions per file). Bytes cross as they
    are, and the INSERTs keep them TEXT (``CAST(? AS TEXT)``, a no-op for a ``str``, so
    ``write_file`` takes either form).
    """
    doc = list(p["doc"])
    for i in DOC_SAME:
        doc[i] = _utf8(doc[i])
    tasks = [list(t) for t in p["tasks"]]
    for t in tasks:
        for i in TASK_WIRE:
            t[i] = _utf8(t[i])
    return {
        **p,
        "doc": tuple(doc),
        "fts": tuple(map(_utf8, p["fts"])),
        "doc_facets": _utf8(p["doc_facets"]),
        "sections": [(*s[:-1], _utf8(s[-1])) for s in p["sections"]],
        "tasks": [tuple(t) for t in tasks],
        "goals": [(_utf8(text), metrics) for text, metrics in p["goals"]],
    }


def _utf8(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode()


def _section_rows(
    flat: list[tuple[str, dict[str, Any]]], flat_rows: list[tuple[str, str, str]]
) -> list[tuple[Any, ...]]:
    """``sections`` rows without their id: (role code, path, number, heading, level, ...)."""
    return [
        (group_code(role, SECTION_ROLES), path, s.get("number"), s.get("heading"),
         s.get("level"), role, text)
        for (path, s), (_, role, text) in zip(flat, flat_rows, strict=True)
    ]  # fmt: skip


def _document_row(
    record: dict[str, Any], year: int | None, kind: str, campaign: str, slim: bool
) -> tuple[Any, ...]:
    """The ``documents`` row in ``DOC_COLUMNS`` order."""
    src = record.get("source") or {}
    return (
        record["id"], src.get("part", 1), record.get("title"), record.get("issuer"),
        record.get("doc_number"), record.get("date"), year, kind, campaign,
        record.get("script") or "simplified", src.get("path", ""), record["text"],
        _record_json(record, slim=slim), _blocks_json(record.get("blocks") or []),
    )  # fmt: skip


def _task_row(t: dict[str, Any], facets: str) -> tuple[Any, ...]:
    """A ``tasks`` row without ids, then its index tokens, owners, metrics, FTS facets."""
    dl = t.get("deadline") or {}
    seg = task_seg(t.get("group"), t.get("title"), t.get("text"))
    owners = [(o["name"], o.get("role") or "lead") for o in _owners(t)]
    return (
        t.get("number"), t.get("group"), t.get("title"), t.get("text") or "", t.get("section"),
        json.dumps(t["leaders"], ensure_ascii=False) if t.get("leaders") else "[]",
        dl.get("start"), dl.get("end"), dl.get("raw"),
        seg, owners, _metric_rows(t.get("metrics") or []), task_facets(facets, seg),
    )  # fmt: skip


def task_seg(group: str | None, title: str | None, text: str | None) -> str:
    """The index tokens of a task: its group heading, title and text."""
    return index_text(f"{group or ''} {title or ''} {text or ''}")


def _metric_rows(metrics: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(m.get("name"), m.get("op"), m.get("value"), m.get("unit"), m.get("raw") or "")
            for m in metrics]  # fmt: skip


def _flatten_sections(
    sections: list[dict[str, Any]], prefix: str = ""
) -> Iterator[tuple[str, dict[str, Any]]]:
    for i, s in enumerate(sections, 1):
        path = f"{prefix}{i}"
        yield path, s
        yield from _flatten_sections(s.get("children") or [], f"{path}.")


def record_year(rec: dict[str, Any]) -> int | None:
    """The year a plan belongs to: its signing date's, else the first year in its title."""
    return first_year(rec.get("date"), rec.get("title"))


# --------------------------------------------------------------------------- index columns
def own_text(text: str, children: list[str]) -> str:
    """``text`` without its children's texts (each cut where it next occurs, in order).

    A section's text holds its subsections' texts; indexing each section's own part once
    (under its role, see ``fts_columns``) indexes every character of a document once.
    """
    parts: list[str] = []
    pos = 0
    for child in children:
        i = text.find(child, pos) if child else -1
        if i < 0:
            continue
        parts.append(text[pos:i])
        pos = i + len(child)
    parts.append(text[pos:])
    return "\n".join(p for p in parts if p.strip())


def fts_columns(title: str | None, text: str, flat: list[tuple[str, str, str]]) -> tuple[str, ...]:
    """The ``documents_fts`` column strings (``TEXT_COLUMNS`` order) of one document.

    ``flat`` is its sections as ``(path, role, text)`` in reading order. Text outside any
    section goes to ``preamble``; a section's own text to the column of its role, where a
    section of role ``other`` inside a ``tasks`` section (一、主要任务 → (一)…) counts as
    ``tasks``. The same function serves insert and delete (contentless FTS needs both).
    """
    children: dict[str, list[str]] = {}
    for path, _, body in flat:
        children.setdefault(path.rpartition(".")[0], []).append(body)
    parts: dict[str, list[str]] = {c: [] for c in TEXT_COLUMNS}
    parts["title"].append(title or "")
    parts["preamble"].append(own_text(text, children.get("", [])))
    for path, area, body in section_areas(flat):
        parts[area].append(own_text(body, children.get(path, [])))
    return tuple(index_text("\n".join(parts[c])) for c in TEXT_COLUMNS)


def section_areas(rows: Iterable[tuple[str, str, str]]) -> Iterator[tuple[str, str, str]]:
    """``(path, area, text)`` for section rows ``(path, role, text)`` in reading order: the
    column a section's text is indexed in, so searched under (``effective_role``)."""
    areas: dict[str, str] = {}
    for path, role, text in rows:
        area = areas[path] = effective_role(role, areas.get(path.rpartition(".")[0]))
        yield path, area, text


def effective_role(role: str, parent: str | None) -> str:
    """A section's search area: its role, or its parent's area when its role is ``other``."""
    if role != "other" and role in SECTION_ROLES:
        return role
    return parent or "other"


# --------------------------------------------------------------------------- writes
def file_known(conn: sqlite3.Connection, sha256: str) -> bool:
    return conn.execute("SELECT 1 FROM files WHERE sha256=?", (sha256,)).fetchone() is not None


def path_known(conn: sqlite3.Connection, path: str, size: int, mtime: float) -> bool:
    """Fast path for re-runs: same path, size and mtime as an imported file."""
    row = conn.execute(
        "SELECT 1 FROM files WHERE path=? AND size=? AND mtime=?", (path, size, mtime)
    ).fetchone()
    return row is not None


@dataclass
class HeldTaskIndex:
    """``tasks_fts`` rows held back by a bulk writer and inserted in rowid order.

    FTS5 writes its in-memory index out as a new segment whenever a row's id is below the
    previous row's. A task's id leads with its plan's campaign (``child_id``), so plans
    written as they arrive flushed at about every other plan, and the small segments were
    merged again later. ``flush`` before each commit; ``write_file`` flushes before it
    deletes a replaced document's rows.
    """

    rows: list[tuple[int, Any, Any]] = field(default_factory=list)

    def flush(self, conn: sqlite3.Connection) -> None:
        if self.rows:
            self.rows.sort(key=itemgetter(0))
            conn.executemany(INSERT_TASK_FTS, self.rows)
            self.rows.clear()


def write_file(
    conn: sqlite3.Connection,
    row: FileRow,
    docs: Iterable[dict[str, Any]],
    held: HeldTaskIndex | None = None,
) -> int:
    """Write one file's provenance and its prepared documents; returns documents written.

    Call inside a transaction. Upserts: a document whose id exists with the same record
    is left alone; a changed one is replaced with its children, and one the file no longer
    yields (a re-parse that splits a compilation into fewer plans) is deleted. With
    ``held``, the task index rows wait there for ``held.flush`` (before the commit).
    """
    docs = list(docs)
    conn.execute(
        "INSERT INTO files VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(sha256) DO UPDATE SET "
        "path=excluded.path, size=excluded.size, mtime=excluded.mtime, format=excluded.format,"
        " encoding=excluded.encoding, documents=excluded.documents,"
        " pipeline_version=excluded.pipeline_version, imported_at=excluded.imported_at",
        (
            row.sha256,
            row.path,
            row.size,
            row.mtime,
            row.format,
            row.encoding,
            row.documents,
            row.pipeline_version,
            row.imported_at,
        ),
    )
    _drop_stale_documents(conn, row.sha256, {d["id"] for d in docs}, held)
    return sum(_write_document(conn, row.sha256, d, held) for d in docs)


def _drop_stale_documents(
    conn: sqlite3.Connection, file_sha: str, keep: set[str], held: HeldTaskIndex | None
) -> None:
    rows = conn.execute("SELECT id FROM documents WHERE file_sha256=?", (file_sha,))
    stale = [doc_id for (doc_id,) in rows if doc_id not in keep]
    if stale and held is not None:  # the rows to delete may still be held
        held.flush(conn)
    for doc_id in stale:
        delete_document(conn, doc_id)


def _record_json(rec: dict[str, Any], *, slim: bool) -> bytes:
    """The record without ``text`` and ``blocks`` (own columns) and prepared keys, as
    compact UTF-8 JSON (orjson: the same bytes as ``json.dumps`` with ``ensure_ascii=False``
    and no spaces, 5× faster).

    With ``slim``, the texts of sections, tasks and goals are null: they are the ``text``
    columns of their tables, and ``load_record`` puts them back (a section's text holds its
    subsections', so keeping them here would store a document three times over).
    """
    skip = {"text", "blocks"}
    body = {k: v for k, v in rec.items() if k not in skip and not k.startswith("_")}
    if slim:
        body["sections"] = [_without_text(s) for s in body.get("sections") or []]
        for key in ("tasks", "goals"):
            body[key] = [{**x, "text": None} for x in body.get(key) or []]
    return orjson.dumps(body)


def _without_text(s: dict[str, Any]) -> dict[str, Any]:
    return {**s, "text": None, "children": [_without_text(c) for c in s.get("children") or []]}


def _write_document(
    conn: sqlite3.Connection, file_sha: str, p: dict[str, Any], held: HeldTaskIndex | None
) -> int:
    doc_id = p["id"]
    sql = "SELECT CAST(text AS BLOB), CAST(record_json AS BLOB), CAST(blocks_json AS BLOB)"
    old = conn.execute(f"{sql} FROM documents WHERE id=?", (doc_id,)).fetchone()
    if old is not None:
        if tuple(old) == tuple(_utf8(p["doc"][i]) for i in DOC_SAME):
            return 0
        if held is not None:  # the rows to delete may still be held
            held.flush(conn)
        delete_document(conn, doc_id)
    cur = conn.execute(INSERT_DOCUMENT, (file_sha, *p["doc"]))
    docno = cur.lastrowid or 0
    conn.execute(INSERT_DOCUMENT_FTS, (docno, *p["fts"], p["doc_facets"]))
    conn.executemany(
        "INSERT INTO sections (id, doc_id, path, ordinal, number, heading, level, role, text)"
        f" VALUES (?,?,?,?,?,?,?,?,{TXT})",
        [(child_id(g, docno, i), doc_id, path, i, *rest)
         for i, (g, path, *rest) in enumerate(p["sections"])],
    )  # fmt: skip
    _write_tasks(conn, doc_id, docno, p, held)
    conn.executemany("INSERT INTO phases VALUES (?,?,?,?,?,?)", [(doc_id, *r) for r in p["phases"]])
    conn.executemany("INSERT INTO leaders VALUES (?,?,?,?)", [(doc_id, *r) for r in p["leaders"]])
    goals = [(child_id(0, docno, i), doc_id, i, text) for i, (text, _) in enumerate(p["goals"])]
    conn.executemany(f"INSERT INTO goals (id, doc_id, ordinal, text) VALUES (?,?,?,{TXT})", goals)
    metrics = [
        (doc_id, None, gid, *m)
        for (gid, *_), (_, ms) in zip(goals, p["goals"], strict=True)
        for m in ms
    ]
    conn.executemany(INSERT_METRIC, metrics)
    return 1


def _write_tasks(
    conn: sqlite3.Connection,
    doc_id: str,
    docno: int,
    p: dict[str, Any],
    held: HeldTaskIndex | None,
) -> None:
    ids = [child_id(p["task_group"], docno, i) for i in range(len(p["tasks"]))]
    conn.executemany(
        "INSERT INTO tasks (id, doc_id, ordinal, number, grp, title, text, section, leaders,"
        f" deadline_start, deadline_end, deadline_raw) VALUES (?,?,?,?,?,?,{TXT},?,?,?,?,?)",
        [(tid, doc_id, i, *t[:9]) for i, (tid, t) in enumerate(zip(ids, p["tasks"], strict=True))],
    )
    index_rows = [(tid, t[9], t[12]) for tid, t in zip(ids, p["tasks"], strict=True)]
    if held is None:
        conn.executemany(INSERT_TASK_FTS, index_rows)
    else:
        held.rows.extend(index_rows)
    conn.executemany(
        "INSERT INTO task_owners VALUES (?,?,?,?)",
        [(tid, j, *o) for tid, t in zip(ids, p["tasks"], strict=True) for j, o in enumerate(t[10])],
    )
    conn.executemany(
        INSERT_METRIC,
        [(doc_id, tid, None, *m) for tid, t in zip(ids, p["tasks"], strict=True) for m in t[11]],
    )


def _owners(t: dict[str, Any]) -> list[dict[str, Any]]:
    """Owners with roles (``owner_roles``), else the plain ``owners`` names as leads."""
    if t.get("owner_roles"):
        return list(t["owner_roles"])
    return [{"name": n, "role": "lead"} for n in t.get("owners") or []]


def _blocks_json(blocks: list[dict[str, Any]]) -> bytes:
    slim = [{k: v for k, v in b.items() if k != "text" or v != b.get("raw")} for b in blocks]
    return orjson.dumps(slim)


def _load_blocks(data: str) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = orjson.loads(data)
    for b in blocks:
        b.setdefault("text", b.get("raw"))
    return blocks


def stored_fts_rows(
    conn: sqlite3.Connection, doc: sqlite3.Row
) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
    """The ``documents_fts`` row and the ``tasks_fts`` rows of a stored document (a row of
    ``STORED_DOC``), recomputed from its stored rows exactly as ``prepare_document`` made
    them: a contentless FTS table deletes only when given the same tokens again."""
    sections = conn.execute(
        "SELECT path, role, text FROM sections WHERE doc_id=? ORDER BY ordinal", (doc["id"],)
    )
    columns = fts_columns(doc["title"], doc["text"], [tuple(r) for r in sections])
    facets = facet_text(doc["campaign_type"], doc["kind"], doc["year"])
    tasks = conn.execute("SELECT id, grp, title, text FROM tasks WHERE doc_id=?", (doc["id"],))
    segs = [(r["id"], task_seg(r["grp"], r["title"], r["text"])) for r in tasks]
    return (
        (doc["docno"], *columns, document_facets(facets, columns)),
        [(tid, seg, task_facets(facets, seg)) for tid, seg in segs],
    )


DELETE_CHILDREN = (
    "DELETE FROM metrics WHERE task_id IN (SELECT id FROM tasks WHERE doc_id=?)",
    "DELETE FROM metrics WHERE goal_id IN (SELECT id FROM goals WHERE doc_id=?)",
    "DELETE FROM task_owners WHERE task_id IN (SELECT id FROM tasks WHERE doc_id=?)",
    *(f"DELETE FROM {t} WHERE doc_id=?" for t in ("tasks", "goals", "sections", "phases",
                                                  "leaders")),
)  # fmt: skip


def delete_document(conn: sqlite3.Connection, doc_id: str) -> None:
    """Remove a document, its children and its FTS entries (tokens recomputed from rows)."""
    doc = conn.execute(f"SELECT {STORED_DOC} FROM documents WHERE id=?", (doc_id,)).fetchone()
    if doc is None:
        return
    doc_row, task_rows = stored_fts_rows(conn, doc)
    conn.execute(DELETE_DOCUMENT_FTS, doc_row)
    conn.executemany(DELETE_TASK_FTS, task_rows)
    # children first, by hand: the writer may run without foreign-key enforcement, so no
    # ON DELETE CASCADE (with it on, the cascades find nothing left to delete)
    for sql in DELETE_CHILDREN:
        conn.execute(sql, (doc_id,))
    conn.execute("DELETE FROM documents WHERE id=?", (doc_id,))


# --------------------------------------------------------------------------- failures
def record_failure(
    conn: sqlite3.Connection, path: str, sha256: str | None, size: int | None, reason: str,
    version: str, when: str,
) -> None:  # fmt: skip
    conn.execute(
        "INSERT INTO failures VALUES (?,?,?,?,?,?) ON CONFLICT(path) DO UPDATE SET "
        "sha256=excluded.sha256, size=excluded.size, reason=excluded.reason,"
        " pipeline_version=excluded.pipeline_version, failed_at=excluded.failed_at",
        (path, sha256, size, reason, version, when),
    )


def clear_failure(conn: sqlite3.Connection, path: str) -> None:
    # the file itself and its zip members ("a.zip!x.txt"): a key range, so the primary key
    # index answers it (a LIKE or substr() scanned the table once per imported file)
    conn.execute("DELETE FROM failures WHERE path=?", (path,))
    conn.execute("DELETE FROM failures WHERE path >= ? AND path < ?", (f"{path}!", f'{path}"'))


def remember_os_path(conn: sqlite3.Connection, path: str, os_path: bytes) -> None:
    """Keep the on-disk bytes of an input ``path`` shown decoded (see ``pipeline.paths``)."""
    conn.execute("INSERT OR REPLACE INTO os_paths VALUES (?,?)", (path, os_path))


def os_path_of(conn: sqlite3.Connection, path: str) -> str:
    """The path that opens the input shown as ``path`` (``os.fsdecode`` of its bytes)."""
    row = conn.execute("SELECT os_path FROM os_paths WHERE path=?", (path,)).fetchone()
    return os.fsdecode(row[0]) if row is not None else path


def list_failures(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute("SELECT * FROM failures ORDER BY failed_at, path")
    return [dict(r) for r in rows]


# --------------------------------------------------------------------------- reads
def doc_ids_named(conn: sqlite3.Connection, given: str, most: int = 5) -> list[str]:
    """The plan ``given`` names: its id, else the ids it is a prefix of (at most ``most``)."""
    if not given or conn.execute("SELECT 1 FROM documents WHERE id=?", (given,)).fetchone():
        return [given] if given else []
    rows = conn.execute(  # a key range: the id index answers it
        "SELECT id FROM documents WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
        (given, given + "\uffff", most),
    )
    return [r[0] for r in rows]


def load_record(conn: sqlite3.Connection, doc_id: str) -> dict[str, Any] | None:
    """The stored record as ``PlanRecord.to_dict()`` gave it (``None`` when absent)."""
    sql = "SELECT text, record_json, blocks_json FROM documents WHERE id=?"
    row = conn.execute(sql, (doc_id,)).fetchone()
    if row is None:
        return None
    rec: dict[str, Any] = orjson.loads(row["record_json"])
    rec["text"] = row["text"]
    rec["blocks"] = _load_blocks(row["blocks_json"])
    _restore_texts(conn, doc_id, rec)
    return rec


def _restore_texts(conn: sqlite3.Connection, doc_id: str, rec: dict[str, Any]) -> None:
    """Fill in the section, task and goal texts a slim ``record_json`` holds as null."""
    for table, items in (
        ("sections", [s for _, s in _flatten_sections(rec.get("sections") or [])]),
        ("tasks", rec.get("tasks") or []),
        ("goals", rec.get("goals") or []),
    ):
        if all(x.get("text") is not None for x in items):
            continue
        sql = f"SELECT text FROM {table} WHERE doc_id=? ORDER BY ordinal"
        for x, (text,) in zip(items, conn.execute(sql, (doc_id,)), strict=True):
            x["text"] = text


def stats(conn: sqlite3.Connection) -> dict[str, Any]:
    """Counts of files, documents, tasks, failures; documents per facet, files per format
    and encoding, failures per reason (its words before any ":" detail)."""

    def by(col: str, table: str = "documents") -> dict[str, int]:
        q = f"SELECT {col} AS k, COUNT(*) AS n FROM {table} GROUP BY k ORDER BY n DESC, k"
        return {str(r["k"]) if r["k"] is not None else "": r["n"] for r in conn.execute(q)}

    def count(table: str) -> int:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    return {
        "files": count("files"),
        "documents": count("documents"),
        "tasks": count("tasks"),
        "failures": count("failures"),
        "campaign_type": by("campaign_type"),
        "kind": by("kind"),
        "year": by("year"),
        "issuer": by("issuer"),
        "script": by("script"),
        "format": by("format", "files"),
        "encoding": by("encoding", "files"),
        "failure": by(FAILURE_KIND, "failures"),
    }


# a failure's kind: its reason up to the first ": " ("corrupt PDF: Failed to load…" →
# "corrupt PDF"), so the counts group like reasons
FAILURE_KIND = (
    "CASE WHEN instr(reason, ': ') THEN substr(reason, 1, instr(reason, ': ') - 1) ELSE reason END"
)
