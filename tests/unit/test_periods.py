"""Periods and value kind from the whole context (facts/periods.py, facts/scope.py), on small
made-up texts: paragraphs with the heading path the splitter gives them."""

from __future__ import annotations

import datetime as dt

from orchestration.parsing.documents import split_text
from orchestration.parsing.facts import Fact, extract
from orchestration.parsing.facts.scope import document_scope

REPORT_DATE = dt.date(2026, 2, 3)
REPORT_TITLE = "2026年某某省政府工作报告"


def read(paragraphs: list[tuple[str | None, str]], *, title: str | None = REPORT_TITLE,
         scope_year: int | None = 2026, doc_date: dt.date | None = REPORT_DATE) -> dict[str, Fact]:
    """Facts by quote of a body made of (heading_path, text) paragraphs."""
    spans, texts, offset = [], [], 0
    for _, text in paragraphs:
        spans.append((offset, offset + len(text)))
        texts.append(text)
        offset += len(text) + 2
    body = "\n\n".join(texts)
    ex = extract(body, doc_id="d", doc_date=doc_date, default_region="370000", paragraph_spans=spans,
                 heading_paths=[p for p, _ in paragraphs], title=title, scope_year=scope_year)
    for f in ex.facts:
        assert body[f.char_start:f.char_end] == f.quote
    return {f.quote: f for f in ex.facts}


def period(f: Fact) -> tuple[str | None, str | None, str]:
    return f.period_start, f.period_end, f.period_source


REVIEW = "一、2025年和“十四五”时期工作回顾"
PLAN = "三、2026年重点工作"


def test_document_scope_kinds():
    s = document_scope(REPORT_TITLE, 2026, REPORT_DATE)
    assert (s.kind, s.year, s.review_year, s.target_year) == ("work_report", 2026, 2025, 2026)
    b = document_scope("2023年某市国民经济和社会发展统计公报", 2023, dt.date(2024, 4, 30))
    assert (b.kind, b.year) == ("bulletin", 2023)
    assert document_scope("某市统计公报", None, dt.date(2024, 3, 1)).year == 2023  # spring: last year's
    n = document_scope("新闻发布会举行", None, dt.date(2025, 7, 24))
    assert (n.kind, n.year, n.default_span(False)) == ("other", 2025, None)


def test_block_opened_by_a_review_paragraph_lasts_until_an_address():
    facts = read([
        (REVIEW, "过去一年，全省上下砥砺奋进。"),
        (f"{REVIEW} > （一）稳增长", "地区生产总值增长5.2%，新增企业1200家。"),
        (REVIEW, "各位代表！全省经济总量连跨两个万亿元台阶，建成5G基站8万个。"),
    ])
    # the sub-heading ends the block (heading path changed); its heading path names the year
    assert period(facts["5.2%"]) == ("2025-01-01", "2025-12-31", "section")
    assert period(facts["1200家"])[2] == "section"
    # the address closed the block; the heading names 2025 and the plan: the shorter span
    assert period(facts["8万个"]) == ("2025-01-01", "2025-12-31", "section")
    assert facts["5.2%"].modality == "actual"


def test_block_ends_where_the_top_heading_changes():
    facts = read([
        (REVIEW, "过去一年，全省上下砥砺奋进。"),
        (f"{PLAN} > （一）扩内需", "实施项目300个。"),
    ])
    assert period(facts["300个"]) == ("2026-01-01", "2026-12-31", "section")
    assert facts["300个"].modality == "target"  # a 重点工作 section, its year ahead of the report


def test_five_years_in_a_report_after_the_plan_are_the_plan_period():
    facts = read([(REVIEW, "五年来，累计建成高速公路1200公里。"),
                  (REVIEW, "——这五年，粮食产量稳定在800亿斤以上。")])
    assert period(facts["1200公里"]) == ("2021-01-01", "2025-12-31", "sentence")
    assert period(facts["800亿斤"]) == ("2021-01-01", "2025-12-31", "sentence")


def test_a_framing_opening_leads_into_its_last_opening_time():
    facts = read([
        (REVIEW, "2025年是“十四五”收官之年。回望“十四五”，我们砥砺奋进。"),
        (REVIEW, "综合实力大幅跃升，经济总量突破5万亿元。"),
        (REVIEW, "2025年是“十四五”收官之年。一年来，我们攻坚克难。"),
        (REVIEW, "经济总量增长5%。"),
    ])
    assert period(facts["5万亿元"]) == ("2021-01-01", "2025-12-31", "block")
    assert period(facts["5%"]) == ("2025-01-01", "2025-12-31", "block")


def test_relative_words_resolve_against_the_scope_year():
    facts = read([("一、综合", "全年全市生产总值5481.6亿元，比上年增长3.8%。12月份居民消费价格与上年同月持平，"
                               "去年1-11月出口增长6%。")],
                 title="2023年某市国民经济和社会发展统计公报", scope_year=2023, doc_date=dt.date(2024, 4, 30))
    assert period(facts["5481.6亿元"]) == ("2023-01-01", "2023-12-31", "document")
    assert facts["3.8%"].base_period == "2022"
    assert period(facts["6%"]) == ("2022-01-01", "2022-11-30", "clause")


