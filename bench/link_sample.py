"""The hand sample of links: 100 linked facts drawn at random from ../shared/corpus, with verdicts.

Reads the 20 work reports of ``../shared/corpus/provincial_work_reports_2026`` through the
production path (``bench.eval.Context``), draws ``--size`` linked facts: those whose
sha256 of (SEED, file, char_start, indicator) is smallest (uniform, and stable when other links change);
for the default seed only among links no earlier round judged (``FRESH_AFTER``). Verdicts are judged by hand
from the quote and written in ``bench/link_sample_verdicts.csv`` (file, char_start, indicator_code,
verdict ``right``/``wrong``, why), keyed so that a verdict survives a rerun while the link stands;
a drawn link without a verdict shows ``?`` and counts in neither numerator nor denominator.
``bench/link_sample.md`` gets the sample, the verdicts and the precision (right / judged).

    uv run --frozen python -m bench.link_sample [--size 100]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
from collections.abc import Sequence
from pathlib import Path

from bench.eval import SHARED, Context

SEED = 1519
# The seed's round is a fresh check: links judged in an earlier round (the first FRESH_AFTER rows of
# the verdicts file, which is only appended to) are not drawn, so every drawn link is judged anew.
FRESH_AFTER = 651
HERE = Path(__file__).parent
VERDICTS = HERE / "link_sample_verdicts.csv"
OUT = HERE / "link_sample.md"
HISTORY = HERE / "link_sample_history.md"  # how the sample was iterated (hand-written, shown in OUT)
VERDICT_COLUMNS = ("file", "char_start", "indicator_code", "verdict", "why")


def linked_facts(ctx: Context) -> list[tuple[str, object]]:
    out = []
    for path in sorted((SHARED / "corpus" / "provincial_work_reports_2026").glob("*.txt")):
        _, facts = ctx.read(path)
        out.extend((path.name, f) for f in facts if f.indicator_code and f.status != "rejected")
    return sorted(out, key=lambda t: (t[0], t[1].char_start, t[1].indicator_code))


def draw(facts: list[tuple[str, object]], size: int, seed: int = SEED) -> list[tuple[str, object]]:
    """The ``size`` links whose seeded hash is smallest: a uniform random draw that a change of
    a few other links leaves as it is (a link drops out only when it is itself unlinked)."""
    def rank(item: tuple[str, object]) -> str:
        name, f = item
        return hashlib.sha256(f"{seed}|{name}|{f.char_start}|{f.indicator_code}".encode()).hexdigest()
    picked = sorted(facts, key=rank)[:size]
    return sorted(picked, key=lambda t: (t[0], t[1].char_start))


def earlier_keys(rows: int, path: Path = VERDICTS) -> set[tuple[str, int, str]]:
    """The links judged in the first ``rows`` verdict rows (earlier rounds)."""
    if not path.exists():
        return set()
    with path.open(encoding="utf-8", newline="") as fh:
        return {(r["file"], int(r["char_start"]), r["indicator_code"]) for _, r in zip(range(rows), csv.DictReader(fh))}


def load_verdicts(path: Path = VERDICTS) -> dict[tuple[str, int, str], tuple[str, str]]:
    if not path.exists():
        return {}
    out = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            if row["verdict"] not in ("right", "wrong"):
                raise ValueError(f"{path}:{line}: verdict must be right or wrong, not {row['verdict']!r}")
            out[(row["file"], int(row["char_start"]), row["indicator_code"])] = (row["verdict"], row["why"])
    return out


def context_of(f) -> str:
    start = max(0, f.char_start - f.sentence_start - 28)
    end = min(len(f.sentence), f.char_end - f.sentence_start + 6)
    return f.sentence[start:end].replace("|", "/").replace("\n", " ")


def render(sample: list[tuple[str, object]], verdicts: dict, total: int, seed: int = SEED,
           history: str = "") -> str:
    right = wrong = 0
    lines = []
    for n, (name, f) in enumerate(sample, start=1):
        verdict, why = verdicts.get((name, f.char_start, f.indicator_code), ("?", ""))
        right += verdict == "right"
        wrong += verdict == "wrong"
        lines.append(f"| {n} | {name.removesuffix('.txt')}:{f.char_start} | …{context_of(f)}… | {f.quote} | "
                     f"{f.subject} | {f.link_alias or ''} | {f.indicator_code} | {f.link_rule} | {verdict} | {why} |")
    judged = right + wrong
    precision = f"{100 * right / judged:.1f} %" if judged else "n/a"
    head = [
        "# Link precision: a hand-judged sample",
        "",
        f"Written by `uv run --frozen python -m bench.link_sample --seed {seed}` (docstring: rules). {len(sample)} "
        f"of the {total} linked facts of the 20 work reports of `../shared/corpus`, drawn with seed {seed}; "
        "verdicts by reading the sentence: *right* when the figure is an observation of the indicator "
        "(its measure, its unit, its stat type, the report's own place or a place the indicator is about), "
        "*wrong* otherwise.",
        "",
        f"**Precision: {right} right of {judged} judged = {precision}** ({wrong} wrong, {len(sample) - judged} unjudged).",
        "",
        *([history, ""] if history else []),
        "| # | file:char | sentence around the figure | figure | subject | alias / family member | indicator | rule | verdict | why |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    return "\n".join(head + lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=100)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--out", type=Path, default=None, help=f"default {OUT.name} (seed {SEED}), else link_sample_<seed>.md")
    ap.add_argument("--todo", action="store_true", help="print the drawn links without a verdict, as CSV rows")
    args = ap.parse_args(argv)
    facts = linked_facts(Context())
    total = len(facts)
    if args.seed == SEED:  # the fresh check: no link an earlier round judged
        earlier = earlier_keys(FRESH_AFTER)
        facts = [(n, f) for n, f in facts if (n, f.char_start, f.indicator_code) not in earlier]
    sample = draw(facts, args.size, args.seed)
    verdicts = load_verdicts()
    out = args.out or (OUT if args.seed == SEED else HERE / f"link_sample_{args.seed}.md")
    history = HISTORY.read_text(encoding="utf-8").strip() if args.seed == SEED and HISTORY.exists() else ""
    out.write_text(render(sample, verdicts, total, args.seed, history), encoding="utf-8")
    if args.todo:
        for name, f in sample:
            if (name, f.char_start, f.indicator_code) not in verdicts:
                print(f"{name},{f.char_start},{f.indicator_code},?,  # {context_of(f)} => {f.quote} [{f.subject}]")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
