"""The scorecard: what it shows from the seed warehouse, that it needs no network, that every
figure carries its quote and document, and the Dagster asset that writes it."""

import inspect
import json
import re
import shutil

import dagster as dg
import duckdb
import pytest

from orchestration.analyst.scorecard import build_scorecard, log_ticks, marked_sentence
from orchestration.defs.resources import WarehouseResource
from orchestration.storage.files import file_sha256
from orchestration.storage.paths import DBT_PROJECT_DIR

DOC_1 = "000_7aa3fd634077bd17-1"
DOC_2 = "000_7aa3fd634077bd17-2"


@pytest.fixture(scope="module")
def card(built_warehouse):
    _, path = built_warehouse
    with duckdb.connect(str(path), read_only=True) as con:
        return build_scorecard(con)


def chart_specs(html: str) -> list[dict]:
    payload = re.search(r'<script type="application/json" id="chart-specs">(.*?)</script>', html, re.S).group(1)
    return json.loads(payload.replace("<\\/", "</"))


def test_headline_figures_come_from_the_seed(card):
    headline = dict(card.headline)
    assert headline["超出预期 Ahead of expectations"] == "9项"
    assert headline["符合预期 In line with expectations"] == "13项"
    assert headline["2025 竣工投产率 Completion rate"] == "74.6%"  # 176 ÷ 236
    assert headline["新能源装机占比 New-energy share"] == "30%"
    assert headline["待核查发现 Open findings"] == "1"
    assert [s.split()[-1] for s in card.sections] == ["assessment", "transition", "projects", "Livelihood", "findings", "actuals"]


def test_page_is_self_contained(card):
    html = card.html
    assert not re.search(r"<script[^>]*\bsrc=", html)  # no script fetched
    assert not re.search(r"<link[^>]*\bhref=", html)  # no stylesheet or font fetched
    assert not re.search(r"<img[^>]*\bsrc=\"?https?:", html)
    assert "vegaEmbed" in html and "window.vegaEmbed=" in html  # the library itself is inline
    assert card.charts == len(chart_specs(html)) == html.count('class="chart"') == 9


def test_every_charted_figure_carries_its_quote_and_document(card):
    specs = chart_specs(card.html)
    with_quotes = 0
    for spec in specs:
        rows = [row for values in spec["datasets"].values() for row in values]
        assert rows, spec
        if "quote" in rows[0]:
            with_quotes += 1
            assert all(row["quote"] and row["doc"] for row in rows), rows
            tooltip_fields = json.dumps(spec)
            assert '"field": "quote"' in tooltip_fields and '"field": "doc"' in tooltip_fields
    # all but the lifecycle funnel, which lists its projects instead, and the delivery statuses, which count
    # indicators (each with its quotes in the delivery table under it)
    assert with_quotes == len(specs) - 2
    html = card.html
    for quote in ("26台", "28台", "215.2万千瓦", "153万千瓦", "350万千瓦", "441个", "90%", "176个", "236个"):
        assert f'<span class="quote">{quote}</span>' in html or f"<mark>{quote}</mark>" in html, quote
    assert f"{DOC_1}" in html and f"{DOC_2}" in html
    assert "“上大压小”赋能绿色能源发展，累计关停淘汰落后小煤电机组<mark>28台</mark>" in html


def test_funnel_counts_projects_by_furthest_stage(card):
    funnel = next(s for s in chart_specs(card.html) if "reached" in json.dumps(s))
    rows = {r["stage_order"]: r for values in funnel["datasets"].values() for r in values}
    assert rows[6]["at_stage"] == rows[6]["reached"] == 5  # in operation
    assert rows[1]["reached"] == 20 and rows[0]["at_stage"] == 3  # 23 named, 3 without a reported stage
    assert all(rows[k]["reached"] >= rows[k + 1]["reached"] for k in range(1, 6))


def test_helpers():
    assert marked_sentence("累计建成公共充电桩7330台。", "7330台") == "累计建成公共充电桩<mark>7330台</mark>。"
    assert marked_sentence("<b>", "x") == "&lt;b&gt;"
    assert log_ticks(1000) == [0, 1, 10, 100, 1000] and log_ticks(5.3) == [0, 1]


def test_scorecard_asset_writes_the_report_beside_the_warehouse(published_copy):
    from orchestration.defs.assets.reports import scorecard

    published = published_copy
    before = file_sha256(published)
    with dg.instance_for_test() as instance:
        result = dg.materialize([scorecard], resources={"warehouse": WarehouseResource(path=str(published))},
                                instance=instance)
    assert result.success
    [event] = result.get_asset_materialization_events()
    meta = event.event_specific_data.materialization.metadata
    report = published.with_name("scorecard.html")
    assert meta["path"].value == str(report) and meta["charts"].value == 9
    assert meta["size_bytes"].value == report.stat().st_size > 500_000
    assert meta["read_from"].value == str(published) and "74.6%" in meta["preview"].value
    assert "28台" in report.read_text(encoding="utf-8")
    assert not list(published.parent.glob(".scorecard.html*"))  # no half-written report left behind
    assert not published.with_name(".liaocheng.building.duckdb").exists()
    assert file_sha256(published) == before  # read-only: the published warehouse is untouched


