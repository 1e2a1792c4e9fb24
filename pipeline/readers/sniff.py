"""Tell the format from the bytes (magic numbers, markup); the extension is only a hint."""

from __future__ import annotations

import codecs
import io
import json
import re
import zipfile

from pipeline.errors import UnreadableInput, UnsupportedFormat
from pipeline.readers.encoding import detect_bom, detect_utf16
from pipeline.readers.mht import is_mht

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

# Known formats we do not read: (magic at offset 0, what it looks like). The magics made of
# printable ASCII (GIF89a, MZ, ID3...) could begin a text file, so they only name the format
# of data that is binary anyway; the others are unambiguous on their own.
STRONG_MAGICS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x7fELF", "ELF executable"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xca\xfe\xba\xbe", "Java class / Mach-O binary"),
)
WEAK_MAGICS: tuple[tuple[bytes, str], ...] = (
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"MZ", "Windows executable"),
    (b"BZh", "bzip2 archive"),
    (b"ID3", "MP3 audio"),
    (b"OggS", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"wOFF", "web font"),
    (b"BM", "BMP image"),
)
# OOXML / ODF packages that are zips but not Word documents: (members that prove it, name).
OTHER_PACKAGES: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"xl/workbook.xml"}), "Excel workbook (.xlsx)"),
    (frozenset({"ppt/presentation.xml"}), "PowerPoint presentation (.pptx)"),
    (frozenset({"mimetype", "content.xml"}), "OpenDocument file (.odt/.ods)"),
    (frozenset({"mimetype", "META-INF/container.xml"}), "EPUB book"),
)
# What zipfile raises when opening a damaged archive (versions it cannot read included).
ZIP_OPEN_ERRORS = (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError)
HEAD_SIZE = 8192
# Binary junk: share of control bytes (other than tab, LF, CR, FF, ESC) in the head.
MAX_CONTROL_SHARE = 0.05
CONTROL_BYTES = frozenset(set(range(32)) - {9, 10, 12, 13, 27}) | {127}
_CONTROL_TABLE = bytes(sorted(CONTROL_BYTES))

RE_HTML_START = re.compile(rb"^\s*<(?:!doctype\s+html|html|head|body|meta|title|\?xml)", re.I)
RE_HTML_TAG = re.compile(
    rb"<(?:html|head|body|meta|title|p|div|br|span|table|tr|td|li|ul|h[1-6]|a\s)[\s>/]", re.I
)
MIN_HTML_TAGS = 3
# A fragment is HTML when it has at least one tag per this many lines.
LINES_PER_TAG = 4


def _magic_name(data: bytes, magics: tuple[tuple[bytes, str], ...]) -> str | None:
    for magic, name in magics:
        if data.startswith(magic):
            return name
    return None


def _media_name(data: bytes) -> str | None:
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP image"
    if data[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    return None


def _zip_kind(data: bytes, path: str) -> str:
    """docx when the package has word/document.xml; refuse other OOXML/ODF packages."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except ZIP_OPEN_ERRORS:
        # A truncated package: the local headers still show member names; else the hint.
        head = data[: HEAD_SIZE * 8]
        is_word = b"word/" in head or path.lower().endswith((".docx", ".docm", ".dotx"))
        return "docx" if is_word else "zip"
    if "word/document.xml" in names:
        return "docx"
    for members, name in OTHER_PACKAGES:
        if members <= names:
            raise UnsupportedFormat(f"{name}, not a supported document format")
    return "zip"


JSON_WHOLE_MAX = 8 * 2**20  # parse a whole file as JSON only up to this size


def _head_text(data: bytes) -> bytes:
    """The first bytes as ASCII-compatible bytes (UTF-16 transcoded), for markup sniffing."""
    head = data[:HEAD_SIZE]
    bom = detect_bom(head)
    enc = bom[0] if bom and bom[0].startswith("utf-16") else detect_utf16(data)
    if enc is None or not enc.startswith("utf-16"):
        return head.removeprefix(codecs.BOM_UTF8)
    start = 2 if bom else 0
    return head[start : len(head) // 2 * 2].decode(enc, errors="replace").encode("utf-8")


def is_html(data: bytes) -> bool:
    """Markup sniffing: starts like an HTML document, or is a fragment dense with tags.

    A text file with a few stray tags among many lines stays text: read as HTML, its line
    breaks would collapse and the whole file would run into one block."""
    head = _head_text(data)
    if RE_HTML_START.match(head):
        return True
    tags = len(RE_HTML_TAG.findall(head))
    return tags >= MIN_HTML_TAGS and tags * LINES_PER_TAG >= head.count(b"\n")


def _control_share(data: bytes) -> float:
    head = data[:HEAD_SIZE]
    # bytes.translate deletes the control bytes in C: no Python loop over 8 KB.
    control = len(head) - len(head.translate(None, _CONTROL_TABLE))
    return control / max(1, len(head))


def sniff_format(data: bytes, path: str) -> str:
    """Return txt/html/docx/doc/rtf/mht/pdf/zip from the bytes; raise on empty or binary input."""
    if not data or data.isspace():
        raise UnreadableInput("empty file")
    if data.lstrip()[:5] == b"%PDF-" or data[:1024].find(b"%PDF-") >= 0:
        return "pdf"
    if data.startswith(OLE2_MAGIC):
        return "doc"
    if data.startswith(ZIP_MAGICS):
        return _zip_kind(data, path)
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if is_mht(data):
        return "mht"
    name = _magic_name(data, STRONG_MAGICS) or _media_name(data)
    if name is not None:
        raise UnsupportedFormat(f"unsupported format: looks like a {name}")
    if detect_bom(data) is None and detect_utf16(data) is None:
        share = _control_share(data)
        if share > MAX_CONTROL_SHARE:
            name = _magic_name(data, WEAK_MAGICS)
            what = f"looks like a {name}" if name else f"binary data ({share:.0%} control bytes)"
            raise UnsupportedFormat(f"unsupported format: {what}")
    if is_json(data):
        raise UnsupportedFormat("unsupported format: JSON data (not a document)")
    return "html" if is_html(data) else "txt"


def is_json(data: bytes) -> bool:
    """JSON or JSON-lines data (labels, gold files, exports), never a plan.

    JSON-lines: the first line is a complete JSON value; pretty-printed JSON: the whole file
    (up to JSON_WHOLE_MAX bytes) parses. A plan never starts with "{" or "[" like that."""
    head = _head_text(data).lstrip()
    if head[:1] not in (b"{", b"["):
        return False
    first = head.split(b"\n", 1)[0].strip()
    whole = data if len(data) <= JSON_WHOLE_MAX else b""
    for candidate in (first, whole):
        try:
            json.loads(candidate)
        except ValueError:
            continue
        return True
    return False
