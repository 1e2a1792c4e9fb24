"""Score parses against gold files and labels; pin and check the quality gate.

The gold scores are the same per-field figures as the shared scorer (``score.py`` beside the
contract): strings compared after ``norm`` (NFKC, punctuation and spaces removed), list fields
by greedy one-to-one matching (precision/recall/F1), documents of a file paired by their keep
fragments. Here the pipeline runs in-process (``run.parse_file``), so a whole corpus scores in
seconds.

    python -m pipeline.evaluate --inputs corpora/plans            # print per-field scores
    python -m pipeline.evaluate --pin corpora/plans               # re-pin the gate's floors
    python -m pipeline.evaluate --gate corpora/plans              # exit 1 below a floor
    fangan eval --inputs DIR --labels labels.jsonl                # label accuracy
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import math
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# the shared scorer's punctuation class, kept identical so the figures agree
RE_PUNCT = re.compile(r"[\s\u3000，。、；：:;,.!！?？“”\"'‘’（）()\[\]【】《》〈〉<>·—\-_~～…]+")
RE_DOC_BRACKETS = re.compile(r"[\[\(（〔【\]\)）〕】]")

FIELDS = (
    "parts",
    "script",
    "kind",
    "campaign_type",
    "title_exact",
    "title_sim",
    "issuer",
    "doc_number",
    "date",
    "keep",
    "noise_removed",
    "section_heading",
    "section_role",
    "phase_span",
    "phase_name",
    "leader_role_name",
    "leader_name",
    "task_title",
    "task_owners",
    "task_leaders",
    "task_deadline",
    "task_group",
)
LABEL_FIELDS = ("script", "kind", "campaign_type", "title")
# thresholds of the shared scorer's matching (similarity ≥ threshold pairs two items)
SECTION_THRESH = 0.8
PHASE_NAME_THRESH = 0.6
TASK_THRESH = 0.7
GROUP_THRESH = 0.8
TITLE_EXACT = 0.999

BASELINE_NAME = "eval_baseline.json"
EPSILON = 0.005  # a field may dip this far below its floor (rounding) before the gate fails

Doc = dict[str, Any]


# --------------------------------------------------------------------------- comparison
def norm(s: object) -> str:
    """NFKC, then drop spaces and punctuation: '第一篇:方案 [精选]' → '第一篇方案精选'."""
    if s is None:
        return ""
    return RE_PUNCT.sub("", unicodedata.normalize("NFKC", str(s)))


def sim(a: object, b: object) -> float:
    """difflib ratio of the normalized strings; two empty strings are equal."""
    na, nb = norm(a), norm(b)
    if not na and not nb:
        return 1.0
    if not na or not nb:
        return 0.0
    return difflib.SequenceMatcher(None, na, nb, autojunk=False).ratio()


def norm_doc_number(s: str | None) -> str:
    """Document numbers compare without their brackets: 青卫发(2011)49号 == 青卫发〔2011〕49号."""
    if not s:
        return ""
    return norm(RE_DOC_BRACKETS.sub("", unicodedata.normalize("NFKC", s)))


@dataclass
class Tally:
    """Accuracy fields (sum of scores / count) and PRF fields (tp, fp, fn) by name."""

    acc: dict[str, list[float]] = field(default_factory=dict)
    prf_counts: dict[str, list[int]] = field(default_factory=dict)

    def add(self, name: str, ok: float, n: int = 1) -> None:
        c = self.acc.setdefault(name, [0.0, 0])
        c[0] += ok
        c[1] += n

    def prf(self, name: str, tp: int, fp: int, fn: int) -> None:
        c = self.prf_counts.setdefault(name, [0, 0, 0])
        c[0] += tp
        c[1] += fp
        c[2] += fn

    def score(self, name: str) -> tuple[float | None, int]:
        """(score, support): F1 and tp+fn for PRF fields, mean and count for the others."""
        if name in self.prf_counts:
            return f1(*self.prf_counts[name])
        c = self.acc.get(name)
        if c is None:
            return None, 0
        return (c[0] / c[1] if c[1] else None), int(c[1])


def f1(tp: int, fp: int, fn: int) -> tuple[float, int]:
    if tp + fp + fn == 0:
        return 1.0, 0
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), tp + fn


def match_sets(
    gold: Sequence[Any],
    pred: Sequence[Any],
    key: Callable[[Any], object] = lambda x: x,
    thresh: float = 1.0,
) -> tuple[int, int, int, list[tuple[Any, Any]]]:
    """Greedy one-to-one matching in gold order → (tp, fp, fn, pairs).

    With ``thresh`` 1.0 items match when their normalized keys are equal; below 1.0 each gold
    item takes the most similar free prediction if the similarity reaches ``thresh``.
    """
    used: set[int] = set()
    pairs: list[tuple[Any, Any]] = []
    for g in gold:
        best, bj = 0.0, None
        for pj, p in enumerate(pred):
            if pj in used:
                continue
            s = sim(key(g), key(p)) if thresh < 1.0 else float(norm(key(g)) == norm(key(p)))
            if s > best:
                best, bj = s, pj
        if bj is not None and best >= thresh:
            used.add(bj)
            pairs.append((g, pred[bj]))
    tp = len(pairs)
    return tp, len(pred) - tp, len(gold) - tp, pairs


def align(gold_docs: Sequence[Doc], pred_docs: Sequence[Doc]) -> list[tuple[Doc, Doc | None]]:
    """Pair each gold document with the free prediction holding most of its keep fragments
    (plus a little title similarity, minus a little distance in reading order)."""
    pairs: list[tuple[Doc, Doc | None]] = []
    used: set[int] = set()
    for gi, g in enumerate(gold_docs):
        keeps = [norm(k) for k in g.get("keep", []) if norm(k)]
        best, bj = -1.0, None
        for pj, p in enumerate(pred_docs):
            if pj in used:
                continue
            text = norm(p.get("text") or "")
            hit = sum(1 for k in keeps if k in text) / len(keeps) if keeps else 0.0
            hit += 0.3 * sim(g.get("title"), p.get("title")) - 0.01 * abs(pj - gi)
            if hit > best:
                best, bj = hit, pj
        if bj is not None and best > 0.05:
            used.add(bj)
            pairs.append((g, pred_docs[bj]))
        else:
            pairs.append((g, None))
    return pairs


# --------------------------------------------------------------------------- per-field scoring
def score_file(gold: Doc, pred: Doc | None, t: Tally, detail: list[str]) -> None:
    """Add one file's figures to ``t``; explain section mismatches in ``detail``."""
    gdocs = gold["documents"]
    pdocs = (pred or {}).get("documents") or []
    t.add("parts", float(len(gdocs) == len(pdocs)))
    all_text = norm("".join(p.get("text") or "" for p in pdocs))
    for g, p_or_none in align(gdocs, pdocs):
        p = p_or_none or {}
        _score_text(g, p, all_text, t)
        _score_labels(g, p, t)
        _score_header(g, p, t)
        _score_sections(g, p, t, detail)
        _score_phases(g, p, t)
        _score_leaders(g, p, t)
        _score_tasks(g, p, t)


