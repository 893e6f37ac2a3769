"""Indicator families: members made from a fact's subject by rule (seeds/curated/indicator_families.csv)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from orchestration.inputs.curated import CuratedCsvError, load_curated, load_registry
from orchestration.inputs.fact_links import link_with_overrides
from orchestration.parsing.facts import extract
from orchestration.parsing.linking import IndicatorError, link, linked_member, load_families, load_indicators, with_members

ROOT = Path(__file__).resolve().parents[2]
TABLES = load_curated(ROOT / "seeds" / "curated", load_registry(ROOT / "seeds" / "schema.csv"))
FAMILY_ROWS = TABLES["indicator_families"].rows
FAMILIES = load_families(FAMILY_ROWS)
CATALOG = load_indicators([{**r, "aliases": "|".join(r["aliases"] or [])} for r in TABLES["indicators"].rows])


def linked(body: str, doc_id: str = "d1", region: str = "371500") -> dict[str, tuple]:
    facts = extract(body, doc_id=doc_id, doc_date=dt.date(2025, 7, 24), default_region=region).facts
    out = {}
    for f in link(facts, CATALOG, (), FAMILIES):
        member = linked_member(f, FAMILIES)
        out[f.quote] = (f.indicator_code, f.link_rule, f.link_alias, member)
    return out


def one(body: str, **kw) -> tuple:
    (got,) = linked(body, **kw).values()
    return got


def family_row(**over):
    row = {"family": "f1", "name_zh": "甲", "name_en": "A", "heads": ["平台"], "units": ["count"],
           "stat_type": "count", "theme": "projects", "direction": "neutral"}
    return {**row, **over}


# ----------------------------------------------------------------------------- the families file
def test_the_shipped_families_load_and_every_family_is_documented():
    assert {f.family for f in FAMILIES} >= {"count_designated", "value_added", "investment", "production", "growth"}
    assert all(r["note"] for r in FAMILY_ROWS)


@pytest.mark.parametrize("rows, message", [
    ([family_row(), family_row()], "duplicate family 'f1'"),
    ([family_row(stat_type="ratio")], "stat_type 'ratio'"),
    ([family_row(heads=[])], "missing or empty column"),
    ([family_row(), family_row(family="f2", heads=["平台", "基地"])], "head '平台' in unit 'count' is also a head of f1"),
])
def test_a_bad_family_row_is_refused_on_load(rows, message):
    with pytest.raises(IndicatorError, match=message):
        load_families(rows)


def test_a_bad_family_row_names_the_families_csv_when_linking():
    with pytest.raises(CuratedCsvError, match="indicator_families.csv"):
        link_with_overrides([], TABLES["indicators"].rows, [], (), [family_row(), family_row()])


def test_a_head_may_repeat_in_two_families_of_different_units():
    fams = load_families([family_row(), family_row(family="f2", units=["km"])])
    assert [f.family for f in fams] == ["f1", "f2"]


# ----------------------------------------------------------------------------- members
def test_a_count_of_designated_units_is_a_member_with_its_level():
    code, rule, member_name, member = one("新增国家级科技企业孵化平台12个。")
    assert rule == "family:count_designated" and code.startswith("fam_count_designated_")
    assert member.level == "国家级" and member.unit == "count" and "科技企业孵化平台" in member_name


def test_the_same_measure_in_two_reports_joins_one_member():
    a = one("建成精品示范村719个。", doc_id="a")
    b = one("全省建成精品示范村300个。", doc_id="b", region="370000")
    assert a[1] == b[1] == "family:count_designated" and a[0] == b[0]


def test_a_leading_verb_of_doing_is_no_part_of_the_member():
    assert one("建成精品示范村719个。")[2] == "精品示范村数"


def test_the_catalog_comes_before_the_families():
    assert one("地区生产总值增长5%。")[:2] == ("ind_gdp_growth", "subject")


def test_a_percent_change_of_a_named_measure_is_a_growth_member_and_its_growth_rate_joins_it():
    change = one("航空航天器及设备投资增长61.2%。")
    rate = one("航空航天器及设备投资增速达到8%。")
    assert change[1] == rate[1] == "family:growth" and change[0] == rate[0]
    assert change[2] == "航空航天器及设备投资" and change[3].unit == "percent"


def test_a_relative_change_of_a_share_has_no_family():
    assert one("民间投资占比增长3%。")[0] is None


def test_units_convert_before_membership_and_a_member_holds_one_unit():
    mu = one("完成沙化土地综合治理1128万亩。")
    hectare = one("完成沙化土地综合治理20万公顷。")  # units.csv reads 公顷 as 15 亩
    km2 = one("完成沙化土地综合治理117平方公里。")
    assert mu[1] == hectare[1] == km2[1] == "family:area"
    assert mu[0] == hectare[0] != km2[0]
    assert (mu[3].unit, km2[3].unit) == ("mu", "km2")


def test_a_rank_is_a_member_with_the_field_the_sentence_names():
    code, rule, member_name, member = one("高铁运营里程居全国第6位。")
    assert rule == "family:rank" and member_name == "高铁运营里程|全国" and member.unit == "rank"


def test_a_rank_without_a_field_has_no_family():
    assert one("高铁运营里程排第6位。")[0] is None


def test_a_bad_cut_subject_is_no_member():
    assert one("张掖等11个市和两当县。")[0] is None


def test_a_fallback_family_takes_a_noun_phrase_written_beside_the_figure():
    assert one("出让矿业权755宗。")[1] == "family:count_other"
    assert one("发放政府消费券8亿元以上。")[1] == "family:amount_other"


def test_a_fallback_member_of_people_must_name_people():
    assert one("城镇更新改造惠及390万人。")[0] is None


def test_a_list_item_that_names_people_or_entities_does_not_borrow_the_last_items_head():
    got = linked("进口货值、免签入境游客、新增外资企业、离岛免税销售额分别增长38.9%、64%、13%、46.8%。")
    assert got["64%"][0] is None and got["13%"][0] is None
    assert got["46.8%"][1] == "family:growth"


# ----------------------------------------------------------------------------- catalog refusals of this round
def test_a_named_entity_before_the_subject_keeps_its_figure_from_the_place():
    code, rule, *_ = one("昆明长水国际机场年度旅客吞吐量近5000万人次。")
    assert code is None and rule.startswith("refused_entity:机场")


def test_one_population_is_no_observation_of_an_urban_rural_average():
    got = linked("城乡低保标准分别提高48%、45.5%。")
    assert all(not (code or "").startswith("ind_") for code, *_ in got.values())


def test_one_figure_for_a_list_of_measures_is_no_member():
    assert one("造纸与木材加工、石化化工、电力、机械产业产值超2千亿元。")[0] is None
    assert one("牛奶、牛肉、羊肉等产量稳居全国首位。")[0] is None


def test_examples_of_one_thing_are_one_measure():
    assert one("引进华为智能生活馆、砂之船奥莱等首店100多家。")[1] == "family:count_designated"


def test_a_member_says_what_it_measures():
    assert one("完成投资超2100亿元。")[0] is None  # 完成|投资: whose?
    assert one("建成示范村500个左右。")[0] is None  # 示范村: what kind?
    assert one("“四个十大”项目完成投资超2100亿元。")[2] == "四个十大项目完成投资"


def test_a_count_per_head_is_no_count_member():
    assert one("每千人口拥有3岁以下婴幼儿托位数达4.59个。")[0] == "ind_childcare_places_per_1000"


def test_a_rank_of_any_named_measure_in_a_named_field():
    code, rule, member_name, _ = one("光储产业综合竞争力居全国第3位。")
    assert rule == "family:rank" and member_name == "光储产业综合竞争力|全国"


def test_a_fallback_member_of_people_ends_with_a_person_noun():
    assert one("育儿补贴惠及60万人。")[0] is None
    assert one("培育高素质农民3000人以上。")[1] == "family:count_other"


def test_two_subjects_run_together_are_no_member():
    assert one("富平园区经济总量超200亿元县数产值超过200亿元。")[0] is None


def test_a_catalog_alias_after_a_verb_of_doing_links_to_the_catalog():
    code, rule, alias, _ = one("建成电力装机2000万千瓦。")
    assert (code, rule, alias) == ("ind_power_capacity", "subject_verb", "电力装机")


def test_a_gap_linked_to_a_family_names_its_member():
    """A gap in points against a benchmark is linked on its indicator's view (the subject without
    ``（高于全国…的幅度）``); the member written beside the link is that same view's, never None
    (a family-linked fact without a family broke stg_facts' relationship test for a whole refresh)."""
    body = ("对俄进出口增速高于全国8.4个百分点。"
            "农作物耕种收综合机械化率达到95%、高于全国平均水平18.3个百分点。")
    got = linked(body, region="230000")
    gaps = {q: v for q, v in got.items() if "个百分点" in q}
    assert gaps
    for quote, (code, rule, _alias, member) in gaps.items():
        if rule.startswith("family:"):
            assert member is not None and member.code == code, quote
            assert member.family == rule.split(":", 1)[1]
    assert any(rule.startswith("family:") for _, rule, _, _ in gaps.values()), gaps


def test_a_family_link_without_its_member_is_undone_and_said():
    facts = extract("对俄进出口增速高于全国8.4个百分点。", doc_id="d1", doc_date=dt.date(2025, 7, 24),
                    default_region="230000").facts
    (fact,) = [f for f in link(facts, CATALOG, (), FAMILIES) if (f.link_rule or "").startswith("family:")]
    kept, members = with_members([fact], FAMILIES)
    assert kept == [fact] and members[fact.fact_id].code == fact.indicator_code
    broken = fact.evolve(indicator_code="fam_growth_0000000000")
    (undone,), members = with_members([broken], FAMILIES)
    assert members == {}
    assert undone.indicator_code is None and undone.link_rule == "refused_family_member:fam_growth_0000000000"
