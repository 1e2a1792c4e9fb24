"""Bulk import: idempotence, provenance, failures recorded, limits, retry."""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import sqlite3
import zipfile
from pathlib import Path

import pytest

from pipeline import __version__, ingest, store

CITIES = ("东川", "南岭", "西河", "北山", "临江", "安平")
CAMPAIGNS = ("创建国家卫生城市", "创建全国文明城市", "平安建设", "文明单位创建")


def plan_text(i: int, paragraphs: int = 3) -> str:
    """A small synthetic plan, different for every ``i``."""
    city = CITIES[i % len(CITIES)]
    camp = CAMPAIGNS[i % len(CAMPAIGNS)]
    body = "\n".join(
        f"({n + 1})开展第{i}-{n}项专项整治。由{city}市卫生局负责，{city}市教育局配合，"
        f"{2010 + i % 10}年{n % 12 + 1}月底前完成，群众知晓率达到{80 + n % 20}%以上。"
        for n in range(paragraphs)
    )
    return (
        f"{city}市{2010 + i % 10}年{camp}工作实施方案（第{i}号）\n"
        f"一、指导思想\n以{camp}为载体，提升城市管理水平。\n"
        f"二、主要任务\n{body}\n"
        f"三、组织领导\n成立{camp}工作领导小组，组长:王某{i}。\n"
    )


def make_zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    for i in range(6):
        (d / f"p{i}.txt").write_text(plan_text(i), encoding="utf-8")
    (d / "sub" / "copy.txt").write_text(plan_text(0), encoding="utf-8")  # duplicate bytes
    (d / ".hidden").write_text("skipped", encoding="utf-8")
    return d


def rows(conn: sqlite3.Connection, sql: str) -> list[tuple]:
    return [tuple(r) for r in conn.execute(sql)]


def test_ingest_imports_once_and_reimport_adds_nothing(folder: Path, tmp_path: Path) -> None:
    conn = store.connect(tmp_path / "a.db")
    s = ingest.ingest(conn, [folder], ingest.Options(workers=2))
    assert (s.read, s.new, s.duplicates, s.failed) == (7, 6, 1, 0)
    assert s.documents == 6
    again = ingest.ingest(conn, [folder], ingest.Options(workers=2))
    assert (again.read, again.new, again.duplicates, again.documents) == (7, 0, 7, 0)
    assert rows(conn, "SELECT COUNT(*), COUNT(DISTINCT id) FROM documents") == [(6, 6)]
    assert rows(conn, "SELECT COUNT(*) FROM files") == [(6,)]
    # the writer runs without enforcing the foreign keys: they hold, and are on again
    assert rows(conn, "PRAGMA foreign_key_check") == []
    assert rows(conn, "PRAGMA foreign_keys") == [(1,)]
    assert rows(conn, "PRAGMA cache_size") == [(-store.CACHE_KIB,)]  # search's cache again
    # checkpoints are SQLite's default again, and the import's WAL was emptied at its end
    assert rows(conn, "PRAGMA wal_autocheckpoint") == [(1000,)]
    assert (tmp_path / "a.db-wal").stat().st_size == 0
    # both FTS5 indexes merge incrementally again (4 segments at a time)
    for table in ("documents_fts", "tasks_fts"):
        assert rows(conn, f"SELECT v FROM {table}_config WHERE k='automerge'") == [(4,)]


def test_ingest_records_provenance(folder: Path, tmp_path: Path) -> None:
    conn = store.connect(tmp_path / "a.db")
    ingest.ingest(conn, [folder / "p1.txt"], ingest.Options(workers=1))
    data = (folder / "p1.txt").read_bytes()
    f = conn.execute("SELECT * FROM files").fetchone()
    assert f["sha256"] == hashlib.sha256(data).hexdigest()
    assert (f["path"], f["size"], f["documents"]) == (str(folder / "p1.txt"), len(data), 1)
    assert (f["format"], f["encoding"], f["pipeline_version"]) == ("txt", "utf-8", __version__)
    assert f["imported_at"].startswith("20")
    doc = conn.execute("SELECT file_sha256, source_path FROM documents").fetchone()
    assert tuple(doc) == (f["sha256"], str(folder / "p1.txt"))


