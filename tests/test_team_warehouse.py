"""The team profile's warehouse on PostgreSQL (README "Team deployment"): ONE refresh of the seeds on the
throwaway server (fixture pg_server), shared by every test of this module (conftest SHARED_REFRESH_MODULES).

- the refresh (Dagster, dbt-postgres, the GX checks on the build schemas) publishes; no build schema is left;
- every mart, quality and report table has the same rows as the DuckDB build of the same seeds
  (built_warehouse), compared in one canonical text form;
- the analyst role reads the published schemas and is refused every write and every file access;
- the CLI on the analyst login: sql (one statement and the interactive shell), facts, findings, ask, export, scorecard;
- the swap waits for a reader holding a REPEATABLE READ transaction, which keeps its snapshot;
- a build that fails an ERROR check publishes nothing;
- the same refresh's Dagster records (the team instance, deploy/team/dagster.yaml) are rows of PostgreSQL's
  tables, with run monitoring and queue limits on, and its texts were parsed ahead on the multiprocess
  executor (tests/test_team_orchestration.py has the Dask executor).
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from conftest import copy_seeds

from orchestration.storage import server

ROOT = Path(__file__).resolve().parents[1]
LAYERS_COMPARED = ("marts", "quality", "reports")
# Run-specific, so not compared: quality.check_results holds each check's run id and time (written by the
# Dagster checks, not dbt). Every other table and view of the compared layers is compared whole.
RUN_SPECIFIC = {"quality.check_results"}
ANALYST = "alice"
TEAM_FILE = ROOT / "deploy" / "team" / "dagster.yaml"

psycopg2 = pytest.importorskip("psycopg2")


def canonical(value) -> str:
    """One text per value, the same on both backends: floats to 10 significant digits (an integral float
    as an integer), lists and DuckDB structs / PostgreSQL jsonb element by element, dates ISO."""
    if value is None:
        return "∅"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, decimal.Decimal)):
        f = float(value)
        return str(int(f)) if f.is_integer() and abs(f) < 1e15 else f"{f:.10g}"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{k}:{canonical(value[k])}" for k in sorted(value)) + "}"
    return str(value)


def sorted_rows(rows) -> list[str]:
    return sorted("|".join(canonical(v) for v in row) for row in rows)


def team_env(pg_server, warehouse: Path, seeds: Path) -> dict[str, str]:
    env = {**os.environ, "PLAN_SEEDS_DIR": str(seeds), "PLAN_WAREHOUSE_DB": str(warehouse),
           "DAGSTER_HOME": str(warehouse.parent.parent / "dagster_home"),
           server.TARGET_ENV: "postgres", server.URL_ENV: pg_server.dsn}
    env.pop("PLAN_DBT_DATABASE", None)
    env.pop(server.SCHEMA_PREFIX_ENV, None)
    return env


def refresh(env: dict[str, str]) -> subprocess.CompletedProcess:
    Path(env["DAGSTER_HOME"]).mkdir(parents=True, exist_ok=True)
    return subprocess.run([sys.executable, "-m", "orchestration.refresh.build"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def team(pg_server, tmp_path_factory):
    """The analyst role created by its script, then one team-profile refresh of the seeds: warehouse and
    Dagster instance on the server, parsing on the multiprocess executor."""
    script = (ROOT / "scripts" / "team" / "create_analyst_role.sql").read_text()
    pg_server.psql(script)
    pg_server.psql(f"DROP ROLE IF EXISTS {ANALYST}; CREATE ROLE {ANALYST} LOGIN IN ROLE plan_analyst")
    pg_server.psql(script)  # again, as documented: its members' session defaults (and idempotent)
    folder = tmp_path_factory.mktemp("team")
    env = team_env(pg_server, folder / "wh" / "liaocheng.duckdb", ROOT / "seeds")
    # The whole team profile in one run: Dagster's own records on the server too (the team instance file),
    # the texts parsed ahead on the multiprocess executor.
    home, url = team_home(pg_server, Path(env["DAGSTER_HOME"]), "dagster_team")
    env |= {"DAGSTER_PG_URL": url, "PLAN_EXECUTOR": "multiprocess", "PLAN_PARSE_PROCESSES": "2"}
    started = time.monotonic()
    proc = refresh(env)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    seconds = time.monotonic() - started
    with psycopg2.connect(url.replace("+psycopg2", "")) as instance_db:
        instance_db.autocommit = True
        run_ids = [r[0] for r in rows(instance_db, "select run_id from runs")]  # this first refresh's runs
        yield {"env": env, "folder": folder, "seconds": seconds, "output": proc.stdout + proc.stderr,
               "dagster_home": home, "dagster_url": url, "instance_db": instance_db, "run_ids": run_ids}


def schemas(pg_server) -> set[str]:
    return set(pg_server.psql("SELECT nspname FROM pg_namespace").split())


def test_the_team_refresh_builds_on_postgres_and_publishes(team, pg_server):
    assert set(server.LAYERS) <= schemas(pg_server)
    assert not {s for s in schemas(pg_server) if s.startswith(("build_", "old_"))}, "a build or old schema was left"
    models = int(pg_server.psql("SELECT count(*) FROM information_schema.tables WHERE table_schema IN "
                                "('staging', 'intermediate', 'marts', 'quality', 'reports')"))
    assert models >= 60
    # the Dagster checks ran on the build schemas and recorded there (published with them)
    assert int(pg_server.psql("SELECT count(*) FROM quality.check_results")) > 0


def test_every_mart_matches_the_duckdb_build_row_for_row(team, pg_server, built_warehouse):
    _, duck_path = built_warehouse
    pg = server.connect(pg_server.dsn, read_only=True)
    compared = []
    try:
        with duckdb.connect(str(duck_path), read_only=True) as duck, pg.cursor() as cur:
            tables = duck.execute(
                "SELECT table_schema || '.' || table_name FROM information_schema.tables "
                "WHERE table_schema IN (SELECT unnest(?)) ORDER BY 1", [list(LAYERS_COMPARED)]).fetchall()
            for (table,) in tables:
                if table in RUN_SPECIFIC:
                    continue
                columns = [c for (c,) in duck.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema || '.' || table_name = ? "
                    "ORDER BY ordinal_position", [table]).fetchall()]
                select = ", ".join(f'"{c}"' for c in columns)
                expected = sorted_rows(duck.execute(f"SELECT {select} FROM {table}").fetchall())
                cur.execute(f"SELECT {select} FROM {table}")
                got = sorted_rows(cur.fetchall())
                assert got == expected, f"{table}: {len(got)} rows on postgres vs {len(expected)} on duckdb; first differing: " \
                    f"{sorted(set(got) ^ set(expected))[:2]}"
                compared.append(table)
    finally:
        pg.close()
    assert len([t for t in compared if t.startswith("marts.")]) >= 15, compared


def team_home(pg_server, folder: Path, database: str) -> tuple[Path, str]:
    """A DAGSTER_HOME holding the team instance file, and the URL of a database of its own."""
    pg_server.psql(f"create database {database}", database="postgres")
    url = pg_server.url(database=database).replace("postgresql://", "postgresql+psycopg2://", 1)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TEAM_FILE, folder / "dagster.yaml")
    return folder, url


def rows(conn, sql: str, *params) -> list[tuple]:
    with conn.cursor() as cur:
        cur.execute(sql, params or None)
        return cur.fetchall()


def test_the_refresh_records_its_runs_and_materializations_in_postgres(team):
    conn = team["instance_db"]
    assert Path(team["env"]["PLAN_WAREHOUSE_DB"]).exists()
    runs = dict(rows(conn, "select pipeline_name, status from runs where run_id = any(%s)", team["run_ids"]))
    assert runs == {"parse_texts": "SUCCESS", "build_warehouse": "SUCCESS"}
    materialized = {r[0] for r in rows(conn, "select asset_key from event_logs "
                                             "where dagster_event_type = 'ASSET_MATERIALIZATION'")}
    for key in ('["raw", "facts"]', '["published_warehouse"]', '["marts", "fct_indicator_observation"]'):
        assert key in materialized
    steps = {r[0] for r in rows(conn, "select step_key from event_logs e join runs r using (run_id) "
                                      "where r.pipeline_name = 'parse_texts' and dagster_event_type = 'STEP_SUCCESS' "
                                      "and run_id = any(%s)", team["run_ids"])}
    assert steps == {"region_catalog", "parse_0000"}
    # the partitions and the asset index live there too: the UI of any user sees them
    assert rows(conn, "select partition from dynamic_partitions") == [("000_7aa3fd634077bd17.txt",)]
    assert rows(conn, "select count(*) from asset_keys")[0][0] > 50


def test_the_ingest_loaded_the_text_the_parse_job_read(team):
    (event,) = rows(team["instance_db"], "select event from event_logs where dagster_event_type = "
                    "'ASSET_MATERIALIZATION' and asset_key = '[\"raw\", \"documents\"]' and run_id = any(%s)",
                    team["run_ids"])
    assert '"texts_parsed_ahead"' in event[0]
    import dagster as dg

    record = dg.deserialize_value(event[0], dg.EventLogEntry)
    meta = record.dagster_event.event_specific_data.materialization.metadata
    assert meta["texts_parsed"].value == 1 and meta["texts_parsed_ahead"].value == 1


def test_the_team_instance_monitors_runs_and_queues_them_with_limits(team):
    import dagster as dg

    home, url = team["dagster_home"], team["dagster_url"]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DAGSTER_PG_URL", url)
        instance = dg.DagsterInstance.from_config(str(home))
        try:
            assert type(instance.run_storage).__name__ == "PostgresRunStorage"
            assert type(instance.event_log_storage).__name__ == "PostgresEventLogStorage"
            assert type(instance.schedule_storage).__name__ == "PostgresScheduleStorage"
            assert instance.run_monitoring_enabled
            assert instance.run_monitoring_start_timeout_seconds == 180
            queue = instance.get_concurrency_config().run_queue_config
            assert queue.max_concurrent_runs > 1
            assert {"key": "warehouse/writer", "limit": 1} in queue.tag_concurrency_limits
            first = [r for r in instance.get_run_records() if r.dagster_run.run_id in team["run_ids"]]
            assert {r.dagster_run.job_name for r in first} == {"parse_texts", "build_warehouse"}
        finally:
            instance.dispose()


def analyst_connection(pg_server):
    return psycopg2.connect(pg_server.url(ANALYST))


WRITES = [
    "INSERT INTO {s}.{t} SELECT * FROM {s}.{t} LIMIT 1",
    "UPDATE {s}.{t} SET {c} = {c}",
    "DELETE FROM {s}.{t}",
    "TRUNCATE {s}.{t}",
    "DROP TABLE {s}.{t}",
    "CREATE TABLE {s}.analyst_scratch (x integer)",
    "ALTER TABLE {s}.{t} RENAME TO renamed",
    "DROP SCHEMA {s} CASCADE",
]


def test_the_analyst_role_reads_the_published_schemas_and_is_refused_every_write(team, pg_server):
    published = [s for s in server.LAYERS]
    tables = {}
    for schema in published:
        row = pg_server.psql(
            "SELECT c.relname, a.attname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            f"JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = 1 WHERE n.nspname = '{schema}' "
            "AND c.relkind = 'r' ORDER BY 1 LIMIT 1").strip()
        if row:
            tables[schema] = row.split("|")
    assert {"raw", "marts", "quality"} <= set(tables)
    con = analyst_connection(pg_server)
    con.autocommit = True
    refused = 0
    try:
        with con.cursor() as cur:
            cur.execute("SELECT count(*) FROM marts.dim_region")
            assert cur.fetchone()[0] > 0
            cur.execute("SELECT count(*) FROM reports.rpt_scorecard_regions")  # a view, through its grants
            with pytest.raises(psycopg2.Error) as err:  # its sessions are read-only by default ...
                cur.execute("DELETE FROM marts.dim_region")
            assert err.value.pgcode == "25006"
            # ... and without that default its privileges refuse every write (the role, not the session mode)
            cur.execute("SET default_transaction_read_only = off")
            for schema, (table, column) in tables.items():
                for sql in WRITES:
                    with pytest.raises(psycopg2.Error) as err:
                        cur.execute(sql.format(s=schema, t=table, c=column))
                    assert err.value.pgcode == "42501", (sql, err.value.pgcode, str(err.value))
                    refused += 1
            # no file or program access, nothing of its own
            for sql in [f"COPY marts.dim_region TO '{team['folder']}/out.csv'",
                        f"COPY marts.dim_region FROM '{team['folder']}/out.csv'",
                        "COPY (SELECT 1) TO PROGRAM 'true'",
                        "SELECT pg_read_file('/etc/hostname')",
                        "CREATE SCHEMA analyst_own",
                        "CREATE TABLE public.analyst_t (x int)"]:
                with pytest.raises(psycopg2.Error) as err:
                    cur.execute(sql)
                assert err.value.pgcode == "42501", (sql, err.value.pgcode, str(err.value))
                refused += 1
    finally:
        con.close()
    assert refused == len(tables) * len(WRITES) + 6
    assert not (team["folder"] / "out.csv").exists()


def _standalone_warehouse(pg_server, database: str) -> str:
    """A small published warehouse (a table and a view over it in two layers) in a database of its own."""
    pg_server.psql(f"DROP DATABASE IF EXISTS {database}", database="postgres")
    pg_server.psql(f"CREATE DATABASE {database}", database="postgres")
    pg_server.psql("CREATE SCHEMA marts; CREATE TABLE marts.figures AS SELECT 1 AS generation, g AS n FROM generate_series(1, 100) g;"
                   "CREATE SCHEMA reports; CREATE VIEW reports.summary AS SELECT generation, count(*) AS n FROM marts.figures GROUP BY 1",
                   database=database)
    return pg_server.url(database=database)


def _build(url: str, prefix: str, generation: int) -> None:
    con = server.connect(url)
    try:
        server.create_build_schemas(con, prefix, layers=("marts", "reports"))
        with con.cursor() as cur:
            cur.execute(f"CREATE TABLE {prefix}marts.figures AS SELECT {generation} AS generation, g AS n FROM generate_series(1, 50) g")
            cur.execute(f"CREATE VIEW {prefix}reports.summary AS SELECT generation, count(*) AS n FROM {prefix}marts.figures GROUP BY 1")
        con.commit()
    finally:
        con.close()


def test_the_swap_waits_for_a_reader_in_a_repeatable_read_transaction(pg_server):
    """Stated behaviour: the swap WAITS (it retries its locks) while a reader's transaction has read the
    published schemas; the reader keeps its snapshot (the old rows, the view consistent with the table);
    once it ends the swap commits and the next transaction sees the new build only."""
    url = _standalone_warehouse(pg_server, "swap_test")
    _build(url, "build_second_", 2)
    reader = psycopg2.connect(url)
    reader.set_session(isolation_level="REPEATABLE READ", readonly=True)
    done: dict = {}
    try:
        with reader.cursor() as cur:
            cur.execute("SELECT generation, count(*) FROM marts.figures GROUP BY 1")
            before = cur.fetchall()
            assert before == [(1, 100)]

            def publish():
                con = server.connect(url)
                try:
                    done["swapped"] = server.publish(con, "build_second_", layers=("marts", "reports"), timeout_s=60)
                except Exception as exc:  # noqa: BLE001 (reported by the assertion below)
                    done["error"] = exc
                finally:
                    con.close()
                done["at"] = time.monotonic()

            swapper = threading.Thread(target=publish)
            swapper.start()
            time.sleep(1.5)
            assert not done, f"the swap did not wait for the open reader: {done}"
            # the reader goes on reading (the view too: it never blocks on the waiting swap) and sees its snapshot
            for _ in range(3):
                cur.execute("SELECT generation, count(*) FROM marts.figures GROUP BY 1")
                assert cur.fetchall() == before
                cur.execute("SELECT generation, n FROM reports.summary")
                assert cur.fetchall() == [(1, 100)]
                time.sleep(0.2)
            released = time.monotonic()
        reader.commit()
        swapper.join(30)
        assert "error" not in done, done.get("error")
        assert done["swapped"] == ["marts", "reports"] and done["at"] >= released
        with reader.cursor() as cur:
            cur.execute("SELECT generation, count(*) FROM marts.figures GROUP BY 1")
            assert cur.fetchall() == [(2, 50)]
            cur.execute("SELECT generation, n FROM reports.summary")
            assert cur.fetchall() == [(2, 50)]
            cur.execute("SELECT nspname FROM pg_namespace WHERE nspname ~ '^(build|old)_'")
            assert cur.fetchall() == []
        reader.commit()
    finally:
        reader.close()


def test_a_build_failing_an_error_check_publishes_nothing(team, pg_server, tmp_path):
    """A seed text edited to break an ERROR consistency rule: the team refresh fails its blocking check,
    the published schemas keep the first refresh's rows, and its build schemas are dropped."""
    from test_consistency import INJECTIONS, SEED_NAME  # the violations the DuckDB profile's test injects

    before = pg_server.psql("SELECT count(*), md5(string_agg(fact_id, ',' ORDER BY fact_id)) FROM marts.fct_indicator_observation")
    marts_oid = pg_server.psql("SELECT oid FROM pg_namespace WHERE nspname = 'marts'")
    seeds = copy_seeds(tmp_path)
    text_path = seeds / "texts" / SEED_NAME
    text = text_path.read_text(encoding="utf-8")
    for old, new in INJECTIONS.values():
        text = text.replace(old, new)
    text_path.write_text(text, encoding="utf-8")
    warehouse = Path(team["env"]["PLAN_WAREHOUSE_DB"])
    env = {**team["env"], "PLAN_SEEDS_DIR": str(seeds)}
    proc = refresh(env)
    assert proc.returncode == 1, (proc.stdout + proc.stderr)[-3000:]
    assert "NOT published" in proc.stdout
    assert pg_server.psql("SELECT count(*), md5(string_agg(fact_id, ',' ORDER BY fact_id)) FROM marts.fct_indicator_observation") == before
    assert pg_server.psql("SELECT oid FROM pg_namespace WHERE nspname = 'marts'") == marts_oid
    assert not {s for s in schemas(pg_server) if s.startswith(("build_", "old_"))}
    assert warehouse.exists()


