"""Paragraph properties of a Word 97–2003 file: style (→ heading level) and table marks.

[MS-DOC]: paragraph properties live in PAPX FKPs (512-byte pages of the WordDocument
stream listed by PlcfBtePapx). Each run of paragraphs, keyed by the file offset (FC) of its
text, carries an istd (style index into the STSH stylesheet) and sprms; the ones read here
are sprmPFInTable/sprmPItap (in a table) and sprmPFTtp/sprmPFInnerTtp (row-end mark).
A style is a heading when its built-in sti is 1–9 (Heading 1–9), or its name reads
"heading N" / "标题 N"; Title (sti 62) is level 0, as in the docx reader.
Anything unreadable here makes the caller fall back to plain paragraphs.
"""

from __future__ import annotations

import bisect
import re
import struct
from dataclasses import dataclass

FKP_SIZE = 512
PN_MASK = 0x3FFFFF
FC_STSHF_INDEX = 1  # fcStshf/lcbStshf: the stylesheet, in the table stream
FC_BTE_PAPX_INDEX = 13  # fcPlcfBtePapx/lcbPlcfBtePapx
STI_TITLE = 62
SPRM_IN_TABLE = 0x2416
SPRM_TTP = 0x2417
SPRM_INNER_TTP = 0x244C
SPRM_ITAP = 0x6649
SPRM_DEF_TABLE = 0xD608
SPRM_CHG_TABS = 0xC615
# Operand size by the sprm's spra bits (6 = variable, 7 = 3 bytes).
SPRA_SIZE = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}
RE_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)


@dataclass(frozen=True, slots=True)
class ParaProps:
    istd: int = 0
    in_table: bool = False
    row_end: bool = False


def fib_pair(word: bytes, index: int) -> tuple[int, int]:
    """(fc, lcb) of FibRgFcLcb pair ``index``, after the variable-length FIB parts."""
    pos = 32
    pos += 2 + 2 * struct.unpack_from("<H", word, pos)[0]  # csw, fibRgW
    pos += 2 + 4 * struct.unpack_from("<H", word, pos)[0]  # cslw, fibRgLw
    count = struct.unpack_from("<H", word, pos)[0]
    if index >= count:
        raise ValueError("FIB too short")
    fc, lcb = struct.unpack_from("<II", word, pos + 2 + 8 * index)
    return fc, lcb


def _sprms(grpprl: bytes) -> ParaProps:
    """Table flags from a PAPX grpprl (istd first)."""
    istd = struct.unpack_from("<H", grpprl, 0)[0]
    in_table = row_end = False
    pos = 2
    while pos + 2 <= len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, pos)[0]
        pos += 2
        spra = sprm >> 13
        if sprm == SPRM_DEF_TABLE:
            size = 2 + struct.unpack_from("<H", grpprl, pos)[0] - 1
        elif spra == 6:
            if sprm == SPRM_CHG_TABS and grpprl[pos] == 255:
                break  # rare long form; the flags we need come earlier in practice
            size = 1 + grpprl[pos]
        else:
            size = SPRA_SIZE[spra]
        operand = grpprl[pos : pos + size]
        if sprm == SPRM_IN_TABLE:
            in_table |= operand[:1] == b"\x01"
        elif sprm == SPRM_ITAP:
            in_table |= any(operand)
        elif sprm in (SPRM_TTP, SPRM_INNER_TTP):
            row_end |= operand[:1] == b"\x01"
        pos += size
    return ParaProps(istd, in_table, row_end)


def _fkp_runs(page: bytes) -> list[tuple[int, ParaProps]]:
    """(first FC, props) of each paragraph run in one PAPX FKP, plus the end FC."""
    crun = page[FKP_SIZE - 1]
    fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
    runs = []
    for i in range(crun):
        offset = 2 * page[4 * (crun + 1) + 13 * i]
        props = ParaProps()
        if offset:
            cb = page[offset]
            start, size = (
                (offset + 2, 2 * page[offset + 1]) if cb == 0 else (offset + 1, 2 * cb - 1)
            )
            props = _sprms(page[start : start + size])
        runs.append((fcs[i], props))
    runs.append((fcs[crun], ParaProps()))
    return runs


def papx_runs(word: bytes, table: bytes) -> tuple[list[int], list[ParaProps]]:
    """Sorted run start FCs and their props, for bisecting a paragraph mark's FC."""
    fc, lcb = fib_pair(word, FC_BTE_PAPX_INDEX)
    count = (lcb - 4) // 8
    plc = table[fc : fc + lcb]
    pns = struct.unpack_from(f"<{count}I", plc, 4 * (count + 1))
    starts: list[int] = []
    props: list[ParaProps] = []
    for pn in pns:
        at = (pn & PN_MASK) * FKP_SIZE
        page = word[at : at + FKP_SIZE]
        if len(page) < FKP_SIZE:
            raise ValueError("FKP outside the stream")
        for start, p in _fkp_runs(page):
            starts.append(start)
            props.append(p)
    order = sorted(range(len(starts)), key=starts.__getitem__)
    return [starts[i] for i in order], [props[i] for i in order]


def props_at(starts: list[int], props: list[ParaProps], fc: int) -> ParaProps:
    i = bisect.bisect_right(starts, fc) - 1
    return props[i] if i >= 0 else ParaProps()


def heading_levels(word: bytes, table: bytes) -> dict[int, int]:
    """istd → heading level for the heading styles of the stylesheet."""
    fc, lcb = fib_pair(word, FC_STSHF_INDEX)
    stsh = table[fc : fc + lcb]
    cb_stshi = struct.unpack_from("<H", stsh, 0)[0]
    cstd, cb_base = struct.unpack_from("<HH", stsh, 2)
    pos = 2 + cb_stshi
    levels: dict[int, int] = {}
    for istd in range(cstd):
        cb_std = struct.unpack_from("<H", stsh, pos)[0]
        std = stsh[pos + 2 : pos + 2 + cb_std]
        pos += 2 + cb_std
        if len(std) < max(cb_base, 2):
            continue
        sti = struct.unpack_from("<H", std, 0)[0] & 0x0FFF
        level = _level(sti, _style_name(std, cb_base))
        if level is not None:
            levels[istd] = level
    return levels


def _style_name(std: bytes, cb_base: int) -> str:
    if len(std) < cb_base + 2:
        return ""
    cch = struct.unpack_from("<H", std, cb_base)[0]
    return std[cb_base + 2 : cb_base + 2 + 2 * cch].decode("utf-16-le", errors="replace")


def _level(sti: int, name: str) -> int | None:
    if 1 <= sti <= 9:
        return sti
    if sti == STI_TITLE:
        return 0
    m = RE_HEADING_NAME.match(name.strip())
    return int(m.group(1)) if m else None
