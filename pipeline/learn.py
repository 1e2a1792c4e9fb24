"""Learned classifiers where language is not regular: section role, document kind, campaign.

Three linear models over character 1–3-grams (:mod:`pipeline.features`), trained by
``fangan train`` from the gold files and the labelled dev set in ``../shared`` plus the
project's own ``corpora/**/*.gold.json``, saved as plain JSON in ``models/`` with a card.

At predict time only numpy is used (no pickle, no sklearn); every ``predict_*`` returns None
when its artifact is absent or unreadable, so callers fall back to their keyword rules.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.features import ANALYZER_ID, LinearTextModel, char_ngrams, join_fields, round_sig
from pipeline.normalize import to_simplified

REPO_ROOT = Path(__file__).resolve().parents[1]
MODELS_DIR = REPO_ROOT / "models"
DEFAULT_SHARED = REPO_ROOT / ".." / "shared"
RESOURCES = Path(__file__).resolve().parent / "resources"

MODEL_FILES = {
    "roles": "section_role.json",
    "kind": "document_kind.json",
    "campaign": "campaign_type.json",
}
SEED = 20240601  # random_state of every split and model
N_FOLDS = 5
MIN_CLASS = 5  # classes with fewer examples are merged for stratification only
OPENING_CHARS = 120  # opening text of a section fed to the role model
DOC_CHARS = 3000  # opening text of a document fed to the kind/campaign models
# Below this predict_role answers None (the rules then say "other"). Measured on the gold
# (188 sections): where no keyword matches, the answer is "other" 18 times in 19, and the
# model at p >= 0.4..0.8 turned one right "other" wrong; at 0.9 it changes nothing.
ROLE_MIN_PROB = 0.9
# Model confidence needed to replace a rule's non-answer, as scored in the card's
# "rules_then_model" (recommended threshold for the callers in roles.py / classify.py).
FALLBACK_MIN_PROB = {"roles": ROLE_MIN_PROB, "campaign": 0.6}
# Vocabulary caps keep each artifact well under 2 MB (9 classes × 6000 × ~11 bytes ≈ 0.6 MB);
# tuned by 5-fold CV on the shared data: 6000 beat 20000 for all three models (C 10 vs 1, 100).
MAX_FEATURES = {"roles": 6000, "kind": 6000, "campaign": 6000}
C_VALUES = {"roles": 10.0, "kind": 10.0, "campaign": 10.0}

RE_PINYIN_GLOSS = re.compile(r"\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüń]{1,7}\)")
RE_TOP_HEADING = re.compile(
    r"(?:^|(?<=[\n。;；:：]))[ \t\u3000]*([一二三四五六七八九十]{1,3})[、.．]"
    r"[ \t\u3000]*([^\n。，,:：;；!！?？]{2,24})"
)
RE_SECTION_NUMBER_SEP = r"\s*[、.．)）]?\s*"


@dataclass(frozen=True)
class Example:
    """One labelled example: ``fields`` are (heading or title, opening text)."""

    fields: tuple[str, ...]
    label: str
    weak: bool = False

    @property
    def doc(self) -> str:
        return join_fields(*self.fields)


# --------------------------------------------------------------------------- predict API
@cache
def _load(path: Path) -> LinearTextModel | None:
    try:
        return LinearTextModel.load(path)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # absent or unreadable artifact: callers fall back to rules


def _model(name: str) -> LinearTextModel | None:
    return _load(MODELS_DIR / MODEL_FILES[name])  # MODELS_DIR read at call time (tests patch it)


def predict_role(heading: str, text: str = "") -> str | None:
    """Section role for a heading (+ opening text of the section); None if unsure or no model."""
    model = _model("roles")
    if model is None or not heading.strip():
        return None
    label, p = model.predict(role_doc(heading, text))
    return label if p >= ROLE_MIN_PROB else None


def predict_kind(title: str | None, text: str) -> tuple[str, float] | None:
    """(kind, probability) of a document, or None without a model."""
    model = _model("kind")
    return model.predict(document_doc(title, text)) if model is not None else None


def predict_campaign(title: str | None, text: str) -> tuple[str, float] | None:
    """(campaign_type, probability) of a document, or None without a model."""
    model = _model("campaign")
    return model.predict(document_doc(title, text)) if model is not None else None


def clean_text(text: str) -> str:
    """Simplified script without pinyin glosses ("指導(dǎo)思想" → "指导思想")."""
    return to_simplified(RE_PINYIN_GLOSS.sub("", text or ""))


def role_doc(heading: str, text: str = "") -> str:
    return join_fields(clean_text(heading), clean_text(text[: OPENING_CHARS * 2])[:OPENING_CHARS])


def document_doc(title: str | None, text: str) -> str:
    return join_fields(clean_text(title or ""), clean_text(text[: DOC_CHARS * 2])[:DOC_CHARS])


# --------------------------------------------------------------------------- datasets
def read_text(path: Path) -> str:
    """A corpus file as simplified text: the project's readers (any format and encoding, zip
    members in order), else utf-8 / gb18030; "" when unreadable."""
    data = path.read_bytes()
    try:
        from pipeline.readers import iter_zip_members, read

        members = iter_zip_members(data, path.name) if path.suffix == ".zip" else []
        parts = [read(d, n).blocks for n, d in members] or [read(data, path.name).blocks]
        return clean_text("\n".join(b.raw or b.text for blocks in parts for b in blocks))
    except Exception:  # readers absent or refusing the file: plain decoding below
        pass
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return clean_text(data.decode(enc))
        except UnicodeDecodeError:
            continue
    return ""


def gold_files(shared: Path | None, repo: Path = REPO_ROOT) -> list[tuple[Path, Path]]:
    """(gold file, input file) pairs: shared seeds gold and the project's own corpora gold."""
    pairs: list[tuple[Path, Path]] = []
    if shared is not None:
        for g in sorted((shared / "corpora" / "gold").glob("*.gold.json")):
            pairs.append((g, shared / "corpora" / "seeds" / _gold_input(g)))
    for g in sorted((repo / "corpora").glob("**/*.gold.json")):
        pairs.append((g, g.parent / _gold_input(g)))
    return [(g, i) for g, i in pairs if i.is_file()]


