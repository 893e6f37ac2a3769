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


# ----------------------------------------------------------------------------- linking that can say no
# Made-up phrases; each exercises one rule of linking.position_rule / stat_compatible.
RULE_INDICATORS = load_indicators([
    row("ind_gdp_growth", "地区生产总值增速", "percent", "growth", "地区生产总值|GDP"),
    row("ind_investment_growth", "固定资产投资增速", "percent", "growth", "固定资产投资|投资"),
    row("ind_manufacturing_va", "制造业增加值", "yuan", "level"),
    row("ind_good_air_days_ratio", "优良天数比例", "percent", "share", "优良天数"),
    row("ind_farmland", "高标准农田", "mu", "level"),
    row("ind_ports", "港口", "count", "count"),
])


def judged(body: str) -> dict[str, tuple[str | None, str | None]]:
    return {f.quote: (f.indicator_code, f.link_rule) for f in link(facts_of(body), RULE_INDICATORS)}


def test_an_alias_followed_by_another_measure_is_refused_with_its_word():
    got = judged("某某业对经济增长贡献率达到71%。民间投资占比达到36%。")
    assert got["71%"][0] is None and got["36%"][0] is None
    assert got["36%"][1].startswith("refused_longer_measure:占比")


def test_a_word_that_keeps_the_measure_may_follow_the_alias():
    got = judged("高标准农田建设达到30万亩。")
    assert got["30万亩"] == ("ind_farmland", "same_measure_suffix")


def test_a_relation_before_the_alias_refuses_it():
    from orchestration.parsing.linking import position_rule
    assert position_rule("某产业对GDP", 4, "GDP") == (False, "refused_relation:对")
    assert position_rule("物流费用与GDP", 5, "GDP") == (False, "refused_relation:与")


def test_a_sub_sector_before_an_aggregate_alias_refuses_it_but_scope_words_do_not():
    from orchestration.parsing.linking import position_rule
    got = judged("装备制造业增加值达到900亿元。")
    assert got["900亿元"][0] is None and got["900亿元"][1].startswith("refused_sub_sector:装备")
    assert position_rule("全社会固定资产投资", 3, "固定资产投资") == (True, "subject_scope")
    assert position_rule("民间固定资产投资", 2, "固定资产投资") == (False, "refused_sub_sector:民间")


def test_a_prefix_before_a_count_alias_is_kept_as_a_weaker_link():
    from orchestration.parsing.linking import position_rule
    assert position_rule("内河港口", 2, "港口") == (True, "subject_prefix")


def test_no_link_through_a_neighbours_subject():
    from orchestration.parsing.linking import position_rule
    # context 高标准农田 + own subject 黑土地保护: the alias lies wholly in the neighbour's words
    assert position_rule("高标准农田黑土地保护", 0, "高标准农田", subject_offset=5) == (False, "refused_neighbour")
    # an alias that the own subject completes (集中式光伏项目 + 装机容量) is no neighbour's
    assert position_rule("光伏项目装机容量", 0, "光伏项目装机容量", subject_offset=4) == (True, "context_span")


def test_a_relative_change_never_links_a_share():
    got = judged("优良天数增长5%。优良天数比例达到90%。")
    assert got["5%"] == (None, "refused_stat_type|优良天数")
    assert got["90%"][0] == "ind_good_air_days_ratio"


def test_every_fact_keeps_a_rule_and_linked_ones_a_score():
    facts = link(facts_of("地区生产总值增长5%。某某新名词达到7个。"), RULE_INDICATORS)
    by_quote = {f.quote: f for f in facts}
    assert by_quote["5%"].link_rule == "subject" and by_quote["5%"].link_score == 1.0
    assert by_quote["7个"].indicator_code is None and by_quote["7个"].link_score is None
    assert by_quote["7个"].link_rule == "no_alias"


def test_an_override_relink_records_its_rule():
    facts = link(facts_of("某某新名词达到7个。"), RULE_INDICATORS)
    out = apply_overrides(facts, [{"doc_id": "d1", "quote": "7个", "action": "relink", "indicator_code": "ind_ports"}])
    assert (out[0].indicator_code, out[0].link_rule, out[0].link_score) == ("ind_ports", "override", 1.0)


