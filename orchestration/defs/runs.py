"""Dagster run storage hygiene: runs whose process died are marked failed; old runs are pruned.

A refresh killed with SIGKILL (or a machine that lost power) never writes its RUN_FAILURE event, so
its run stays STARTED with the ``warehouse/writer`` tag and, with the queue's limit of one writer,
every later daemon-launched run waits behind it for ever. Every run of the warehouse job records
the process that executes it (tags below: host, pid and the process's start time, so a recycled pid
is not mistaken for the run); a run in progress whose process no longer exists on this host is an
orphan and is reported failed with a message saying so. The CLI refresh and `make run` do this
before their own run starts, and the `orphaned_runs` sensor does it in the daemon every minute.

Pruning keeps Dagster's storage bounded (policy in README, Operations): runs that finished more
than ``keep_days`` days ago are deleted, and beyond the newest ``keep_runs`` finished runs the
oldest go too; a run's event log goes with it, and its compute logs.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from pathlib import Path

import dagster as dg

WRITER_TAG = "warehouse/writer"
PID_TAG = "warehouse/pid"
HOST_TAG = "warehouse/host"
PID_START_TAG = "warehouse/pid_started"  # the process's start time in clock ticks since boot (/proc/<pid>/stat)

IN_PROGRESS = [dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED,
               dg.DagsterRunStatus.CANCELING]
FINISHED = [dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED]

KEEP_DAYS = 14  # finished runs older than this are deleted with their events and compute logs
KEEP_RUNS = 50  # and never more than this many finished runs are kept


def process_started(pid: int) -> str | None:
    """The start time of process ``pid`` (clock ticks since boot), None when there is no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # the fields after the command name, from field 3 (state)
    return None if fields[0] in ("Z", "X") else fields[19]  # a zombie has exited; field 22 is the start time


def process_tags(pid: int | None = None) -> dict[str, str]:
    """Tags naming the process that executes a run (this one by default)."""
    pid = pid or os.getpid()
    return {HOST_TAG: socket.gethostname(), PID_TAG: str(pid), PID_START_TAG: process_started(pid) or ""}


def process_gone(tags: dict[str, str]) -> bool:
    """True when the tags name a process on this host that no longer exists (or is another process
    with a recycled pid). False when it lives, or when the run names no process of this host."""
    if tags.get(HOST_TAG) != socket.gethostname() or not tags.get(PID_TAG, "").isdigit():
        return False
    started = process_started(int(tags[PID_TAG]))
    return started is None or (bool(tags.get(PID_START_TAG)) and started != tags[PID_START_TAG])


def fail_orphaned_runs(instance: dg.DagsterInstance) -> list[str]:
    """Report every in-progress warehouse run whose process is gone as failed; returns their ids."""
    records = instance.get_run_records(filters=dg.RunsFilter(statuses=IN_PROGRESS, tags={WRITER_TAG: "liaocheng"}))
    failed = []
    for record in records:
        run = record.dagster_run
        if run.run_id == os.environ.get("DAGSTER_RUN_ID") or not process_gone(run.tags):
            continue
        instance.report_run_failed(
            run,
            message=f"Marked failed: the process that ran it (pid {run.tags[PID_TAG]} on {run.tags[HOST_TAG]}) no "
            "longer exists — it was killed or crashed mid-run. The published warehouse was not changed by it; "
            "its build file is removed by the next refresh.",
        )
        failed.append(run.run_id)
    return failed


def prune_runs(instance: dg.DagsterInstance, keep_days: int = KEEP_DAYS, keep_runs: int = KEEP_RUNS) -> int:
    """Delete finished runs older than ``keep_days`` and all but the newest ``keep_runs`` finished runs,
    with their event logs and compute logs; runs in progress are never touched. Returns how many went."""
    records = instance.get_run_records(filters=dg.RunsFilter(statuses=FINISHED), order_by="create_timestamp", ascending=False)
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=keep_days)
    doomed = [r.dagster_run.run_id for i, r in enumerate(records)
              if i >= keep_runs or (r.end_time is not None and dt.datetime.fromtimestamp(r.end_time, dt.UTC) < cutoff)]
    shard = getattr(instance.event_log_storage, "path_for_shard", None)  # SQLite: one event-log file per run
    for run_id in doomed:
        instance.delete_run(run_id)  # the run and its events
        if shard is not None:
            Path(shard(run_id)).unlink(missing_ok=True)
        try:  # captured stdout/stderr: one folder per run with the local compute-log manager
            instance.compute_log_manager.delete_logs(prefix=[run_id])
        except (NotImplementedError, OSError):
            pass
    return len(doomed)


@dg.sensor(
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Every minute: warehouse runs whose process no longer exists (killed, crashed) are marked failed, "
    "so a dead run never holds the one-writer queue; finished runs beyond the retention policy are pruned.",
)
def orphaned_runs(context: dg.SensorEvaluationContext):
    failed = fail_orphaned_runs(context.instance)
    pruned = prune_runs(context.instance)
    return dg.SkipReason(f"{len(failed)} orphaned run(s) marked failed, {pruned} old run(s) pruned")
