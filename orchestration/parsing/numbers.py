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
* :data:`UNIT_TABLE` – the unit catalogue, read from ``lexicons/units.csv``: written form,
  canonical code, factor to the canonical unit, a kind and flags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from orchestration.parsing.lexicons import rows as lexicon_rows
from orchestration.parsing.lexicons import words as lexicon_words

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


_PLACES = {"千": 1000, "百": 100, "十": 10}


def _section(part: str, text: str, *, first: bool) -> int:
    """A numeral below 万 by the strict grammar: places 千 > 百 > 十 in order, each with one digit
    (a bare 千/百/十 only opening the whole numeral), 零 only before a digit, and a units digit
    only alone, after 十, or after 零 (二百五, 三千五 are abbreviations whose value is a guess)."""
    value, last, i, n = 0, 10_000, 0, len(part)
    while i < n:
        zero = part[i] == "零"
        if zero:
            i += 1
            if i >= n or part[i] not in _CN_DIGIT or part[i] in "零〇○" or value == 0 and first:
                raise NumeralError(f"misplaced 零 in Chinese numeral {text!r}")
        digit = None
        if i < n and part[i] in _CN_DIGIT and part[i] not in "零〇○":
            digit, i = _CN_DIGIT[part[i]], i + 1
        place = _PLACES.get(part[i]) if i < n else None
        if place is not None:
            i += 1
            if place >= last:
                raise NumeralError(f"places out of order in Chinese numeral {text!r}")
            if digit is None and not (first and value == 0 and not zero):
                raise NumeralError(f"a place without its digit in Chinese numeral {text!r}")
            value, last = value + (digit or 1) * place, place
        elif digit is not None:
            if i < n:
                raise NumeralError(f"not a Chinese numeral: {text!r}")
            if not (last == 10_000 or last == 10 or zero):
                raise NumeralError(f"abbreviated Chinese numeral {text!r}: the value would be a guess")
            value, last = value + digit, 1
        else:
            raise NumeralError(f"not a Chinese numeral: {text!r}")
    return value


def _with_place(chunk: str, text: str, *, place: str, factor: int, below, first: bool) -> int:
    """``chunk`` read as ``[high] place [low]`` (万 over sections, 亿 over 万-chunks), each side by ``below``."""
    if chunk.count(place) > 1:
        raise NumeralError(f"{place} repeated in Chinese numeral {text!r}")
    if place not in chunk:
        return below(chunk, text, first=first) if chunk else 0
    high, _, low = chunk.partition(place)
    if not high and not first:
        raise NumeralError(f"a bare {place} inside Chinese numeral {text!r}")
    value = (below(high, text, first=first) if high else 1) * factor
    if low:
        if len(low) == 1 and low in _CN_DIGIT:
            raise NumeralError(f"abbreviated Chinese numeral {text!r}: the value would be a guess")
        value += below(low, text, first=False)
    return value


def _below_yi(chunk: str, text: str, *, first: bool) -> int:
    return _with_place(chunk, text, place="万", factor=10_000, below=_section, first=first)


def check_chinese_grammar(text: str) -> float:
    """The value of a Chinese numeral by a strict grammar, refusing rather than guessing.

    Accepted: ``二十二``, ``一百零五``, ``两万三千``, ``三亿五千万``, ``一亿零五百万``, ``一万亿``, bare
    ``百亿``/``千``/``十万``. Refused (:class:`NumeralError`): abbreviations whose value needs a
    guess (``二百五``: 250 or 205?, ``三千五``, ``三万五``), places out of order or repeated
    (``七十百``, ``三百千``, ``五百五百``), a place with no digit inside a numeral (``三千百``), a
    misplaced 零. cn2an's ``normal`` mode reads ``二百五`` as 250 and ``三千五`` as 3500 (a guess);
    its ``strict`` mode refuses ``两`` and the bare ``百亿``/``千`` that reports write.
    """
    if text in ("零", "〇", "○"):
        return 0
    if text.endswith("万亿"):
        head = text[:-2]
        return (_below_yi(head, text, first=True) if head else 1) * 1_000_000_000_000
    return _with_place(text, text, place="亿", factor=100_000_000, below=_below_yi, first=True)


def parse_chinese(text: str) -> float:
    """Parse a Chinese numeral such as ``二十二``, ``一百零五``, ``三千万``, ``百亿``.

    A run of bare digits without any place character (``二〇二五``) is read digit by
    digit, as years and codes are written.
    """
    if not text or any(ch not in CHINESE_NUMBER_CHARS for ch in text):
        raise NumeralError(f"not a Chinese numeral: {text!r}")
    if len(text) > 1 and all(ch in _CN_DIGIT for ch in text):
        return float("".join(str(_CN_DIGIT[ch]) for ch in text))
    return float(check_chinese_grammar(text))


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


# The characters that join the two halves of a range (3—5, 3至5, 3到5); the extractor's scanner
# (facts/scan.py) uses the same class.
RANGE_SEPARATORS = "—–\\-－~～至到"

_RANGE_RE = re.compile(
    rf"^(?P<a>{ARABIC_NUMBER_PATTERN}|[{CHINESE_NUMBER_CHARS}]+)[%％]?\s*[{RANGE_SEPARATORS}]\s*"
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
    flags: str = ""    # needs_mult: only with 万/亿 (度); attributive: "500千伏输变电" style labels;
    #                    chinese_only (三成) / arabic_only (2届, not 二十届) numerals


# The unit catalogue is data: ``lexicons/units.csv`` (written, code, factor, kind, flags),
# validated on load. Canonical codes: count, person, person_time, household, yuan, usd, kw,
# kwh, kv, kva, t, tce, m3, m2, km2, mu, km, teu, pflops, ug_m3, celsius, yuan_per_month,
# yuan_per_person, yuan_per_mu, yuan_per_year, percent, pp, permille, times, year, month, day,
# hour, minute, week, quarter.  The extractor adds rank (第3位) and ratio (收入比2.12).
UNIT_TABLE: tuple[Unit, ...] = tuple(
    Unit(r["written"], r["code"], r["factor"], r["kind"], r["flags"]) for r in lexicon_rows("units")
)
UNITS: dict[str, Unit] = {u.written: u for u in UNIT_TABLE}

#: Units that, when the text says ``第N位`` / ``第N名`` / ``前N位``, denote a rank.
RANK_UNITS = frozenset({"位", "名"})


#: Words that begin with a unit but are another word (``lexicons/unit_stops.csv``).
UNIT_STOPS: tuple[str, ...] = lexicon_words("unit_stops", "continuation")


def unit_pattern(exclude_kinds: frozenset[str] = frozenset()) -> str:
    """A regex alternation of written units, longest first: a unit only as a whole word.

    Longest match wins (``人民币`` before ``人``, ``千公顷`` before ``公顷``), and a unit is not
    taken where the text goes on into a longer word of ``unit_stops.csv`` (``4人民`` …,
    ``5万亿台阶``, ``三成果``). Latin units get a ``(?![A-Za-z])`` guard so ``5G`` or ``3A`` never
    read as units.
    """
    alts = []
    for written in sorted(UNITS, key=len, reverse=True):
        if UNITS[written].kind in exclude_kinds:
            continue
        alt = re.escape(written)
        if written[-1].isascii() and written[-1].isalpha():
            alt += "(?![A-Za-z])"
        rests = sorted({w[len(written):] for w in UNIT_STOPS if w.startswith(written) and len(w) > len(written)
                        and w not in UNITS}, key=len, reverse=True)
        if rests:
            alt += "(?!" + "|".join(re.escape(r) for r in rests) + ")"
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
