"""Project mentions linked to the catalog by rule, and the curated statements applied to them (pure code)."""

import csv
from pathlib import Path

import pytest

from orchestration.inputs.curated import CuratedCsvError
from orchestration.inputs.project_links import (
    applicable_statements,
    apply_statements,
    catalog_fingerprint,
    link_mentions,
    stage_map,
)
from orchestration.parsing.lexicons import LexiconError
from orchestration.parsing.project_linking import candidate_key, catalog_names, link_name, load_words, normalise

ROOT = Path(__file__).resolve().parents[2]
CATALOG = [
    {"project_code": "airport", "name_zh": "聊城民用机场", "aliases": ["聊城机场"]},
    {"project_code": "wind", "name_zh": "国电投临清风电项目", "aliases": []},
    {"project_code": "nylon", "name_zh": "鲁西化工己内酰胺·尼龙6（一期）项目", "aliases": ["己内酰胺·尼龙6"]},
    {"project_code": "college", "name_zh": "东昌学院二期", "aliases": []},
    {"project_code": "ring", "name_zh": "市大外环路", "aliases": "大外环路|大外环"},
]


@pytest.fixture(scope="module")
def catalog():
    return catalog_names(CATALOG)


@pytest.mark.parametrize(("name", "code", "rule"), [
    ("聊城民用机场", "airport", "name"),
    ("聊城机场", "airport", "alias"),
    ("“聊城民用机场”", "airport", "name"),  # quotes are no part of a name
    ("聊城民用机场项目", "airport", "variant"),  # a generic tail
    ("临清风电项目", "wind", "owner"),  # without its owner
    ("国电投临清风电工程", "wind", "variant"),
    ("鲁西化工己内酰胺·尼龙6(一期)项目", "nylon", "name"),  # half-width brackets
    ("鲁西化工己内酰胺•尼龙6项目", "nylon", "variant"),  # another middle dot, no phase
    ("大外环路", "ring", "alias"),
])
def test_the_forms_reports_use_link_to_their_project(catalog, name, code, rule):
    link = link_name(name, catalog)
    assert (link.project_code, link.rule) == (code, rule), link


@pytest.mark.parametrize("name", [
    "己内酰胺·尼龙6（二期）项目",  # another phase than the project's (its alias inherits phase 1)
    "东昌学院三期",
    "机场",  # nothing but a head
    "风电项目",  # too short to be an owner-less form
    "聊城医院",
])
def test_other_phases_and_generic_names_stay_unlinked(catalog, name):
    assert link_name(name, catalog).project_code is None


def test_a_name_two_projects_match_is_ambiguous():
    catalog = catalog_names([{"project_code": "a", "name_zh": "甲公司临清风电项目", "aliases": []},
                             {"project_code": "b", "name_zh": "乙集团临清风电项目", "aliases": []}])
    link = link_name("临清风电项目", catalog)
    assert (link.project_code, link.rule, link.matched_name) == (None, "ambiguous", "a|b")


def test_candidate_key_groups_the_forms_of_one_unknown_project():
    assert candidate_key("体育公园项目") == candidate_key("“体育公园”") == "体育公园"
    assert candidate_key("东昌学院（三期）") == candidate_key("东昌学院三期") == "东昌学院三期"
    assert normalise("尼龙６（一期）") == "尼龙6(一期)"


