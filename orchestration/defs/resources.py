"""Dagster resources: the DuckDB warehouse (built aside, published atomically) and the dbt project.

Nothing connects at import time.
"""

import importlib.metadata
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

    _files: WarehouseFiles | None = PrivateAttr(default=None)
    _lock: WriterLock | None = PrivateAttr(default=None)

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

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        discard_build(self.files)  # nothing is left when the run published
        dbt_targets_build(None)
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @contextmanager
    def get_connection(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to this run's build file (read-only for validation)."""
        with duckdb.connect(self.build_path, read_only=read_only) as con:
            yield con


class WarehouseDbtCliResource(DbtCliResource):
    """dbt as a subprocess, without the two things dagster-dbt does first on every invocation.

    - It runs ``dbt --version`` in a subprocess to learn the CLI's version (a dbt start-up, ~5 s
      here): our dbt is the venv's (``dbt_executable``), so the installed dbt-core's version is it.
    - It builds a dbt adapter inside the Dagster process (importing dbt-core, loading the profile)
      for fetch_row_counts() and column metadata. Neither is used: that adapter's DuckDB handle
      would lock the build file, so row counts come from our own read-only connection once dbt
      has exited (assets/dbt.py).
    Both are private hooks of dagster-dbt 0.29 (pinned in uv.lock); test_pipeline runs through them.
    """

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
        "warehouse": WarehouseResource(path=database),
        "dbt": WarehouseDbtCliResource(project_dir=dbt_project, profiles_dir=str(DBT_PROJECT_DIR), dbt_executable=dbt_executable()),
    }
