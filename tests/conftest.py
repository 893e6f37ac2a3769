"""Test-wide set-up: every test writes into temporary folders, never the real warehouse."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "texts" / "000_7aa3fd634077bd17.txt"
CORPUS = Path(os.environ.get("PLAN_CORPUS_DIR", ROOT.parent / "shared" / "corpus" / "provincial_work_reports_2026"))


def _ram_temp_dir() -> str | None:
    """/dev/shm (RAM) for the suite's warehouses, Dagster storage and pytest's tmp_path, when it is there
    with room and the caller set no TMPDIR of their own. Dagster commits every event of a run to SQLite,
    each commit an fsync: about 8 ms on this machine's disk against 0.5 ms in RAM, and a refresh writes
    about 1,300 events. Nothing a test checks depends on the disk. PLAN_TEST_TMPDIR names another folder."""
    chosen = os.environ.get("PLAN_TEST_TMPDIR")
    if chosen:
        return chosen
    if os.environ.get("TMPDIR") or not os.path.isdir("/dev/shm") or not os.access("/dev/shm", os.W_OK):
        return None
    stats = os.statvfs("/dev/shm")
    return "/dev/shm" if stats.f_bavail * stats.f_frsize > 4 * 2**30 else None


if (_RAM := _ram_temp_dir()) is not None:
    tempfile.tempdir = _RAM  # pytest's tmp_path and this process's temporary files
    os.environ["TMPDIR"] = _RAM  # the subprocesses' (refreshes, dbt, DuckDB's spill files)
_SCRATCH = Path(tempfile.mkdtemp(prefix="plan-warehouse-tests-"))


def _newest_dbt_source() -> float:
    """mtime of the newest .sql/.yml of the dbt project; never walks target/ or logs/, where running
    refreshes create and prune folders as we look."""
    newest = 0.0
    for folder, dirs, files in os.walk(ROOT / "dbt_project"):
        dirs[:] = [d for d in dirs if d not in {"target", "logs", "dbt_packages"}]
        for name in files:
            if name.endswith((".sql", ".yml")):
                newest = max(newest, os.stat(os.path.join(folder, name)).st_mtime)
    return newest


def pytest_configure(config):
    # Set before any test imports orchestration.defs.definitions (resources read these at load).
    os.environ["PLAN_WAREHOUSE_DB"] = str(_SCRATCH / "warehouse" / "test.duckdb")
    os.environ["DAGSTER_HOME"] = str(_SCRATCH / "dagster_home")
    os.environ["GX_ANALYTICS_ENABLED"] = "false"
    os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    os.environ.pop("PLAN_SEEDS_DIR", None)
    (_SCRATCH / "warehouse").mkdir(parents=True, exist_ok=True)
    (_SCRATCH / "dagster_home").mkdir(parents=True, exist_ok=True)
    if hasattr(config, "workerinput"):  # a pytest-xdist worker: the controller has parsed dbt already
        return
    manifest = ROOT / "dbt_project" / "target" / "manifest.json"
    if not manifest.exists() or _newest_dbt_source() > manifest.stat().st_mtime:
        proc = dbt_cli("parse")  # Dagster loads dbt's manifest: it must match the project
        assert proc.returncode == 0, proc.stdout[-2000:]


# Module-scoped fixtures that run one refresh for several tests (tests/test_operations.py): under
# pytest-xdist (`make test` runs `pytest -n 2`) the tests of each go to one worker, so that refresh runs
# once. A scheduler of our own, since xdist 3.8's --dist loadgroup marks no longer group anything under
# pytest 9.2 (xdist renames item._nodeid, which pytest 9 no longer reads); every other test is its own
# unit, as with --dist load.
_OPS = "tests/test_operations.py::"
SHARED_REFRESH_TESTS = {
    _OPS + "test_unreadable_texts_are_quarantined_and_the_rest_is_published": "odd_inputs_refresh",
    _OPS + "test_odd_texts_are_quarantined_or_flagged_and_the_rest_publishes": "odd_inputs_refresh",
    _OPS + "test_the_dev_texts_publish_whole_beside_the_seed": "odd_inputs_refresh",
    _OPS + "test_a_reader_never_blocks_a_refresh_and_keeps_its_snapshot": "one_text_added",
    _OPS + "test_adding_one_document_parses_exactly_that_one": "one_text_added",
    _OPS + "test_a_scorecard_failure_after_publishing_says_published_and_stale": "one_text_added",
    _OPS + "test_a_killed_refresh_leaves_the_published_warehouse_valid_and_unchanged": "killed_refreshes",
    _OPS + "test_a_killed_refresh_is_marked_failed_by_the_next_refresh_which_succeeds": "killed_refreshes",
    _OPS + "test_the_daemon_sensor_marks_a_killed_run_failed_and_frees_the_writer_queue": "killed_refreshes",
    _OPS + "test_two_refreshes_on_the_same_inputs_give_identical_marts_and_checks": "chaos_run",
    _OPS + "test_chaos_one_late_kill": "chaos_run",
}

# Whole modules whose module-scoped fixture runs a refresh (or a Dagster UI) for all their tests; a
# module mapped to a group shares one session-scoped refresh with the other modules of that group.
SHARED_REFRESH_MODULES = {
    "tests/test_projects_pipeline.py": "new_texts_refresh",
    "tests/test_targets_e2e.py": "new_texts_refresh",
    "tests/test_candidate_indicators.py": "new_texts_refresh",
    "tests/test_holds_pipeline.py": None,
    "tests/test_browser.py": None,
    "tests/test_team_warehouse.py": None,
}


def pytest_unconfigure(config):
    shutil.rmtree(_SCRATCH, ignore_errors=True)  # each process's own scratch (RAM when in /dev/shm)


# What each slow unit of work costs, in refreshes in a fresh process (a whole `dbt build` each; a kill
# or a refresh that fails before dbt counts less): the scheduler hands out the costliest unit first
# (longest processing time first), so that no worker starts a long unit when the other is nearly done.
# Units not listed run in-process (the session's warehouse, pure code) and go last, in collection order.
UNIT_COST = {
    "chaos_run": 2.8,  # first forced refresh, a killed one, a refresh after it
    "tests/test_holds_pipeline.py": 2.5,  # two refreshes, the first with its rerun
    "tests/test_team_warehouse.py": 3.0,  # the seed's DuckDB build, two team refreshes (dbt on PostgreSQL)
    "killed_refreshes": 3.5,  # three timed kills, two kills once the run is building, one refresh
    "one_text_added": 2.0,
    "tests/test_bench_smoke.py::test_bench_smoke": 2.0,  # a first build of 10 texts, a bare dbt build, P2, P4
    "odd_inputs_refresh": 1.5,  # 15 odd texts beside the seed
    "new_texts_refresh": 1.3,  # a first build of seeds/ and six texts
    "tests/test_browser.py": 1.0,  # the Dagster UI and chromium
    "tests/test_consistency.py::test_injected_violations_fail_their_rules_and_error_rules_stop_publishing": 1.0,
    "tests/test_consistency.py::test_an_exact_count_one_unit_off_is_a_disagreement": 1.0,
    "tests/test_pipeline.py::test_dbt_build_on_the_built_warehouse": 0.5,
    "tests/test_operations.py::test_a_curated_csv_that_breaks_its_schema_fails_before_publish": 0.4,
    "tests/test_cli.py::test_refresh_that_fails_exits_1_and_keeps_the_published_warehouse": 0.4,
}


def _unit_cost(scope: str) -> float:
    return UNIT_COST.get(scope, UNIT_COST.get(scope.split("[")[0], 0.0))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class SharedRefreshScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            test = nodeid.split("[")[0]
            module = test.split("::")[0]
            if module in SHARED_REFRESH_MODULES:
                return SHARED_REFRESH_MODULES[module] or module
            return SHARED_REFRESH_TESTS.get(test, nodeid)

        def _assign_work_unit(self, node) -> None:
            # xdist pops the queue's first unit (queued by number of tests): move the costliest there
            costliest = max(self.workqueue, key=_unit_cost)  # the first of equals: collection order
            self.workqueue.move_to_end(costliest, last=False)
            super()._assign_work_unit(node)

    return SharedRefreshScheduling(config, log)


def dbt_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the dbt CLI of this virtualenv on the project; output captured."""
    dbt = Path(sys.executable).parent / "dbt"
    return subprocess.run(
        [str(dbt), *args, "--project-dir", str(ROOT / "dbt_project"), "--profiles-dir", str(ROOT / "dbt_project")],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def corpus_files() -> list[Path]:
    files = sorted(CORPUS.glob("*.txt"))
    if not files:
        pytest.fail(f"corpus not found at {CORPUS} (set PLAN_CORPUS_DIR)")
    return files


@pytest.fixture(scope="session")
def built_warehouse():
    """The whole job materialized once into the temporary warehouse and Dagster home."""
    import dagster as dg

    from orchestration.defs.event_log import event_log_overrides
    from orchestration.defs.execution import run_build

    # The event log storage the in-process refresh runs on (orchestration.defs.event_log.refresh_instance).
    with dg.instance_for_test(temp_dir=str(_SCRATCH / "dagster_home"),
                              overrides=event_log_overrides(_SCRATCH / "dagster_home")) as instance:
        result = run_build(instance)
        yield result, Path(os.environ["PLAN_WAREHOUSE_DB"])


@pytest.fixture(scope="session")
def new_texts_refresh(corpus_files, tmp_path_factory) -> dict:
    """One refresh into an empty warehouse of seeds/ plus the new texts of three end-to-end modules
    (tests/new_texts.py); each module reads its own texts' results (their group in SHARED_REFRESH_MODULES)."""
    from new_texts import refresh

    return refresh(tmp_path_factory.mktemp("new_texts"), corpus_files)


def copy_seeds(dest: Path) -> Path:
    """A writable copy of seeds/ to change or break."""
    import shutil

    target = dest / "seeds"
    shutil.copytree(ROOT / "seeds", target)
    return target


def build_in_subprocess(seeds: Path, warehouse: Path, *extra: str, timeout: int = 900, wait: bool = True):
    """`python -m orchestration.refresh.build` in a fresh process on other inputs and another warehouse."""
    home = warehouse.parent / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():  # the product's instance settings, as `make run` has them
        shutil.copyfile(ROOT / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
    env = {**os.environ, "PLAN_SEEDS_DIR": str(seeds), "PLAN_WAREHOUSE_DB": str(warehouse), "DAGSTER_HOME": str(home)}
    env.pop("PLAN_DBT_DATABASE", None)
    cmd = [sys.executable, "-m", "orchestration.refresh.build", *extra]
    if not wait:
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def published_copy_in(built_warehouse, folder: Path) -> Path:
    """A copy of the session's seed warehouse as folder/wh/liaocheng.duckdb, to refresh or break
    (module-scoped fixtures that share one refresh between several tests use this)."""
    _, path = built_warehouse
    target = folder / "wh" / "liaocheng.duckdb"
    target.parent.mkdir(parents=True)
    shutil.copyfile(path, target)
    return target


@pytest.fixture
def published_copy(built_warehouse, tmp_path) -> Path:
    """A published warehouse (the seed build) in a folder of its own."""
    return published_copy_in(built_warehouse, tmp_path)


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL server for the team profile's tests (orchestration/storage/local_postgres.py),
    one per test process, stopped and deleted at the end. Without server programs the tests skip, saying
    why; under CI (CI=true) they fail instead: the team profile must be tested there."""
    from orchestration.storage import local_postgres

    try:
        server = local_postgres.start()  # its own temporary folder: the postgres user must reach it
    except local_postgres.PostgresUnavailable as exc:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"team profile: {exc}")
        pytest.skip(f"team profile: {exc}")
    try:
        yield server
    finally:
        local_postgres.stop(server.folder, remove=True)