def test_the_cli_queries_the_server_with_the_analyst_login(team, pg_server):
    """`plan-warehouse sql`, `facts` and `findings` on the team profile: the analyst's URL, read-only."""
    from typer.testing import CliRunner

    from orchestration.analyst.cli import app

    env = {"COLUMNS": "250", server.TARGET_ENV: "postgres", server.URL_ENV: pg_server.url(ANALYST)}

    def cli(*args):
        return CliRunner().invoke(app, list(args), env=env)

    regions = int(pg_server.psql("SELECT count(*) FROM marts.dim_region"))
    result = cli("sql", "SELECT count(*) AS n FROM marts.dim_region")
    assert result.exit_code == 0, result.output
    assert str(regions) in result.output
    for write in ["DELETE FROM marts.dim_region", "CREATE TABLE marts.x (y int)", "DROP SCHEMA marts CASCADE"]:
        result = cli("sql", write)
        assert result.exit_code == 1 and "read-only" in result.output, (write, result.output)
    assert int(pg_server.psql("SELECT count(*) FROM marts.dim_region")) == regions
    result = cli("facts", "--search", "空气优良天数")
    assert result.exit_code == 0, result.output
    assert "245天" in result.output
    result = cli("findings")
    assert result.exit_code == 0, result.output
    total = int(pg_server.psql("SELECT count(*) FROM marts.fct_open_findings"))
    assert f"{total} open finding" in result.output


