"""Learned classifiers: JSON artifacts, pickle-free loading, determinism, rules fallback."""

from __future__ import annotations

import builtins
import json
import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import features, learn
from pipeline.features import LinearTextModel, char_ngrams, join_fields
from pipeline.learn import Example
from pipeline.model import CAMPAIGN_TYPES, KINDS, SECTION_ROLES

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"

# fmt: off
CAMPAIGN_SET = [
    ("创建全国文明城市工作实施方案", "深入开展文明城市创建，提升文明素质", "civilized_city"),
    ("创建文明城市文明社区实施方案", "文明城市测评体系，文明交通，文明窗口", "civilized_city"),
    ("文明城市创建工作方案", "全力打造文明城市，创城工作人人参与", "civilized_city"),
    ("创建国家卫生城市实施方案", "爱国卫生运动，病媒生物防制，市容环境卫生", "sanitary_city"),
    ("创卫工作实施方案", "创建卫生县城，除四害，环境卫生整治", "sanitary_city"),
    ("卫生城镇创建实施方案", "爱国卫生月活动，卫生死角清理", "sanitary_city"),
    ("平安建设工作方案", "社会治安综合治理，公众安全感测评", "safety"),
    ("综治工作实施方案", "平安创建，矛盾纠纷排查化解，治安防控", "safety"),
    ("平安医院创建方案", "公众安全感，两率一度，综治维稳", "safety"),
]
# fmt: on


def _examples() -> list[Example]:
    return [Example((t, x), y) for t, x, y in CAMPAIGN_SET]


@pytest.fixture
def no_models(tmp_path, monkeypatch):
    monkeypatch.setattr(learn, "MODELS_DIR", tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ("创卫", ["0| ", "0|创", "0|卫", "0| ", "0| 创", "0|创卫", "0|卫 ", "0| 创卫", "0|创卫 "]),
        (
            join_fields("目标", "甲"),
            [
                "0| ",
                "0|目",
                "0|标",
                "0| ",
                "0| 目",
                "0|目标",
                "0|标 ",
                "0| 目标",
                "0|目标 ",
                "1| ",
                "1|甲",
                "1| ",
                "1| 甲",
                "1|甲 ",
                "1| 甲 ",
            ],
        ),
        ("", []),
    ],
)
def test_features_char_ngrams_pads_words_and_prefixes_fields(doc, expected):
    assert char_ngrams(doc) == expected


@pytest.mark.parametrize(
    ("x", "expected"),
    [
        (0.123456789, 0.123457),
        (-12345678.9, -12345700.0),
        (0.0, 0.0),
        (1.5, 1.5),
        (float("nan"), 0.0),
    ],
)
def test_features_round_sig_keeps_six_significant_digits(x, expected):
    assert features.round_sig(x) == expected


def test_learn_tiny_model_round_trips_and_predicts_training_labels():
    art = learn.train_model(_examples(), "campaign")
    loaded = LinearTextModel.from_dict(json.loads(learn.dump_artifact(art)))
    for title, text, label in CAMPAIGN_SET:
        assert loaded.predict(join_fields(title, text))[0] == label
    assert sorted(art["classes"]) == ["civilized_city", "safety", "sanitary_city"]
    assert art["card"]["label_counts"] == {"civilized_city": 3, "safety": 3, "sanitary_city": 3}


def test_learn_binary_model_gives_two_class_probabilities():
    ex = [e for e in _examples() if e.label != "safety"]
    model = LinearTextModel.from_dict(learn.train_model(ex, "campaign"))
    label, p = model.predict(join_fields("创建卫生城市方案", "爱国卫生运动"))
    assert label == "sanitary_city"
    assert 0.5 < p <= 1.0
    assert sum(model.predict_proba("文明城市").values()) == pytest.approx(1.0)


