"""Issue 18 end to end: two generated work reports of one region for consecutive years — the
first sets the year's targets, the second reports the actuals of that year and sets the next
year's — dropped into a temporary copy of seeds/, give the right statuses after one refresh."""

import duckdb
import pytest
from conftest import build_in_subprocess, copy_seeds

REGION = "371500"  # 聊城市


def work_report(year: int, delivered: str, review: str, targets: str) -> str:
    """A plain-text work report as a government web page gives it (title, subtitle, speaker, body)."""
    return "\n".join([
        f"{year}年聊城市政府工作报告",
        f"——{delivered}在聊城市第十八届人民代表大会会议上",
        "聊城市市长",
        "各位代表：",
        "现在，我代表市人民政府，向大会报告工作，请予审议。",
        f"一、{year - 1}年工作回顾",
        review,
        f"二、{year}年工作安排",
        targets,
        "",
    ])


FIRST = work_report(
    2025, "2025年1月20日",
    "过去一年，全市地区生产总值增长5.6%，居民人均可支配收入增长5.9%。",
    "今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右，一般公共预算收入增长3%，"
    "居民人均可支配收入增长6%以上，粮食产量稳定在600万吨以上。",
)
SECOND = work_report(
    2026, "2026年1月22日",
    "过去一年，全市地区生产总值增长5.8%，一般公共预算收入增长2.1%，居民人均可支配收入增长6.2%，粮食产量达到612.3万吨。",
    "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右，居民人均可支配收入增长7%以上。",
)


@pytest.fixture(scope="module")
def attainment(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("targets")
    seeds = copy_seeds(tmp)
    (seeds / "texts" / "lc_gwr_2025.txt").write_text(FIRST, encoding="utf-8")
    (seeds / "texts" / "lc_gwr_2026.txt").write_text(SECOND, encoding="utf-8")
    warehouse = tmp / "wh" / "targets.duckdb"
    warehouse.parent.mkdir()
    proc = build_in_subprocess(seeds, warehouse)
    assert proc.returncode == 0, proc.stdout[-4000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
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
