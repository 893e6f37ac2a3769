"""Link extracted facts to the curated indicator catalog, and apply curated overrides.

* :func:`load_indicators` reads catalog rows (``seeds/curated/indicators.csv``).
* :func:`link` assigns ``indicator_code`` by matching the fact's subject against indicator
  names and aliases: the longest alias found wins, among indicators whose unit is
  compatible with the fact (a relative change – ``增长5%``, ``增长1.8倍`` – fits any
  indicator; a change in percentage points needs a percent indicator; otherwise the units
  must be equal).  On equal alias length a growth-type indicator wins for a percent change
  (``地区生产总值增长4.8%`` -> GDP growth) and a non-growth one otherwise.  The subject alone
  is tried first, then ``subject_context + subject`` (``集中式光伏项目`` + ``装机容量``).
  Unmatched facts keep ``indicator_code=None``.
* :func:`apply_overrides` applies curated corrections (``seeds/curated/fact_overrides.csv``):
  ``reject`` keeps the fact with ``status='rejected'``; ``relink`` sets the indicator and
  records the override.  A row matching no fact – or several – raises
  :class:`OverrideError` naming the row.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from orchestration.parsing.facts import Fact

__all__ = [
    "CATALOG_COLUMNS",
    "DIRECTIONS",
    "STAT_TYPES",
    "Indicator",
    "IndicatorError",
    "OverrideError",
    "apply_overrides",
    "link",
    "load_indicators",
]

CATALOG_COLUMNS = ("code", "name_zh", "name_en", "theme", "canonical_unit", "stat_type", "direction", "aliases")
OVERRIDE_COLUMNS = ("doc_id", "quote", "action", "indicator_code", "note")
STAT_TYPES = frozenset({"count", "level", "share", "rate", "growth", "rank"})
DIRECTIONS = frozenset({"higher_is_better", "lower_is_better", "neutral"})
ACTIONS = frozenset({"reject", "relink"})


class IndicatorError(ValueError):
    """A malformed indicator catalog row."""


class OverrideError(ValueError):
    """An override row that is malformed or does not match exactly one fact."""


@dataclass(frozen=True)
class Indicator:
    code: str
    name_zh: str
    name_en: str
    theme: str
    canonical_unit: str
    stat_type: str
    direction: str
    aliases: tuple[str, ...]  # name_zh first, then the listed aliases


def _read_rows(source: Iterable[Mapping[str, str]] | str | os.PathLike) -> list[Mapping[str, str]]:
    if isinstance(source, (str, os.PathLike)):
        with Path(source).open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    return list(source)


def load_indicators(rows: Iterable[Mapping[str, str]] | str | os.PathLike) -> list[Indicator]:
    """Indicators from catalog rows (dicts with :data:`CATALOG_COLUMNS`) or a CSV path."""
    out: list[Indicator] = []
    seen: set[str] = set()
    for i, row in enumerate(_read_rows(rows), start=1):
        missing = [c for c in CATALOG_COLUMNS if c not in row]
        if missing:
            raise IndicatorError(f"indicator row {i}: missing column(s) {missing}")
        code = row["code"].strip()
        if not code or code in seen:
            raise IndicatorError(f"indicator row {i}: empty or duplicate code {code!r}")
        if row["stat_type"] not in STAT_TYPES:
            raise IndicatorError(f"indicator row {i} ({code}): stat_type {row['stat_type']!r} not in {sorted(STAT_TYPES)}")
        if row["direction"] not in DIRECTIONS:
            raise IndicatorError(f"indicator row {i} ({code}): direction {row['direction']!r} not in {sorted(DIRECTIONS)}")
        aliases = [row["name_zh"].strip()] + [a.strip() for a in (row["aliases"] or "").split("|")]
        seen.add(code)
        out.append(Indicator(
            code=code, name_zh=row["name_zh"].strip(), name_en=row["name_en"].strip(), theme=row["theme"].strip(),
            canonical_unit=row["canonical_unit"].strip(), stat_type=row["stat_type"], direction=row["direction"],
            aliases=tuple(dict.fromkeys(a for a in aliases if a)),
        ))
    return out


def unit_compatible(fact: Fact, indicator: Indicator) -> bool:
    """Can this fact be an observation of this indicator?"""
    if fact.change_kind != "level" and fact.change_unit in ("percent", "times"):
        return True  # a relative change says nothing about the unit
    if fact.change_unit == "pp":
        return indicator.canonical_unit == "percent"
    return fact.unit_code == indicator.canonical_unit


class _AliasIndex:
    """Aliases grouped by first character, for substring search without scanning them all."""

    def __init__(self, indicators: Sequence[Indicator]):
        self.by_char: dict[str, list[tuple[str, int, Indicator]]] = {}
        for order, ind in enumerate(indicators):
            for alias in ind.aliases:
                self.by_char.setdefault(alias[0], []).append((alias, order, ind))

    def find(self, text: str) -> list[tuple[str, int, Indicator]]:
        hits = []
        for i, ch in enumerate(text):
            for alias, order, ind in self.by_char.get(ch, ()):
                if text.startswith(alias, i):
                    hits.append((alias, order, ind))
        return hits


def _best(fact: Fact, hits: list[tuple[str, int, Indicator]]) -> tuple[str, Indicator] | None:
    percent_change = fact.change_kind != "level" and fact.change_unit == "percent"
    ranked = [
        (len(alias), (ind.stat_type == "growth") == percent_change, -order, alias, ind)
        for alias, order, ind in hits
        if unit_compatible(fact, ind)
    ]
    if not ranked:
        return None
    _, _, _, alias, ind = max(ranked, key=lambda r: r[:3])
    return alias, ind


def link(facts: Iterable[Fact], indicators: Sequence[Indicator]) -> list[Fact]:
    """Facts with ``indicator_code`` and ``link_alias`` set where a compatible alias matches."""
    index = _AliasIndex(indicators)
    out = []
    for fact in facts:
        if fact.status == "rejected" or fact.status == "relinked":
            out.append(fact)
            continue
        best = _best(fact, index.find(fact.subject)) if fact.subject else None
        if best is None and fact.subject_context:
            best = _best(fact, index.find(fact.subject_context + fact.subject))
        if best is None:
            out.append(fact.evolve(indicator_code=None, link_alias=None))
        else:
            out.append(fact.evolve(indicator_code=best[1].code, link_alias=best[0]))
    return out


def _override_rows(overrides: Iterable[Mapping[str, str] | Sequence[str]] | str | os.PathLike) -> list[dict]:
    if isinstance(overrides, (str, os.PathLike)):
        return [dict(r) for r in _read_rows(overrides)]
    rows = []
    for row in overrides:
        rows.append(dict(row) if isinstance(row, Mapping) else dict(zip(OVERRIDE_COLUMNS, row)))
    return rows


def _matches(fact: Fact, quote: str) -> bool:
    """The override quote is the fact's quote, or a longer snippet around it in its sentence."""
    if fact.quote == quote:
        return True
    if fact.quote not in quote:
        return False
    rel_start, rel_end = fact.char_start - fact.sentence_start, fact.char_end - fact.sentence_start
    pos = fact.sentence.find(quote)
    while pos != -1:
        if pos <= rel_start and rel_end <= pos + len(quote):
            return True
        pos = fact.sentence.find(quote, pos + 1)
    return False


