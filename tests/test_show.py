"""fangan show: each field beside the original words it was read from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_archive_cli import fangan

from pipeline import show
from pipeline.run import parse_bytes


@pytest.mark.parametrize(
    ("text", "raw", "span", "expected"),
    [
        ("加强健康教育", "加强健康教育", (2, 6), "健康教育"),  # unchanged text
        ("加强健康教育", "加強健康教育", (0, 2), "加強"),  # traditional, one for one
        # a pinyin gloss dropped by cleaning: the span maps around it
        ("创建文明城市", "创(chuàng)建文明城市", (1, 4), "建文明"),
        ("创建文明城市", "创(chuàng)建文明城市", (0, 2), "创(chuàng)建"),
        ("组长:王某某", "组 长:王某某", (3, 6), "王某某"),  # a space dropped
        ("责任单位:县卫生局", "責任單位:縣衛生局", (5, 9), "縣衛生局"),
        # an end inside an uneven run (glosses among replaced characters) takes it whole
        ("三、组织领导。成立", "三、組織領(lǐng)導(dǎo)。成立", (0, 6), "三、組織領(lǐng)導(dǎo)"),
        ("三、组织领导。成立", "三、組織領(lǐng)導(dǎo)。成立", (7, 9), "成立"),
    ],
)
def test_show_raw_span(text: str, raw: str, span: tuple[int, int], expected: str) -> None:
    start, end = show.raw_span(text, raw, *span)
    assert raw[start:end] == expected


PLAN = (
    "青禾縣創建國家衛生縣城工作實施方案\n"
    "一、主要任務\n"
    "(一)加強健康教育。責任單位:縣衛生局,2012年6月底前完成,知曉率達到90%以上。\n"
    "二、組織領導\n"
    "組長:李秀蘭\n"
)


def test_show_render_quotes_the_traditional_original() -> None:
    rec = parse_bytes(PLAN.encode("big5"), "plan.txt").documents[0].to_dict()
    lines = show.render(rec, None)
    assert lines[0].endswith("plan / sanitary_city / traditional")
    title = "青禾县创建国家卫生县城工作实施方案"
    assert lines[2] == f"  title       {title}  ← 青禾縣創建國家衛生縣城工作實施方案 (block 0)"
    rows = [(e["field"], e["value"], e["block"], e["source"]) for e in show.evidence_json(rec)]
    assert ("owner", "县卫生局 (lead)", 2, "縣衛生局") in rows
    assert ("deadline", "…2012-06-30", 2, "2012年6月底前") in rows
    assert ("metric", "知晓率达到90%以上", 2, "知曉率達到90%以上") in rows
    assert ("leader", "组长: 李秀兰", 4, "李秀蘭") in rows


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("show")
    (d / "in").mkdir()
    (d / "in" / "trad.txt").write_bytes(PLAN.encode("big5"))
    two = "第一篇:甲镇创卫方案\n一、工作目标\n达标。\n第二篇:乙镇创卫方案\n一、工作目标\n达标。\n"
    (d / "in" / "two.txt").write_text(two, encoding="utf-8")
    assert fangan("ingest", str(d / "in"), "--db", str(d / "a.db")).returncode == 0
    return d / "a.db"


def test_show_cli_by_id_prefix_and_json(archive: Path) -> None:
    r = fangan("search", "衛生縣城", "--db", str(archive), "--json")
    doc_id = json.loads(r.stdout)["hits"][0]["id"]
    shown = fangan("show", doc_id[:8], "--db", str(archive))
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith(f"{doc_id}  plan / sanitary_city / traditional\n")
    assert "← 縣衛生局 (block 2)" in shown.stdout
    out = json.loads(fangan("show", doc_id, "--db", str(archive), "--json").stdout)
    assert out["record"]["id"] == doc_id
    assert out["file"]["size"] == len(PLAN.encode("big5"))
    owner = [e for e in out["evidence"] if e["field"] == "owner"]
    assert owner == [
        {"field": "owner", "value": "县卫生局 (lead)", "block": 2, "source": "縣衛生局"}
    ]


def test_show_cli_unknown_and_ambiguous_ids(archive: Path) -> None:
    r = fangan("show", "ffffffff", "--db", str(archive))
    assert (r.returncode, r.stderr.strip()) == (
        1,
        "fangan show: 'ffffffff' is no plan in the archive",
    )
    r = fangan("search", "甲镇", "--db", str(archive), "--json")
    file_id = json.loads(r.stdout)["hits"][0]["id"].split("-")[0]
    r = fangan("show", file_id, "--db", str(archive))
    assert r.returncode == 1
    assert r.stderr.strip() == (
        f"fangan show: '{file_id}' matches {file_id}-1, {file_id}-2: give more of the id"
    )


@given(st.text(max_size=30), st.text(max_size=30), st.data())
def test_show_raw_span_stays_inside_raw(text: str, raw: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    lo, hi = show.raw_span(text, raw, start, end)
    assert 0 <= lo <= hi <= len(raw)
