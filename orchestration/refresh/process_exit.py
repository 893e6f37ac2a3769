"""How a refresh process ends: without the interpreter's teardown of everything it imported."""

import atexit
import os
import sys
from typing import NoReturn


def exit_now(code: int) -> NoReturn:
    """End this process with ``code`` once the refresh has printed its summary.

    Everything the refresh wrote is closed and committed by then (the build file swapped in or
    discarded, the DuckDB handles closed, Dagster's event log committed per event). What is left is
    CPython's finalization of the ~560,000 objects of Dagster, dagster-dbt, dbt-core, GX, pandas and
    DuckDB: ~1.1 s measured on the refresh of the seed (bench/results.md, issue 17), which changes
    nothing on disk. So: the atexit handlers (logging's flush among them), stdout and stderr flushed,
    then os._exit. Only for a process's entry point (`python -m orchestration.refresh.build`,
    `plan-warehouse refresh`): it ends the process it runs in."""
    atexit._run_exitfuncs()  # CPython's own exit handlers, run as at a normal exit
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be written anyway
            pass
    os._exit(code)
