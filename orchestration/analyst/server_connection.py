"""The analyst connection on the team profile (README "Team deployment"): the server through psycopg2,
behind the few DuckDB connection methods the CLI's commands use (execute, sql, fetchall, fetchone,
fetchdf, description, close), so `plan-warehouse sql`, `facts`, `findings` and `ask` run their one code
path on either warehouse; `export` reads the published tables into an in-memory DuckDB and writes from
there (queries.local_copy), so its files are the same on both. Every statement runs in a READ ONLY transaction (on top of the analyst role's
own privileges, scripts/team/create_analyst_role.sql); a server error surfaces as a duckdb.Error so the
commands report it the same way. psycopg2 is imported on the team profile only.
"""

from __future__ import annotations

import re

import duckdb
import pandas as pd

_NAMED = re.compile(r"\$(\w+)")


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

    def table_frame(self, table: str) -> pd.DataFrame:
        """Every row of a published table (schema.name, named by our code, never by the user)."""
        self.execute(f"SELECT * FROM {table}")
        names = [d[0] for d in self._cursor.description]
        # object columns: an integer column with NULLs stays integers (pandas would make it float)
        return pd.DataFrame(self._cursor.fetchall(), columns=names, dtype=object)

    def close(self) -> None:
        if self._cursor is not None:
            self._cursor.close()
        self.con.close()
