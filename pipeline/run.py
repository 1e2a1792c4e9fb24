"""The ordered stage list: bytes → blocks → normalized → cleaned → documents → records.

This is the only module that knows the order of the stages. Every failure of one input
becomes a one-line ``FileError``; nothing here lets an exception escape for bad data.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace
from pathlib import Path

from pipeline import clean, normalize, readers, split
from pipeline.assemble import to_record
from pipeline.errors import PipelineError
from pipeline.model import FileError, ParseResult, PlanRecord, Source
from pipeline.paths import display_path

log = logging.getLogger(__name__)


def parse_file(path: str | Path) -> ParseResult:
    """Parse one file on disk. Unreadable paths become errors, never exceptions.

    Records and errors name the file by its display path (a GBK name decoded: see
    ``pipeline.paths``), so JSON output stays valid UTF-8."""
    p = display_path(str(path))
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        return ParseResult(errors=(FileError(p, f"cannot read file: {e.strerror or e}"),))
    return parse_bytes(data, p)


def parse_bytes(data: bytes, path: str) -> ParseResult:
    """Parse the bytes of one file (a zip yields one result per member, merged)."""
    try:
        fmt = readers.sniff_format(data, path)
        if fmt == "zip":
            return _parse_zip(data, path)
        return ParseResult(documents=tuple(_parse_single(data, path, fmt)))
    except PipelineError as e:
        return ParseResult(errors=(FileError(path, str(e)),))
    except Exception as e:  # a bug must not stop a batch: report it as this file's error
        log.exception("internal error on %s", path)
        return ParseResult(errors=(FileError(path, f"internal error: {type(e).__name__}: {e}"),))


def _parse_zip(data: bytes, path: str) -> ParseResult:
    docs: list[PlanRecord] = []
    errors: list[FileError] = []
    # A member that cannot be read (zip bomb guard, damaged data) is that member's error;
    # the documents of the other members are kept.
    for member, member_bytes in readers.iter_zip_member_results(data, path):
        if isinstance(member_bytes, PipelineError):
            errors.append(FileError(f"{path}!{member}", str(member_bytes)))
            continue
        result = parse_bytes(member_bytes, f"{path}!{member}")
        docs.extend(result.documents)
        errors.extend(result.errors)
    return ParseResult(tuple(docs), tuple(errors))


def _parse_single(data: bytes, path: str, fmt: str) -> list[PlanRecord]:
    read = readers.read(data, path, fmt)
    blocks = normalize.normalize_blocks(read.blocks)
    site_title = clean.site_title(blocks)
    blocks = clean.clean_blocks_titled(blocks, site_title)
    base = Source(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        format=read.format,
        encoding=read.encoding,
        size=len(data),
    )
    parts = split.split_parts(blocks)
    if not parts:
        raise PipelineError("no text found")
    return [
        to_record(
            replace(base, part=i),
            part.blocks,
            read.warnings,
            marker_title=part.marker_title,
            site_title=site_title if i == 1 else None,
            site_first=part.numbered,
        )
        for i, part in enumerate(parts, 1)
    ]
