"""Property: read() on arbitrary bytes returns blocks or raises a PipelineError, nothing else."""

import io
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import PipelineError
from pipeline.readers import read
from pipeline.run import parse_bytes

# Prefixes that steer the sniffer into every reader, so each one sees junk.
PREFIXES = [
    b"",
    b"%PDF-1.4\n",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"PK\x03\x04",
    b"<html><body><p>",
    b"\xff\xfe",
    "一、指导思想\n".encode("gb18030"),
    b"{\\rtf1\\ansi\\ansicpg936 ",
    b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\n',
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PREFIXES), st.binary(max_size=600))
def test_read_arbitrary_bytes_blocks_or_pipeline_error(prefix, body):
    data = prefix + body
    try:
        result = read(data, "input.bin")
    except PipelineError as e:
        message = str(e)
        assert message
        assert "\n" not in message
        return
    assert result.blocks
    assert all(b.raw and b.raw == b.raw.strip() for b in result.blocks)
    assert [b.index for b in result.blocks] == list(range(len(result.blocks)))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_read_arbitrary_html_text_never_crashes(text):
    data = ("<html><body>" + text + "</body></html>").encode()
    try:
        result = read(data, "page.html")
    except PipelineError:
        return
    assert all(b.kind in ("para", "heading", "list", "table") for b in result.blocks)


DATA = Path(__file__).resolve().parents[1] / "data"


def _fixtures() -> dict[str, bytes]:
    files = {n: (DATA / n).read_bytes() for n in ("plan.doc", "plan.pdf", "plan_utf16.txt")}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("方案.txt", "一、指导思想\n责任单位：县卫生局\n" * 20)
        zf.writestr("plan.doc", files["plan.doc"])
    files["bundle.zip"] = buf.getvalue()
    return files


FIXTURES = _fixtures()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(sorted(FIXTURES)),
    st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), max_size=8),
    st.floats(0.05, 1.0),
)
def test_read_damaged_fixtures_give_documents_or_clean_errors(name, flips, keep):
    data = bytearray(FIXTURES[name][: max(1, int(len(FIXTURES[name]) * keep))])
    for where, value in flips:
        data[int(where * len(data))] = value
    result = parse_bytes(bytes(data), name)
    assert result.documents or result.errors
    for error in result.errors:
        assert not error.reason.startswith("internal error"), error.reason
        assert "\n" not in error.reason
