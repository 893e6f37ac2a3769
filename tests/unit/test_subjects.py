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
