"""What a refresh no longer does twice: row counts in one query, the Vega bundle built once per version,
one GX context per process. Real DuckDB, real vl-convert, real GX."""

import duckdb
import pandas as pd

from orchestration.analyst import scorecard
from orchestration.defs.assets.dbt import STATS_PREFIX, model_stats, row_counts, stats_metadata
from orchestration.quality import gx_validation
from orchestration.quality.gx_validation import SuiteSpec, validate_frame


def test_row_counts_in_one_query_and_a_missing_table_is_left_out():
    con = duckdb.connect()
    con.execute("CREATE SCHEMA marts; CREATE TABLE marts.a AS SELECT * FROM range(3); CREATE VIEW marts.b AS SELECT 1 AS x")
    assert row_counts(con, ["marts.a", "marts.b"]) == {"marts.a": 3, "marts.b": 1}
    # A model dbt failed to build has no table: the others are still counted.
    assert row_counts(con, ["marts.a", "marts.missing", "marts.b"]) == {"marts.a": 3, "marts.b": 1}
    assert row_counts(con, []) == {}


def test_model_stats_lines_from_the_dbt_hook_become_row_count_and_preview():
    line = STATS_PREFIX + '{"unique_id": "model.p.fct_x", "row_count": 3, "columns": ["a", "b"], "rows": [["1", "x|y"]]}'
    stats = model_stats(line)
    assert stats["unique_id"] == "model.p.fct_x"
    meta = stats_metadata(stats)
    assert meta["dagster/row_count"] == 3
    assert meta["preview"].value.splitlines() == ["| a | b |", "| --- | --- |", "| 1 | x\\|y |"]
    assert "preview" not in stats_metadata(model_stats(STATS_PREFIX + '{"unique_id": "m", "row_count": 0}'))
    # Any other log line, or a damaged one, is not a stats line (and is left to dagster-dbt).
    for other in ("Running with dbt=1.11", STATS_PREFIX + "{not json", STATS_PREFIX + '{"row_count": 1}', STATS_PREFIX + "[1]"):
        assert model_stats(other) is None


def test_vega_bundle_is_kept_per_version_and_a_damaged_copy_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("PLAN_CACHE_DIR", str(tmp_path))
    scorecard.vega_bundle.cache_clear()
    first = scorecard.vega_bundle()
    [kept] = tmp_path.glob("vega-bundle-*.js")
    assert "vegaEmbed" in first and kept.name.startswith("vega-bundle-vlconvert")
    scorecard.vega_bundle.cache_clear()
    assert scorecard.vega_bundle() == first  # read back from the cache folder
    kept.write_text(first[: len(first) // 2], encoding="utf-8")  # cut short (a killed write)
    scorecard.vega_bundle.cache_clear()
    assert scorecard.vega_bundle() == first
    scorecard.vega_bundle.cache_clear()


def test_one_gx_context_per_process(tmp_path, monkeypatch):
    monkeypatch.setenv(gx_validation.WORKER_ENV, "0")  # this process's context (the worker keeps its own the same way)
    spec = SuiteSpec(name="t", model="m", severity="ERROR", description="", path=tmp_path / "t.json",
                     expectations=({"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "x"}},))
    assert validate_frame(pd.DataFrame({"x": [1, 2]}), spec).success
    context = gx_validation._gx_context()
    assert not validate_frame(pd.DataFrame({"x": [1, None]}), spec).success  # same suite, new frame
    assert gx_validation._gx_context() is context