def _gold_input(gold: Path) -> str:
    return str(json.loads(gold.read_text(encoding="utf-8")).get("input", ""))


def _gold_documents(gold: Path) -> list[dict[str, Any]]:
    return list(json.loads(gold.read_text(encoding="utf-8")).get("documents", []))


def gold_role_examples(pairs: Iterable[tuple[Path, Path]]) -> list[Example]:
    """Every gold section: (heading, opening text found after it in the input) → role."""
    out: list[Example] = []
    for gold, inp in pairs:
        text, pos = read_text(inp), 0
        for doc in _gold_documents(gold):
            for s in doc.get("sections", []):
                heading = clean_text(s.get("heading", ""))
                opening, pos = _opening_after(text, s.get("number", ""), heading, pos)
                out.append(Example((heading, opening), s.get("role", "other")))
    return out


def _opening_after(text: str, number: str, heading: str, pos: int) -> tuple[str, int]:
    """Text following "number、heading" at or after ``pos`` (reading order), and the new pos."""
    pat = re.compile(re.escape(number) + RE_SECTION_NUMBER_SEP + re.escape(heading[:8]))
    m = pat.search(text, pos) or pat.search(text)
    if m is None:
        return "", pos
    end = m.end() + max(0, len(heading) - 8)
    return text[end : end + OPENING_CHARS].strip(), m.end()


@cache
def role_seeds() -> tuple[tuple[str, str], ...]:
    """(keyword, role) rows of ``resources/learn_role_seeds.tsv``."""
    rows = (RESOURCES / "learn_role_seeds.tsv").read_text(encoding="utf-8").splitlines()
    return tuple(
        (k, r) for k, r in (ln.split("\t", 1) for ln in rows if ln and not ln.startswith("#"))
    )


def weak_role(heading: str) -> str | None:
    """Seed keyword found earliest in the heading (ties: the longest), else None."""
    hits = [(heading.find(k), -len(k), r) for k, r in role_seeds() if k in heading]
    return min(hits)[2] if hits else None


def dev_headings(text: str) -> Iterator[tuple[str, str]]:
    """(heading, opening text) of top-level numbered headings ("一、…") in a text."""
    for m in RE_TOP_HEADING.finditer(text):
        heading = m.group(2).strip()
        yield heading, text[m.end() : m.end() + OPENING_CHARS].lstrip("。，,:： \n")


def weak_role_examples(dev_dir: Path) -> list[Example]:
    """Dev-text headings labelled by the seed table, marked weak (training only)."""
    out: list[Example] = []
    for path in sorted(dev_dir.glob("*.txt")):
        for heading, opening in dev_headings(read_text(path)):
            role = weak_role(heading)
            if role is not None:
                out.append(Example((heading, opening), role, weak=True))
    return out