def bad_inputs(d: Path) -> dict[str, bytes]:
    rng = random.Random(7)
    good_zip = make_zip({"a.txt": plan_text(1).encode(), "b.txt": plan_text(2).encode()})
    return {
        "corrupt.docx": bytes(rng.randrange(256) for _ in range(3000)),
        "truncated.zip": good_zip[: len(good_zip) // 2],
        "junk.bin": b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(rng.randrange(256) for _ in range(2000)),
        "empty.txt": b"",
    }


def test_ingest_bad_inputs_are_failures_and_batch_completes(folder: Path, tmp_path: Path) -> None:
    for name, data in bad_inputs(folder).items():
        (folder / name).write_bytes(data)
    conn = store.connect(tmp_path / "a.db")
    s = ingest.ingest(conn, [folder], ingest.Options(workers=2))
    failed = {Path(r["path"]).name: r for r in store.list_failures(conn)}
    assert set(failed) == set(bad_inputs(folder))
    assert all(r["reason"] and r["failed_at"] for r in failed.values())
    assert failed["empty.txt"]["sha256"] == hashlib.sha256(b"").hexdigest()
    assert (s.new, s.failed) == (6, 4)
    # a normal re-run does not redo known failures; --retry-failed does
    assert ingest.ingest(conn, [folder], ingest.Options(workers=1)).known_failures == 4


def test_ingest_reparse_refreshes_records_an_older_pipeline_wrote(
    folder: Path, tmp_path: Path
) -> None:
    conn = store.connect(tmp_path / "a.db")
    ingest.ingest(conn, [folder], ingest.Options(workers=2))
    # as if an older fangan had read p1's title wrong
    doc_id = conn.execute("SELECT id FROM documents WHERE source_path LIKE '%p1.txt'").fetchone()[0]
    old = conn.execute("SELECT record_json FROM documents WHERE id=?", (doc_id,)).fetchone()[0]
    title = json.loads(old)["title"]
    stale = old.replace(title, "旧版本读错的标题")
    conn.execute(
        "UPDATE documents SET title='旧版本读错的标题', record_json=? WHERE id=?", (stale, doc_id)
    )
    # a plain re-run skips what the archive holds; --reparse parses it again
    assert ingest.ingest(conn, [folder], ingest.Options(workers=1)).duplicates == 7
    s = ingest.ingest(conn, [folder], ingest.Options(workers=2, reparse=True))
    assert (s.read, s.new, s.reparsed, s.duplicates, s.documents) == (7, 0, 6, 1, 1)
    assert "reparsed 6 (1 documents)" in s.line()
    assert conn.execute("SELECT title FROM documents WHERE id=?", (doc_id,)).fetchone()[0] == title
    assert rows(conn, "SELECT COUNT(*) FROM documents") == [(6,)]


def test_ingest_retry_failed_clears_fixed_files(folder: Path, tmp_path: Path) -> None:
    (folder / "empty.txt").write_bytes(b"")
    conn = store.connect(tmp_path / "a.db")
    ingest.ingest(conn, [folder], ingest.Options(workers=1))
    assert [Path(r["path"]).name for r in store.list_failures(conn)] == ["empty.txt"]
    (folder / "empty.txt").write_text(plan_text(42), encoding="utf-8")
    s = ingest.ingest(conn, [], ingest.Options(workers=1, retry_failed=True))
    assert (s.read, s.new, s.failed) == (1, 1, 0)
    assert store.list_failures(conn) == []


def gbk_name(name: str) -> str:
    """A file name as Linux gives it to Python when it was written in GBK (not UTF-8)."""
    return os.fsdecode(name.encode("gbk"))


def test_ingest_gbk_file_names_are_imported_under_their_decoded_names(
    folder: Path, tmp_path: Path
) -> None:
    # a name that is not UTF-8 used to stop the whole batch (SQLite refuses surrogates)
    (folder / gbk_name("创卫方案.txt")).write_text(plan_text(8), encoding="utf-8")
    (folder / gbk_name("空白.txt")).write_bytes(b"")
    conn = store.connect(tmp_path / "a.db")
    s = ingest.ingest(conn, [folder], ingest.Options(workers=2))
    assert (s.new, s.failed) == (7, 1)
    shown = str(folder / "创卫方案.txt")
    assert rows(conn, f"SELECT COUNT(*) FROM files WHERE path='{shown}'") == [(1,)]
    assert rows(conn, f"SELECT COUNT(*) FROM documents WHERE source_path='{shown}'") == [(1,)]
    assert [r["path"] for r in store.list_failures(conn)] == [str(folder / "空白.txt")]
    # the bytes on disk are kept for both, and a re-run skips the imported one by path
    assert store.os_path_of(conn, shown) == str(folder / gbk_name("创卫方案.txt"))
    assert ingest.ingest(conn, [folder], ingest.Options(workers=1)).new == 0
    # a retry opens the GBK-named file that failed
    (folder / gbk_name("空白.txt")).write_text(plan_text(9), encoding="utf-8")
    again = ingest.ingest(conn, [], ingest.Options(workers=1, retry_failed=True))
    assert (again.read, again.new, again.failed) == (1, 1, 0)
    assert store.list_failures(conn) == []


def test_ingest_special_files_fail_without_hanging_the_batch(folder: Path, tmp_path: Path) -> None:
    os.mkfifo(folder / "pipe.txt")  # opening it for reading would wait for a writer forever
    (folder / "broken.txt").symlink_to(folder / "nowhere.txt")
    conn = store.connect(tmp_path / "a.db")
    s = ingest.ingest(conn, [folder], ingest.Options(workers=1, timeout=10))
    assert (s.new, s.failed) == (6, 2)
    reasons = {Path(r["path"]).name: r["reason"] for r in store.list_failures(conn)}
    assert reasons == {
        "pipe.txt": "not a regular file (named pipe)",
        "broken.txt": "cannot read file: No such file or directory",
    }


def test_ingest_retry_finds_files_and_zips_with_bang_in_their_names(
    folder: Path, tmp_path: Path
) -> None:
    # "!" separates a zip from its member in failure keys, and may also be part of a name
    (folder / "重要!通知.txt").write_bytes(b"")
    bad_member = make_zip({"好.txt": plan_text(3).encode(), "坏.txt": b""})
    (folder / "汇编!2012.zip").write_bytes(bad_member)
    conn = store.connect(tmp_path / "a.db")
    ingest.ingest(conn, [folder], ingest.Options(workers=1))
    keys = sorted(Path(r["path"]).name for r in store.list_failures(conn))
    assert keys == ["汇编!2012.zip!坏.txt", "重要!通知.txt"]
    assert sorted(Path(p).name for p in ingest.failed_paths(conn)) == [
        "汇编!2012.zip",
        "重要!通知.txt",
    ]
    (folder / "重要!通知.txt").write_text(plan_text(11), encoding="utf-8")
    s = ingest.ingest(conn, [], ingest.Options(workers=1, retry_failed=True))
    assert (s.read, s.new, s.reparsed) == (2, 1, 1)  # the zip was in the archive already
    assert [Path(r["path"]).name for r in store.list_failures(conn)] == ["汇编!2012.zip!坏.txt"]


@pytest.mark.parametrize(
    ("content", "limit"),
    [
        (plan_text(1).encode(), 10.0),
        (make_zip({f"p{i}.txt": plan_text(i).encode() for i in range(120)}), 30.0),  # 3 × 50
        (make_zip({f"p{i}.txt": plan_text(i).encode() for i in range(50)}), 10.0),
        (make_zip({"word/document.xml": b"<w/>"}), 10.0),  # a docx: one file's limit
        (b"PK\x03\x04 damaged, no central directory", 10.0),
    ],
)
def test_ingest_job_timeout_grows_with_zip_members(
    tmp_path: Path, content: bytes, limit: float
) -> None:
    # a zip is parsed as one job: 6,000 plans took ~56 s, past a 60 s per-file limit
    path = tmp_path / "input"
    path.write_bytes(content)
    assert ingest.job_timeout(path, 10.0) == limit
    assert ingest.job_timeout(tmp_path / "gone", 10.0) == 10.0


def test_ingest_size_limit_and_timeout(tmp_path: Path) -> None:
    """A 50 MB text file is refused by --max-mb, and with a 1 s limit times out: no hang."""
    big = tmp_path / "big" / "huge.txt"
    big.parent.mkdir()
    line = ("为进一步巩固创建成果，由各街道办事处负责落实环境卫生整治任务。" * 20 + "\n").encode()
    big.write_bytes(line * (50 * 2**20 // len(line)))
    conn = store.connect(tmp_path / "a.db")
    s = ingest.ingest(conn, [big], ingest.Options(workers=1, max_bytes=10 * 2**20))
    assert s.failed == 1
    assert "too large" in store.list_failures(conn)[0]["reason"]
    s = ingest.ingest(conn, [], ingest.Options(workers=1, timeout=1, retry_failed=True))
    reasons = [r["reason"] for r in store.list_failures(conn)]
    assert s.new == 1 or reasons == ["timed out after 1 s (--timeout)"]
    assert s.seconds < 30


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["b.txt", "a.txt", ".x", "sub/c.txt"], ["a.txt", "b.txt", "sub/c.txt"]),
        (["only.docx"], ["only.docx"]),
    ],
)
def test_ingest_iter_inputs_sorted_without_dotfiles(
    tmp_path: Path, names: list[str], expected: list[str]
) -> None:
    for n in names:
        (tmp_path / n).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / n).write_text("x", encoding="utf-8")
    got = [p.relative_to(tmp_path).as_posix() for p in ingest.iter_inputs([tmp_path])]
    assert got == expected


def test_ingest_peak_rss_is_this_process_own() -> None:
    import resource

    from pipeline.ingest import peak_rss_mb

    mb = peak_rss_mb(resource.getrusage(resource.RUSAGE_SELF))
    assert 5 < mb < 4096  # a Python process with the test suite loaded: tens of MB
