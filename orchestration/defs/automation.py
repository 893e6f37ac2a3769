"""Scheduled full refresh and the seeds/ sensor."""

import hashlib
import json

import dagster as dg

from orchestration.defs.partitions import text_partitions
from orchestration.inputs.changes import diff_seeds, text_key
from orchestration.inputs.sources import scan
from orchestration.storage.paths import seeds_dir

JOB_NAME = "build_warehouse"
RANGE_START = "dagster/asset_partition_range_start"
RANGE_END = "dagster/asset_partition_range_end"


def all_documents_tags(keys: list[str]) -> dict[str, str]:
    """Tags that make one run cover every text partition (the ingest asset runs once over the range)."""
    return {RANGE_START: keys[0], RANGE_END: keys[-1]} if keys else {}


def refresh_tags(keys: list[str], stale: set[str] | None) -> dict[str, str]:
    """The partitions of a refresh that need not cover every document.

    ``stale``: the texts whose content or parser changed since they were stored (None: unknown,
    e.g. no warehouse yet → every document). The run covers the range from the first to the last
    stale text in partition order; with nothing stale, the last text alone — models and checks are
    rebuilt and nothing is parsed. Texts missing from the warehouse or removed from disk are handled
    by the ingest whatever the range, so the result equals a run over every document; what changes is
    the run's size: a run over N partitions writes one event per partition and asset.
    """
    if stale is None or not keys:
        return all_documents_tags(keys)
    chosen = [k for k in keys if k in stale] or keys[-1:]
    return {RANGE_START: chosen[0], RANGE_END: chosen[-1]}


def current_text_keys() -> list[str]:
    return [text_key(f.path) for f in scan(seeds_dir()) if f.kind == "text"]


@dg.schedule(
    job_name=JOB_NAME,
    cron_schedule="0 6 * * *",
    execution_timezone="Asia/Shanghai",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Daily full refresh at 06:00 Asia/Shanghai: every document (unchanged ones are kept, not re-parsed), "
    "every model and every check, then publish.",
)
def daily_refresh(context: dg.ScheduleEvaluationContext):
    keys = context.instance.get_dynamic_partitions(text_partitions.name)
    if not keys:
        return dg.SkipReason("no text documents registered yet: the seeds sensor adds them")
    return dg.RunRequest(run_key=None, tags={**all_documents_tags(keys), "trigger": "schedule"})


@dg.sensor(
    job_name=JOB_NAME,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="A new or changed file under seeds/ starts a run for exactly what changed: one run per new or "
    "changed text (its partition); a changed curated CSV or a removed text starts one run over every document.",
)
def seeds_sensor(context: dg.SensorEvaluationContext):
    changes = diff_seeds(scan(seeds_dir()), context.cursor)
    if not changes.any:
        return dg.SkipReason("no change under seeds/")
    known = context.instance.get_dynamic_partitions(text_partitions.name)  # in partition order
    add = [k for k in changes.new_texts if k not in known]
    remove = [k for k in changes.removed_texts if k in known]
    snapshot = changes.snapshot
    first_look = context.cursor is None
    requests = [] if first_look else [
        dg.RunRequest(run_key=f"{key}@{snapshot[f'{seeds_dir().name}/texts/{key}']}", partition_key=key, tags={"trigger": "sensor"})
        for key in (*changes.new_texts, *changes.changed_texts)
    ]
    if first_look or changes.other_changed or changes.removed_texts:  # first look: one run over everything
        keys = [k for k in [*known, *add] if k not in remove]
        requests.append(
            dg.RunRequest(
                run_key="all@" + hashlib.sha256(json.dumps(snapshot, sort_keys=True).encode()).hexdigest()[:16],
                tags={**all_documents_tags(keys), "trigger": "sensor"},
            )
        )
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=[
            *([text_partitions.build_add_request(add)] if add else []),
            *([text_partitions.build_delete_request(remove)] if remove else []),
        ],
        cursor=json.dumps(snapshot, sort_keys=True),
    )