def gold_document_examples(pairs: Iterable[tuple[Path, Path]], key: str) -> list[Example]:
    """(title, text from the title on) → ``key`` (kind: absent means plan) per gold document."""
    out: list[Example] = []
    for gold, inp in pairs:
        text, pos = read_text(inp), 0
        for doc in _gold_documents(gold):
            title = clean_text(doc.get("title") or "")
            at = text.find(title[:12], pos) if title else -1
            pos = at + 1 if at >= 0 else pos
            body = text[at : at + DOC_CHARS] if at >= 0 else ""
            label = doc.get(key) or ("plan" if key == "kind" else None)
            if label:
                out.append(Example((title, body), label))
    return out


def labelled_dev_examples(dev_dir: Path, key: str) -> list[Example]:
    """``labels.jsonl`` rows: (title, first DOC_CHARS of the file) → ``key``."""
    path = dev_dir / "labels.jsonl"
    if not path.is_file():
        return []
    out: list[Example] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line) if line.strip() else {}
        f = dev_dir / str(row.get("file", ""))
        if row.get(key) and f.is_file():
            title = clean_text(row.get("title") or "")
            out.append(Example((title, read_text(f)[:DOC_CHARS]), row[key]))
    return out


def build_dataset(name: str, shared: Path | None, repo: Path = REPO_ROOT) -> list[Example]:
    """The examples of model ``name`` (roles | kind | campaign), deduplicated, in stable order."""
    pairs = gold_files(shared, repo)
    dev = shared / "corpora" / "dev" if shared is not None else None
    if name == "roles":
        examples = gold_role_examples(pairs) + (weak_role_examples(dev) if dev else [])
    else:
        key = "kind" if name == "kind" else "campaign_type"
        examples = (labelled_dev_examples(dev, key) if dev else []) + gold_document_examples(
            pairs, key
        )
    return _dedupe(examples)


def _dedupe(examples: list[Example]) -> list[Example]:
    seen: set[tuple[str, str]] = set()
    out: list[Example] = []
    for e in examples:
        if (e.doc, e.label) not in seen:
            seen.add((e.doc, e.label))
            out.append(e)
    return out


def dataset_sha256(examples: Iterable[Example]) -> str:
    h = hashlib.sha256()
    for e in examples:
        h.update(json.dumps([e.label, e.weak, e.doc], ensure_ascii=False).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


# --------------------------------------------------------------------------- training
def _fit(examples: list[Example], name: str) -> tuple[Any, Any]:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    min_df = 2 if len(examples) >= 50 else 1  # tiny sets (tests) keep every gram
    vec = TfidfVectorizer(
        analyzer=char_ngrams,
        min_df=min_df,
        max_features=MAX_FEATURES.get(name, 8000),
        sublinear_tf=True,
        dtype=np.float64,
    )
    x = vec.fit_transform([e.doc for e in examples])
    clf = LogisticRegression(
        C=C_VALUES.get(name, 10.0), class_weight="balanced", max_iter=5000, random_state=SEED
    )
    clf.fit(x, [e.label for e in examples])
    return vec, clf


def _predict_labels(vec: Any, clf: Any, docs: list[str]) -> list[tuple[str, float]]:
    proba = clf.predict_proba(vec.transform(docs))
    return [(str(clf.classes_[row.argmax()]), float(row.max())) for row in proba]


def _stratify_labels(labels: list[str]) -> list[str]:
    """Labels for fold assignment only: rare classes merged so every stratum has ≥ MIN_CLASS."""
    counts = Counter(labels)
    merged = ["_rare" if counts[y] < MIN_CLASS else y for y in labels]
    if 0 < Counter(merged)["_rare"] < MIN_CLASS:
        top = counts.most_common(1)[0][0]
        merged = [top if y == "_rare" else y for y in merged]
    return merged


def cross_validate(examples: list[Example], name: str) -> dict[str, Any]:
    """Out-of-fold predictions on the strong examples (weak ones always train, never test)."""
    from sklearn.model_selection import StratifiedKFold

    strong = [e for e in examples if not e.weak]
    weak = [e for e in examples if e.weak]
    labels = [e.label for e in strong]
    n_folds = min(N_FOLDS, min(Counter(_stratify_labels(labels)).values()))
    if len(strong) < 2 * N_FOLDS or n_folds < 2:
        return {"n": len(strong), "folds": 0, "note": "too few strong examples for CV"}
    skf = StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=SEED)
    pred: list[tuple[str, float]] = [("", 0.0)] * len(strong)
    for train_idx, test_idx in skf.split(strong, _stratify_labels(labels)):
        vec, clf = _fit([strong[i] for i in train_idx] + weak, name)
        fold_pred = _predict_labels(vec, clf, [strong[i].doc for i in test_idx])
        for i, y in zip(test_idx, fold_pred, strict=True):
            pred[int(i)] = y
    return {"folds": n_folds, **score(labels, [y for y, _ in pred]), "pred": pred}


