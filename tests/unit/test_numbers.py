"""Numeral parsing and unit normalisation."""

from __future__ import annotations

import cn2an
import pytest

from orchestration.parsing.numbers import (
    UNIT_TABLE,
    UNITS,
    NumeralError,
    normalize_digits,
    parse_arabic,
    parse_chinese,
    parse_numeral,
    parse_quantity,
    parse_range,
    split_unit,
)


@pytest.mark.parametrize("text, value", [
    ("1092", 1092), ("1,092", 1092), ("1，092", 1092), ("1,234,567", 1234567), ("14.74", 14.74),
    ("１０９２", 1092), ("０.５", 0.5), ("215.2", 215.2),
])
def test_parse_arabic(text, value):
    assert parse_arabic(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "1,09", "12,3456", "abc", "1.2.3"])
def test_parse_arabic_rejects(text):
    with pytest.raises(NumeralError):
        parse_arabic(text)


@pytest.mark.parametrize("text, value", [
    ("二十二", 22), ("十", 10), ("十二", 12), ("一百零五", 105), ("三千", 3000), ("两", 2),
    ("两万三千", 23000), ("百亿", 1e10), ("一万亿", 1e12), ("三亿五千万", 3.5e8), ("〇", 0),
    ("零", 0), ("二〇二五", 2025), ("千", 1000), ("九十九", 99),
])
def test_parse_chinese(text, value):
    assert parse_chinese(text) == value


@pytest.mark.parametrize("text", ["二十二", "一百零五", "三千", "二万三千", "三亿五千万", "九十九", "一千零一"])
def test_parse_chinese_agrees_with_cn2an(text):
    assert parse_chinese(text) == cn2an.cn2an(text, "strict")


def test_cn2an_rejects_mixed_numerals_we_accept():
    # why the module does not lean on cn2an: it refuses the mixed forms reports use
    with pytest.raises(ValueError):
        cn2an.cn2an("1.2万亿", "strict")
    assert parse_numeral("1.2万亿").value == pytest.approx(1.2e12)


@pytest.mark.parametrize("text, value, mult, qualifier", [
    ("1.2万亿", 1.2e12, "万亿", "exact"), ("215.2万", 2_152_000, "万", "exact"), ("58亿", 5.8e9, "亿", "exact"),
    ("上千", 1000, None, "approximately"), ("数百", 100, None, "over"), ("3万多", 30000, "万", "over"),
    ("20余", 20, None, "over"), ("百分之百", 100, None, "exact"), ("百分之五十", 50, None, "exact"),
    ("百亿", 1e10, "亿", "exact"),
])
def test_parse_numeral(text, value, mult, qualifier):
    n = parse_numeral(text)
    assert (n.value, n.multiplier, n.qualifier) == (pytest.approx(value), mult, qualifier)


def test_percent_flag():
    assert parse_numeral("百分之百").is_percent and not parse_numeral("100").is_percent


@pytest.mark.parametrize("text, low, high", [
    ("3—5", 3, 5), ("3至5", 3, 5), ("3-5", 3, 5), ("3～5", 3, 5), ("4.5%-5", 4.5, 5), ("三至五", 3, 5),
    ("25—30", 25, 30),
])
def test_parse_range(text, low, high):
    assert parse_range(text) == (low, high)


def test_parse_range_rejects_reversed():
    with pytest.raises(NumeralError):
        parse_range("5—3")


