"""Facts read back from the warehouse, linked to the indicator catalog, overrides applied.

Pure code (no Dagster): the raw/fact_links asset and the gold test both call it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from orchestration.inputs.curated import CuratedCsvError
from orchestration.parsing import linking
from orchestration.parsing.facts import Fact
from orchestration.parsing.linking import OverrideError, apply_overrides, link, load_indicators


def facts_from_rows(rows: list[dict]) -> list[Fact]:
    fields = Fact.__dataclass_fields__
    return [
        Fact._from_dict({k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row.items() if k in fields})
        for row in rows
    ]


def link_with_overrides(facts: list[Fact], indicator_rows: list[dict], override_rows: list[dict],
                        subject_map_rows: Sequence[dict] = (),
                        family_rows: Sequence[dict] = ()) -> tuple[list[Fact], dict[str, int]]:
    """Link (subject map first, then aliases, then indicator families), then apply each override.

    A bad override, subject-map or family row names its CSV file and line.
    """
    indicators = load_indicators([{**r, "aliases": "|".join(r["aliases"] or [])} for r in indicator_rows])
    try:
        families = linking.load_families(family_rows)
    except linking.IndicatorError as err:
        line = next((r.get("source_line") for r in family_rows
                     if f"family row {r.get('source_line')}:" in str(err) or f"family row {r.get('source_line')} " in str(err)), 2)
        raise CuratedCsvError("seeds/curated/indicator_families.csv", line, None, str(err).split(": ", 1)[-1]) from None
    for i, row in enumerate(subject_map_rows):  # the first row that breaks the map names its line
        try:
            linking.subject_map(subject_map_rows[: i + 1], indicators)
        except linking.IndicatorError as err:
            raise CuratedCsvError(row.get("source_file", "seeds/curated/subject_map.csv"), row.get("source_line", i + 2),
                                  "subject", str(err).split(": ", 1)[-1]) from None
    linked = link(facts, indicators, subject_map_rows, families)
    override_line: dict[str, int] = {}
    for row in override_rows:
        before = {f.fact_id: f for f in linked}
        try:
            linked = apply_overrides(linked, [row])
        except OverrideError as err:
            raise CuratedCsvError(row["source_file"], row["source_line"], "quote", str(err).rsplit(": ", 1)[-1]) from None
        override_line |= {f.fact_id: row["source_line"] for f in linked if f != before[f.fact_id]}
    return linked, override_line


def catalog_fingerprint(indicator_rows: list[dict], override_rows: list[dict], subject_map_rows: Sequence[dict] = (),
                        family_rows: Sequence[dict] = ()) -> str:
    """What a fact's link depends on besides the fact: the catalog, the subject map, the families, the overrides and this code."""
    digest = hashlib.sha256()
    from orchestration.parsing.lexicons import DIRECTORY as LEXICONS

    for source in (linking.__file__, __file__, LEXICONS / "link_words.csv"):
        digest.update(Path(source).read_bytes())
    inputs = [indicator_rows, override_rows, list(subject_map_rows), list(family_rows)]
    digest.update(json.dumps(inputs, sort_keys=True, default=str, ensure_ascii=False).encode())
    return digest.hexdigest()


def stale_sources(parsed: Mapping[str, str], linked: Mapping[str, str], catalog: str) -> tuple[list[str], list[str]]:
    """Which texts' facts to (re)link, and which texts' links to drop.

    ``parsed``: source file → the parse it holds (sha256 and parser version); ``linked``: source
    file → the link stamp stored with its links (parse + catalog fingerprint). A text is relinked
    when its parse or the catalog changed since; links of texts no longer parsed are dropped.
    """
    relink = sorted(f for f, parse in parsed.items() if linked.get(f) != link_stamp(parse, catalog))
    dropped = sorted(set(linked) - set(parsed))
    return relink, dropped


def link_stamp(parse: str, catalog: str) -> str:
    return f"{parse}|{catalog}"
