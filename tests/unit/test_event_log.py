"""orchestration.defs.event_log: Dagster's SQLite event log with kept engines, the in-process
refresh's instance. Real instances, real runs; and a guard on the one private dagster method it overrides."""

import hashlib
import inspect
import shutil
from pathlib import Path

import dagster as dg
from dagster._core.storage.event_log import SqliteEventLogStorage

from orchestration.defs import event_log
from orchestration.defs.event_log import PooledSqliteEventLogStorage, event_log_overrides, refresh_instance

ROOT = Path(__file__).resolve().parents[2]
# sha256 of SqliteEventLogStorage._connect in dagster 1.13.27, the method PooledSqliteEventLogStorage replaces.
CONNECT_SHA256 = "b8435f2665689760a1e1d98e17b78ceef5a48256dc11b562a20c840abc37d170"
# ... and of SqliteEventLogStorage.has_table, whose "yes" answers PooledSqliteEventLogStorage remembers.
HAS_TABLE_SHA256 = "577d801c70b2a4a50ef067b8ba609e19c199a70e46f50cbb8561c28bcc3731f9"
N = 30


@dg.op
def many_materializations():
    for i in range(N):
        yield dg.AssetMaterialization(asset_key=f"table_{i}", metadata={"dagster/row_count": i})
    yield dg.Output(None)


@dg.job
def small_job():
    many_materializations()


@dg.asset(check_specs=[dg.AssetCheckSpec(f"check_{i}", asset="checked") for i in range(N)])
def checked():
    yield dg.Output(1)
    for i in range(N):
        yield dg.AssetCheckResult(check_name=f"check_{i}", passed=i % 2 == 0)


def test_asset_checks_are_recorded_while_index_tables_are_looked_up_once(tmp_path, monkeypatch):
    """Dagster asks has_table before every asset check event; the storage asks SQLite once per table,
    and every check's planned and evaluated state is still recorded, run after run."""
    calls = []
    real = SqliteEventLogStorage.has_table
    monkeypatch.setattr(SqliteEventLogStorage, "has_table", lambda self, name: calls.append(name) or real(self, name))
    with dg.instance_for_test(temp_dir=str(tmp_path), overrides=event_log_overrides(tmp_path)) as instance:
        for _ in range(2):
            assert dg.materialize([checked], instance=instance).success
        storage = instance.event_log_storage
        for i in range(N):
            history = storage.get_asset_check_execution_history(dg.AssetCheckKey(dg.AssetKey("checked"), f"check_{i}"), limit=5)
            assert [r.status.value for r in history] == ["SUCCEEDED" if i % 2 == 0 else "FAILED"] * 2
        assert "asset_check_executions" in calls
        assert len(calls) == len(set(calls)) <= 3, calls  # ~4 N lookups without the memory
        storage.wipe()
        assert storage.supports_asset_checks  # found again after a wipe recreated the tables
        assert calls.count("asset_check_executions") == 2


def test_dagster_still_connects_as_the_override_assumes():
    """Fails when a dagster upgrade changes the method we override: read it again, then update the hash."""
    source = inspect.getsource(SqliteEventLogStorage._connect)
    assert hashlib.sha256(source.encode()).hexdigest() == CONNECT_SHA256, source
    source = inspect.getsource(SqliteEventLogStorage.has_table)
    assert hashlib.sha256(source.encode()).hexdigest() == HAS_TABLE_SHA256, source
    assert dg.__version__.startswith("1.13.")


def test_the_refresh_instance_keeps_its_dagster_yaml_and_its_own_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "elsewhere"))  # another instance: never read for ``home``
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(ROOT / "dagster_home" / "dagster.yaml", home / "dagster.yaml")  # the product's settings
    with refresh_instance(home) as instance:
        storage = instance.event_log_storage
        assert isinstance(storage, PooledSqliteEventLogStorage)
        assert Path(storage.path_for_shard("index")) == home / "history" / "runs" / "index.db"
        assert instance.run_monitoring_enabled  # the rest of dagster.yaml as written
    assert not (tmp_path / "elsewhere").exists()
    # Dagster's own class reads the same files: a run written through ours shows there.
    with refresh_instance(home) as instance:
        run_id = small_job.execute_in_process(instance=instance).run_id
    with dg.DagsterInstance.from_config(str(home)) as plain:
        assert type(plain.event_log_storage) is SqliteEventLogStorage
        assert len(plain.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION).records) == N
    # A dagster.yaml that picks its own storage keeps it.
    other = tmp_path / "other"
    other.mkdir()
    (other / "dagster.yaml").write_text(f"storage:\n  sqlite:\n    base_dir: {other / 'store'}\n", encoding="utf-8")
    with refresh_instance(other) as instance:
        assert type(instance.event_log_storage) is SqliteEventLogStorage


def test_every_event_is_stored_and_read_back_and_deleted_runs_let_go(tmp_path, monkeypatch):
    monkeypatch.setattr(event_log, "KEEP_SHARDS", 2)
    with dg.instance_for_test(temp_dir=str(tmp_path), overrides=event_log_overrides(tmp_path)) as instance:
        storage = instance.event_log_storage
        assert isinstance(storage, PooledSqliteEventLogStorage)
        runs = [small_job.execute_in_process(instance=instance).run_id for _ in range(3)]
        for run_id in runs:
            records = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION).records
            assert len(records) == N
        assert instance.get_latest_materialization_event(dg.AssetKey(f"table_{N - 1}")).run_id == runs[-1]
        # One engine per shard: the index and the newest KEEP_SHARDS runs' (older ones disposed).
        assert set(storage._engines) == {"index", *runs[-2:]}
        instance.delete_run(runs[-1])
        assert runs[-1] not in storage._engines
        Path(storage.path_for_shard(runs[-1])).unlink()
        assert instance.get_records_for_run(runs[0]).records  # the others still read
        # A new run after a deletion writes and reads as before.
        again = small_job.execute_in_process(instance=instance)
        assert len(instance.get_records_for_run(again.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION).records) == N
