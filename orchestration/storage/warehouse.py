"""Writing rows into DuckDB tables with declared column types. Connections are opened by callers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
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


def _ddl(columns: Mapping[str, str]) -> str:
    return ", ".join(f'"{name}" {sql_type}' for name, sql_type in columns.items())


def ensure_table(con: duckdb.DuckDBPyConnection, table: str, columns: Mapping[str, str]) -> bool:
    """Create ``schema.table`` with exactly ``columns`` unless it already has them.

    Returns True when the table was (re)created empty: rows written under another layout are gone.
    """
    schema, name = table.split(".")
    con.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    existing = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
        [schema, name],
    ).fetchall()
    wanted = [(c, t.upper()) for c, t in columns.items()]
    if [(c, t.upper()) for c, t in existing] == wanted:
        return False
    con.execute(f"CREATE OR REPLACE TABLE {table} ({_ddl(columns)})")
    return True


def insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, columns: Mapping[str, str], rows: Sequence[Mapping[str, Any]]
) -> int:
    """Append ``rows`` (dicts; missing keys are NULL) to ``table``, cast to its declared types."""
    if not rows:
        return 0
    frame = pd.DataFrame([{name: row.get(name) for name in columns} for row in rows], columns=list(columns), dtype=object)
    con.register("_incoming", frame)
    try:
        select = ", ".join(f'CAST("{name}" AS {sql_type})' for name, sql_type in columns.items())
        con.execute(f"INSERT INTO {table} SELECT {select} FROM _incoming")
    finally:
        con.unregister("_incoming")
    return len(rows)


def replace_table(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: Mapping[str, str],
    rows: Sequence[Mapping[str, Any]],
) -> int:
    """Create (or replace) ``schema.table`` with exactly ``columns`` and load ``rows`` into it."""
    schema = table.split(".")[0]
    con.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    con.execute(f"CREATE OR REPLACE TABLE {table} ({_ddl(columns)})")
    return insert_rows(con, table, columns, rows)


def delete_where_in(con: duckdb.DuckDBPyConnection, table: str, column: str, values: Iterable[str]) -> None:
    values = list(values)
    if values:
        con.execute(f'DELETE FROM {table} WHERE "{column}" IN (SELECT unnest(?))', [values])


def markdown_table(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Rows as a Markdown table (each value as str(), cut at 60 characters), for materialization metadata."""
    def cell(value: Any) -> str:
        text = str(value)
        text = (text[:60] + "…") if len(text) > 60 else text
        return text.replace("|", "\\|").replace("\n", " ")

    header = "| " + " | ".join(columns) + " |"
    rule = "| " + " | ".join("---" for _ in columns) + " |"
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join([header, rule, *body])


def markdown_preview(con: duckdb.DuckDBPyConnection, table: str, limit: int = 5) -> str:
    """The first rows of a table as a Markdown table, for materialization metadata."""
    cursor = con.execute(f"SELECT * FROM {table} LIMIT {int(limit)}")
    return markdown_table([d[0] for d in cursor.description], cursor.fetchall())


def read_rows(con: duckdb.DuckDBPyConnection, table: str, order_by: str | None = None) -> list[dict[str, Any]]:
    """Every row of a table as dicts."""
    cursor = con.execute(f"SELECT * FROM {table}" + (f" ORDER BY {order_by}" if order_by else ""))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def content_hash(con: duckdb.DuckDBPyConnection, schemas: Sequence[str]) -> dict[str, str]:
    """md5 of every table's rows (order-independent), per table, for idempotency checks."""
    tables = con.execute(
        "SELECT table_schema || '.' || table_name FROM information_schema.tables "
        "WHERE table_schema IN (SELECT unnest(?)) ORDER BY 1",
        [list(schemas)],
    ).fetchall()
    out = {}
    for (table,) in tables:
        digest = con.execute(
            f"SELECT md5(coalesce(string_agg(CAST(t AS VARCHAR), chr(10) ORDER BY CAST(t AS VARCHAR)), '')) FROM {table} AS t"
        ).fetchone()[0]
        out[table] = digest
    return out
