"""Header fields: issuer, doc_number, signing date, addressees, cc, keywords. Skeleton."""

from __future__ import annotations

from pipeline.model import Block, Header


def extract_header(blocks: list[Block], title: str | None = None) -> Header:
    return Header()