def score(gold: list[str], pred: list[str]) -> dict[str, Any]:
    """Accuracy, macro-F1 (over gold labels) and a per-class report."""
    from sklearn.metrics import accuracy_score, classification_report, f1_score

    labels = sorted(set(gold))
    return {
        "n": len(gold),
        "accuracy": round_sig(float(accuracy_score(gold, pred)), 4),
        "macro_f1": round_sig(float(f1_score(gold, pred, labels=labels, average="macro")), 4),
        "report": classification_report(gold, pred, labels=labels, digits=3, zero_division=0),
    }


def _rule_function(name: str) -> Any:
    """The keyword-rule classifier of model ``name`` (rules alone), or None if not importable."""
    try:
        if name == "roles":
            from pipeline.roles import rule_role

            return lambda heading, _text="": rule_role(heading)  # None: no rule knows it
        from pipeline.classify import campaign_type, document_kind
    except ImportError:
        return None
    return document_kind if name == "kind" else campaign_type


def rules_predictions(examples: list[Example], name: str) -> list[str | None] | None:
    """The rules' labels for the strong examples (None where they have no answer); None
    without rules (or if they crash)."""
    rule = _rule_function(name)
    if rule is None:
        return None
    try:
        return [rule(*e.fields) for e in examples if not e.weak]
    except Exception:  # a half-written rule module must not break training
        return None


def evaluate_model(examples: list[Example], name: str) -> dict[str, Any]:
    """CV of the model, the rules alone, and rules first with the model where they have no
    answer (roles: no keyword; campaign: "other") when it is at least FALLBACK_MIN_PROB sure."""
    cv = cross_validate(examples, name)
    model_pred = cv.pop("pred", None)
    result: dict[str, Any] = {"cv": cv, "rules_baseline": None, "rules_then_model": None}
    rule_pred = rules_predictions(examples, name)
    gold = [e.label for e in examples if not e.weak]
    if rule_pred is None or not gold:
        return result
    result["rules_baseline"] = score(gold, [r or "other" for r in rule_pred])
    if model_pred is not None and name != "kind":  # kind rules always answer
        unsure = None if name == "roles" else "other"
        both = [
            m if r == unsure and p >= FALLBACK_MIN_PROB[name] else (r or "other")
            for r, (m, p) in zip(rule_pred, model_pred, strict=True)
        ]
        result["rules_then_model"] = {"min_prob": FALLBACK_MIN_PROB[name], **score(gold, both)}
    return result


# --------------------------------------------------------------------------- artifacts
def to_artifact(vec: Any, clf: Any) -> dict[str, Any]:
    """The JSON-able model: features in index order, idf, coef (one row per class), intercept."""
    features = [""] * len(vec.vocabulary_)
    for gram, j in vec.vocabulary_.items():
        features[j] = gram
    coef, intercept = clf.coef_, clf.intercept_
    if coef.shape[0] == 1:  # binary: sigmoid(z) == softmax([-z/2, z/2])
        coef, intercept = [-coef[0] / 2, coef[0] / 2], [-intercept[0] / 2, intercept[0] / 2]
    return {
        "analyzer": ANALYZER_ID,
        "classes": [str(c) for c in clf.classes_],
        "features": features,
        "idf": [round_sig(float(v)) for v in vec.idf_],
        "coef": [[round_sig(float(v)) for v in row] for row in coef],
        "intercept": [round_sig(float(v)) for v in intercept],
        "sublinear_tf": True,
    }


