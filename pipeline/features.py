"""Character n-gram features and a linear text model that loads from plain JSON.

Training (``pipeline.learn``) fits scikit-learn's ``TfidfVectorizer`` with :func:`char_ngrams`
as its analyzer, so training and prediction share one feature function by construction.
Prediction needs only numpy: the JSON artifact holds the vocabulary, idf, coefficients and
intercepts, and :class:`LinearTextModel` recomputes ``softmax(x @ coef.T + b)`` — no pickle,
no sklearn at predict time.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

FIELD_SEP = "\x1f"  # joins the fields of one example (heading/title, then body text)
NGRAM_RANGE = (1, 3)
ANALYZER_ID = "fangan-char-wb-1-3/fields-v1"  # bump when char_ngrams changes meaning

RE_SPACE = re.compile(r"\s+")


def join_fields(*fields: str | None) -> str:
    """One training/prediction document from its fields (e.g. heading, opening text)."""
    return FIELD_SEP.join(RE_SPACE.sub(" ", f or "").strip() for f in fields)


def char_ngrams(doc: str) -> list[str]:
    """Char 1–3-grams per whitespace-separated word, padded with spaces (like ``char_wb``).

    Each field of ``doc`` (see :func:`join_fields`) gets its own prefix ("0|", "1|" ...), so a
    gram in a heading and the same gram in the body text are different features.
    """
    grams: list[str] = []
    for i, field in enumerate(doc.split(FIELD_SEP)):
        pre = f"{i}|"
        for word in field.lower().split():
            padded = f" {word} "
            size = len(padded)
            # NGRAM_RANGE (1, 3) spelled out: list comprehensions, no per-gram f-string
            grams += [pre + padded[k : k + 1] for k in range(size)]
            grams += [pre + padded[k : k + 2] for k in range(size - 1)]
            grams += [pre + padded[k : k + 3] for k in range(size - 2)]
    return grams


def round_sig(x: float, digits: int = 6) -> float:
    """``x`` rounded to ``digits`` significant digits (stable JSON across BLAS builds)."""
    if x == 0 or not math.isfinite(x):
        return 0.0
    return float(f"{x:.{digits}g}")


@dataclass(frozen=True)
class LinearTextModel:
    """TF-IDF (l2, optional sublinear tf) + multinomial linear model, rebuilt from JSON."""

    classes: tuple[str, ...]
    vocabulary: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray  # (n_classes, n_features)
    intercept: np.ndarray  # (n_classes,)
    sublinear_tf: bool = True

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LinearTextModel:
        if d.get("analyzer") != ANALYZER_ID:
            raise ValueError(f"model analyzer {d.get('analyzer')!r} != {ANALYZER_ID!r}")
        features: list[str] = d["features"]
        return cls(
            classes=tuple(d["classes"]),
            vocabulary={f: i for i, f in enumerate(features)},
            idf=np.asarray(d["idf"], dtype=np.float64),
            coef=np.asarray(d["coef"], dtype=np.float64).reshape(len(d["classes"]), -1),
            intercept=np.asarray(d["intercept"], dtype=np.float64),
            sublinear_tf=bool(d.get("sublinear_tf", True)),
        )

    @classmethod
    def load(cls, path: Path) -> LinearTextModel:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))

    def vectorize(self, doc: str) -> np.ndarray:
        counts = Counter(char_ngrams(doc))
        hits = counts.keys() & self.vocabulary.keys()  # set intersection in C
        cols = [self.vocabulary[g] for g in hits]
        if self.sublinear_tf:
            tf = [1.0 + math.log(counts[g]) for g in hits]
        else:
            tf = [float(counts[g]) for g in hits]
        x = np.zeros(len(self.vocabulary), dtype=np.float64)
        x[cols] = tf  # one fancy-index store instead of a numpy scalar store per gram
        x *= self.idf
        norm = float(np.linalg.norm(x))
        return x / norm if norm > 0 else x

    def predict_proba(self, doc: str) -> dict[str, float]:
        z = self.coef @ self.vectorize(doc) + self.intercept
        p = np.exp(z - z.max())
        p /= p.sum()
        return {c: float(v) for c, v in zip(self.classes, p, strict=True)}

    def predict(self, doc: str) -> tuple[str, float]:
        proba = self.predict_proba(doc)
        best = max(self.classes, key=lambda c: proba[c])
        return best, proba[best]
