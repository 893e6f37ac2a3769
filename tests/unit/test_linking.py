"""Linking facts to the indicator catalog, and curated overrides."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from orchestration.parsing.facts import extract
from orchestration.parsing.linking import (
    CATALOG_COLUMNS,
    DIRECTIONS,
    STAT_TYPES,
    IndicatorError,
    OverrideError,
    apply_overrides,
    link,
    load_indicators,
)

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "seeds" / "curated" / "indicators.csv"


def row(code, name, unit, stat="count", aliases=""):
    return {"code": code, "name_zh": name, "name_en": code, "theme": "economy", "canonical_unit": unit,
            "stat_type": stat, "direction": "higher_is_better", "aliases": aliases}


INDICATORS = load_indicators([
    row("ind_gdp", "地区生产总值", "yuan", "level", "生产总值|GDP"),
    row("ind_gdp_growth", "地区生产总值增速", "percent", "growth", "地区生产总值|GDP"),
    row("ind_energy_intensity", "单位GDP能耗", "tce_per_10k_yuan", "level"),
    row("ind_pv_projects", "集中式光伏项目", "count", "count", "光伏项目"),
    row("ind_pv_capacity", "光伏装机容量", "kw", "level", "光伏项目装机容量"),
    row("ind_good_air_days_ratio", "优良天数比例", "percent", "share"),
])


def facts_of(body: str, doc_id: str = "d1"):
    return extract(body, doc_id=doc_id, doc_date=dt.date(2025, 7, 24), default_region="371500").facts


def linked(body: str) -> dict[str, str | None]:
    return {f.quote: f.indicator_code for f in link(facts_of(body), INDICATORS)}


def test_longest_alias_wins_over_a_shorter_one():
    assert linked("单位GDP能耗累计下降22%。") == {"22%": "ind_energy_intensity"}


def test_percent_change_prefers_the_growth_indicator_and_level_the_level_one():
    assert linked("地区生产总值增长4.8%，地区生产总值达到3.2万亿元。") == {
        "4.8%": "ind_gdp_growth", "3.2万亿元": "ind_gdp"}


def test_unit_compatibility_decides_between_same_named_indicators():
    got = linked("35个集中式光伏项目并网发电，装机容量153万千瓦。")
    assert got == {"35个": "ind_pv_projects", "153万千瓦": "ind_pv_capacity"}


def test_pp_change_needs_a_percent_indicator():
    assert linked("优良天数比例提高6.1个百分点。") == {"6.1个百分点": "ind_good_air_days_ratio"}
    assert linked("集中式光伏项目提高6.1个百分点。") == {"6.1个百分点": None}


def test_unmatched_facts_stay_unlinked():
    out = link(facts_of("建成幸福食堂441个。"), INDICATORS)
    assert [(f.indicator_code, f.link_alias, f.status) for f in out] == [(None, None, "extracted")]


def test_link_records_the_alias():
    (f,) = link(facts_of("单位GDP能耗累计下降22%。"), INDICATORS)
    assert f.link_alias == "单位GDP能耗"


def test_catalog_file_is_well_formed():
    with CATALOG.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == CATALOG_COLUMNS
        rows = list(reader)
    indicators = load_indicators(rows)
    assert len(indicators) == len(rows) >= 60
    for ind in indicators:
        assert ind.code.startswith("ind_") and ind.stat_type in STAT_TYPES and ind.direction in DIRECTIONS
        assert ind.aliases[0] == ind.name_zh and all(ind.aliases)


@pytest.mark.parametrize("bad, message", [
    ({"stat_type": "ratio"}, "stat_type"),
    ({"direction": "up"}, "direction"),
    ({"code": ""}, "duplicate"),
])
def test_load_indicators_rejects_bad_rows(bad, message):
    with pytest.raises(IndicatorError, match=message):
        load_indicators([{**row("ind_x", "某指标", "count"), **bad}])


def test_load_indicators_rejects_duplicate_codes():
    with pytest.raises(IndicatorError, match="duplicate"):
        load_indicators([row("ind_x", "甲", "count"), row("ind_x", "乙", "count")])


# ----------------------------------------------------------------- overrides

BODY = "新增省级数字经济园区6个、省级智能工厂6个。9项指标超出预期。"


def test_reject_keeps_the_fact_with_status():
    facts = facts_of(BODY)
    out = apply_overrides(facts, [{"doc_id": "d1", "quote": "9项", "action": "reject",
                                   "indicator_code": "", "note": "not an indicator"}])
    assert len(out) == len(facts)
    (rejected,) = [f for f in out if f.quote == "9项"]
    assert (rejected.status, rejected.override_note) == ("rejected", "not an indicator")


def test_relink_sets_indicator_and_records_override():
    out = apply_overrides(link(facts_of(BODY), INDICATORS),
                          [("d1", "9项指标超出预期", "relink", "ind_plan_ahead", "predicate decides")])
    (f,) = [f for f in out if f.quote == "9项"]
    assert (f.indicator_code, f.status, f.override_note) == ("ind_plan_ahead", "relinked", "predicate decides")
    assert link(out, INDICATORS)[-1].indicator_code == "ind_plan_ahead"  # relinking is not undone


def test_ambiguous_quote_needs_context_snippet():
    facts = facts_of(BODY)
    with pytest.raises(OverrideError, match="matches 2 facts"):
        apply_overrides(facts, [("d1", "6个", "reject", "", "")])
    out = apply_overrides(facts, [("d1", "省级智能工厂6个", "reject", "", "")])
    assert [f.status for f in out if f.quote == "6个"] == ["extracted", "rejected"]


@pytest.mark.parametrize("override, message", [
    (("d1", "7个", "reject", "", ""), "matches no fact"),
    (("d2", "9项", "reject", "", ""), "matches no fact"),
    (("d1", "9项", "delete", "", ""), "action"),
    (("d1", "9项", "relink", "", ""), "indicator_code"),
])
def test_bad_override_rows_raise_naming_the_row(override, message):
    with pytest.raises(OverrideError, match=message) as err:
        apply_overrides(facts_of(BODY), [override])
    assert "override row 1" in str(err.value) and override[1] in str(err.value)


def test_curated_overrides_file_is_well_formed():
    with (ROOT / "seeds" / "curated" / "fact_overrides.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == ("doc_id", "quote", "action", "indicator_code", "note")
        codes = {i.code for i in load_indicators(CATALOG)}
        for r in reader:
            assert r["action"] in {"reject", "relink"} and r["note"].strip(), r
            assert r["action"] == "reject" or r["indicator_code"] in codes, r
