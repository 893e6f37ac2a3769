"""Dagster resources: the DuckDB warehouse (built aside, published atomically) and the dbt project.

Nothing connects at import time.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource, DbtProject
from pydantic import PrivateAttr

from orchestration.paths import DBT_PROJECT_DIR, export_warehouse_env
from orchestration.publish import WarehouseFiles, WriterLock, discard_build, prepare_build

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()

# dbt's profile reads this variable: during a run it names the build file, not the published one.
DBT_DATABASE_ENV = "PLAN_DBT_DATABASE"


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
        lock = WriterLock(self.files.lock, timeout_s=self.lock_timeout_s)
        lock.acquire()
        self._lock = lock
        prepare_build(self.files)
        os.environ[DBT_DATABASE_ENV] = self.build_path

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        discard_build(self.files)  # nothing is left when the run published
        os.environ.pop(DBT_DATABASE_ENV, None)
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @contextmanager
    def get_connection(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to this run's build file (read-only for validation)."""
        with duckdb.connect(self.build_path, read_only=read_only) as con:
            yield con


def build_resources() -> dict[str, dg.ConfigurableResource]:
    database = str(export_warehouse_env())
    return {
        "warehouse": WarehouseResource(path=database),
        "dbt": DbtCliResource(project_dir=dbt_project, profiles_dir=str(DBT_PROJECT_DIR)),
    }
