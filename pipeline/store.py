"""The archive: one SQLite file (stdlib ``sqlite3``), schema in ``SCHEMA`` below.

Tables are flat and plainly named so the file is pleasant in ``sqlite3``/datasette:
``files`` (one row per distinct input file, keyed by sha256, with provenance),
``documents`` (one row per PlanRecord, ``record_json`` holds the full record minus ``text``,
which is its own column), ``sections``, ``tasks``, ``task_owners``, ``phases``, ``leaders``,
``goals``, ``metrics``, ``failures``. The record's blocks (raw and normalized text, for
provenance) sit in ``documents.blocks_json``, ``text`` omitted where it equals ``raw``.
Three contentless FTS5 tables index the bigram segmentation of ``pipeline.segment``
(documents, sections, tasks); their rowids are the integer keys of the indexed rows. Their
second column ``facets`` holds one token per facet of the row's document (campaign, kind,
year; a section's role too, see ``facet_token``) so that search filters inside the index:
counting and ranking a filtered query never joins the base tables row by row.

Writes happen in the ingest main process only (single writer, WAL). A file's rows are
written in the same transaction as its ``files`` row, so an interrupted import never leaves
half a file behind.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
CREATE INDEX IF NOT EXISTS sections_role ON sections(role);

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
CREATE INDEX IF NOT EXISTS metrics_doc ON metrics(doc_id);
CREATE INDEX IF NOT EXISTS metrics_task ON metrics(task_id);
CREATE INDEX IF NOT EXISTS metrics_goal ON metrics(goal_id);

CREATE TABLE IF NOT EXISTS failures (
    path        TEXT PRIMARY KEY,
    sha256      TEXT,
    size        INTEGER,
    reason      TEXT NOT NULL,
    pipeline_version TEXT NOT NULL,
    failed_at   TEXT NOT NULL
);

CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(
    seg, facets, content='', tokenize='unicode61'
);
CREATE VIRTUAL TABLE IF NOT EXISTS sections_fts USING fts5(
    seg, facets, content='', tokenize='unicode61'
);
CREATE VIRTUAL TABLE IF NOT EXISTS tasks_fts USING fts5(
    seg, facets, content='', tokenize='unicode61'
);
"""

MMAP_BYTES = 1 << 30
CACHE_KIB = 256 * 1024
RE_NOT_TOKEN = re.compile(r"[^0-9a-z]")
SECTION_BITS = 16  # row ids of sections and tasks: see child_id
SECTION_MAX = (1 << SECTION_BITS) - 1  # sections / tasks kept per document
GROUP_SHIFT = 48  # docno < 2**32
DOCNO_MASK = (1 << (GROUP_SHIFT - SECTION_BITS)) - 1


def child_id(group: int, docno: int, ordinal: int) -> int:
    """The id of a section or task: ``group << 48 | docno << 16 | ordinal``.

    ``(id >> 16) & DOCNO_MASK`` is the docno (search counts matching documents from FTS
    rowids alone), and ``group`` — a section's role, a task's campaign (``group_code``) —
    makes the rows of one group a rowid range: FTS5 seeks to it instead of scanning every
    posting of a common bigram and filtering by a facet token afterwards.
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

    Lower-case ASCII letters and digits only, so unicode61 keeps it as one token and it can
    never collide with a text token (those live in the other column anyway).
    """
    return f"z{kind}{RE_NOT_TOKEN.sub('', str(value).lower())}"


