"""End-to-end behaviour of run.parse_bytes on small inputs."""

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
