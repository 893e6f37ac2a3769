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
