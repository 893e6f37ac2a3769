"""Throughput of the numeric-fact extractor over the provincial work-report corpus.

Runs on one core (no parallelism): for each of 5 rounds, times the extractor over every
report and a bare ``re.finditer(r"\\d+")`` scan of the same text, interleaved so both see
the same machine load.  Reports total characters, facts per report, chars/second (median
of the 5 rounds) and the ratio extractor/bare-scan (target >= 0.25).

Usage: ``uv run python bench/extract_throughput.py [out.json]``
(default ``bench/extract_throughput.json``; corpus from ``$CORPUS_DIR`` or the shared path).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

from orchestration.parsing.facts import EXTRACTOR_VERSION, extract

ROUNDS = 5
TARGET_RATIO = 0.25
DEFAULT_CORPUS = Path("/work/shared/corpus/provincial_work_reports_2026")
DIGITS = re.compile(r"\d+")


def load_corpus(corpus: Path) -> list[dict]:
    with (corpus / "manifest.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return [
        {
            "file": r["file"],
            "doc_id": Path(r["file"]).stem,
            "doc_date": dt.date.fromisoformat(r["publish_date"]),
            "region": r["region_code"],
            "body": (corpus / r["file"]).read_text(encoding="utf-8"),
        }
        for r in rows
    ]


def run_extractor(docs: list[dict]) -> list[int]:
    return [
        len(extract(d["body"], doc_id=d["doc_id"], doc_date=d["doc_date"], default_region=d["region"]).facts)
        for d in docs
    ]


def run_bare_scan(docs: list[dict]) -> int:
    count = 0
    for d in docs:
        for _ in DIGITS.finditer(d["body"]):
            count += 1
    return count


def timed(fn, docs):
    start = time.perf_counter()
    result = fn(docs)
    return time.perf_counter() - start, result


def interleaved(docs: list[dict], rounds: int, *fns) -> tuple[list[list[float]], list]:
    """Each fn over the docs, ``rounds`` times, interleaved (load changes hit them alike): the
    seconds of every run per fn, and the first fn's last result."""
    times: list[list[float]] = [[] for _ in fns]
    first = None
    for _ in range(rounds):
        for i, fn in enumerate(fns):
            t, result = timed(fn, docs)
            times[i].append(t)
            first = result if i == 0 else first
    return times, first


def main(argv: list[str]) -> int:
    out_path = Path(argv[1]) if len(argv) > 1 else Path("bench/extract_throughput.json")
    corpus = Path(os.environ.get("CORPUS_DIR", DEFAULT_CORPUS))
    docs = load_corpus(corpus)
    total_chars = sum(len(d["body"]) for d in docs)
    run_extractor(docs)  # warm-up: regex compilation, caches
    (ext_times, bare_times), counts = interleaved(docs, ROUNDS, run_extractor, run_bare_scan)
    ext_cps = total_chars / statistics.median(ext_times)
    bare_cps = total_chars / statistics.median(bare_times)
    ratio = ext_cps / bare_cps
    report = {
        "extractor_version": EXTRACTOR_VERSION,
        "rounds": ROUNDS,
        "documents": len(docs),
        "total_chars": total_chars,
        "total_facts": sum(counts),
        "facts_per_report": {d["doc_id"]: n for d, n in zip(docs, counts)},
        "extractor_seconds_median": statistics.median(ext_times),
        "bare_scan_seconds_median": statistics.median(bare_times),
        "extractor_chars_per_second": round(ext_cps),
        "bare_scan_chars_per_second": round(bare_cps),
        "ratio_to_bare_scan": round(ratio, 4),
        "target_ratio": TARGET_RATIO,
        "meets_target": ratio >= TARGET_RATIO,
    }
    print("| report | chars | facts |\n|---|---:|---:|")
    for d, n in zip(docs, counts):
        print(f"| {d['doc_id']} | {len(d['body']):,} | {n} |")
    print(f"| **total** | **{total_chars:,}** | **{sum(counts)}** |\n")
    print("| measure | value |\n|---|---:|")
    print(f"| extractor chars/s (median of {ROUNDS}) | {ext_cps:,.0f} |")
    print(f"| bare `\\d+` scan chars/s (median of {ROUNDS}) | {bare_cps:,.0f} |")
    print(f"| ratio (target >= {TARGET_RATIO}) | {ratio:.3f} |")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
