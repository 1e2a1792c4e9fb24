"""Responsible units and persons in a task's text (责任单位/牵头单位/由X负责 ...). Skeleton."""

from __future__ import annotations

from pipeline.model import Owner


def find_owners(text: str) -> list[Owner]:
    """Units responsible for a task, lead units first, cooperating units with role "cooperate"."""
    return []


def find_persons(text: str) -> list[str]:
    """Persons named as responsible (责任领导/责任人)."""
    return []
