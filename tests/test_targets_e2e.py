"""Issue 18 end to end: two generated work reports of one region for consecutive years — the
first sets the year's targets, the second reports the actuals of that year and sets the next
year's — dropped into a temporary copy of seeds/, give the right statuses after one refresh
(tests/new_texts.py: the refresh these texts share with two other modules)."""

import duckdb
import pytest

REGION = "371500"  # 聊城市


@pytest.fixture(scope="module")
def attainment(new_texts_refresh):
    """The two reports (tests/new_texts.py: FIRST, SECOND) published by the refresh they share with
    tests/test_projects_pipeline.py and tests/test_candidate_indicators.py."""
    with duckdb.connect(str(new_texts_refresh["warehouse"]), read_only=True) as con:
        rows = con.execute(
            "select a.indicator_code, a.target_year, a.status, a.comparison, a.target_quote, a.actual_quote, "
            "a.required_pace_pct, d.source_file "
            "from marts.fct_target_attainment as a join marts.dim_document as d on d.doc_id = a.target_doc_id "
            "where a.region_code = ? and d.source_file like '%lc_gwr_%'", [REGION]).fetchall()
        series = con.execute(
            "select year, value, report_count from marts.fct_indicator_series "
            "where indicator_code = 'ind_gdp_growth' and region_code = ? order by year", [REGION]).fetchall()
        seed = con.execute(
            "select status, actual_quote, required_pace_pct from marts.fct_target_attainment "
            "where target_source = 'plan_targets'").fetchall()
    return rows, series, seed


def _status(rows, indicator: str, year: int) -> tuple[str, str, str]:
    found = [(r[2], r[4], r[5]) for r in rows if r[0] == indicator and r[1] == year]
    assert len(found) == 1, (indicator, year, rows)
    return found[0]


@pytest.mark.parametrize(("indicator", "year", "status", "target_quote", "actual_quote"), [
    # closed 2025 targets, judged by the second report's actuals
    ("ind_gdp_growth", 2025, "met", "5.5%", "5.8%"),  # 5.5%左右 (± 10 %) reached by 5.8 %
    ("ind_general_budget_revenue_growth", 2025, "not met", "3%", "2.1%"),
    ("ind_disposable_income_growth", 2025, "met", "6%", "6.2%"),  # 6%以上: a floor
    ("ind_grain_output", 2025, "met", "600万吨", "612.3万吨"),
    # open 2026 targets, against the latest actual (2025)
    ("ind_gdp_growth", 2026, "ahead", "5%", "5.8%"),
    ("ind_disposable_income_growth", 2026, "lagging", "7%", "6.2%"),  # a rate target the latest rate misses
])
def test_consecutive_reports_give_the_right_statuses(attainment, indicator, year, status, target_quote, actual_quote):
    rows, _, _ = attainment
    got, tq, aq = _status(rows, indicator, year)
    assert got == status
    assert target_quote in tq and actual_quote in aq  # both quotes on the row


def test_the_series_keeps_one_value_per_year(attainment):
    _, series, _ = attainment
    assert [(y, v) for y, v, _ in series] == [(2024, 5.6), (2025, 5.8)]


def test_the_seed_plan_target_is_on_track(attainment):
    _, _, seed = attainment
    assert len(seed) == 1
    status, actual_quote, pace = seed[0]
    assert status == "on track" and actual_quote == "176个" and pace > 0
