"""Numeral parsing and unit normalisation for Chinese official prose.

Pure Python, no third-party dependency.  Everything the extractor needs to turn
``215.2万千瓦`` into ``2_152_000 kW`` lives here:

* :func:`normalize_digits` – full-width digits / ``％`` / ``．`` to ASCII.
* :func:`parse_arabic` – ``1,092`` / ``1，092`` / ``14.74`` / ``０.５`` -> float.
* :func:`parse_chinese` – ``二十二`` / ``一百零五`` / ``三千`` / ``百亿`` / ``二〇二五`` -> float.
* :func:`parse_numeral` – any of the above, plus multipliers (``1.2万亿``),
  ``百分之百`` and approximate forms (``上千``, ``数百``, ``3万多``).
* :func:`parse_range` – ``3—5`` / ``3至5`` / ``3-5`` / ``3～5`` -> (3.0, 5.0).
* :func:`parse_quantity` – numeral + unit -> :class:`Quantity` in canonical units.
* :data:`UNIT_TABLE` – the unit catalogue (data, not code): written form,
  canonical code, factor to the canonical unit and a kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

__all__ = [
    "ARABIC_NUMBER_PATTERN",
    "CHINESE_NUMBER_CHARS",
    "MULTIPLIERS",
    "Quantity",
    "UNIT_TABLE",
    "UNITS",
    "Unit",
    "NumeralError",
    "normalize_digits",
    "parse_arabic",
    "parse_chinese",
    "parse_numeral",
    "parse_quantity",
    "parse_range",
    "split_unit",
    "unit_pattern",
]


class NumeralError(ValueError):
    """Raised when a string is not a numeral this module understands."""


# --------------------------------------------------------------------------- digits

_FULLWIDTH = str.maketrans("０１２３４５６７８９．％，", "0123456789.%,")

#: An Arabic numeral as written in Chinese prose: thousands separators (ASCII or
#: full-width comma, only between 3-digit groups) and an optional decimal part.
ARABIC_NUMBER_PATTERN = (
    r"(?:[0-9０-９]{1,3}(?:[,，][0-9０-９]{3}(?![0-9０-９]))+|[0-9０-９]+)(?:[.．][0-9０-９]+)?"
)
_ARABIC_FULL_RE = re.compile(rf"^{ARABIC_NUMBER_PATTERN}$")


def normalize_digits(text: str) -> str:
    """Map full-width digits, full stop, percent and comma to ASCII."""
    return text.translate(_FULLWIDTH)


def parse_arabic(text: str) -> float:
    """Parse an Arabic numeral, with optional thousands separators and decimals."""
    if not _ARABIC_FULL_RE.match(text):
        raise NumeralError(f"not an Arabic numeral: {text!r}")
    return float(normalize_digits(text).replace(",", ""))


# --------------------------------------------------------------------------- Chinese

_CN_DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMBER_CHARS = "".join(_CN_DIGIT) + "".join(_CN_SMALL) + "".join(_CN_BIG)

#: Multipliers that may follow an Arabic numeral (``215.2万``, ``1.2万亿``).
MULTIPLIERS = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4,
               "千": 1e3, "百": 1e2}


def parse_chinese(text: str) -> float:
    """Parse a Chinese numeral such as ``二十二``, ``一百零五``, ``三千万``, ``百亿``.

    A run of bare digits without any place character (``二〇二五``) is read digit by
    digit, as years and codes are written.
    """
    if not text or any(ch not in CHINESE_NUMBER_CHARS for ch in text):
        raise NumeralError(f"not a Chinese numeral: {text!r}")
    if len(text) > 1 and all(ch in _CN_DIGIT for ch in text):
        return float("".join(str(_CN_DIGIT[ch]) for ch in text))
    total = 0.0      # everything already closed by 亿
    myriads = 0.0    # closed by 万, waiting for a possible 亿
    section = 0.0    # below 万
    digit = 0.0
    for ch in text:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        elif ch in _CN_SMALL:
            section += (digit or 1) * _CN_SMALL[ch]
            digit = 0
        elif ch == "万":
            myriads = (myriads + section + digit or 1) * 10_000
            section = digit = 0
        else:  # 亿
            total = (total + myriads + section + digit or 1) * 100_000_000
            myriads = section = digit = 0
    return total + myriads + section + digit


# --------------------------------------------------------------------------- numerals

_APPROX_PREFIX = {"上": "approximately", "近": "approximately", "约": "approximately",
                  "数": "over", "几": "over"}
_NUMERAL_RE = re.compile(
    rf"^(?P<pre>[上近约数几])?"
    rf"(?:(?P<pct>百分之)(?P<pctnum>[{CHINESE_NUMBER_CHARS}]+|{ARABIC_NUMBER_PATTERN})"
    rf"|(?P<ar>{ARABIC_NUMBER_PATTERN})(?P<fz1>[多余])?(?P<mult>万亿|千亿|百亿|亿|千万|百万|万|千|百)?"
    rf"|(?P<cn>[{CHINESE_NUMBER_CHARS}]+))(?P<fz2>[多余])?$"
)


class Numeral(NamedTuple):
    value: float
    multiplier: str | None
    qualifier: str          # exact | over | approximately
    is_percent: bool


def parse_numeral(text: str) -> Numeral:
    """Parse any numeral form used in reports.

    >>> parse_numeral("1.2万亿").value
    1200000000000.0
    >>> parse_numeral("上千")
    Numeral(value=1000.0, multiplier=None, qualifier='approximately', is_percent=False)
    """
    m = _NUMERAL_RE.match(text.strip())
    if not m:
        raise NumeralError(f"not a numeral: {text!r}")
    qualifier = _APPROX_PREFIX.get(m["pre"] or "", "exact")
    if m["fz1"] or m["fz2"]:
        qualifier = "over"
    if m["pct"]:
        raw = m["pctnum"]
        value = parse_chinese(raw) if raw[0] in CHINESE_NUMBER_CHARS else parse_arabic(raw)
        return Numeral(value, None, qualifier, True)
    if m["ar"]:
        mult = m["mult"]
        return Numeral(parse_arabic(m["ar"]) * MULTIPLIERS.get(mult or "", 1.0), mult, qualifier, False)
    cn = m["cn"]
    big = cn.lstrip("".join(_CN_DIGIT) + "".join(_CN_SMALL))
    return Numeral(parse_chinese(cn), big or None, qualifier, False)


_RANGE_RE = re.compile(
    rf"^(?P<a>{ARABIC_NUMBER_PATTERN}|[{CHINESE_NUMBER_CHARS}]+)[%％]?\s*[—–\-－~～至到]\s*"
    rf"(?P<b>{ARABIC_NUMBER_PATTERN}|[{CHINESE_NUMBER_CHARS}]+)$"
)


def parse_range(text: str) -> tuple[float, float]:
    """Parse ``3—5``, ``3至5``, ``3-5``, ``3～5``, ``4.5%-5`` into (low, high)."""
    m = _RANGE_RE.match(text.strip())
    if not m:
        raise NumeralError(f"not a range: {text!r}")
    low, high = (parse_numeral(m[g]).value for g in ("a", "b"))
    if low > high:
        raise NumeralError(f"range low end above high end: {text!r}")
    return low, high


# --------------------------------------------------------------------------- units


@dataclass(frozen=True)
class Unit:
    written: str
    code: str
    factor: float
    kind: str          # count | measure | currency | percent | pp | times | rank | duration | streak
    flags: str = ""    # needs_mult: only with 万/亿 (度); attributive: "500千伏输变电" style labels


# Canonical codes: count, person, person_time, household, yuan, usd, kw, kwh, kv, kva, t,
# tce, m3, m2, km2, mu, km, teu, pflops, ug_m3, celsius, yuan_per_month, yuan_per_person,
# yuan_per_mu, yuan_per_year, percent, pp, permille, times, year, month, day, hour,
# minute, week, quarter.  The extractor adds rank (第3位) and ratio (收入比2.12).
_UNIT_ROWS: tuple[tuple[str, str, float, str, str], ...] = (
    # --- counts (measure words)
    ("个", "count", 1, "count", ""), ("家", "count", 1, "count", ""),
    ("台", "count", 1, "count", ""), ("座", "count", 1, "count", ""),
    ("条", "count", 1, "count", ""), ("项", "count", 1, "count", ""),
    ("所", "count", 1, "count", ""), ("处", "count", 1, "count", ""),
    ("件", "count", 1, "count", ""), ("辆", "count", 1, "count", ""),
    ("套", "count", 1, "count", ""), ("张", "count", 1, "count", ""),
    ("艘", "count", 1, "count", ""), ("架", "count", 1, "count", ""),
    ("列", "count", 1, "count", ""), ("批", "count", 1, "count", ""),
    ("只", "count", 1, "count", ""), ("头", "count", 1, "count", ""),
    ("株", "count", 1, "count", ""), ("棵", "count", 1, "count", ""),
    ("栋", "count", 1, "count", ""), ("间", "count", 1, "count", ""),
    ("部", "count", 1, "count", ""), ("种", "count", 1, "count", ""),
    ("类", "count", 1, "count", ""), ("场", "count", 1, "count", ""),
    ("次", "count", 1, "count", ""), ("款", "count", 1, "count", ""),
    ("门", "count", 1, "count", ""), ("支", "count", 1, "count", ""),
    ("例", "count", 1, "count", ""), ("宗", "count", 1, "count", ""),
    ("份", "count", 1, "count", ""), ("块", "count", 1, "count", ""),
    ("片", "count", 1, "count", ""),
    ("笔", "count", 1, "count", ""), ("单", "count", 1, "count", ""),
    ("节", "count", 1, "count", ""), ("班", "count", 1, "count", ""),
    ("组", "count", 1, "count", ""), ("对", "count", 1, "count", ""),
    ("枚", "count", 1, "count", ""), ("轮", "count", 1, "count", ""),
    ("起", "count", 1, "count", ""), ("回", "count", 1, "count", ""),
    ("航次", "count", 1, "count", ""), ("颗", "count", 1, "count", ""),
    ("家次", "count", 1, "count", ""), ("个次", "count", 1, "count", ""),
    ("项次", "count", 1, "count", ""), ("批次", "count", 1, "count", ""),
    ("架次", "count", 1, "count", ""), ("车次", "count", 1, "count", ""),
    ("艘次", "count", 1, "count", ""), ("班次", "count", 1, "count", ""),
    ("场次", "count", 1, "count", ""), ("件次", "count", 1, "count", ""),
    ("台次", "count", 1, "count", ""), ("辆次", "count", 1, "count", ""),
    ("趟", "count", 1, "count", ""),
    # --- people
    ("人", "person", 1, "count", ""), ("人口", "person", 1, "count", ""),
    ("名", "person", 1, "count", ""), ("位", "person", 1, "count", ""),
    ("人次", "person_time", 1, "count", ""), ("户", "household", 1, "count", ""),
    ("户次", "household", 1, "count", ""),
    # --- money
    ("元", "yuan", 1, "currency", ""), ("美元", "usd", 1, "currency", ""),
    ("元/月", "yuan_per_month", 1, "currency", ""), ("元/人", "yuan_per_person", 1, "currency", ""),
    ("元/亩", "yuan_per_mu", 1, "currency", ""), ("元/年", "yuan_per_year", 1, "currency", ""),
    # --- energy and power
    ("千瓦", "kw", 1, "measure", ""), ("兆瓦", "kw", 1e3, "measure", ""),
    ("吉瓦", "kw", 1e6, "measure", ""), ("kW", "kw", 1, "measure", ""),
    ("MW", "kw", 1e3, "measure", ""), ("GW", "kw", 1e6, "measure", ""),
    ("千瓦时", "kwh", 1, "measure", ""), ("兆瓦时", "kwh", 1e3, "measure", ""),
    ("度", "kwh", 1, "measure", "needs_mult"), ("kWh", "kwh", 1, "measure", ""),
    ("千伏", "kv", 1, "measure", "attributive"), ("伏", "kv", 1e-3, "measure", "attributive"),
    ("千伏安", "kva", 1, "measure", ""),
    # --- mass
    ("吨", "t", 1, "measure", ""), ("千克", "t", 1e-3, "measure", ""),
    ("公斤", "t", 1e-3, "measure", ""), ("斤", "t", 5e-4, "measure", ""),
    ("克", "t", 1e-6, "measure", ""),
    ("吨标准煤", "tce", 1, "measure", ""), ("吨标煤", "tce", 1, "measure", ""),
    # --- volume, area, length
    ("立方米", "m3", 1, "measure", ""), ("方", "m3", 1, "measure", "needs_mult"),
    ("平方米", "m2", 1, "measure", ""), ("平方公里", "km2", 1, "measure", ""),
    ("平方千米", "km2", 1, "measure", ""),
    ("亩", "mu", 1, "measure", ""), ("公顷", "mu", 15, "measure", ""),
    ("公里", "km", 1, "measure", ""), ("千米", "km", 1, "measure", ""),
    ("米", "km", 1e-3, "measure", "attributive"), ("km", "km", 1, "measure", ""),
    ("厘米", "km", 1e-5, "measure", ""),
    # --- temperature
    ("℃", "celsius", 1, "measure", ""), ("摄氏度", "celsius", 1, "measure", ""),
    # --- logistics, compute, pollution
    ("标准箱", "teu", 1, "measure", ""), ("标箱", "teu", 1, "measure", ""),
    ("TEU", "teu", 1, "measure", ""),
    ("P", "pflops", 1, "measure", ""), ("PF", "pflops", 1, "measure", ""),
    ("PFlops", "pflops", 1, "measure", ""), ("EFLOPS", "pflops", 1e3, "measure", ""),
    ("微克/立方米", "ug_m3", 1, "measure", ""),
    # --- rates and ratios
    ("%", "percent", 1, "percent", ""), ("％", "percent", 1, "percent", ""),
    ("‰", "permille", 1, "percent", ""),
    ("个百分点", "pp", 1, "pp", ""), ("百分点", "pp", 1, "pp", ""),
    ("倍", "times", 1, "times", ""),
    ("成", "percent", 10, "percent", "chinese_only"),
    # --- time (durations; whether they are quantities is decided by context)
    ("年", "year", 1, "duration", ""), ("个月", "month", 1, "duration", ""),
    ("天", "day", 1, "duration", ""), ("个工作日", "day", 1, "duration", ""),
    ("工作日", "day", 1, "duration", ""), ("日", "day", 1, "duration", ""),
    ("小时", "hour", 1, "duration", ""), ("分钟", "minute", 1, "duration", ""),
    ("周", "week", 1, "duration", ""), ("个季度", "quarter", 1, "duration", ""),
    ("岁", "year", 1, "duration", "attributive"),
    # --- streaks: 二十二连丰, 五连冠
    ("连丰", "year", 1, "streak", ""), ("连增", "year", 1, "streak", ""),
    ("连冠", "year", 1, "streak", ""), ("连涨", "year", 1, "streak", ""),
)

UNIT_TABLE: tuple[Unit, ...] = tuple(Unit(*row) for row in _UNIT_ROWS)
UNITS: dict[str, Unit] = {u.written: u for u in UNIT_TABLE}

#: Units that, when the text says ``第N位`` / ``第N名`` / ``前N位``, denote a rank.
RANK_UNITS = frozenset({"位", "名"})


def unit_pattern(exclude_kinds: frozenset[str] = frozenset()) -> str:
    """A regex alternation of written units, longest first.

    Latin units get a ``(?![A-Za-z])`` guard so ``5G`` or ``3A`` never read as units.
    """
    alts = []
    for written in sorted(UNITS, key=len, reverse=True):
        if UNITS[written].kind in exclude_kinds:
            continue
        alt = re.escape(written)
        if written[-1].isascii() and written[-1].isalpha():
            alt += "(?![A-Za-z])"
        alts.append(alt)
    return "(?:" + "|".join(alts) + ")"


_SPLIT_RE = re.compile(
    rf"^(?P<num>(?:[上近约数几])?(?:百分之[{CHINESE_NUMBER_CHARS}0-9.]+"
    rf"|{ARABIC_NUMBER_PATTERN}[多余]?(?:万亿|千亿|百亿|亿|千万|百万|万)?|[{CHINESE_NUMBER_CHARS}]+)[多余]?)"
    rf"(?P<unit>{unit_pattern()})?$"
)


def split_unit(text: str) -> tuple[str, str]:
    """Split ``215.2万千瓦`` into (``215.2万``, ``千瓦``)."""
    m = _SPLIT_RE.match(text.strip())
    if not m:
        raise NumeralError(f"not a quantity: {text!r}")
    return m["num"], m["unit"] or ""


@dataclass(frozen=True)
class Quantity:
    value: float            # in the canonical unit
    unit_code: str
    multiplier: str | None
    qualifier: str
    unit_kind: str


def parse_quantity(text: str) -> Quantity:
    """Parse numeral + unit into canonical units.

    >>> parse_quantity("215.2万千瓦").value
    2152000.0
    >>> parse_quantity("58亿度").unit_code
    'kwh'
    """
    num, unit_text = split_unit(text)
    numeral = parse_numeral(num)
    if numeral.is_percent:
        return Quantity(numeral.value, "percent", None, numeral.qualifier, "percent")
    if not unit_text:
        raise NumeralError(f"no unit in {text!r}")
    unit = UNITS[unit_text]
    if "needs_mult" in unit.flags and not numeral.multiplier:
        raise NumeralError(f"unit {unit_text!r} needs 万/亿 in {text!r}")
    return Quantity(numeral.value * unit.factor, unit.code, numeral.multiplier,
                    numeral.qualifier, unit.kind)