def test_learn_training_twice_gives_identical_json():
    first = learn.dump_artifact(learn.train_model(_examples(), "campaign"))
    second = learn.dump_artifact(learn.train_model(_examples(), "campaign"))
    assert first == second


def test_learn_predict_returns_none_without_models(no_models):
    assert learn.predict_role("工作目标", "到年底实现") is None
    assert learn.predict_kind("创卫工作实施方案", "为进一步做好") is None
    assert learn.predict_campaign(None, "爱国卫生运动") is None


def test_learn_predict_uses_artifact_in_models_dir(no_models):
    art = learn.train_model(_examples(), "campaign")
    (no_models / learn.MODEL_FILES["campaign"]).write_text(learn.dump_artifact(art), "utf-8")
    result = learn.predict_campaign("平安建设工作方案", "社会治安综合治理")
    assert result is not None
    assert result[0] == "safety"
    assert learn.predict_kind("平安建设工作方案", "") is None  # only campaign was written


def test_learn_corrupt_artifact_falls_back_to_none(no_models):
    (no_models / learn.MODEL_FILES["kind"]).write_text("{not json", "utf-8")
    assert learn.predict_kind("工作方案", "内容") is None


def test_learn_loader_never_unpickles(no_models, monkeypatch):
    art = learn.train_model(_examples(), "campaign")
    (no_models / learn.MODEL_FILES["campaign"]).write_text(learn.dump_artifact(art), "utf-8")

    def _forbidden(*_a, **_k):
        raise AssertionError("pickle used")

    monkeypatch.setattr(pickle, "load", _forbidden)
    monkeypatch.setattr(pickle, "loads", _forbidden)
    real_import = builtins.__import__

    def _no_sklearn(name, *args, **kwargs):
        if name.startswith(("sklearn", "joblib")):
            raise AssertionError(f"{name} imported at predict time")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", _no_sklearn)
    result = learn.predict_campaign("创卫工作实施方案", "除四害")
    assert result is not None
    assert result[0] == "sanitary_city"


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("指导思想", "guiding_principles"),
        ("工作目标", "goals"),
        ("目标任务", "goals"),
        ("主要工作任务", "tasks"),
        ("加大宣传力度", None),  # no seed keyword: no weak label
        ("组织领导和保障措施", "organization"),  # earliest keyword wins
        ("具体措施", "measures"),
        ("存在问题", "other"),
        ("", None),
    ],
)
def test_learn_weak_role_uses_seed_table(heading, expected):
    assert learn.weak_role(heading) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "某某方案\n一、指导思想\n以科学发展观为指导。\n二、工作目标:到年底",
            [("指导思想", "以科学发展观为指导。"), ("工作目标", "到年底")],
        ),
        ("要做好一、二项工作", []),  # numerals in running text are not headings
        ("没有标题的一段话。", []),
    ],
)
def test_learn_dev_headings_finds_top_level_numbered_lines(text, expected):
    assert [(h, o.split("\n")[0]) for h, o in learn.dev_headings(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一、指導(dǎo)思想", "一、指导思想"),
        ("创建卫生城市", "创建卫生城市"),
        ("", ""),
    ],
)
def test_learn_clean_text_drops_pinyin_and_simplifies(text, expected):
    assert learn.clean_text(text) == expected


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (["a"] * 5 + ["b"] * 5, ["a"] * 5 + ["b"] * 5),
        (["a"] * 5 + ["b"] * 3 + ["c"] * 2, ["a"] * 5 + ["_rare"] * 5),
        (["a"] * 6 + ["b"] * 2, ["a"] * 8),  # too few rare ones: folded into the largest class
    ],
)
def test_learn_stratify_labels_merges_rare_classes(labels, expected):
    assert learn._stratify_labels(labels) == expected


