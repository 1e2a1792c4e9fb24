"""Every fixture through run.parse_file: documents for good files, one-line errors for bad."""

from pathlib import Path

import pytest

from pipeline.run import parse_file

DATA = Path(__file__).resolve().parents[1] / "data"

# fmt: off
GOOD = [
    ("plan_utf8.txt", "txt", "utf-8"),
    ("plan_gb18030.txt", "txt", "gb18030"),
    ("plan_utf16.txt", "txt", "utf-16-le"),
    ("plan_big5.txt", "txt", "big5"),
    ("plan_html_saved_as.txt", "html", "gb18030"),
    ("plan.pdf", "pdf", None),
    ("plan.doc", "doc", None),
    ("plan_numbered.docx", "docx", None),
]
BAD = [
    ("empty.txt", "empty file"),
    ("image_named.txt", "unsupported format: looks like a PNG image"),
    ("truncated.docx", "corrupt docx"),
    ("truncated.pdf", "corrupt PDF"),
]
# fmt: on


@pytest.mark.parametrize(("name", "fmt", "encoding"), GOOD)
def test_run_readers_good_fixture_gives_a_document(name, fmt, encoding):
    result = parse_file(DATA / name)
    assert result.errors == ()
    assert len(result.documents) >= 1
    source = result.documents[0].source
    assert (source.format, source.encoding) == (fmt, encoding)
    assert "指导思想" in result.documents[0].text or "指導思想" in result.documents[0].text


@pytest.mark.parametrize(("name", "reason"), BAD)
def test_run_readers_bad_fixture_gives_one_line_error(name, reason):
    result = parse_file(DATA / name)
    assert result.documents == ()
    (error,) = result.errors
    assert error.reason.startswith(reason)
    assert "\n" not in error.reason
    assert "Traceback" not in error.reason