def train_model(examples: list[Example], name: str) -> dict[str, Any]:
    """Fit on all examples (strong + weak); artifact dict with its card (no clock, no CV)."""
    import numpy
    import sklearn

    vec, clf = _fit(examples, name)
    art = to_artifact(vec, clf)
    art["card"] = {
        "model": name,
        "trained_by": f"fangan train --shared ../shared --only {name}",
        "sklearn": sklearn.__version__,
        "numpy": numpy.__version__,
        "training_sha256": dataset_sha256(examples),
        "label_counts": dict(sorted(Counter(e.label for e in examples if not e.weak).items())),
        "weak_label_counts": dict(sorted(Counter(e.label for e in examples if e.weak).items())),
        "random_state": SEED,
        "params": {
            "vectorizer": "TfidfVectorizer(analyzer=char_ngrams, sublinear_tf=True)",
            "max_features": MAX_FEATURES.get(name, 8000),
            "classifier": "LogisticRegression(class_weight='balanced')",
            "C": C_VALUES.get(name, 10.0),
        },
    }
    return art


def dump_artifact(art: dict[str, Any]) -> str:
    """Byte-stable JSON: sorted keys, compact separators, floats already rounded."""
    return json.dumps(art, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def card_markdown(art: dict[str, Any]) -> str:
    card = art["card"]
    lines = [
        f"# Model card: {card['model']} ({MODEL_FILES[card['model']]})",
        "",
        f"- trained by: `{card['trained_by']}` (sklearn {card['sklearn']}, numpy {card['numpy']})",
        f"- training set SHA-256: `{card['training_sha256']}`",
        f"- random_state: {card['random_state']}; features: {len(art['features'])}",
        f"- classes: {', '.join(art['classes'])}",
        f"- strong label counts: {json.dumps(card['label_counts'], ensure_ascii=False)}",
        f"- weak label counts (train only): {json.dumps(card['weak_label_counts'])}",
        "- loading: plain JSON + numpy (`pipeline.features.LinearTextModel`), no pickle",
        "- cv: stratified 5-fold on the strong (gold/labelled) examples; weak ones only train.",
        "  rules_baseline scores the keyword rules alone on the same examples — in-sample for",
        "  rules tuned on this data, so it flatters the rules.",
    ]
    for key in ("cv", "rules_baseline", "rules_then_model"):
        s = card.get(key)
        if s and "accuracy" in s:
            head = f"## {key} (n={s['n']}): accuracy {s['accuracy']}, macro-F1 {s['macro_f1']}"
            head += f" (model used at p >= {s['min_prob']})" if "min_prob" in s else ""
            lines += ["", head, "", "```", s["report"].rstrip(), "```"]
    return "\n".join(lines) + "\n"


def run_training(name: str, shared: Path | None, out: Path) -> dict[str, Any]:
    """Dataset → CV → rules baseline → fit on all → write ``out/<model>.json`` and ``.md``."""
    examples = build_dataset(name, shared)
    if not [e for e in examples if not e.weak]:
        raise ValueError(f"no labelled data for {name!r} (looked in {shared} and corpora/)")
    art = train_model(examples, name)
    art["card"].update(evaluate_model(examples, name))
    out.mkdir(parents=True, exist_ok=True)
    path = out / MODEL_FILES[name]
    path.write_text(dump_artifact(art), encoding="utf-8")
    path.with_suffix(".md").write_text(card_markdown(art), encoding="utf-8")
    return art


def main_train(shared: str | None, out: str | None, only: str | None) -> int:
    """``fangan train``: train the requested models and print their evaluation."""
    import sys

    shared_dir = Path(shared) if shared else DEFAULT_SHARED
    if not (shared_dir / "corpora").is_dir():
        print(
            f"note: no shared corpora at {shared_dir}; using project corpora only", file=sys.stderr
        )
        shared_dir = None  # type: ignore[assignment]
    out_dir = Path(out) if out else MODELS_DIR
    for name in [only] if only else list(MODEL_FILES):
        try:
            art = run_training(name, shared_dir, out_dir)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        _print_summary(art, out_dir / MODEL_FILES[name])
    return 0


def _print_summary(art: dict[str, Any], path: Path) -> None:
    card = art["card"]
    print(f"== {card['model']}: {path} ({path.stat().st_size / 1024:.0f} KiB)")
    strong, weak = sum(card["label_counts"].values()), sum(card["weak_label_counts"].values())
    print(f"   strong: {strong}  weak: {weak}  sha256: {card['training_sha256'][:16]}")
    for key in ("cv", "rules_baseline", "rules_then_model"):
        s = card.get(key)
        if s and "accuracy" in s:
            print(f"   {key}: accuracy {s['accuracy']}  macro-F1 {s['macro_f1']}  (n={s['n']})")
            print("     " + s["report"].rstrip().replace("\n", "\n     "))
        else:
            print(f"   {key}: {s}")