def test_ask_and_export_on_the_server_give_what_they_give_on_duckdb(team, pg_server, built_warehouse, tmp_path):
    """Every saved question (dbt_project/analyses: portable SQL, one file for both) returns the same rows as
    the analyst login on the server as on the DuckDB build of the same seeds; `plan-warehouse ask` and
    `export` run on the team profile, and the exported files hold the same rows as DuckDB's export."""
    from typer.testing import CliRunner

    from orchestration.analyst import analyses, queries
    from orchestration.analyst.cli import app
    from orchestration.analyst.server_connection import ServerConnection

    _, duck_path = built_warehouse
    names = analyses.list_analyses()
    assert len(names) >= 8
    server_con = ServerConnection(pg_server.url(ANALYST))
    duck = queries.open_read_only(duck_path)
    answered = 0
    try:
        for name in names:
            sql, params = analyses.prepare(name)
            expected = duck.execute(sql, params).fetchall() if params else duck.execute(sql).fetchall()
            got = server_con.execute(sql, params or None).fetchall()
            assert sorted_rows(got) == sorted_rows(expected), name
            answered += bool(expected)
    finally:
        server_con.close()
        duck.close()
    assert answered >= len(names) - 1, answered  # the seed answers every question but one region's targets

    env = {"COLUMNS": "250", server.TARGET_ENV: "postgres", server.URL_ENV: pg_server.url(ANALYST)}
    result = CliRunner().invoke(app, ["ask", "Q4"], env=env)
    assert result.exit_code == 0, result.output
    assert "Q4" in result.output
    out_server, out_duck = tmp_path / "server", tmp_path / "duckdb"
    result = CliRunner().invoke(app, ["export", "--out", str(out_server), "--format", "parquet"], env=env)
    assert result.exit_code == 0, result.output
    duck = queries.open_read_only(duck_path, write_dir=out_duck)
    try:
        written = queries.export_tables(duck, out_duck, "parquet")
    finally:
        duck.close()
    assert sorted(p.name for p in out_server.iterdir()) == sorted(f.path.name for f in written)
    reader = duckdb.connect()
    for f in written:
        if f.table in RUN_SPECIFIC:  # each run's own ids and times
            continue
        on_server = reader.execute("SELECT * FROM read_parquet(?)", [str(out_server / f.path.name)])
        columns = [d[0] for d in on_server.description]
        got = sorted_rows(on_server.fetchall())
        expected_rel = reader.execute("SELECT * FROM read_parquet(?)", [str(f.path)])
        assert [d[0] for d in expected_rel.description] == columns, f.table
        assert got == sorted_rows(expected_rel.fetchall()), f.table
    # the analyst login wrote files only: the server's tables are unchanged
    assert int(pg_server.psql("SELECT count(*) FROM marts.dim_region")) > 0


