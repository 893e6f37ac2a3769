"""`python -m orchestration.build`: one full refresh in-process, then a summary.

Registers every text under seeds/texts/ as a partition, runs the `build_warehouse` job over all
of them (unchanged documents are kept, not re-parsed), and prints every published table with its
row count and the checks passed and failed. Uses the Dagster instance in $DAGSTER_HOME, so the
run shows in the UI. Exit codes (also of `plan-warehouse refresh`): 0 published and every step
succeeded; 1 NOT published (the previous warehouse stays); 3 published, but a step after the
publish (the scorecard) failed, so what it writes is stale — the summary names it and why.
"""

import os
import sys
from pathlib import Path

import dagster as dg
import duckdb


def sync_text_partitions(instance: dg.DagsterInstance) -> list[str]:
    """Make the dynamic partitions match the texts on disk; returns them in partition order."""
    from orchestration.assets.ingest import text_partitions
    from orchestration.automation import current_text_keys

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
    from orchestration.changes import text_key
    from orchestration.paths import seeds_dir
    from orchestration.sources import scan
    from orchestration.texts import plan_reparse

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


def run_build(instance: dg.DagsterInstance | None = None, *, force: bool = False) -> dg.ExecuteInProcessResult:
    """One refresh: over every document with ``force``, else over the stale ones (see refresh_tags)."""
    from orchestration.automation import JOB_NAME, all_documents_tags, refresh_tags
    from orchestration.definitions import defs
    from orchestration.paths import warehouse_path
    from orchestration.assets.dbt import prune_run_targets
    from orchestration.resources import dbt_project
    from orchestration.runs import fail_orphaned_runs, process_tags, prune_runs

    if instance is None:
        instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    for run_id in fail_orphaned_runs(instance):  # runs killed mid-refresh must not block the queue
        print(f"marked run {run_id} failed: its process no longer exists", file=sys.stderr)
    prune_runs(instance)
    prune_run_targets(Path(dbt_project.project_dir) / "target")
    keys = sync_text_partitions(instance)
    partitions = all_documents_tags(keys) if force else refresh_tags(keys, stale_text_keys(str(warehouse_path()), keys))
    job = defs.resolve_job_def(JOB_NAME)
    run_config = {"ops": {"text_ingest": {"config": {"force": force}}}} if force else None
    return job.execute_in_process(
        instance=instance,
        tags={**partitions, **process_tags(), "trigger": "make run"},
        run_config=run_config,
        raise_on_error=False,
    )


def check_outcomes(result: dg.ExecuteInProcessResult) -> list[tuple[str, str, bool, str]]:
    """(asset, check, passed, severity) for every check evaluated in the run."""
    out = []
    for event in result.all_events:
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            ev = event.event_specific_data
            out.append((ev.asset_key.to_user_string(), ev.check_name, ev.passed, ev.severity.value))
    return sorted(out)


EXIT_OK, EXIT_NOT_PUBLISHED, EXIT_STALE_AFTER_PUBLISH = 0, 1, 3


def exit_code(result: dg.ExecuteInProcessResult) -> int:
    """Decided by the publish step alone: published or not; then whether anything after it failed."""
    if not published(result):
        return EXIT_NOT_PUBLISHED
    return EXIT_OK if result.success else EXIT_STALE_AFTER_PUBLISH


def stale_after_publish(result: dg.ExecuteInProcessResult) -> list[tuple[str, str]]:
    """(step, reason) of each step that failed after the warehouse was published. Every asset but the
    reports is upstream of published_warehouse, so in a run that published, a failed step is a report."""
    if not published(result):
        return []
    return [(e.step_key, root_cause(e.event_specific_data.error)) for e in result.all_events if e.is_step_failure]


def outcome_line(result: dg.ExecuteInProcessResult, database: str) -> str:
    if not published(result):
        state = "SUCCESS" if result.success else "FAILURE"
        return f"run {result.run_id}: {state}, NOT published (the previous warehouse stays): {database}"
    stale = stale_after_publish(result)
    if not stale:
        return f"run {result.run_id}: SUCCESS, published: {database}"
    return f"run {result.run_id}: published: {database}; " + stale_text(stale)


def stale_text(stale: list[tuple[str, str]]) -> str:
    def what(step: str) -> str:
        return "the scorecard (scorecard.html, the previous one stays)" if "scorecard" in step else f"the output of step {step}"

    return "; ".join(f"{what(step)} is stale ({(reason.splitlines() or ['failed'])[0]})" for step, reason in stale)


