"""Display forms of file-system paths whose names are not UTF-8."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.paths import display_path, is_text


def raw(b: bytes) -> str:
    """A path as Linux gives it to Python when its bytes are ``b``."""
    return os.fsdecode(b)


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/data/方案.txt", "/data/方案.txt"),  # UTF-8: unchanged
        ("plain/ascii.doc", "plain/ascii.doc"),
        (raw("/data/创卫方案.txt".encode("gbk")), "/data/创卫方案.txt"),
        # a UTF-8 folder holding a GBK file: each component read on its own
        (raw("/档案/".encode() + "实施方案.doc".encode("gbk")), "/档案/实施方案.doc"),
        (raw("/档案/".encode("gbk") + "工作方案.txt".encode()), "/档案/工作方案.txt"),
        # bytes that are neither UTF-8 nor GB18030 hanzi: shown as \xNN
        (raw(b"/data/\xff\xfe.txt"), "/data/\\xff\\xfe.txt"),
    ],
)
def test_paths_display_path_table(path: str, shown: str) -> None:
    assert display_path(path) == shown


def test_paths_is_text() -> None:
    assert is_text("/data/方案.txt")
    assert not is_text(raw("方案".encode("gbk")))


@given(st.binary(max_size=40))
def test_paths_display_path_is_always_storable_text(b: bytes) -> None:
    shown = display_path(raw(b.replace(b"\x00", b"")))
    assert is_text(shown)
    shown.encode("utf-8")  # what SQLite and JSON need
