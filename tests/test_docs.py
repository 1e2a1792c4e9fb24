"""The README stays honest: every subcommand is documented there and has help with an example."""

import re
from pathlib import Path

import pytest

from pipeline.cli import build_parser

README = Path(__file__).resolve().parents[1] / "README.md"


def _subcommands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)


def test_docs_readme_starts_with_the_two_commands():
    text = README.read_text(encoding="utf-8")
    first_block = re.search(r"```(?:\w+)?\n(.*?)```", text, re.S)
    assert first_block is not None
    assert "make demo" in first_block.group(1)
    assert "make test" in first_block.group(1)


@pytest.mark.parametrize("name", _subcommands())
def test_docs_every_command_is_in_readme(name):
    assert f"fangan {name}" in README.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", _subcommands())
def test_docs_every_command_has_help_with_example(name):
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    help_text = sub.choices[name].format_help()
    assert re.search(r"Examples?:", help_text)
    assert f"fangan {name}" in help_text
