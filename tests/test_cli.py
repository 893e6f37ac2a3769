"""`plan-warehouse` on the seed warehouse: read-only SQL, figures with their sources, findings,
saved questions, exports that round-trip, and a refresh of a scratch copy in a fresh process."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT, copy_seeds
from typer.testing import CliRunner

from orchestration.analyst.cli import app
from orchestration.analyst.queries import UTF8_BOM
from orchestration.storage.files import file_sha256

DOC_1 = "000_7aa3fd634077bd17-1"
DOC_2 = "000_7aa3fd634077bd17-2"


@pytest.fixture(scope="module")
def seed_db(built_warehouse) -> Path:
    """The published seed warehouse; PLAN_WAREHOUSE_DB already names it (conftest)."""
    _, path = built_warehouse
    assert path.exists() and Path(os.environ["PLAN_WAREHOUSE_DB"]) == path
    return path


def cli(*args: str, stdin: str | None = None, **env: str):
    # Wide, so rich never folds a quote like 7330台 across two lines.
    return CliRunner().invoke(app, list(args), input=stdin, env={"COLUMNS": "250", **env})


def no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


# --------------------------------------------------------------------------- sql


@pytest.mark.parametrize("statement", [
    "CREATE TABLE marts.scratch (a INTEGER)",
    "DELETE FROM marts.dim_region",
    "UPDATE marts.fct_indicator_observation SET value = 0",
    "DROP TABLE marts.fct_open_findings",
])
def test_sql_refuses_writes_with_a_message(seed_db, statement):
    with duckdb.connect(str(seed_db), read_only=True) as con:
        regions = con.execute("SELECT count(*) FROM marts.dim_region").fetchone()[0]
    result = cli("sql", statement)
    assert result.exit_code == 1
    assert result.output.strip().startswith("read-only:"), result.output
    no_traceback(result)
    with duckdb.connect(str(seed_db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM marts.dim_region").fetchone()[0] == regions > 3000
        assert con.execute("SELECT count(*) FROM marts.fct_open_findings").fetchone()[0] == 1


def test_sql_error_is_one_line(seed_db):
    result = cli("sql", "SELECT * FROM marts.no_such_table")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: Catalog Error") and "no_such_table" in lines[0]
    no_traceback(result)


def test_sql_prints_rows(seed_db):
    result = cli("sql", "SELECT doc_id, title FROM marts.dim_document ORDER BY doc_id")
    assert result.exit_code == 0, result.output
    assert DOC_1 in result.output and DOC_2 in result.output and "全周期协同管理" in result.output
    assert "2 rows" in result.output


def test_sql_shell_reads_statements_until_quit(seed_db):
    stdin = (
        "SELECT count(*) AS figures\n  FROM marts.fct_indicator_observation WHERE value_kind <> 'derived';\n"
        "INSERT INTO marts.dim_region SELECT * FROM marts.dim_region;\n"
        "SELEC oops;\n"
        ".tables\n"
        ".quit\n"
    )
    result = cli("sql", stdin=stdin)
    assert result.exit_code == 0, result.output
    assert "(read-only)" in result.output
    assert " 52 " in result.output  # the multi-line statement ran
    assert "read-only: the warehouse is opened read-only" in result.output
    assert "error: Parser Error" in result.output
    assert "fct_open_findings" in result.output  # .tables
    no_traceback(result)


def test_missing_warehouse_is_a_message(tmp_path):
    result = cli("facts", "--search", "x", PLAN_WAREHOUSE_DB=str(tmp_path / "none.duckdb"))
    assert result.exit_code == 2
    assert "no warehouse at" in result.output and "refresh" in result.output
    no_traceback(result)


# --------------------------------------------------------------------------- facts, findings, ask


def test_facts_search_finds_the_charging_piles_with_their_source(seed_db):
    result = cli("facts", "--search", "充电桩")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("1 figure")
    for expected in ("7330台", "公共充电桩数", "Public charging piles", "value 7330 count", "2021-01-01 – 2025-07-24",
                     DOC_2, "全周期协同管理，项目建设提速提效", "累计建成公共充电桩7330台，公共充电站实现“乡乡全覆盖”。"):
        assert expected in out, expected


def test_facts_doc_lists_that_documents_figures_only(seed_db):
    with duckdb.connect(str(seed_db), read_only=True) as con:
        n = con.execute("SELECT count(*) FROM marts.fct_indicator_observation WHERE doc_id = ?", [DOC_2]).fetchone()[0]
    result = cli("facts", "--doc", DOC_2, "--limit", "500")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{n} figures")
    assert result.output.count(f"   {DOC_2} 《") == n
    assert DOC_1 not in result.output
    # a text's key selects every article of it; the limit caps what is shown
    both = cli("facts", "--doc", "000_7aa3fd634077bd17", "--limit", "3")
    assert both.output.startswith("53 figures, first 3 shown"), both.output


def test_facts_filters_combine(seed_db):
    result = cli("facts", "--doc", DOC_1, "--indicator", "ind_coal_units_closed")
    assert result.exit_code == 0
    assert "26台" in result.output and "28台" not in result.output
    by_name = cli("facts", "--indicator", "small coal-fired")  # part of the English name, any case
    assert "26台" in by_name.output and "28台" in by_name.output
    assert cli("facts", "--search", "不存在的词").output.strip() == "no figures match"


def test_findings_show_both_reports_and_quotes(seed_db):
    result = cli("findings")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("1 open finding")
    for expected in ("[WARN] same_figure_agrees", "同一指标、地区、时期、数值类型在两份报告中的数字一致",
                     "The same indicator, region, period and value kind agrees across reports",
                     "关停小煤电机组数 / Small coal-fired units closed", f"A {DOC_1}", f"B {DOC_2}", "26台", "28台",
                     "累计关停淘汰落后小煤电机组28台"):
        assert expected in out, expected


def test_ask_lists_and_runs_the_saved_questions(seed_db):
    listing = cli("ask")
    assert listing.exit_code == 0
    assert all(f"Q{i}" in listing.output for i in range(1, 7))
    q3 = cli("ask", "Q3")
    assert q3.exit_code == 0, q3.output
    assert "236" in q3.output and "176" in q3.output and "74.6" in q3.output
    q5 = cli("ask", "5", "--var", f"doc_id={DOC_1}")
    assert "7330台" not in q5.output and "26台" in q5.output  # the variable picked the first article
    unknown = cli("ask", "Q9")
    assert unknown.exit_code == 1 and "no saved question" in unknown.output
    no_traceback(unknown)


# --------------------------------------------------------------------------- export


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_writes_every_mart_and_round_trips(seed_db, tmp_path, fmt):
    out = tmp_path / "export"
    result = cli("export", "--format", fmt, "--out", str(out))
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(seed_db), read_only=True) as con:
        marts = [r[0] for r in con.execute(
            "SELECT 'marts.' || table_name FROM information_schema.tables WHERE table_schema = 'marts'").fetchall()]
        expected_obs = sorted(con.execute(
            "SELECT observation_id, quote, value, unit_code FROM marts.fct_indicator_observation").fetchall())
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in [*marts, "quality.check_results"]}
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted(f"{t}.{fmt}" for t in counts)  # nothing half-written left beside them
    reader = "read_parquet" if fmt == "parquet" else "read_csv"
    with duckdb.connect() as con:
        for table, n in counts.items():
            assert con.execute(f"SELECT count(*) FROM {reader}(?)", [str(out / f"{table}.{fmt}")]).fetchone()[0] == n
        back = sorted(con.execute(
            f"SELECT observation_id, quote, value, unit_code FROM {reader}(?)",
            [str(out / f"marts.fct_indicator_observation.{fmt}")]).fetchall())
    assert back == expected_obs
    if fmt == "csv":  # Excel needs the byte-order mark to read UTF-8
        raw = (out / "marts.fct_open_findings.csv").read_bytes()
        assert raw.startswith(UTF8_BOM) and "28台".encode() in raw


# --------------------------------------------------------------------------- refresh
# A full successful refresh in a fresh process costs a whole dbt build (1–3 min here), which
# tests/test_pipeline.py and the session's warehouse already pay for: the summary of a real
# successful run is checked on that run, and the command itself end to end on a refresh that
# fails early, which must exit 1 and leave the published warehouse as it was.


def test_refresh_summary_of_a_published_run(built_warehouse, tmp_path):
    from rich.console import Console

    from orchestration.analyst.cli import refresh_summary
    from orchestration.defs.execution import outcome

    result, path = built_warehouse
    buffer = io.StringIO()
    ok = refresh_summary(Console(file=buffer, width=200), outcome(result), path, tmp_path / "refresh.log")
    out = buffer.getvalue()
    assert ok is True
    assert f"Published {path}" in out
    assert re.search(r"│ marts\s+│ fct_indicator_observation\s+│\s+53 │", out)
    assert "figures: 52 from 2 documents" in out and "open findings: 1" in out
    assert f"{DOC_1}: 26台 vs {DOC_2}: 28台" in out
    assert re.search(r"checks: \d+ passed, 1 failed", out)  # the WARN finding is the one failed check
    assert "FAILED [WARN] quality/qa_same_figure_agrees :: rule_same_figure_agrees" in out


def test_refresh_that_fails_exits_1_and_keeps_the_published_warehouse(published_copy, tmp_path):
    """The installed console script, in a fresh process, on a broken copy of seeds/ and a copy of the warehouse."""
    warehouse = published_copy
    before = file_sha256(warehouse)
    seeds = copy_seeds(tmp_path)
    regions = seeds / "curated" / "regions.csv"
    regions.write_text(regions.read_text(encoding="utf-8").replace("371524,东阿县", "371522,东阿县"), encoding="utf-8")
    env = {**os.environ, "PLAN_SEEDS_DIR": str(seeds), "PLAN_WAREHOUSE_DB": str(warehouse),
           "DAGSTER_HOME": str(tmp_path / "dagster_home"), "COLUMNS": "200"}
    env.pop("PLAN_DBT_DATABASE", None)
    script = Path(sys.executable).parent / "plan-warehouse"
    proc = subprocess.run([str(script), "refresh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    out = proc.stdout
    assert proc.returncode == 1, out[-3000:] + proc.stderr[-3000:]
    assert "✗ curated_tables" in out  # steps are listed as they finish
    assert "NOT published" in out and "the previous warehouse stays" in out
    failure = next(line for line in out.splitlines() if line.startswith("  step failed curated_tables: "))
    assert "seeds/curated/regions.csv:38: column 'code': duplicate key" in failure  # the cause, in one line
    assert "Traceback" not in out + proc.stderr
    assert " - dagster - " not in out + proc.stderr  # Dagster's own log went to the log file
    assert "curated_tables" in (warehouse.parent / "refresh.log").read_text(encoding="utf-8")
    assert file_sha256(warehouse) == before


# --------------------------------------------------------------------------- the analyst path reads the warehouse only


@pytest.fixture()
def curated_copy(tmp_path) -> Path:
    """A copy of a real curated file, where an analyst's COPY … TO would land."""
    target = tmp_path / "curated" / "fact_overrides.csv"
    target.parent.mkdir()
    target.write_bytes((ROOT / "seeds" / "curated" / "fact_overrides.csv").read_bytes())
    return target


