"""Fault injection: SIGKILL a refresh at random moments, then check what it left.

After each kill: the published warehouse is either the previous file (same sha256) or a complete
new one (it opens, and every table of the previous build is there with its row count); the next
refresh succeeds; and no run is left in progress in Dagster's storage (the killed run is reported
failed by that next refresh). Seeded, so a run can be repeated.

    make chaos                       # 10 kills (several minutes), prints one line per kill
    uv run --frozen python tests/chaos.py --kills 3 --seed 7

tests/test_operations.py::test_chaos_one_late_kill runs one kill (seeded late in the run) in the test suite.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("PLAN_CORPUS_DIR", ROOT.parent / "shared" / "corpus" / "provincial_work_reports_2026"))
EXTRA_TEXT = "gwr2026_12_tianjin.txt"  # a second text, so that a forced refresh has real work to do
# Tables whose row counts grow by design with every run (bookkeeping): not compared.
GROWING = {"quality.check_results", "raw.parse_log", "raw.validation_log"}


@dataclass
class Kill:
    n: int
    after_s: float
    killed: bool  # False: the refresh had finished before the kill
    published: str  # "old" | "new" | "BROKEN: …"
    next_refresh_rc: int
    runs_in_progress: int
    orphans_failed: int

    @property
    def ok(self) -> bool:
        return self.published in ("old", "new") and self.next_refresh_rc == 0 and self.runs_in_progress == 0

    def line(self) -> str:
        what = "killed" if self.killed else "finished first"
        return (f"kill {self.n:2d} at {self.after_s:5.1f}s ({what}): published {self.published}; next refresh rc "
                f"{self.next_refresh_rc}; runs in progress after it: {self.runs_in_progress}; killed runs marked "
                f"failed: {self.orphans_failed} -> {'OK' if self.ok else 'FAIL'}")


def _env(seeds: Path, warehouse: Path) -> dict[str, str]:
    env = {**os.environ, "PLAN_SEEDS_DIR": str(seeds), "PLAN_WAREHOUSE_DB": str(warehouse),
           "DAGSTER_HOME": str(warehouse.parent / "dagster_home"), "GX_ANALYTICS_ENABLED": "false",
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    env.pop("PLAN_DBT_DATABASE", None)
    return env


def _refresh(seeds: Path, warehouse: Path, *extra: str, wait: bool = True):
    cmd = [sys.executable, "-m", "orchestration.refresh.build", *extra]
    kw = dict(cwd=ROOT, env=_env(seeds, warehouse), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if not wait:  # its own process group: the kill takes its dbt subprocess too, as a crash would
        return subprocess.Popen(cmd, start_new_session=True, **kw)
    return subprocess.run(cmd, timeout=900, **kw)


def table_counts(path: Path) -> dict[str, int]:
    import duckdb

    with duckdb.connect(str(path), read_only=True) as con:
        names = [r[0] for r in con.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_schema in ('raw', 'staging', 'intermediate', 'marts', 'quality') and table_type = 'BASE TABLE'"
        ).fetchall()]
        return {n: con.execute(f"select count(*) from {n}").fetchone()[0] for n in names if n not in GROWING}


def sha256(path: Path) -> str:
    from orchestration.storage.files import file_sha256

    return file_sha256(path)


def runs_state(home: Path) -> tuple[int, int]:
    """(runs in progress, runs failed as orphans) in the Dagster storage at ``home``."""
    import dagster as dg

    from orchestration.defs.runs import IN_PROGRESS

    with dg.DagsterInstance.from_config(str(home)) as instance:
        in_progress = len(instance.get_run_records(filters=dg.RunsFilter(statuses=IN_PROGRESS)))
        failed = instance.get_run_records(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.FAILURE]))
        orphans = 0
        for record in failed:
            conn = instance.get_records_for_run(record.dagster_run.run_id, of_type=dg.DagsterEventType.RUN_FAILURE)
            orphans += any("no longer exists" in (r.event_log_entry.dagster_event.message or "") for r in conn.records)
        return in_progress, orphans


def chaos(kills: int, seed: int, workdir: Path, out=print, extra_text: bool = True, after_first=None) -> list[Kill]:
    """``kills`` SIGKILLs at uniformly random moments of a forced refresh (seeded); over seeds/ plus
    one report of the corpus (``extra_text``), else over seeds/ alone (faster). ``after_first(warehouse,
    output)`` is called once the first forced refresh (into an empty warehouse) has published."""
    rng = random.Random(seed)
    seeds = workdir / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    if extra_text:
        shutil.copy(CORPUS / EXTRA_TEXT, seeds / "texts")
    warehouse = workdir / "wh" / "liaocheng.duckdb"
    (warehouse.parent / "dagster_home").mkdir(parents=True)

    started = time.monotonic()
    first = _refresh(seeds, warehouse, "--force")
    duration = time.monotonic() - started
    if first.returncode != 0:
        raise RuntimeError(f"the first refresh failed:\n{first.stdout[-3000:]}")
    if after_first is not None:
        after_first(warehouse, first.stdout)
    out(f"first forced refresh: {duration:.1f}s; killing at random moments in [0.5, {duration:.1f}]s, seed {seed}")

    results = []
    for n in range(1, kills + 1):
        before_sha, before = sha256(warehouse), table_counts(warehouse)
        after_s = rng.uniform(0.5, duration)
        proc = _refresh(seeds, warehouse, "--force", wait=False)
        time.sleep(after_s)
        killed = proc.poll() is None
        if killed:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=120)
        if sha256(warehouse) == before_sha:
            published = "old"
        else:
            try:
                now = table_counts(warehouse)
                published = "new" if now == before else f"BROKEN: counts differ {set(now.items()) ^ set(before.items())}"
            except Exception as err:  # noqa: BLE001 - any failure to read it is the finding
                published = f"BROKEN: {err}"
        again = _refresh(seeds, warehouse)
        in_progress, orphans = runs_state(warehouse.parent / "dagster_home")
        result = Kill(n, after_s, killed, published, again.returncode, in_progress, orphans)
        if again.returncode != 0:
            out(again.stdout[-3000:])
        out(result.line())
        results.append(result)
    out(f"{sum(r.ok for r in results)}/{len(results)} kills OK, {sum(r.killed for r in results)} killed mid-refresh, "
        f"{time.monotonic() - started:.0f}s in all")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--seeds-only", action="store_true", help=f"refresh seeds/ alone (without {EXTRA_TEXT}): faster")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="plan-warehouse-chaos-") as tmp:
        results = chaos(args.kills, args.seed, Path(tmp), out=lambda line: print(line, flush=True),
                        extra_text=not args.seeds_only)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
