"""Zip archives: member files with correctly decoded names, guarded against zip bombs.

Zip files made on Chinese Windows store GBK names without the UTF-8 flag; zipfile then
decodes them as CP437. Such names are turned back into bytes and decoded as UTF-8 (some
tools write it without the flag) or GB18030, else CP437 is kept. Sizes are checked while
reading, not trusted from the headers, and nesting (zip in zip) is bounded.
"""

from __future__ import annotations

import io
import lzma
import zipfile
import zlib
from collections.abc import Iterator

from pipeline.errors import UnreadableInput
from pipeline.readers.encoding import decode_name
from pipeline.readers.sniff import ZIP_OPEN_ERRORS

MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_NESTING = 3  # archive.zip!inner.zip!deeper.zip is as deep as we go
CHUNK = 1024 * 1024
# What zipfile and its decompressors raise on damaged member data.
MEMBER_ERRORS = (*ZIP_OPEN_ERRORS, zlib.error, lzma.LZMAError)
UTF8_FLAG = 0x800


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it (GBK/UTF-8 names without the flag fixed)."""
    if info.flag_bits & UTF8_FLAG:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    return decode_name(raw) or info.filename


def is_skipped(name: str) -> bool:
    """Directories, macOS resource forks and dotfiles are not documents."""
    parts = name.split("/")
    return name.endswith("/") or parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts)


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, budget: int) -> bytes:
    limit = min(MAX_MEMBER_BYTES, budget)
    out = bytearray()
    with zf.open(info) as fh:
        while chunk := fh.read(CHUNK):
            out += chunk
            if len(out) > limit:
                raise UnreadableInput(
                    f"zip member {name!r} expands past {limit // 2**20} MB (zip bomb?)"
                )
    return bytes(out)


def iter_members(data: bytes, path: str) -> Iterator[tuple[str, bytes]]:
    """Yield (member name, bytes) for each file member, in archive order; raise on any error."""
    for name, content in iter_member_results(data, path):
        if isinstance(content, UnreadableInput):
            raise content
        yield name, content


def iter_member_results(data: bytes, path: str) -> Iterator[tuple[str, bytes | UnreadableInput]]:
    """Yield (member name, bytes or the error reading it) for each file member, in order.

    A damaged or oversized member is reported as its own error so the members before and
    after it are still read; only archive-level problems raise ``UnreadableInput``."""
    if path.count("!") >= MAX_NESTING:
        raise UnreadableInput(f"zip archives nested more than {MAX_NESTING} deep")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_OPEN_ERRORS as e:
        raise UnreadableInput(f"corrupt zip archive: {e}") from e
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > MAX_MEMBERS:
            raise UnreadableInput(f"zip archive has {len(infos)} members (limit {MAX_MEMBERS})")
        budget = MAX_TOTAL_BYTES
        yielded = 0
        for info in infos:
            name = member_name(info)
            if is_skipped(name):
                continue
            yielded += 1
            try:
                content = _read_member(zf, info, name, budget)
            except UnreadableInput as e:
                yield name, e
                continue
            except RuntimeError:  # zipfile: "File ... is encrypted, password required"
                yield name, UnreadableInput("encrypted zip archive (password protected)")
                continue
            except MEMBER_ERRORS as e:
                yield name, UnreadableInput(f"corrupt zip member {name!r}: {e}")
                continue
            budget -= len(content)
            yield name, content
    if not yielded:
        raise UnreadableInput("zip archive has no document files")
