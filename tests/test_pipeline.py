"""End to end: the real Dagster job, real dbt, real GX, a real DuckDB file (in a temp folder)."""

import os
import sqlite3
import subprocess

import duckdb
from conftest import _SCRATCH, ROOT, dbt_cli

from orchestration.defs.assets.dbt import DBT_EXITED
from orchestration.defs.execution import check_outcomes


def test_every_asset_materializes_and_every_check_passes(built_warehouse):
    result, path = built_warehouse
    assert result.success
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events() for e in [e.event_specific_data.materialization]}
    assert {"raw/source_files", "raw/regions", "raw/documents", "raw/paragraphs", "staging/stg_documents", "staging/stg_paragraphs"} <= materialized
    checks = check_outcomes(result)
    failed = [(name, sev) for _, name, passed, sev in checks if not passed]
    # The only failure on the seed is the WARN finding of its real contradiction (26 vs 28 coal units).
    assert checks and failed == [("rule_same_figure_agrees", "WARN")]
    assert {name for _, name, _, _ in checks} >= {"gx_staging_documents", "gx_staging_paragraphs"}


def test_row_counts_and_titles(built_warehouse):
    _, path = built_warehouse
    with duckdb.connect(str(path), read_only=True) as con:
        count = lambda t: con.execute(f"select count(*) from {t}").fetchone()[0]  # noqa: E731
        assert count("staging.stg_documents") == 2
        assert count("staging.stg_paragraphs") == 13
        # all China from the package data, the 40 curated rows overriding their package rows
        assert count("staging.stg_regions") > 3000
        assert count("staging.stg_regions where source_file = 'seeds/curated/regions.csv'") == 40
        assert con.execute("select name_zh from staging.stg_regions where region_code = '632500'").fetchone()[0] == "海南藏族自治州"
        n_files = sum(1 for p in (ROOT / "seeds").rglob("*") if p.is_file() and not p.name.startswith("."))
        assert count("staging.stg_source_files") == n_files
        titles = [r[0] for r in con.execute("select title from staging.stg_documents order by doc_id").fetchall()]
        assert titles == [
            "“‘十四五’发展看聊城”系列主题新闻发布会首场举行 全市经济社会发展取得开创性进展",
            "全周期协同管理，项目建设提速提效",
        ]
        dates = {r[0].isoformat() for r in con.execute("select published_date from staging.stg_documents").fetchall()}
        assert dates == {"2025-07-24"}


def test_splitter_decisions_and_heading_tree_reach_the_warehouse(built_warehouse):
    _, path = built_warehouse
    seed = ROOT / "seeds" / "texts" / "000_7aa3fd634077bd17.txt"
    n_lines = len(seed.read_text(encoding="utf-8").split("\n"))
    with duckdb.connect(str(path), read_only=True) as con:
        kinds = dict(con.execute("select line_kind, count(*) from staging.stg_text_lines group by 1").fetchall())
        # Every line of the seed has exactly one decision; its two '## ' titles and its kicker are titles.
        assert sum(kinds.values()) == n_lines and kinds["title"] == 3 and kinds["heading"] == 6
        assert con.execute("select count(*) from staging.stg_headings").fetchone()[0] == 6
        paths = {r[0] for r in con.execute("select heading_path from staging.stg_paragraphs where doc_id like '%-1'").fetchall()}
        assert "产业结构优化" in paths and "增进民生福祉" in paths
        bases = {r[0] for r in con.execute("select date_basis from staging.stg_documents").fetchall()}
        assert bases == {"text_month_day_context_year"}


def test_gx_result_is_summarized_in_check_metadata(built_warehouse):
    result, _ = built_warehouse
    evaluations = [
        e.event_specific_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION" and e.event_specific_data.check_name == "gx_staging_paragraphs"
    ]
    (evaluation,) = evaluations
    meta = evaluation.metadata
    assert meta["rows_validated"].value == 13
    assert meta["expectations_evaluated"].value == 3 and meta["expectations_failed"].value == 0


def test_dbt_model_events_are_written_while_dbt_runs_with_row_counts_and_previews(built_warehouse):
    """Each model's materialization (with its row count; marts with a preview) and each dbt test's
    check reach the event log as dbt finishes them, not in one burst after the dbt process exits."""
    result, path = built_warehouse
    db = _SCRATCH / "dagster_home" / "history" / "runs" / f"{result.run_id}.db"
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT id, dagster_event_type, event FROM event_logs WHERE step_key = 'dbt_models' ORDER BY id").fetchall()
    [exited] = [i for i, kind, event in rows if kind is None and DBT_EXITED in event]
    reported = [i for i, kind, _ in rows if kind in ("ASSET_MATERIALIZATION", "ASSET_CHECK_EVALUATION")]
    assert len(reported) > 300 and max(reported) < exited  # 68 models, 249 tests on the seed
    mats = {e.asset_key.to_user_string(): e.event_specific_data.materialization.metadata
            for e in result.get_asset_materialization_events() if e.step_key == "dbt_models"}
    assert len(mats) >= 60 and all("dagster/row_count" in m for m in mats.values())
    with duckdb.connect(str(path), read_only=True) as con:
        for key, meta in mats.items():
            assert meta["dagster/row_count"].value == con.execute(f"SELECT count(*) FROM {key.replace('/', '.')}").fetchone()[0], key
    previews = {key for key, meta in mats.items() if "preview" in meta}
    assert previews == {key for key in mats if key.startswith("marts/")}
    header = mats["marts/fct_indicator_observation"]["preview"].value.splitlines()[0]
    assert header.startswith("| ") and "doc_id" in header
    # dbt ran in the worker run_build started ahead, on the project it had parsed by then.
    logged = [event for _, kind, event in rows if kind is None]  # the step's log lines
    assert any("in a dbt worker process (started ahead;" in m for m in logged), logged[:5]
    assert not any("dbt parses again" in m for m in logged)


