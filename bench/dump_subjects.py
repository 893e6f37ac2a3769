"""Every gold figure whose subject does not match (``make eval``'s subject rule), grouped by failure kind.

``uv run --frozen python -m bench.dump_subjects [--set provincial|dev] [--file NAME] [--counts]``

The kind is read off the two normalised subjects (``bench.eval.norm_subject``), gold ``g`` and
extracted ``e``, first rule that fits:

* ``empty``: no subject extracted;
* ``list``: one side is a ``、``/和-list of several items and the other is not (a figure of a
  list given the whole list, or one item given another's measure);
* ``too_long``: every gold word is there in order but the extracted subject is more than twice
  as long (clause debris around the right words);
* ``missing_prefix``: ``e`` ends ``g`` (``出生率`` for ``人口出生率``): the thing or entity before the
  measure cut off;
* ``missing_suffix``: ``e`` opens ``g`` (``智能手机`` for ``智能手机产量``): the measure word not given;
* ``missing_both``: ``e`` inside ``g`` with words missing on both sides;
* ``extra_prefix``: ``g`` ends ``e`` but longer than the length cap allows... (rare) or the
  extracted subject opens with words the gold leaves out (a verb, a scope, a neighbour's words);
* ``extra_suffix``: ``g`` opens ``e``;
* ``verb``: the extracted subject holds a verb (jieba POS ``v``) the gold does not;
* ``other``: different wording (a normalisation or convention difference, a neighbour's subject).

Nothing is written; ``--counts`` prints only the count per kind.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence

from bench.eval import (
    GOLD_SETS,
    Context,
    full_subject,
    load_gold,
    locate_facts,
    locate_gold,
    match,
    norm_subject,
    scope_lines,
    subject_right,
)
from orchestration.inputs.texts import ParsedText
from orchestration.parsing.segment import tagged
from orchestration.parsing.segment import words as segment_words

KINDS = ("empty", "list", "too_long", "missing_prefix", "missing_suffix", "missing_both", "extra_prefix",
         "extra_suffix", "verb", "other")


def _is_list(s: str) -> bool:
    return "、" in s


def _words_in_order(g: str, e: str) -> bool:
    pos = 0
    for w in segment_words(g):
        found = e.find(w, pos)
        if found < 0:
            return False
        pos = found + len(w)
    return True


def kind_of(gold: str, got: str) -> str:
    """The failure kind of one mismatch (module docstring)."""
    g, e = norm_subject(gold), norm_subject(got)
    if not e:
        return "empty"
    if _is_list(gold) != _is_list(got):
        return "list"
    if _words_in_order(g, e):
        return "too_long"
    if g.endswith(e):
        return "missing_prefix"
    if g.startswith(e):
        return "missing_suffix"
    if e in g:
        return "missing_both"
    if e.endswith(g) or _words_in_order(g, e[len(e) - len(g) - 4:]):
        return "extra_prefix"
    if e.startswith(g):
        return "extra_suffix"
    gold_words = set(segment_words(g))
    if any(tag.startswith("v") and w not in gold_words for w, tag in tagged(e)):
        return "verb"
    return "other"


def misses(only_set: str | None = None, only_file: str | None = None) -> list[tuple[str, str, str, str, str]]:
    """(kind, where, gold subject, extracted subject, anchor) for every mismatch."""
    ctx = Context()
    out = []
    for kind, (csv_path, corpus) in GOLD_SETS.items():
        if only_set and kind != only_set:
            continue
        for name, rows in sorted(load_gold(csv_path).items()):
            if only_file and only_file not in name:
                continue
            path = corpus / name
            file_text = path.read_bytes().decode("utf-8")
            gold = locate_gold(rows, file_text)
            parsed, facts = ctx.read(path)
            if not isinstance(parsed, ParsedText):
                continue
            scope = scope_lines(kind, gold, file_text)
            found = [f for f in locate_facts(parsed, facts, file_text) if f.line in scope]
            for g, f in match(gold, found):
                got = full_subject(f.fact)
                if not subject_right(g.row["subject"], got):
                    out.append((kind_of(g.row["subject"], got), f"{kind}:{name}:{g.line} {g.row['quote']}",
                                g.row["subject"], got, g.row["sentence_anchor"]))
    return out


def main(argv: Sequence[str]) -> int:
    args = list(argv)
    opts = dict(zip(args[::2], args[1::2])) if "--counts" not in args else \
        dict(zip([a for a in args if a != "--counts"][::2], [a for a in args if a != "--counts"][1::2]))
    rows = misses(opts.get("--set"), opts.get("--file"))
    counts = Counter(r[0] for r in rows)
    by_set = Counter((r[1].split(":")[0], r[0]) for r in rows)
    if "--counts" not in args:
        for k in KINDS:
            sel = [r for r in rows if r[0] == k]
            if not sel:
                continue
            print(f"## {k} ({len(sel)})")
            for _, where, gold, got, anchor in sel:
                print(f"  {where}: want {gold!r} got {got!r} | {anchor}")
            print()
    print("| kind | provincial | dev | all |")
    print("|---|---|---|---|")
    for k in KINDS:
        print(f"| {k} | {by_set[('provincial', k)]} | {by_set[('dev', k)]} | {counts[k]} |")
    print(f"| **total** | {sum(v for (s, _), v in by_set.items() if s == 'provincial')} | "
          f"{sum(v for (s, _), v in by_set.items() if s == 'dev')} | {len(rows)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
