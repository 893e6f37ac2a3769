"""Dagster's SQLite event log with each shard's SQLAlchemy engine kept, not rebuilt per connection.

Dagster's SqliteEventLogStorage builds an SQLAlchemy engine, opens one SQLite connection, and
disposes of both for every read or write: a refresh of the seed writes ~1,140 events through
~2,600 such connections (its run's shard, and the index shard for every asset and check event).
This subclass keeps one engine per shard (the newest KEEP_SHARDS, plus the index), pooling its
connections; files, schema and what is written stay Dagster's, so the UI, the daemon and any other
process read the same files with Dagster's own class. Measured on the warm refresh of the seed:
19.0 s -> 17.8 s (bench/results.md, issue 17).

The in-process refresh (orchestration.defs.execution) runs on refresh_instance(): the instance of
$DAGSTER_HOME as its dagster.yaml configures it, with this class for the event log when that is
Dagster's default SQLite one (a yaml naming another storage, PostgreSQL on the team instance, is left
as it is). Not in dagster.yaml itself: a storage's config there cannot name the folder of the
instance that loads it (only an absolute path or an environment variable), and an instance opened
on another folder (DagsterInstance.from_config) would then read the wrong event logs.

It overrides one private method, ``_connect``, and remembers the tables ``has_table`` found, of dagster 1.13 (pinned: dagster>=1.13,<1.14 in
pyproject.toml); tests/unit/test_event_log.py fails when dagster changes that method, so the
override is looked at again on every upgrade.
"""

import os
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
import yaml
from dagster._core.instance.ref import InstanceRef
from dagster._core.storage.event_log import SqliteEventLogStorage
from dagster._core.storage.event_log.sqlite.sqlite_event_log import INDEX_SHARD_NAME
from dagster._core.storage.sql import create_engine
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import QueuePool

STORAGE_KEYS = ("storage", "run_storage", "event_log_storage", "schedule_storage")  # dagster.yaml keys that pick a storage
KEEP_SHARDS = 8  # run shards whose engine stays open (a webserver reads many runs: older ones are disposed)


def event_log_overrides(home: str | Path) -> dict[str, Any]:
    """Instance overrides (dagster.yaml's form) that put PooledSqliteEventLogStorage on the files
    Dagster's default SQLite storage of ``home`` uses: <home>/history/runs."""
    base_dir = os.path.join(os.path.abspath(home), "history", "runs")
    return {"event_log_storage": {"module": __name__, "class": PooledSqliteEventLogStorage.__name__,
                                  "config": {"base_dir": base_dir}}}


def refresh_instance(home: str | Path | None = None) -> dg.DagsterInstance:
    """The Dagster instance of ``home`` (default $DAGSTER_HOME) for an in-process refresh: as its
    dagster.yaml configures it, with the kept-engine event log when the yaml leaves storage to
    Dagster's SQLite default."""
    home = os.path.abspath(home or os.environ["DAGSTER_HOME"])
    config_file = Path(home) / "dagster.yaml"
    config = (yaml.safe_load(config_file.read_text(encoding="utf-8")) if config_file.exists() else None) or {}
    if any(key in config for key in STORAGE_KEYS):
        return dg.DagsterInstance.from_ref(InstanceRef.from_dir(home))
    return dg.DagsterInstance.from_ref(InstanceRef.from_dir(home, overrides=event_log_overrides(home)))


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """SqliteEventLogStorage whose shards keep their engine (and a pool of SQLite connections)."""

    def __init__(self, base_dir: str, inst_data: Any = None):
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._tables: set[str] = set()
        super().__init__(base_dir, inst_data)

    @classmethod
    def from_config_value(cls, inst_data: Any, config_value: Mapping[str, Any]) -> "PooledSqliteEventLogStorage":
        return cls(inst_data=inst_data, **config_value)

    def _engine(self, shard: str) -> Engine:
        """The shard's engine, made (and the shard's schema created) on first use. Call under _db_lock."""
        engine = self._engines.pop(shard, None)
        if engine is None:
            engine = create_engine(self.conn_string_for_shard(shard), poolclass=QueuePool,
                                   connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
        self._engines[shard] = engine  # newest last
        runs = [s for s in self._engines if s != INDEX_SHARD_NAME]
        for old in runs[: max(len(runs) - KEEP_SHARDS, 0)]:
            self._engines.pop(old).dispose()
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        # As dagster's own, one transaction per use under the storage's lock, on a kept engine.
        with self._db_lock:
            with self._engine(shard).connect() as conn:
                with conn.begin():
                    yield conn

    def has_table(self, table_name: str) -> bool:
        # Dagster asks before every asset check event and every asset event's tags whether an index
        # table exists (supports_asset_checks, _store_asset_event_tags), each time through a new
        # engine and connection: ~800 times a seed refresh, ~0.5 s. A table, once there, stays
        # (migrations add tables; wipe() forgets them), so only "yes" is remembered.
        if table_name in self._tables:
            return True
        found = super().has_table(table_name)
        if found:
            self._tables.add(table_name)
        return found

    def forget_shard(self, shard: str) -> None:
        """Close the shard's connections (before its file is removed)."""
        with self._db_lock:
            engine = self._engines.pop(shard, None)
        if engine is not None:
            engine.dispose()

    def delete_events(self, run_id: str) -> None:
        super().delete_events(run_id)
        self.forget_shard(run_id)  # runs are deleted with their shard file (orchestration.defs.runs.prune_runs)

    def wipe(self) -> None:
        with self._db_lock:
            engines, self._engines = list(self._engines.values()), OrderedDict()
            self._tables = set()
        for engine in engines:
            engine.dispose()
        super().wipe()

    def dispose(self) -> None:
        with self._db_lock:
            engines, self._engines = list(self._engines.values()), OrderedDict()
        for engine in engines:
            engine.dispose()
        super().dispose()