def test_learn_run_training_on_project_corpus(tmp_path, monkeypatch):
    corpus = tmp_path / "repo" / "corpora" / "plans"
    corpus.mkdir(parents=True)
    text = "创卫工作方案\n一、指导思想\n以创卫为中心。\n二、工作目标\n达标。"
    (corpus / "p1.txt").write_text(text, encoding="utf-8")
    gold = {"input": "p1.txt", "documents": [{"title": "创卫工作方案", "sections": [
        {"number": "一", "heading": "指导思想", "role": "guiding_principles"},
        {"number": "二", "heading": "工作目标", "role": "goals"}]}]}  # fmt: skip
    (corpus / "p1.gold.json").write_text(json.dumps(gold, ensure_ascii=False))
    monkeypatch.setattr(learn, "REPO_ROOT", tmp_path / "repo")
    examples = learn.build_dataset("roles", None, tmp_path / "repo")
    assert [(e.fields, e.label) for e in examples] == [
        (("指导思想", "以创卫为中心。\n二、工作目标\n达标。"), "guiding_principles"),
        (("工作目标", "达标。"), "goals"),
    ]


def test_learn_run_training_without_data_is_a_clear_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(learn, "REPO_ROOT", tmp_path)
    monkeypatch.setattr(learn, "build_dataset", lambda name, shared: [])
    assert learn.main_train(str(tmp_path / "nowhere"), str(tmp_path / "out"), "kind") == 2
    assert "no labelled data" in capsys.readouterr().err


@pytest.mark.shared
def test_learn_shared_datasets_have_expected_sizes():
    if not (SHARED / "corpora" / "dev" / "labels.jsonl").is_file():
        pytest.skip("../shared not present")
    kind = learn.build_dataset("kind", SHARED)
    assert len(kind) >= 199
    assert {e.label for e in kind} <= {"plan", "report", "notice", "speech", "other"}
    roles = learn.build_dataset("roles", SHARED)
    assert any(e.weak for e in roles)
    assert sum(not e.weak for e in roles) >= 60


def test_learn_rules_then_model_fills_only_rule_gaps_with_confident_model(monkeypatch):
    ex = [Example((h, ""), y) for h, y in [("指导思想", "guiding_principles"),
          ("责任分工", "organization"), ("宣传发动", "other"), ("总体规划", "other")]]  # fmt: skip
    model = [("goals", 0.9), ("organization", 0.8), ("tasks", 0.3), ("tasks", 0.7)]
    rules = {"指导思想": "guiding_principles"}
    monkeypatch.setattr(learn, "cross_validate", lambda e, n: {"n": 4, "pred": list(model)})
    monkeypatch.setattr(learn, "_rule_function", lambda n: lambda h, _t="": rules.get(h))
    monkeypatch.setitem(learn.FALLBACK_MIN_PROB, "roles", 0.5)
    result = learn.evaluate_model(ex, "roles")
    # rules alone: 指导思想 right, the other three "other" → 3 of 4
    assert result["rules_baseline"]["accuracy"] == 0.75
    # model fills 责任分工 (0.8, right) and 总体规划 (0.7, wrong); 宣传发动 stays other (0.3)
    assert result["rules_then_model"]["accuracy"] == 0.75
    org_row = next(ln for ln in result["rules_then_model"]["report"].splitlines() if "organ" in ln)
    assert org_row.split()[1:3] == ["1.000", "1.000"]  # 责任分工 filled in by the model
    assert "pred" not in result["cv"]


@given(st.text(max_size=200), st.text(max_size=400))
@settings(max_examples=40, deadline=None)
def test_learn_predict_never_crashes_on_arbitrary_text(heading, text):
    """With the shipped artifacts (or none), any input gives None or a known label."""
    role = learn.predict_role(heading, text)
    assert role is None or role in SECTION_ROLES
    for result, labels in ((learn.predict_kind(heading, text), KINDS),
                           (learn.predict_campaign(None, text), CAMPAIGN_TYPES)):  # fmt: skip
        assert result is None or (result[0] in labels and 0.0 <= result[1] <= 1.0)