def _score_text(g: Doc, p: Doc, all_text: str, t: Tally) -> None:
    text = norm(p.get("text") or "")
    for k in g.get("keep", []):
        t.add("keep", float(norm(k) in text))
    for n in g.get("noise", []):
        if norm(n):  # noise is judged against every document of the file
            t.add("noise_removed", float(norm(n) not in all_text))


def _score_labels(g: Doc, p: Doc, t: Tally) -> None:
    for f in ("script", "campaign_type"):
        if f in g:
            t.add(f, float(g[f] == p.get(f)))
    pred_kind = p.get("kind") or "plan"
    if "kind" in g:
        t.add("kind", float(g["kind"] == pred_kind))
    elif p:  # no kind in the gold means "plan"
        t.add("kind", float(pred_kind == "plan"))
    if "title" in g:
        s = sim(g["title"], p.get("title"))
        t.add("title_exact", float(s >= TITLE_EXACT))
        t.add("title_sim", s)


def _score_header(g: Doc, p: Doc, t: Tally) -> None:
    for f in ("issuer", "date"):
        if f in g:
            ok = not p.get(f) if g[f] is None else norm(g[f]) == norm(p.get(f))
            t.add(f, float(ok))
    if "doc_number" in g:
        gd = g["doc_number"]
        ok = (
            not p.get("doc_number")
            if gd is None
            else (norm_doc_number(gd) == norm_doc_number(p.get("doc_number")))
        )
        t.add("doc_number", float(ok))


