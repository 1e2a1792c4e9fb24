"""Bulk import into the archive: many parsing workers, one writer, nothing lost.

* Inputs: files and folders (walked recursively, dot-files skipped); a zip is one input
  whose whole bytes go to ``parse_bytes`` (which expands the members).
* Idempotent: a file whose sha256 is in ``files`` is skipped before any parsing; a file
  whose path, size and mtime match an imported one is skipped before it is even hashed.
  With ``reparse`` (after an upgrade) such files are parsed again and their changed
  records replaced (``store.write_file``).
* Paths are stored as ``pipeline.paths.display_path`` gives them (a GBK name decoded);
  inputs that are not regular files (a FIFO would block the read) are failures.
* Resumable: the main process is the only writer; each file's rows and its ``files`` row
  are committed in one transaction (files are batched, never split), WAL mode. A
  ``kill -9`` loses at most the uncommitted batch, which the next run redoes.
* Failures (unreadable, too large, timed out, worker crash) go to ``failures`` with the
  reason; ``retry_failed`` re-parses them.
* Workers are plain ``multiprocessing`` processes, each with its own pipe, so one that runs
  past ``timeout`` is terminated and replaced without touching the others. Each worker
  loads OpenCC/jieba once and returns plain dicts (prepared rows, FTS tokens included).
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing as mp
import os
import resource
import signal
import socket
import sqlite3
import stat
import time
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from pipeline import __version__, store
from pipeline.paths import display_path
from pipeline.readers.sniff import ZIP_OPEN_ERRORS

COMMIT_EVERY_FILES = 64  # batch size of one transaction: a few hundred KB of rows
COMMIT_EVERY_SECONDS = 1.0  # ... or this long, so a slow run still commits steadily
RECYCLE_AFTER = 2000  # a worker is replaced after this many files: memory stays flat
PREFETCH = 8  # jobs queued per worker: a worker never idles waiting for the main process
SEND_BUFFER_BYTES = 4 << 20  # a worker's socket buffer: see _grow_send_buffer
MAX_STARTUP_FAILURES = 3  # a worker that dies before it is ready: broken install, give up
GC_THRESHOLDS = (100_000, 50, 50)  # workers' cyclic-GC thresholds (default 700, 10, 10)
# A zip is one job, parsed member by member: its time limit is --timeout per this many
# members (6,000 synthetic plans took 56 s of parsing: a 60 s limit failed larger zips).
ZIP_MEMBERS_PER_TIMEOUT = 50


@dataclass(frozen=True, slots=True)
class Options:
    workers: int = os.cpu_count() or 1
    timeout: float = 60.0
    max_bytes: int = 64 * 1024 * 1024
    retry_failed: bool = False
    reparse: bool = False  # parse files the archive holds again (after an upgrade)


@dataclass(frozen=True, slots=True)
class Job:
    path: str  # as the OS knows it (a name that is not UTF-8 holds surrogates)
    name: str  # as the archive shows it: pipeline.paths.display_path
    sha256: str
    size: int
    mtime: float | None
    timeout: float = 60.0  # seconds: Options.timeout, more for a zip (job_timeout)
    known: bool = False  # in the archive already: a --reparse (or a retried zip)


@dataclass(slots=True)
class Summary:
    read: int = 0
    new: int = 0
    reparsed: int = 0  # files the archive held, parsed again (--reparse)
    documents: int = 0
    duplicates: int = 0
    failed: int = 0
    member_failures: int = 0  # zip members that failed inside a file that was imported
    known_failures: int = 0
    seconds: float = 0.0
    megabytes: float = 0.0
    peak_rss_mb: dict[int, float] = field(default_factory=dict)  # worker pid -> MB
    worker_cpu_s: dict[int, float] = field(default_factory=dict)  # worker pid -> CPU seconds

    @property
    def done(self) -> int:
        return self.new + self.reparsed + self.duplicates + self.failed + self.known_failures

    def line(self) -> str:
        extra = ""
        if self.member_failures:
            extra += f", {self.member_failures} zip members failed"
        if self.known_failures:
            extra += f", {self.known_failures} failed before (see --retry-failed)"
        reparsed = f", reparsed {self.reparsed}" if self.reparsed else ""
        return (
            f"read {self.read} files: new {self.new}{reparsed} ({self.documents} documents), "
            f"duplicates {self.duplicates}, failed {self.failed}{extra}"
            f" in {self.seconds:.1f} s"
        )


ProgressFn = Callable[[Summary, int], None]


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# --------------------------------------------------------------------------- inputs
def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files under ``paths`` in a stable order (folders walked, dot-files skipped)."""
    for p in map(Path, paths):
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        else:
            yield p


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "named pipe"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "device"),
             (stat.S_ISBLK, "device"), (stat.S_ISDIR, "folder"))  # fmt: skip
    return next((name for test, name in kinds if test(mode)), "special file")


