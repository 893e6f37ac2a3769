"""Run a measured command in a subprocess: wall time, peak RSS (its own process tree), exit code.

Peak memory is the ``ru_maxrss`` of the child as reported by ``wait4``: the largest resident
set of the child and of every descendant it waited for (the dbt subprocess of a build
included). The command runs under ``/usr/bin/time`` when that exists: Linux starts a child's
ru_maxrss at the RSS of the process that forked it, so forking from this (large) Python
process would put a floor under every figure; /usr/bin/time is a few MB.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DBT_EXITED = "dbt build exited"  # orchestration/defs/assets/dbt.py logs it (not imported: bench stays free of Dagster)
PYTHON = sys.executable
QUIET_ENV = {
    "GX_ANALYTICS_ENABLED": "false",
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    "DAGSTER_DISABLE_TELEMETRY": "true",
}


@dataclass
class Measured:
    seconds: float
    max_rss_mb: float
    returncode: int
    load_before: float  # 1-minute load average when it started (other work on the machine)
    log: str
    extra: dict = field(default_factory=dict)
    cpu_s: float | None = None  # user + system CPU of the process tree (wait4): unlike wall time, not inflated by other work

    def as_dict(self) -> dict:
        return asdict(self)


def run_measured(cmd: list[str], *, env: dict[str, str] | None = None, log: Path, timeout: float = 3600,
                 cwd: Path = ROOT) -> Measured:
    log.parent.mkdir(parents=True, exist_ok=True)
    full_env = {**os.environ, **QUIET_ENV, **(env or {})}
    # The virtualenv's scripts (dbt) first on PATH, as under `uv run`.
    full_env["PATH"] = os.pathsep.join([str(Path(PYTHON).parent), full_env.get("PATH", "")])
    full_env.pop("PLAN_DBT_DATABASE", None)
    load = os.getloadavg()[0]
    rss_file = log.with_name(log.name + ".maxrss")
    launcher = ["/usr/bin/time", "-f", "%M", "-o", str(rss_file)] if os.access("/usr/bin/time", os.X_OK) else []
    with open(log, "w", encoding="utf-8") as out:
        start = time.perf_counter()
        proc = subprocess.Popen([*launcher, *cmd], cwd=cwd, env=full_env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
        timer = threading.Timer(timeout, lambda: os.killpg(proc.pid, signal.SIGKILL))
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    max_rss_kb = usage.ru_maxrss
    if launcher:
        try:  # the last line is %M (KB); "Command exited with non-zero status N" may precede it
            max_rss_kb = int(rss_file.read_text().split()[-1])
        except (OSError, ValueError, IndexError):
            pass
    return Measured(round(seconds, 3), round(max_rss_kb / 1024, 1), proc.returncode, round(load, 2), str(log),
                    cpu_s=round(usage.ru_utime + usage.ru_stime, 3))


def build_env(seeds: Path, warehouse: Path) -> dict[str, str]:
    """A refresh's environment; its Dagster home has the product's instance settings (dagster_home/dagster.yaml,
    as `make run` has them: the event log storage among them) unless the bench put its own there."""
    home = warehouse.parent / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        shutil.copyfile(ROOT / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
    return {"PLAN_SEEDS_DIR": str(seeds), "PLAN_WAREHOUSE_DB": str(warehouse), "DAGSTER_HOME": str(home)}


def run_build(seeds: Path, warehouse: Path, log: Path, timeout: float = 3600, extra_env: dict | None = None) -> Measured:
    """One full refresh (`python -m orchestration.refresh.build`) in a fresh process, with its breakdown
    (``extra_env``: e.g. the team profile's PLAN_WAREHOUSE_TARGET and PLAN_WAREHOUSE_URL)."""
    m = run_measured([PYTHON, "-m", "orchestration.refresh.build"], env=build_env(seeds, warehouse) | (extra_env or {}),
                     log=log, timeout=timeout)
    text = Path(m.log).read_text(encoding="utf-8", errors="replace")
    run = re.search(r"^run (\S+): (SUCCESS|FAILURE), (published|NOT published)", text, re.M)
    parsed = re.search(r"texts: (\d+) parsed, (\d+) unchanged", text)
    dbt = re.search(r"Finished running .* in .*\(([\d.]+)s\)", text)
    m.extra = {
        "run_id": run.group(1) if run else None,
        "success": bool(run and run.group(2) == "SUCCESS"),
        "published": bool(run and run.group(3) == "published"),
        "texts_parsed": int(parsed.group(1)) if parsed else None,
        "texts_unchanged": int(parsed.group(2)) if parsed else None,
        "dbt_reported_s": float(dbt.group(1)) if dbt else None,
    }
    if run:
        m.extra |= step_breakdown(warehouse.parent / "dagster_home", run.group(1), m.seconds)
    return m


def step_breakdown(home: Path, run_id: str, wall: float) -> dict:
    """Seconds per Dagster step and the framework's share of a run, from the run's event log.

    planning_s: first event (ASSET_*_PLANNED, written one by one) → run start; outside_run_s: the
    rest of the process (interpreter, imports, definitions, partition sync, summary);
    dbt_subprocess_s: step dbt_models until the dbt process exited (its "dbt build exited" log line;
    the step writes each model's and test's event while dbt runs); dbt_reporting_s: from there to the
    step's end (what is left to report once dbt has exited). A run of a build that logged no such
    line splits at the step's first output instead (it yielded every event after dbt exited).
    """
    db = home / "history" / "runs" / f"{run_id}.db"
    if not db.exists():
        return {}
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT dagster_event_type, step_key, timestamp, "
                           "dagster_event_type IS NULL AND event LIKE ? FROM event_logs ORDER BY id",
                           [f"%{DBT_EXITED}%"]).fetchall()

    def ts(stamp: str) -> float:
        return dt.datetime.fromisoformat(stamp).timestamp()

    steps, starts, first_output, exited = {}, {}, {}, {}
    run_start = run_end = None
    first = ts(rows[0][2]) if rows else None
    for kind, step, stamp, is_exit in rows:
        t = ts(stamp)
        if is_exit and step not in exited:
            exited[step] = t
        elif kind in ("PIPELINE_START", "RUN_START"):
            run_start = t
        elif kind in ("PIPELINE_SUCCESS", "PIPELINE_FAILURE", "RUN_SUCCESS", "RUN_FAILURE"):
            run_end = t
        elif kind == "STEP_START":
            starts[step] = t
        elif kind == "STEP_OUTPUT" and step not in first_output:
            first_output[step] = t
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE") and step in starts:
            steps[step] = round(t - starts[step], 3)
    out: dict = {"steps_s": steps, "events": len(rows)}
    if run_start is not None and run_end is not None:
        run_s = run_end - run_start
        out["planning_s"] = round(run_start - first, 3)
        out["run_s"] = round(run_s, 3)
        out["outside_run_s"] = round(wall - run_s - out["planning_s"], 3)
        out["between_steps_s"] = round(run_s - sum(steps.values()), 3)
    split = exited.get("dbt_models", first_output.get("dbt_models"))
    if "dbt_models" in starts and split is not None and "dbt_models" in steps:
        out["dbt_subprocess_s"] = round(split - starts["dbt_models"], 3)
        out["dbt_reporting_s"] = round(steps["dbt_models"] - out["dbt_subprocess_s"], 3)
    checks = [v for k, v in steps.items() if k.startswith(("quality__", "staging__"))]
    out["gx_checks_s"] = round(sum(checks), 3)
    return out


def median(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 4) if values else None


def summarize(samples: list[Measured]) -> dict:
    return {
        "runs": len(samples),
        "median_s": median([s.seconds for s in samples]),
        "median_cpu_s": median([s.cpu_s for s in samples]),
        "min_s": min(s.seconds for s in samples),
        "max_s": max(s.seconds for s in samples),
        "peak_rss_mb": max(s.max_rss_mb for s in samples),
        "all_ok": all(s.returncode == 0 for s in samples),
        "samples": [s.as_dict() for s in samples],
    }