def apply_overrides(facts: Iterable[Fact],
                    overrides: Iterable[Mapping[str, str] | Sequence[str]] | str | os.PathLike) -> list[Fact]:
    """Apply reject/relink rows; every row must match exactly one fact (quote or longer snippet)."""
    out = list(facts)
    for i, row in enumerate(_override_rows(overrides), start=1):
        label = f"override row {i} {row!r}"
        action = (row.get("action") or "").strip()
        if action not in ACTIONS:
            raise OverrideError(f"{label}: action must be one of {sorted(ACTIONS)}")
        code = (row.get("indicator_code") or "").strip() or None
        if action == "relink" and not code:
            raise OverrideError(f"{label}: relink needs an indicator_code")
        doc_id, quote = (row.get("doc_id") or "").strip(), row.get("quote") or ""
        hits = [j for j, f in enumerate(out) if f.doc_id == doc_id and _matches(f, quote)]
        exact = [j for j in hits if out[j].quote == quote]
        if len(hits) > 1 and len(exact) == 1:
            hits = exact
        if not hits:
            raise OverrideError(f"{label}: matches no fact")
        if len(hits) > 1:
            raise OverrideError(f"{label}: matches {len(hits)} facts; quote a longer snippet around the figure")
        j = hits[0]
        note = (row.get("note") or "").strip() or None
        if action == "reject":
            out[j] = out[j].evolve(status="rejected", override_note=note)
        else:
            out[j] = out[j].evolve(indicator_code=code, link_alias=None, status="relinked", override_note=note)
    return out
