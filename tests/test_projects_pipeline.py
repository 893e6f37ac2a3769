"""End to end: a report derived from the corpus, dropped into seeds/texts/, gives its projects and stages in
the projects marts after one refresh (real Dagster run, dbt build, GX checks, published DuckDB file).

The text is a few paragraphs of the 2026 Anhui government work report (../shared/corpus). A second,
later text gives one of its projects an earlier stage, so the WARN rule project_stage_not_backwards
has something to flag; one row in projects.csv promotes a project the catalog did not hold, and one
row of project_status_reports.csv confirms its extracted stage. Its inputs are in tests/new_texts.py:
one refresh of seeds/ with them and the texts of two other modules.
"""

from __future__ import annotations

import duckdb
import pytest
from new_texts import EXCERPT, LATER

SEED_DOCS = ("000_7aa3fd634077bd17-1", "000_7aa3fd634077bd17-2")


@pytest.fixture(scope="module")
def refreshed(new_texts_refresh):
    """The published warehouse of the one refresh these texts share with tests/test_targets_e2e.py and
    tests/test_candidate_indicators.py (tests/new_texts.py), read-only."""
    con = duckdb.connect(str(new_texts_refresh["warehouse"]), read_only=True)
    yield con
    con.close()


def rows(con, sql, *params):
    return con.execute(sql, list(params)).fetchall()


def test_the_new_reports_projects_and_stages_are_in_the_marts(refreshed):
    con = refreshed
    mentions = {r[0]: r[1:] for r in rows(con, """
        select mention_name, extracted_stage, value_kind, extractor_version is not null
        from staging.stg_project_mentions where doc_id = ?""", f"{EXCERPT}-1")}
    assert mentions["亳州机场"][0] == "in_operation" and mentions["亳州机场"][1] == "actual"
    assert mentions["沿江高铁"][0] == "under_construction" and mentions["沿江高铁"][1] == "target"
    assert all(m[2] for m in mentions.values())
    # an unknown project is a candidate, with its mentions, documents and quotes
    candidates = {r[0]: r[1:] for r in rows(con, """
        select candidate_key, mention_count, document_count, doc_ids, example_quotes, extracted_stages
        from marts.dim_candidate_project""")}
    count, documents, doc_ids, quotes, stages = candidates["沿江高铁"]
    assert (count, documents) == (2, 2) and set(doc_ids) == {f"{EXCERPT}-1", f"{LATER}-1"}
    assert quotes[0] == "沿江高铁" and stages == ["under_construction"]
    assert "亳州机场" not in candidates  # promoted by its one row in projects.csv


def test_a_projects_lifecycle_across_reports_is_one_query(refreshed):
    history = rows(refreshed, """
        select doc_id, reported_on::varchar, status_code, status_source, value_kind, earlier_stage_order
        from marts.fct_project_status where project_code = 'prj_bozhou_airport' order by reported_on""")
    assert history == [
        (f"{EXCERPT}-1", "2026-02-11", "in_operation", "confirmed", "actual", None),
        (f"{LATER}-1", "2026-07-01", "preparation", "extracted", "actual", 6),
    ]
    (furthest,) = rows(refreshed, "select furthest_status_code from marts.dim_project where project_code = 'prj_bozhou_airport'")
    assert furthest == ("in_operation",)


def test_a_stage_going_backwards_is_a_warn_finding_and_the_refresh_publishes(refreshed):
    findings = rows(refreshed, """
        select severity, doc_a, doc_b, quote_a, observed_value, expected_value
        from marts.fct_open_findings where rule_id = 'project_stage_not_backwards'""")
    assert findings == [("WARN", f"{LATER}-1", f"{EXCERPT}-1", "亳州机场", 2.0, 6.0)]
    (status,) = rows(refreshed, """
        select status from quality.check_results
        where check_name = 'rule_project_stage_not_backwards' order by run_id desc limit 1""")
    assert status == ("failed",)


def test_the_seeds_projects_are_still_there(refreshed):
    con = refreshed
    assert rows(con, "select count(*) from marts.dim_project")[0][0] == 24  # 23 of the seed + the promoted one
    seed = rows(con, "select count(*), count(*) filter (where status_source <> 'extracted') from marts.fct_project_status "
                     "where doc_id in (?, ?)", *SEED_DOCS)[0]
    assert seed == (24, 24)  # every seed statement curated or confirmed, one per project × article
    furthest = dict(rows(con, "select project_name_zh, furthest_status_code from marts.dim_project"))
    assert furthest["济郑高铁"] == "in_operation" and furthest["聊城民用机场"] == "approved"
    portfolio = {r[0] for r in rows(con, "select indicator_code from marts.fct_project_portfolio")}
    assert {"ind_key_projects", "ind_projects_commissioned", "ind_pv_capacity"} <= portfolio
