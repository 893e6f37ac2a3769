"""`python -m orchestration.refresh.build`: one full refresh in-process, then the refresh summary.

Registers every text under seeds/texts/ as a partition, runs the `build_warehouse` job over all
of them (unchanged documents are kept, not re-parsed), and prints every published table with its
row count and the checks passed and failed. Uses the Dagster instance in $DAGSTER_HOME, so the
run shows in the UI. Exit codes (also of `plan-warehouse refresh`): see orchestration.refresh.summary.
An entry point: it runs the job through orchestration.defs.execution and imports no Dagster itself.
"""

import sys


def main() -> int:
    from orchestration.quality.gx_validation import start_gx_worker
    from orchestration.storage.dbt_runner import start_for_refresh
    from orchestration.storage.paths import export_warehouse_env

    database = export_warehouse_env()
    # While this process imports Dagster and plans the run, on the other core: GX's import in its helper
    # process, dbt's import and the project's parse in the dbt worker (orchestration.storage.dbt_runner).
    start_gx_worker()
    start_for_refresh()
    from orchestration.defs.execution import outcome, run_build
    from orchestration.refresh.summary import exit_code, summarize

    database.parent.mkdir(parents=True, exist_ok=True)
    done = outcome(run_build(force="--force" in sys.argv))
    print(summarize(done, str(database), database.exists()))
    return exit_code(done)


if __name__ == "__main__":
    from orchestration.refresh.process_exit import exit_now

    exit_now(main())  # without the ~1 s teardown of the imported modules