def test_months_not_yet_begun_in_a_news_text_are_last_years():
    facts = read([(None, "深圳发布经济数据。"), (None, "1-11月，全市进出口总额增长15.1%。")],
                 title="深圳经济数据发布", scope_year=None, doc_date=dt.date(2022, 1, 25))
    assert period(facts["15.1%"])[:2] == ("2021-01-01", "2021-11-30")


def test_heading_only_period_and_plan_first_year():
    facts = read([("三、一鼓作气，全力推动“十五五”开好局、起好步 > （一）壮大实体经济", "新增高新技术企业1000家。")])
    assert period(facts["1000家"]) == ("2026-01-01", "2026-12-31", "section")
    assert facts["1000家"].modality == "target"


def test_work_report_without_context_uses_its_reviewed_or_target_year():
    facts = read([(None, "全省新增就业45万人。"), (None, "力争城镇新增就业50万人以上。")])
    assert period(facts["45万人"]) == ("2025-01-01", "2025-12-31", "document")
    assert period(facts["50万人"]) == ("2026-01-01", "2026-12-31", "document")
    assert (facts["45万人"].modality, facts["50万人"].modality) == ("actual", "target")


def test_target_section_keeps_past_years_actual():
    facts = read([("三、2026年工作安排", "2025年地区生产总值达到3万亿元，今年预期增长5%左右。")])
    assert facts["3万亿元"].modality == "actual"
    assert facts["5%"].modality == "target"


def test_news_lead_opens_no_block_and_now_is_the_publication_date():
    facts = read([(None, "2025年是“十四五”规划收官之年，某市举行新闻发布会。"),
                  (None, "“十四五”以来，新增企业651家。目前，全市充电桩达到5万个。")],
                 title="新闻发布会举行", scope_year=None, doc_date=dt.date(2025, 7, 24))
    assert period(facts["651家"]) == ("2021-01-01", "2025-07-24", "sentence")
    assert period(facts["5万个"]) == ("2025-07-24", "2025-07-24", "sentence")


def test_no_date_no_title_year_leaves_relative_periods_unresolved():
    facts = read([(None, "今年新增企业3家。")], title="某地消息", scope_year=None, doc_date=None)
    assert period(facts["3家"]) == (None, None, "none")


def test_split_text_heading_paths_reach_the_extractor(tmp_path):
    text = ("2026年某某省政府工作报告\n时间：2026-02-03\n各位代表：\n现在，我代表省人民政府向大会报告工作。\n"
            "三、2026年重点工作\n（一）扩大内需\n实施重大项目300个，完成投资5000亿元。\n")
    (article,) = split_text(text, source_path="x.txt", doc_prefix="x", region_aliases={})
    ex = extract(article.body, doc_id="x", doc_date=article.published_date, default_region="370000",
                 paragraph_spans=[(p.char_start, p.char_end) for p in article.paragraphs],
                 heading_paths=[p.heading_path for p in article.paragraphs], title=article.title,
                 scope_year=article.scope_year)
    f = {x.quote: x for x in ex.facts}["300个"]
    assert (f.period_start, f.period_source, f.modality) == ("2026-01-01", "section", "target")


def test_from_to_pair_over_five_years_has_a_baseline_year():
    facts = read([(REVIEW, "五年来，全国重点实验室由7家增至16家，营收从全国第12位跃升至第5位。")])
    assert facts["7家"].period_start == "2020-01-01" and facts["7家"].period_end == "2020-12-31"
    assert (facts["16家"].period_start, facts["16家"].period_end) == ("2021-01-01", "2025-12-31")
    twelfth = next(f for q, f in facts.items() if "12" in q)
    assert twelfth.period_start == "2020-01-01"
    # over one year, no baseline is implied
    one_year = read([(REVIEW, "过去一年，企业由7家增至16家。")])
    assert one_year["7家"].period_start == "2025-01-01"


def test_news_block_keeps_its_opening_time():
    facts = read([(None, "某市发布经济数据。"),
                  (None, "制造业是立市之本。去年1-11月，工业增加值增长4.8%。2022年，计划新开工项目98个。"),
                  (None, "其中，通用设备制造业增加值增长17.3%。")],
                 title="某市经济数据发布", scope_year=None, doc_date=dt.date(2022, 1, 25))
    assert period(facts["17.3%"]) == ("2021-01-01", "2021-11-30", "block")


def test_a_time_naming_a_thing_opens_no_block():
    facts = read([(None, "某市发布经济数据。"),
                  (None, "今年的省政府工作报告对都市圈建设提出了更明确要求。"),
                  (None, "全省4个城市经济总量占全省的七成左右。")],
                 title="某市经济数据发布", scope_year=None, doc_date=dt.date(2022, 1, 25))
    f = next(x for q, x in facts.items() if q.startswith("4"))
    assert f.period_source != "block" and f.modality == "actual"


