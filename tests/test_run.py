"""End-to-end behaviour of run.parse_bytes on small inputs (and the seeds when present)."""

import importlib.util
import json
import os
import time
from pathlib import Path

import pytest

from pipeline.run import parse_bytes, parse_file


def test_run_parses_utf8_plan_into_one_record():
    data = "某某医院创建文明城市工作实施方案\n一、指导思想\n以科学发展观为指导。\n".encode()
    result = parse_bytes(data, "plan.txt")
    assert result.errors == ()
    assert len(result.documents) == 1
    doc = result.documents[0]
    assert doc.source.part == 1
    assert doc.source.format == "txt"
    assert "以科学发展观为指导。" in doc.text


def test_run_same_bytes_give_same_id():
    data = "工作方案\n内容。".encode()
    assert parse_bytes(data, "a.txt").documents[0].id == parse_bytes(data, "b.txt").documents[0].id


def test_run_empty_file_is_an_error_not_an_exception():
    result = parse_bytes(b"", "empty.txt")
    assert result.documents == ()
    assert len(result.errors) == 1
    assert result.errors[0].path == "empty.txt"
    assert "empty" in result.errors[0].reason


def test_run_missing_path_is_an_error(tmp_path):
    result = parse_file(tmp_path / "nope.txt")
    assert result.documents == ()
    assert "cannot read" in result.errors[0].reason


def test_run_parse_file_names_a_gbk_file_by_its_decoded_path(tmp_path):
    # Linux gives a GBK name to Python with surrogates, which JSON output cannot carry
    on_disk = tmp_path / os.fsdecode("创卫方案.txt".encode("gbk"))
    on_disk.write_text("某县创建国家卫生县城工作方案\n一、工作目标\n达标。\n", encoding="utf-8")
    doc = parse_file(on_disk).documents[0]
    assert doc.source.path == str(tmp_path / "创卫方案.txt")
    missing = parse_file(tmp_path / os.fsdecode("空白.txt".encode("gbk")))
    assert missing.errors[0].path == str(tmp_path / "空白.txt")


def test_run_compilation_with_chrome_pinyin_and_traditional_script():
    text = "\n".join(
        [
            "某局創(chuàng)建文明城市工作實施方案 [精選]",
            "時間:2019-05-13 13:16:06下載本文作者:會員上傳",
            "第一篇:某局創(chuàng)建文明城市工作實施方案",
            "為了進一步鞏固創(chuàng)建成果,特制定本方案。",
            "一、指導(dǎo)思想",
            "以科學發(fā)展觀為指導(dǎo),深入開展創(chuàng)建活動,積",
            "極參與文明城市創(chuàng)建。",
            "第二篇:某鎮(zhèn)創(chuàng)衛(wèi)工作實施方案",
            "某鎮(zhèn)2015年創(chuàng)衛(wèi)工作實施方案",
            "為鞏固省級衛(wèi)生縣城創(chuàng)建成果,結合我鎮(zhèn)實際,制定本方案。",
            "相關範文推薦",
            "某校創建文明城市工作實施方案",
        ]
    )
    result = parse_bytes(text.encode(), "compilation.txt")
    assert result.errors == ()
    docs = result.documents
    assert [d.source.part for d in docs] == [1, 2]
    assert [d.title for d in docs] == ["某局创建文明城市工作实施方案", "某镇2015年创卫工作实施方案"]
    assert [d.campaign_type for d in docs] == ["civilized_city", "sanitary_city"]
    assert {d.script for d in docs} == {"traditional"}
    assert {d.kind for d in docs} == {"plan"}
    assert "深入开展创建活动,积极参与文明城市创建。" in docs[0].text
    for noise in ("第一篇", "下载本文", "(chuàng)", "相关范文推荐", "某校创建"):
        assert all(noise not in d.text for d in docs)
    assert docs[0].blocks[0].raw.startswith("為了進一步")


def test_run_record_shape_is_unchanged():
    data = "某县创卫工作总结\n今年以来,我县创卫工作取得明显成效。\n".encode()
    record = parse_bytes(data, "r.txt").documents[0].to_dict()
    for key in ("id", "source", "script", "title", "kind", "campaign_type", "text", "blocks"):
        assert key in record
    assert record["kind"] == "report"
    assert record["title"] == "某县创卫工作总结"


SHARED = Path(__file__).resolve().parents[1] / "../shared"
SEED_FLOORS = {"parts": 0.8, "script": 1.0, "kind": 0.9, "keep": 0.95, "noise_removed": 0.95}


def _official_scorer():  # type: ignore[no-untyped-def]
    path = SHARED / "tools" / "score.py"
    if not path.exists():
        pytest.skip("shared/ scorer not present")
    spec = importlib.util.spec_from_file_location("shared_score", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_run_seed_gold_meets_the_reading_targets():
    score = _official_scorer()
    gold_dir, seeds = SHARED / "corpora" / "gold", SHARED / "corpora" / "seeds"
    tally = score.Tally()
    for gold_file in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        pred = parse_file(seeds / gold["input"]).to_dict()
        score.score_file(gold, pred, tally, [])
    for field, floor in {**SEED_FLOORS, "title_exact": 0.8}.items():
        value, _ = tally.score(field)
        assert value >= floor, field


LONG_LINE_UNITS = [
    # (unit repeated on one line, description): no newline anywhere after the title
    "各单位要按照创建文明城市工作要求，认真落实责任，由市教育局负责，2024年3月底前完成。",
    "某市文明城市工作方案",  # thousands of glued titles: once a RecursionError
    "创建 文明 城市 工作 方案 ",  # space mode: every space becomes a block break
]


@pytest.mark.parametrize("unit", LONG_LINE_UNITS)
def test_run_long_single_line_parses_in_linear_time(unit):
    body = unit * (200_000 // len(unit.encode()))
    data = f"某市创建文明城市工作实施方案\n{body}".encode()
    start = time.perf_counter()
    result = parse_bytes(data, "long.txt")
    assert time.perf_counter() - start < 30  # ~0.2-1 s here; quadratic code took minutes
    assert result.errors == ()
    assert len(result.documents) == 1


def test_run_two_megabyte_single_line_does_not_hang():
    unit = "各单位要按照创建文明城市工作要求，认真落实责任，由市教育局负责，2024年3月底前完成。"
    data = ("某市创建文明城市工作实施方案\n" + unit * (2_000_000 // len(unit.encode()))).encode()
    start = time.perf_counter()
    result = parse_bytes(data, "long.txt")
    assert time.perf_counter() - start < 60  # ~4 s on the loaded 2-core box
    assert [d.source.size for d in result.documents] == [len(data)]
