"""Subjects from Chinese words (parsing/facts/subjects.py, parsing/segment.py) on made-up phrases."""

from __future__ import annotations

import subprocess
import sys

from orchestration.parsing.facts.subjects import _series_items, _strip_np
from orchestration.parsing.segment import words


def test_a_trailing_verb_trim_never_splits_a_word():
    assert _strip_np("欠发达") == "欠发达"          # 达 is a trimmed verb, but part of the word here
    assert _strip_np("产值达") == "产值"            # …and a verb here


def test_a_trailing_postposition_is_trimmed_but_not_inside_a_word():
    assert _strip_np("主要指标中") == "主要指标"    # 在…中: "among the main indicators"
    assert _strip_np("普通高中") == "普通高中"      # 中 is part of the word 高中


def test_each_list_item_gets_its_own_head():
    assert _series_items("新材料产业、汽车制造业增加值") == ["新材料产业增加值", "汽车制造业增加值"]
    assert _series_items("城镇和农村居民人均可支配收入") == ["城镇居民人均可支配收入", "农村居民人均可支配收入"]
    assert _series_items("粮食产量、棉花产量") == ["粮食产量", "棉花产量"]   # already has its head


def test_segmenter_is_quiet_and_offline(tmp_path):
    # a fresh process: the first use builds jieba's prefix dict; nothing may reach stdout
    code = "from orchestration.parsing.segment import words; print(len(words('农村居民人均可支配收入')) > 1)"
    env = {"TMPDIR": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout == "True\n"
    assert "Building prefix dict" not in out.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["jieba.cache"]  # the cache goes to the temp dir only
    assert words("") == ()


def test_a_subject_that_names_no_measure_is_repaired_from_the_previous_one():
    from orchestration.parsing.facts.subjects import own_subject
    assert own_subject("港口吞吐量稳居全国第", "") == "港口吞吐量"     # a rank's place is no subject
    assert own_subject("位居全国前", "港口吞吐量") == "港口吞吐量"
    assert own_subject("总量", "市场主体") == "市场主体总量"             # a bare measure word
    assert own_subject("增速", "外贸进出口增速") == "外贸进出口增速"
    assert own_subject("快于经济增速", "城镇居民收入") == "城镇居民收入"  # a comparison is the previous subject's gap
    assert own_subject("粮食产量", "棉花产量") == "粮食产量"


def test_a_named_entity_is_split_off_the_subject_and_a_class_is_not():
    from orchestration.parsing.facts.subjects import split_entity
    assert split_entity("西安咸阳国际机场旅客吞吐量") == ("西安咸阳国际机场", "旅客吞吐量")
    assert split_entity("“三北”工程治理沙化土地") == ("“三北”工程", "治理沙化土地")
    assert split_entity("通用机场数量") == ("", "通用机场数量")        # a class of airports, no name
    assert split_entity("重点项目投资") == ("", "重点项目投资")        # generic opener
    assert split_entity("兰州新区和西宁园区产值") == ("", "兰州新区和西宁园区产值")  # several: no one entity


def test_an_entity_reaches_the_fact_and_linking_reads_it_with_the_subject():
    import datetime as dt

    from orchestration.parsing.facts import extract
    from orchestration.parsing.linking import link, load_indicators
    facts = extract("西安咸阳国际机场旅客吞吐量达到4850万人次。", doc_id="d", doc_date=dt.date(2026, 1, 20),
                    default_region="610000").facts
    assert [(f.subject_entity, f.subject) for f in facts] == [("西安咸阳国际机场", "旅客吞吐量")]
    ind = load_indicators([{"code": "ind_pax", "name_zh": "旅客吞吐量", "name_en": "x", "theme": "t",
                            "canonical_unit": "person_time", "stat_type": "level", "direction": "neutral",
                            "aliases": ""}])
    # the province's passenger throughput is not this airport's: a named entity before the alias
    # is a longer subject, linked (if at all) only as a prefixed, weaker link
    (f,) = link(facts, ind)
    assert f.link_rule in ("subject_prefix",) or f.indicator_code is None


# ----------------------------------------------------------------- subjects that name their measure

def subjects_of(body: str) -> list[tuple[str, str]]:
    import datetime as dt

    from orchestration.parsing.facts import extract
    facts = extract(body, doc_id="d", doc_date=dt.date(2024, 3, 1), default_region="410300").facts
    return [(f.quote, f.subject) for f in facts]


def test_a_count_names_its_number_unless_the_subject_names_a_measure():
    from orchestration.parsing.facts.subjects import counted_subject, measured_subject
    assert counted_subject("普通高校", "所") == "普通高校数"
    assert counted_subject("通用机场数量", "座") == "通用机场数量"   # a measure already
    assert counted_subject("小微企业首贷户", "户") == "小微企业首贷户"  # ends in the unit it is counted in
    assert measured_subject("造林", "亩") == "造林面积"
    assert measured_subject("城市绿道", "公里") == "城市绿道长度"
    assert measured_subject("通车里程", "公里") == "通车里程"
    assert measured_subject("造林", "吨") == "造林"                   # no area or length unit


def test_a_comparison_with_a_time_ends_the_subject():
    from orchestration.parsing.facts.subjects import own_subject
    assert own_subject("实有企业较“十三五”期末", "") == "实有企业"
    assert own_subject("比上年末", "年末常住人口") == "年末常住人口"   # nothing before it: the measure goes on
    assert own_subject("比上年末", "") == ""


def test_a_relation_and_a_sector_take_what_the_previous_subject_measures():
    from orchestration.parsing.facts.subjects import own_subject
    assert own_subject("占规模以上工业比重", "装备制造业增加值") == "装备制造业占规模以上工业比重"
    assert own_subject("制造业", "采矿业增加值", "增加值") == "制造业增加值"
    assert own_subject("制造业", "", "") == "制造业"                       # no measure before it
    assert own_subject("建筑业企业", "", "增加值", counted=True) == "建筑业企业"  # a count of firms, no 增加值
    assert own_subject("生猪出栏", "", "产量") == "生猪出栏"               # no sector: nothing borrowed


def test_list_items_split_by_the_number_of_figures_and_share_what_names_the_measure():
    # 及 inside an item stays when 、 already gives one item per figure
    assert _series_items("计算机及办公设备制造业、电子及通信设备制造业", 2) == [
        "计算机及办公设备制造业", "电子及通信设备制造业"]
    assert _series_items("智能手机、集成电路和电子元器件", 3) == ["智能手机", "集成电路", "电子元器件"]
    # an item's own ending met again in the last item: what follows it there
    assert _series_items("城镇居民、农村居民人均可支配收入", 2) == ["城镇居民人均可支配收入", "农村居民人均可支配收入"]
    # a leading preposition is shared; the measure head is borrowed
    assert _series_items("对甲国、乙国、丙国出口", 3) == ["对甲国出口", "对乙国出口", "对丙国出口"]
    # a short item borrows no conjunction (教育 + 以及信息化行业 would be nonsense)
    assert _series_items("交通运输、教育、科技以及信息化行业", 3)[1] == "教育"


def test_a_noun_list_before_one_figure_is_one_subject_and_an_action_list_is_not():
    from orchestration.parsing.facts.subjects import _list_tail
    assert _list_tail("交通运输、仓储和邮政业投资") == "交通运输、仓储和邮政业投资"
    assert _list_tail("深化改革、引进项目") == "引进项目"


def test_figures_in_text_get_subjects_that_name_their_measure():
    got = dict(subjects_of("全年共有普通高校9所，招生7.2万人，在校生21.2万人。"))
    assert got == {"9所": "普通高校数", "7.2万人": "普通高校招生数", "21.2万人": "普通高校在校生数"}
    got = dict(subjects_of("采矿业增加值下降6.7%，制造业增长2.2%。资质内建筑业企业734家。"))
    assert got == {"6.7%": "采矿业增加值", "2.2%": "制造业增加值", "734家": "资质内建筑业企业数"}
    got = dict(subjects_of("其中，现代产业类项目250个，个数占比28.3%，总投资1037.3亿元。"))
    assert got == {"250个": "现代产业类项目数", "28.3%": "现代产业类项目个数占比", "1037.3亿元": "现代产业类项目总投资"}


def test_a_count_keeps_the_verb_or_predicate_that_says_which_ones_are_counted():
    assert dict(subjects_of("建成运输机场3座。"))["3座"] == "建成运输机场数"
    assert dict(subjects_of("170家融资平台有序退出。"))["170家"] == "退出的融资平台数"
    assert dict(subjects_of("全省新增全国重点实验室12家。"))["12家"] == "全国重点实验室数"  # 全国 after a verb: a name
    assert dict(subjects_of("全国新增高新技术企业651家。"))["651家"] == "高新技术企业数"        # 全国 before it: scope


def test_a_table_column_header_names_the_measure_of_its_rows():
    body = "表3：主要工业产品产量产品名称，单位，产量，比上年增长(%)；汽车，万辆，62.6，15.1；#轿车，万辆，20.0，-2.0；"
    got = subjects_of(body)
    assert ("62.6", "汽车产量") in got and ("15.1", "汽车产量") in got
    assert ("20.0", "轿车产量") in got   # the sub-item mark # is no part of the label


def test_a_word_standing_for_a_list_expands_to_as_many_items_as_figures():
    assert _series_items("城乡居民人均可支配收入", 2) == ["城镇居民人均可支配收入", "农村居民人均可支配收入"]
    assert _series_items("一二三产增加值", 3) == ["第一产业增加值", "第二产业增加值", "第三产业增加值"]
    assert _series_items("城乡居民人均可支配收入", 3) == ["城乡居民人均可支配收入"]  # parts must match the figures


def test_an_enrolment_count_is_named_as_its_insured():
    got = dict(subjects_of("参加失业保险人数79.0万人。年末参加城镇职工基本养老保险人数（含离退休人员）188.0万人。"))
    assert got["79.0万人"] == "失业保险参保人数"
    assert got["188.0万人"].endswith("城镇职工基本养老保险参保人数（含离退休人员）")
    assert dict(subjects_of("参加培训人员3万人。"))["3万人"] == "参加培训人员数"   # no 人数 after the object: no rewrite


def test_a_count_gets_its_number_before_a_note_of_what_it_includes():
    got = dict(subjects_of("全年固定资产投资在建项目（不含房地产开发）1738个。"))
    assert got["1738个"] == "固定资产投资在建项目数（不含房地产开发）"
    got = dict(subjects_of("省级以上工程实验室（工程研究中心）117个。"))
    assert got["117个"] == "省级以上工程实验室（工程研究中心）数"   # another name, not a note


def test_a_trade_flow_in_money_is_its_amount():
    got = dict(subjects_of("出口17103.48亿元，同比增长12.6%；进口14476.04亿元。"))
    assert got == {"17103.48亿元": "出口额", "12.6%": "出口额", "14476.04亿元": "进口额"}
    assert dict(subjects_of("一般贸易进出口增长15.7%。"))["15.7%"] == "一般贸易进出口"  # 进出口 is not 出口


def test_table_rows_below_the_whole_take_the_measure_of_its_parts():
    body = "表1：地区生产总值指标，2021年（亿元），比上年增长（%）；地区生产总值，19917.0，8.6；第一产业，582.8，4.8；第二产业，6114.3，8.2；"
    got = subjects_of(body)
    assert ("19917.0", "地区生产总值") in got
    assert ("582.8", "第一产业增加值") in got and ("8.2", "第二产业增加值") in got


def test_an_index_table_names_its_index_and_the_base_of_its_caption():
    body = "表2：2021年居民消费价格指数（上年 = 100指标，指数；居民消费价格，100.5；其中:食品烟酒，98.9；衣着，98.5；"
    got = dict(subjects_of(body))
    assert got == {"100.5": "居民消费价格指数（上年=100）", "98.9": "食品烟酒价格指数（上年=100）",
                   "98.5": "衣着价格指数（上年=100）"}
    got = dict(subjects_of("指标，指数；居民消费价格，100.5；衣着，98.5；"))   # no caption: no base
    assert got == {"100.5": "居民消费价格指数", "98.5": "衣着价格指数"}


def test_each_share_of_a_ratio_chain_names_its_part():
    got = subjects_of("三次产业结构③为3.9∶39.0∶57.1。")
    assert got == [("3.9", "三次产业结构（第一产业占比）"), ("39.0", "三次产业结构（第二产业占比）"),
                   ("57.1", "三次产业结构（第三产业占比）")]
    assert [s for _, s in subjects_of("城乡结构为3∶2∶1。")] == ["城乡结构"] * 3   # 城乡 has 2 parts, not 3


def test_a_national_scope_word_opening_a_name_stays():
    assert [s for _, s in subjects_of("全国重点实验室由7家增至16家。")] == ["全国重点实验室数"] * 2
    assert dict(subjects_of("全国新增高新技术企业651家。"))["651家"] == "高新技术企业数"   # before a lead verb: scope
    assert _strip_np("全省地区生产总值") == "地区生产总值"                               # the document's own scope


def test_a_threshold_after_a_figure_is_no_subject_but_the_thing_that_crossed_it():
    got = subjects_of("地区生产总值迈上5万亿台阶，五年增量超1.36万亿元。")
    assert got == [("5万亿", "地区生产总值"), ("1.36万亿元", "地区生产总值增量")]
    got = dict(subjects_of("人民币存款余额连跨4个万亿元台阶。"))
    assert got["4个"] == "人民币存款余额连跨万亿元台阶数"    # a count of thresholds: the ones crossed


def test_a_final_parenthesis_does_not_hide_the_measure_the_next_sectors_share():
    got = dict(subjects_of("全年居民消费价格（CPI）比上年上涨0.5%，其中交通和通信类上涨4.3%，医疗保健类上涨2.7%。"))
    assert got["4.3%"] == "交通和通信类价格" and got["2.7%"] == "医疗保健类价格"


# ----------------------------------------------------------------- round 3: words, wholes, topics

def test_the_pos_tagger_works_before_the_word_tokenizer_in_a_fresh_process(tmp_path):
    # tagged() first used to deadlock (the POS tokenizer was built inside the word tokenizer's lock)
    code = "from orchestration.parsing.segment import tagged; print(tagged('死亡人数')[0][0])"
    env = {"TMPDIR": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True,
                         timeout=120)
    assert out.stdout == "死亡\n"


def test_a_sentence_whole_scopes_its_parts_and_the_breakdown_sentences_after_it():
    body = ("在规模以上工业中，分经济类型看，国有企业增加值增长2.3%；集体企业下降25.5%。"
            "分门类看，采矿业增加值下降6.7%。全年产品销售率99.2%。"
            "限额以上批发零售业企业商品零售额中，粮油、食品类增长7.2%，饮料类下降13.4%。")
    assert [s for _, s in subjects_of(body)] == [
        "规模以上工业国有企业增加值", "规模以上工业集体企业增加值", "规模以上工业采矿业增加值",
        "产品销售率",                               # a sentence that is no breakdown leaves the whole
        "限额以上批发零售业企业粮油、食品类零售额", "限额以上批发零售业企业饮料类零售额"]
    from orchestration.parsing.facts.subjects import sentence_whole, within_whole
    assert sentence_whole("在发展中，") == ""        # no sector, unit or measure word: no whole
    assert sentence_whole("其中，") == ""
    assert within_whole("装备制造业占规模以上工业比重", "规模以上工业") == "装备制造业占规模以上工业比重"


def test_a_final_abbreviation_gets_its_standard_name_and_a_bare_rate_what_it_is_of():
    from orchestration.parsing.facts.subjects import standard_name
    assert standard_name("深圳GDP") == "深圳地区生产总值"
    assert standard_name("农产品加工业营收") == "农产品加工业营业收入"
    assert standard_name("国际友城") == "国际友好城市"
    assert standard_name("出生率") == "人口出生率"
    assert standard_name("婴儿死亡率") == "婴儿死亡率"          # says what it is of already
    assert standard_name("制造业占GDP比重") == "制造业占GDP比重"  # GDP is the whole here, not the measure
    assert standard_name("地区生产总值") == "地区生产总值"


def test_a_growth_in_percent_names_its_indicator_not_the_rate_word():
    assert subjects_of("出口年均增速20%以上。") == [("20%", "出口")]
    assert subjects_of("居民消费价格涨幅2%左右。") == [("2%", "居民消费价格")]
    assert [s for _, s in subjects_of("地区生产总值为15695.05亿元，同比增速为6.6%。")] == ["地区生产总值", "地区生产总值"]
    assert subjects_of("城镇化率达到60%。") == [("60%", "城镇化率")]       # a level keeps its rate word


def test_a_list_shares_its_count_verb_and_a_bare_measure_item_the_first_items_thing():
    assert [s for _, s in subjects_of("建成运输机场3座、通用机场8座。")] == ["建成运输机场数", "建成通用机场数"]
    assert [s for _, s in subjects_of("安全生产事故起数、死亡人数分别下降9.4%、7.2%。")] == [
        "安全生产事故起数", "安全生产事故死亡人数"]
    # a thing of its own (棉花) or a verbal noun (旅游) is no bare measure
    assert [s for _, s in subjects_of("粮食产量、棉花产量分别增长1%、2%。")] == ["粮食产量", "棉花产量"]
    assert [s for _, s in subjects_of("游客人次和旅游收入分别增长17.6%、16.8%。")][1] == "旅游收入"


def test_a_zone_named_as_the_sentences_topic_owns_its_figures_and_a_project_does_not():
    facts = [(f[0], f[1]) for f in _entities("成功申建中国（新疆）自贸试验区，出台69项支持政策，新设立企业2万余家。")]
    assert facts == [("69项", "中国（新疆）自贸试验区"), ("2万余家", "中国（新疆）自贸试验区")]
    assert [e for _, e in _entities("天开高教科创园蓬勃发展，布局深化拓展，累计注册科技型企业超4500家。")] == ["天开高教科创园"]
    # a long predicate says something else about the zone; a railway worked on owns no figure
    assert [e for _, e in _entities("天开高教科创园成为创新策源、创业集聚新地标，29家全国重点实验室聚力赋能。")] == [""]
    assert [e for _, e in _entities("推进重庆至贵阳高速铁路前期工作，力争完成交通投资800亿元。")] == [""]


def _entities(body: str) -> list[tuple[str, str]]:
    import datetime as dt

    from orchestration.parsing.facts import extract
    return [(f.quote, f.subject_entity or "") for f in
            extract(body, doc_id="d", doc_date=dt.date(2026, 2, 1), default_region="650000").facts]


def test_words_glued_before_a_count_say_which_ones_are_counted():
    from orchestration.parsing.facts.subjects import count_attribute
    assert count_attribute("稳经济", "实施稳经济") == "稳经济"
    assert count_attribute("晋电外送", "晋电外送") == "晋电外送"
    assert count_attribute("国际朋友圈", "国际朋友圈扩展到") == ""       # a verb between: the topic
    assert count_attribute("以长协价为") == ""                       # ends in a preposition
    assert count_attribute("加快") == ""                             # a verb on the noun, no attribute
    assert count_attribute("美丽乡村", "美丽乡村、") == ""            # the previous list item's noun
    assert count_attribute("", "消除桥园里、和苑等") == "消除"         # the verb before examples
    assert count_attribute("", "力争黄蒿界、榆树湾等") == ""           # a target cue is no count verb
    assert subjects_of("实施稳经济30项举措。") == [("30项", "稳经济举措数")]


def test_a_grade_alone_is_that_grade_of_the_previous_thing():
    assert [s for _, s in subjects_of("年末共有省级以上企业技术中心171个，其中国家级17个。")][1] == "国家级企业技术中心数"
    from orchestration.parsing.facts.subjects import graded_subject
    assert graded_subject("国家级", "") == "国家级"                   # nothing before it: kept
    assert graded_subject("国家级企业", "省级企业") == "国家级企业"    # a thing of its own: kept


def test_a_parenthesis_opened_before_a_figure_qualifies_the_previous_subject():
    assert [s for _, s in subjects_of("地方一般公共预算收入3500亿元（同口径增长2.5%以上）。")] == [
        "地方一般公共预算收入", "地方一般公共预算收入（同口径）"]


def test_retail_in_money_is_its_amount_and_national_gdp_is_gross_domestic_product():
    assert subjects_of("商品零售2113.8亿元。") == [("2113.8亿元", "商品零售额")]
    from orchestration.parsing.facts.subjects import standard_name
    assert standard_name("全国GDP") == "国内生产总值"


def test_a_duration_before_a_milestone_is_the_time_it_took():
    from orchestration.parsing.facts.subjects import took_subject
    assert took_subject("海澜集团产业基地", "开工") == "海澜集团产业基地开工用时"
    assert took_subject("", "开工") == ""


def test_a_count_of_editions_names_the_event_and_its_verb():
    from orchestration.parsing.facts.subjects import occurrence_subject
    assert occurrence_subject("亚欧博览会", "举办", "届") == "亚欧博览会举办届数"
    assert occurrence_subject("亚欧博览会", "", "届") == "亚欧博览会"      # no verb: kept
    assert occurrence_subject("博物馆", "建成", "座") == "博物馆"          # not an occurrence unit


def test_a_lone_measure_takes_the_thing_of_its_topic():
    from orchestration.parsing.facts.subjects import lone_measure, topic_thing
    assert lone_measure("产量") and lone_measure("总量") and not lone_measure("煤炭产量")
    assert topic_thing("非常规天然气发展方面，加快增储上产，", "") == "非常规天然气"
    assert topic_thing("", "经营主体持续壮大。") == "经营主体"
    assert topic_thing("抓好产能接续，", "地区生产总值增长5%。") == ""    # a verb first, a figure before


def test_a_list_matched_to_figures_without_fenbie_gives_each_its_item():
    from orchestration.parsing.facts.subjects import listed_items, measured_subject
    items = listed_items("改造老旧供热、燃气、排水管网", 3)
    assert items == ["改造老旧供热管网", "改造老旧燃气管网", "改造老旧排水管网"]
    assert [measured_subject(x, "公里") for x in items][1] == "老旧燃气管网改造长度"
    assert listed_items("汽车、新能源汽车产量", 2) == ["汽车产量", "新能源汽车产量"]
    assert listed_items("改造老旧供热、燃气、排水管网", 2) == []           # not as many figures


def test_an_earlier_item_naming_its_measure_borrows_nothing():
    assert _series_items("游客人次和旅游收入", 2) == ["游客人次", "旅游收入"]


def test_the_share_done_and_the_verb_closing_a_list():
    from orchestration.parsing.facts.subjects import done_share
    assert _series_items("省级政务信息系统、政务移动应用整合", 2)[0] == "省级政务信息系统整合"
    assert done_share("政务移动应用整合", "完成") == "政务移动应用整合完成比例"
    assert done_share("计划完成率", "完成") == "计划完成率"


def test_examples_before_a_class_and_years_inside_a_subject_go():
    from orchestration.parsing.facts.subjects import without_examples, without_inner_time
    assert without_examples("银行、保险、证券等各类金融机构") == "各类金融机构"
    assert without_examples("贵阳“青云市集”等夜间消费聚集区") == "夜间消费聚集区"
    assert without_examples("科创、金融等服务机构") == "科创、金融等服务机构"  # kinds of the class stay
    assert without_examples("普通中等专业学校") == "普通中等专业学校"          # 等 inside a word
    assert without_inner_time("深圳2021年全年地区生产总值") == "深圳全年地区生产总值"


def test_a_population_part_of_a_broken_down_whole():
    from orchestration.parsing.facts.subjects import population_part
    assert population_part("城镇零售额", "社会消费品零售总额") == "城镇消费品零售额"
    assert population_part("餐饮收入", "社会消费品零售总额") == "餐饮收入"
