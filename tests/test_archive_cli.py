"""The archive commands end to end: kill -9 mid-import, then ingest/search/tasks/stats."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_ingest import plan_text
from test_store import schema_2_archive

ROOT = Path(__file__).resolve().parents[1]


def fangan(*args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "pipeline.cli", *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, **kw)


def count_files(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1) as c:
            return int(c.execute("SELECT COUNT(*) FROM files").fetchone()[0])
    except sqlite3.Error:  # not created yet, or schema not yet written
        return 0


def test_archive_cli_kill9_then_resume_imports_each_file_once(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    n = 200
    for i in range(n):
        (inputs / f"plan{i:03d}.txt").write_text(plan_text(i, paragraphs=10), encoding="utf-8")
    db = tmp_path / "k.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "pipeline.cli", "ingest", str(inputs), "--db", str(db)]
    proc = subprocess.Popen([*cmd, "--workers", "1"], env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while count_files(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = count_files(db)
    assert 0 < done < n, "the kill should land mid-import"
    again = fangan("ingest", str(inputs), "--db", str(db), "--workers", "1")
    assert again.returncode == 0, again.stderr
    assert f"read {n} files: new {n - done} " in again.stdout
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT COUNT(*), COUNT(DISTINCT path) FROM files").fetchone() == (n, n)
        assert c.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM documents").fetchone() == (n, n)
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("cli")
    (d / "in").mkdir()
    for i in range(8):
        (d / "in" / f"p{i}.txt").write_text(plan_text(i), encoding="utf-8")
    (d / "in" / "empty.txt").write_bytes(b"")
    r = fangan("ingest", str(d / "in"), "--db", str(d / "a.db"), "--workers", "2")
    assert r.returncode == 1  # one failure
    assert (
        r.stdout.strip()
        == (
            "read 9 files: new 8 (8 documents), duplicates 0, failed 1"
            + r.stdout.split("failed 1")[1]
        ).strip()
    )
    return d / "a.db"


def test_archive_cli_search_json(archive: Path) -> None:
    r = fangan("search", "衛生", "--db", str(archive), "--json", "--year", "2012-2013")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["total"] == 2  # plans 2 and 3 are dated 2012 and 2013
    assert "[卫生]" in out["hits"][0]["snippet"]


def test_archive_cli_search_human_and_bad_query(archive: Path) -> None:
    r = fangan("search", "领导小组", "--db", str(archive), "--limit", "2")
    assert r.returncode == 0
    assert "8 hits" in r.stdout
    bad = fangan("search", '"领导', "--db", str(archive))
    assert bad.returncode == 2
    assert bad.stderr.strip().startswith("fangan search: unbalanced quote")
    assert len(bad.stderr.strip().splitlines()) == 1


def test_archive_cli_failures_stats_tasks(archive: Path, tmp_path: Path) -> None:
    r = fangan("failures", "--db", str(archive), "--json")
    assert [Path(f["path"]).name for f in json.loads(r.stdout)["failures"]] == ["empty.txt"]
    stats = json.loads(fangan("stats", "--db", str(archive), "--json").stdout)
    assert (stats["files"], stats["documents"], stats["failures"]) == (8, 8, 1)
    out = tmp_path / "t.csv"
    r = fangan("tasks", "--query", "平安建设", "--db", str(archive), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_bytes().startswith("\ufeff序号,任务".encode())


def test_archive_cli_tasks_says_when_matching_plans_set_no_tasks(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    notice = "关于做好文明单位复查工作的通知\n各科室：\n请于本月底前报送复查材料。\n"
    (tmp_path / "in" / "n.txt").write_text(notice, encoding="utf-8")
    db = str(tmp_path / "a.db")
    assert fangan("ingest", str(tmp_path / "in"), "--db", db, "--workers", "1").returncode == 0
    r = fangan("tasks", "--query", "复查", "--db", db, "--format", "csv")
    assert (r.returncode, r.stderr.strip()) == (
        1,
        "fangan tasks: 1 matching plan, none with tasks in the archive",
    )
    r = fangan("tasks", "--query", "卫生", "--db", db, "--format", "csv")
    assert (r.returncode, r.stderr.strip()) == (1, "fangan tasks: no matching plan in the archive")


def test_archive_cli_a_file_that_is_no_archive_gives_one_line(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_text("meeting notes, not a database\n" * 200, encoding="utf-8")
    r = fangan("stats", "--db", str(db))
    assert r.returncode == 1
    assert r.stderr.strip() == f"fangan: cannot open archive {db}: file is not a database"


def test_archive_cli_says_when_it_upgrades_an_archive(tmp_path: Path) -> None:
    db = schema_2_archive(tmp_path / "old.db")
    r = fangan("stats", "--db", str(db), "--json")
    assert r.returncode == 0, r.stderr
    assert r.stderr == (
        f"fangan: upgrading archive {db} from schema 2 to 3: re-indexing 1 documents, once\n"
    )
    assert json.loads(r.stdout)["documents"] == 1
    again = fangan("stats", "--db", str(db), "--json")
    assert (again.returncode, again.stderr) == (0, "")
