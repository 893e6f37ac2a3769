"""The project-mention extractor (orchestration.parsing.projects), rule by rule, on made-up sentences,
its lexicon validation, and the seed's 24 curated stage statements read by the extractor alone."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from orchestration.inputs.curated import load_curated, load_registry, region_aliases
from orchestration.inputs.fact_links import facts_from_rows
from orchestration.inputs.texts import parse_text_file
from orchestration.parsing.lexicons import LexiconError
from orchestration.parsing.projects import PROJECT_EXTRACTOR_VERSION, extract_projects
from orchestration.parsing.projects import project_words as plex

ROOT = Path(__file__).resolve().parents[2]


def read(body: str):
    return extract_projects(body, doc_id="d", paragraph_spans=[(0, len(body))])


def by_name(body: str):
    return {m.name: m for m in read(body)}


def test_offsets_quote_and_sentence_are_exact():
    body = "全年经济平稳。甬台高铁开工建设，汉江水库建成投产。"
    for m in read(body):
        assert body[m.char_start:m.char_end] == m.quote == m.name
        assert body[m.sentence_start:m.sentence_start + len(m.sentence)] == m.sentence
    assert set(by_name(body)) == {"甬台高铁", "汉江水库"}
    assert PROJECT_EXTRACTOR_VERSION and len(PROJECT_EXTRACTOR_VERSION) == 12


def test_verb_gives_the_stage_and_compound_verbs_take_the_latest():
    got = by_name("东湖机场获批准立项，西岭水库加快建设，北山电厂建成投产，南河大桥全线贯通。")
    assert got["东湖机场"].stage == "approved"
    assert got["西岭水库"].stage == "under_construction"
    assert got["北山电厂"].stage == "in_operation" and got["北山电厂"].status_verb == "投产"
    assert got["南河大桥"].stage == "completed"


def test_a_verb_before_the_name_counts():
    got = by_name("启动建设青石学院二期。")
    assert got["青石学院二期"].stage == "under_construction"


def test_list_members_share_the_verb_and_the_list_descriptor_is_dropped():
    got = by_name("甲乙、丙丁、戊己等高速公路加快建设。")
    assert set(got) == {"甲乙", "丙丁", "戊己"}
    assert {m.stage for m in got.values()} == {"under_construction"}


def test_counted_group_of_an_asset_class():
    (m,) = read("5条铁路专用线完成核准立项。")
    assert (m.name, m.count, m.stage) == ("铁路专用线", 5, "approved")


def test_unnamed_categories_and_programmes_are_not_projects():
    assert read("一批大项目开工建设，20个重点项目加快建设。") == []
    assert read("城市更新项目有序推进。") == []


def test_a_disjunctive_status_is_none():
    got = by_name("青山水库、绿水灌区等水利工程投入使用或加快建设。")
    assert got and {m.stage for m in got.values()} == {"none"}


def test_a_settled_problem_is_an_issue_not_a_stage():
    got = by_name("东方电厂、西方热电联产项目等历史遗留问题一揽子解决。")
    assert got["东方电厂"].kind == "issue" and got["东方电厂"].stage == "none"


def test_weak_verbs_are_flagged():
    got = by_name("有序推进凤凰港二期。")
    assert got["凤凰港二期"].stage == "under_construction" and got["凤凰港二期"].weak


def test_a_name_with_no_lifecycle_word_is_not_a_statement():
    assert read("长江大桥的运量位居前列。") == []


def test_value_kind_and_period_come_from_the_figures_of_the_paragraph():
    from types import SimpleNamespace
    body = "今年力争完成投资500亿元，开工建设星河高铁。"
    fact = SimpleNamespace(paragraph_ordinal=1, char_start=8, modality="target", period_start="2026-01-01",
                           period_end="2026-12-31")
    (m,) = extract_projects(body, doc_id="d", paragraph_spans=[(0, len(body))], facts=[fact])
    assert (m.value_kind, m.period_start, m.period_end) == ("target", "2026-01-01", "2026-12-31")


def _copy(tmp_path: Path) -> Path:
    d = tmp_path / "lex"
    shutil.copytree(plex.DIRECTORY, d)
    return d


def test_lexicons_load_and_bad_rows_name_file_and_line(tmp_path):
    assert plex.load().stages["开工建设"] == ("under_construction", False)
    d = _copy(tmp_path)
    with (d / "stages.csv").open("a", encoding="utf-8") as fh:
        fh.write("动工,started,\n")
    n = len((d / "stages.csv").read_text(encoding="utf-8").splitlines())
    with pytest.raises(LexiconError, match=rf"stages.csv:{n}: column 'stage': unknown stage 'started'"):
        plex.load(d)
    d2 = tmp_path / "lex2"
    shutil.copytree(plex.DIRECTORY, d2)
    with (d2 / "words.csv").open("a", encoding="utf-8") as fh:
        fh.write("高铁,head\n")
    with pytest.raises(LexiconError, match=r"words.csv:\d+: duplicate entry '高铁'"):
        plex.load(d2)


def test_seed_stage_statements_read_by_the_extractor_alone():
    """At least 22 of the 24 curated stage statements of the seed come out with the right stage."""
    tables = load_curated(ROOT / "seeds" / "curated", load_registry(ROOT / "seeds" / "schema.csv"))
    aliases = region_aliases(tables["regions"].rows)
    path = ROOT / "seeds" / "texts" / "000_7aa3fd634077bd17.txt"
    parsed = parse_text_file(path.read_bytes(), source_file=path.name, sha256="-", region_aliases=aliases,
                             fact_region_aliases=aliases)
    facts = facts_from_rows(parsed.facts)
    mentions = {}
    for doc in parsed.documents:
        paras = sorted((p for p in parsed.paragraphs if p["doc_id"] == doc["doc_id"]), key=lambda p: p["ordinal"])
        mentions[doc["doc_id"]] = (doc["body"], extract_projects(
            doc["body"], doc_id=doc["doc_id"], paragraph_spans=[(p["char_start"], p["char_end"]) for p in paras],
            heading_paths=[p.get("heading_path") for p in paras], facts=[f for f in facts if f.doc_id == doc["doc_id"]]))
    rows = list(csv.DictReader((ROOT / "seeds" / "curated" / "project_status_reports.csv").open(encoding="utf-8")))
    assert len(rows) == 24
    stage_of = {"preparation": "pre_construction"}
    right = []
    for r in rows:
        body, ms = mentions[r["doc_id"]]
        at = body.find(r["quote"])
        assert at >= 0, r["quote"]
        want = stage_of.get(r["status_code"], r["status_code"])
        if any(at <= m.char_start < at + len(r["quote"]) and m.stage == want for m in ms):
            right.append(r["quote"])
    assert len(right) >= 22, f"{len(right)} of 24 right"


def rejected_of(body: str):
    rej = []
    extract_projects(body, doc_id="d", paragraph_spans=[(0, len(body))], rejected=rej)
    return rej


def test_a_head_the_name_goes_on_from_is_a_modifier_and_a_later_head_ends_the_name():
    assert set(by_name("东岭高速南溪段扩容工程开工建设。")) == {"东岭高速南溪段扩容工程"}
    assert set(by_name("青川铁路增建二线、白河水电站500吨级通航设施等项目顺利开工。")) == {
        "青川铁路增建二线", "白河水电站500吨级通航设施"}
    assert set(by_name("北湖国际机场东三跑道投入使用。")) == {"北湖国际机场东三跑道"}


def test_a_section_ends_a_name_after_its_head():
    got = by_name("东岭高铁云河段、南山西站建成运营，西江特高压工程云河段全线贯通。")
    assert got["东岭高铁云河段"].stage == "in_operation"
    assert got["西江特高压工程云河段"].stage == "completed"
    assert "云河段" not in got


def test_a_head_inside_a_longer_word_is_no_name_end_and_the_drop_is_recorded():
    assert read("新设高铁新区并加快建设。") == []
    assert read("持续推进废弃矿山生态修复，推进现代化沿海港口群建设。") == []
    rej = rejected_of("新设高铁新区并加快建设。")
    assert any("goes on into" in r.reason and r.name.startswith("高铁") for r in rej)
    assert all(body_ok for body_ok in (r.char_end > r.char_start for r in rej))


def test_a_count_after_an_asset_class_is_a_counted_group_but_not_after_a_bare_head():
    (m,) = read("新建成轨道交通线路7条、通车里程超400公里。")
    assert (m.name, m.count, m.stage) == ("轨道交通线路", 7, "completed")
    assert read("建设亿元以上项目4000个。") == []


def test_an_adverb_between_name_and_verb_is_not_part_of_the_name():
    got = by_name("市东外环路正式通车，北河高速提前建成通车。")
    assert got["市东外环路"].stage == "in_operation" and got["北河高速"].stage == "in_operation"


def test_an_attached_item_belongs_to_the_item_before():
    got = by_name("推动青石引水一期、柳溪水库及配套灌溉工程立项审批。")
    assert set(got) == {"青石引水一期", "柳溪水库及配套灌溉工程"}
    assert got["柳溪水库及配套灌溉工程"].stage == "approved"


def test_a_measure_holding_a_verb_is_no_verb():
    assert read("东山铁路营业里程超500公里。") == []


def test_a_rating_is_not_a_stage():
    assert read("东湖医院获批全省首家三甲医院。") == []
    assert read("西岭产业园、北坡工业园入选首批国家级示范名单。") == []
    assert by_name("东湖机场获批建设。")["东湖机场"].stage == "approved"


def test_a_quoted_slogan_carried_out_is_a_programme_but_built_it_is_a_project():
    assert read("深入实施“青山优品”工程。") == []
    assert by_name("“东电西送”工程建成投运。")["“东电西送”工程"].stage == "in_operation"
    assert read("深入实施教育“七大工程”，强力推进招商“头号工程”。") == []


def test_a_phase_named_alone_is_the_phase_of_a_project():
    assert by_name("建成西河引水及二期工程。")["二期工程"].stage == "completed"


def test_route_codes_and_line_numbers_are_names():
    got = by_name("有序实施G901、G902提质改造和G903南坡至北坡段建设。")
    assert set(got) == {"G901", "G902提质改造", "G903南坡至北坡段"}
    got = by_name("加快推进9号线一期、K7等地铁建设。")
    assert set(got) == {"9号线一期", "K7"}


def test_frames_around_a_name_give_a_stage():
    got = by_name("抓好东湖机场迁建进度，西山铁路完成提速改造。")
    assert got["东湖机场迁建"].stage == "under_construction" and got["东湖机场迁建"].weak
    assert got["西山铁路"].stage == "completed"


def test_members_of_a_list_of_fields_are_not_projects():
    assert read("推进网络、算力、数据等新型基础设施建设。") == []
    assert read("支持民间资本参与交通、能源等领域项目建设。") == []
    assert set(by_name("推进东湖机场、西河港等新型基础设施建设。")) == {"东湖机场", "西河港"}


def test_a_verb_is_not_borrowed_from_a_clause_with_a_subject_of_its_own():
    assert read("南山科技园区零的突破，东河试验基地建成运行。") == []


def test_a_programme_carried_out_is_not_a_project_but_named_works_are():
    assert read("大力实施人才兴业工程，实施房屋品质提升工程。") == []
    got = by_name("实施东河河道治理工程，实施西山水库扩容工程。")
    assert set(got) == {"东河河道治理工程", "西山水库扩容工程"}


def test_a_red_line_is_no_line():
    assert read("坚守耕地保护红线，守牢安全底线，加快建设。") == []


def test_a_paragraph_without_figures_takes_the_reading_of_its_top_level_section():
    from types import SimpleNamespace
    body = "力争增长百分之五。\n开工建设星河高铁。"
    spans = [(0, 9), (10, len(body))]
    fact = SimpleNamespace(paragraph_ordinal=1, char_start=2, modality="target", period_start="2026-01-01",
                           period_end="2026-12-31")
    paths = ["三、明年工作 > （一）扩大投资", "三、明年工作 > （二）建设交通"]
    (m,) = extract_projects(body, doc_id="d", paragraph_spans=spans, facts=[fact], heading_paths=paths)
    assert (m.name, m.value_kind, m.period_start) == ("星河高铁", "target", "2026-01-01")
    (m,) = extract_projects(body, doc_id="d", paragraph_spans=spans, facts=[fact],
                            heading_paths=["一、过去一年", "二、今年工作"])
    assert (m.value_kind, m.period_start) == ("actual", None)


def test_a_list_descriptor_is_no_member_of_the_next_list_and_a_programme_list_is_dropped_whole():
    got = by_name("推进卡东、松西沟等14个750千伏电网工程、青北联网通道建设。")
    assert set(got) == {"卡东", "松西沟", "青北联网通道"}
    assert read("实施语言文字普及攻坚和质量提升工程。") == []
    assert set(by_name("实施东河、西河治理工程。")) == {"东河", "西河治理工程"}


def test_subject_verb_pairs_in_one_clause_keep_their_own_verbs():
    got = by_name("东岭水库大坝封顶、西岭水库下闸蓄水。")
    assert (got["东岭水库"].stage, got["西岭水库"].stage) == ("under_construction", "completed")
    got = by_name("推进甲城高铁建设、乙城机场前期工作。")
    assert (got["甲城高铁"].stage, got["乙城机场"].stage) == ("under_construction", "pre_construction")
    got = by_name("甲城高铁、乙城机场加快建设。")
    assert {m.stage for m in got.values()} == {"under_construction"}


def test_a_completion_frame_beats_the_progress_verb_inside_it():
    assert by_name("全面完成青岭山区“山水工程”建设。")["青岭山区“山水工程”"].stage == "completed"


def test_a_frame_without_both_sides_is_a_lexicon_error(tmp_path):
    d = _copy(tmp_path)
    with (d / "stages.csv").open("a", encoding="utf-8") as fh:
        fh.write("…进展,under_construction,weak\n")
    n = len((d / "stages.csv").read_text(encoding="utf-8").splitlines())
    with pytest.raises(LexiconError, match=rf"stages.csv:{n}: column 'word': a frame is before…after"):
        plex.load(d)
    d2 = tmp_path / "lex3"
    shutil.copytree(plex.DIRECTORY, d2)
    with (d2 / "words.csv").open("a", encoding="utf-8") as fh:
        fh.write("港区,place\n")
    with pytest.raises(LexiconError, match=r"words.csv:\d+: column 'category': unknown category 'place'"):
        plex.load(d2)


def test_a_rating_word_ends_a_name():
    rej = rejected_of("东山锂业碳酸锂工厂跻身全国首批示范名单。")
    assert any(r.name == "东山锂业碳酸锂工厂" and "rated" in r.reason for r in rej)


def test_a_deng_inside_a_word_closes_no_list():
    got = by_name("东岭至西岭高等级公路、南坡等3条高速公路建成通车。")
    assert set(got) == {"东岭至西岭高等级公路", "南坡"}
