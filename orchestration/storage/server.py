"""The team profile's warehouse on a PostgreSQL server (README "Team deployment"). No Dagster here.

Selected by one setting: ``PLAN_WAREHOUSE_TARGET=postgres`` with ``PLAN_WAREHOUSE_URL=postgresql://…``
(the writer's credentials). Anything else keeps the embedded DuckDB file, and then nothing of this
module is imported: psycopg2 is imported inside the functions that talk to the server.

Safe publish on the server. A refresh builds into private schemas ``build_<run>_<layer>`` (the raw
layer by COPY from the run's DuckDB build file, the dbt layers through dbt's generate_schema_name
macro), then `publish` swaps them in ONE transaction: it takes an ACCESS EXCLUSIVE lock on every
published table and view (giving up and retrying while a reader's transaction still holds one, so the
swap never deadlocks a reader), renames each published schema to ``old_<run>_<layer>`` and each build
schema to ``<layer>``, re-grants the analyst role on the new schemas and drops the old ones. A reader
inside a transaction that has read the published warehouse keeps reading the previous one (the swap
waits for it to finish); a reader that starts after the commit reads the new one; none sees a mix. A
failed build never calls `publish`: its schemas are dropped (`discard_build`) and the published
schemas are untouched.
"""

from __future__ import annotations

import io
import math
import os
import re
import time
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any
from urllib.parse import unquote, urlsplit

TARGET_ENV = "PLAN_WAREHOUSE_TARGET"
URL_ENV = "PLAN_WAREHOUSE_URL"
# dbt's profile (dbt_project/profiles.yml) and generate_schema_name read this: the run's build schemas.
SCHEMA_PREFIX_ENV = "PLAN_DBT_SCHEMA_PREFIX"
LAYERS = ("raw", "staging", "intermediate", "marts", "quality", "reports")
ANALYST_ROLE = "plan_analyst"  # scripts/team/create_analyst_role.sql

# DuckDB column types of the raw layer (orchestration.storage.warehouse) → PostgreSQL types.
PG_TYPES = {
    "VARCHAR": "text",
    "BIGINT": "bigint",
    "INTEGER": "integer",
    "DOUBLE": "double precision",
    "DATE": "date",
    "BOOLEAN": "boolean",
    "VARCHAR[]": "text[]",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
}


class ServerBusy(RuntimeError):
    """Readers kept the published schemas locked longer than the publish would wait."""


def team_profile() -> bool:
    """True when the warehouse is the server (PLAN_WAREHOUSE_TARGET=postgres)."""
    return os.environ.get(TARGET_ENV, "").strip().lower() == "postgres"


def server_url() -> str:
    url = os.environ.get(URL_ENV, "").strip()
    if not url:
        raise RuntimeError(f"{TARGET_ENV}=postgres needs {URL_ENV}=postgresql://user:password@host:port/database")
    return url