def facet_text(campaign: str, kind: str, year: int | None, role: str | None = None) -> str:
    """The ``facets`` column of an FTS row: its document's facets (and a section's role)."""
    tokens = [facet_token("c", campaign), facet_token("k", kind)]
    if year is not None:
        tokens.append(facet_token("y", year))
    if role is not None:
        tokens.append(facet_token("r", role))
    return " ".join(tokens)


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open (creating if needed) an archive; WAL, foreign keys on."""
    if readonly:
        uri = f"file:{Path(path).resolve()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None)  # explicit BEGIN/COMMIT
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.executescript(SCHEMA)
    conn.execute("PRAGMA foreign_keys=ON")
    # reads of big FTS posting lists: map the file, keep a large page cache (~256 MB)
    conn.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    conn.row_factory = sqlite3.Row
    return conn


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


def prepare_document(record: dict[str, Any]) -> dict[str, Any]:
    """Everything the writer needs for one record, computed where it is cheap (a worker).

    Returns the record plus ``_seg`` (index tokens of the text), and per section/task
    ``_seg`` strings, so the single writer does no text processing.
    """
    rec = dict(record)
    rec["_json"] = _record_json(rec)
    rec["_blocks_json"] = _blocks_json(rec.get("blocks") or [])
    rec["_seg"] = index_text(" ".join(filter(None, [rec.get("title") or "", rec["text"]])))
    rec["_sections"] = [
        (path, s, index_text(f"{s.get('heading') or ''} {s.get('text') or ''}"))
        for path, s in _flatten_sections(rec.get("sections") or [])
    ]
    rec["_tasks_seg"] = [
        index_text(f"{t.get('group') or ''} {t.get('title') or ''} {t.get('text') or ''}")
        for t in rec.get("tasks") or []
    ]
    return rec


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


# --------------------------------------------------------------------------- writes
def file_known(conn: sqlite3.Connection, sha256: str) -> bool:
    return conn.execute("SELECT 1 FROM files WHERE sha256=?", (sha256,)).fetchone() is not None


def path_known(conn: sqlite3.Connection, path: str, size: int, mtime: float) -> bool:
    """Fast path for re-runs: same path, size and mtime as an imported file."""
    row = conn.execute(
        "SELECT 1 FROM files WHERE path=? AND size=? AND mtime=?", (path, size, mtime)
    ).fetchone()
    return row is not None


def write_file(conn: sqlite3.Connection, row: FileRow, docs: Iterable[dict[str, Any]]) -> int:
    """Write one file's provenance and its prepared documents; returns documents written.

    Call inside a transaction. Upserts: a document whose id exists with the same record
    is left alone; a changed one is replaced with its children.
    """
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
    return sum(_write_document(conn, row.sha256, d) for d in docs)


def _record_json(rec: dict[str, Any]) -> str:
    """The record without ``text`` and ``blocks`` (own column / table) and prepared keys."""
    skip = {"text", "blocks"}
    body = {k: v for k, v in rec.items() if k not in skip and not k.startswith("_")}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def _write_document(conn: sqlite3.Connection, file_sha: str, rec: dict[str, Any]) -> int:
    old = conn.execute("SELECT 1 FROM documents WHERE id=?", (rec["id"],)).fetchone()
    if old is not None:
        if load_record(conn, rec["id"]) == _public(rec):
            return 0
        delete_document(conn, rec["id"])
    src = rec.get("source") or {}
    year = record_year(rec)
    cur = conn.execute(
        "INSERT INTO documents (id, file_sha256, part, title, issuer, doc_number, date, year,"
        " kind, campaign_type, script, source_path, text, record_json, blocks_json)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            rec["id"],
            file_sha,
            src.get("part", 1),
            rec.get("title"),
            rec.get("issuer"),
            rec.get("doc_number"),
            rec.get("date"),
            year,
            rec.get("kind") or "other",
            rec.get("campaign_type") or "other",
            rec.get("script") or "simplified",
            src.get("path", ""),
            rec["text"],
            rec["_json"],
            rec["_blocks_json"],
        ),
    )
    facets = facet_text(rec.get("campaign_type") or "other", rec.get("kind") or "other", year)
    conn.execute(
        "INSERT INTO documents_fts(rowid, seg, facets) VALUES (?,?,?)",
        (cur.lastrowid, rec["_seg"], facets),
    )
    _write_children(conn, rec, cur.lastrowid or 0, facets)
    return 1


def _public(rec: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in rec.items() if not k.startswith("_")}


def _blocks_json(blocks: list[dict[str, Any]]) -> str:
    slim = [{k: v for k, v in b.items() if k != "text" or v != b.get("raw")} for b in blocks]
    return json.dumps(slim, ensure_ascii=False, separators=(",", ":"))


def _load_blocks(data: str) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = json.loads(data)
    for b in blocks:
        b.setdefault("text", b.get("raw"))
    return blocks


def _write_children(conn: sqlite3.Connection, rec: dict[str, Any], docno: int, facets: str) -> None:
    doc_id = rec["id"]
    for i, (path, s, seg) in enumerate(rec["_sections"][: SECTION_MAX + 1]):
        sid = child_id(group_code(s.get("role") or "other", SECTION_ROLES), docno, i)
        conn.execute(
            "INSERT INTO sections (id, doc_id, path, ordinal, number, heading, level, role, text)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (sid, doc_id, path, i, s.get("number"), s.get("heading"), s.get("level"),
             s.get("role") or "other", s.get("text") or ""),
        )  # fmt: skip
        role = f"{facets} {facet_token('r', s.get('role') or 'other')}"
        sql = "INSERT INTO sections_fts(rowid, seg, facets) VALUES (?,?,?)"
        conn.execute(sql, (sid, seg, role))
    campaign = group_code(rec.get("campaign_type"), CAMPAIGN_TYPES)
    tasks = zip(rec.get("tasks") or [], rec["_tasks_seg"], strict=True)
    for i, (t, seg) in enumerate(list(tasks)[: SECTION_MAX + 1]):
        _write_task(conn, doc_id, child_id(campaign, docno, i), t, (seg, facets))
    conn.executemany(
        "INSERT INTO phases VALUES (?,?,?,?,?,?)",
        [(doc_id, i, p.get("name"), p.get("start"), p.get("end"), p.get("raw") or "")
         for i, p in enumerate(rec.get("phases") or [])],
    )  # fmt: skip
    conn.executemany(
        "INSERT INTO leaders VALUES (?,?,?,?)",
        [(doc_id, i, x.get("role") or "", x.get("name") or "")
         for i, x in enumerate(rec.get("leaders") or [])],
    )  # fmt: skip
    for i, g in enumerate(rec.get("goals") or []):
        cur = conn.execute(
            "INSERT INTO goals (doc_id, ordinal, text) VALUES (?,?,?)", (doc_id, i, g["text"])
        )
        _write_metrics(conn, doc_id, None, cur.lastrowid, g.get("metrics") or [])


def _write_task(
    conn: sqlite3.Connection, doc_id: str, task_id: int, t: dict[str, Any], seg: tuple[str, str]
) -> None:
    dl = t.get("deadline") or {}
    conn.execute(
        "INSERT INTO tasks (id, doc_id, ordinal, number, grp, title, text, section, leaders,"
        " deadline_start, deadline_end, deadline_raw) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (task_id, doc_id, task_id & SECTION_MAX,
         t.get("number"), t.get("group"), t.get("title"), t.get("text") or "",
         t.get("section"), json.dumps(t.get("leaders") or [], ensure_ascii=False),
         dl.get("start"), dl.get("end"), dl.get("raw")),
    )  # fmt: skip
    conn.execute("INSERT INTO tasks_fts(rowid, seg, facets) VALUES (?,?,?)", (task_id, *seg))
    conn.executemany(
        "INSERT INTO task_owners VALUES (?,?,?,?)",
        [(task_id, j, o["name"], o.get("role") or "lead") for j, o in enumerate(_owners(t))],
    )
    _write_metrics(conn, doc_id, task_id, None, t.get("metrics") or [])


def _owners(t: dict[str, Any]) -> list[dict[str, Any]]:
    """Owners with roles (``owner_roles``), else the plain ``owners`` names as leads."""
    if t.get("owner_roles"):
        return list(t["owner_roles"])
    return [{"name": n, "role": "lead"} for n in t.get("owners") or []]


def _write_metrics(
    conn: sqlite3.Connection,
    doc_id: str,
    task_id: int | None,
    goal_id: int | None,
    metrics: list[dict[str, Any]],
) -> None:
    conn.executemany(
        "INSERT INTO metrics VALUES (?,?,?,?,?,?,?,?)",
        [(doc_id, task_id, goal_id, m.get("name"), m.get("op"), m.get("value"), m.get("unit"),
          m.get("raw") or "") for m in metrics],
    )  # fmt: skip


def delete_document(conn: sqlite3.Connection, doc_id: str) -> None:
    """Remove a document, its children and its FTS entries (tokens recomputed from rows)."""
    sql = "SELECT docno, title, text, campaign_type, kind, year FROM documents WHERE id=?"
    doc = conn.execute(sql, (doc_id,)).fetchone()
    if doc is None:
        return
    seg = index_text(" ".join(filter(None, [doc["title"] or "", doc["text"]])))
    facets = facet_text(doc["campaign_type"], doc["kind"], doc["year"])
    conn.execute(
        "INSERT INTO documents_fts(documents_fts, rowid, seg, facets) VALUES('delete', ?, ?, ?)",
        (doc["docno"], seg, facets),
    )
    for r in conn.execute("SELECT id, heading, text, role FROM sections WHERE doc_id=?", (doc_id,)):
        conn.execute(
            "INSERT INTO sections_fts(sections_fts, rowid, seg, facets)"
            " VALUES('delete', ?, ?, ?)",
            (r["id"], index_text(f"{r['heading'] or ''} {r['text'] or ''}"),
             f"{facets} {facet_token('r', r['role'])}"),
        )  # fmt: skip
    for r in conn.execute("SELECT id, grp, title, text FROM tasks WHERE doc_id=?", (doc_id,)):
        seg = index_text(f"{r['grp'] or ''} {r['title'] or ''} {r['text'] or ''}")
        conn.execute(
            "INSERT INTO tasks_fts(tasks_fts, rowid, seg, facets) VALUES('delete', ?, ?, ?)",
            (r["id"], seg, facets),
        )
    conn.execute("DELETE FROM metrics WHERE doc_id=?", (doc_id,))
    conn.execute("DELETE FROM documents WHERE id=?", (doc_id,))  # cascades to children


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
    # the file itself and its zip members ("a.zip!x.txt"); substr, not LIKE: paths hold % and _
    member = f"{path}!"
    conn.execute(
        "DELETE FROM failures WHERE path=? OR substr(path, 1, ?)=?", (path, len(member), member)
    )


def list_failures(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute("SELECT * FROM failures ORDER BY failed_at, path")
    return [dict(r) for r in rows]


# --------------------------------------------------------------------------- reads
def load_record(conn: sqlite3.Connection, doc_id: str) -> dict[str, Any] | None:
    """The stored record as ``PlanRecord.to_dict()`` gave it (``None`` when absent)."""
    sql = "SELECT text, record_json, blocks_json FROM documents WHERE id=?"
    row = conn.execute(sql, (doc_id,)).fetchone()
    if row is None:
        return None
    rec: dict[str, Any] = json.loads(row["record_json"])
    rec["text"] = row["text"]
    rec["blocks"] = _load_blocks(row["blocks_json"])
    return rec


def stats(conn: sqlite3.Connection) -> dict[str, Any]:
    """Counts of files, documents, tasks, failures and documents per facet."""

    def by(col: str) -> dict[str, int]:
        q = f"SELECT {col} AS k, COUNT(*) AS n FROM documents GROUP BY {col} ORDER BY n DESC, k"
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
    }