def test_the_scorecard_is_drawn_from_the_server_as_from_duckdb(team, pg_server, built_warehouse, tmp_path):
    """The refresh's scorecard step and `plan-warehouse scorecard` on the team profile: the same page's
    charts, cited figures and headline as the DuckDB build of the same seeds (the page's DuckDB queries
    over an in-memory copy of the server's marts and reports)."""
    from typer.testing import CliRunner

    from orchestration.analyst import queries
    from orchestration.analyst.cli import app
    from orchestration.analyst.scorecard import build_scorecard

    _, duck_path = built_warehouse
    with queries.open_read_only(duck_path) as duck:
        expected = build_scorecard(duck)
    drawn = team["folder"] / "wh" / "scorecard.html"  # by the team refresh's scorecard step
    assert drawn.exists() and drawn.stat().st_size > 10_000
    for label, value in expected.headline:
        assert str(value) in drawn.read_text(encoding="utf-8"), label
    env = {"COLUMNS": "250", server.TARGET_ENV: "postgres", server.URL_ENV: pg_server.url(ANALYST)}
    out = tmp_path / "card.html"
    result = CliRunner().invoke(app, ["scorecard", "--out", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert f"{expected.charts} charts, {expected.figures} figures cited" in result.output
    assert out.stat().st_size > 10_000


def test_the_interactive_shell_runs_on_the_server(team, pg_server, monkeypatch):
    """`plan-warehouse sql` without a query on the team profile: the DuckDB shell's code over the analyst's
    server session. Rows, .tables of the published schemas only (not a run's build schema, which the
    analyst can SELECT by default privileges), .schema in DESCRIBE's columns, errors and refused writes
    printed with the shell carrying on, and the server unchanged."""
    from rich.console import Console
    from typer.testing import CliRunner

    from orchestration.analyst.cli import app, shell

    monkeypatch.setenv(server.TARGET_ENV, "postgres")
    monkeypatch.setenv(server.URL_ENV, pg_server.url(ANALYST))
    regions = int(pg_server.psql("SELECT count(*) FROM marts.dim_region"))
    columns = pg_server.psql("SELECT column_name FROM information_schema.columns WHERE table_schema = 'marts' "
                             "AND table_name = 'dim_region' ORDER BY ordinal_position").split()
    assert len(columns) >= 3
    pg_server.psql("CREATE SCHEMA build_shelltest_marts; CREATE TABLE build_shelltest_marts.leftover_build (i int)")
    script = iter([
        "SELECT count(*) AS regions", "  FROM marts.dim_region;",
        ".tables",
        ".schema marts.dim_region",
        ".schema fct_open_findings",  # unqualified: found in the one published schema holding it
        ".schema marts.no_such_table",
        "CREATE TABLE marts.x (i int);",
        "DELETE FROM marts.dim_region;",
        "SELEC oops;",
        "SELECT count(*) AS regions_after FROM marts.dim_region;",
    ])

    def read_line(prompt: str) -> str:
        try:
            return next(script)
        except StopIteration:
            raise EOFError from None

    buffer = io.StringIO()
    try:
        shell(Console(file=buffer, width=250), None, 50, read_line=read_line)
        runner = CliRunner().invoke(app, ["sql"], input=".tables\n.quit\n", env={"COLUMNS": "250"})
    finally:
        pg_server.psql("DROP SCHEMA build_shelltest_marts CASCADE")
    out = buffer.getvalue()
    assert f"{ANALYST}@" in out and "(read-only)" in out
    assert len(re.findall(rf"│\s*{regions}\s*│", out)) == 2, out  # the first SELECT and the one after the refusals
    assert "regions_after" in out
    for name in ("dim_region", "fct_open_findings", "fct_indicator_observation"):
        assert re.search(rf"│\s*marts\s*│\s*{name}\s*│", out), name
    assert "leftover_build" not in out and "build_shelltest" not in out
    for header in ("column_name", "column_type", "null", "key", "default", "extra"):
        assert header in out
    for column in columns:
        assert re.search(rf"│\s*{column}\s*│", out), column
    assert re.search(r"│\s*finding_id\s*│", out)  # the unqualified .schema
    assert "error: no table or view 'marts.no_such_table' in the published schemas" in out
    assert out.count("read-only: the warehouse is opened read-only") == 2, out
    assert "error: syntax error" in out
    assert "Traceback" not in out
    assert int(pg_server.psql("SELECT count(*) FROM marts.dim_region")) == regions
    assert pg_server.psql("SELECT count(*) FROM information_schema.tables WHERE table_name = 'x'").strip() == "0"
    # the command itself opens the shell on the team profile (it used to refuse)
    assert runner.exit_code == 0, runner.output
    assert "(read-only)" in runner.output and "fct_open_findings" in runner.output
