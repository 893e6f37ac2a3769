"""Running the build_warehouse job in-process (`make run`, `plan-warehouse refresh`, the tests).

The Dagster side of a refresh: registers the texts as partitions, chooses the stale ones, runs the
job, follows its steps, and reduces the run's result to a RefreshOutcome (orchestration.refresh.summary),
which the one refresh summary renders.
"""

import datetime as dt
import os
import sqlite3
import sys
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import sqlalchemy

from orchestration.defs.event_log import refresh_instance
from orchestration.quality.gx_validation import start_gx_worker
from orchestration.quality.holds import Hold, holds_path, load_holds, save_holds
from orchestration.refresh.summary import RefreshOutcome
from orchestration.storage.dbt_runner import start_for_refresh


def sync_text_partitions(instance: dg.DagsterInstance) -> list[str]:
    """Make the dynamic partitions match the texts on disk; returns them in partition order."""
    from orchestration.defs.automation import current_text_keys
    from orchestration.defs.partitions import text_partitions

    on_disk = current_text_keys()
    known = instance.get_dynamic_partitions(text_partitions.name)
    gone = [k for k in known if k not in on_disk]
    for key in gone:
        instance.delete_dynamic_partition(text_partitions.name, key)
    new = [k for k in on_disk if k not in known]
    if new:
        instance.add_dynamic_partitions(text_partitions.name, new)
    return instance.get_dynamic_partitions(text_partitions.name)


def stale_text_keys(database: str, keys: list[str]) -> set[str] | None:
    """Partition keys whose text is new, changed or parsed by another parser version, judged against
    the published warehouse's raw.parse_log; None when there is no usable warehouse (a first build)."""
    from orchestration.inputs.changes import text_key
    from orchestration.inputs.sources import scan
    from orchestration.inputs.texts import plan_reparse
    from orchestration.storage.paths import seeds_dir

    if not os.path.exists(database):
        return None
    try:
        with duckdb.connect(database, read_only=True) as con:
            rows = con.execute("SELECT source_file, sha256, parser_version FROM raw.parse_log").fetchall()
    except duckdb.Error:
        return None
    on_disk = {f.path: f.sha256 for f in scan(seeds_dir()) if f.kind == "text"}
    plan = plan_reparse(on_disk, {r[0]: (r[1], r[2]) for r in rows}, on_disk)
    return {text_key(path) for path in plan.reparse} & set(keys)


@contextmanager
def event_log_held_open(instance: dg.DagsterInstance, run_id: str) -> Iterator[None]:
    """Write the run's ~1,300 events (the dbt step's models and tests, the planned events) without two
    fsyncs each, for the duration of one in-process run.

    Dagster's SQLite storage opens and closes a connection per event (NullPool), in WAL mode. Two of
    SQLite's own, documented settings make that cheap, without overriding anything of Dagster:
    - an idle connection held open to the run's event-log file and to the event index: closing the
      last connection to a WAL database checkpoints the log into the file and deletes it, so with it
      every other close is a plain close; the one checkpoint happens when it closes after the run;
    - ``PRAGMA synchronous=NORMAL`` on the connections this process opens to the instance's SQLite
      files (a SQLAlchemy "connect" listener, removed after the run): in WAL mode a commit then
      appends to the log without an fsync, and the database stays consistent after a crash; a power
      loss may drop the run's last events (the run then shows unfinished and the orphaned-runs sensor
      marks it failed: orchestration.defs.runs). Postgres and other storages are left alone."""
    shard = getattr(instance.event_log_storage, "path_for_shard", None)
    if shard is None:
        yield
        return
    root = os.path.realpath(instance.root_directory) + os.sep

    def relaxed_sync(dbapi_connection: Any, _record: Any) -> None:
        if isinstance(dbapi_connection, sqlite3.Connection):
            rows = dbapi_connection.execute("PRAGMA database_list").fetchall()
            if any(row[2] and os.path.realpath(row[2]).startswith(root) for row in rows):
                dbapi_connection.execute("PRAGMA synchronous=NORMAL")

    sqlalchemy.event.listen(sqlalchemy.engine.Engine, "connect", relaxed_sync)
    held = []
    try:
        instance.get_records_for_run(run_id, limit=1)  # creates and initialises the run's shard (WAL mode)
        for path in (shard(run_id), shard("index")):
            if os.path.exists(path):
                con = sqlite3.connect(path, timeout=30, isolation_level=None)
                con.execute("SELECT count(*) FROM sqlite_master").fetchone()  # maps the WAL index: a reader of it
                held.append(con)
        yield
    finally:
        sqlalchemy.event.remove(sqlalchemy.engine.Engine, "connect", relaxed_sync)
        for con in held:
            con.close()


