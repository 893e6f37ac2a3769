"""The marts and quality tables on DuckDB are dbt incremental models with the "sync" strategy
(dbt_project/macros/incremental_sync.sql): a build writes only the rows that differ from the model's
SELECT. Whatever changed upstream, the result must be what a full rebuild gives. Real dbt runs on
copies of the session's seed warehouse, one synced and one rebuilt with --full-refresh; and the
strategy's macros on a tiny project (identical rows, an empty result, an edited model)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.storage.paths import DBT_PROJECT_DIR
from orchestration.storage.warehouse import content_hash

SCHEMAS = ["marts", "quality"]
DBT = str(Path(sys.executable).parent / "dbt")


def _dbt_run(warehouse: Path, target: Path, *extra: str) -> str:
    env = {**os.environ, "PLAN_WAREHOUSE_DB": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    env.pop("PLAN_DBT_DATABASE", None)
    env.pop("DAGSTER_DBT_CLI", None)
    proc = subprocess.run([DBT, "run", "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
                           "--target-path", str(target), "--log-path", str(target / "logs"), *extra],
                          env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-4000:]
    return proc.stdout


def _columns(con) -> dict[str, list[tuple[str, str]]]:
    rows = con.execute("SELECT table_schema || '.' || table_name, column_name, data_type FROM information_schema.columns "
                       "WHERE table_schema IN (SELECT unnest(?)) ORDER BY 1, ordinal_position", [SCHEMAS]).fetchall()
    out: dict[str, list[tuple[str, str]]] = {}
    for table, column, dtype in rows:
        out.setdefault(table, []).append((column, dtype))
    return out


def _sync_tables(con) -> dict[str, str]:
    return dict(con.execute("SELECT schema_name || '.' || table_name, coalesce(comment, '') FROM duckdb_tables() "
                            "WHERE schema_name IN (SELECT unnest(?))", [SCHEMAS]).fetchall())


@pytest.fixture(scope="module")
def synced_and_rebuilt(built_warehouse, tmp_path_factory):
    """Upstream changes of every kind a refresh makes, applied to two copies of the seed warehouse: one
    document removed (all its raw rows), some figures' values changed and some figures gone; one sync
    table marked as built by other code. Then `dbt run` on one copy, `dbt run --full-refresh` on the other."""
    _, seed = built_warehouse
    folder = tmp_path_factory.mktemp("sync")
    synced, rebuilt = folder / "synced.duckdb", folder / "rebuilt.duckdb"
    shutil.copyfile(seed, synced)
    with duckdb.connect(str(synced)) as con:
        before = content_hash(con, SCHEMAS)
        marks_before = _sync_tables(con)
        removed = con.execute("SELECT max(doc_id) FROM raw.documents").fetchone()[0]
        for (table,) in con.execute("SELECT table_schema || '.' || table_name FROM information_schema.columns "
                                    "WHERE table_schema = 'raw' AND column_name = 'doc_id'").fetchall():
            con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [removed])
        con.execute("UPDATE raw.facts SET value = value * 1.5 + 1 WHERE fact_id IN "
                    "(SELECT fact_id FROM raw.facts WHERE value IS NOT NULL ORDER BY fact_id LIMIT 8)")
        con.execute("DELETE FROM raw.facts WHERE fact_id IN (SELECT fact_id FROM raw.facts ORDER BY fact_id DESC LIMIT 5)")
        con.execute("COMMENT ON TABLE marts.dim_document IS 'dbt_sync:contract:built-by-other-code'")
    shutil.copyfile(synced, rebuilt)
    target = folder / "target"
    tables = ["--select", "path:models/marts", "path:models/quality"]  # the views upstream are in the copies already
    log = _dbt_run(synced, target, *tables)
    _dbt_run(rebuilt, target, *tables, "--full-refresh")
    with duckdb.connect(str(synced), read_only=True) as a, duckdb.connect(str(rebuilt), read_only=True) as b:
        return {"before": before, "marks_before": marks_before, "log": log, "removed": removed,
                "synced": content_hash(a, SCHEMAS), "rebuilt": content_hash(b, SCHEMAS),
                "synced_columns": _columns(a), "rebuilt_columns": _columns(b),
                "marks": _sync_tables(a), "documents": a.execute("SELECT list(doc_id) FROM marts.dim_document").fetchone()[0]}


def test_the_seed_build_marks_every_marts_and_quality_table_as_a_sync_table(synced_and_rebuilt):
    marks = synced_and_rebuilt["marks_before"]
    assert len(marks) >= 25 and "marts.fct_indicator_observation" in marks
    # Every table there is a dbt model's except the check results the Python steps write.
    assert {t for t, m in marks.items() if not m.startswith("dbt_sync:")} <= {"quality.check_results"}, marks
    assert marks["marts.fct_indicator_observation"].startswith("dbt_sync:contract:")  # contracted: its columns decide
    assert marks["quality.qa_same_figure_agrees"].startswith("dbt_sync:code:")  # not contracted: its code and upstream


def test_a_synced_build_equals_a_full_rebuild_after_any_upstream_change(synced_and_rebuilt):
    r = synced_and_rebuilt
    assert r["removed"] not in r["documents"]
    changed = {t for t in r["before"] if r["before"][t] != r["synced"].get(t)}
    assert {"marts.dim_document", "marts.fct_indicator_observation", "quality.qa_same_figure_agrees"} <= changed
    assert r["synced"] == r["rebuilt"]
    assert r["synced_columns"] == r["rebuilt_columns"]  # same columns, types and order


def test_only_the_table_built_by_other_code_is_rebuilt_in_full(synced_and_rebuilt):
    r = synced_and_rebuilt
    rebuilt = [line for line in r["log"].splitlines() if "rebuilt in full" in line]
    assert len(rebuilt) == 1 and "dim_document" in rebuilt[0], rebuilt
    assert r["marks"] == r["marks_before"]  # its mark is the current code's again; the others kept theirs


# ------------------------------------------------------------------ the strategy itself, on a tiny project

TINY_PROJECT = {
    "dbt_project.yml": "name: tiny\nversion: '1.0'\nconfig-version: 2\nprofile: tiny\n"
                       "on-run-start: ['{{ drop_stale_sync_tables() }}']\n"
                       "models:\n  tiny:\n    +materialized: incremental\n    +incremental_strategy: sync\n"
                       "    +on_schema_change: sync_all_columns\n    +post-hook: ['{{ mark_sync_table() }}']\n",
    "profiles.yml": "tiny:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n"
                    "      path: \"{{ env_var('TINY_DB') }}\"\n      threads: 1\n",
    "models/numbers.sql": "select x, 'n' || x as label from (select unnest(cast({{ env_var('TINY_ROWS') }} as integer[])) as x)",
}


def test_sync_keeps_identical_rows_and_a_code_change_rebuilds_the_table(tmp_path, monkeypatch):
    """Identical rows (a table without a unique key) come out as often as the SELECT gives them, through
    additions, removals and an empty result; an edit of the model's SQL rebuilds it with its new columns."""
    from dbt.cli.main import dbtRunner

    for name, text in TINY_PROJECT.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "macros").mkdir()
    for macro in ("incremental_sync.sql", "incremental_fingerprint.sql"):  # the project's strategy, as it is
        shutil.copy(DBT_PROJECT_DIR / "macros" / macro, tmp_path / "macros" / macro)
    db = tmp_path / "tiny.duckdb"
    monkeypatch.setenv("TINY_DB", str(db))
    monkeypatch.delenv("DAGSTER_DBT_CLI", raising=False)

    def run(rows: list[int]) -> list:
        monkeypatch.setenv("TINY_ROWS", str(rows))
        logs = []
        result = dbtRunner(callbacks=[lambda e: logs.append(e.info.msg)]).invoke(
            ["run", "--project-dir", str(tmp_path), "--profiles-dir", str(tmp_path), "--target-path", str(tmp_path / "target"),
             "--log-path", str(tmp_path / "logs")])
        assert result.success, result.exception
        with duckdb.connect(str(db)) as con:  # dbt in this process still holds the file: the same configuration
            table = con.execute("SELECT * FROM main.numbers ORDER BY ALL").fetchall()
            comment = con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'numbers'").fetchone()[0]
        assert comment.startswith("dbt_sync:code:")
        return table, [m for m in logs if "rebuilt in full" in m]

    for rows in ([1, 1, 2], [1, 2, 2, 3], [3], [], [4, 4, 4, 5]):
        table, rebuilt = run(rows)
        assert table == sorted((x, f"n{x}") for x in rows) and not rebuilt, (rows, table)
    model = tmp_path / "models" / "numbers.sql"
    model.write_text(model.read_text(encoding="utf-8").replace("as label", "as label, x * 10 as tenfold"), encoding="utf-8")
    table, rebuilt = run([4, 5])
    assert table == [(4, "n4", 40), (5, "n5", 50)] and len(rebuilt) == 1
