"""Figures in tables: a flattened table (the splitter writes an HTML table as rows ending in
``；`` whose cells are separated by ``，``) gives one figure per numeric cell, its unit from the
column header (``2021年（亿元）``, ``比上年增长（%）``) or from the row's ``单位`` cell (``万辆``).

A table is recognised by its shape, not by its words: a header row followed by at least two
rows with the same number of cells (two or more), whose cells after the first are numbers,
dashes or, in the ``单位`` column, units. A growth column (header naming 增长/增速/增幅, or the
header's unit ``%`` under such a word) gives increases in percent, a negative cell a decrease
of its absolute value (the quote keeps the minus sign). A numeric cell whose unit is unknown
(the header names none and there is no ``单位`` column) is a level without unit, as in index
tables (``上年=100``). A cell whose unit cannot be read is left out rather than guessed.

Each cell also carries what names its measure beyond its row label: the first data row's label
(the whole the rows below are parts of: ``地区生产总值`` over ``第一产业``) and, for an index
table, the base its caption names (``表2：…指数（上年=100）``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from orchestration.parsing.facts.mentions import _Mention
from orchestration.parsing.numbers import MULTIPLIERS, UNITS

_ROW_SEP, _CELL_SEP = "；", "，"
_CELL_NUM_RE = re.compile(r"(?P<minus>[-－−])?(?P<num>\d+(?:\.\d+)?)")
_HEADER_UNIT_RE = re.compile(r"[（(]\s*(?P<unit>[^（）()]{1,8}?)\s*[）)]\s*$")
_GROWTH_RE = re.compile(r"增长|增速|增幅|增减")
_UNIT_HEADER = "单位"
_DASHES = frozenset("—–-－─")
_MULTS = sorted(MULTIPLIERS, key=len, reverse=True)


def _unit_of(text: str) -> tuple[str, str | None] | None:
    """(unit as written, magnitude) of ``亿元``/``万辆``/``%``; None when the unit is unknown."""
    text = text.strip().replace("％", "%")
    mult = next((m for m in _MULTS if text.startswith(m) and text[len(m):] in UNITS), None)
    rest = text[len(mult):] if mult else text
    if rest in UNITS:
        return rest, mult
    return None


def _cells(body: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    while True:
        cut = body.find(_CELL_SEP, pos, end)
        if cut < 0:
            out.append((pos, end))
            return out
        out.append((pos, cut))
        pos = cut + 1


def _rows(body: str, start: int, end: int) -> list[list[tuple[int, int]]]:
    out, pos = [], start
    while pos < end:
        cut = body.find(_ROW_SEP, pos, end)
        stop = end if cut < 0 else cut
        out.append(_cells(body, pos, stop))
        pos = stop + 1
    return out


def _is_data_row(body: str, row: Sequence[tuple[int, int]], width: int, unit_col: int | None) -> bool:
    if len(row) != width:
        return False
    numeric = 0
    for j, (s, e) in enumerate(row[1:], start=1):
        cell = body[s:e].strip()
        if j == unit_col:
            continue
        if _CELL_NUM_RE.fullmatch(cell):
            numeric += 1
        elif not (cell and set(cell) <= _DASHES):
            return False
    return numeric > 0


def table_mentions(body: str, spans: Sequence[tuple[int, int]]) -> Iterator[_Mention]:
    """The numeric cells of every table found in the paragraphs ``spans``."""
    for p_start, p_end in spans:
        if body.count(_ROW_SEP, p_start, p_end) < 2:
            continue
        rows = _rows(body, p_start, p_end)
        i = 0
        while i < len(rows) - 2:
            header = rows[i]
            width = len(header)
            heads = [body[s:e].strip() for s, e in header]
            unit_col = heads.index(_UNIT_HEADER) if _UNIT_HEADER in heads[1:] else None
            j = i + 1
            while j < len(rows) and width >= 2 and _is_data_row(body, rows[j], width, unit_col):
                j += 1
            if j - i - 1 < 2:
                i += 1
                continue
            yield from _table(body, heads, rows[i + 1:j], unit_col, _caption_base(body, header[0][1]))
            i = j


_MEASURE_HEADER_RE = re.compile(r"[\u4e00-\u9fff]{1,6}")


def _table_measure(heads: list[str], unit_col: int | None) -> str | None:
    """The measure a value column's header names (``产量`` beside a ``单位`` column): the
    measure of every row label; a header holding a year, a unit or a growth word names none."""
    for j, head in enumerate(heads[1:], start=1):
        if j != unit_col and _MEASURE_HEADER_RE.fullmatch(head) and not _GROWTH_RE.search(head):
            return head
    return None


_CAPTION_BASE_RE = re.compile(r"(上年|上月|上年同期|\d{4}年)\s*[=＝]\s*100")
_CAPTION_RE = re.compile(r"表\s*\d+\s*[：:]")
_CAPTION_REACH = 80  # characters before a table where its caption is looked for


def _caption_base(body: str, until: int) -> str | None:
    """The base an index table's caption names (``表2：…价格指数（上年 = 100）`` -> ``（上年=100）``),
    looked for before the table and in its first header cell (``until``: where that cell ends; the
    splitter often leaves the caption there)."""
    window = body[max(0, until - _CAPTION_REACH):until]
    captions = list(_CAPTION_RE.finditer(window))
    if not captions:
        return None
    m = _CAPTION_BASE_RE.search(window, captions[-1].end())
    return f"（{m.group(1)}=100）" if m else None


def _table(body: str, heads: list[str], rows: Sequence[Sequence[tuple[int, int]]], unit_col: int | None,
           note: str | None = None):
    measure = _table_measure(heads, unit_col)
    whole = body[rows[0][0][0]:rows[0][0][1]].strip() if rows else None
    for k, row in enumerate(rows):
        label = body[row[0][0]:row[0][1]].strip()
        row_unit = _unit_of(body[slice(*row[unit_col])]) if unit_col is not None else None
        for j, (s, e) in enumerate(row[1:], start=1):
            if j == unit_col:
                continue
            raw = body[s:e]
            m = _CELL_NUM_RE.fullmatch(raw.strip())
            if not m:
                continue
            lead = len(raw) - len(raw.lstrip())
            start, end = s + lead, s + lead + len(m.group())
            head = heads[j]
            h_unit = _HEADER_UNIT_RE.search(head)
            growth = bool(_GROWTH_RE.search(head))
            if h_unit:
                unit = _unit_of(h_unit["unit"])
                if unit is None:
                    continue  # a header unit this table cannot read: left out, not guessed
            elif unit_col is not None and not growth:
                if row_unit is None:
                    continue
                unit = row_unit
            elif growth:
                unit = ("%", None)
            else:
                unit = ("", None)  # index tables (上年=100): a level without unit
            written, mult = unit
            spec = UNITS.get(written)
            value = float(m["num"]) * MULTIPLIERS.get(mult or "", 1.0) * (spec.factor if spec else 1.0)
            negative = bool(m["minus"])
            change = None
            if growth and spec is not None and spec.kind == "percent":
                change = "decrease" if negative else "increase"
            elif negative:
                value = -value
            yield _Mention(start, end, end, m.group(), value, None, written, spec.code if spec else "",
                           spec.kind if spec else "", mult, "exact", table_change=change, table_label=label,
                           table_header=head, table_measure=measure, table_whole=whole if k else None,
                           table_note=note)