def test_a_broken_word_list_names_file_and_line(tmp_path):
    path = tmp_path / "project_link_words.csv"
    path.write_text("word,category\n项目,suffix\n民用,optionl\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"project_link_words.csv:3: column 'category': unknown category 'optionl'"):
        load_words(path)
    path.write_text("word,category\n项目,suffix\n项目,suffix\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r":3: duplicate entry"):
        load_words(path)


def _mention(mid, doc, name, sentence, stage="approved", kind="stage"):
    return {"mention_id": mid, "doc_id": doc, "name": name, "quote": name, "sentence": sentence, "kind": kind,
            "stage": stage, "source_file": "seeds/texts/x.txt"}


STAGES = stage_map(csv.DictReader((ROOT / "seeds" / "curated" / "project_statuses.csv").open(encoding="utf-8")))
SENTENCE = "聊城机场获批准立项，临清风电项目加快建设"


def _statement(line, code, status, quote, action=None, doc="d1"):
    return {"project_code": code, "doc_id": doc, "status_code": status, "quote": quote, "action": action,
            "source_file": "seeds/curated/project_status_reports.csv", "source_line": line}


def test_stage_map_reads_the_catalog_column():
    assert STAGES["pre_construction"] == "preparation" and STAGES["in_operation"] == "in_operation"


def test_curated_rows_confirm_correct_reject_or_stand_alone():
    mentions = [_mention("m1", "d1", "聊城机场", SENTENCE), _mention("m2", "d1", "临清风电项目", SENTENCE, "completed"),
                _mention("m3", "d1", "东昌新校区", "东昌新校区启动建设", "under_construction")]
    links = link_mentions(mentions, CATALOG, STAGES)
    assert [link.extracted_status_code for link in links] == ["approved", "completed", "under_construction"]
    rows = [_statement(2, "airport", "approved", "聊城机场获批准立项"),                 # agrees: confirmed
            _statement(3, "wind", "under_construction", "临清风电项目加快建设"),          # another stage: corrected
            _statement(4, "college", "under_construction", "东昌新校区", action="reject"),  # an unlinked name
            _statement(5, "ring", "in_operation", "市大外环路正式通车", doc="d2")]        # no mention: stands alone
    out, matched = apply_statements(links, mentions, rows, CATALOG)
    by_id = {link.mention_id: link for link in out}
    assert (by_id["m1"].status, by_id["m1"].status_code, by_id["m1"].curated_source_line) == ("confirmed", "approved", 2)
    assert (by_id["m2"].status, by_id["m2"].status_code, by_id["m2"].extracted_status_code) == (
        "corrected", "under_construction", "completed")
    assert (by_id["m3"].status, by_id["m3"].status_code, by_id["m3"].project_code, by_id["m3"].link_rule) == (
        "rejected", None, "college", "curated")
    assert matched == {2, 3, 4}


def test_a_fragment_of_the_projects_name_is_matched_beside_its_linked_mention():
    sentence = "建成鲁西化工己内酰胺·尼龙6一期和鲁西化工新项目"
    mentions = [_mention("m1", "d1", "己内酰胺·尼龙6", sentence, "completed"),
                _mention("m2", "d1", "鲁西化工", sentence, "completed"),
                _mention("m3", "d1", "鲁西化工新项目", sentence, "completed")]
    out, _ = apply_statements(link_mentions(mentions, CATALOG, STAGES), mentions,
                              [_statement(2, "nylon", "completed", sentence)], CATALOG)
    assert [(link.project_code, link.status) for link in out] == [
        ("nylon", "confirmed"), ("nylon", "confirmed"), (None, "extracted")]


@pytest.mark.parametrize(("row", "message"), [
    (_statement(7, "airport", "approved", "聊城机场获批准立项", action="reject", doc="d9"), r":7: column 'quote': reject: no"),
    (_statement(8, "airport", "in_operation", "聊城机场获批准立项", action="confirm"),
     r":8: column 'status_code': confirm: the text gives approved here"),
    (_statement(9, "ring", "completed", "市大外环路", action="correct"), r":9: column 'quote': correct: no extracted"),
])
def test_an_action_that_matches_nothing_fails_naming_its_line(row, message):
    mentions = [_mention("m1", "d1", "聊城机场", SENTENCE)]
    with pytest.raises(CuratedCsvError, match=r"^seeds/curated/project_status_reports.csv" + message):
        apply_statements(link_mentions(mentions, CATALOG, STAGES), mentions, [row], CATALOG)


def test_an_article_whose_project_reading_fails_keeps_its_figures_and_is_listed(monkeypatch):
    """Fault injection: the project extractor raises on one article; the other article and every figure stay."""
    from orchestration.inputs import texts

    real = texts.extract_projects

    def failing(body, *, doc_id, **kw):
        if doc_id.endswith("-1"):
            raise ValueError("odd prose")
        return real(body, doc_id=doc_id, **kw)

    monkeypatch.setattr(texts, "extract_projects", failing)
    path = ROOT / "seeds" / "texts" / "000_7aa3fd634077bd17.txt"
    parsed = texts.parse_text_file(path.read_bytes(), source_file=path.name, sha256="-", region_aliases={},
                                   fact_region_aliases={})
    assert {f["doc_id"] for f in parsed.facts} == {"000_7aa3fd634077bd17-1", "000_7aa3fd634077bd17-2"}
    assert parsed.project_mentions and {m["doc_id"] for m in parsed.project_mentions} == {"000_7aa3fd634077bd17-2"}
    [failure] = parsed.project_failures
    assert failure["doc_id"] == "000_7aa3fd634077bd17-1" and failure["rule"] == texts.PROJECT_RULE
    assert "ValueError: odd prose" in failure["reason"] and failure["line"] >= 1
    assert all(m["extractor_version"] == texts.PROJECT_EXTRACTOR_VERSION and len(m["mention_id"]) == 16
               for m in parsed.project_mentions)


def test_a_change_to_any_curated_input_relinks_every_text_and_statements_follow_their_documents():
    statuses = [{"status_code": "started", "extractor_stage": "start"}]
    statements = [{"doc_id": "a-1", "project_code": "airport", "quote": "q", "status_code": "started"},
                  {"doc_id": "b-1", "project_code": "wind", "quote": "q", "status_code": "started"},
                  {"doc_id": "typo-1", "project_code": "wind", "quote": "q", "status_code": "started"}]
    base = catalog_fingerprint(CATALOG, statuses, statements)
    assert base == catalog_fingerprint(list(CATALOG), list(statuses), list(statements))  # deterministic
    assert base != catalog_fingerprint(CATALOG[:-1], statuses, statements)
    assert base != catalog_fingerprint(CATALOG, [], statements)
    assert base != catalog_fingerprint(CATALOG, statuses, statements[:1])
    # Relinking document a: its statements, and any naming no known document (it still fails loudly).
    picked = applicable_statements(statements, {"a-1"}, {"a-1", "b-1"})
    assert [row["doc_id"] for row in picked] == ["a-1", "typo-1"]
