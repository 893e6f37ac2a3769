"""A numeric expression accepted as a figure (:class:`_Mention`), before its context is
attached, and the sharing of one written unit along a chain (``3500万、2300万人次``)."""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.parsing.facts.lexicon import POST_QUALIFIER
from orchestration.parsing.numbers import UNITS, normalize_digits

_DISTRIBUTIVE_CHARS = frozenset("、和与及或")


@dataclass
class _Mention:
    """A numeric expression accepted as a quantity, before context is attached."""

    start: int            # quote start
    end: int              # quote end (figure + unit)
    end_ext: int          # end including a trailing qualifier (以上/左右)
    figure: str
    value: float
    value_high: float | None
    unit_written: str
    unit_code: str
    unit_kind: str
    multiplier: str | None
    qualifier: str
    count_multiplier: int = 1
    unit_inferred: bool = False
    streak_years: int | None = None
    rank: bool = False
    pending_unit: bool = False  # unit-less, waiting for a shared unit (3500万、2300万人次)
    negative: bool = False      # written with a minus sign after a change verb (增长-2.1%)
    table_change: str | None = None  # a table cell in a growth column: increase | decrease (tables.py)
    table_label: str | None = None   # a table cell: its row label (the subject)
    table_header: str | None = None  # a table cell: its column header
    table_measure: str | None = None  # a table whose value column is headed by a measure word (产量)
    table_whole: str | None = None   # a table cell below the first data row: that row's label (the whole)
    table_note: str | None = None    # an index table's base from its caption: （上年=100）
    ratio_part: tuple[int, int] | None = None  # a share of a ratio chain (2.9∶30.7∶66.4): (index, parts)


def _arabic_value(text: str) -> float:
    if text.isascii() and "," not in text:
        return float(text)  # the common case: plain ASCII digits
    return float(normalize_digits(text).replace(",", ""))


def _post_qualifier(post: str | None, fz: str | None) -> str:
    if fz:
        return "over"
    return POST_QUALIFIER.get(post or "", "exact")


def _resolve_distributive(body: str, mentions: list[_Mention]) -> list[_Mention]:
    """Give ``3500万、2300万人次`` / ``第5、第6位`` / ``20.9、36.2、54.3个百分点`` their shared unit.

    Walks backwards so a unit written once at the end reaches every figure of the chain.
    """
    out: list[_Mention] = []
    nxt: _Mention | None = None
    for m in reversed(mentions):
        gap = nxt.start - m.end_ext if nxt else -1
        joined = nxt is not None and (gap == 0 or (gap == 1 and body[m.end_ext] in _DISTRIBUTIVE_CHARS))
        if joined and m.unit_written == "个" and nxt.unit_written.startswith("个") and len(nxt.unit_written) > 1:
            _adopt_unit(m, nxt)
        if m.pending_unit:
            if joined and nxt.unit_code and not nxt.pending_unit and nxt.rank == m.rank:
                _adopt_unit(m, nxt)
            elif m.multiplier and not m.rank:
                m.unit_inferred = True  # unit decided from the subject later
            elif m.unit_code in ("ratio", "rank"):
                m.pending_unit = False  # 收入比缩小至2.12, 稳居全国第2
            else:
                continue                # 第3 / 尼龙6 / 1+N: not a quantity
        out.append(m)
        nxt = m
    out.reverse()
    return out


def _adopt_unit(m: _Mention, other: _Mention) -> None:
    old = UNITS[m.unit_written].factor if m.unit_written in UNITS else 1.0
    new = UNITS[other.unit_written].factor if other.unit_written in UNITS else 1.0
    m.value = m.value / old * new
    if m.value_high is not None:
        m.value_high = m.value_high / old * new
    m.unit_written, m.unit_code, m.unit_kind = other.unit_written, other.unit_code, other.unit_kind
    m.rank, m.pending_unit, m.unit_inferred = other.rank, False, False