def test_dbt_build_on_the_built_warehouse(published_copy):
    # on a copy: the session's warehouse is only read by tests
    # its own target folder: dbt_project/target (the manifest other processes load) stays as it is
    target = published_copy.parent / "target"
    proc = dbt_cli("build", "--target-path", str(target), env={"PLAN_WAREHOUSE_DB": str(published_copy)})
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "ERROR=0" in proc.stdout


def test_a_null_in_a_required_column_fails_its_models_not_null_test_naming_the_column(published_copy):
    """One not_null_columns test per model (one scan for all its required columns, one Dagster check)
    fails on a null like a per-column not_null would, and its rows name the column and count."""
    with duckdb.connect(str(published_copy)) as con:
        con.execute("UPDATE marts.dim_indicator SET indicator_name_en = NULL WHERE indicator_code = "
                    "(SELECT min(indicator_code) FROM marts.dim_indicator)")
    target = published_copy.parent / "target"
    proc = dbt_cli("test", "--select", "dim_indicator,test_name:not_null_columns", "--target-path", str(target),
                   env={"PLAN_WAREHOUSE_DB": str(published_copy)})
    assert proc.returncode == 1, proc.stdout[-3000:]
    assert "FAIL 1 not_null_columns_dim_indicator" in proc.stdout, proc.stdout[-3000:]
    (compiled,) = target.glob("compiled/**/not_null_columns_dim_indicator*.sql")
    with duckdb.connect(str(published_copy), read_only=True) as con:
        assert con.execute(compiled.read_text()).fetchall() == [("indicator_name_en", 1)]



def test_a_quote_outside_its_paragraph_and_a_body_that_is_not_its_paragraphs_fail_their_tests(published_copy):
    """quote_in_document with paragraph_column looks in the row's paragraph only (cheap at scale),
    which is sound because body_is_its_paragraphs holds the body to its paragraphs: a fact moved to
    another paragraph of its article, and a paragraph edited apart from its body, each fail."""
    with duckdb.connect(str(published_copy)) as con:
        fact_id, doc_id, ordinal, quote = con.execute(
            "SELECT fact_id, doc_id, paragraph_ordinal, quote FROM raw.facts f WHERE EXISTS "
            "(SELECT 1 FROM raw.paragraphs p WHERE p.doc_id = f.doc_id AND p.ordinal <> f.paragraph_ordinal "
            " AND strpos(p.text, f.quote) = 0) ORDER BY fact_id LIMIT 1").fetchall()[0]
        other = con.execute("SELECT min(ordinal) FROM raw.paragraphs WHERE doc_id = ? AND ordinal <> ? "
                            "AND strpos(text, ?) = 0", [doc_id, ordinal, quote]).fetchall()[0][0]
        con.execute("UPDATE raw.facts SET paragraph_ordinal = ? WHERE fact_id = ?", [other, fact_id])
        con.execute("UPDATE raw.paragraphs SET text = text || '。' WHERE doc_id = ? AND ordinal = ?", [doc_id, other])
    target = published_copy.parent / "target"
    proc = dbt_cli("test", "--select", "stg_facts,test_name:quote_in_document stg_documents,test_name:body_is_its_paragraphs",
                   "--target-path", str(target), env={"PLAN_WAREHOUSE_DB": str(published_copy)})
    assert proc.returncode == 1, proc.stdout[-3000:]
    assert "FAIL 1 quote_in_document_stg_facts_quote" in proc.stdout, proc.stdout[-3000:]
    assert "FAIL 2 body_is_its_paragraphs_stg_documents_body" in proc.stdout, proc.stdout[-3000:]

def test_dagster_definitions_validate():
    proc = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "dagster") if (ROOT / ".venv").exists() else "dagster", "definitions", "validate"],
        cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "All code locations passed validation" in proc.stderr + proc.stdout


def test_every_check_targets_an_existing_asset():
    from orchestration.defs.definitions import defs

    graph = defs.resolve_asset_graph()
    keys = graph.get_all_asset_keys()
    assert all(check.asset_key in keys for check in graph.asset_check_keys)
    materializable = {k for k in keys if graph.get(k).is_materializable}
    assert materializable == keys, "every asset, dbt sources included, is built by this project"


def test_one_dbt_model_materialized_alone_builds_only_it_and_its_tests(built_warehouse):
    """What an engineer does in the UI: materialize one dbt asset. The step runs dagster-dbt's
    subprocess with its selection (not the whole-project worker); its checks are that model's tests."""
    import dagster as dg

    from orchestration.defs.definitions import defs

    key = dg.AssetKey(["staging", "stg_documents"])
    job = defs.resolve_implicit_global_asset_job_def()
    with dg.instance_for_test() as instance:
        result = job.execute_in_process(instance=instance, asset_selection=[key], raise_on_error=False)
        logged = [r.user_message for r in instance.all_logs(result.run_id) if r.step_key == "dbt_models"]
    assert result.success
    [mat] = [e.event_specific_data.materialization for e in result.get_asset_materialization_events()]
    assert mat.asset_key == key and mat.metadata["dagster/row_count"].value == 2  # the seed's two articles
    checks = [e.event_specific_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    assert checks and all(c.asset_key == key and c.passed for c in checks)
    assert any("--select liaocheng_plan.staging.stg_documents" in m for m in logged)
    assert not any("dbt worker process" in m for m in logged)
