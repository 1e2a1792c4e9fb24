"""Search latency: p50/p95/p99 of mixed queries against the benchmark archive.

    python benchmarks/search.py --db benchmarks/_data/synth.db --n 200

Queries are 2–6 character substrings cut from stored texts (so most have hits; common
words like 工作 hit almost every plan), a share with facets (campaign, year range, kind,
issuer), inside tasks (``--in tasks``) or inside sections of one role. Each query is timed
end to end through ``pipeline.search.search`` (ranking, total count, 10 hits with
snippets), after a short warm-up.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from pathlib import Path
from typing import Any

from pipeline import search as search_module
from pipeline import store
from pipeline.model import CAMPAIGN_TYPES, KINDS
from pipeline.search import Filters, search

ROOT = Path(__file__).resolve().parents[1]
RE_CJK = re.compile(r"[\u4e00-\u9fff]{6,}")


def make_queries(conn: Any, n: int, seed: int) -> list[tuple[str, Filters, str]]:
    r = random.Random(seed)
    n_docs = conn.execute("SELECT MAX(docno) FROM documents").fetchone()[0]
    out: list[tuple[str, Filters, str]] = []
    while len(out) < n:
        row = conn.execute(
            "SELECT text FROM documents WHERE docno = ?", (r.randint(1, n_docs),)
        ).fetchone()
        runs = RE_CJK.findall(row[0]) if row else []
        if not runs:
            continue
        run = r.choice(runs)
        size = r.randint(2, 6)
        start = r.randint(0, len(run) - size)
        out.append((run[start : start + size], *random_facets(r)))
    return out


def random_facets(r: random.Random) -> tuple[Filters, str]:
    roll = r.random()
    if roll < 0.55:
        return Filters(), "documents"
    if roll < 0.85:
        lo = r.randint(2003, 2022)
        return Filters(
            campaign=r.choice([None, *CAMPAIGN_TYPES]),
            kind=r.choice([None, None, *KINDS]),
            years=r.choice([None, (lo, lo + r.randint(0, 5))]),
        ), "documents"
    if roll < 0.95:
        return Filters(campaign=r.choice([None, *CAMPAIGN_TYPES])), "tasks"
    return Filters(role=r.choice(["tasks", "goals", "organization"])), "documents"


def grow(src: Path, dst: Path, target: int) -> None:
    """Copy ``src`` to ``dst`` and replicate its documents (new ids, shifted years) up to
    ``target`` documents, so latency can be measured at archive scale without re-parsing.
    """
    import shutil

    from pipeline import __version__

    shutil.copy(src, dst)
    conn = store.connect(dst)
    ids = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY docno")]
    records = {}
    for i in ids:
        rec = store.load_record(conn, i)
        if rec is not None:
            records[i] = rec
    have, copy = len(ids), 0
    while have < target:
        copy += 1
        conn.execute("BEGIN")
        for i, rec in records.items():
            year = store.record_year(rec)
            date = f"{(year or 2010) - copy % 8}"
            new = store.prepare_document({**rec, "id": f"{i}~{copy}", "date": date})
            sha = f"{copy:04d}{rec['source']['sha256'][4:]}"
            row = store.FileRow(sha, f"copy{copy}/{i}", 0, None, "txt", None, 1, __version__, "-")
            have += store.write_file(conn, row, [new])
            if have >= target:
                break
        conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"grew {src.name} to {have} documents in {dst}")


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--db", type=Path, default=ROOT / "benchmarks/_data/synth.db")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--slowest", type=int, default=5, help="print the slowest N queries")
    ap.add_argument("--grow-to", type=int, default=0, help="first replicate docs up to N")
    ap.add_argument("--rank-all", type=int, default=-1, help="override search.RANK_ALL")
    args = ap.parse_args()
    if args.rank_all >= 0:
        search_module.RANK_ALL = args.rank_all
    if args.grow_to:
        grown = args.db.with_name(f"{args.db.stem}-{args.grow_to}.db")
        if not grown.exists():
            t0 = time.perf_counter()
            grow(args.db, grown, args.grow_to)
            print(f"grown in {time.perf_counter() - t0:.0f} s")
        args.db = grown
    conn = store.connect(args.db, readonly=True)
    queries = make_queries(conn, args.n, args.seed)
    for q, f, where in queries[:10]:  # warm-up: page cache, OpenCC
        search(conn, q, f, in_=where)
    times: list[tuple[float, str, Filters, str, int]] = []
    cpu: list[float] = []  # the query's own CPU time: what other processes cannot inflate
    for q, f, where in queries:
        t0, c0 = time.perf_counter(), time.thread_time()
        total = search(conn, q, f, in_=where)["total"]
        cpu.append((time.thread_time() - c0) * 1000)
        times.append(((time.perf_counter() - t0) * 1000, q, f, where, total))
    ms = [t[0] for t in times]
    docs = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    print(f"{len(ms)} queries against {docs} documents ({args.db})")
    print(
        f"latency ms: p50 {pct(ms, 50):.1f}  p95 {pct(ms, 95):.1f}  p99 {pct(ms, 99):.1f}"
        f"  max {max(ms):.1f}  mean {statistics.mean(ms):.1f}"
    )
    print(f"cpu ms:     p50 {pct(cpu, 50):.1f}  p95 {pct(cpu, 95):.1f}  p99 {pct(cpu, 99):.1f}")
    print(f"hits per query: median {statistics.median(t[4] for t in times):.0f}")
    print(f"BM25 over at most {search_module.RANK_ALL} candidates (a term-frequency tier first)")
    for t in sorted(times, reverse=True)[: args.slowest]:
        print(f"  {t[0]:7.1f} ms  {t[1]!r} in {t[3]} {t[2]}  total={t[4]}")


if __name__ == "__main__":
    main()
