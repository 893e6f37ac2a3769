"""The in-process refresh writes its event log without an fsync per event (orchestration.defs.execution)
and loses no event doing so: a real Dagster instance on SQLite, a real run."""

import sqlite3
import uuid

import dagster as dg
import sqlalchemy

from orchestration.defs.execution import event_log_held_open

N = 40


@dg.op
def many_materializations():
    for i in range(N):
        yield dg.AssetMaterialization(asset_key=f"table_{i}", metadata={"dagster/row_count": i})
    yield dg.Output(None)


@dg.job
def small_job():
    many_materializations()


def synchronous_of(path: str) -> int:
    engine = sqlalchemy.create_engine(f"sqlite:///{path}", poolclass=sqlalchemy.pool.NullPool)
    with engine.connect() as con:
        value = con.exec_driver_sql("PRAGMA synchronous").scalar()
    engine.dispose()
    return value


def test_every_event_is_stored_and_only_the_instance_files_are_relaxed(tmp_path):
    outside = str(tmp_path / "elsewhere.db")
    sqlite3.connect(outside).close()
    (tmp_path / "home").mkdir()
    with dg.instance_for_test(temp_dir=str(tmp_path / "home")) as instance:
        plain = small_job.execute_in_process(instance=instance)
        run_id = str(uuid.uuid4())
        shard = instance.event_log_storage.path_for_shard(run_id)
        with event_log_held_open(instance, run_id):
            assert synchronous_of(shard) == 1  # NORMAL: a commit appends to the WAL without an fsync
            assert synchronous_of(outside) == 2  # FULL (SQLite's default) for any file outside the instance
            held = small_job.execute_in_process(instance=instance, run_id=run_id)
        assert synchronous_of(shard) == 2  # the listener is gone with the run
        assert held.success and plain.success

        def stored(run) -> list[str]:
            return [r.event_log_entry.dagster_event.event_type_value
                    for r in instance.get_records_for_run(run, of_type=set(dg.DagsterEventType)).records]

        assert sorted(stored(held.run_id)) == sorted(stored(plain.run_id))
        assert stored(held.run_id).count("ASSET_MATERIALIZATION") == N
        # The asset index (the UI's asset pages) has them too.
        assert instance.get_latest_materialization_event(dg.AssetKey(f"table_{N - 1}")).run_id == run_id
