"""Gold evaluation: the extractor against a hand annotation of every figure in the seed.

``tests/gold/seed_facts.csv`` lists every measured figure of the two seed articles, written
by hand from the text.  Facts are matched to gold on (article, value, unit_code, qualifier,
quote); precision and recall must both be 100%.  Matched facts must also agree on change
kind, period, count multiplier and – after linking and the curated overrides – indicator.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections import Counter
from pathlib import Path

import pytest

from orchestration.inputs.curated import load_curated, load_registry, region_aliases
from orchestration.inputs.fact_links import facts_from_rows, link_with_overrides
from orchestration.inputs.texts import ParsedText, parse_text_file

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "texts" / "000_7aa3fd634077bd17.txt"
GOLD = ROOT / "tests" / "gold" / "seed_facts.csv"
CURATED = ROOT / "seeds" / "curated"


# The production path: the seed file through orchestration.inputs.texts (article splitting, column-break
# repair, region and date detection, extraction), then linking and the curated overrides.
def parse_seed() -> ParsedText:
    regions = load_curated(CURATED, load_registry(ROOT / "seeds" / "schema.csv"))["regions"].rows
    parsed = parse_text_file(
        SEED.read_bytes(), source_file=f"seeds/texts/{SEED.name}", sha256="-",
        region_aliases=region_aliases(regions), fact_region_aliases=region_aliases(regions, with_misspellings=True),
    )
    assert isinstance(parsed, ParsedText)
    return parsed


def _gold_rows() -> list[dict[str, str]]:
    with GOLD.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _key(article: int, quote: str, value: float, unit: str, qualifier: str) -> tuple:
    return article, quote, round(value, 6), unit, qualifier


@pytest.fixture(scope="module")
def seed_facts():
    parsed = parse_seed()
    tables = load_curated(CURATED, load_registry(ROOT / "seeds" / "schema.csv"))
    bodies = {d["doc_id"]: d["body"] for d in parsed.documents}
    facts, _ = link_with_overrides(facts_from_rows(parsed.facts), tables["indicators"].rows, tables["fact_overrides"].rows,
                                   tables["subject_map"].rows, tables["indicator_families"].rows)
    for fact in facts:
        assert bodies[fact.doc_id][fact.char_start:fact.char_end] == fact.quote
    return [(int(f.doc_id.rsplit("-", 1)[1]), f) for f in facts]


def test_seed_gives_two_dated_articles_of_liaocheng():
    docs = parse_seed().documents
    assert [d["doc_id"] for d in docs] == [f"{SEED.stem}-1", f"{SEED.stem}-2"]
    assert {(d["published_date"], d["region_code"]) for d in docs} == {(dt.date(2025, 7, 24), "371500")}
    assert "产业集群" in docs[0]["body"] and "“十四五”以来" in docs[1]["body"]


def test_precision_and_recall_are_100_percent(seed_facts):
    gold = Counter(_key(int(r["article"]), r["quote"], float(r["value"]), r["unit_code"], r["qualifier"])
                   for r in _gold_rows())
    found = Counter(_key(n, f.quote, f.value, f.unit_code, f.qualifier) for n, f in seed_facts)
    matched = sum((gold & found).values())
    precision = matched / max(1, sum(found.values()))
    recall = matched / max(1, sum(gold.values()))
    print(f"\nseed gold: {sum(gold.values())} facts, extracted {sum(found.values())}, "
          f"precision {precision:.1%}, recall {recall:.1%}")
    missed = sorted((gold - found).elements())
    spurious = sorted((found - gold).elements())
    diff = "\n".join([f"  missed   {k}" for k in missed] + [f"  spurious {k}" for k in spurious])
    assert precision == 1.0 and recall == 1.0, f"precision {precision:.1%} recall {recall:.1%}\n{diff}"


def _pairs(seed_facts):
    """Gold rows with their facts, in text order (gold is written in text order)."""
    by_key: dict[tuple, list] = {}
    for n, f in seed_facts:
        by_key.setdefault(_key(n, f.quote, f.value, f.unit_code, f.qualifier), []).append(f)
    for row in _gold_rows():
        key = _key(int(row["article"]), row["quote"], float(row["value"]), row["unit_code"], row["qualifier"])
        if by_key.get(key):
            yield row, by_key[key].pop(0)


def test_matched_facts_agree_on_context(seed_facts):
    problems = []
    for row, f in _pairs(seed_facts):
        expected = {
            "change_kind": row["change_kind"], "change_unit": row["change_unit"] or None,
            "period_start": row["period_start"], "period_end": row["period_end"],
            "period_kind": row["period_kind"], "count_multiplier": int(row["count_multiplier"]),
        }
        got = {k: getattr(f, k) for k in expected}
        if got != expected:
            problems.append(f"{row['quote']}: expected {expected}, got {got}")
        whole = f.subject_context + f.subject_entity + f.subject
        if row["subject"] not in whole:
            problems.append(f"{row['quote']}: subject {row['subject']!r} not in {whole!r}")
    assert not problems, "\n".join(problems)


def test_matched_facts_link_to_gold_indicators(seed_facts):
    wrong = [f"{row['quote']}: expected {row['indicator_code']}, got {f.indicator_code}"
             for row, f in _pairs(seed_facts) if f.indicator_code != row["indicator_code"]]
    assert not wrong, "\n".join(wrong)


def test_gold_values_are_canonical_numbers():
    for row in _gold_rows():
        assert math.isfinite(float(row["value"])), row
        assert row["qualifier"] in {"exact", "over", "approximately", "under"}, row


def test_every_seed_figure_is_an_actual():
    # The press conference reports what the plan period delivered: none of its figures is a target
    # (the independent project gold codes every seed mention `actual` too). "计划竣工投产项目…已投产176个"
    # names planned projects, but states what was done: a noun phrase with 计划 is no target cue.
    parsed = parse_seed()
    targets = [(f["quote"], f["sentence"][:40]) for f in parsed.facts if f["modality"] != "actual"]
    assert targets == []
