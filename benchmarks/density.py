"""How much structure a corpus packs per character, to judge what a benchmark on it stands for.

For each input folder (or file): plans per file, mean file size, characters per plan, and per
1,000 characters of plan text the top-level sections, tasks, task owners and metrics. The
writer's work grows with those rows, the workers' with the characters.

    .venv/bin/python benchmarks/density.py benchmarks/_data/synth --limit 600
    .venv/bin/python benchmarks/density.py ../shared/corpora/seeds ../shared/corpora/dev
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from itertools import islice
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.ingest import iter_inputs  # noqa: E402
from pipeline.run import parse_bytes  # noqa: E402

PER_CHARS = 1000


def density(path: Path, limit: int) -> Counter[str]:
    """Totals over the first ``limit`` files under ``path`` that parse into plans."""
    n: Counter[str] = Counter()
    for f in islice(iter_inputs([path]), limit or None):
        data = f.read_bytes()
        docs = parse_bytes(data, str(f)).documents
        if not docs:
            continue  # labels.jsonl, a failure: not a plan
        n["files"] += 1
        n["bytes"] += len(data)
        for d in docs:
            n["plans"] += 1
            n["chars"] += len(d.text)
            n["sections"] += len(d.sections)
            n["tasks"] += len(d.tasks)
            n["owners"] += sum(len(t.owners) for t in d.tasks)
            n["metrics"] += sum(len(t.metrics) for t in d.tasks)
    return n


def line(label: str, n: Counter[str]) -> str:
    if not n["files"] or not n["chars"]:
        return f"{label}: no plans"
    per = PER_CHARS / n["chars"]
    rows = " ".join(f"{k} {n[k] * per:.2f}" for k in ("sections", "tasks", "owners", "metrics"))
    return (
        f"{label}: {n['files']} files, {n['plans'] / n['files']:.2f} plans/file, "
        f"{n['bytes'] / n['files'] / 1024:.1f} KB/file, {n['chars'] / n['plans']:.0f} chars/plan"
        f" | per {PER_CHARS:,} chars: {rows}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("paths", nargs="+", type=Path)
    ap.add_argument("--limit", type=int, default=0, help="only the first N files of each path")
    args = ap.parse_args()
    for p in args.paths:
        print(line(str(p), density(p, args.limit)), flush=True)


if __name__ == "__main__":
    main()