@pytest.mark.parametrize("text, value, unit", [
    ("215.2万千瓦", 2_152_000, "kw"), ("58亿度", 5.8e9, "kwh"), ("189.2万亩", 1_892_000, "mu"),
    ("1.2万亿元", 1.2e12, "yuan"), ("263亿美元", 2.63e10, "usd"), ("7330台", 7330, "count"),
    ("3个百分点", 3, "pp"), ("0.5个百分点", 0.5, "pp"), ("14.7%", 14.7, "percent"), ("30％", 30, "percent"),
    ("245天", 245, "day"), ("100亿千瓦时", 1e10, "kwh"), ("5兆瓦", 5000, "kw"), ("10公顷", 150, "mu"),
    ("500公斤", 0.5, "t"), ("40万人次", 400000, "person_time"), ("120万户", 1.2e6, "household"),
    ("36.2微克/立方米", 36.2, "ug_m3"), ("2400万标准箱", 2.4e7, "teu"), ("1.8倍", 1.8, "times"),
    ("300亿立方米", 3e10, "m3"), ("117平方公里", 117, "km2"), ("3个月", 3, "month"), ("二十二连丰", 22, "year"),
])
def test_parse_quantity(text, value, unit):
    q = parse_quantity(text)
    assert (q.value, q.unit_code) == (pytest.approx(value), unit)


def test_quantity_keeps_multiplier_and_qualifier():
    q = parse_quantity("3万多亩")
    assert (q.multiplier, q.qualifier, q.value) == ("万", "over", 30000)


def test_degree_needs_a_multiplier():
    with pytest.raises(NumeralError):
        parse_quantity("5度")  # 5 degrees, not 5 kWh


def test_split_unit_prefers_longest_unit():
    assert split_unit("215.2万千瓦") == ("215.2万", "千瓦")
    assert split_unit("3个百分点") == ("3", "个百分点")
    assert split_unit("100亿千瓦时") == ("100亿", "千瓦时")


def test_normalize_digits():
    assert normalize_digits("１２．５％") == "12.5%"


def test_unit_table_is_consistent():
    assert len(UNITS) == len(UNIT_TABLE), "duplicate written units"
    kinds = {"count", "measure", "currency", "percent", "pp", "times", "rank", "duration", "streak"}
    for unit in UNIT_TABLE:
        assert unit.kind in kinds and unit.factor > 0 and unit.code, unit


# --------------------------------------------------------------------------- units as whole words

@pytest.mark.parametrize("text, value, unit", [
    ("3千公顷", 45000, "mu"), ("12EFlops", 12000, "pflops"), ("7Eflops", 7000, "pflops"),
    ("5万台套", 50000, "count"), ("2.5万吨/年", 25000, "t_per_year"), ("8亿吨公里", 8e8, "t_km"),
    ("9亿人公里", 9e8, "person_km"), ("6万千升", 60000, "m3"), ("3亿千瓦小时", 3e8, "kwh"),
    ("4人民币", 4, "yuan"), ("7万户（套）", 70000, "household"), ("30万标准箱", 3e5, "teu"),
    ("12万辆", 1.2e5, "count"), ("5艘", 5, "count"), ("80万人次", 8e5, "person_time"),
])
def test_units_real_reports_use(text, value, unit):
    q = parse_quantity(text)
    assert (q.value, q.unit_code) == (pytest.approx(value), unit)


def test_longest_unit_wins():
    assert split_unit("4人民币") == ("4", "人民币")      # not 4 persons
    assert split_unit("3千公顷") == ("3", "千公顷")
    assert split_unit("5吨公里") == ("5", "吨公里")


@pytest.mark.parametrize("rest", ["台阶", "部门", "成果", "周年", "人才", "名单"])
def test_a_unit_that_continues_into_a_longer_word_is_not_that_unit(rest):
    import re

    from orchestration.parsing.numbers import unit_pattern
    assert re.match(unit_pattern(), rest) is None
    assert re.match(unit_pattern(), rest[0]) is not None    # the unit alone still is one


def _facts(body):
    import datetime as dt

    from orchestration.parsing.facts import extract
    return extract(body, doc_id="d", doc_date=dt.date(2026, 1, 20), default_region="370000").facts


def test_scan_units_as_whole_words():
    facts = {f.quote: f for f in _facts("经济总量迈上8万亿台阶，新增耕地3千公顷，举办5届博览会，贯彻党的二十届全会精神。\n")}
    assert facts["8万亿"].unit_as_written == ""                # 台阶 is no count of 台
    assert facts["3千公顷"].unit_code == "mu" and facts["3千公顷"].value == 45000
    assert facts["5届"].unit_code == "count"
    assert "二十届" not in facts                                 # 届 after a Chinese numeral: an ordinal


