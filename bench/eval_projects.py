"""`make eval`, projects: the project-mention extractor against ``../shared/gold/project_mentions.csv``.

Each annotated text goes through the production reading path (``inputs.texts.parse_text_file``:
decode, split, figure extraction) and then ``parsing.projects.extract_projects`` over every article,
with the article's figures as its period / value-kind context. Rules, applied to every file alike:

* **Where a gold mention is**: its ``sentence_anchor`` (exactly once in the file) widened to the
  sentence holding it (to the previous and next 。！？； or line end).
* **Where a mention is**: its body offsets mapped to the file through the paragraph's alignment
  (``bench.eval.align``).
* **Match**: a mention inside the gold sentence whose name contains ``name_as_written`` or is
  contained in it (at least 2 characters), after removing spaces, quotes and brackets; one to one,
  pairs taken best first (equal names, then the nearer one).
* **Scope**: the lines of ``project_mentions_coverage.csv`` (``all`` for the seed); only mentions on a
  covered line count for precision.
* **Stage right**: ``stage`` = gold ``status_code``; reported over all matched, over the strict rows and
  over the ``weak`` rows (the README advises scoring them apart). **Value kind right**: = gold ``value_kind``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import eval as ev
from orchestration.inputs.texts import ParsedText
from orchestration.parsing.projects import extract_projects

GOLD = ev.SHARED / "gold" / "project_mentions.csv"
COVERAGE = ev.SHARED / "gold" / "project_mentions_coverage.csv"
SEED_DIR = ev.ROOT / "seeds" / "texts"
CORPUS = ev.SHARED / "corpus" / "provincial_work_reports_2026"
_ENDS = "。！？；\n"
_DROP = re.compile(r"[\s“”\"'‘’《》〈〉]")


def norm(text: str) -> str:
    return _DROP.sub("", text)


def covered(spec: str) -> set[int] | None:
    """Line numbers a coverage spec lists (``19-24;45-51;76``); ``None`` = every line."""
    if spec.startswith("all"):
        return None
    lines: set[int] = set()
    for part in spec.split(";"):
        a, _, b = part.strip().partition("-")
        lines.update(range(int(a), int(b or a) + 1))
    return lines


@dataclass
class Found:
    mention: Any
    start: int
    end: int
    line: int


@dataclass
class FileResult:
    file: str
    gold: int = 0
    in_scope: int = 0
    matched: int = 0
    matched_weak: int = 0
    stage_right: int = 0
    stage_right_weak: int = 0
    value_kind_right: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)


def mentions_of(parsed: ParsedText, facts: Sequence[Any]) -> list[Any]:
    out = []
    for doc in parsed.documents:
        paras = sorted((p for p in parsed.paragraphs if p["doc_id"] == doc["doc_id"]), key=lambda p: p["ordinal"])
        doc_facts = [f for f in facts if f.doc_id == doc["doc_id"]]
        out += extract_projects(doc["body"], doc_id=doc["doc_id"],
                                paragraph_spans=[(p["char_start"], p["char_end"]) for p in paras],
                                heading_paths=[p.get("heading_path") for p in paras], facts=doc_facts)
    return out


def locate(parsed: ParsedText, mentions: Sequence[Any], file_text: str) -> list[Found]:
    starts = ev.line_starts(file_text)
    paragraphs = {(p["doc_id"], p["ordinal"]): p for p in parsed.paragraphs}
    maps: dict[tuple[str, int], list[int]] = {}
    out = []
    for m in mentions:
        key = (m.doc_id, m.paragraph_ordinal)
        p = paragraphs[key]
        if key not in maps:
            maps[key] = ev.align(p["text"], file_text, starts[p["source_line"] - 1])
        offsets = maps[key]
        s, e = offsets[m.char_start - p["char_start"]], offsets[m.char_end - 1 - p["char_start"]] + 1
        out.append(Found(m, s, e, ev.line_of(starts, s)))
    return out


def gold_sentence(file_text: str, anchor: str) -> tuple[int, int]:
    a = file_text.index(anchor)
    s = max(file_text.rfind(c, 0, a) for c in _ENDS) + 1
    ends = [i for c in _ENDS if (i := file_text.find(c, a + len(anchor))) >= 0]
    return s, min(ends, default=len(file_text))


def match(rows: Sequence[dict[str, str]], spans: Sequence[tuple[int, int]], found: Sequence[Found]):
    pairs = []
    for gi, (row, (s, e)) in enumerate(zip(rows, spans, strict=True)):
        g = norm(row["name_as_written"])
        for fi, f in enumerate(found):
            if not (s <= f.start and f.end <= e):
                continue
            n = norm(f.mention.name)
            if len(n) >= 2 and (g in n or n in g):
                pairs.append((0 if n == g else 1, abs(len(n) - len(g)), gi, fi))
    pairs.sort()
    used_g, used_f, out = set(), set(), []
    for _, _, gi, fi in pairs:
        if gi not in used_g and fi not in used_f:
            used_g.add(gi)
            used_f.add(fi)
            out.append((gi, fi))
    return out


def evaluate_file(ctx: ev.Context, path: Path, rows: list[dict[str, str]], scope: set[int] | None) -> FileResult:
    file_text = path.read_bytes().decode("utf-8")
    parsed, facts = ctx.read(path)
    res = FileResult(path.name, gold=len(rows))
    if not isinstance(parsed, ParsedText):
        res.misses = [f"rejected: line {parsed.line}: {parsed.reason}"]
        return res
    found = [f for f in locate(parsed, mentions_of(parsed, facts), file_text) if scope is None or f.line in scope]
    res.in_scope = len(found)
    spans = [gold_sentence(file_text, r["sentence_anchor"]) for r in rows]
    pairs = match(rows, spans, found)
    res.matched = len(pairs)
    done_g, done_f = {g for g, _ in pairs}, {f for _, f in pairs}
    for gi, fi in pairs:
        row, m = rows[gi], found[fi].mention
        weak = re.search(r"\bweak\b", row["note"]) is not None
        res.matched_weak += weak
        ok = m.stage == row["status_code"]
        if weak:
            res.stage_right_weak += ok
        else:
            res.stage_right += ok
        res.value_kind_right += m.value_kind == row["value_kind"]
        if not ok or m.value_kind != row["value_kind"]:
            res.wrong.append(f"{row['name_as_written']}: stage {m.stage} ({m.status_verb}) vs {row['status_code']}"
                             f" ({row['status_verb']}){' weak' if weak else ''}; kind {m.value_kind} vs {row['value_kind']}")
    res.misses = [f"{rows[i]['name_as_written']} [{rows[i]['sentence_anchor']}]" for i in range(len(rows)) if i not in done_g]
    res.extra = [f"line {f.line} {f.mention.name}" for i, f in enumerate(found) if i not in done_f]
    return res


def run(ctx: ev.Context | None = None) -> dict[str, Any]:
    ctx = ctx or ev.Context()
    by_file: dict[str, list[dict[str, str]]] = {}
    with GOLD.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            by_file.setdefault(row["file"], []).append(row)
    with COVERAGE.open(encoding="utf-8", newline="") as fh:
        scopes = {r["file"]: covered(r["covered_lines"]) for r in csv.DictReader(fh)}
    results = []
    for name, rows in sorted(by_file.items()):
        path = SEED_DIR / name if (SEED_DIR / name).exists() else CORPUS / name
        results.append(evaluate_file(ctx, path, rows, scopes.get(name, set())))
    t = {k: sum(getattr(r, k) for r in results) for k in
         ("gold", "in_scope", "matched", "matched_weak", "stage_right", "stage_right_weak", "value_kind_right")}
    strict = t["matched"] - t["matched_weak"]
    overall = {
        **t,
        "recall": t["matched"] / t["gold"] if t["gold"] else 0.0,
        "precision": t["matched"] / t["in_scope"] if t["in_scope"] else 0.0,
        "stage": (t["stage_right"] + t["stage_right_weak"]) / t["matched"] if t["matched"] else 0.0,
        "stage_strict": t["stage_right"] / strict if strict else 0.0,
        "stage_weak": t["stage_right_weak"] / t["matched_weak"] if t["matched_weak"] else 0.0,
        "value_kind": t["value_kind_right"] / t["matched"] if t["matched"] else 0.0,
    }
    return {"overall": overall, "files": results}


def render_md(report: dict[str, Any]) -> str:
    o = report["overall"]
    p = ev._pct
    lines = ["## Projects (`../shared/gold/project_mentions.csv`)", "",
             "Rules: `bench/eval_projects.py` docstring. Precision counts only covered lines.", "",
             "| gold | in scope | matched | recall | precision | stage right | stage (strict rows) | stage (weak rows) | value kind right |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
             f"| {o['gold']} | {o['in_scope']} | {o['matched']} | {p(o['recall'])} | {p(o['precision'])} | {p(o['stage'])} "
             f"| {p(o['stage_strict'])} | {p(o['stage_weak'])} ({o['matched_weak']} rows) | {p(o['value_kind'])} |", "",
             "| file | gold | in scope | matched | stage right | value kind right |", "| --- | --- | --- | --- | --- | --- |"]
    for r in report["files"]:
        lines.append(f"| {r.file} | {r.gold} | {r.in_scope} | {r.matched} | {r.stage_right + r.stage_right_weak} "
                     f"| {r.value_kind_right} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys

    rep = run()
    print(render_md(rep))
    if "--verbose" in sys.argv:
        for r in rep["files"]:
            for m in r.misses:
                print(f"MISS  {r.file} {m}")
            for w in r.wrong:
                print(f"WRONG {r.file} {w}")
            for x in r.extra:
                print(f"EXTRA {r.file} {x}")
