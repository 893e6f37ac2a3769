"""`python -m orchestration.build`: materialize the whole warehouse in-process and print a summary.

Uses the Dagster instance in $DAGSTER_HOME (so runs show up in the UI), or an ephemeral one.
Exit code 1 when the run or any ERROR check fails.
"""

import os
import sys

import dagster as dg
import duckdb


def run_build(instance: dg.DagsterInstance | None = None) -> dg.ExecuteInProcessResult:
    from orchestration.definitions import defs

    if instance is None:
        instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    job = defs.resolve_job_def("build_warehouse")
    return job.execute_in_process(instance=instance, raise_on_error=False)


def check_outcomes(result: dg.ExecuteInProcessResult) -> list[tuple[str, str, bool, str]]:
    """(asset, check, passed, severity) for every check evaluated in the run."""
    out = []
    for event in result.all_events:
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            ev = event.event_specific_data
            out.append((ev.asset_key.to_user_string(), ev.check_name, ev.passed, ev.severity.value))
    return sorted(out)


def table_counts(database: str) -> list[tuple[str, int]]:
    with duckdb.connect(database, read_only=True) as con:
        tables = con.execute(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables "
            "WHERE table_schema NOT IN ('information_schema', 'pg_catalog') ORDER BY 1"
        ).fetchall()
        return [(t, con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for (t,) in tables]


def summarize(result: dg.ExecuteInProcessResult, database: str) -> str:
    lines = [f"run {result.run_id}: {'SUCCESS' if result.success else 'FAILURE'}", "", "tables (rows):"]
    lines += [f"  {name:<40} {count:>8}" for name, count in table_counts(database)]
    checks = check_outcomes(result)
    failed = [c for c in checks if not c[2]]
    lines += ["", f"checks: {len(checks) - len(failed)} passed, {len(failed)} failed"]
    lines += [f"  FAILED [{sev}] {asset} :: {name}" for asset, name, _, sev in failed]
    for event in result.all_events:
        if event.is_step_failure:
            lines.append(f"  step failed: {event.step_key}: {event.event_specific_data.error.message.strip()}")
        elif event.is_step_skipped:
            lines.append(f"  step skipped: {event.step_key}")
    return "\n".join(lines)


def main() -> int:
    from orchestration.paths import export_warehouse_env

    database = export_warehouse_env()
    database.parent.mkdir(parents=True, exist_ok=True)
    result = run_build()
    print(summarize(result, str(database)))
    blocking_failure = any(not passed and sev == "ERROR" for _, _, passed, sev in check_outcomes(result))
    return 0 if result.success and not blocking_failure else 1


if __name__ == "__main__":
    sys.exit(main())