# --------------------------------------------------------------------------- strict Chinese grammar

@pytest.mark.parametrize("text, value", [
    ("一百零五", 105), ("一千零一", 1001), ("两万三千", 23000), ("三万零五十", 30050), ("一亿零五百万", 1.05e8),
    ("五千万亿", 5e15), ("万亿", 1e12), ("十万", 1e5), ("一千二百三十四", 1234), ("一百一十", 110),
])
def test_strict_grammar_accepts_well_formed_numerals(text, value):
    assert parse_chinese(text) == value


@pytest.mark.parametrize("text", ["二百五", "三千五", "三万五", "七十百", "三百千", "五百五百", "三千百", "一百十", "零零五十"])
def test_strict_grammar_refuses_rather_than_guesses(text):
    with pytest.raises(NumeralError):
        parse_chinese(text)


def test_cn2an_guesses_where_the_grammar_refuses():
    # why parse_chinese wraps no cn2an mode: normal mode guesses, strict mode refuses what reports write
    assert cn2an.cn2an("二百五", "normal") == 250
    with pytest.raises(ValueError):
        cn2an.cn2an("两万三千", "strict")
    assert parse_chinese("两万三千") == 23000


def test_scan_reads_place_units_and_refuses_malformed_numerals():
    facts = {f.quote: f for f in _facts("新建道路三百千米，完成二百五个项目，建成七十百个站点，改造二百五十个小区。\n")}
    assert facts["三百千米"].value == 300 and facts["三百千米"].unit_code == "km"   # 三百 + 千米, not 1.3 km
    assert facts["三百千米"].figure_as_written == "三百"
    assert "二百五个" not in facts and "七十百个" not in facts
    assert facts["二百五十个"].value == 250


# --------------------------------------------------------------------------- qualifiers, signs, multiples

def test_chinese_over_magnitude_and_bare_magnitude_with_yu():
    facts = {f.quote: f for f in _facts("园区聚集企业十余万人，引进企业千余家，完成投资一千多万元，吸引游客三十余万人次。\n")}
    assert (facts["十余万人"].value, facts["十余万人"].qualifier, facts["十余万人"].unit_code) == (1e5, "over", "person")
    assert (facts["千余家"].value, facts["千余家"].qualifier) == (1000, "over")
    assert (facts["一千多万元"].value, facts["一千多万元"].unit_code) == (1e7, "yuan")
    assert facts["三十余万人次"].value == 3e5


def test_signs_of_changes():
    facts = {f.quote: f for f in _facts("甲产量负增长3.9%，乙产量增长-2.1%，丙产量下降-1.5%，丁产量下降4.2%。\n")}
    assert (facts["3.9%"].change_kind, facts["3.9%"].value) == ("decrease", 3.9)
    assert (facts["-2.1%"].change_kind, facts["-2.1%"].value) == ("decrease", 2.1)   # minus kept in the quote
    assert (facts["-1.5%"].change_kind, facts["-1.5%"].value) == ("increase", 1.5)   # a decrease of -1.5
    assert facts["4.2%"].change_kind == "decrease"


def test_a_minus_without_a_change_verb_is_still_an_identifier():
    assert not [f for f in _facts("型号A-3%系列展出。\n") if f.quote.startswith("-")]


def test_doubling_words():
    facts = {f.quote: f for f in _facts("甲总额翻一番，乙投入翻两番，丙数量实现翻番，三番五次检查。\n")}
    assert (facts["一番"].value, facts["一番"].change_kind, facts["一番"].change_unit) == (2, "increase", "times")
    assert facts["两番"].value == 4
    assert facts["翻番"].value == 2
    assert "三番" not in facts


def test_range_separators_include_dao():
    from orchestration.parsing.numbers import parse_range
    assert parse_range("3到5") == parse_range("3至5") == (3.0, 5.0)