def test_past_event_in_a_target_section_is_actual():
    facts = read([(None, "某市发布项目计划。"),
                  ("2022年重大项目共安排883个", "4月8日上午，新开工项目集中启动，本次启动项目共200个。")],
                 title="某市项目计划", scope_year=None, doc_date=dt.date(2022, 4, 12))
    assert (facts["200个"].period_start, facts["200个"].modality) == ("2022-04-08", "actual")


def test_from_a_year_seen_is_a_period_not_a_base():
    facts = read([(None, "某市发布项目计划。"),
                  (None, "从2021年完成情况来看，共安排项目588个。其中，交通行业完成182.4亿元。")],
                 title="某市项目计划", scope_year=None, doc_date=dt.date(2022, 4, 12))
    assert period(facts["588个"])[:2] == ("2021-01-01", "2021-12-31")
    assert period(facts["182.4亿元"]) == ("2021-01-01", "2021-12-31", "paragraph")


def test_work_report_only_by_its_own_title_delivered_in_spring():
    assert document_scope("政府工作报告里的民生温度", None, dt.date(2025, 7, 15)).kind == "other"
    assert document_scope("关于2024年政府工作报告重点任务落实情况的报告", 2024, dt.date(2024, 11, 20)).kind == "other"
    assert document_scope("一图读懂：解读2025年政府工作报告", 2025, dt.date(2025, 3, 6)).kind == "other"
    assert document_scope("2025年某省政府工作报告（摘要）", 2025, dt.date(2025, 1, 20)).kind == "work_report"
    assert document_scope("政府工作报告", None, dt.date(2025, 2, 1)).kind == "work_report"
    assert document_scope("政府工作报告", None, None).kind == "work_report"
    # delivered in autumn: not a work report's year logic
    assert document_scope("2024年某省政府工作报告", 2024, dt.date(2024, 10, 8)).kind == "other"
    ex = extract("今年地区生产总值增长5%。", doc_id="n", doc_date=dt.date(2025, 7, 15), default_region="370000",
                 title="政府工作报告里的民生温度")
    assert ex.document_kind == "other" and ex.as_dict()["document_kind"] == "other"


def test_review_headings_and_past_target_sections_are_not_targets():
    review_date = dt.date(2025, 12, 20)
    facts = read([
        ("二、主要目标完成情况", "全市地区生产总值增长5.6%，新增城镇就业3.2万人。"),
        ("三、重点工作推进情况", "新建改造燃气管网120公里。"),
        ("四、重点工作", "完成老旧小区改造45个。"),
        ("五、2026年重点工作", "新建充电桩2000个。"),
    ], title="某市2025年工作总结", scope_year=2025, doc_date=review_date)
    assert facts["5.6%"].modality == facts["3.2万人"].modality == "actual"
    assert facts["120公里"].modality == "actual"
    assert facts["45个"].modality == "actual"  # a target word, but no period ahead of a year-end text
    assert facts["2000个"].modality == "target"
    # in a work report a target-word heading stays a target section
    assert read([("三、重点工作", "完成老旧小区改造45个。")])["45个"].modality == "target"


def test_five_year_block_ends_at_a_sub_heading_of_a_work_report():
    facts = read([
        (REVIEW, "五年来，全省地区生产总值年均增长5.5%。"),
        (REVIEW, "城镇新增就业累计280万人。"),
        (f"{REVIEW} > （一）稳增长", "新增企业1200家。"),
    ])
    assert period(facts["280万人"]) == ("2021-01-01", "2025-12-31", "block")
    assert period(facts["1200家"]) == ("2025-01-01", "2025-12-31", "section")


def test_months_of_a_plan_in_news_are_not_moved_to_last_year():
    body = ("按照计划，6月底前全市将新建充电桩1000个。预计9月全市新增公交线路12条。"
            "1-3月，全市新增充电桩200个。5月，全市新增公交线路3条。")
    ex = extract(body, doc_id="n", doc_date=dt.date(2025, 4, 15), default_region="370000", title="某市推进充电设施建设")
    facts = {f.quote: f for f in ex.facts}
    assert (facts["1000个"].period_start, facts["1000个"].modality) == ("2025-06-01", "target")
    assert facts["12条"].period_start == "2025-09-01"
    assert (facts["200个"].period_start, facts["200个"].modality) == ("2025-01-01", "actual")
    assert facts["3条"].period_start == "2024-05-01"  # a month not yet over, no plan word: last year's


def test_coming_plan_in_a_work_report_heading_is_a_topic_not_the_period():
    facts = read([
        (PLAN, "今年要稳中求进。"),
        (f"{PLAN} > （一）推进“十五五”重大工程建设", "新开工重大项目120个。"),
        ("二、“十五五”时期主要目标", "城镇新增就业累计500万人。"),
    ])
    assert period(facts["120个"]) == ("2026-01-01", "2026-12-31", "section")
    assert period(facts["500万人"]) == ("2026-01-01", "2030-12-31", "section")


def test_bulletin_without_title_year_reports_the_year_before_publication():
    assert document_scope("某市国民经济和社会发展统计公报", None, dt.date(2024, 9, 10)).year == 2023
