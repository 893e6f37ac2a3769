"""Documents held out of the warehouse because they broke a blocking (ERROR) consistency rule.

A consistency rule compares figures across documents after dbt has built the marts, so it cannot
quarantine at ingest like a per-document suite. Without this, one new report whose figure breaks
an ERROR rule (a county "above" its city, a share of 135 %) would keep the whole refresh from
publishing. Instead, when a refresh is not published because ERROR rules failed, the *new*
documents of that refresh (parsed in it and not in the published warehouse) that take part in a
failing comparison are held, and the refresh runs once
more without them: they are listed in ``quality.rejected_inputs`` (stage ``consistency``, the rule
and the failing comparison as the reason), everything else publishes. A failing comparison that
involves no new document (a curated change, a code change, an edited text whose earlier version is
published) holds nobody: the refresh stays unpublished and the last good version stays, as an ERROR
rule is meant to.

A hold is keyed by the text's sha256 and the parser version: an edited text, or a new parser,
is read again and checked again. ``--force`` clears every hold. Holds live in a JSON file beside
the published warehouse (``.<name>.holds.json``). Pure: no Dagster.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

RULE_PREFIX = "expectations/rules.yml/"  # the ``rule`` a held document is quarantined under


class HoldsFileError(ValueError):
    pass


@dataclass(frozen=True)
class Hold:
    doc_id: str
    source_file: str
    sha256: str
    parser_version: str
    rule_id: str
    reason: str
    run_id: str


@dataclass(frozen=True)
class Failing:
    """One failing comparison of an ERROR rule (doc_b None for a rule on one document)."""

    rule_id: str
    doc_a: str | None
    doc_b: str | None
    detail: str


def holds_path(warehouse: Path) -> Path:
    return warehouse.with_name(f".{warehouse.stem}.holds.json")


def load_holds(path: Path) -> dict[str, Hold]:
    """Holds by doc_id; a missing file holds nothing; a damaged one fails naming the file."""
    if not path.exists():
        return {}
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        return {r["doc_id"]: Hold(**r) for r in rows}
    except (ValueError, TypeError, KeyError) as exc:
        raise HoldsFileError(f"{path}: not a holds file ({exc}); delete it or run a forced refresh") from exc


def save_holds(path: Path, holds: Mapping[str, Hold]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    rows = [asdict(h) for h in sorted(holds.values(), key=lambda h: h.doc_id)]
    tmp.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


def active_hold(holds: Mapping[str, Hold], doc_id: str, sha256: str, parser_version: str) -> Hold | None:
    """The hold on this document if it still applies (same text, same parser)."""
    hold = holds.get(doc_id)
    if hold and hold.sha256 == sha256 and hold.parser_version == parser_version:
        return hold
    return None


def new_holds(failing: Iterable[Failing], fresh: Mapping[str, tuple[str, str]], parser_version: str,
              run_id: str) -> dict[str, Hold] | None:
    """Holds for the documents parsed in this run (``fresh``: doc_id → (source_file, sha256)) that take
    part in a failing comparison; None when some failing comparison involves no fresh document (then
    holding cannot help: the failure is not the new texts')."""
    out: dict[str, Hold] = {}
    for f in failing:
        docs = [d for d in (f.doc_a, f.doc_b) if d and d in fresh]
        if not docs:
            return None
        for doc in docs:
            if doc not in out:
                source_file, sha = fresh[doc]
                out[doc] = Hold(doc, source_file, sha, parser_version, f.rule_id, f.detail, run_id)
    return out or None
