"""spaCy NER experiment: span building, task windows, scoring, model-free fallback."""

from __future__ import annotations

import pytest

from pipeline import learn, ner


@pytest.mark.parametrize(
    ("text", "orgs", "pers", "expected"),
    [
        ("市教育局要组织中小学生", ["市教育局"], [], [(0, 4, "ORG")]),
        (
            "市委宣传部、市文明办要牵头",
            ["市文明办", "市委宣传部"],
            [],
            [(0, 5, "ORG"), (6, 10, "ORG")],
        ),
        ("责任人:王某某、李某", [], ["王某某", "李某"], [(4, 7, "PER"), (8, 10, "PER")]),
        # the longer name wins where names overlap
        ("由市卫生局办公室负责", ["市卫生局", "市卫生局办公室"], [], [(1, 8, "ORG")]),
        ("加强宣传教育", ["市教育局"], [], []),  # no-change row: name absent
        ("", ["市教育局"], [], []),
    ],
)
def test_ner_entity_spans_marks_every_occurrence(text, orgs, pers, expected):
    assert ner.entity_spans(text, orgs, pers) == expected


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        (
            "(一)宣传\n1.市教育局要组织学生开展活动。\n2.市文联要编排节目。",
            "市教育局要组织学生开展活动",
            "市教育局要组织学生开展活动。",
        ),
        ("1.搞好阵地建设。由文化馆负责。", "搞好阵地建设", "搞好阵地建设。由文化馆负责。"),
        ("没有这项任务", "搞好阵地建设", ""),
    ],
)
def test_ner_task_window_stops_at_next_item(text, title, expected):
    assert ner.task_window(text, title, 0)[0] == expected


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([({"a", "b"}, {"a", "c"})], (0.5, 0.5, 0.5)),
        ([(set(), {"a"}), ({"a"}, {"a"})], (1.0, 0.5, 0.667)),
        ([(set(), set())], (0.0, 0.0, 0.0)),
    ],
)
def test_ner_prf_is_micro_over_sets(pairs, expected):
    s = ner.prf(pairs)
    assert (s["precision"], s["recall"], s["f1"]) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ([(0, 4, "ORG")], [(2, 5, "PER")], [(0, 4, "ORG")]),
        ([(0, 4, "ORG")], [(5, 7, "PER")], [(0, 4, "ORG"), (5, 7, "PER")]),
        ([], [], []),
    ],
)
def test_ner_merge_spans_drops_overlaps(a, b, expected):
    assert ner._merge_spans(a, b) == expected


def test_ner_find_units_is_empty_without_model(tmp_path, monkeypatch):
    monkeypatch.setattr(ner, "MODELS_DIR", tmp_path)
    assert ner.find_units("由市教育局负责") == []


def test_ner_rule_spans_point_into_the_text():
    text = "由市教育局负责,会同派出所开展整治。"
    spans, _ = ner.rule_spans(text)
    assert all(text[a:b] and label == "ORG" for a, b, label in spans)


def test_ner_tiny_training_builds_char_level_pipeline():
    data = [
        ("市教育局要组织学生。", [(0, 4, "ORG")]),
        ("由市文联负责。", [(1, 4, "ORG")]),
        ("责任人:王某某。", [(4, 7, "PER")]),
        ("加强宣传教育。", []),
    ]
    nlp = ner.train_ner(data, epochs=3)
    doc = nlp("市教育局要组织")
    assert [t.text for t in doc][:3] == ["市", "教", "育"]  # one token per character
    assert set(nlp.get_pipe("ner").labels) == {"ORG", "PER"}


def test_ner_gold_tasks_from_project_corpus(tmp_path, monkeypatch):
    corpus = tmp_path / "corpora" / "plans"
    corpus.mkdir(parents=True)
    text = "某方案\n二、主要任务\n1.市教育局要组织学生开展活动。\n2.加强宣传。"
    (corpus / "p.txt").write_text(text, encoding="utf-8")
    gold = (
        '{"input": "p.txt", "documents": [{"tasks": ['
        '{"title": "市教育局要组织学生开展活动", "owners": ["市教育局"], "leaders": []},'
        '{"title": "加强宣传", "owners": [], "leaders": []}]}]}'
    )
    (corpus / "p.gold.json").write_text(gold, encoding="utf-8")
    monkeypatch.setattr(learn, "REPO_ROOT", tmp_path)
    monkeypatch.setattr(ner, "gold_files", lambda shared: learn.gold_files(shared, tmp_path))
    tasks = ner.gold_tasks(None)
    assert [(t.text, t.owners) for t in tasks] == [
        ("市教育局要组织学生开展活动。", ("市教育局",)),
        ("加强宣传。", ()),
    ]


@pytest.mark.parametrize(("ner_f1", "decision"), [(0.5, "the rules win"), (0.9, "NER beats")])
def test_ner_report_states_figures_and_decision(ner_f1, decision):
    def fig(f1):
        return {"precision": f1, "recall": f1, "f1": f1, "tp": 1, "fp": 0, "fn": 0}

    result = {"gold_files": 3, "tasks": 10, "with_owners": 4, "weak_sentences": 7, "epochs": 2,
              "folds": 3, "ner_owners": fig(ner_f1), "rules_owners": fig(0.8)}  # fmt: skip
    md = ner.report_markdown(result)
    assert decision in md
    assert f"| spaCy NER (ORG) | {ner_f1} |" in md
    assert "| rules | 0.8 |" in md
