"""PlanRecord.to_dict() carries every key of shared/contract/record.md with the right types."""

import json

from pipeline.model import (
    CAMPAIGN_TYPES,
    KINDS,
    SECTION_ROLES,
    Goal,
    Header,
    Leader,
    Metric,
    Owner,
    Phase,
    PlanRecord,
    Section,
    Source,
    Span,
    Task,
)

RECORD_KEYS = {
    "id",
    "source",
    "script",
    "title",
    "issuer",
    "doc_number",
    "date",
    "kind",
    "campaign_type",
    "text",
    "sections",
    "tasks",
    "phases",
    "leaders",
    "goals",
}
SOURCE_KEYS = {"path", "sha256", "format", "encoding", "part"}
SECTION_KEYS = {"number", "heading", "level", "role", "text", "children"}
TASK_KEYS = {"number", "group", "title", "text", "owners", "leaders", "deadline", "metrics"}
METRIC_KEYS = {"name", "op", "value", "unit", "raw"}


def _record() -> PlanRecord:
    metric = Metric("知晓率", ">=", 100.0, "%", "知晓率达到100%")
    child = Section("(一)", "文明城市创建", 2, "other", "……")
    return PlanRecord(
        id="abc-1",
        source=Source("a.txt", "ab" * 32, "txt", "gb18030", 1, 10),
        script="traditional",
        title="某县创建文明城市工作实施方案",
        kind="plan",
        campaign_type="civilized_city",
        text="全文",
        header=Header(issuer="某县文明办", doc_number="某文明〔2011〕3号", date="2011-10-28"),
        sections=(Section("二", "主要任务", 1, "tasks", "……", (child,)),),
        tasks=(
            Task(
                "(1)",
                "(一)文明城市创建",
                "大力开展广场文化活动",
                "大力开展广场文化活动。",
                (Owner("党办"), Owner("团委", "cooperate")),
                ("张涛",),
                Span(None, "2011-06-30", "6月底前"),
                (metric,),
            ),
        ),
        phases=(Phase("动员部署阶段", "2008-08-01", None, "2008年8月1日"),),
        leaders=(Leader("组长", "王建国"),),
        goals=(Goal("知晓率达到100%", (metric,)),),
    )


def test_contract_record_has_every_key():
    d = _record().to_dict()
    assert d.keys() >= RECORD_KEYS
    assert d["source"].keys() >= SOURCE_KEYS
    assert d["sections"][0].keys() >= SECTION_KEYS
    assert d["sections"][0]["children"][0].keys() >= SECTION_KEYS
    assert d["tasks"][0].keys() >= TASK_KEYS
    assert d["tasks"][0]["metrics"][0].keys() >= METRIC_KEYS
    assert {"start", "end", "raw"} <= d["tasks"][0]["deadline"].keys()
    assert {"name", "start", "end", "raw"} <= d["phases"][0].keys()
    assert {"role", "name"} <= d["leaders"][0].keys()
    assert {"text", "metrics"} <= d["goals"][0].keys()


def test_contract_record_values_keep_their_meaning():
    d = _record().to_dict()
    assert d["issuer"] == "某县文明办"
    assert d["doc_number"] == "某文明〔2011〕3号"
    assert d["date"] == "2011-10-28"
    assert d["tasks"][0]["owners"] == ["党办", "团委"]  # plain strings, as the contract says
    assert d["tasks"][0]["leaders"] == ["张涛"]
    assert d["source"]["part"] == 1
    json.dumps(d, ensure_ascii=False)  # JSON-serializable throughout


def test_contract_enums_match_record_md():
    assert set(KINDS) == {"plan", "report", "notice", "speech", "other"}
    assert set(CAMPAIGN_TYPES) == {
        "civilized_city",
        "sanitary_city",
        "civilized_unit",
        "safety",
        "party_building",
        "other",
    }
    assert "guiding_principles" in SECTION_ROLES
    assert len(SECTION_ROLES) == 9
