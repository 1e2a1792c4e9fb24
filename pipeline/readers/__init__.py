"""Readers: bytes → flat list of Blocks, one module per format.

``read(data, path)`` sniffs the format from the bytes (the extension is only a hint) and
dispatches. Zip archives are not read here: ``run`` expands them with ``iter_zip_members``
so each member is parsed and reported on its own.

Modules: ``sniff`` (format from magic numbers / markup), ``encoding`` (validated decoding),
``txt``, ``html``, ``docx`` (+ ``numbering`` for Word's automatic list numbers), ``pdf``,
``doc`` (Word 97–2003 piece table), ``rtf`` (striprtf, in the document's code page),
``mht`` (MIME web archives: their HTML page), ``zip`` (member names, bomb guards).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pipeline.errors import PipelineError, UnreadableInput, UnsupportedFormat
from pipeline.model import Block
from pipeline.readers.sniff import sniff_format

__all__ = ["ReadResult", "iter_zip_member_results", "iter_zip_members", "read", "sniff_format"]


@dataclass(frozen=True, slots=True)
class ReadResult:
    blocks: list[Block]
    format: str
    encoding: str | None = None
    warnings: tuple[str, ...] = ()


def _read_txt(data: bytes) -> ReadResult:
    from pipeline.readers.txt import read_txt

    blocks, decoded = read_txt(data)
    return ReadResult(blocks, "txt", decoded.encoding, decoded.warnings)


def _read_html(data: bytes) -> ReadResult:
    from pipeline.readers.html import read_html

    blocks, decoded = read_html(data)
    return ReadResult(blocks, "html", decoded.encoding, decoded.warnings)


def _read_mht(data: bytes) -> ReadResult:
    from pipeline.readers.mht import read_mht

    blocks, decoded = read_mht(data)
    return ReadResult(blocks, "mht", decoded.encoding, decoded.warnings)


def _read_rtf(data: bytes) -> ReadResult:
    from pipeline.readers.rtf import read_rtf

    blocks, encoding = read_rtf(data)
    return ReadResult(blocks, "rtf", encoding)


def _read_docx(data: bytes) -> ReadResult:
    from pipeline.readers.docx import read_docx

    return ReadResult(read_docx(data), "docx")


def _read_pdf(data: bytes) -> ReadResult:
    from pipeline.readers.pdf import read_pdf

    return ReadResult(read_pdf(data), "pdf")


def _read_doc(data: bytes) -> ReadResult:
    from pipeline.readers.doc import read_doc

    return ReadResult(read_doc(data), "doc")


READERS: dict[str, Callable[[bytes], ReadResult]] = {
    "txt": _read_txt,
    "html": _read_html,
    "docx": _read_docx,
    "pdf": _read_pdf,
    "doc": _read_doc,
    "rtf": _read_rtf,
    "mht": _read_mht,
}


def read(data: bytes, path: str, fmt: str | None = None) -> ReadResult:
    """Read any supported single file (not zip) into blocks; raise a one-line PipelineError.

    ``fmt`` is the caller's ``sniff_format(data, path)`` result, to avoid sniffing twice."""
    fmt = fmt or sniff_format(data, path)
    reader = READERS.get(fmt)
    if reader is None:
        raise UnsupportedFormat(f"unsupported format: {fmt} (archives are expanded by run)")
    result = reader(data)
    if not result.blocks:
        raise UnreadableInput(f"no text found in {fmt} file")
    return result


def iter_zip_members(data: bytes, path: str) -> Iterator[tuple[str, bytes]]:
    """Yield (member path, bytes) for each file in a zip; raise UnreadableInput if corrupt."""
    from pipeline.readers.zip import iter_members

    return iter_members(data, path)


def iter_zip_member_results(data: bytes, path: str) -> Iterator[tuple[str, bytes | PipelineError]]:
    """Like ``iter_zip_members``, but a member that cannot be read is yielded as its error
    (the other members are still read); archive-level problems still raise."""
    from pipeline.readers.zip import iter_member_results

    return iter_member_results(data, path)