def _score_sections(g: Doc, p: Doc, t: Tally, detail: list[str]) -> None:
    if "sections" not in g:
        return
    gs, ps = g["sections"], p.get("sections") or []
    tp, fp, fn, pairs = match_sets(gs, ps, key=lambda s: s.get("heading"), thresh=SECTION_THRESH)
    t.prf("section_heading", tp, fp, fn)
    for gsec, psec in pairs:
        t.add("section_role", float(gsec.get("role") == psec.get("role")))
    if fn or fp:
        gold_heads = [s.get("heading") for s in gs]
        pred_heads = [s.get("heading") for s in ps]
        detail.append(f"  sections gold={gold_heads} pred={pred_heads}")


def _span_key(x: Doc) -> str:
    return f"{x.get('start') or ''}~{x.get('end') or ''}"


def _score_phases(g: Doc, p: Doc, t: Tally) -> None:
    if "phases" not in g:
        return
    gp, pp = g["phases"], p.get("phases") or []
    t.prf("phase_span", *match_sets(gp, pp, key=_span_key)[:3])
    t.prf("phase_name", *match_sets(gp, pp, key=lambda x: x.get("name"), thresh=0.6)[:3])


def _score_leaders(g: Doc, p: Doc, t: Tally) -> None:
    if "leaders" not in g:
        return
    gl, pl = g["leaders"], p.get("leaders") or []
    role_name = match_sets(gl, pl, key=lambda x: f"{x.get('role')}:{x.get('name')}")
    t.prf("leader_role_name", *role_name[:3])
    t.prf("leader_name", *match_sets(gl, pl, key=lambda x: x.get("name"))[:3])


def _score_tasks(g: Doc, p: Doc, t: Tally) -> None:
    if "tasks" not in g:
        return
    gt, pt = g["tasks"], p.get("tasks") or []
    tp, fp, fn, pairs = match_sets(gt, pt, key=lambda x: x.get("title"), thresh=TASK_THRESH)
    t.prf("task_title", tp, fp, fn)
    for gtask, ptask in pairs:
        _score_task_pair(gtask, ptask, t)
    matched = {id(gx) for gx, _ in pairs}
    for gtask in gt:  # owners/leaders of gold tasks that found no partner are all missed
        if id(gtask) not in matched:
            for f in ("owners", "leaders"):
                if gtask.get(f):
                    t.prf(f"task_{f}", 0, 0, len(gtask[f]))


def _score_task_pair(gtask: Doc, ptask: Doc, t: Tally) -> None:
    for f in ("owners", "leaders"):
        if f in gtask:
            t.prf(f"task_{f}", *match_sets(gtask[f], ptask.get(f) or [])[:3])
    if "deadline" in gtask:
        gd, pd = gtask["deadline"] or {}, ptask.get("deadline") or {}
        same = (gd.get("start"), gd.get("end")) == (pd.get("start"), pd.get("end"))
        t.add("task_deadline", float(same))
    if gtask.get("group"):
        t.add("task_group", float(sim(gtask["group"], ptask.get("group")) >= GROUP_THRESH))


# --------------------------------------------------------------------------- running a corpus
@dataclass
class GoldRun:
    """Scores of a gold folder: per-field (score, support), failures, timing."""

    scores: dict[str, float]
    support: dict[str, int]
    files: int
    failures: list[str]
    details: dict[str, list[str]]
    median_s: float


def parse_to_dict(path: Path) -> tuple[Doc | None, str | None]:
    """Run the pipeline in-process; a file that yields no document is a failure (as the
    CLI's exit code 2 is for the shared scorer)."""
    from pipeline.run import parse_file

    try:
        result = parse_file(path).to_dict()
    except Exception as e:  # the gate must report a crash as a failed file, not die
        return None, f"internal error: {type(e).__name__}: {e}"
    if not result["documents"]:
        reasons = "; ".join(e["reason"] for e in result["errors"]) or "no documents"
        return None, reasons
    return result, None


def gold_files(gold_dir: Path) -> list[Path]:
    return sorted(gold_dir.glob("*.gold.json"))


def input_of(gold: Doc, gold_path: Path, inputs: Path) -> Path:
    """The input a gold file describes: its ``input`` key, else NAME.txt."""
    if "input" in gold:
        return inputs / gold["input"]
    return inputs / gold_path.name.replace(".gold.json", ".txt")