def analyst_escapes(folder: Path, curated: Path) -> dict[str, str]:
    other = folder / "other.duckdb"
    if not other.exists():
        with duckdb.connect(str(other)) as con:
            con.execute("CREATE TABLE secret AS SELECT 42 AS x")
    return {
        "read_csv": "SELECT * FROM read_csv('/etc/passwd', header = false, columns = {'line': 'VARCHAR'}, sep = '\t')",
        "copy_to_curated": f"COPY (SELECT '{DOC_1}' AS doc_id, '26台' AS quote, 'reject' AS action, NULL AS indicator_code, "
                           f"'analyst' AS note) TO '{curated}' (FORMAT csv, HEADER true)",
        "export_database": f"EXPORT DATABASE '{folder / 'dump'}'",
        "attach": f"ATTACH '{other}' AS other (READ_ONLY)",
        "set_external_access": "SET enable_external_access = true",
        "profiling_output": f"SET profiling_output = '{folder / 'profile.txt'}'",
        "enable_profiling": "PRAGMA enable_profiling",
        "install": "INSTALL httpfs",
    }


@pytest.mark.parametrize("name", ["read_csv", "copy_to_curated", "export_database", "attach", "set_external_access",
                                  "profiling_output", "enable_profiling", "install"])
def test_sql_cannot_leave_the_warehouse(seed_db, tmp_path, curated_copy, name):
    before = curated_copy.read_bytes()
    statement = analyst_escapes(tmp_path, curated_copy)[name]
    listing = sorted(p.name for p in tmp_path.iterdir())
    result = cli("sql", statement)
    assert result.exit_code == 1, result.output
    assert result.output.strip().startswith("refused: the analyst connection"), result.output
    assert "root:" not in result.output
    no_traceback(result)
    assert curated_copy.read_bytes() == before  # the curated file is unchanged
    assert sorted(p.name for p in tmp_path.iterdir()) == listing  # no dump, no profile written


