"""orchestration.storage.dbt_runner: `dbt build` in a dbt worker process that parsed the project
ahead. A real dbt project (a model and a data test) on a real DuckDB file; no Dagster."""

import os
import signal
from pathlib import Path

import duckdb

from orchestration.storage import dbt_runner
from orchestration.storage.dbt_runner import DbtWorker, build_env, new_target_path, worker_args

PROJECT = {
    "dbt_project.yml": "name: tiny\nversion: '1.0'\nconfig-version: 2\nprofile: tiny\n"
                       "models:\n  tiny:\n    +materialized: table\n"
                       "    +post-hook: \"{% do log('stats ' ~ this.name, info=True) %}\"\n",
    "profiles.yml": "tiny:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n"
                    "      path: \"{{ env_var('TINY_DB') }}\"\n      threads: 1\n",
    "models/numbers.sql": "select 1 as x union all select 2",
    "tests/no_big_numbers.sql": "select * from {{ ref('numbers') }} where x > {{ env_var('TINY_MAX', '5') | int }}",
}


def tiny_project(root: Path) -> Path:
    for name, text in PROJECT.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def worker(root: Path, env: dict) -> DbtWorker:
    target = new_target_path(root / "target", "dbt_models")
    return DbtWorker(worker_args(root, root, target), env, ("stats ",)).start()


def test_a_build_parsed_ahead_reports_every_node_and_its_log_lines(tmp_path, capsys):
    root = tiny_project(tmp_path)
    env = build_env() | {"TINY_DB": str(tmp_path / "tiny.duckdb")}
    w = worker(root, env)
    events = list(w.build(["build"], env, root))
    assert w.success and w.parsed_ahead and not w.notes and not w.errors
    names = [e["info"]["name"] for e in events]
    assert names == ["JinjaLogInfo", "LogModelResult", "LogTestResult"], names  # the kept log line first
    assert events[1]["data"]["node_info"]["unique_id"] == "model.tiny.numbers"
    assert events[2]["data"]["status"] == "pass"
    assert "Completed successfully" in capsys.readouterr().out  # dbt's stdout lines, written here
    assert not w.alive()
    with duckdb.connect(str(tmp_path / "tiny.duckdb"), read_only=True) as con:  # the worker let go of the file
        assert con.execute("select count(*) from main.numbers").fetchone()[0] == 2
    assert (w.target_path / "run_results.json").exists() and (w.target_path / "partial_parse.msgpack").exists()


def test_a_variable_the_project_reads_changed_since_the_parse_and_a_failing_test(tmp_path):
    root = tiny_project(tmp_path)
    env = build_env() | {"TINY_DB": str(tmp_path / "tiny.duckdb")}
    w = worker(root, env)
    events = list(w.build(["build"], env | {"TINY_MAX": "1", "UNRELATED": "x"}, root))
    assert w.notes == ["dbt parses again: TINY_MAX changed since the parse ahead"]
    assert w.success is False and any("no_big_numbers" in e for e in w.errors), w.errors
    assert [e["data"]["status"] for e in events if e["info"]["name"] == "LogTestResult"] == ["fail"]


def test_a_dead_worker_fails_the_build_instead_of_hanging(tmp_path):
    root = tiny_project(tmp_path)
    env = build_env() | {"TINY_DB": str(tmp_path / "tiny.duckdb")}
    w = worker(root, env)
    os.kill(w._worker.pid, signal.SIGKILL)
    assert list(w.build(["build"], env, root)) == []
    assert w.success is False and "ended unexpectedly" in w.errors[0]


def test_the_worker_started_ahead_is_taken_once_and_only_for_its_project(tmp_path):
    root = tiny_project(tmp_path / "a")
    other = tiny_project(tmp_path / "b")
    env = build_env() | {"TINY_DB": str(tmp_path / "tiny.duckdb")}
    ahead = dbt_runner.start_ahead(root, root, env, ("stats ",))
    assert dbt_runner.take_ahead(other, other) is None  # another project: not this worker (stopped)
    assert not ahead.alive()
    ahead = dbt_runner.start_ahead(root, root, env, ("stats ",))
    assert dbt_runner.take_ahead(root, root) is ahead
    assert dbt_runner.take_ahead(root, root) is None
    ahead.stop()
    assert not ahead.alive()


def test_the_variables_a_project_reads(tmp_path):
    root = tiny_project(tmp_path)
    assert dbt_runner.referenced_env_vars(root) == {"TINY_DB", "TINY_MAX"}
    assert dbt_runner.env_changes({"TINY_DB": "a", "DBT_X": "1", "Z": "1"}, {"TINY_DB": "a", "Z": "2"}, root) == ["DBT_X"]
