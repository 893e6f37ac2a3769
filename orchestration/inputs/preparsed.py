"""Texts parsed ahead of the ingest, one file per text, for the one writer to load.

With ``PLAN_EXECUTOR`` set (orchestration.defs.parallel) a refresh first runs the parse job: its steps
run on a Dask cluster or in several processes, each parsing some texts into this folder; the ingest
step (`text_ingest`, the only writer of the warehouse) then loads a text's result from here instead of
parsing it again, when the result belongs to the same bytes (sha256), the same parser version and the
same region catalog (a digest of the rows of ``raw.regions``). Anything else is parsed in the ingest as
without the parse job. Pure: no Dagster, no warehouse file (the region rows go through an in-memory
DuckDB only, to get the very values the ingest reads back from ``raw.regions``).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import duckdb

from orchestration.inputs.curated import CuratedTable, load_curated, load_registry
from orchestration.inputs.regions import catalog_rows
from orchestration.inputs.texts import PARSER_VERSION, ParsedText, RejectedText
from orchestration.storage.warehouse import CURATED_TYPES, read_rows, replace_table

REGIONS_FILE = "regions.pickle"


def curated_columns(table: CuratedTable) -> dict[str, str]:
    """The raw table's columns of a curated CSV (its schema's, plus where each row came from)."""
    columns = {c.name: CURATED_TYPES[c.type] for c in table.schema.columns}
    return columns | {"source_file": "VARCHAR", "source_line": "INTEGER"}


def curated_rows(table: CuratedTable) -> list[dict[str, Any]]:
    """The rows the raw table holds: regions are the package catalog of all China, the curated rows over it."""
    return catalog_rows(table.rows) if table.name == "regions" else table.rows


def region_rows(seeds: Path) -> list[dict[str, Any]]:
    """The rows of ``raw.regions`` as the ingest reads them back (same types), without the warehouse."""
    tables = load_curated(seeds / "curated", load_registry(seeds / "schema.csv"), root=seeds.parent)
    table = tables["regions"]
    with duckdb.connect(":memory:") as con:
        replace_table(con, "raw.regions", curated_columns(table), curated_rows(table))
        return read_rows(con, "raw.regions")


def regions_digest(rows: Iterable[Mapping[str, Any]]) -> str:
    """Order-independent digest of region rows: a text parsed with other regions is not reused."""
    lines = sorted(repr(sorted(row.items())) for row in rows)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def result_path(folder: Path, key: str) -> Path:
    return Path(folder) / f"{key}.pickle"


def save(folder: Path, key: str, result: ParsedText | RejectedText, digest: str) -> Path:
    """Write one text's result (written to a temporary name, then renamed: never half a file)."""
    path = result_path(folder, key)
    tmp = path.with_suffix(".tmp")
    payload = {"parser_version": PARSER_VERSION, "regions_digest": digest, "sha256": result.sha256, "result": result}
    tmp.write_bytes(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
    tmp.replace(path)
    return path


def load(folder: Path, key: str, sha256: str, digest: str) -> ParsedText | RejectedText | None:
    """One text's result parsed ahead, or None when there is none for these bytes, parser and regions.
    The folder is written by this project's own parse job only (never user input)."""
    path = result_path(folder, key)
    if not path.exists():
        return None
    payload = pickle.loads(path.read_bytes())  # noqa: S301 - our own job's output, see above
    same = (payload["parser_version"], payload["regions_digest"], payload["sha256"]) == (PARSER_VERSION, digest, sha256)
    return payload["result"] if same else None
