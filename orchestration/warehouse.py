"""Writing rows into DuckDB tables with declared column types. Connections are opened by callers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import duckdb
import pandas as pd

# Curated column types (seeds/schema.csv) → DuckDB types.
CURATED_TYPES = {
    "text": "VARCHAR",
    "integer": "BIGINT",
    "decimal": "DOUBLE",
    "date": "DATE",
    "boolean": "BOOLEAN",
    "list": "VARCHAR[]",
}


def replace_table(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: Mapping[str, str],
    rows: Sequence[Mapping[str, Any]],
) -> int:
    """Create (or replace) ``schema.table`` with exactly ``columns`` and load ``rows`` into it."""
    schema = table.split(".")[0]
    con.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    ddl = ", ".join(f'"{name}" {sql_type}' for name, sql_type in columns.items())
    con.execute(f"CREATE OR REPLACE TABLE {table} ({ddl})")
    if rows:
        frame = pd.DataFrame([{name: row.get(name) for name in columns} for row in rows], columns=list(columns), dtype=object)
        con.register("_incoming", frame)
        try:
            select = ", ".join(f'CAST("{name}" AS {sql_type})' for name, sql_type in columns.items())
            con.execute(f"INSERT INTO {table} SELECT {select} FROM _incoming")
        finally:
            con.unregister("_incoming")
    return len(rows)


def markdown_preview(con: duckdb.DuckDBPyConnection, table: str, limit: int = 5) -> str:
    """The first rows of a table as a Markdown table, for materialization metadata."""
    frame = con.execute(f"SELECT * FROM {table} LIMIT {int(limit)}").fetchdf()
    for col in frame.columns:
        frame[col] = frame[col].map(lambda v: (str(v)[:60] + "…") if len(str(v)) > 60 else str(v))
    header = "| " + " | ".join(frame.columns) + " |"
    rule = "| " + " | ".join("---" for _ in frame.columns) + " |"
    body = ["| " + " | ".join(v.replace("|", "\\|").replace("\n", " ") for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *body])
