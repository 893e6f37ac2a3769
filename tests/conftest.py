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
    _OPS + "test_a_killed_refresh_leaves_the_published_warehouse_valid_and_unchanged": "killed_refreshes",
}

# Whole modules whose module-scoped fixture runs a refresh (or a Dagster UI) for all their tests.
SHARED_REFRESH_MODULES = {
    "tests/test_projects_pipeline.py",
    "tests/test_targets_e2e.py",
    "tests/test_holds_pipeline.py",
    "tests/test_browser.py",
    "tests/test_team_warehouse.py",
}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class SharedRefreshScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            test = nodeid.split("[")[0]
            module = test.split("::")[0]
            return module if module in SHARED_REFRESH_MODULES else SHARED_REFRESH_TESTS.get(test, nodeid)

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

    from orchestration.defs.execution import run_build

    with dg.instance_for_test(temp_dir=str(_SCRATCH / "dagster_home")) as instance:
        result = run_build(instance)
        yield result, Path(os.environ["PLAN_WAREHOUSE_DB"])


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