def test_the_shell_refuses_escapes_and_carries_on(seed_db, tmp_path, curated_copy):
    escapes = analyst_escapes(tmp_path, curated_copy)
    stdin = "".join(f"{escapes[k]};\n" for k in ("read_csv", "copy_to_curated", "attach", "set_external_access")) + \
        "SELECT count(*) AS docs FROM marts.dim_document;\n.quit\n"
    before = curated_copy.read_bytes()
    result = cli("sql", stdin=stdin)
    assert result.exit_code == 0, result.output
    assert result.output.count("refused: the analyst connection") == 4
    assert re.search(r"│\s*2\s*│", result.output)  # the last statement ran
    assert curated_copy.read_bytes() == before
    no_traceback(result)


def test_ask_binds_variables_as_values(published_copy):
    """Q5 with a document id holding a quote, spaces, double quotes and Chinese: a value, not SQL."""
    odd = "聊城 “十四五” it's \"odd\" 报告-1"
    with duckdb.connect(str(published_copy)) as con:
        n = con.execute("SELECT count(*) FROM marts.fct_indicator_observation WHERE doc_id = ? AND value_kind <> 'derived'",
                        [DOC_1]).fetchone()[0]
        con.execute("UPDATE marts.fct_indicator_observation SET doc_id = ? WHERE doc_id = ?", [odd, DOC_1])
    result = cli("ask", "Q5", "--var", f"doc_id={odd}", PLAN_WAREHOUSE_DB=str(published_copy))
    assert result.exit_code == 0, result.output
    assert f"{n} rows" in result.output and "26台" in result.output
    injection = cli("ask", "Q5", "--var", "doc_id=x' OR TRUE OR doc_id = '", PLAN_WAREHOUSE_DB=str(published_copy))
    assert injection.exit_code == 0 and "0 rows" in injection.output, injection.output
    no_traceback(result)