def published(result: dg.ExecuteInProcessResult) -> bool:
    return any(
        e.event_specific_data.materialization.asset_key == dg.AssetKey("published_warehouse")
        for e in result.get_asset_materialization_events()
    )


def table_counts(database: str) -> list[tuple[str, int]]:
    with duckdb.connect(database, read_only=True) as con:
        tables = con.execute(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables "
            "WHERE table_schema NOT IN ('information_schema', 'pg_catalog') ORDER BY 1"
        ).fetchall()
        return [(t, con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for (t,) in tables]


def ingest_line(result: dg.ExecuteInProcessResult) -> str:
    """How many texts this run parsed, kept unchanged, removed and quarantined."""
    for event in result.get_asset_materialization_events():
        m = event.event_specific_data.materialization
        if m.asset_key == dg.AssetKey(["raw", "documents"]):
            meta = {k: v.value for k, v in m.metadata.items()}
            return f"texts: {meta['texts_parsed']} parsed, {meta['texts_unchanged']} unchanged, {meta['texts_removed']} removed"
    return "texts: not ingested"


FINDINGS_SHOWN = 20  # in the summary; all of them are in marts.fct_open_findings


def findings_lines(database: str) -> list[str]:
    """The open consistency findings of the published warehouse, one block each."""
    with duckdb.connect(database, read_only=True) as con:
        total = con.execute("SELECT count(*) FROM marts.fct_open_findings").fetchone()[0]
        rows = con.execute(
            "SELECT severity, rule_id, coalesce(indicator_name_zh || ' / ' || indicator_name_en, indicator_code, ''), "
            "doc_a, quote_a, doc_b, quote_b, detail FROM marts.fct_open_findings ORDER BY severity, rule_id, finding_id "
            f"LIMIT {FINDINGS_SHOWN}"
        ).fetchall()
        rejected = con.execute("SELECT source_file, coalesce(line, 0), reason FROM quality.rejected_inputs ORDER BY 1").fetchall()
    lines = [f"quarantined inputs: {len(rejected)}"]
    lines += [f"  {path}:{line}: {reason}" for path, line, reason in rejected]
    lines.append(f"open findings: {total}")
    for severity, rule, indicator, doc_a, quote_a, doc_b, quote_b, detail in rows:
        lines.append(f"  [{severity}] {rule}: {indicator}")
        lines.append(f"      {doc_a}: {quote_a}")
        if doc_b:
            lines.append(f"      {doc_b}: {quote_b}")
    if total > len(rows):
        lines.append(f"  … and {total - len(rows)} more: `plan-warehouse findings` or marts.fct_open_findings")
    return lines


def root_cause(error) -> str:
    """The innermost error message (the user's, e.g. 'seeds/curated/x.csv:12: column …'), not Dagster's wrapper."""
    while getattr(error, "cause", None) is not None:
        error = error.cause
    return error.message.strip()


def summarize(result: dg.ExecuteInProcessResult, database: str) -> str:
    lines = [outcome_line(result, database), ""]
    if os.path.exists(database):
        lines.append("tables (rows):")
        lines += [f"  {name:<44} {count:>8}" for name, count in table_counts(database)]
    lines += ["", ingest_line(result)]
    if published(result):
        lines += ["", *findings_lines(database)]
    checks = check_outcomes(result)
    failed = [c for c in checks if not c[2]]
    lines += ["", f"checks: {len(checks) - len(failed)} passed, {len(failed)} failed"]
    lines += [f"  FAILED [{sev}] {asset} :: {name}" for asset, name, _, sev in failed]
    if not published(result):
        lines.append("  published_warehouse did not run: a step or a blocking (ERROR) check failed")
    for event in result.all_events:
        if event.is_step_failure:
            lines.append(f"  step failed: {event.step_key}: {root_cause(event.event_specific_data.error)}")
        elif event.is_step_skipped:
            lines.append(f"  step skipped: {event.step_key}")
    return "\n".join(lines)


def main() -> int:
    from orchestration.paths import export_warehouse_env

    database = export_warehouse_env()
    database.parent.mkdir(parents=True, exist_ok=True)
    result = run_build(force="--force" in sys.argv)
    print(summarize(result, str(database)))
    return exit_code(result)


if __name__ == "__main__":
    sys.exit(main())
