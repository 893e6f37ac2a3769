"""Per file, the project extractor's misses and false positives against the gold, with context.

For each gold mention not matched: its sentence, the mentions found in it, and the candidates the
extractor dropped there with the rule that dropped them (``extract_projects(..., rejected=[])``).
For each mention found on a covered line and matched to no gold row: the text around it. The same
files, scope and matching as ``bench.eval_projects`` (its docstring).

Usage: ``uv run --frozen python -m bench.dump_projects [PART_OF_FILE_NAME]``
"""

from __future__ import annotations

import csv
import sys
from typing import Any

from bench import eval as ev
from bench import eval_projects as ep
from orchestration.inputs.texts import ParsedText
from orchestration.parsing.projects import extract_projects


def read_with_rejected(parsed: ParsedText, facts) -> tuple[list[Any], list[Any]]:
    mentions, rejected = [], []
    for doc in parsed.documents:
        paras = sorted((p for p in parsed.paragraphs if p["doc_id"] == doc["doc_id"]), key=lambda p: p["ordinal"])
        mentions += extract_projects(doc["body"], doc_id=doc["doc_id"],
                                     paragraph_spans=[(p["char_start"], p["char_end"]) for p in paras],
                                     heading_paths=[p.get("heading_path") for p in paras],
                                     facts=[f for f in facts if f.doc_id == doc["doc_id"]], rejected=rejected)
    return mentions, rejected


def dump(only: str = "") -> list[str]:
    ctx = ev.Context()
    by_file: dict[str, list[dict[str, str]]] = {}
    with ep.GOLD.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            by_file.setdefault(row["file"], []).append(row)
    with ep.COVERAGE.open(encoding="utf-8", newline="") as fh:
        scopes = {r["file"]: ep.covered(r["covered_lines"]) for r in csv.DictReader(fh)}
    out = []
    for name, rows in sorted(by_file.items()):
        if only not in name:
            continue
        path = ep.SEED_DIR / name if (ep.SEED_DIR / name).exists() else ep.CORPUS / name
        text = path.read_bytes().decode("utf-8")
        parsed, facts = ctx.read(path)
        if not isinstance(parsed, ParsedText):
            out.append(f"===== {name}: rejected: line {parsed.line}: {parsed.reason}")
            continue
        scope = scopes.get(name, set())
        mentions, rejected = read_with_rejected(parsed, facts)
        found = [f for f in ep.locate(parsed, mentions, text) if scope is None or f.line in scope]
        dropped = ep.locate(parsed, rejected, text)
        spans = [ep.gold_sentence(text, r["sentence_anchor"]) for r in rows]
        pairs = ep.match(rows, spans, found)
        done_g, done_f = {g for g, _ in pairs}, {f for _, f in pairs}
        out.append(f"===== {name}")
        for i, row in enumerate(rows):
            if i in done_g:
                continue
            s, e = spans[i]
            near = [f.mention.name for f in found if s <= f.start and f.end <= e]
            out.append(f"MISS  {row['name_as_written']} [{row['status_code']}] found here: {near} :: {text[s:e][:160]}")
            out += [f"      dropped {d.mention.name!r}: {d.mention.reason}" for d in dropped if s <= d.start and d.end <= e]
        for i, f in enumerate(found):
            if i not in done_f:
                m = f.mention
                out.append(f"EXTRA line {f.line} {m.name} ({m.stage}/{m.status_verb}) :: "
                           f"{text[max(0, f.start - 25):f.end + 25]!r}")
    return out


if __name__ == "__main__":
    print("\n".join(dump(sys.argv[1] if len(sys.argv) > 1 else "")))