def test_an_open_shell_notices_a_newer_warehouse(published_copy, tmp_path):
    """A refresh replaces the file (os.replace) while the shell is open: the next statement says so
    and answers from the new warehouse."""
    from rich.console import Console

    from orchestration.analyst.cli import REPUBLISHED, shell

    newer = tmp_path / "newer.duckdb"
    newer.write_bytes(published_copy.read_bytes())
    with duckdb.connect(str(newer)) as con:
        con.execute("DELETE FROM marts.dim_document WHERE doc_id = ?", [DOC_2])
    lines = iter(["SELECT count(*) AS docs FROM marts.dim_document;", "PUBLISH",
                  "SELECT count(*) AS docs FROM marts.dim_document;", ".quit"])

    def read_line(prompt: str) -> str:
        line = next(lines)
        if line == "PUBLISH":
            os.replace(newer, published_copy)  # what published_warehouse does
            line = next(lines)
        return line

    buffer = io.StringIO()
    shell(Console(file=buffer, width=200), published_copy, 50, read_line=read_line)
    out = buffer.getvalue()
    first, _, second = out.partition(REPUBLISHED[:40])
    assert second, out  # the notice was printed
    assert re.search(r"│\s*2\s*│", first) and re.search(r"│\s*1\s*│", second), out


def test_csv_export_escapes_formulas_and_keeps_numbers(published_copy, tmp_path):
    with duckdb.connect(str(published_copy)) as con:
        con.execute("UPDATE marts.dim_document SET title = '=HYPERLINK(\"http://x\",\"y\")' WHERE doc_id = ?", [DOC_1])
        con.execute("UPDATE marts.fct_indicator_observation SET value = -26 WHERE doc_id = ? AND quote = '26台'", [DOC_1])
    for fmt in ("csv", "parquet"):
        result = cli("export", "--format", fmt, "--out", str(tmp_path / fmt), PLAN_WAREHOUSE_DB=str(published_copy))
        assert result.exit_code == 0, result.output
    with duckdb.connect() as con:
        title = con.execute("SELECT title FROM read_csv(?) WHERE doc_id = ?",
                            [str(tmp_path / "csv" / "marts.dim_document.csv"), DOC_1]).fetchone()[0]
        value = con.execute("SELECT value FROM read_csv(?, all_varchar = true) WHERE doc_id = ? AND quote = '26台'",
                            [str(tmp_path / "csv" / "marts.fct_indicator_observation.csv"), DOC_1]).fetchone()[0]
        raw_title = con.execute("SELECT title FROM read_parquet(?) WHERE doc_id = ?",
                                [str(tmp_path / "parquet" / "marts.dim_document.parquet"), DOC_1]).fetchone()[0]
    assert title == "'=HYPERLINK(\"http://x\",\"y\")"
    assert float(value) == -26  # numbers are never escaped
    assert raw_title == "=HYPERLINK(\"http://x\",\"y\")"  # Parquet is untouched
