"""The daemon's side of orchestration.quality.holds.

`make run` and `plan-warehouse refresh` hold out the new documents that broke an ERROR consistency
rule and run again at once (orchestration.defs.execution.run_build). A run the daemon launched (the
schedule, the seeds sensor, the UI) gets the same from the `held_documents` sensor: when such a run
failed only because of those documents, it saves their holds and requests the same run again.
"""

import dagster as dg

from orchestration.defs.automation import RANGE_END, RANGE_START
from orchestration.defs.execution import holds_from_events
from orchestration.quality.holds import holds_path, load_holds, save_holds
from orchestration.storage.paths import warehouse_path


def held_documents_sensor(job: dg.JobDefinition) -> dg.SensorDefinition:
    @dg.run_failure_sensor(
        name="held_documents",
        monitored_jobs=[job],
        request_job=job,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="A refresh that did not publish only because documents it parsed broke an ERROR consistency rule: "
        "those documents are held out (quality.rejected_inputs, stage consistency) and the refresh runs again.",
    )
    def held_documents(context: dg.RunFailureSensorContext):
        run = context.dagster_run
        records = context.instance.all_logs(run.run_id)
        held = holds_from_events(r.dagster_event for r in records if r.dagster_event is not None)
        if not held:
            return dg.SkipReason(f"run {run.run_id} failed for another reason than new documents breaking an ERROR rule")
        path = holds_path(warehouse_path())
        save_holds(path, {**load_holds(path), **held})
        for h in held.values():
            context.log.warning(f"held out {h.source_file} ({h.doc_id}): it broke the ERROR rule {h.rule_id} ({h.reason})")
        tags = {k: v for k, v in run.tags.items() if k in (RANGE_START, RANGE_END)}
        return dg.RunRequest(run_key=f"held@{run.run_id}", tags={**tags, "trigger": "held documents"})

    return held_documents