def test_link_words_are_validated_on_load(tmp_path):
    import shutil

    from orchestration.parsing.lexicons import DIRECTORY, LexiconError, rows
    for f in DIRECTORY.glob("*.csv"):
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / "link_words.csv").write_text("word,category\n占比,longer_measure\n占比,no_such\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"link_words\.csv:3: .*unknown category 'no_such'"):
        rows("link_words", tmp_path)


def test_candidate_key_is_one_normal_form():
    from orchestration.parsing.linking import candidate_key
    # entity in front, full-width folded, quotes and punctuation dropped, a leading scope word dropped
    assert candidate_key("", "全省“某某”新名词") == "某某新名词"
    assert candidate_key("某园区", "新名词（ＡＢ）") == "某园区新名词AB"
    assert candidate_key("园区", "园区新名词") == "园区新名词"  # the subject already holds its entity
    assert candidate_key("", "") == ""


def test_a_subject_map_row_links_an_unlinked_subject():
    facts = facts_of("某某新名词达到7个。全省某某新名词增长5%。某某新名词达到7亿元。")
    assert all(f.indicator_code is None for f in link(facts, RULE_INDICATORS))
    # a count's subject names its 数 (某某新名词数): mapped by its own row
    rows = [{"subject": "“某某新名词”", "indicator_code": "ind_ports"}, {"subject": "某某新名词数", "indicator_code": "ind_ports"}]
    mapped = {f.quote: f for f in link(facts, RULE_INDICATORS, rows)}
    assert (mapped["7个"].indicator_code, mapped["7个"].link_rule, mapped["7个"].link_score) == ("ind_ports", "subject_map", 0.95)
    assert mapped["5%"].indicator_code == "ind_ports"  # a relative change fits a count
    assert mapped["7亿元"].indicator_code is None  # a unit the indicator cannot hold stays unlinked


def test_a_bad_subject_map_row_names_its_line():
    from orchestration.inputs.curated import CuratedCsvError
    from orchestration.inputs.fact_links import link_with_overrides
    catalog = [{**r, "aliases": r["aliases"].split("|") if r["aliases"] else []} for r in
               [row("ind_ports", "港口", "count"), row("ind_gdp", "地区生产总值", "yuan", "level")]]
    rows = [{"subject": "新名词", "indicator_code": "ind_ports", "source_file": "seeds/curated/subject_map.csv", "source_line": 2},
            {"subject": "全省新名词", "indicator_code": "ind_gdp", "source_file": "seeds/curated/subject_map.csv", "source_line": 3}]
    with pytest.raises(CuratedCsvError, match=r"^seeds/curated/subject_map.csv:3: column 'subject': .*already mapped to ind_ports"):
        link_with_overrides(facts_of("新名词达到7个。"), catalog, [], rows)


# ----------------------------------------------------------------- linking that says no (issue 15)
# Each rule on a fact whose subject is set by hand, so the rule is tested, not the subject extractor.

NO_INDICATORS = load_indicators([
    row("ind_gdp", "地区生产总值", "yuan", "level", "GDP"),
    row("ind_gdp_growth", "地区生产总值增速", "percent", "growth", "地区生产总值|GDP"),
    row("ind_trade_growth", "进出口总额增速", "percent", "growth", "进出口总额"),
    row("ind_exports_growth", "出口增速", "percent", "growth", "出口总额|出口"),
    row("ind_income_growth", "居民人均可支配收入增速", "percent", "growth", "居民人均可支配收入"),
    row("ind_colleges", "高职院校数", "count", "count", "高职院校"),
    row("ind_key_projects", "重点项目数", "count", "count", "重点项目|重大项目"),
    row("ind_power_capacity", "电力装机容量", "kw", "level", "电力装机"),
    row("ind_private_share", "民间投资占比", "percent", "share"),
    row("ind_private_growth", "民间投资增速", "percent", "growth", "民间投资"),
    row("ind_canteens", "老人家食堂数", "count", "count", "老人家食堂"),
    row("ind_criminal_cases", "刑事案件数", "count", "count", "刑事案件"),
    row("ind_key_labs", "重点实验室数", "count", "count", "重点实验室"),
    row("ind_national_key_labs", "全国重点实验室数", "count", "count", "全国重点实验室"),
    row("ind_pipes", "排水管网改造里程", "km", "level", "排水管网"),
    row("ind_gazelles", "瞪羚企业数", "count", "count", "瞪羚企业"),
])


def one(body: str, quote: str, subject: str, context: str = ""):
    """The fact of ``quote`` in ``body`` with the subject set to ``subject``, linked."""
    facts = [f.evolve(subject=subject, subject_context=context) if f.quote == quote else f for f in facts_of(body)]
    return next(f for f in link(facts, NO_INDICATORS) if f.quote == quote)


def test_a_share_is_never_linked_to_a_growth_indicator():
    f = one("民间投资占比达到34%。", "34%", "民间投资占比")
    assert f.indicator_code == "ind_private_share"
    f = one("民间投资达到34%。", "34%", "民间投资")  # a percent level without a growth word
    assert (f.indicator_code, f.link_rule) == (None, "refused_stat_type|民间投资")
    assert one("民间投资增长3%。", "3%", "民间投资").indicator_code == "ind_private_growth"


def test_an_alias_inside_a_longer_alias_is_not_a_measure_of_its_own():
    f = one("货物贸易进出口总额增长10.2%。", "10.2%", "货物贸易进出口总额")
    assert f.indicator_code == "ind_trade_growth"  # 货物贸易 keeps the measure; 出口总额 is inside it


def test_a_scope_naming_several_populations_split_by_fenbie_is_refused():
    f = one("城乡居民人均可支配收入分别增长7%左右。", "7%", "城乡居民人均可支配收入")
    assert (f.indicator_code, f.link_rule) == (None, "refused_split_scope:城乡|居民人均可支配收入")
    assert one("城乡居民人均可支配收入增长7%。", "7%", "城乡居民人均可支配收入").indicator_code == "ind_income_growth"


def test_a_count_of_those_that_did_something_is_not_the_stock():
    f = one("5所高职院校入选国家计划。", "5所", "高职院校")
    assert (f.indicator_code, f.link_rule) == (None, "refused_predicate:入选|高职院校")
    f = one("8所高职院校、12个专业群入选国家计划。", "8所", "高职院校")  # the list's predicate
    assert f.link_rule == "refused_predicate:入选|高职院校"
    assert one("新建5所高职院校。", "5所", "高职院校").indicator_code == "ind_colleges"


def test_a_sub_sector_size_class_grade_or_per_head_prefix_is_another_measure():
    assert one("清洁能源电力装机突破1300万千瓦。", "1300万千瓦", "清洁能源电力装机").link_rule.startswith(
        "refused_sub_sector:清洁能源")
    assert one("引进投资超10亿元重大项目14个。", "14个", "投资超10亿元重大项目").indicator_code is None
    assert one("建成示范型老人家食堂30个。", "30个", "示范型老人家食堂").indicator_code is None
    assert one("每10万人刑事案件数下降36.9%。", "36.9%", "每10万人刑事案件数").indicator_code is None
    # scope and doing words keep the measure
    assert one("开工重点项目2000个。", "2000个", "开工重点项目").indicator_code == "ind_key_projects"
    assert one("全省电力装机达到1亿千瓦。", "1亿千瓦", "全省电力装机").indicator_code == "ind_power_capacity"


def test_another_regions_gdp_is_not_the_report_regions():
    # 粤港澳大湾区11城GDP: a prefix before an aggregate names another place's total
    f = one("预计大湾区11城GDP可超过12万亿元。", "12万亿元", "大湾区11城GDP")
    assert f.indicator_code is None and f.link_rule.startswith("refused_sub_sector")
    assert one("到2030年地区生产总值达到3万亿元。", "3万亿元", "到2030年地区生产总值").indicator_code == "ind_gdp"


def test_a_coordinated_class_is_not_its_last_member():
    f = one("培育创新型和瞪羚企业102家。", "102家", "创新型和瞪羚企业")
    assert (f.indicator_code, f.link_rule) == (None, "refused_relation:和|瞪羚企业")


def test_quotes_do_not_hide_an_alias():
    assert one("培育“瞪羚”企业60家。", "60家", "“瞪羚”企业").indicator_code == "ind_gazelles"


def test_a_scope_word_right_before_the_subject_completes_a_longer_alias():
    f = one("全国重点实验室由7家增至16家。", "16家", "重点实验室")
    assert (f.indicator_code, f.link_rule) == ("ind_national_key_labs", "subject_lead")
    assert one("重点实验室增至16家。", "16家", "重点实验室").indicator_code == "ind_key_labs"


def test_a_list_of_figures_left_with_one_subject_is_not_linked():
    body = "改造老旧供热、燃气、排水管网800公里、600公里、300公里。"
    facts = [f.evolve(subject="排水管网") for f in facts_of(body)]
    out = link(facts, NO_INDICATORS)
    assert [(f.quote, f.indicator_code, f.link_rule) for f in out] == [
        (q, None, "refused_undistributed_list") for q in ("800公里", "600公里", "300公里")]


def test_the_catalog_rejects_an_alias_shared_by_two_indicators_of_one_kind(tmp_path):
    path = tmp_path / "indicators.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=CATALOG_COLUMNS)
        w.writeheader()
        w.writerow(row("ind_a", "甲指标", "count", "count", "共同别名"))
        w.writerow(row("ind_b", "乙指标", "count", "count", "共同别名"))
    with pytest.raises(IndicatorError, match=r"indicators\.csv:3 \(ind_b\): alias '共同别名' is also an alias of ind_a"):
        load_indicators(path)


def test_the_figures_own_place_before_the_measure_keeps_it():
    facts = [f.evolve(subject="深圳GDP", region="440300") for f in facts_of("深圳GDP突破3万亿元。")]
    (f,) = link(facts, NO_INDICATORS)
    assert (f.indicator_code, f.link_rule) == ("ind_gdp", "subject")
    facts = [f.evolve(subject="广州GDP", region="440300") for f in facts_of("广州GDP突破3万亿元。")]
    assert link(facts, NO_INDICATORS)[0].indicator_code is None  # another city's GDP


def test_a_figure_another_measure_brought_about_is_not_the_total():
    f = one("中欧班列开行6037列，带动进出口总额增长11.7%。", "11.7%", "进出口总额")
    assert (f.indicator_code, f.link_rule) == (None, "refused_relation:带动|进出口总额")


ENTITY_AND_RANK = load_indicators([
    row("ind_industrial_enterprises", "规模以上工业企业数", "count", "count", "规上工业企业"),
    row("ind_market_entities", "经营主体数", "household", "count", "经营主体"),
    row("ind_old_compounds", "城镇老旧小区改造数", "count", "count", "城镇老旧小区"),
    row("ind_income", "居民人均可支配收入", "yuan", "level"),
    row("ind_income_rank", "居民人均可支配收入全国位次", "rank", "rank", "居民人均可支配收入"),
    row("ind_industry_growth_rank", "规上工业增加值增速全国位次", "rank", "rank", "规上工业增加值增速"),
    row("ind_industry_rank", "规上工业增加值全国位次", "rank", "rank", "规上工业增加值"),
])


def linked_to(body: str, quote: str, subject: str, indicators=ENTITY_AND_RANK):
    facts = [f.evolve(subject=subject, subject_context="") if f.quote == quote else f for f in facts_of(body)]
    f = next(f for f in link(facts, indicators) if f.quote == quote)
    return f.indicator_code, f.link_rule


def test_enterprises_counted_in_hu_are_a_count_of_entities():
    assert linked_to("规上工业企业达到4358户。", "4358户", "规上工业企业") == ("ind_industrial_enterprises", "subject")
    assert linked_to("净增经营主体34.6万家。", "34.6万家", "经营主体")[0] == "ind_market_entities"
    # households of a housing measure are no count of compounds
    assert linked_to("改造城镇老旧小区9.8万户。", "9.8万户", "城镇老旧小区") == (None, "refused_unit|城镇老旧小区")
    # a subclass in front of the alias keeps the units apart
    assert linked_to("培育新型农牧业经营主体20个。", "20个", "新型农牧业经营主体")[0] is None


def test_a_national_rank_links_to_the_rank_indicator_of_its_measure():
    assert linked_to("居民人均可支配收入突破4万元，居全国第9位。", "第9位", "居民人均可支配收入") == \
        ("ind_income_rank", "subject")
    assert linked_to("居民人均可支配收入突破4万元，居全国第9位。", "4万元", "居民人均可支配收入")[0] == "ind_income"
    # the rank of a growth is the growth's rank, not the level's
    assert linked_to("规上工业增加值增速居全国第4位。", "第4位", "规上工业增加值增速")[0] == "ind_industry_growth_rank"
    only_level = [i for i in ENTITY_AND_RANK if i.code != "ind_industry_growth_rank"]
    assert linked_to("规上工业增加值增幅居全国第7位。", "第7位", "规上工业增加值增幅", only_level) == \
        (None, "refused_stat_type|规上工业增加值")
    # a rank in another field (中部, 全球) is not the national rank
    ranks = [i for i in ENTITY_AND_RANK if i.stat_type == "rank"]
    assert linked_to("居民人均可支配收入居中部第1位。", "第1位", "居民人均可支配收入", ranks) == \
        (None, "refused_stat_type|居民人均可支配收入")


def test_shuliang_after_an_alias_ending_in_shu_is_the_same_count():
    inds = load_indicators([row("ind_hte", "高新技术企业数", "count", "count", "高新技术企业"),
                            row("ind_entities", "经营主体数", "household", "count", "经营主体")])
    assert linked_to("高新技术企业数量达1.8万家。", "1.8万家", "高新技术企业数量", inds) == ("ind_hte", "subject")
    # an aggregate head before the count word still refuses a sub-sector prefix
    assert linked_to("民营经济经营主体数量增长21%。", "21%", "民营经济经营主体数量", inds) == \
        (None, "refused_sub_sector:民营经济|经营主体数")


def test_a_predicate_after_a_count_first_subject_is_found_without_the_extractors_shu():
    inds = load_indicators([row("ind_colleges", "高职院校数", "count", "count", "高职院校"),
                            row("ind_expected", "规划预期性指标数", "count", "count", "预期性指标")])
    assert linked_to("5所高职院校入选国家新一轮双高建设计划。", "5所", "高职院校数", inds) == \
        (None, "refused_predicate:入选|高职院校数")
    assert linked_to("5项预期性指标、1项约束性指标未能如期完成。", "5项", "预期性指标数", inds) == \
        (None, "refused_predicate:未能|预期性指标")
    assert linked_to("以上共计28项指标，其中预期性指标19项。", "19项", "预期性指标数", inds)[0] == "ind_expected"


def test_a_coordinated_list_before_the_alias_is_their_sum_unless_each_is_said():
    inds = load_indicators([row("ind_gazelles", "瞪羚企业数", "count", "count", "瞪羚企业"),
                            row("ind_spend_growth", "旅游总花费增速", "percent", "growth", "旅游总花费")])
    assert linked_to("培育独角兽、瞪羚企业360家。", "360家", "独角兽、瞪羚企业", inds) == \
        (None, "refused_relation:、|瞪羚企业")
    assert linked_to("接待游客人次、旅游总花费均增长8%以上。", "8%", "游客人次、旅游总花费", inds)[0] == "ind_spend_growth"
    # 年均 is an average over years, not each member's figure
    assert linked_to("游客人次、旅游总花费年均增长8%。", "8%", "游客人次、旅游总花费", inds)[0] is None


def test_a_verb_introducing_a_target_is_no_sub_sector():
    f = one("提出地区生产总值年均增长5%左右。", "5%", "提出地区生产总值")
    assert (f.indicator_code, f.link_rule) == ("ind_gdp_growth", "subject_scope")
