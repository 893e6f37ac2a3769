"""Dagster resources: the warehouse (built aside, published atomically) and the dbt project.

The warehouse is the embedded DuckDB file by default; on the team profile (PLAN_WAREHOUSE_TARGET=postgres,
orchestration.storage.server) the raw layer is still written into the run's DuckDB build file (it keeps
the incremental state: parse and link logs) and COPYed into the server's build schemas, dbt builds there,
and the publish swaps those schemas in.

Nothing connects at import time.
"""

import importlib.metadata
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource, DbtProject
from packaging import version
from pydantic import PrivateAttr

from orchestration.storage import server
from orchestration.storage.files import WarehouseFiles, WriterLock, dbt_targets_build, discard_build, prepare_build
from orchestration.storage.paths import DBT_PROJECT_DIR, export_warehouse_env

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()



class WarehouseResource(dg.ConfigurableResource):
    """The warehouse of one run: every asset writes a private build copy of the published file.

    For the run's duration it holds the writer lock (one refresh at a time, whoever starts it:
    the UI, the schedule, the sensor or `make run`). The `published_warehouse` asset swaps the
    build in; a run that fails or is cut short leaves the published file untouched and its
    build file is discarded (or removed by the next run if the process was killed).
    """

    path: str
    lock_timeout_s: float = 1800.0
    # The team profile's server (PLAN_WAREHOUSE_URL, the writer's role); empty: the DuckDB file only.
    server_url: str = ""

    _files: WarehouseFiles | None = PrivateAttr(default=None)
    _lock: WriterLock | None = PrivateAttr(default=None)
    _prefix: str = PrivateAttr(default="")
    _open: duckdb.DuckDBPyConnection | None = PrivateAttr(default=None)  # the build file, shared by the run's steps

    @property
    def on_server(self) -> bool:
        return bool(self.server_url)

    @property
    def prefix(self) -> str:
        """The run's build schemas on the server: build_<run>_<layer>."""
        return self._prefix

    @property
    def files(self) -> WarehouseFiles:
        return WarehouseFiles(Path(self.path))

    @property
    def build_path(self) -> str:
        return str(self.files.build)

    @property
    def published_path(self) -> str:
        return str(self.files.published)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        from orchestration.defs.runs import process_tags

        if context.instance is not None and context.run_id:  # the run names its process: see orchestration.defs.runs
            context.instance.add_run_tags(context.run_id, process_tags())
        lock = WriterLock(self.files.lock, timeout_s=self.lock_timeout_s)
        lock.acquire()
        self._lock = lock
        prepare_build(self.files)
        dbt_targets_build(self.files)
        if self.on_server:
            self._prefix = server.build_prefix(context.run_id or "manual")
            with self.server_connection() as pg:
                server.create_build_schemas(pg, self._prefix)
            os.environ.update(server.dbt_env(self.server_url))
            os.environ[server.SCHEMA_PREFIX_ENV] = self._prefix

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        self.release_build()
        discard_build(self.files)  # nothing is left when the run published
        dbt_targets_build(None)
        if self.on_server and self._prefix:
            with self.server_connection() as pg:  # a published build's schemas are renamed: none are left
                server.discard_build(pg, self._prefix)
            os.environ.pop(server.SCHEMA_PREFIX_ENV, None)
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to this run's build file: a cursor on the database the run's steps share.

        The first call opens the file, later calls take a cursor on it: opening a DuckDB file costs
        15-25 ms here, a cursor on an open one ~1 ms, and a refresh asks ~70 times (every check reads
        and records). release_build() closes it before another process (the dbt subprocess) or the
        publish needs the file; the next call opens it again. The build job runs in one process
        (in_process_executor), one step at a time."""
        if self._open is None:
            self._open = duckdb.connect(self.build_path)
        with self._open.cursor() as con:
            yield con

    def release_build(self) -> None:
        """Close the steps' shared handle on the build file (its write lock goes with it)."""
        if self._open is not None:
            self._open.close()
            self._open = None

    @contextmanager
    def server_connection(self, read_only: bool = False):
        con = server.connect(self.server_url, read_only=read_only)
        try:
            yield con
        finally:
            con.close()

    def load_raw(self, con: duckdb.DuckDBPyConnection, tables: list[str] | None = None) -> dict[str, int]:
        """On the server: COPY these raw tables of the build file (all of them: None) into the run's
        build schema <prefix>raw. Nothing on the DuckDB profile (the build file is the warehouse)."""
        if not self.on_server:
            return {}
        with self.server_connection() as pg:
            return server.load_raw(con, pg, self.prefix + "raw", tables)

    def load_remaining_raw(self) -> dict[str, int]:
        """On the server: COPY the raw tables this run did not write (kept as stored) into <prefix>raw."""
        if not self.on_server:
            return {}
        with self.server_connection() as pg, pg.cursor() as cur:
            cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s", [self.prefix + "raw"])
            loaded = {f"raw.{r[0]}" for r in cur.fetchall()}
        with self.get_connection() as con:
            stored = [f"raw.{r[0]}" for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw' "
                "AND table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
            return self.load_raw(con, [t for t in stored if t not in loaded])

    def build_table(self, table: str) -> str:
        """A table of this run's build by its layer name (marts.x): on the server, in its build schema."""
        if not self.on_server:
            return table
        schema, name = table.split(".")
        return f'"{self.prefix}{schema}"."{name}"'

    def append_rows(self, table: str, columns: dict[str, str], rows: list[dict]) -> int:
        """On the server: append rows to a table of the run's build schemas (created with ``columns``,
        DuckDB types as in orchestration.storage.warehouse), by COPY."""
        target = self.build_table(table)
        ddl = ", ".join(f'"{c}" {server.PG_TYPES[t.upper()]}' for c, t in columns.items())
        with self.server_connection() as pg:
            with pg.cursor() as cur:
                cur.execute(f"CREATE TABLE IF NOT EXISTS {target} ({ddl})")
            n = server.copy_rows(pg, target, list(columns), ([row.get(c) for c in columns] for row in rows))
            pg.commit()
        return n

    @contextmanager
    def build_reader(self):
        """Reads of this run's build for checks: a BuildReader over the build file, or over the server's
        build schemas in a read-only transaction."""
        if self.on_server:
            with self.server_connection(read_only=True) as pg:
                yield BuildReader(pg, self)
        else:
            with self.get_connection() as con:
                yield BuildReader(con, self)


class BuildReader:
    """The few reads checks make, on either backend: SQL written with `?` placeholders and layer names
    resolved by ``warehouse.build_table``."""

    def __init__(self, con, warehouse: WarehouseResource):
        self.con, self.warehouse = con, warehouse

    def rows(self, sql: str, params: list | None = None) -> list[tuple]:
        if not self.warehouse.on_server:
            return self.con.execute(sql, params or []).fetchall()
        with self.con.cursor() as cur:
            cur.execute(sql.replace("%", "%%").replace("?", "%s"), params or [])
            return cur.fetchall()

    def frame(self, sql: str, params: list | None = None):
        if not self.warehouse.on_server:
            return self.con.execute(sql, params or []).fetchdf()
        if params:
            raise ValueError("parameters are read on DuckDB only (the server's checks read whole tables)")
        return server.read_frame(self.con, sql)


class WarehouseDbtCliResource(DbtCliResource):
    """dbt in a worker process (whole-project builds) or as dagster-dbt's subprocess, without the two
    things dagster-dbt does first on every subprocess invocation.

    - It runs ``dbt --version`` in a subprocess to learn the CLI's version (a dbt start-up, ~5 s
      here): our dbt is the venv's (``dbt_executable``), so the installed dbt-core's version is it.
    - It builds a dbt adapter inside the Dagster process (importing dbt-core, loading the profile)
      for fetch_row_counts() and column metadata. Neither is used: that adapter's DuckDB handle
      would lock the build file, so row counts come from our own read-only connection once dbt
      has exited (assets/dbt.py).
    Both are private hooks of dagster-dbt 0.29 (pinned in uv.lock); test_pipeline runs through them.
    """

    # A whole-project `dbt build` (a refresh, `make run`) runs in a dbt worker process, started ahead by
    # the refresh (assets/dbt.py, orchestration.storage.dbt_runner); a subset of the models (the UI's
    # selection), or worker=False, goes through dagster-dbt's subprocess and its selection.
    worker: bool = True

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None


def dbt_executable() -> str:
    """The dbt of this environment (the venv's), so `plan-warehouse` works without the venv on PATH."""
    beside = Path(sys.executable).with_name("dbt")
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")


def build_resources() -> dict[str, dg.ConfigurableResource]:
    database = str(export_warehouse_env())
    return {
        "warehouse": WarehouseResource(path=database, server_url=server.server_url() if server.team_profile() else ""),
        "dbt": WarehouseDbtCliResource(project_dir=dbt_project, profiles_dir=str(DBT_PROJECT_DIR), dbt_executable=dbt_executable()),
    }
