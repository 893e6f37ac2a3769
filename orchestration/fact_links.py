"""Facts read back from the warehouse, linked to the indicator catalog, overrides applied.

Pure code (no Dagster): the raw/fact_links asset and the gold test both call it.
"""

from __future__ import annotations

import datetime as dt

from orchestration.curated import CuratedCsvError
from orchestration.parsing.facts import Fact
from orchestration.parsing.linking import OverrideError, apply_overrides, link, load_indicators


def facts_from_rows(rows: list[dict]) -> list[Fact]:
    fields = Fact.__dataclass_fields__
    return [
        Fact._from_dict({k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row.items() if k in fields})
        for row in rows
    ]


def link_with_overrides(facts: list[Fact], indicator_rows: list[dict], override_rows: list[dict]) -> tuple[list[Fact], dict[str, int]]:
    """Link, then apply each override; a bad override names its CSV file and line."""
    indicators = load_indicators([{**r, "aliases": "|".join(r["aliases"] or [])} for r in indicator_rows])
    linked = link(facts, indicators)
    override_line: dict[str, int] = {}
    for row in override_rows:
        before = {f.fact_id: f for f in linked}
        try:
            linked = apply_overrides(linked, [row])
        except OverrideError as err:
            raise CuratedCsvError(row["source_file"], row["source_line"], "quote", str(err).rsplit(": ", 1)[-1]) from None
        override_line |= {f.fact_id: row["source_line"] for f in linked if f != before[f.fact_id]}
    return linked, override_line