def job_timeout(path: Path, per_file: float) -> float:
    """The time limit of one input: ``per_file``, times one per ZIP_MEMBERS_PER_TIMEOUT
    members of a zip (its central directory counted; a damaged zip gets ``per_file``)."""
    try:
        with path.open("rb") as f:
            if f.read(4) != b"PK\x03\x04":
                return per_file
            f.seek(0)
            with zipfile.ZipFile(f) as zf:
                members = len(zf.infolist())
    except (OSError, *ZIP_OPEN_ERRORS):
        return per_file
    return per_file * max(1, -(-members // ZIP_MEMBERS_PER_TIMEOUT))


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# --------------------------------------------------------------------------- worker side
def parse_job(path: str, name: str | None = None) -> dict[str, Any]:
    """Read and parse the input file at ``path``, named ``name`` in records and errors
    (default ``path``); everything returned is plain data."""
    from pipeline.run import parse_bytes

    name = name or path
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        return {"docs": [], "errors": [f"cannot read file: {e.strerror or e}"], "member_errors": []}
    result = parse_bytes(data, name)
    docs = [store.to_wire(store.prepare_document(d.to_dict())) for d in result.documents]
    errors = [e.reason for e in result.errors if e.path == name]
    member_errors = [(e.path, e.reason) for e in result.errors if e.path != name]
    out: dict[str, Any] = {"docs": docs, "errors": errors, "member_errors": member_errors}
    if result.documents:
        src = result.documents[0].source
        out["format"] = "zip" if "!" in src.path[len(name) :] else src.format
        out["encoding"] = None if out["format"] == "zip" else src.encoding
    return out


def peak_rss_mb(use: Any) -> float:
    """This process's peak resident memory in MB.

    Linux keeps ``ru_maxrss`` across exec, so a worker spawned by a main process holding
    a large page cache would report the parent's size; ``VmHWM`` is the worker's own.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float(use.ru_maxrss) / 1024


def _worker_main(conn: Connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C
    from pipeline.normalize import to_simplified

    to_simplified("載入")  # load OpenCC before the first file's clock starts
    # Parsing allocates many short-lived objects and frees them by reference counting;
    # the cyclic collector's frequent passes over them cost ~8% of a worker's CPU. Freeze
    # what is loaded, collect rarely: memory stays flat (workers are recycled anyway).
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    conn.send("ready")
    while True:
        try:
            msg = conn.recv()
        except EOFError:  # the main process is gone
            return
        if msg is None:
            return
        out = parse_job(*msg)
        use = resource.getrusage(resource.RUSAGE_SELF)
        out["rss_mb"] = peak_rss_mb(use)
        out["cpu_s"] = use.ru_utime + use.ru_stime
        out["pid"] = os.getpid()
        try:
            conn.send(out)
        except OSError:  # the main process is gone (killed): nothing to report to
            return


@dataclass(slots=True)
class _Worker:
    proc: Any
    conn: Connection
    jobs: deque[Job] = field(default_factory=deque)  # sent, in order; jobs[0] is running
    started: float = 0.0  # when jobs[0] started
    done: int = 0
    ready: bool = False


def _start_worker(ctx: Any) -> _Worker:
    parent, child = ctx.Pipe()
    _grow_send_buffer(child)
    proc = ctx.Process(target=_worker_main, args=(child,), daemon=True)
    proc.start()
    child.close()
    return _Worker(proc, parent)


def _grow_send_buffer(conn: Connection) -> None:
    """Let a worker queue several results while the writer is busy committing.

    A result is ~80 KB and the default socket buffer ~200 KB: during a commit (FTS
    segment flush, WAL checkpoint) a worker would block on its third result and idle.
    """
    with socket.fromfd(conn.fileno(), socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER_BYTES)


def _stop_worker(w: _Worker, *, kill: bool) -> None:
    if kill:
        w.proc.kill()
    else:
        try:
            w.conn.send(None)
        except OSError:
            w.proc.kill()
    w.proc.join(timeout=5)
    if w.proc.is_alive():
        w.proc.kill()
        w.proc.join()
    w.conn.close()


# --------------------------------------------------------------------------- main side
class Ingester:
    """One import run: feeds jobs to workers, writes their results in batches."""

    def __init__(self, conn: sqlite3.Connection, opts: Options, progress: ProgressFn) -> None:
        self.conn = conn
        self.opts = opts
        self.progress = progress
        self.summary = Summary()
        self.inflight: set[str] = set()
        self.written: set[str] = set()  # --reparse: a copy later in the run is a duplicate
        self.batch_files = 0
        self.batch_started = 0.0
        self.startup_failures = 0
        self.task_index = store.HeldTaskIndex()  # flushed before each commit

    # ---- planning
    def plan(self, paths: Iterable[Path], total: int) -> Iterator[Job]:
        """Jobs for files not yet in the archive; the rest is counted here."""
        for p in paths:
            job = self._job_for(p)
            if job is not None:
                yield job
            self.progress(self.summary, total)

    def _job_for(self, p: Path) -> Job | None:
        s = self.summary
        s.read += 1
        path = str(p)
        try:
            st = p.stat()
        except OSError as e:
            self._fail(path, None, None, f"cannot read file: {e.strerror or e}")
            return None
        if not stat.S_ISREG(st.st_mode):  # reading a FIFO would wait for a writer forever
            self._fail(path, None, None, f"not a regular file ({_file_kind(st.st_mode)})")
            return None
        name = display_path(path)
        skip_known = not (self.opts.retry_failed or self.opts.reparse)
        if skip_known and store.path_known(self.conn, name, st.st_size, st.st_mtime):
            s.duplicates += 1
            return None
        sha = sha256_file(p)
        known = store.file_known(self.conn, sha)
        if sha in self.inflight or sha in self.written or (known and skip_known):
            s.duplicates += 1
            return None
        if not self.opts.retry_failed and self._failed_before(sha):
            s.known_failures += 1
            return None
        if st.st_size > self.opts.max_bytes:
            limit = self.opts.max_bytes / 2**20
            self._fail(path, sha, st.st_size, f"file too large: {st.st_size / 2**20:.1f} MB > "
                       f"{limit:g} MB limit (--max-mb)")  # fmt: skip
            return None
        self.inflight.add(sha)
        timeout = job_timeout(p, self.opts.timeout)
        return Job(path, name, sha, st.st_size, st.st_mtime, timeout, known)

    def _failed_before(self, sha: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM failures WHERE sha256=?", (sha,)).fetchone()
        return row is not None

    # ---- writing
    def _begin(self) -> None:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
            self.batch_started = time.monotonic()
            self.batch_files = 0

    def commit(self, force: bool = False) -> None:
        if not self.conn.in_transaction:
            return
        due = time.monotonic() - self.batch_started >= COMMIT_EVERY_SECONDS
        if force or due or self.batch_files >= COMMIT_EVERY_FILES:
            self.task_index.flush(self.conn)
            self.conn.execute("COMMIT")

    def _fail(self, path: str, sha: str | None, size: int | None, reason: str) -> None:
        """Record the failure of the input at OS ``path``."""
        self._begin()
        name = self._name(path)
        store.record_failure(self.conn, name, sha, size, reason, __version__, now())
        self.summary.failed += 1
        self.batch_files += 1

    def _name(self, path: str, name: str | None = None) -> str:
        """The archive's name of an input (inside a transaction): its display path, whose
        bytes ``os_paths`` keeps when they differ, for a retry to open."""
        name = name or display_path(path)
        if name != path:
            store.remember_os_path(self.conn, name, os.fsencode(path))
        return name

    def accept(self, job: Job, out: dict[str, Any]) -> None:
        """Write one worker result (or record its failure)."""
        self.inflight.discard(job.sha256)
        self.summary.megabytes += job.size / 2**20
        if "pid" in out:
            self.summary.peak_rss_mb[out["pid"]] = out["rss_mb"]
            self.summary.worker_cpu_s[out["pid"]] = out["cpu_s"]
        if not out["docs"]:
            self._fail(job.path, job.sha256, job.size, "; ".join(out["errors"]) or "no documents")
            return
        self._begin()
        name = self._name(job.path, job.name)
        row = store.FileRow(job.sha256, name, job.size, job.mtime, out.get("format"),
                            out.get("encoding"), len(out["docs"]), __version__, now())  # fmt: skip
        store.clear_failure(self.conn, name)
        self.summary.documents += store.write_file(self.conn, row, out["docs"], self.task_index)
        for member, reason in out["member_errors"]:
            store.record_failure(self.conn, member, None, None, reason, __version__, now())
            self.summary.member_failures += 1
        if job.known:
            self.summary.reparsed += 1
        else:
            self.summary.new += 1
        if self.opts.reparse:
            self.written.add(job.sha256)
        self.batch_files += 1

    # ---- the pool loop
    def run(self, jobs: Iterator[Job], total: int) -> Summary:
        t0 = time.monotonic()
        ctx = mp.get_context("spawn")  # no fork of a process holding sqlite/rich threads
        workers: list[_Worker] = []
        with store.bulk_writes(self.conn):  # its last WAL checkpoint is part of the run
            try:
                self._loop(ctx, workers, jobs, total)
            finally:
                self.commit(force=True)
                for w in workers:
                    _stop_worker(w, kill=bool(w.jobs) or not w.ready)
        self.summary.seconds = time.monotonic() - t0
        return self.summary

    def _loop(self, ctx: Any, workers: list[_Worker], jobs: Iterator[Job], total: int) -> None:
        """Keep every worker PREFETCH jobs ahead; collect, write, replace stuck workers."""
        todo = _Feed(jobs)
        if todo.peek() is not None:  # workers are started only when there is work
            workers.extend(_start_worker(ctx) for _ in range(max(1, self.opts.workers)))
        while True:
            for i, w in enumerate(workers):
                workers[i] = self._top_up(ctx, w, todo)
            if todo.peek() is None and not any(w.jobs for w in workers):
                return
            waiting = [w for w in workers if w.jobs or not w.ready]
            ready = wait([w.conn for w in waiting], timeout=0.25)
            for i, w in enumerate(workers):
                if not w.ready:
                    workers[i] = self._await_ready(ctx, w, w.conn in ready)
                elif w.jobs:
                    workers[i] = self._collect(ctx, w, w.conn in ready, todo)
            self.commit()
            self.progress(self.summary, total)

    def _top_up(self, ctx: Any, w: _Worker, todo: _Feed) -> _Worker:
        if not w.ready:
            return w
        if w.done >= RECYCLE_AFTER and not w.jobs:
            _stop_worker(w, kill=False)
            return _start_worker(ctx)
        while len(w.jobs) < PREFETCH and w.done + len(w.jobs) < RECYCLE_AFTER:
            job = todo.pop()
            if job is None:
                break
            if not w.jobs:
                w.started = time.monotonic()
            w.conn.send((job.path, job.name))
            w.jobs.append(job)
        return w

    def _await_ready(self, ctx: Any, w: _Worker, ready: bool) -> _Worker:
        if not ready:
            return w
        try:
            w.ready = w.conn.recv() == "ready"
            return w
        except (EOFError, OSError):
            self.startup_failures += 1
            if self.startup_failures > MAX_STARTUP_FAILURES:
                raise RuntimeError("parsing workers cannot start (see the errors above)") from None
            _stop_worker(w, kill=True)
            return _start_worker(ctx)

    def _collect(self, ctx: Any, w: _Worker, ready: bool, todo: _Feed) -> _Worker:
        """Take finished results, or replace a worker that crashed or ran out of time."""
        while ready and w.jobs:
            try:
                out = w.conn.recv()
            except (EOFError, OSError):
                code = w.proc.exitcode if not w.proc.is_alive() else None
                return self._replace(ctx, w, todo, f"worker crashed (exit code {code})")
            job = w.jobs.popleft()
            w.done += 1
            w.started = time.monotonic()
            self.accept(job, out)
            ready = w.conn.poll()
        if w.jobs and time.monotonic() - w.started > w.jobs[0].timeout:
            return self._replace(
                ctx, w, todo, f"timed out after {w.jobs[0].timeout:g} s (--timeout)"
            )
        return w

    def _replace(self, ctx: Any, w: _Worker, todo: _Feed, reason: str) -> _Worker:
        """Fail the running job, requeue the ones queued behind it, start a fresh worker."""
        job = w.jobs.popleft()
        self._fail(job.path, job.sha256, job.size, reason)
        self.inflight.discard(job.sha256)
        todo.requeue(w.jobs)
        _stop_worker(w, kill=True)
        return _start_worker(ctx)


class _Feed:
    """Planned jobs with one look-ahead, plus jobs handed back by a replaced worker."""

    def __init__(self, jobs: Iterator[Job]) -> None:
        self.jobs = jobs
        self.back: deque[Job] = deque()
        self.next: Job | None = next(jobs, None)

    def peek(self) -> Job | None:
        return self.back[0] if self.back else self.next

    def pop(self) -> Job | None:
        if self.back:
            return self.back.popleft()
        job, self.next = self.next, (next(self.jobs, None) if self.next else None)
        return job

    def requeue(self, jobs: Iterable[Job]) -> None:
        self.back.extend(jobs)


def failed_paths(conn: sqlite3.Connection) -> list[Path]:
    """The input files behind recorded failures (a zip member's failure retries its zip)."""
    seen = {failed_input(conn, f["path"]): None for f in store.list_failures(conn)}
    return [Path(p) for p in seen]


def failed_input(conn: sqlite3.Connection, key: str) -> str:
    """The OS path of the input behind the failure recorded as ``key``: the file itself
    ("重要!通知.txt" may be a name), else the outermost zip of a member ("a.zip!b.txt",
    "a.zip!b.zip!c.txt") — the longest existing file the key cut at a "!" names; the
    key itself when none exists (the retry then fails it again, under the same key)."""
    cuts = [i for i, ch in enumerate(key) if ch == "!"]
    for prefix in (key, *(key[:i] for i in reversed(cuts))):
        path = store.os_path_of(conn, prefix)
        if os.path.isfile(path):
            return path
    return store.os_path_of(conn, key)


def ingest(
    conn: sqlite3.Connection,
    paths: Iterable[str | Path],
    opts: Options | None = None,
    progress: ProgressFn | None = None,
) -> Summary:
    """Import ``paths`` (or, with ``opts.retry_failed``, the recorded failures)."""
    opts = opts or Options()
    files = failed_paths(conn) if opts.retry_failed else list(iter_inputs(paths))
    ing = Ingester(conn, opts, progress or (lambda s, n: None))
    return ing.run(ing.plan(files, len(files)), len(files))