def run_gold(inputs: Path, gold_dir: Path | None = None) -> GoldRun:
    t = Tally()
    failures: list[str] = []
    times: list[float] = []
    details: dict[str, list[str]] = {}
    files = gold_files(gold_dir or inputs)
    for gf in files:
        gold = json.loads(gf.read_text(encoding="utf-8"))
        src = input_of(gold, gf, inputs)
        t0 = time.perf_counter()
        pred, err = parse_to_dict(src)
        times.append(time.perf_counter() - t0)
        if err:
            failures.append(f"{src.name}: {err}")
        detail: list[str] = []
        score_file(gold, pred, t, detail)
        if detail:
            details[src.name] = detail
    scores, support = _collect(t)
    median = sorted(times)[len(times) // 2] if times else 0.0
    return GoldRun(scores, support, len(files), failures, details, median)


def _collect(t: Tally) -> tuple[dict[str, float], dict[str, int]]:
    scores: dict[str, float] = {}
    support: dict[str, int] = {}
    for f in FIELDS:
        s, n = t.score(f)
        if s is not None and n:  # as the shared scorer: fields without support are not shown
            scores[f] = round(s, 3)
            support[f] = n
    return scores, support


def print_gold_run(run: GoldRun, verbose: bool) -> None:
    if verbose:
        for name, lines in run.details.items():
            print(name)
            print("\n".join(lines))
    for f, s in run.scores.items():
        print(f"{f:18s} {s:6.3f}  (n={run.support[f]})")
    print(f"files={run.files} failed={len(run.failures)} median_s={run.median_s:.2f}")
    for line in run.failures[:10]:
        print("  FAIL", line)


# --------------------------------------------------------------------------- labels
@dataclass
class LabelRun:
    accuracy: dict[str, float]
    support: dict[str, int]
    misses: list[str]


def score_labels(rows: Iterable[Doc], predict: Callable[[str], Doc | None]) -> LabelRun:
    """Accuracy of script/kind/campaign_type/title against label rows; ``predict(file)``
    returns the first parsed document of that file (or None). Titles compare with ``norm``;
    a row whose title is null is skipped for the title only."""
    hits = dict.fromkeys(LABEL_FIELDS, 0)
    counts = dict.fromkeys(LABEL_FIELDS, 0)
    misses: list[str] = []
    for row in rows:
        doc = predict(row["file"]) or {}
        for f in LABEL_FIELDS:
            if f == "title" and row.get("title") is None:
                continue
            gold, got = row.get(f), doc.get(f)
            ok = norm(gold) == norm(got) if f == "title" else gold == got
            counts[f] += 1
            hits[f] += int(ok)
            if not ok:
                misses.append(f"{row['file']} {f}: gold={gold!r} pred={got!r}")
    accuracy = {f: round(hits[f] / counts[f], 3) for f in LABEL_FIELDS if counts[f]}
    return LabelRun(accuracy, {f: counts[f] for f in accuracy}, misses)


def first_document(path: Path) -> Doc | None:
    pred, _ = parse_to_dict(path)
    return pred["documents"][0] if pred else None


def run_labels(inputs: Path, labels: Path) -> LabelRun:
    rows = [json.loads(ln) for ln in labels.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return score_labels(rows, lambda name: first_document(inputs / name))


def print_label_run(run: LabelRun, verbose: bool) -> None:
    for f, acc in run.accuracy.items():
        print(f"{f:18s} {acc:6.3f}  (n={run.support[f]})")
    if verbose:
        for line in run.misses:
            print("  MISS", line)


# --------------------------------------------------------------------------- the gate
def corpus_digest(gold_dir: Path, inputs: Path | None = None) -> tuple[str, dict[str, int]]:
    """SHA-256 over every gold file and the input it names (name + content hash, sorted),
    and the counts of gold files, documents and inputs."""
    inputs = inputs or gold_dir
    h = hashlib.sha256()
    docs = 0
    paths: list[Path] = []
    for gf in gold_files(gold_dir):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        docs += len(gold["documents"])
        paths += [gf, input_of(gold, gf, inputs)]
    for p in sorted(paths, key=lambda x: x.name):
        h.update(p.name.encode() + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest() if p.exists() else b"missing")
    counts = {"gold_files": len(paths) // 2, "documents": docs, "inputs": len(paths) // 2}
    return h.hexdigest(), counts


def floor_of(score: float) -> float:
    """A floor is the score rounded down to 3 decimals, so re-measuring passes."""
    return math.floor(score * 1000 + 1e-9) / 1000


def pin_baseline(
    old: Doc | None,
    scores: dict[str, float],
    digest: str,
    counts: dict[str, int],
    allow_regression: bool = False,
) -> tuple[Doc, list[str]]:
    """New baseline from measured scores. A floor never goes down unless
    ``allow_regression``; the fields whose floor was kept above the score are returned."""
    floors = dict((old or {}).get("floors", {}))
    kept: list[str] = []
    for f in FIELDS:
        if f not in scores:
            continue
        new = floor_of(scores[f])
        prev = floors.get(f)
        if prev is not None and new < prev and not allow_regression:
            kept.append(f"{f}: measured {scores[f]:.3f} < floor {prev:.3f} (kept)")
            continue
        floors[f] = new
    baseline = {
        "epsilon": EPSILON,
        "sha256": digest,
        "counts": counts,
        "floors": {f: floors[f] for f in FIELDS if f in floors},
        "scores": {f: scores[f] for f in FIELDS if f in scores},
    }
    return baseline, kept


def check_gate(baseline: Doc, scores: dict[str, float], digest: str) -> list[str]:
    """Reasons the gate fails: changed gold/inputs, or a field below its floor − epsilon."""
    problems: list[str] = []
    if baseline.get("sha256") != digest:
        problems.append(
            "gold files or inputs changed since the baseline was pinned: "
            "re-pin with `python -m pipeline.evaluate --pin corpora/plans`"
        )
    eps = float(baseline.get("epsilon", EPSILON))
    for f, floor in baseline.get("floors", {}).items():
        got = scores.get(f, 0.0)
        if got < floor - eps:
            problems.append(f"{f} {got:.3f} < floor {floor:.3f}")
    return problems


def baseline_path(gold_dir: Path) -> Path:
    """corpora/plans → corpora/eval_baseline.json (beside the folder of plans)."""
    return gold_dir.parent / BASELINE_NAME


def cmd_pin(gold_dir: Path, allow_regression: bool) -> int:
    path = baseline_path(gold_dir)
    old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
    run = run_gold(gold_dir)
    digest, counts = corpus_digest(gold_dir)
    baseline, kept = pin_baseline(old, run.scores, digest, counts, allow_regression)
    path.write_text(json.dumps(baseline, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print_gold_run(run, verbose=False)
    print(f"pinned {path}")
    for line in kept:
        print("  NOT LOWERED", line, "- use --allow-regression to lower it")
    return 1 if kept else 0


def cmd_gate(gold_dir: Path) -> int:
    baseline = json.loads(baseline_path(gold_dir).read_text(encoding="utf-8"))
    run = run_gold(gold_dir)
    digest, _ = corpus_digest(gold_dir)
    problems = check_gate(baseline, run.scores, digest)
    print_gold_run(run, verbose=False)
    for p in problems:
        print("GATE", p)
    print("gate passed" if not problems else "gate FAILED")
    return 1 if problems else 0


# --------------------------------------------------------------------------- entry points
def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m pipeline.evaluate",
        description="Score parses against gold files or labels; pin or check the gate.",
    )
    ap.add_argument("--inputs", help="folder of input files")
    ap.add_argument("--gold", help="folder of *.gold.json (default: --inputs)")
    ap.add_argument("--labels", help="labels.jsonl: accuracy of the first document per file")
    ap.add_argument("--json", help="also write the scores to this file")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--pin", metavar="DIR", help="re-pin DIR/../eval_baseline.json")
    ap.add_argument("--gate", metavar="DIR", help="fail when a field is below its floor")
    ap.add_argument("--allow-regression", action="store_true", help="let --pin lower floors")
    return ap


def main(args: argparse.Namespace | Sequence[str] | None = None) -> int:
    if not isinstance(args, argparse.Namespace):
        args = build_parser().parse_args(args)
    if getattr(args, "pin", None):
        return cmd_pin(Path(args.pin), bool(getattr(args, "allow_regression", False)))
    if getattr(args, "gate", None):
        return cmd_gate(Path(args.gate))
    if not args.inputs:
        print("error: --inputs is required", file=sys.stderr)
        return 2
    inputs = Path(args.inputs)
    if args.labels:
        lrun = run_labels(inputs, Path(args.labels))
        print_label_run(lrun, args.verbose)
        out: Doc = {"accuracy": lrun.accuracy, "support": lrun.support}
    else:
        grun = run_gold(inputs, Path(args.gold) if args.gold else None)
        print_gold_run(grun, args.verbose)
        out = {"scores": grun.scores, "failed": len(grun.failures), "files": grun.files}
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
