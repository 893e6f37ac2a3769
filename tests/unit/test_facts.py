"""The numeric-fact extractor, on strings constructed for each rule."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from orchestration.parsing.facts import EXTRACTOR_VERSION, Extraction, Fact, TimeRef, extract

DOC_DATE = dt.date(2025, 7, 24)


def run(body: str, **kw) -> Extraction:
    kw.setdefault("doc_id", "d1")
    kw.setdefault("doc_date", DOC_DATE)
    kw.setdefault("default_region", "371500")
    ex = extract(body, **kw)
    for f in ex.facts:
        assert body[f.char_start:f.char_end] == f.quote, f
    return ex


def quotes(body: str, **kw) -> list[str]:
    return [f.quote for f in run(body, **kw).facts]


def one(body: str, quote: str, **kw) -> Fact:
    hits = [f for f in run(body, **kw).facts if f.quote == quote]
    assert len(hits) == 1, [f.quote for f in run(body, **kw).facts]
    return hits[0]


# ----------------------------------------------------------------- records and provenance

def test_records_are_frozen_and_export_plain_types():
    ex = run("“十四五”以来，全市新增高新技术企业651家。")
    fact = ex.facts[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        fact.value = 1  # type: ignore[misc]
    row = fact.as_dict()
    assert row["extractor_version"] == EXTRACTOR_VERSION
    json.dumps(ex.as_dict(), ensure_ascii=False)  # only plain types
    assert isinstance(ex.time_refs[0], TimeRef) and ex.time_refs[0].as_dict()["kind"] == "plan_period"


def test_fact_id_is_stable_and_offset_based():
    a = run("新增高新技术企业651家。").facts[0]
    b = run("新增高新技术企业651家。").facts[0]
    c = run("全市新增高新技术企业651家。").facts[0]
    assert a.fact_id == b.fact_id and a.fact_id != c.fact_id and len(a.fact_id) == 16


def test_ordinals_follow_paragraphs_and_sentences():
    body = "第一段没有数字。建成幸福食堂441个。\n\n第二段。新增上市公司3家。"
    f1, f2 = run(body).facts
    assert (f1.paragraph_ordinal, f1.sentence_ordinal) == (1, 2)
    assert (f2.paragraph_ordinal, f2.sentence_ordinal) == (2, 4)
    assert f2.sentence == "新增上市公司3家。"


def test_paragraph_spans_are_honoured():
    body = "建成幸福食堂441个。新增上市公司3家。"
    f1, f2 = run(body, paragraph_spans=[(0, 11), (11, len(body))]).facts
    assert (f1.paragraph_ordinal, f2.paragraph_ordinal) == (1, 2)


def test_single_newlines_split_paragraphs_without_blank_lines():
    f1, f2 = run("建成幸福食堂441个。\n新增上市公司3家。").facts
    assert (f1.paragraph_ordinal, f2.paragraph_ordinal) == (1, 2)


# ----------------------------------------------------------------- numerals and units

@pytest.mark.parametrize("body, quote, value, unit", [
    ("新增350万千瓦风电项目。", "350万千瓦", 3.5e6, "kw"),
    ("新能源发电增加了58亿度。", "58亿度", 5.8e9, "kwh"),
    ("累计建设高标准农田189.2万亩。", "189.2万亩", 1.892e6, "mu"),
    ("地区生产总值达到1.2万亿元。", "1.2万亿元", 1.2e12, "yuan"),
    ("新增科技型中小企业1,092家。", "1,092家", 1092, "count"),
    ("新增科技型中小企业1，092家。", "1，092家", 1092, "count"),
    ("新增科技型中小企业１０９２家。", "１０９２家", 1092, "count"),
    ("优良天数比例提高0.5个百分点。", "0.5个百分点", 0.5, "pp"),
    ("城镇调查失业率5.5％左右。", "5.5％", 5.5, "percent"),
    ("科创债融资增长1.8倍。", "1.8倍", 1.8, "times"),
    ("粮食生产实现“二十二连丰”。", "二十二连丰", 22, "year"),
    ("改造提升村卫生室上千个。", "上千个", 1000, "count"),
    ("每年办好十件民生实事。", "十件", 10, "count"),
    ("高峰运力提升四成。", "四成", 40, "percent"),
    ("占全国三分之一。", "三分之一", 100 / 3, "percent"),
])
def test_values_are_normalised(body, quote, value, unit):
    f = one(body, quote)
    assert (f.value, f.unit_code) == (pytest.approx(value), unit)


def test_multiplier_and_figure_as_written():
    f = one("装机容量215.2万千瓦。", "215.2万千瓦")
    assert (f.figure_as_written, f.unit_as_written, f.multiplier) == ("215.2万", "千瓦", "万")


@pytest.mark.parametrize("body, quote, low, high", [
    ("新建2—3家省级制造业创新中心。", "2—3家", 2, 3),
    ("每年新增3至5个。", "3至5个", 3, 5),
    ("地区生产总值增长4.5-5%。", "4.5-5%", 4.5, 5),
    ("增长4.5%—5%。", "4.5%—5%", 4.5, 5),
    ("建设3～5个园区。", "3～5个", 3, 5),
])
def test_ranges_keep_both_ends(body, quote, low, high):
    f = one(body, quote)
    assert (f.value, f.value_low, f.value_high) == (low, low, high)


def test_shared_unit_is_distributed():
    ex = run("文化惠民工程分别惠及3500万、2300万人次。投资、消费增速分别快于全国3.4个、1个百分点。")
    units = {f.quote: f.unit_code for f in ex.facts}
    assert units == {"3500万": "person_time", "2300万人次": "person_time", "3.4个": "pp", "1个百分点": "pp"}
    assert one("利润分别居全国第5、第6位。", "第5").unit_code == "rank"


# ----------------------------------------------------------------- not quantities

@pytest.mark.parametrize("body", [
    "2025年是“十四五”规划收官之年，7月24日举行。",          # years, dates, plan names
    "坚持和深化“6293”工作思路。",                          # quoted code name
    "坚定不移落实“两个毫不动摇”，扛牢“三保”责任。",          # quoted slogans
    "坚持“三生共融、四宜共美”，建成“沿黄九品”“千乡万村”。",  # quoted brands
    "信发集团#7#8#9机组一揽子解决。",                        # unit identifiers, idiom
    "建成鲁西化工己内酰胺·尼龙6（一期）项目，启动东昌学院二期。",  # product and phase names
    "建成5G网络，PM2.5浓度下降。",                           # technical names
    "党的二十届四中全会和省委十三届十次全会。",               # ordinals
    "首批陆上风电，全省首家三甲医院，第一次。",               # ordinals as names
    "建设一批口袋公园，形成市县一体的大指挥部，打造一流营商环境。",  # idioms with 一
    "牢牢守好发展和生态两条底线，落实八项规定。",              # small Chinese numerals as fixed terms
    "五年来，这五年，实施三年行动计划，连续三年上榜。",        # durations that are time, not figures
    "构建“1+N”政策体系和“7×24小时”服务。",                 # formulas
    "千人口托位数持续提升，万人拥有量增加，每10万人口在校生增加。",  # per-capita bases
    "打造一批千亿级、百亿级企业，建设万吨级码头。",            # scale labels
    "特殊教育学校覆盖20万人口以上的县。",                    # a bound used as a class
    "为80岁以上老年人发放补贴，建设500千伏输变电工程。",        # attributive age and voltage
    "新增ESI全球前1%学科。",                                  # top-percent class
    "在晋两院院士突破两位数。",                              # 两位数 = two digits
    "新引进落地总投资超10亿元项目，新增年销售收入超亿元的企业。",  # thresholds naming a class
    "实施三年行动，提升15分钟健身圈，到二三五年实现。",        # durations as names; a garbled year
    "重点做好十一个方面工作，努力实现以下8个方面主要目标。",    # discourse counts
    "一、工作回顾\n（二）重点任务",                           # list markers
])
def test_not_quantities(body):
    assert quotes(body) == []


def test_years_and_dates_become_time_refs():
    ex = run("2025年7月24日，7月24日，2024年，今年5月，“十四五”以来，2021—2025年，五年来，5年前。")
    kinds = [(t.text, t.kind) for t in ex.time_refs]
    assert kinds == [
        ("2025年7月24日", "date"), ("7月24日", "date"), ("2024年", "year"), ("今年5月", "relative"),
        ("“十四五”以来", "plan_period"), ("2021—2025年", "span"), ("五年来", "relative"), ("5年前", "relative"),
    ]
    spans = {t.text: (t.start, t.end) for t in ex.time_refs}
    assert spans["“十四五”以来"] == ("2021-01-01", "2025-07-24")
    assert spans["今年5月"] == ("2025-05-01", "2025-05-31")
    assert spans["五年来"] == ("2020-07-24", "2025-07-24")
    assert ex.time_refs[-1].role == "attributive"
    assert ex.facts == []


def test_chinese_year_is_time():
    ex = run("到二〇三五年基本实现现代化。")
    assert ex.facts == [] and ex.time_refs[0].start == "2035-01-01"


# ----------------------------------------------------------------- count of rates

def test_quoted_count_of_rates_after_achievement_verb_is_one_fact():
    f = one("2024年，开工率、纳统率、投资完成率在全省率先实现“三个百分之百”。", "三个百分之百")
    assert (f.value, f.unit_code, f.count_multiplier) == (100, "percent", 3)
    assert f.figure_as_written == "百分之百"
    assert "开工率、纳统率、投资完成率" in f.subject
    assert (f.period_start, f.period_end, f.period_kind) == ("2024-01-01", "2024-12-31", "point")


def test_quoted_count_of_rates_as_a_slogan_is_not():
    assert quotes("落实“三个80%”要求。") == []


# ----------------------------------------------------------------- qualifiers and change

@pytest.mark.parametrize("body, quote, qualifier", [
    ("累计实施重点项目超3900个。", "3900个", "over"),
    ("民生支出占比持续超过70%。", "70%", "over"),
    ("营造林1200余所。", "1200余所", "over"),
    ("改造老旧小区1万多个。", "1万多个", "over"),
    ("新增就业30万人以上。", "30万人", "over"),
    ("交通投资连续四年过百亿。", "百亿", "over"),
    ("投资近千亿元。", "千亿元", "approximately"),
    ("失业率5.5%左右。", "5.5%", "approximately"),
    ("投资约300亿元。", "300亿元", "approximately"),
    ("审批耗时不到10天。", "10天", "under"),
    ("草畜平衡指数降至10%以下。", "10%", "under"),
    ("新增上市公司3家。", "3家", "exact"),
])
def test_qualifiers(body, quote, qualifier):
    assert one(body, quote).qualifier == qualifier


@pytest.mark.parametrize("body, quote, kind, unit", [
    ("工业技改投资年均增长14.7%。", "14.7%", "increase", "percent"),
    ("单位GDP能耗累计下降22%。", "22%", "decrease", "percent"),
    ("优良天数比例提高6.1个百分点。", "6.1个百分点", "increase", "pp"),
    ("新能源发电增加了58亿度。", "58亿度", "increase", "absolute"),
    ("新增高新技术企业651家。", "651家", "increase", "absolute"),
    ("化工精细化率提高至50%。", "50%", "level", None),
    ("上市企业达到7家。", "7家", "level", None),
    ("新建提升310公里农村公路。", "310公里", "level", None),  # an action on the noun, not a change
    ("收入均保持10%以上增长。", "10%", "increase", "percent"),
    ("规上工业增加值增长6.7%、高于全国0.8个百分点。", "0.8个百分点", "increase", "pp"),
])
def test_change_kind(body, quote, kind, unit):
    f = one(body, quote)
    assert (f.change_kind, f.change_unit) == (kind, unit)


def test_comparator_and_base_period():
    f = one("规上工业增加值增长6.7%、高于全国0.8个百分点。", "0.8个百分点")
    assert f.comparator == "全国"
    assert one("全年GDP增长4%，快于2024年1.8个百分点。", "1.8个百分点").base_period == "2024"
    assert one("空气优良天数达到245天，较2020年增长22天。", "22天").base_period == "2020"
    assert one("2024年，出口比上年增长8%。", "8%").base_period == "2023"
    assert one("2024年，出口同比增长8%。", "8%").base_period == "2023"
    assert one("死亡人数比“十三五”时期下降44.1%。", "44.1%").base_period == "2016-2020"


def test_connected_figures_share_change_and_split_subjects():
    a, b = run("城镇和农村居民人均可支配收入分别增长4%左右和6%左右。").facts
    assert (b.change_kind, b.change_unit, b.qualifier) == ("increase", "percent", "approximately")
    assert (a.subject, b.subject) == ("城镇居民人均可支配收入", "农村居民人均可支配收入")
    assert a.subject_context == b.subject_context == "城镇和农村居民人均可支配收入"
    subjects = [f.subject for f in run("一产、二产、三产增加值分别增长5%左右、5%以上、5%左右。").facts]
    assert subjects == ["一产增加值", "二产增加值", "三产增加值"]
    subjects = [f.subject for f in run("规上高技术制造业、装备制造业增加值分别增长23.7%、16.5%。").facts]
    assert subjects == ["规上高技术制造业增加值", "装备制造业增加值"]  # each item its own head (issue 15)


# ----------------------------------------------------------------- periods

def test_period_rules():
    body = ("“十四五”以来，新增高新技术企业651家。工业技改投资年均增长14.7%。\n\n"
            "“十四五”前四年，单位GDP能耗累计下降22%，空气优良天数达到245天。\n\n"
            "今年新增上市公司3家，去年新增2家。五年来建成幸福食堂441个。\n\n"
            "全社会研发投入占比连续三年居全省第3位。")
    facts = {f.quote: f for f in run(body).facts}
    assert (facts["651家"].period_start, facts["651家"].period_end) == ("2021-01-01", "2025-07-24")
    assert facts["651家"].period_source == "sentence"
    assert facts["14.7%"].period_source == "paragraph" and facts["14.7%"].period_kind == "per_year"
    assert (facts["22%"].period_start, facts["22%"].period_end) == ("2021-01-01", "2024-12-31")
    assert (facts["245天"].period_end, facts["245天"].cumulative) == ("2024-12-31", False)
    assert facts["22%"].cumulative
    assert (facts["3家"].period_start, facts["3家"].period_end) == ("2025-01-01", "2025-12-31")
    assert facts["2家"].period_start == "2024-01-01"
    assert (facts["441个"].period_start, facts["441个"].period_end) == ("2020-07-24", "2025-07-24")
    rank = facts["第3位"]
    assert (rank.value, rank.unit_code, rank.period_kind, rank.streak_years) == (3, "rank", "streak", 3)
    assert rank.period_source == "plan"  # no time in its paragraph: the plan period the body opens with


def test_reference_period_from_the_opening_plan_period():
    ex = run("2025年是“十四五”规划收官之年。\n\n建成幸福食堂441个。")
    assert ex.reference_period == ("2021-01-01", "2025-07-24")
    f = ex.facts[0]
    assert (f.period_start, f.period_end, f.period_source) == ("2021-01-01", "2025-07-24", "plan")


def test_own_time_before_the_figure():
    a, b = run("人均GDP从2020年的5.2万元提高到2025年的7.4万元。").facts
    assert (a.period_start, a.period_source) == ("2020-01-01", "own")
    assert (b.period_start, b.change_kind, b.subject) == ("2025-01-01", "level", "人均地区生产总值")  # standard name


def test_time_after_measure_word_sets_the_period():
    f = one("236个2025年度计划竣工投产项目已投产176个。", "236个")
    assert (f.period_start, f.subject) == ("2025-01-01", "计划竣工投产项目数")


def test_section_heading_sets_the_period():
    body = "三、2026年工作安排\n城镇新增就业45万人以上。"
    f = run(body, doc_date=dt.date(2026, 2, 1)).facts[0]
    assert (f.period_start, f.period_source, f.modality) == ("2026-01-01", "section", "target")


def test_modality():
    assert one("力争技术合同交易额增长25%。", "25%").modality == "target"
    assert one("“十四五”以来新增上市公司3家。", "3家").modality == "actual"


def test_no_doc_date_gives_no_relative_periods():
    f = run("今年新增上市公司3家。", doc_date=None).facts[0]
    assert f.period_start is None and f.period_end is None


# ----------------------------------------------------------------- subject and region

@pytest.mark.parametrize("body, quote, subject", [
    ("全市新增高新技术企业651家。", "651家", "高新技术企业数"),   # a count names its 数
    ("累计建成公共充电桩7330台。", "7330台", "建成公共充电桩数"),  # the verb says which ones
    ("单位GDP能耗累计下降22%。", "22%", "单位GDP能耗"),
    ("全社会研发投入占比连续三年居全省第3位。", "第3位", "全社会研发投入占比"),
    ("26台小煤电机组陆续关停退出。", "26台", "关停退出的小煤电机组数"),  # so does the closing predicate
    ("新增嘉华、乖宝、金帝3家上市公司。", "3家", "上市公司数"),
    ("“新三样”出口覆盖62个国家和地区。", "62个", "国家和地区数"),
    ("新增省级数字经济园区6个、省级智能工厂17个。", "17个", "省级智能工厂数"),
    ("生产安全事故起数、死亡人数分别比“十三五”时期下降44.1%、29.7%。", "29.7%", "生产安全事故死亡人数"),
    ("空气优良天数达到245天，较2020年增长22天。", "22天", "空气优良天数"),
])
def test_subjects(body, quote, subject):
    assert one(body, quote).subject == subject


def test_subject_context_carries_the_topic():
    a, b = run("国际朋友圈扩展到19个国家35个城市。").facts
    assert (a.subject, a.subject_context, b.subject, b.subject_context) == ("国家数", "国际朋友圈", "城市数", "国际朋友圈")
    f = one("累计关停小煤电机组28台，装机容量215.2万千瓦。", "215.2万千瓦")
    assert (f.subject, f.subject_context) == ("装机容量", "关停小煤电机组")


def test_inferred_unit_from_a_money_subject():
    f = one("交通基础设施投资连续四年过百亿。", "百亿")
    assert (f.value, f.unit_code, f.unit_inferred, f.streak_years) == (1e10, "yuan", True, 4)
    g = one("“湘易办”用户突破3500万。", "3500万")
    assert (g.unit_code, g.unit_inferred) == ("count", True)
    h = one("实施育儿补贴制度，惠及23.6万婴幼儿。", "23.6万")
    assert (h.value, h.unit_code, h.subject) == (236000, "count", "婴幼儿")


ALIASES = {"临清": "371581", "冠县": "371525", "莘县": "371522", "高唐": "371526"}


def test_region_from_a_single_alias_in_the_clause():
    assert one("临清新增风电装机50万千瓦。", "50万千瓦", region_aliases=ALIASES).region == "371581"
    assert one("全市新增风电装机50万千瓦。", "50万千瓦", region_aliases=ALIASES).region == "371500"
    many = one("成功创建莘县食品、高唐装备3个国家级产业集群。", "3个", region_aliases=ALIASES)
    assert many.region == "371500"  # several regions named: the figure is the city's


def test_rank_forms():
    assert one("居全国前5位。", "前5位").qualifier == "under"
    assert [f.value for f in run("从全国第20位升至第3位。").facts] == [20, 3]
    assert one("创新能力综合指标排名提升7位。", "7位").unit_code == "rank"
    assert (one("森林覆盖率稳居全国第2，", "第2").unit_code, quotes("建成第2批试点。")) == ("rank", [])


def test_durations_count_only_after_a_verb():
    assert quotes("平均受教育年限达11年，人均预期寿命达到78岁。") == ["11年", "78岁"]
    assert quotes("用3年时间，连续19年获评。") == []


@pytest.mark.parametrize("body, quote, value, unit, qualifier", [
    ("100多万群众住上了安全房。", "100多万", 1e6, "count", "over"),
    ("降低各类实体经济成本200多亿元。", "200多亿元", 2e10, "yuan", "over"),
    ("一般公共预算收支累计分别突破9千亿元、3万亿元。", "9千亿元", 9e11, "yuan", "over"),
    ("国际友城达到96对。", "96对", 96, "count", "exact"),
    ("共获得48枚金牌。", "48枚", 48, "count", "exact"),
    ("供热标准由18℃提高到20℃。", "20℃", 20, "celsius", "exact"),
    ("耕地层厚度达到20.6厘米。", "20.6厘米", 20.6e-5, "km", "exact"),
    ("城乡居民收入倍差从2.42缩小至2.12。", "2.12", 2.12, "ratio", "exact"),
    ("新增2个数据产业集聚区。", "2个", 2, "count", "exact"),
    ("外贸进出口突破5000亿元大关。", "5000亿元", 5e11, "yuan", "over"),
    ("每年70%以上的财政支出用于民生。", "70%", 70, "percent", "over"),
    ("实现城镇新增就业45万人以上的目标。", "45万人", 450000, "person", "over"),
    ("组网卫星增至144颗。", "144颗", 144, "count", "exact"),
])
def test_recall_forms(body, quote, value, unit, qualifier):
    f = one(body, quote)
    assert (f.value, f.unit_code, f.qualifier) == (pytest.approx(value), unit, qualifier)


def test_unit_written_once_reaches_the_whole_chain():
    ex = run("覆盖率分别提高20.9、36.2、54.3个百分点。")
    assert [(f.quote, f.unit_code) for f in ex.facts] == [("20.9", "pp"), ("36.2", "pp"), ("54.3个百分点", "pp")]


def test_duration_after_its_own_year():
    a, b = run("平均受教育年限从2020年的9.6年提升至2025年的10.2年左右。").facts
    assert (a.value, a.period_start, b.value, b.period_start) == (9.6, "2020-01-01", 10.2, "2025-01-01")


# ----------------------------------------------------------------- change kind and qualifier classes (issue 14d)

@pytest.mark.parametrize("body, quote, kind, unit", [
    ("全年某县农业产值比上年增长 7.3% 。", "7.3%", "increase", "percent"),           # space-padded figure
    ("某县林业产值12.5亿元，下降 2.4% 。", "2.4%", "decrease", "percent"),
    ("某市蔬菜、水果产量分别增长 3.1% 、 4.2% 。", "4.2%", "increase", "percent"),  # padded list item
    ("今年某市居民消费价格涨幅3%左右。", "3%", "increase", "percent"),               # growth rate as a level
    ("某县物价总水平上涨幅度控制在3%左右。", "3%", "increase", "percent"),
    ("某市去年工业同比增速为7.7%。", "7.7%", "increase", "percent"),
    ("某市外贸进口降幅为4.4%。", "4.4%", "decrease", "percent"),
    ("某县税收增速快于财政收入增速2个百分点。", "2个百分点", "increase", "pp"),   # gap against a rate
    ("科技实力增强，新当选省级劳模13名。", "13名", "increase", "absolute"),                   # additions as stated
    ("全市新建成污水厂9座。", "9座", "increase", "absolute"),
    ("力争新增规上企业300家、专精特新企业90家。", "90家", "increase", "absolute"),  # 力争新增 over a list
    ("全年新登记市场主体8.8万户。", "8.8万户", "increase", "absolute"),
    ("再培育再打造12个区域品牌。", "12个", "increase", "absolute"),
    ("某县五年增量超3000亿元。", "3000亿元", "increase", "absolute"),
    ("新建改造农村公路310公里。", "310公里", "level", None),                        # a mixed action: level
])
def test_change_kind_classes(body, quote, kind, unit):
    f = one(body, quote)
    assert (f.change_kind, f.change_unit) == (kind, unit)


def test_negative_rate_stays_a_negative_level():
    f = one("某县人口自然增长率为-0.31‰。", "-0.31‰")
    assert (f.change_kind, f.value) == ("level", -0.31)


@pytest.mark.parametrize("body, quote, qualifier", [
    ("某市生产总值迈上8万亿台阶。", "8万亿", "over"),
    ("某市经济总量站上4万亿元台阶。", "4万亿元", "over"),
    ("某市工业产值破9000亿元。", "9000亿元", "over"),
    ("已有2万亿量级的甲市和乙市。", "2万亿", "approximately"),
    ("按汇率粗算约合3.3万亿美元。", "3.3万亿美元", "approximately"),
    ("某市建成5万亿元的产业园。", "5万亿元", "exact"),          # no step verb: exact
])
def test_qualifier_classes(body, quote, qualifier):
    assert one(body, quote).qualifier == qualifier


# ----------------------------------------------------------------- table cells (flattened HTML tables)

def test_table_cells_take_their_unit_from_the_header_or_the_unit_column():
    body = ("表9：某年某县主要指标指标，2030年（亿元），比上年增长（%）；甲产业，12.5，-3.5；乙产业，40.0，6.1；"
            "\n表10：主要产品产品名称，单位，产量，比上年增长(%)；拖拉机，万台，2.5，7.0；面粉，万吨，11.0，-1.2；")
    spans = [(0, body.index("\n")), (body.index("\n") + 1, len(body))]
    facts = {(f.subject, f.quote): f for f in run(body, paragraph_spans=spans).facts}
    level = facts[("甲产业", "12.5")]
    assert (level.value, level.unit_code, level.change_kind) == (12.5e8, "yuan", "level")
    down = facts[("甲产业", "-3.5")]
    assert (down.value, down.unit_code, down.change_kind, down.change_unit) == (3.5, "percent", "decrease", "percent")
    assert facts[("乙产业", "6.1")].change_kind == "increase"
    tractors = facts[("拖拉机产量", "2.5")]  # the value column's header names the measure
    assert (tractors.value, tractors.unit_as_written, tractors.change_kind) == (25000, "台", "level")
    assert facts[("面粉产量", "-1.2")].change_kind == "decrease"
    assert not any(q == "万台" for _, q in facts)


def test_index_table_cells_are_levels_without_unit_and_prose_lists_are_no_table():
    body = "表2：价格指数（上年=100）指标，指数；居民消费价格，101.5；其中:食品，98.7；衣着，99.0；"
    f = {x.quote: x for x in run(body).facts}["98.7"]
    assert (f.value, f.unit_as_written, f.change_kind, f.subject) == (98.7, "", "level", "食品价格指数（上年=100）")
    # no sub-item mark; the whole's measure (价格), the column's index and the caption's base name it
    # rows of prose with a figure each are no table: the cell rule does not apply
    prose = "工业增加值增长5.0%；投资增长3.1%；消费增长4.4%；"
    assert [x.change_kind for x in run(prose).facts] == ["increase"] * 3


# ----------------------------------------------------------------- ranks, ratio chains, milestone durations

@pytest.mark.parametrize("body, quote, value, unit, qualifier", [
    ("某省粮食调出量稳居全国第一。", "一", 1, "", "exact"),
    ("某县机械化率居全省首位。", "首位", 1, "位", "exact"),
    ("某市旅客量高居第三名，", "三名", 3, "名", "exact"),
    ("某湾区将坐实世界湾区第二位置。", "二位置", 2, "位置", "exact"),
    ("高铁里程稳居全国前三，", "三", 3, "", "under"),
    ("经济总量稳居全国前十强。", "十强", 10, "强", "under"),
    ("投资额位列各行业前三位。", "三位", 3, "位", "under"),
])
def test_ranks_in_words(body, quote, value, unit, qualifier):
    f = one(body, quote)
    assert (f.value, f.unit_as_written, f.unit_code, f.qualifier, f.change_kind) == (value, unit, "rank", qualifier, "level")


@pytest.mark.parametrize("body", [
    "要把就业放在首位。",                  # a priority, not a rank
    "某省是全国第一工业大省。",            # a rank inside a name-like descriptor
    "全国前十大行业中有三个在本市。",      # a group name
    "全球排名前10位的企业已有9家入驻。",   # a rank band naming a group
    "前三季度增长5.2%。",                  # a time
    "第一批试点启动。",                    # an ordinal
])
def test_rank_words_that_are_no_rank(body):
    assert not [f for f in run(body).facts if f.unit_code == "rank"]


def test_ratio_chain_gives_one_level_per_share():
    facts = run("三次产业结构调整为8.3∶41.4∶50.3。").facts
    assert [(f.quote, f.value, f.unit_as_written, f.change_kind) for f in facts] == [
        ("8.3", 8.3, "", "level"), ("41.4", 41.4, "", "level"), ("50.3", 50.3, "", "level")]
    assert quotes("比分为3:2。") == []  # no structure noun: no shares


def test_duration_before_a_milestone_is_a_figure():
    assert quotes("某产业基地40天开工、9个月投产。") == ["40天", "9个月"]
    assert quotes("实施15分钟健身圈建设。") == []


def test_named_flow_indicator_threshold_count_and_glued_acronym():
    assert one("新增农村劳动力转移就业2.1万人。", "2.1万人").change_kind == "level"  # the indicator's name
    f = one("某省存贷款余额连跨两个万亿元台阶。", "两个")
    assert (f.value, f.change_kind, f.change_unit) == (2, "increase", "absolute")
    assert one("高于全国GDP4.5%的增长目标。", "4.5%").value == 4.5
    assert quotes("型号AB3%的产品。") == []  # other Latin letters before a figure: an identifier


def test_ranges_join_with_dao_and_take_a_multiplier_on_either_half():
    f = one("全市将建设3到5个园区。", "3到5个")
    assert (f.value_low, f.value_high) == (3.0, 5.0)
    f = one("项目总投资5亿至8亿元。", "5亿至8亿元")
    assert (f.value_low, f.value_high) == (5e8, 8e8)
    f = one("项目总投资5千万至1亿元。", "5千万至1亿元")
    assert (f.value_low, f.value_high) == (5e7, 1e8)
    # after 从/由 the two numbers are a from-to pair: two figures
    assert quotes("经济总量从3万亿到4万亿。") == ["3万亿", "4万亿"]
