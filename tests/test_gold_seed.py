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
import re
from collections import Counter
from pathlib import Path

import pytest

from orchestration.parsing.facts import extract
from orchestration.parsing.linking import apply_overrides, link, load_indicators

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "texts" / "000_7aa3fd634077bd17.txt"
GOLD = ROOT / "tests" / "gold" / "seed_facts.csv"
DOC_DATE = dt.date(2025, 7, 24)
REGION = "371500"
REGION_ALIASES = {
    "临清": "371581", "临清市": "371581", "冠县": "371525", "茌平": "371503", "在平": "371503",
    "茌平区": "371503", "东昌府区": "371502", "阳谷": "371521", "阳谷县": "371521", "莘县": "371522",
    "高唐": "371526", "高唐县": "371526", "东阿": "371524", "东阿县": "371524",
}


# ---------------------------------------------------------------------------------------
# TEMPORARY article builder.  One-line swap when orchestration.parsing.documents lands:
#   return [(a.doc_id, a.body) for a in documents.split_text(text, source_path=..., doc_prefix=SEED.stem)]
_SENTENCE_END = "。！？；：”」…"
_BYLINE = re.compile(r"^\S{2,4}\s+\S{2,6}报道$")


def build_seed_articles(text: str) -> list[tuple[str, str]]:
    """(doc_id, repaired body) per ``## `` article; headings and bylines left out of the body,
    a ``### `` kicker right before ``## `` belongs to the next article, and a paragraph not
    ending a sentence continues on the next one (newspaper column break)."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    articles: list[list[str]] = []
    for block in blocks:
        if block.startswith("## "):
            articles.append([])
        elif articles and not block.startswith("#") and not _BYLINE.match(block):
            paras = articles[-1]
            if paras and paras[-1][-1] not in _SENTENCE_END:
                paras[-1] += block
            else:
                paras.append(block)
    return [(f"{SEED.stem}-{n}", "\n\n".join(paras)) for n, paras in enumerate(articles, start=1)]
# ---------------------------------------------------------------------------------------


def _gold_rows() -> list[dict[str, str]]:
    with GOLD.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _key(article: int, quote: str, value: float, unit: str, qualifier: str) -> tuple:
    return article, quote, round(value, 6), unit, qualifier


@pytest.fixture(scope="module")
def seed_facts():
    articles = build_seed_articles(SEED.read_text(encoding="utf-8"))
    indicators = load_indicators(ROOT / "seeds" / "curated" / "indicators.csv")
    out = []
    for n, (doc_id, body) in enumerate(articles, start=1):
        ex = extract(body, doc_id=doc_id, doc_date=DOC_DATE, default_region=REGION,
                     region_aliases=REGION_ALIASES)
        for fact in ex.facts:
            assert body[fact.char_start:fact.char_end] == fact.quote
        facts = apply_overrides(link(ex.facts, indicators), _overrides_for(doc_id))
        out.extend((n, f) for f in facts)
    return out


def _overrides_for(doc_id: str) -> list[dict[str, str]]:
    with (ROOT / "seeds" / "curated" / "fact_overrides.csv").open(encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r["doc_id"] == doc_id]


def test_builder_gives_two_articles():
    articles = build_seed_articles(SEED.read_text(encoding="utf-8"))
    assert [doc_id for doc_id, _ in articles] == [f"{SEED.stem}-1", f"{SEED.stem}-2"]
    assert "产业集群" in articles[0][1] and "“十四五”以来" in articles[1][1]


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
        if row["subject"] not in f.subject_context + f.subject:
            problems.append(f"{row['quote']}: subject {row['subject']!r} not in {f.subject_context + f.subject!r}")
    assert not problems, "\n".join(problems)


def test_matched_facts_link_to_gold_indicators(seed_facts):
    wrong = [f"{row['quote']}: expected {row['indicator_code']}, got {f.indicator_code}"
             for row, f in _pairs(seed_facts) if f.indicator_code != row["indicator_code"]]
    assert not wrong, "\n".join(wrong)


def test_gold_values_are_canonical_numbers():
    for row in _gold_rows():
        assert math.isfinite(float(row["value"])), row
        assert row["qualifier"] in {"exact", "over", "approximately", "under"}, row
