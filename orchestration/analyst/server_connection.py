"""The analyst connection on the team profile (README "Team deployment"): the server through psycopg2,
behind the few DuckDB connection methods the CLI's commands use (execute, sql, fetchall, fetchone,
fetchdf, description, close), so `plan-warehouse sql`, `facts`, `findings` and `ask` run their one code
path on either warehouse; `export` reads the published tables into an in-memory DuckDB and writes from
there (queries.local_copy), so its files are the same on both. Every statement runs in a READ ONLY transaction (on top of the analyst role's
own privileges, scripts/team/create_analyst_role.sql); a server error surfaces as a duckdb.Error so the
commands report it the same way. ServerSession is the interactive shell's session over it (the
queries.ShellSession of the DuckDB file's AnalystSession). psycopg2 is imported on the team profile only.
"""

from __future__ import annotations

import re

import duckdb
import pandas as pd

from orchestration.analyst import queries
from orchestration.storage.server import LAYERS

_NAMED = re.compile(r"\$(\w+)")
_NUMERIC = 1700
# PostgreSQL type OIDs (pg_type) → DuckDB types, for copies of the server's tables (queries.local_copy)
_DUCKDB_TYPES = {16: "BOOLEAN", 20: "BIGINT", 21: "SMALLINT", 23: "INTEGER", 700: "REAL", 701: "DOUBLE",
                 _NUMERIC: "DOUBLE", 25: "VARCHAR", 1043: "VARCHAR", 1042: "VARCHAR", 1082: "DATE",
                 1114: "TIMESTAMP", 1184: "TIMESTAMPTZ", 1009: "VARCHAR[]", 1015: "VARCHAR[]",
                 1016: "BIGINT[]", 1007: "INTEGER[]", 1022: "DOUBLE[]"}


class ServerConnection:
    def __init__(self, url: str):
        import psycopg2

        self._errors = psycopg2.Error
        self.con = psycopg2.connect(url)
        self.con.set_session(readonly=True, autocommit=True)
        self._cursor = None

    def execute(self, sql: str, params: list | dict | None = None) -> ServerConnection:
        cursor = self.con.cursor()
        try:
            if params is None:
                cursor.execute(sql)
            elif isinstance(params, dict):  # DuckDB's named $name (the saved questions) → psycopg2's %(name)s
                cursor.execute(_NAMED.sub(r"%(\1)s", sql.replace("%", "%%")), params)
            else:  # DuckDB's ? placeholders → psycopg2's %s
                cursor.execute(sql.replace("%", "%%").replace("?", "%s"), list(params))
        except self._errors as err:
            cursor.close()
            raise duckdb.Error(str(err).strip()) from None
        if self._cursor is not None:
            self._cursor.close()
        self._cursor = cursor
        return self

    @property
    def label(self) -> str:
        """user@host:port/database, never the password."""
        info = self.con.info
        return f"{info.user}@{info.host}:{info.port}/{info.dbname}"

    def sql(self, sql: str) -> ServerConnection | None:
        self.execute(sql)
        return self if self._cursor.description is not None else None

    @property
    def description(self):
        return self._cursor.description

    def fetchall(self) -> list[tuple]:
        return self._cursor.fetchall()

    def fetchone(self) -> tuple | None:
        return self._cursor.fetchone()

    def fetchdf(self) -> pd.DataFrame:
        names = [d[0] for d in self._cursor.description]
        return pd.DataFrame(self._cursor.fetchall(), columns=names)

    def table_frame(self, table: str) -> tuple[pd.DataFrame, list[str | None]]:
        """Every row of a published table (schema.name, named by our code, never by the user), and each
        column's DuckDB type where PostgreSQL's type says it (None: DuckDB infers it from the values, as for
        jsonb); numerics as floats, as the DuckDB build has them."""
        self.execute(f"SELECT * FROM {table}")
        description = self._cursor.description
        types = [_DUCKDB_TYPES.get(d.type_code) for d in description]
        rows = self._cursor.fetchall()
        numeric = [i for i, d in enumerate(description) if d.type_code == _NUMERIC]
        if numeric:
            rows = [tuple(float(v) if i in numeric and v is not None else v for i, v in enumerate(row)) for row in rows]
        # object columns: an integer column with NULLs stays integers (pandas would make it float)
        return pd.DataFrame(rows, columns=[d[0] for d in description], dtype=object), types

    def close(self) -> None:
        if self._cursor is not None:
            self._cursor.close()
        self.con.close()


class ServerSession:
    """The interactive shell on the server (queries.ShellSession): statements through the ServerConnection;
    .tables and .schema from information_schema, of the published schemas only (the analyst role can
    SELECT a run's private build_<run>_* tables by default privileges, but they are no warehouse yet).
    Each statement is its own transaction (autocommit), so it reads whatever is published when it
    starts: a swap never leaves the session on an old snapshot, and there is nothing to reconnect."""

    def __init__(self, con: ServerConnection):
        self.con = con
        self.label = con.label

    def republished(self) -> bool:
        return False

    def reconnect(self) -> None:
        pass

    def tables(self) -> queries.StatementResult:
        return queries.guarded(lambda: queries.list_tables(self.con, LAYERS))

    def describe(self, name: str) -> queries.StatementResult:
        return queries.describe_columns(self.con, name, LAYERS)

    def close(self) -> None:
        self.con.close()
