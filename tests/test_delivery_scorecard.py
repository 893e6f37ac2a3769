"""Issue 18: the scorecard's delivery section (六、规划实施) — a row per indicator with its target,
the latest actual, the status colour, the pace still needed and a small trajectory, each number
with its quote, and the portfolio of statuses — on the seed build, and in headless Chromium."""

import re

import duckdb
import pytest
from test_browser import browse, chromium  # noqa: F401 -- the fixture, reused

from orchestration.analyst import queries
from orchestration.analyst.scorecard import STATUSES, build_scorecard, sparkline


@pytest.fixture(scope="module")
def card(built_warehouse):
    _, path = built_warehouse
    with duckdb.connect(str(path), read_only=True) as con:
        return build_scorecard(con)


def section(html: str) -> str:
    return re.search(r'<section id="delivery">(.*?)</section>', html, re.S).group(1)


def test_the_delivery_section_shows_the_seed_target_with_both_quotes(card):
    body = section(card.html)
    assert "六、规划实施" in body
    # the seed's one plan target: 236 planned for 2025, 176 commissioned by 24 July → on track
    assert 'data-status="on track"' in body and STATUSES["on track"][1] in body
    assert "236个2025年度计划竣工投产项目" in body and "176个" in body
    assert "%/年" in body  # the pace still needed, with the quotes it is computed from
    assert '<svg class="spark"' in body and "<title>2025: 176个</title>" in body
    assert ("目标 " + STATUSES["on track"][0], "1项") in card.headline


def test_sparkline_draws_points_and_the_target():
    import pandas as pd

    svg = sparkline(pd.DataFrame({"year": [2023, 2024], "signed_value": [5.0, 5.4], "quote": ["5%", "5.4%"]}), 6.0, 2026)
    assert svg.count("<circle") == 2 and "<line" in svg and "<title>2024: 5.4%</title>" in svg
    assert sparkline(pd.DataFrame({"year": [], "signed_value": [], "quote": []}), None, None) == "—"


def test_ask_q8_answers_targets_against_actuals_for_a_region(built_warehouse):
    _, path = built_warehouse
    con = queries.open_read_only(str(path))
    try:
        frame = queries.ask(con, "Q8")  # default region: Liaocheng
        by_name = queries.ask(con, "Q8", region="聊城市")
        other = queries.ask(con, "Q8", region="Gansu")
    finally:
        con.close()
    assert list(frame.status) == ["on track"] and frame.equals(by_name)
    assert frame.target_quote[0] == "236个2025年度计划竣工投产项目" and frame.actual_quote[0] == "176个"
    assert len(other) == 0  # a region with no targets: an empty answer, not an error


def test_the_delivery_section_renders_in_headless_chromium(chromium, card, tmp_path):  # noqa: F811
    page_file = tmp_path / "scorecard.html"
    page_file.write_text(card.html, encoding="utf-8")
    page = browse(chromium, page_file.as_uri(), "--host-resolver-rules=MAP * ~NOTFOUND", "--dump-dom").stdout
    charts = int(re.search(r'data-charts="(\d+)"', page).group(1))
    assert f'data-charts-rendered="{charts}"' in page and 'data-charts-failed="0"' in page, page[:500]
    body = section(page)
    assert body.count('class="marks"') == 1  # the portfolio of statuses, drawn by Vega as SVG
    assert "符合进度 on track" in body and '<svg class="spark"' in body