def test_scorecard_is_drawn_only_after_a_publish():
    """In the refresh job the report follows `published_warehouse`: a run that does not publish
    (a failed blocking check) skips it, so the last good scorecard stays beside the last good warehouse."""
    from orchestration.defs.definitions import defs

    graph = defs.resolve_asset_graph()
    assert dg.AssetKey("published_warehouse") in graph.get(dg.AssetKey(["reports", "scorecard"])).parent_keys


def test_scorecard_charts_liaocheng_only(built_warehouse, card, tmp_path):
    """Other reports share the warehouse (provinces, other cities): the scorecard keeps to the city
    and its counties, so a figure moved to another region and a finding about it leave the report."""
    _, seed = built_warehouse
    copy = tmp_path / "other_region.duckdb"
    shutil.copyfile(seed, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("UPDATE marts.fct_indicator_observation SET region_code = '110000' WHERE quote = '7330台'")
        con.execute("UPDATE marts.fct_open_findings SET region_code = '110000'")
    with duckdb.connect(str(copy), read_only=True) as con:
        moved = build_scorecard(con)
    # the charging piles are cited in two sections of the seed's card (livelihood, key projects)
    assert moved.figures == card.figures - 2
    assert dict(moved.headline)["待核查发现 Open findings"] == "0"


def section_html(html: str, anchor: str) -> str:
    start = html.index(f'<section id="{anchor}">')
    return html[start:html.index("</section>", start)]


def test_scorecard_queries_are_dbt_report_models_upstream_of_it():
    """The page's SQL lives in dbt (models/reports/): every report model it reads is an asset upstream
    of reports/scorecard, so lineage shows what it reads; it reads no mart directly."""
    import orchestration.analyst.scorecard as page
    from orchestration.defs.definitions import defs

    source = inspect.getsource(page)
    read = set(re.findall(r"\breports\.(rpt_\w+)", source))
    assert read == set(page.REPORT_MODELS)
    graph = defs.resolve_asset_graph()
    parents = graph.get(dg.AssetKey(["reports", "scorecard"])).parent_keys
    assert {dg.AssetKey(["reports", name]) for name in read} <= parents
    assert all(graph.get(dg.AssetKey(["reports", name])).group_name == "reports" for name in read)
    assert not re.search(r"\b(FROM|JOIN)\s+marts\.", source, re.I)
    # the completion rate is computed once: analyses/q3 and the scorecard's section both read it
    manifest = json.loads((DBT_PROJECT_DIR / "target" / "manifest.json").read_text(encoding="utf-8"))
    nodes = {n["name"]: n for n in manifest["nodes"].values()}
    shared = "model.liaocheng_plan.rpt_project_completion"
    assert shared in nodes["q3_key_project_completion_2025"]["depends_on"]["nodes"]
    assert shared in nodes["rpt_scorecard_completion"]["depends_on"]["nodes"]
    assert nodes["rpt_project_completion"]["schema"] == "reports"


def test_the_curated_scorecard_indicators_decide_what_each_section_shows(built_warehouse, card, tmp_path):
    """seeds/curated/scorecard_indicators.csv, not code, lists each section's indicators: a row taken
    out of raw.scorecard_indicators removes its chart and tile, a row added puts its figures in the section."""
    _, seed = built_warehouse
    copy = tmp_path / "catalog.duckdb"
    shutil.copyfile(seed, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("DELETE FROM raw.scorecard_indicators WHERE chart = 'share'")
        con.execute("INSERT INTO raw.scorecard_indicators (section, indicator_code) "
                    "VALUES ('livelihood', 'ind_public_charging_piles')")
    with duckdb.connect(str(copy), read_only=True) as con:
        changed = build_scorecard(con)
    assert "新能源装机占比 New-energy share" in dict(card.headline)
    assert "新能源装机占比 New-energy share" not in dict(changed.headline)
    assert changed.charts == card.charts - 1  # the share bar
    charging = '<span class="quote">7330台</span>'
    assert charging not in section_html(card.html, "livelihood")
    assert charging in section_html(changed.html, "livelihood")
    assert changed.figures == card.figures  # one figure (30%) left the energy table, one (7330台) joined livelihood


def test_a_warehouse_without_the_report_models_fails_naming_them(built_warehouse, tmp_path):
    """A warehouse published before the report models existed: one line saying what to do, no half page."""
    from orchestration.analyst.scorecard import MissingReportModels

    _, seed = built_warehouse
    copy = tmp_path / "old.duckdb"
    shutil.copyfile(seed, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("DROP VIEW reports.rpt_scorecard_completion")
    with duckdb.connect(str(copy), read_only=True) as con, pytest.raises(MissingReportModels) as err:
        build_scorecard(con)
    assert str(err.value).startswith("the warehouse has no reports.rpt_scorecard_completion: refresh it")
