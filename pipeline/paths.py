"""File-system paths as text an archive can hold.

Linux hands Python a file name that is not UTF-8 with lone surrogates (``os.fsdecode``),
which SQLite, JSON and most terminals refuse. Archives copied off Chinese Windows systems
are full of such names, in GBK. A path's display form reads each such component as a zip
member name is read (``decode_name``: GB18030 when that gives common hanzi), and shows
the bytes of anything else as ``\\xNN``; the path as the OS knows it stays what opens the
file (the archive keeps its bytes in ``os_paths``: see ``pipeline.store``).

    >>> display_path("/data/" + os.fsdecode("方案.txt".encode("gbk")))
    '/data/方案.txt'
"""

from __future__ import annotations

import os

from pipeline.readers.encoding import decode_name


def display_path(path: str) -> str:
    """``path`` unchanged when it is valid text, else its components decoded one by one."""
    if is_text(path):
        return path
    return os.sep.join(_display_part(part) for part in path.split(os.sep))


def is_text(path: str) -> bool:
    """True when ``path`` holds no lone surrogate (an undecodable byte of the name)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _display_part(part: str) -> str:
    if is_text(part):
        return part
    raw = os.fsencode(part)
    return decode_name(raw) or raw.decode("utf-8", "backslashreplace")
