"""Subjects of unlinked facts across the corpus: which measures the catalog misses.

Reads every report of ``../shared/corpus/provincial_work_reports_2026`` and every dev text of
``../shared/corpus/dev_texts`` through the production path (bench.eval.Context: parse, link,
overrides), groups the unlinked facts by normalised subject (``linking.candidate_key``, the
rule the candidate mart uses) and lists those met in at least ``--min-docs`` texts, most texts
first, with their units and one quote. Used to decide which indicators the catalog adds.

    uv run --frozen python -m bench.candidate_subjects [--min-docs 3] [--top 80]
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from collections.abc import Sequence

from bench.eval import SHARED, Context
from orchestration.parsing.linking import candidate_key


def candidates(ctx: Context) -> dict[str, dict]:
    out: dict[str, dict] = defaultdict(lambda: {"facts": 0, "docs": set(), "units": Counter(), "quote": ""})
    for folder in ("provincial_work_reports_2026", "dev_texts"):
        for path in sorted((SHARED / "corpus" / folder).glob("*.txt")):
            _, facts = ctx.read(path)
            for f in facts:
                if f.indicator_code or f.status == "rejected":
                    continue
                key = candidate_key(f.subject_entity, f.subject)
                if not key:
                    continue
                row = out[key]
                row["facts"] += 1
                row["docs"].add(path.name)
                row["units"][f"{f.unit_code or '-'}/{f.change_kind}"] += 1
                row["quote"] = row["quote"] or f.sentence[:60]
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-docs", type=int, default=3)
    ap.add_argument("--top", type=int, default=80)
    args = ap.parse_args(argv)
    rows = candidates(Context())
    ranked = sorted(((k, v) for k, v in rows.items() if len(v["docs"]) >= args.min_docs),
                    key=lambda kv: (-len(kv[1]["docs"]), -kv[1]["facts"], kv[0]))
    total = sum(v["facts"] for v in rows.values())
    print(f"unlinked facts with a subject: {total}; subjects: {len(rows)}; in >= {args.min_docs} texts: {len(ranked)}")
    for key, v in ranked[: args.top]:
        units = ",".join(u for u, _ in v["units"].most_common(3))
        print(f"{len(v['docs']):3d} docs {v['facts']:4d} facts  {key}  [{units}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
