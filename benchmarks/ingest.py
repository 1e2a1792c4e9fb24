"""Ingest throughput: files/s, MB/s, documents/s, worker peak memory, database size.

    python benchmarks/synth.py --n 20000          # once: the synthetic archive
    python benchmarks/ingest.py --workers 1,2     # a fresh database per worker count
    python benchmarks/ingest.py --limit 2000 --profile 300   # where the time goes

Worker memory is sampled at each quarter of the run (the largest ``ru_maxrss`` any worker
reported so far), so a leak shows as a rising row. ``--keep`` keeps the last database
(``benchmarks/_data/synth.db`` by default) for ``benchmarks/search.py``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import resource
import shutil
import sqlite3
import tempfile
from pathlib import Path

from pipeline import ingest, store

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks/_data"


def run_once(files: list[Path], workers: int, db: Path) -> dict[str, object]:
    """Import ``files`` into a fresh ``db`` with ``workers`` processes; return figures."""
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    conn = store.connect(db)
    quarters: list[float] = []
    marks = [len(files) * q // 4 for q in (1, 2, 3)]

    def progress(s: ingest.Summary, total: int) -> None:
        if marks and s.done >= marks[0] and s.peak_rss_mb:
            marks.pop(0)
            quarters.append(max(s.peak_rss_mb.values()))

    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    summary = ingest.ingest(conn, files, ingest.Options(workers=workers), progress)
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    main_cpu = cpu1.ru_utime + cpu1.ru_stime - cpu0.ru_utime - cpu0.ru_stime
    quarters.append(max(summary.peak_rss_mb.values(), default=0.0))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    mb = sum(p.stat().st_size for p in files) / 2**20
    return {
        "workers": workers,
        "seconds": summary.seconds,
        "files_s": len(files) / summary.seconds,
        "mb_s": mb / summary.seconds,
        "docs_s": summary.documents / summary.seconds,
        "documents": summary.documents,
        "failed": summary.failed,
        "rss_quarters": quarters,
        "db_mb": db.stat().st_size / 2**20,
        "input_mb": mb,
        "n_files": len(files),
        "line": summary.line(),
        "main_cpu_ms": main_cpu / len(files) * 1000,
        "worker_cpu_ms": sum(summary.worker_cpu_s.values()) / len(files) * 1000,
    }


def profile_parse(files: list[Path], n: int) -> str:
    """cProfile of the worker's job (parse + row preparation) over ``n`` files, in-process."""
    prof = cProfile.Profile()
    prof.enable()
    for p in files[:n]:
        ingest.parse_job(str(p))
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(25)
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA / "synth")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N files")
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    ap.add_argument("--keep", type=Path, default=DATA / "synth.db", help="save the last db here")
    ap.add_argument("--profile", type=int, default=0, help="profile parsing of N files")
    args = ap.parse_args()
    files = list(ingest.iter_inputs([args.data]))
    if args.limit:
        files = files[: args.limit]
    if not files:
        raise SystemExit(f"no files under {args.data}: run benchmarks/synth.py first")
    if args.profile:
        print(profile_parse(files, args.profile))
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for w in (int(x) for x in args.workers.split(",")):
            r = run_once(files, w, Path(tmp) / f"w{w}.db")
            results.append(r)
            report(r)
            shutil.copy(Path(tmp) / f"w{w}.db", args.keep)
    if len(results) > 1:
        base, best = results[0], results[-1]
        speedup = float(best["files_s"]) / float(base["files_s"])  # type: ignore[arg-type]
        print(f"speed-up {best['workers']} vs {base['workers']} workers: {speedup:.2f}x")
    print(ceiling(results[-1]))
    with sqlite3.connect(args.keep) as c:
        n = c.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    print(f"kept {args.keep} ({n} documents) for benchmarks/search.py")


def ceiling(r: dict[str, object]) -> str:
    """What the measured CPU per file allows on this machine's cores.

    With one writer, W ms of its CPU and P ms of a worker's per file, the cores bound the
    import at cores / (P + W) files/s, and one worker (the writer beside it on another
    core) at 1 / P: two workers can be at most 2P / (P + W) times one.
    """
    p, w = float(r["worker_cpu_ms"]), float(r["main_cpu_ms"])  # type: ignore[arg-type]
    cores = os.cpu_count() or 1
    files_s = cores * 1000 / (p + w)
    mb_s = files_s * float(r["input_mb"]) / float(r["n_files"])  # type: ignore[arg-type]
    return (
        f"CPU ceiling on {cores} cores: {files_s:.0f} files/s, {mb_s:.2f} MB/s;"
        f" two workers at most {2 * p / (p + w):.2f}x one"
    )


def report(r: dict[str, object]) -> None:
    rss = " → ".join(f"{x:.0f}" for x in r["rss_quarters"])  # type: ignore[attr-defined]
    print(
        f"workers={r['workers']}: {r['seconds']:.1f} s, {r['files_s']:.1f} files/s, "
        f"{r['mb_s']:.2f} MB/s ({r['input_mb']:.1f} MB input), {r['docs_s']:.1f} docs/s, "
        f"worker peak RSS by quarter {rss} MB, db {r['db_mb']:.1f} MB\n"
        f"  CPU per file: writer {r['main_cpu_ms']:.2f} ms, workers {r['worker_cpu_ms']:.2f} ms"
        f" (load average now {os.getloadavg()[0]:.1f})\n  {r['line']}"
    )


if __name__ == "__main__":
    main()
