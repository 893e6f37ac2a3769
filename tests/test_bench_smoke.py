"""The benchmark harness (bench/, `make bench`): corpus generation, and the whole bench in smoke mode.

Smoke mode runs the bench in miniature (one build of a 10-document corpus, one bare dbt build, the
extraction and query sections) into a temporary folder; it checks that the figures are there and sane, never
that a target is met. The full bench is `make bench`, not part of `make test`.
"""

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT

from bench.corpus import load_reports, make_document, make_seeds
from orchestration.inputs.curated import load_curated, load_registry, region_aliases
from orchestration.parsing.documents import split_text


@pytest.fixture(scope="module")
def reports():
    if not (CORPUS / "manifest.csv").exists():
        pytest.fail(f"corpus not found at {CORPUS} (set PLAN_CORPUS_DIR)")
    return load_reports(CORPUS)


def test_generated_documents_are_deterministic_and_varied(reports):
    name, text = make_document(7, reports)
    assert (name, text) == make_document(7, reports)
    assert make_document(8, reports)[1] != text
    # Same base report 20 documents later, but other paragraphs and figures.
    assert make_document(27, reports)[1] != text
    lines = text.splitlines()
    assert lines[0].startswith("2026年") and lines[0].endswith("政府工作报告")
    assert lines[1].startswith("——2026年") and lines[1].endswith("会议上")
    assert any(line.startswith("时间：2026-") for line in lines[:5])


def test_generated_document_is_read_like_a_report(reports):
    seeds = ROOT / "seeds"
    regions = load_curated(seeds / "curated", load_registry(seeds / "schema.csv"), root=ROOT)["regions"].rows
    name, text = make_document(3, reports)
    articles = split_text(text, source_path=f"seeds/texts/{name}", doc_prefix=Path(name).stem,
                          region_aliases=region_aliases(regions))
    assert len(articles) == 1
    article = articles[0]
    base = reports[3 % len(reports)]
    assert article.title == f"2026年{base.province}政府工作报告"
    assert article.region_code == base.region_code + "0000"
    assert isinstance(article.published_date, dt.date) and article.published_date.year == 2026
    assert len(article.paragraphs) > 20


def test_make_seeds_adds_generated_texts_to_a_copy_of_seeds(tmp_path, reports):
    seeds = make_seeds(tmp_path, 4, project_seeds=ROOT / "seeds", reports=reports)
    own = sorted(p.name for p in (ROOT / "seeds" / "texts").iterdir())
    # The project's text stays (curated tables cite its articles); generated ones make up the count.
    expected = sorted(own + [make_document(i, reports)[0] for i in range(4 - len(own))])
    assert sorted(p.name for p in (seeds / "texts").iterdir()) == expected
    assert (seeds / "schema.csv").read_bytes() == (ROOT / "seeds" / "schema.csv").read_bytes()
    assert sorted(p.name for p in (seeds / "curated").iterdir()) == sorted(p.name for p in (ROOT / "seeds" / "curated").iterdir())


def test_bench_smoke(tmp_path):
    """`python -m bench.run --smoke`: every section runs and its figures are sane (no target enforced)."""
    env = {**os.environ}
    for var in ("PLAN_SEEDS_DIR", "PLAN_DBT_DATABASE"):
        env.pop(var, None)
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "bench.run", "--smoke", "--out-dir", str(tmp_path), "--work", str(tmp_path / "work")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
    elapsed = time.monotonic() - start
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    r = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    md = (tmp_path / "results.md").read_text(encoding="utf-8")
    for heading in ("## P1", "## P2", "## P3", "## P4"):
        assert heading in md

    first, bare = r["p1"]["first_build"], r["p1"]["bare_dbt_build"]
    assert first["all_ok"] and first["samples"][0]["extra"]["published"], first["samples"][0]["log"]
    assert first["samples"][0]["extra"]["texts_parsed"] == 10
    assert bare["all_ok"] and 0 < bare["median_s"] < first["median_s"]
    assert first["peak_rss_mb"] > 50 and first["breakdown_median_s"]["steps_s"].get("text_ingest") is not None

    p2 = r["p2"]
    assert p2["facts"] > 1000 and p2["chars"] > 100_000
    assert 0 < p2["ratio_to_bare_scan"] < p2["regex_floor_ratio_to_bare_scan"] < 1

    size = r["p3"]["sizes"]["10"]
    assert size["rows"]["raw.documents"] >= 10 and size["rows"]["raw.facts"] > 1000

    questions = r["p4"]["questions"]
    assert len(questions) == 8
    assert all(q["runs"] == 5 and 0 < q["p50_ms"] <= q["p95_ms"] for q in questions.values())
    assert r["meta"]["smoke"] and r["meta"]["wall_s"] <= elapsed + 1