def run_build(instance: dg.DagsterInstance | None = None, *, force: bool = False) -> dg.ExecuteInProcessResult:
    """One refresh: over every document with ``force``, else over the stale ones (see refresh_tags)."""
    from orchestration.defs.assets.dbt import prune_run_targets
    from orchestration.defs.automation import JOB_NAME, all_documents_tags, refresh_tags
    from orchestration.defs.definitions import defs
    from orchestration.defs.resources import dbt_project
    from orchestration.defs.runs import fail_orphaned_runs, prune_runs
    from orchestration.storage.paths import warehouse_path

    # On the other core while the run is planned: GX's import (orchestration.quality.gx_validation), dbt's
    # import and the project's parse (orchestration.storage.dbt_runner); both kept if an entry point started them.
    start_gx_worker()
    start_for_refresh()
    if instance is None:  # $DAGSTER_HOME's, its SQLite event log keeping its engines (orchestration.defs.event_log)
        instance = refresh_instance() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    for run_id in fail_orphaned_runs(instance):  # runs killed mid-refresh must not block the queue
        print(f"marked run {run_id} failed: its process no longer exists", file=sys.stderr)
    prune_runs(instance)
    prune_run_targets(Path(dbt_project.project_dir) / "target")
    keys = sync_text_partitions(instance)
    stale = None if force else stale_text_keys(str(warehouse_path()), keys)
    partitions = all_documents_tags(keys) if force else refresh_tags(keys, stale)
    job = defs.resolve_job_def(JOB_NAME)
    ingest_config: dict[str, Any] = {"force": True} if force else {}
    holds_file = holds_path(warehouse_path())
    if force and holds_file.exists():  # a forced refresh reads and checks every text again
        holds_file.unlink()
    with parsed_ahead(instance, keys if stale is None else [k for k in keys if k in stale]) as folder:
        if folder:
            ingest_config["preparsed"] = str(folder)
        run_config = {"ops": {"text_ingest": {"config": ingest_config}}} if ingest_config else None
        return _run_with_holds(instance, job, partitions, run_config, holds_file)


@contextmanager
def parsed_ahead(instance: dg.DagsterInstance, keys: list[str]) -> Iterator[Path | None]:
    """With PLAN_EXECUTOR set, the texts of ``keys`` parsed by the parse job on that executor
    (orchestration.defs.parallel), in a folder removed afterwards; else None, importing nothing."""
    executor = os.environ.get("PLAN_EXECUTOR", "").strip()
    if not executor or not keys:
        yield None
        return
    import shutil

    from orchestration.defs.parallel import parallel_executor, parse_ahead
    from orchestration.storage.paths import seeds_dir

    name = parallel_executor()
    if name is None:
        yield None
        return
    folder = parse_ahead(instance, keys, name, seeds_dir())
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run_with_holds(instance: dg.DagsterInstance, job: Any, partitions: dict[str, str], run_config: dict | None,
                    holds_file: Path) -> dg.ExecuteInProcessResult:
    from orchestration.defs.runs import process_tags

    for _ in range(HOLD_ROUNDS + 1):
        run_id = str(uuid.uuid4())
        with event_log_held_open(instance, run_id):
            result = job.execute_in_process(
                instance=instance,
                run_id=run_id,
                tags={**partitions, **process_tags(), "trigger": "make run"},
                run_config=run_config,
                raise_on_error=False,
            )
        held = None if published(result) else holds_after(result)
        if not held:
            return result
        holds = {**load_holds(holds_file), **held}
        save_holds(holds_file, holds)
        for h in held.values():
            print(f"held out {h.source_file} ({h.doc_id}): it broke the ERROR rule {h.rule_id} ({h.reason}); "
                  "refreshing again without it", file=sys.stderr)
    return result


HOLD_ROUNDS = 2  # refreshes run again at most this often, each time without the newly held documents


def published(result: dg.ExecuteInProcessResult) -> bool:
    return any(e.event_specific_data.materialization.asset_key == dg.AssetKey("published_warehouse")
               for e in result.get_asset_materialization_events())


def holds_after(result: dg.ExecuteInProcessResult) -> dict[str, Hold] | None:
    """After an unpublished run: holds for the documents it parsed that take part in a failing
    comparison of an ERROR consistency rule (orchestration.quality.holds), as each failed rule check
    gave them in its metadata (``holds``); None when the run failed for any other reason too (a
    failed step, a failed ERROR suite) or when a failing comparison involves no document parsed in
    the run (``holdable`` false)."""
    return holds_from_events(result.all_events)


