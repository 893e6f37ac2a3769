"""Which subjects recur across the reports of ``../shared/corpus``: the census behind the catalog.

Reads every work report of ``../shared/corpus/provincial_work_reports_2026`` and every dev text of
``../shared/corpus/dev_texts`` through the production path (``bench.eval.Context``: parse, link,
overrides), normalises each fact's subject with ``linking.candidate_key`` (the rule the candidate
mart and the subject map use) and counts, per subject, the texts and facts it occurs in, its units
and how many of its facts are linked (and to what). Subjects met in at least ``--min-docs`` texts
are written to ``bench/subject_census.md``, most texts first: a linked row shows the catalog
covers it, an unlinked one is a candidate indicator (or a subject the extractor cuts badly).

    uv run --frozen python -m bench.subject_census [--min-docs 3] [--out bench/subject_census.md]

``--unlinked`` writes ``bench/unlinked_census.md`` instead: the unlinked facts of the 20 work
reports (the linked-share denominator) grouped by why they are unlinked (``link_rule`` without its
detail) and by unit/kind of figure, and the unlinked normalised subjects met in at least two reports:
where a catalog row or a rule could still gain.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from bench.eval import SHARED, Context
from orchestration.parsing.linking import candidate_key

FOLDERS = ("provincial_work_reports_2026", "dev_texts")


def census(ctx: Context) -> tuple[dict[str, dict], int]:
    rows: dict[str, dict] = defaultdict(lambda: {"docs": set(), "facts": 0, "linked": 0, "codes": Counter(),
                                                 "units": Counter(), "quote": ""})
    texts = 0
    for folder in FOLDERS:
        for path in sorted((SHARED / "corpus" / folder).glob("*.txt")):
            texts += 1
            _, facts = ctx.read(path)
            for f in facts:
                if f.status == "rejected":
                    continue
                key = candidate_key(f.subject_entity, f.subject)
                if not key:
                    continue
                row = rows[key]
                row["docs"].add(path.name)
                row["facts"] += 1
                row["units"][f"{f.unit_code or '-'}/{f.change_kind}"] += 1
                if f.indicator_code:
                    row["linked"] += 1
                    row["codes"][f.indicator_code] += 1
                row["quote"] = row["quote"] or f.sentence[max(0, f.char_start - f.sentence_start - 30):
                                                          f.char_end - f.sentence_start].strip()
    return rows, texts


def render(rows: dict[str, dict], texts: int, min_docs: int) -> str:
    ranked = sorted(((k, v) for k, v in rows.items() if len(v["docs"]) >= min_docs),
                    key=lambda kv: (-len(kv[1]["docs"]), -kv[1]["facts"], kv[0]))
    facts = sum(v["facts"] for v in rows.values())
    recurring = sum(v["facts"] for _, v in ranked)
    out = [
        "# Subject census over ../shared/corpus",
        "",
        f"Written by `uv run --frozen python -m bench.subject_census --min-docs {min_docs}` (docstring: rules).",
        f"{texts} texts; {facts} facts with a subject; {len(rows)} distinct normalised subjects; "
        f"{len(ranked)} occur in >= {min_docs} texts and hold {recurring} facts.",
        "",
        "| subject (normalised) | texts | facts | linked | indicator(s) | units | example |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, v in ranked:
        codes = ", ".join(c for c, _ in v["codes"].most_common(2))
        units = ", ".join(u for u, _ in v["units"].most_common(3))
        quote = v["quote"].replace("|", "/")[-50:]
        out.append(f"| {key} | {len(v['docs'])} | {v['facts']} | {v['linked']} | {codes} | {units} | {quote} |")
    return "\n".join(out) + "\n"


def _rule_head(rule: str | None) -> str:
    return (rule or "-").split("|")[0].split(":")[0]


def unlinked(ctx: Context, min_docs: int = 2) -> str:
    by_class: Counter = Counter()
    by_rule: Counter = Counter()
    subjects: dict[str, dict] = defaultdict(lambda: {"docs": set(), "facts": 0, "units": Counter(),
                                                     "rules": Counter(), "quote": ""})
    total = 0
    for path in sorted((SHARED / "corpus" / FOLDERS[0]).glob("*.txt")):
        _, facts = ctx.read(path)
        total += len(facts)
        for f in facts:
            if f.indicator_code:
                continue
            unit = f"{f.unit_code or '-'}/{f.change_kind}"
            rule = _rule_head(f.link_rule)
            by_class[(rule, unit)] += 1
            by_rule[rule] += 1
            key = candidate_key(f.subject_entity, f.subject)
            if key:
                row = subjects[key]
                row["docs"].add(path.name)
                row["facts"] += 1
                row["units"][unit] += 1
                row["rules"][rule] += 1
                row["quote"] = row["quote"] or f.sentence[max(0, f.char_start - f.sentence_start - 30):
                                                          f.char_end - f.sentence_start].strip()
    n = sum(by_rule.values())
    recurring = sorted(((k, v) for k, v in subjects.items() if len(v["docs"]) >= min_docs),
                       key=lambda kv: (-len(kv[1]["docs"]), -kv[1]["facts"], kv[0]))
    out = ["# Unlinked facts of the 20 work reports, by class", "",
           "Written by `uv run --frozen python -m bench.subject_census --unlinked` (docstring: rules). "
           f"{n} of {total} facts unlinked; {len(subjects)} distinct normalised subjects among them, "
           f"{len(recurring)} met in >= {min_docs} reports holding {sum(v['facts'] for _, v in recurring)} facts.",
           "", "## By reason", "", "| link_rule | facts |", "|---|---|"]
    out += [f"| {r} | {c} |" for r, c in by_rule.most_common()]
    out += ["", "## By reason and unit/kind (>= 10 facts)", "", "| link_rule | unit/kind | facts |", "|---|---|---|"]
    out += [f"| {r} | {u} | {c} |" for (r, u), c in by_class.most_common() if c >= 10]
    out += ["", f"## Unlinked subjects met in >= {min_docs} reports", "",
            "| subject (normalised) | reports | facts | units | reasons | example |", "|---|---|---|---|---|---|"]
    for key, v in recurring:
        units = ", ".join(u for u, _ in v["units"].most_common(2))
        rules = ", ".join(r for r, _ in v["rules"].most_common(2))
        out.append(f"| {key} | {len(v['docs'])} | {v['facts']} | {units} | {rules} | {v['quote'].replace('|', '/')[-50:]} |")
    return "\n".join(out) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-docs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=Path(__file__).with_name("subject_census.md"))
    ap.add_argument("--unlinked", action="store_true", help="write bench/unlinked_census.md (docstring)")
    args = ap.parse_args(argv)
    if args.unlinked:
        out = Path(__file__).with_name("unlinked_census.md")
        out.write_text(unlinked(Context()), encoding="utf-8")
        print(f"wrote {out}")
        return 0
    rows, texts = census(Context())
    args.out.write_text(render(rows, texts, args.min_docs), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