def dbt_env(url: str) -> dict[str, str]:
    """The connection string split into the variables dbt's `postgres` output reads (profiles.yml)."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgresql", "postgres"}:
        raise ValueError(f"{URL_ENV} must be a postgresql:// URL, not {parts.scheme!r}")
    return {
        "PLAN_PG_HOST": parts.hostname or "127.0.0.1",
        "PLAN_PG_PORT": str(parts.port or 5432),
        "PLAN_PG_USER": unquote(parts.username or ""),
        "PLAN_PG_PASSWORD": unquote(parts.password or ""),
        "PLAN_PG_DATABASE": unquote(parts.path.lstrip("/")) or "postgres",
    }


def connect(url: str, read_only: bool = False):
    """A psycopg2 connection; read_only: every transaction of it is READ ONLY."""
    import psycopg2

    con = psycopg2.connect(url)
    if read_only:
        con.set_session(readonly=True)
    return con


def build_prefix(run_id: str) -> str:
    """The private schema prefix of one run: build_<first 12 hex digits of the run id>_."""
    digits = re.sub(r"[^0-9a-z]", "", run_id.lower())[:12] or "manual"
    return f"build_{digits}_"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_build_schemas(con, prefix: str, layers: Sequence[str] = LAYERS) -> None:
    """Empty build schemas for every layer (a killed run's leftovers of the same prefix dropped)."""
    with con.cursor() as cur:
        for layer in layers:
            cur.execute(f"DROP SCHEMA IF EXISTS {_ident(prefix + layer)} CASCADE")
            cur.execute(f"CREATE SCHEMA {_ident(prefix + layer)}")
    con.commit()


def discard_build(con, prefix: str | None = None) -> list[str]:
    """Drop a run's build schemas (every leftover build_/old_ schema when prefix is None)."""
    with con.cursor() as cur:
        if prefix is None:
            cur.execute("SELECT nspname FROM pg_namespace WHERE nspname ~ '^(build|old)_[0-9a-z]+_' ORDER BY 1")
        else:
            cur.execute("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s) ORDER BY 1", [prefix])
        names = [r[0] for r in cur.fetchall()]
        for name in names:
            cur.execute(f"DROP SCHEMA IF EXISTS {_ident(name)} CASCADE")
    con.commit()
    return names


# --------------------------------------------------------------------------- COPY of the raw layer


def _array_literal(values: Iterable[Any]) -> str:
    items = []
    for v in values:
        if v is None:
            items.append("NULL")
        else:
            items.append('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"')
    return "{" + ",".join(items) + "}"


def _copy_text(value: Any) -> str:
    """One value in COPY's text format (\\N is NULL; backslash, tab, newline and CR escaped)."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        text = "t" if value else "f"
    elif isinstance(value, float):
        if math.isnan(value):
            text = "NaN"
        elif math.isinf(value):
            text = "Infinity" if value > 0 else "-Infinity"
        else:
            text = repr(value)
    elif isinstance(value, (date, datetime)):
        text = value.isoformat()
    elif isinstance(value, (list, tuple)):
        text = _array_literal(value)
    else:
        text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_rows(pg_con, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY rows into an existing table from an in-memory buffer (one round trip, no INSERTs)."""
    buffer, n = io.StringIO(), 0
    for row in rows:
        buffer.write("\t".join(_copy_text(v) for v in row))
        buffer.write("\n")
        n += 1
    buffer.seek(0)
    column_list = ", ".join(_ident(c) for c in columns)
    with pg_con.cursor() as cur:
        cur.copy_expert(f"COPY {table} ({column_list}) FROM STDIN", buffer)
    return n


def duckdb_columns(duck_con, table: str) -> list[tuple[str, str]]:
    schema, name = table.split(".")
    return duck_con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
        [schema, name],
    ).fetchall()


def copy_table(duck_con, pg_con, table: str, target_schema: str) -> int:
    """(Re)create ``target_schema.<name>`` with the DuckDB table's columns and COPY its rows in."""
    columns = duckdb_columns(duck_con, table)
    target = f"{_ident(target_schema)}.{_ident(table.split('.')[1])}"
    ddl = ", ".join(f"{_ident(c)} {PG_TYPES[t.upper()]}" for c, t in columns)
    with pg_con.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {target}")
        cur.execute(f"CREATE TABLE {target} ({ddl})")
    rows = duck_con.execute(f"SELECT * FROM {table}").fetchall()
    n = copy_rows(pg_con, target, [c for c, _ in columns], rows)
    # Statistics now: the dbt build starts right after the load, long before autovacuum would analyze
    # these tables, and without them PostgreSQL plans the staging views over them blind (a 100-text
    # build's qa_same_figure_agrees ran for minutes).
    with pg_con.cursor() as cur:
        cur.execute(f"ANALYZE {target}")
    return n


