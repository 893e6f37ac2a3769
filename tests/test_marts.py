"""The marts answer the README's analyst questions with the seed's figures, and every
observation traces back to its indicator, region, period, document and quote."""

import duckdb
import pytest

from orchestration.analyst.analyses import list_analyses, run

DOC1, DOC2 = "000_7aa3fd634077bd17-1", "000_7aa3fd634077bd17-2"


@pytest.fixture(scope="module")
def con(built_warehouse):
    result, path = built_warehouse
    assert result.success
    with duckdb.connect(str(path), read_only=True) as connection:
        yield connection


def scalar(con, sql, *params):
    return con.execute(sql, list(params)).fetchone()[0]


def test_every_observation_joins_to_its_dimensions(con):
    total = scalar(con, "select count(*) from marts.fct_indicator_observation")
    joined = scalar(
        con,
        """select count(*) from marts.fct_indicator_observation o
           join marts.dim_indicator using (indicator_code)
           join marts.dim_region using (region_code)
           join marts.dim_period using (period_id)
           join marts.dim_document using (doc_id)""",
    )
    assert total == joined == scalar(con, "select count(*) from staging.stg_facts where fact_status <> 'rejected'") + 1


def test_every_quote_is_at_its_offsets_in_the_document(con):
    rows = con.execute(
        """select o.quote, o.char_start, o.char_end, d.body from marts.fct_indicator_observation o
           join staging.stg_documents d using (doc_id) where o.value_kind <> 'derived'"""
    ).fetchall()
    assert rows and all(body[start:end] == quote for quote, start, end, body in rows)


def test_q1_plan_assessment(con):
    rows = {r["assessment"]: r for r in run(con, "q1_plan_assessment").to_dict("records")}
    assert rows["exceeded"]["indicator_count"] == 9 and rows["on_track"]["indicator_count"] == 13
    assert rows["exceeded"]["named_zh"] == "固定资产投资增速、研发支出与生产总值之比"
    assert rows["on_track"]["named_zh"] == "地区生产总值、财政收入增长"


def test_q2_energy_transition(con):
    frame = run(con, "q2_energy_transition")
    values = {(r["indicator"], r["doc_id"]): r["value"] for r in frame.to_dict("records")}
    assert values[("Capacity of small coal-fired units retired", DOC2)] == 2_152_000
    assert values[("Photovoltaic capacity", DOC2)] == 1_530_000
    assert values[("Centralised photovoltaic projects", DOC2)] == 35
    assert values[("Share of new and renewable energy in installed capacity", DOC1)] == 30
    assert values[("New-energy power generation", DOC1)] == 5.8e9
    assert values[("Wind power capacity", DOC1)] == 3_500_000


def test_q3_key_project_completion_rate(con):
    (row,) = run(con, "q3_key_project_completion_2025").to_dict("records")
    assert (row["planned"], row["in_production"], row["completion_rate_pct"]) == (236, 176, 74.6)
    assert row["period"] == "2025"


def test_q4_projects_by_lifecycle_status_and_category(con):
    frame = run(con, "q4_projects_by_status_category")
    assert frame["projects"].sum() == scalar(con, "select count(*) from marts.dim_project")
    furthest = dict(con.execute("select project_name_zh, furthest_status_code from marts.dim_project").fetchall())
    # Article 1 says 全面开通 (in operation), article 2 全线贯通 (completed): the furthest stage wins.
    assert furthest["济郑高铁"] == "in_operation"
    assert furthest["聊邯长高铁"] == "preparation"
    assert furthest["聊城民用机场"] == "approved"
    assert furthest["信发集团#7#8#9机组"] is None


def test_q5_every_figure_of_one_document_in_reading_order(con):
    frame = run(con, "q5_document_figures", doc_id=DOC2)
    assert list(frame["char_start"]) == sorted(frame["char_start"])
    assert "7330台" in set(frame["quote"]) and "176个" in set(frame["quote"])
    assert len(frame) == scalar(con, "select count(*) from staging.stg_facts where doc_id = ?", DOC2)


def test_q6_figures_both_reports_give(con):
    frame = run(con, "q6_cross_report_figures")
    rows = {r["indicator"]: r for r in frame.to_dict("records")}
    assert rows["Key projects implemented"]["agree"]  # ">3900" twice: agree within precision
    coal = rows["Small coal-fired units closed"]
    assert not coal["agree"] and {coal["value_a"], coal["value_b"]} == {26, 28}
    assert (coal["documents"], coal["comparisons"], coal["failed_comparisons"]) == (2, 1, 1)
    assert not frame["agree"].iloc[0]  # disagreements first
    # one row per figure, and every disagreement is an open finding of a same_figure_agrees rule
    assert frame.groupby(["indicator", "region", "period", "value_kind"]).size().max() == 1
    open_pairs = scalar(con, """select count(distinct (indicator_code, region_code, period_id)) from marts.fct_open_findings
                                where rule_id in (select rule_id from raw.consistency_rules where kind = 'same_figure_agrees')""")
    assert open_pairs == int((~frame["agree"]).sum())


def test_derived_baseline_has_lineage(con):
    (value, period, derived_from) = con.execute(
        """select value, period_id, derived_from from marts.fct_indicator_observation
           where value_kind = 'derived' and indicator_code = 'ind_good_air_days'"""
    ).fetchone()
    assert (value, period) == (223, "2020-01-01/2020-12-31")
    quotes = {r[0] for r in con.execute("select quote from staging.stg_facts where fact_id in (select unnest(?))", [derived_from]).fetchall()}
    assert quotes == {"245天", "22天"}


def test_project_portfolio_holds_the_reports_aggregates(con):
    got = {(r[0], r[1]) for r in con.execute("select indicator_code, value from marts.fct_project_portfolio").fetchall()}
    for expected in [("ind_key_projects", 3900), ("ind_projects_planned_completion", 236), ("ind_projects_commissioned", 176),
                     ("ind_pv_projects", 35), ("ind_pv_capacity", 1_530_000), ("ind_coal_units_closed", 28),
                     ("ind_coal_capacity_retired", 2_152_000), ("ind_railway_spur_lines", 3),
                     ("ind_expressway_projects", 5), ("ind_public_charging_piles", 7330)]:
        assert expected in got


def test_every_analysis_runs(con):
    assert len(list_analyses()) == 8  # q7 project lifecycle (issue 16), q8 targets against actuals (issue 18)
    for name in list_analyses():
        assert len(run(con, name)) > 0, name
