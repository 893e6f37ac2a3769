"""P2 worker: extractor throughput on one core vs a bare ``\\d+`` scan, plus where the time goes.

Reuses bench/extract_throughput.py (interleaved rounds, same text). Run in a fresh process by
bench.run; prints one JSON object.  ``python -m bench.p2_extract ROUNDS``
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

from bench.extract_throughput import DEFAULT_CORPUS, interleaved, load_corpus, run_bare_scan, run_extractor, timed
from orchestration.parsing.facts import builder as F  # extract() looks its phases up here
from orchestration.parsing.facts import layout as LAYOUT
from orchestration.parsing.facts import scan as SCAN
from orchestration.parsing.facts import times as TIMES


def phase_breakdown(docs: list[dict], rounds: int) -> dict[str, float]:
    """Median seconds per extractor phase over the corpus (timing wrappers around extract()'s parts)."""
    totals: dict[str, list[float]] = {}
    clock = time.perf_counter
    acc: dict[str, float] = {}

    def wrap(name, fn):
        def inner(*a, **k):
            t = clock()
            try:
                return fn(*a, **k)
            finally:
                acc[name] = acc.get(name, 0.0) + clock() - t
        return inner

    patches = {"_Layout": "layout (paragraphs, sentences, quotes)", "_time_refs": "time expressions",
               "_mentions": "figure scan + acceptance rules", "_sections": "section headings"}
    saved = {n: getattr(F, n) for n in patches}
    saved_build = F._FactBuilder.build
    try:
        for n, label in patches.items():
            setattr(F, n, wrap(label, saved[n]))
        F._FactBuilder.build = wrap("fact context (subject, period, change, …)", saved_build)
        for _ in range(rounds):
            acc.clear()
            t, _ = timed(run_extractor, docs)
            acc["total"] = t
            for k, v in acc.items():
                totals.setdefault(k, []).append(v)
    finally:
        for n in patches:
            setattr(F, n, saved[n])
        F._FactBuilder.build = saved_build
    out = {k: statistics.median(v) for k, v in totals.items()}
    out["other (records, sorting, region pattern)"] = out["total"] - sum(v for k, v in out.items() if k != "total")
    return {k: round(v, 5) for k, v in out.items()}


def regex_floor(docs: list[dict]) -> int:
    """Only the whole-body regex scans extract() makes (same loop as the bare scan, no rules, no context)."""
    scans = [SCAN._ARABIC_RE, SCAN._CHINESE_RE, TIMES._TIME_DIGIT_RE, TIMES._TIME_WORD_RE, LAYOUT._SENTENCE_RE, LAYOUT._QUOTE_RE]
    count = 0
    for d in docs:
        body = d["body"]
        lines = LAYOUT._BLOCK_RE if LAYOUT._BLANK_LINE_RE.search(body) else LAYOUT._LINE_RE
        for rx in (*scans, lines):
            for _ in rx.finditer(body):
                count += 1
    return count


def main(argv: list[str]) -> int:
    rounds = int(argv[1]) if len(argv) > 1 else 5
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})  # one core
    docs = load_corpus(Path(os.environ.get("CORPUS_DIR", DEFAULT_CORPUS)))
    chars = sum(len(d["body"]) for d in docs)
    counts = run_extractor(docs)  # warm-up
    (ext, bare, floor), counts = interleaved(docs, rounds, run_extractor, run_bare_scan, regex_floor)
    print(json.dumps({
        "documents": len(docs), "chars": chars, "facts": sum(counts),
        "extractor_s": ext, "bare_scan_s": bare, "regex_floor_s": floor,
        "phases_s": phase_breakdown(docs, max(1, min(rounds, 3))),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
