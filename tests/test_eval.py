"""`make eval` as a regression, and its matcher on hand-made cases.

The eval runs the production reading path over the independently annotated texts of
../shared/gold; an overall figure below bench/eval_floor.json (the figures when the floor was
last raised, rounded down) fails the test.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from bench import eval as ev

FLOOR = Path(ev.ROOT / "bench" / "eval_floor.json")
needs_gold = pytest.mark.skipif(not all(p.exists() for pair in ev.GOLD_SETS.values() for p in pair),
                                reason="../shared gold and corpus not present")


@needs_gold
def test_eval_figures_do_not_drop_below_the_floor():
    report = ev.run_eval()
    floor = json.loads(FLOOR.read_text(encoding="utf-8"))
    drops = [f"{label} {key}: {report['overall'][label][key]:.4f} < floor {value}"
             for label, figures in floor.items() for key, value in figures.items()
             if report["overall"][label][key] < value]
    assert not drops, "\n".join(drops)
    assert report["cpu_seconds"] < 30  # CPU, not wall: the suite runs beside another worker


@needs_gold
def test_no_annotated_text_is_refused():
    report = ev.run_eval()
    assert [r["file"] for r in report["files"] if r["rejected"]] == []


def _fact(quote, start, **kw):
    base = dict(quote=quote, value=None, value_low=None, value_high=None, unit_as_written="", unit_code="count",
                qualifier="exact", change_kind="level", change_unit=None, period_start=None, period_end=None,
                modality="actual", region="120000")
    return ev.Located(SimpleNamespace(**{**base, **kw}), start, start + len(quote), 1)


def _gold(quote, start, **kw):
    return ev.Gold({"quote": quote, **kw}, start, start + len(quote), 1)


def test_alignment_skips_markup_and_whitespace():
    file_text = "<p>　　产值增长\n\n5%。</p>"
    offsets = ev.align("产值增长5%。", file_text, 0)
    assert "".join(file_text[o] for o in offsets) == "产值增长5%。"


def test_inserted_character_takes_the_position_before_it():
    offsets = ev.align("ab cd", "ab\ncd", 0)
    assert offsets == [0, 1, 1, 3, 4]


def test_gold_quote_is_located_inside_its_anchor():
    text = "甲增长5%。乙增长5%。"
    (g,) = ev.locate_gold([{"file": "x", "sentence_anchor": "乙增长5%。", "quote": "5%"}], text)
    assert text[g.start:g.end] == "5%" and g.start == 9


def test_match_is_one_to_one_and_prefers_the_same_quote():
    gold = [_gold("5%", 10)]
    facts = [_fact("增长5%", 8), _fact("5%", 10)]
    ((g, f),) = ev.match(gold, facts)
    assert f.fact.quote == "5%"


def test_no_overlap_no_match():
    assert ev.match([_gold("5%", 10)], [_fact("5%", 20)]) == []


def test_two_gold_figures_do_not_share_one_fact():
    pairs = ev.match([_gold("3.5%", 0), _gold("5%", 2)], [_fact("3.5%", 0)])
    assert len(pairs) == 1 and pairs[0][0].row["quote"] == "3.5%"


ROW = dict(quote="1.2万公顷", number="12000", number_low="", number_high="", unit_written="公顷", qualifier="approx",
           change_kind="increase", change_unit="points", period_start="2025-01-01", period_end="2025-12-31",
           value_kind="target", region="天津市")


def test_fields_are_compared_after_normalising_units_and_vocabularies():
    fact = _fact("1.2万公顷", 0, value=180000.0, unit_as_written="公顷", unit_code="mu", qualifier="approximately",
                 change_kind="increase", change_unit="pp", period_start="2025-01-01", period_end="2025-12-31",
                 modality="target", region="120000").fact
    assert ev.field_checks(ROW, fact, {"天津市": "120000"}) == dict.fromkeys(ev.FIELDS[:-2], True)


def test_each_wrong_field_is_reported_on_its_own():
    fact = _fact("1.2万公顷", 0, value=12000.0, unit_as_written="公顷", unit_code="mu", qualifier="exact",
                 change_kind="increase", change_unit="percent", period_start=None, period_end=None,
                 modality="actual", region="130000").fact
    checks = ev.field_checks(ROW, fact, {"天津市": "120000"})
    assert checks == {"value": False, "unit": True, "qualifier": False, "change": False, "period": False,
                      "value_kind": False, "region": False, "all": False}


def test_ranges_ranks_empty_units_and_unknown_regions():
    rank = {**ROW, "quote": "11位", "number": "11", "unit_written": "位", "qualifier": "exact",
            "change_kind": "level", "change_unit": "", "region": "某某市"}
    fact = _fact("第11位", 0, value=11.0, unit_as_written="位", unit_code="rank", change_kind="level",
                 period_start="2025-01-01", period_end="2025-12-31", modality="target", region="120000").fact
    checks = ev.field_checks(rank, fact, {"天津市": "120000"})
    assert checks["value"] and checks["unit"] and checks["change"] and not checks["region"]
    span = {**rank, "number": "", "number_low": "4.5", "number_high": "5", "unit_written": "%"}
    ranged = _fact("4.5%—5%", 0, value=4.75, value_low=4.5, value_high=5.0, unit_as_written="%", unit_code="percent").fact
    assert ev.field_checks(span, ranged, {})["value"] and ev.field_checks(span, ranged, {})["unit"]
    bare = {**rank, "unit_written": "", "number": "5000000000000"}
    inferred = _fact("5万亿", 0, value=5e12, unit_as_written="", unit_code="yuan").fact
    assert ev.field_checks(bare, inferred, {})["unit"]


def test_dev_scope_starts_after_front_matter_or_at_the_first_prose_line():
    assert ev.dev_body_start("\n---\ntitle: x\n---\n<div>\n") == 5
    assert ev.dev_body_start("标题\n\n机构\n\n这是正文的第一个句子，足够长了吧。\n") == 5


def test_heading_paths_compare_without_a_leading_document_title():
    assert ev.heading_path_right("某公报 > 一、综合", "一、综合", "某公报")
    assert ev.heading_path_right("一、回顾 > （二）改革", "一、回顾 > （二）改革", "某报告")
    assert not ev.heading_path_right("一、回顾 > （二）改革", "一、回顾", "某报告")
    assert ev.heading_path_right("", None, "某报告")


def test_subject_normalisation_applies_the_gold_standard_names():
    assert ev.norm_subject("“规上工业”增加值") == "规模以上工业增加值"
    assert ev.norm_subject("生产总值") == ev.norm_subject("地区生产总值") == "地区生产总值"
    assert ev.norm_subject("外贸进出口") == "外贸进出口总额"
    assert ev.norm_subject("科技型企业数量") == "科技型企业"


def test_subject_match_needs_the_gold_words_in_order_and_no_whole_clause():
    assert ev.subject_right("地区生产总值", "生产总值")
    assert ev.subject_right("农村居民人均可支配收入", "全省农村居民人均可支配收入")
    assert not ev.subject_right("民间投资占比", "投资")           # shares characters, lacks words
    assert not ev.subject_right("人均可支配收入", "收入人均可支配")  # words out of order
    assert not ev.subject_right("粮食产量", "全省粮食产量连续多年稳定在历史高位以上")  # a clause, not a subject
    assert not ev.subject_right("粮食产量", "")
