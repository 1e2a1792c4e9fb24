"""Scoring functions of pipeline.evaluate on hand-made gold/prediction pairs."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import evaluate as ev

REPO = Path(__file__).resolve().parents[1]
# the repo's sibling shared/ folder (FANGAN_SHARED overrides it, e.g. from a git worktree)
SHARED_SCORER = Path(os.environ.get("FANGAN_SHARED", REPO / "../shared")) / "tools/score.py"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("第一篇:青禾县创卫方案 [精选]", "第一篇青禾县创卫方案精选"),
        ("（一）组织领导", "一组织领导"),
        ("知晓率达到１００％", "知晓率达到100%"),  # NFKC folds full-width digits
        ("“两率一度”", "两率一度"),
        ("组织领导", "组织领导"),  # no change
        (None, ""),
    ],
)
def test_evaluate_norm_drops_punctuation_and_folds_width(raw, expected):
    assert ev.norm(raw) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("指导思想", "指导思想。", 1.0),
        ("", None, 1.0),
        ("指导思想", "", 0.0),
        ("工作目标", "工作步骤", 0.5),
    ],
)
def test_evaluate_sim_ratio_of_normalized_strings(a, b, expected):
    assert ev.sim(a, b) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("青卫发(2011)49号", "青卫发〔2011〕49号", True),
        ("安卫发[2011]210号", "安卫发〔2011〕210号", True),
        ("安卫发〔2011〕210号", "安卫发〔2011〕21号", False),
    ],
)
def test_evaluate_doc_numbers_compare_without_brackets(a, b, same):
    assert (ev.norm_doc_number(a) == ev.norm_doc_number(b)) is same


def test_evaluate_match_sets_exact_is_one_to_one():
    tp, fp, fn, pairs = ev.match_sets(["王建国", "李秀兰", "王建国"], ["王建国", "陈晓东"])
    assert (tp, fp, fn) == (1, 1, 2)
    assert pairs == [("王建国", "王建国")]


def test_evaluate_match_sets_threshold_takes_most_similar_free_item():
    gold = [{"title": "加强健康教育"}, {"title": "改善就医环境"}]
    pred = [{"title": "改善就医环境。"}, {"title": "加强健康教育宣传"}]
    tp, fp, fn, pairs = ev.match_sets(gold, pred, key=lambda x: x["title"], thresh=0.7)
    assert (tp, fp, fn) == (2, 0, 0)
    assert pairs[0][1]["title"] == "加强健康教育宣传"


@pytest.mark.parametrize(
    ("counts", "expected"),
    [((0, 0, 0), (1.0, 0)), ((2, 0, 2), (2 / 3, 4)), ((0, 3, 0), (0.0, 0))],
)
def test_evaluate_f1_of_counts(counts, expected):
    score, support = ev.f1(*counts)
    assert score == pytest.approx(expected[0])
    assert support == expected[1]


def test_evaluate_align_pairs_documents_by_keep_fragments():
    gold = [{"keep": ["甲方案正文"], "title": "甲"}, {"keep": ["乙方案正文"], "title": "乙"}]
    pred = [{"text": "乙方案正文。", "title": "乙"}, {"text": "甲方案正文。", "title": "甲"}]
    pairs = ev.align(gold, pred)
    assert [p["title"] for _, p in pairs] == ["甲", "乙"]


GOLD = {
    "input": "x.txt",
    "documents": [
        {
            "script": "simplified",
            "title": "青禾县创卫工作方案",
            "issuer": "青禾县卫生局",
            "doc_number": None,
            "date": "2011-10-28",
            "sections": [
                {"heading": "指导思想", "role": "guiding_principles"},
                {"heading": "工作任务", "role": "tasks"},
            ],
            "phases": [{"name": "宣传发动阶段", "start": "2011-11", "end": "2011-12"}],
            "leaders": [{"role": "组长", "name": "王建国"}, {"role": "副组长", "name": "李秀兰"}],
            "tasks": [
                {
                    "group": "(一)环境整治",
                    "title": "改善就医环境",
                    "owners": ["县人民医院", "县中医院"],
                    "leaders": [],
                    "deadline": {"start": None, "end": "2012-06-30"},
                },
                {"title": "开展控烟宣传", "owners": ["县疾控中心"], "leaders": ["陈晓东"]},
            ],
            "keep": ["以科学发展观为指导", "全面提高服务质量"],
            "noise": ["收藏 分享(赏)"],
        }
    ],
}
PRED = {
    "documents": [
        {
            "script": "simplified",
            "kind": "plan",
            "title": "青禾县创卫工作方案",
            "issuer": "青禾县卫生局",
            "doc_number": "青卫发〔2011〕49号",
            "date": "2011-10-28",
            "text": "以科学发展观为指导。收藏 分享(赏)",
            "sections": [
                {"heading": "指导思想", "role": "guiding_principles"},
                {"heading": "工作任务", "role": "measures"},
                {"heading": "组织领导", "role": "organization"},
            ],
            "phases": [{"name": "宣传发动", "start": "2011-11", "end": "2011-12"}],
            "leaders": [{"role": "组长", "name": "王建国"}, {"role": "成员", "name": "李秀兰"}],
            "tasks": [
                {
                    "group": "(一)环境整治",
                    "title": "改善就医环境",
                    "owners": ["县人民医院"],
                    "leaders": [],
                    "deadline": {"start": None, "end": "2012-06-30"},
                }
            ],
        }
    ]
}


def _scores(gold, pred):
    t = ev.Tally()
    ev.score_file(gold, pred, t, [])
    return {f: t.score(f) for f in ev.FIELDS}


@pytest.mark.parametrize(
    ("field", "score", "support"),
    [
        ("parts", 1.0, 1),
        ("kind", 1.0, 1),  # no kind in the gold means plan
        ("title_exact", 1.0, 1),
        ("issuer", 1.0, 1),
        ("doc_number", 0.0, 1),  # gold says: no number in the text
        ("keep", 0.5, 2),
        ("noise_removed", 0.0, 1),  # "收藏 分享(赏)" survived
        ("section_heading", 0.8, 2),  # P=2/3, R=1
        ("section_role", 0.5, 2),
        ("phase_span", 1.0, 1),
        ("phase_name", 1.0, 1),  # 宣传发动 ~ 宣传发动阶段 above 0.6
        ("leader_role_name", 0.5, 2),
        ("leader_name", 1.0, 2),
        ("task_title", 2 / 3, 2),
        ("task_owners", 0.5, 3),  # P=1, R=1/3: the unmatched task's owner is missed too
        ("task_leaders", 0.0, 1),
        ("task_deadline", 1.0, 1),
        ("task_group", 1.0, 1),
    ],
)
def test_evaluate_score_file_fields(field, score, support):
    got_score, got_support = _scores(GOLD, PRED)[field]
    assert got_score == pytest.approx(score)
    assert got_support == support


def test_evaluate_score_file_without_prediction_scores_zero_not_crash():
    scores = _scores(GOLD, None)
    assert scores["parts"] == (0.0, 1)
    assert scores["keep"] == (0.0, 2)
    assert scores["noise_removed"] == (1.0, 1)  # nothing printed, nothing left


def test_evaluate_score_labels_uses_first_document_and_skips_null_titles():
    rows = [
        {
            "file": "a.txt",
            "script": "simplified",
            "kind": "plan",
            "campaign_type": "safety",
            "title": "平安校园工作方案",
        },
        {
            "file": "b.txt",
            "script": "traditional",
            "kind": "report",
            "campaign_type": "other",
            "title": None,
        },
    ]
    docs = {
        "a.txt": {
            "script": "simplified",
            "kind": "plan",
            "campaign_type": "safety",
            "title": "平安校园工作方案。",
        },
        "b.txt": None,
    }
    run = ev.score_labels(rows, docs.get)
    assert run.accuracy == {"script": 0.5, "kind": 0.5, "campaign_type": 0.5, "title": 1.0}
    assert run.support == {"script": 2, "kind": 2, "campaign_type": 2, "title": 1}
    assert len(run.misses) == 3


def test_evaluate_pin_never_lowers_a_floor_without_allow_regression():
    old = {"floors": {"keep": 0.9, "parts": 0.5}}
    new, kept = ev.pin_baseline(old, {"keep": 0.8, "parts": 0.6789}, "abc", {})
    assert new["floors"] == {"parts": 0.678, "keep": 0.9}
    assert new["sha256"] == "abc"
    assert len(kept) == 1
    assert kept[0].startswith("keep")
    lowered, kept = ev.pin_baseline(old, {"keep": 0.8}, "abc", {}, allow_regression=True)
    assert lowered["floors"]["keep"] == 0.8
    assert kept == []


@pytest.mark.parametrize(
    ("scores", "digest", "n_problems"),
    [
        ({"keep": 0.896}, "h", 0),  # within epsilon
        ({"keep": 0.894}, "h", 1),
        ({}, "h", 1),  # a pinned field that vanished counts as 0
        ({"keep": 0.95}, "other", 1),  # gold or inputs changed
    ],
)
def test_evaluate_check_gate(scores, digest, n_problems):
    baseline = {"sha256": "h", "epsilon": 0.005, "floors": {"keep": 0.9}}
    assert len(ev.check_gate(baseline, scores, digest)) == n_problems


def test_evaluate_corpus_digest_changes_with_gold_and_input(tmp_path):
    (tmp_path / "a.txt").write_text("青禾县创卫工作方案\n一、指导思想\n", encoding="utf-8")
    gold = {"input": "a.txt", "documents": [{"keep": ["指导思想"]}]}
    (tmp_path / "a.gold.json").write_text(json.dumps(gold, ensure_ascii=False))
    first, counts = ev.corpus_digest(tmp_path)
    assert counts == {"gold_files": 1, "documents": 1, "inputs": 1}
    (tmp_path / "a.txt").write_text("青禾县创卫工作方案\n二、工作目标\n", encoding="utf-8")
    assert ev.corpus_digest(tmp_path)[0] != first


def test_evaluate_main_scores_a_folder_in_process(tmp_path, capsys):
    text = "青禾县卫生院创卫工作方案\n一、指导思想\n以提高群众健康水平为目标。\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    gold = {"input": "a.txt", "documents": [{"keep": ["以提高群众健康水平为目标"]}]}
    (tmp_path / "a.gold.json").write_text(json.dumps(gold, ensure_ascii=False))
    out = tmp_path / "scores.json"
    assert ev.main(["--inputs", str(tmp_path), "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    assert result["files"] == 1
    assert result["failed"] == 0
    assert result["scores"]["keep"] == 1.0
    assert "keep" in capsys.readouterr().out


# --------------------------------------------------------------------------- vs score.py
def _shared_scorer():
    if not SHARED_SCORER.exists():
        pytest.skip("shared scorer not present")
    spec = importlib.util.spec_from_file_location("shared_score", SHARED_SCORER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


PRED_TWO_DOCS = {
    "documents": [
        {"title": "乙方案", "text": "乙方案正文", "kind": "report", "sections": []},
        PRED["documents"][0],
    ]
}


@pytest.mark.parametrize(
    ("gold", "pred"),
    [(GOLD, PRED), (GOLD, None), (GOLD, PRED_TWO_DOCS), (GOLD, {"documents": []})],
)
def test_evaluate_agrees_with_shared_scorer(gold, pred):
    shared = _shared_scorer()
    theirs = shared.Tally()
    shared.score_file(gold, pred, theirs, [])
    ours = ev.Tally()
    ev.score_file(gold, pred, ours, [])
    for f in ev.FIELDS:
        assert ours.score(f) == pytest.approx(theirs.score(f)), f


# --------------------------------------------------------------------------- properties
# the domain's characters: CJK, full/half-width digits, brackets and quotes, spaces. (Spacing
# marks such as '¸' decompose to space + combining mark under NFKC, so the scorer's norm is
# not idempotent on them — harmless for Chinese plans, and norm must equal the scorer's.)
PLAN_TEXT = st.text(
    alphabet="青禾县创卫方案一二第篇组长:：,，。、()（）〔〕[]“”‚‛%％1２ 　-—…", max_size=60
)


@given(PLAN_TEXT)
def test_evaluate_norm_is_idempotent(s):
    assert ev.norm(ev.norm(s)) == ev.norm(s)


@given(st.text(max_size=40), st.text(max_size=40))
def test_evaluate_sim_is_a_bounded_ratio(a, b):
    assert 0.0 <= ev.sim(a, b) <= 1.0
    assert ev.sim(a, a) == 1.0


@given(st.lists(st.text(max_size=8), max_size=6), st.lists(st.text(max_size=8), max_size=6))
def test_evaluate_match_sets_counts_add_up(gold, pred):
    tp, fp, fn, pairs = ev.match_sets(gold, pred)
    assert tp == len(pairs)
    assert tp + fn == len(gold)
    assert tp + fp == len(pred)
