"""BM25 over candidates: term counts from the stored text, Okapi scoring."""

from __future__ import annotations

import math
import sqlite3
from pathlib import Path

import pytest
from test_store import sample_record, write

from pipeline import store
from pipeline.rank import Counts, bm25, count_terms, idf


@pytest.mark.parametrize(
    ("cands", "order"),
    [
        # more occurrences win at equal length
        ([Counts(1, 100, ((1, 0),)), Counts(2, 100, ((3, 0),))], [2, 1]),
        # at equal frequency the shorter row wins
        ([Counts(1, 400, ((2, 0),)), Counts(2, 100, ((2, 0),))], [2, 1]),
        # a title occurrence counts twice
        ([Counts(1, 100, ((2, 0),)), Counts(2, 100, ((0, 2),))], [2, 1]),
        # two terms: a row with both beats a row with one of them more often
        ([Counts(1, 100, ((4, 0), (0, 0))), Counts(2, 100, ((1, 0), (1, 0)))], [2, 1]),
        # ties: the newer (larger key) first
        ([Counts(1, 100, ((1, 0),)), Counts(2, 100, ((1, 0),))], [2, 1]),
        ([], []),
    ],
)
def test_rank_bm25_orders_candidates(cands: list[Counts], order: list[int]) -> None:
    assert [k for k, _ in bm25(cands, 1.0)] == order


def test_rank_bm25_score_by_hand() -> None:
    # one term, tf 2, length = average: 2 * 2.2 / (2 + 1.2) = 1.375, times the idf
    (key, score), *_ = bm25([Counts(7, 50, ((2, 0),))], 0.5)
    assert (key, round(score, 4)) == (7, round(0.5 * 1.375, 4))


@pytest.mark.parametrize(("rows", "matches"), [(100, 1), (100, 50), (100, 100), (1, 1)])
def test_rank_idf_never_negative_and_falls_with_matches(rows: int, matches: int) -> None:
    assert idf(rows, matches) > 0
    assert idf(rows, matches) >= idf(rows, min(rows, matches + 1))
    assert idf(100, 1) == pytest.approx(math.log(1 + 99.5 / 1.5))


def test_rank_count_terms_reads_the_stored_text(tmp_path: Path) -> None:
    conn: sqlite3.Connection = store.connect(tmp_path / "r.db")
    write(conn, sample_record())  # title 某市创建国家卫生城市工作实施方案
    (doc,) = count_terms(conn, [1], ["卫生", "健康教育"], tasks=False)
    text = conn.execute("SELECT text, title FROM documents").fetchone()
    assert doc.key == 1
    assert doc.length == len(text[0]) + len(text[1])
    assert doc.tf == ((text[0].count("卫生"), 1), (text[0].count("健康教育"), 0))
    tasks = count_terms(conn, [r[0] for r in conn.execute("SELECT id FROM tasks")], ["健康"], True)
    assert sorted(c.tf[0][0] for c in tasks) == [0, 2]  # title + text of the first task