def _blocking_check_failure(error: Any) -> bool:
    while error is not None:
        if getattr(error, "cls_name", None) == "DagsterAssetCheckFailedError":
            return True
        error = getattr(error, "cause", None)
    return False


def holds_from_events(events: Iterable[dg.DagsterEvent]) -> dict[str, Hold] | None:
    """holds_after over a run's events (also the held_documents sensor's, from the event log)."""
    events = list(events)
    if any(e.is_step_failure and not _blocking_check_failure(e.event_specific_data.error) for e in events):
        return None  # a step failed for another reason: holding documents cannot help
    held: dict[str, Hold] = {}
    failed = 0
    for event in events:
        if event.event_type_value != "ASSET_CHECK_EVALUATION":
            continue
        ev = event.event_specific_data
        if ev.passed or ev.severity != dg.AssetCheckSeverity.ERROR:
            continue
        failed += 1
        meta = {k: v.value for k, v in ev.metadata.items()}
        if not meta.get("holdable"):
            return None
        held.update({h["doc_id"]: Hold(**h) for h in meta["holds"]})
    return held if failed and held else None


def check_outcomes(result: dg.ExecuteInProcessResult) -> list[tuple[str, str, bool, str]]:
    """(asset, check, passed, severity) for every check evaluated in the run."""
    out = []
    for event in result.all_events:
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            ev = event.event_specific_data
            out.append((ev.asset_key.to_user_string(), ev.check_name, ev.passed, ev.severity.value))
    return sorted(out)


def innermost_message(error: Any) -> str:
    """The innermost error message (the user's, e.g. 'seeds/curated/x.csv:12: column …'), not Dagster's wrapper."""
    while getattr(error, "cause", None) is not None:
        error = error.cause
    return (error.message or "").strip()


def outcome(result: dg.ExecuteInProcessResult) -> RefreshOutcome:
    """What the refresh summary and the exit code need from a run, as plain data."""
    ingest = None
    for event in result.get_asset_materialization_events():
        m = event.event_specific_data.materialization
        if m.asset_key == dg.AssetKey(["raw", "documents"]):
            meta = {k: v.value for k, v in m.metadata.items()}
            ingest = (meta["texts_parsed"], meta["texts_unchanged"], meta["texts_removed"])
            break
    steps = []
    for event in result.all_events:
        if event.is_step_failure:
            steps.append((event.step_key, innermost_message(event.event_specific_data.error)))
        elif event.is_step_skipped:
            steps.append((event.step_key, None))
    return RefreshOutcome(
        run_id=result.run_id, success=result.success, published=published(result), ingest=ingest,
        checks=check_outcomes(result), steps=steps,
    )


class StepWatcher(threading.Thread):
    """Follows the run's step events in the Dagster instance's event log and reports each finished step."""

    KINDS = ("STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED")

    def __init__(self, instance: Any, job_name: str, since: dt.datetime, report: Callable[[str, str, float | None], None]):
        super().__init__(daemon=True)
        self.instance, self.job_name, self.since, self.report = instance, job_name, since, report
        self.stop = threading.Event()
        self.run_id: str | None = None
        self.cursor: str | None = None

    def poll(self) -> None:
        if self.run_id is None:
            records = self.instance.get_run_records(
                filters=dg.RunsFilter(job_name=self.job_name, created_after=self.since), limit=1)
            if not records:
                return
            self.run_id = records[0].dagster_run.run_id
        kinds = {dg.DagsterEventType[k] for k in self.KINDS}
        conn = self.instance.get_records_for_run(self.run_id, cursor=self.cursor, of_type=kinds)
        for record in conn.records:
            event = record.event_log_entry.dagster_event
            duration = getattr(event.event_specific_data, "duration_ms", None)
            self.report(event.step_key or "?", event.event_type_value, duration)
        self.cursor = conn.cursor

    def run(self) -> None:
        while True:
            stopping = self.stop.wait(0.5)
            try:
                self.poll()
            except Exception:  # the log is being written: try again on the next tick
                pass
            if stopping:
                return


def run_watched(force: bool, report: Callable[[str, str, float | None], None]) -> dg.ExecuteInProcessResult:
    """run_build on the $DAGSTER_HOME instance, reporting each finished step as it happens."""
    from orchestration.defs.automation import JOB_NAME

    instance = refresh_instance()
    watcher = StepWatcher(instance, JOB_NAME, dt.datetime.now(dt.UTC) - dt.timedelta(seconds=2), report)
    watcher.start()
    try:
        return run_build(instance, force=force)
    finally:
        watcher.stop.set()
        watcher.join(timeout=10)
