"""Parse throughput: MB/s, docs/s, files/s, per-file latency p50/p95/p99 and peak memory.

Builds a temporary corpus of at least ``--mb`` megabytes by replicating input files — the
project's own ``corpora/`` files and, when present, the sibling ``../shared/corpora`` files
(read at run time, never copied into the repo) — or synthetic plan texts when neither has
any; or takes a folder of inputs with ``--inputs``. Every file goes through
``pipeline.run.parse_bytes`` in one process, or in ``--workers N`` processes (each loads its
dictionaries and converters once, before timing starts).

    .venv/bin/python benchmarks/parse.py [--mb 20] [--workers 2] [--inputs DIR]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.run import parse_bytes  # noqa: E402

SKIP_SUFFIXES = (".json", ".jsonl", ".md")
SHARED_SETS = ("seeds", "dev")


@dataclass(frozen=True, slots=True)
class FileStat:
    size: int
    docs: int
    errors: int
    seconds: float


# --------------------------------------------------------------------------- inputs
def _corpus_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    files = [p for p in sorted(root.rglob("*")) if p.is_file()]
    keep = [p for p in files if not p.name.endswith(SKIP_SUFFIXES) and "placeholder" not in p.name]
    return [p for p in keep if p.stat().st_size > 0]


def source_files(shared: Path = REPO.parent / "shared") -> list[Path]:
    """The project's corpora files, then shared/corpora seeds and dev, when present."""
    found = _corpus_files(REPO / "corpora")
    for name in SHARED_SETS:
        found += _corpus_files(shared / "corpora" / name)
    return found


def synthetic_plan(rng: random.Random, i: int) -> str:
    """A plan-shaped text: title, numbered sections, tasks with owners, phases, signing line."""
    units = ["县卫生局", "县教育局", "县文明办", "各乡镇人民政府", "县城管局", "县公安局"]
    lines = [f"某县第{i}号创建文明城市工作实施方案", "各乡镇人民政府，县直各部门："]
    lines.append("为进一步提高城市文明程度和市民文明素质，结合我县实际，制定本方案。" * 3)
    lines += ["一、指导思想", "以科学发展观为指导，深入开展文明城市创建活动。" * 4, "二、主要任务"]
    for k in range(1, rng.randint(8, 30)):
        owner = rng.choice(units)
        lines.append(f"{k}、加强第{k}项重点工作，知晓率达到9{k % 10}%以上。责任单位：{owner}")
    lines += ["三、实施步骤", "(一)宣传发动阶段(2012年3月1日至3月31日)召开动员大会。"]
    lines += ["(二)组织实施阶段(4月至10月)全面推进各项工作。", "(三)总结验收阶段(11月底前)"]
    lines += ["四、组织领导", "组长：王某某", "副组长：李某某、张某某", "某县人民政府"]
    lines.append(f"二〇一二年{rng.randint(1, 12)}月{rng.randint(1, 28)}日")
    return "\n".join(lines) + "\n"


def _synthetic_files(tmp: Path, n: int) -> list[Path]:
    rng = random.Random(20120305)  # fixed: the same corpus every run
    out = []
    for i in range(n):
        p = tmp / f"synthetic_{i:03d}.txt"
        encoding = "gb18030" if i % 3 == 0 else "utf-8"
        p.write_bytes(synthetic_plan(rng, i).encode(encoding))
        out.append(p)
    return out


def build_corpus(
    tmp: Path, megabytes: float, synthetic: bool = False, shared: Path | None = None
) -> list[Path]:
    """Replicate the source files into ``tmp`` until they add up to ``megabytes``."""
    sources = [] if synthetic else source_files(shared or REPO.parent / "shared")
    if not sources:
        (tmp / "src").mkdir()
        sources = _synthetic_files(tmp / "src", 50)
    target = int(megabytes * 1024 * 1024)
    out: list[Path] = []
    total = 0
    for copy in _cycle(sources):
        if total >= target:
            break
        dst = tmp / f"{len(out):05d}_{copy.name}"
        shutil.copyfile(copy, dst)
        out.append(dst)
        total += dst.stat().st_size
    return out


def _cycle(items: list[Path]) -> Iterator[Path]:
    while True:
        yield from items


# --------------------------------------------------------------------------- parsing
def _warm_up() -> None:
    """Load OpenCC, jieba/rjieba, models and compiled patterns before any timing: a full
    synthetic plan reaches every stage that loads something lazily."""
    parse_bytes(synthetic_plan(random.Random(0), 0).encode(), "warmup.txt")


def parse_one(path: str) -> FileStat:
    data = Path(path).read_bytes()
    t0 = time.perf_counter()
    result = parse_bytes(data, path)
    dt = time.perf_counter() - t0
    return FileStat(len(data), len(result.documents), len(result.errors), dt)


def run(paths: list[Path], workers: int) -> tuple[list[FileStat], float]:
    names = [str(p) for p in paths]
    if workers <= 1:
        _warm_up()
        t0 = time.perf_counter()
        stats = [parse_one(p) for p in names]
        return stats, time.perf_counter() - t0
    with mp.get_context("fork").Pool(workers, initializer=_warm_up) as pool:
        pool.map(_noop, range(workers))  # wait until every worker has warmed up
        t0 = time.perf_counter()
        stats = list(pool.imap_unordered(parse_one, names, chunksize=4))
        return stats, time.perf_counter() - t0


def _noop(_: int) -> None:
    return None


# --------------------------------------------------------------------------- report
def _percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def _peak_rss_mb() -> tuple[float, float]:
    """Peak resident memory (MB) of this process and of its largest finished child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def report(stats: list[FileStat], wall: float, workers: int) -> str:
    mb = sum(s.size for s in stats) / (1024 * 1024)
    docs = sum(s.docs for s in stats)
    errors = sum(s.errors for s in stats)
    lat = sorted(s.seconds * 1000 for s in stats)
    cpu = sum(s.seconds for s in stats)
    own, children = _peak_rss_mb()
    lines = [
        f"files={len(stats)} input={mb:.1f} MB documents={docs} errors={errors} "
        f"workers={workers} wall={wall:.2f} s (sum of per-file parse times {cpu:.2f} s)",
        f"throughput: {mb / wall:.2f} MB/s  {docs / wall:.1f} docs/s  "
        f"{len(stats) / wall:.1f} files/s",
        f"latency per file (ms): p50={_percentile(lat, 50):.1f} p95={_percentile(lat, 95):.1f} "
        f"p99={_percentile(lat, 99):.1f} max={lat[-1] if lat else 0:.1f}",
        f"peak memory (maxrss): main={own:.0f} MB"
        + (f" largest worker={children:.0f} MB" if workers > 1 else ""),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=20.0, help="size of the generated corpus (MB)")
    ap.add_argument("--workers", type=int, default=1, help="parse in N processes")
    ap.add_argument("--inputs", type=Path, help="parse the files of this folder instead")
    ap.add_argument("--synthetic", action="store_true", help="replicate synthetic plans only")
    ap.add_argument(
        "--shared", type=Path, help="the shared/ folder (default: the repo's sibling shared/)"
    )
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="fangan-bench-") as tmp:
        if args.inputs:
            paths = _corpus_files(args.inputs)
        else:
            paths = build_corpus(Path(tmp), args.mb, args.synthetic, args.shared)
        if not paths:
            print("no input files", file=sys.stderr)
            return 2
        stats, wall = run(paths, args.workers)
    print(report(stats, wall, args.workers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