def load_raw(duck_con, pg_con, target_schema: str, tables: Sequence[str] | None = None) -> dict[str, int]:
    """COPY the raw layer (every table of DuckDB's schema raw, or ``tables``) into ``target_schema``;
    committed in one transaction. Returns the rows copied per table."""
    if tables is None:
        tables = [f"raw.{name}" for (name,) in duck_con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw' "
            "AND table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
    with pg_con.cursor() as cur:
        cur.execute(f"CREATE SCHEMA IF NOT EXISTS {_ident(target_schema)}")
    counts = {table: copy_table(duck_con, pg_con, table, target_schema) for table in tables}
    pg_con.commit()
    return counts


# --------------------------------------------------------------------------- the swap


def _relations(cur, schemas: Sequence[str]) -> list[str]:
    cur.execute(
        "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = ANY(%s) AND c.relkind IN ('r', 'v', 'm', 'p') ORDER BY 1",
        [list(schemas)],
    )
    return [r[0] for r in cur.fetchall()]


def _role_exists(cur, role: str) -> bool:
    cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    return cur.fetchone() is not None


def publish(con, prefix: str, *, analyst_role: str = ANALYST_ROLE, timeout_s: float = 600.0,
            lock_wait_ms: int = 200, layers: Sequence[str] = LAYERS) -> list[str]:
    """Swap the build schemas ``prefix<layer>`` in as ``<layer>``, in one transaction (see the module).

    The swap first locks every published relation (ACCESS EXCLUSIVE, waiting at most ``lock_wait_ms``
    per attempt): while a reader's transaction still holds one, it rolls back, sleeps and tries again
    (so it never holds a lock a reader then waits on), failing with ServerBusy after ``timeout_s``.
    Returns the layers swapped in."""
    with con.cursor() as cur:
        cur.execute("SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)", [[prefix + layer for layer in layers]])
        present = {r[0] for r in cur.fetchall()}
    con.rollback()
    swapped = [layer for layer in layers if prefix + layer in present]
    if not swapped:
        raise FileNotFoundError(f"no build schemas {prefix}* to publish")
    old = "old_" + prefix.removeprefix("build_")
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with con.cursor() as cur:
                cur.execute(f"SET LOCAL lock_timeout = {int(lock_wait_ms)}")
                for relation in _relations(cur, swapped):
                    cur.execute(f"LOCK TABLE {relation} IN ACCESS EXCLUSIVE MODE")
                cur.execute("SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)", [list(swapped)])
                published = {r[0] for r in cur.fetchall()}
                for layer in swapped:
                    if layer in published:
                        cur.execute(f"ALTER SCHEMA {_ident(layer)} RENAME TO {_ident(old + layer)}")
                    cur.execute(f"ALTER SCHEMA {_ident(prefix + layer)} RENAME TO {_ident(layer)}")
                if _role_exists(cur, analyst_role):
                    for layer in swapped:
                        cur.execute(f"GRANT USAGE ON SCHEMA {_ident(layer)} TO {_ident(analyst_role)}")
                        cur.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {_ident(layer)} TO {_ident(analyst_role)}")
                for layer in swapped:
                    if layer in published:
                        cur.execute(f"DROP SCHEMA {_ident(old + layer)} CASCADE")
            con.commit()
            return swapped
        except Exception as err:
            con.rollback()
            if getattr(err, "pgcode", None) != "55P03" or time.monotonic() >= deadline:  # lock_not_available
                if getattr(err, "pgcode", None) == "55P03":
                    raise ServerBusy(f"readers held the published schemas for over {timeout_s:.0f}s") from err
                raise
            time.sleep(lock_wait_ms / 1000)


def read_frame(con, sql: str):
    """A query's result as a pandas frame through a psycopg2 connection (GX, checks, the tests)."""
    import pandas as pd

    with con.cursor() as cur:
        cur.execute(sql)
        names = [d[0] for d in cur.description]
        return pd.DataFrame(cur.fetchall(), columns=names)
