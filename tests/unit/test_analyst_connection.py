"""The analyst connection (orchestration.analyst.queries.open_read_only) reads the published warehouse and
nothing else: every way out of it through SQL is refused with a message, and leaves no trace."""

from pathlib import Path

import duckdb
import pytest

from orchestration.analyst import queries


@pytest.fixture()
def warehouse(tmp_path) -> Path:
    path = tmp_path / "wh" / "liaocheng.duckdb"
    path.parent.mkdir()
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA marts; CREATE TABLE marts.t AS SELECT 1 AS a, '=1+1' AS b, -3.5::DOUBLE AS c, ['x'] AS d")
    return path


@pytest.fixture()
def outside(tmp_path) -> Path:
    """A file outside the warehouse (a stand-in for a curated CSV) and another database."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "fact_overrides.csv").write_text("doc_id,quote,action,indicator_code,note\n", encoding="utf-8")
    with duckdb.connect(str(folder / "other.duckdb")) as con:
        con.execute("CREATE TABLE secret AS SELECT 42 AS x")
    return folder


def escapes(outside: Path) -> dict[str, str]:
    return {
        "read_csv": "SELECT * FROM read_csv('/etc/passwd', header = false)",
        "read_text": f"SELECT content FROM read_text('{outside / 'fact_overrides.csv'}')",
        "copy_to": f"COPY (SELECT 'd', 'q', 'reject', NULL, 'analyst') TO '{outside / 'fact_overrides.csv'}' (FORMAT csv)",
        "copy_from": f"CREATE TEMP TABLE x (a VARCHAR); COPY x FROM '{outside / 'fact_overrides.csv'}'",
        "export_database": f"EXPORT DATABASE '{outside / 'dump'}'",
        "attach": f"ATTACH '{outside / 'other.duckdb'}' AS other (READ_ONLY)",
        "set_external_access": "SET enable_external_access = true",
        "unlock": "SET lock_configuration = false",
        "profiling_output": f"SET profiling_output = '{outside / 'profile.txt'}'",
        "enable_profiling": "PRAGMA enable_profiling = 'json'",
        "install": "INSTALL httpfs",
        "load": "LOAD httpfs",
        "glob": "SELECT * FROM glob('/etc/*')",
    }


ESCAPES = list(escapes(Path("/x")))


@pytest.mark.parametrize("name", ESCAPES)
def test_every_escape_is_refused_with_a_message(warehouse, outside, name):
    before = {p.name: p.read_bytes() for p in outside.iterdir()}
    con = queries.open_read_only(warehouse)
    try:
        result = queries.run_statement(con, escapes(outside)[name])
        assert result.refused and result.error.startswith("refused: the analyst connection"), result
        assert "\n" not in result.error
        # still usable, still locked
        assert queries.run_statement(con, "SELECT a FROM marts.t").frame.a.tolist() == [1]
        assert con.execute("SELECT current_setting('enable_external_access')").fetchone()[0] is False
    finally:
        con.close()
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before  # nothing written, nothing created


def test_writes_stay_refused_as_read_only(warehouse):
    with queries.open_read_only(warehouse) as con:
        result = queries.run_statement(con, "DELETE FROM marts.t")
    assert result.refused and result.error == queries.READ_ONLY_MESSAGE


def test_the_export_connection_writes_into_its_folder_only(warehouse, outside, tmp_path):
    out = tmp_path / "export"
    out.mkdir()
    with queries.open_read_only(warehouse, write_dir=out) as con:
        con.execute(f"COPY (SELECT 1) TO '{out / 'ok.csv'}'")
        for sql in (f"COPY (SELECT 1) TO '{outside / 'fact_overrides.csv'}'",
                    f"COPY (SELECT 1) TO '{out / '..' / 'outside' / 'fact_overrides.csv'}'",
                    "SELECT * FROM read_csv('/etc/passwd')",
                    "SET allowed_directories = ['/']"):
            assert queries.run_statement(con, sql).refused, sql
    assert (out / "ok.csv").exists()
    assert (outside / "fact_overrides.csv").read_text(encoding="utf-8").startswith("doc_id,")


def test_csv_export_escapes_formula_text_only(warehouse, tmp_path):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("INSERT INTO marts.t VALUES (2, '-5', 7, []), (3, '@SUM(A1)', 8, []), (4, '+1', 9, []), "
                    "(5, chr(9) || 'tab', 10, []), (6, chr(13) || 'cr', 11, []), (7, '10%', 12, []), (8, NULL, 13, NULL)")
    out = tmp_path / "export"
    with queries.open_read_only(warehouse, write_dir=out) as con:
        queries.export_tables(con, out, "csv")
        queries.export_tables(con, out, "parquet")
    with duckdb.connect() as con:
        csv = con.execute("SELECT a, b, c FROM read_csv(?, all_varchar = true) ORDER BY a::INT",
                          [str(out / "marts.t.csv")]).fetchall()
        parquet = con.execute("SELECT b, c FROM read_parquet(?) ORDER BY a", [str(out / "marts.t.parquet")]).fetchall()
    assert [row[1] for row in csv] == ["'=1+1", "'-5", "'@SUM(A1)", "'+1", "'\ttab", "'\rcr", "10%", None]
    assert csv[0][2] == "-3.5"  # a negative number is a number, not text
    assert [row[0] for row in parquet] == ["=1+1", "-5", "@SUM(A1)", "+1", "\ttab", "\rcr", "10%", None]


def test_schema_names_parse_as_postgresql_reads_them():
    assert queries.split_table_name("Marts.Dim_Region;") == ("marts", "dim_region")
    assert queries.split_table_name('"Marts"."odd.na""me"') == ("Marts", 'odd.na"me')
    assert queries.split_table_name('"Marts".t') == ("Marts", "t")
    assert queries.split_table_name("fct_open_findings") == (None, "fct_open_findings")
    for bad in ("a.b.c", "marts.", ".t", " ", '"unclosed', "two words"):
        with pytest.raises(ValueError):
            queries.split_table_name(bad)


def test_describe_columns_reads_information_schema_in_describes_format(warehouse):
    """.schema on the server (information_schema, published schemas only): checked here on DuckDB's own."""
    with queries.open_read_only(warehouse) as con:
        found = queries.describe_columns(con, "t", ("marts",))
        assert found.ok and list(found.frame.columns) == ["column_name", "column_type", "null", "key", "default", "extra"]
        assert list(found.frame.column_name) == ["a", "b", "c", "d"]
        assert queries.describe_columns(con, "marts.t", ("marts",)).frame.shape == (4, 6)
        missing = queries.describe_columns(con, "t", ("reports",))
        assert not missing.ok and "no table or view 't' in the published schemas (reports)" in missing.error
        assert "not a table name" in queries.describe_columns(con, "a.b.c", ("marts",)).error
        assert queries.list_tables(con, ("marts",)).name.tolist() == ["t"]
        assert queries.list_tables(con, ("reports",)).empty
