"""List the mismatches of ``make eval`` for one field, to find classes of error.

``uv run --frozen python -m bench.eval_errors FIELD [--set provincial|dev] [--file NAME]``

FIELD is one of the eval fields (value, unit, qualifier, change, period, value_kind, region,
subject: the fact's full subject against the gold ``subject`` by ``eval.subject_right``),
``miss`` (gold figures no fact matched) or ``extra`` (facts in scope no gold row matched).
Each line gives the file, line, quote, the expected and the extracted value, and the
sentence (gold anchor for gold rows, the fact's sentence for extras). Nothing is written.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from bench.eval import (
    GOLD_SETS,
    Context,
    field_checks,
    full_subject,
    load_gold,
    locate_facts,
    locate_gold,
    match,
    scope_lines,
    subject_right,
)
from orchestration.inputs.texts import ParsedText

_GOT = {
    "value": lambda f: f"{f.value} [{f.value_low}..{f.value_high}]",
    "unit": lambda f: f"{f.unit_code} ({f.unit_as_written!r})",
    "qualifier": lambda f: f.qualifier,
    "change": lambda f: f"{f.change_kind}/{f.change_unit}",
    "period": lambda f: f"{f.period_start}..{f.period_end} ({f.period_source})",
    "value_kind": lambda f: f.modality,
    "region": lambda f: f.region,
    "subject": lambda f: repr(full_subject(f)),
}
_WANT = {
    "value": lambda r: f"{r['number']} [{r['number_low']}..{r['number_high']}] {r['unit_written']}",
    "unit": lambda r: r["unit_written"],
    "qualifier": lambda r: r["qualifier"],
    "change": lambda r: f"{r['change_kind']}/{r['change_unit'] or None}",
    "period": lambda r: f"{r['period_start']}..{r['period_end']}",
    "value_kind": lambda r: r["value_kind"],
    "region": lambda r: r["region"],
    "subject": lambda r: repr(r.get("subject", "")),
}


def _right(field: str, row: dict[str, str], fact: object, regions: dict[str, str]) -> bool:
    if field == "subject":
        return subject_right(row.get("subject", ""), full_subject(fact))
    return field_checks(row, fact, regions)[field]


def errors(field: str, only_set: str | None = None, only_file: str | None = None) -> list[str]:
    ctx = Context()
    out: list[str] = []
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
                out.append(f"{name}: refused")
                continue
            scope = scope_lines(kind, gold, file_text)
            found = [f for f in locate_facts(parsed, facts, file_text) if f.line in scope]
            pairs = match(gold, found)
            if field == "miss":
                hit = {id(g) for g, _ in pairs}
                out += [f"{name}:{g.line} {g.row['quote']!r} [{g.row['change_kind']}/{g.row['change_unit']}]"
                        f" | {g.row['sentence_anchor']}" for g in gold if id(g) not in hit]
            elif field == "extra":
                hit = {id(f) for _, f in pairs}
                out += [f"{name}:{f.line} {f.fact.quote!r} | {f.fact.sentence}" for f in found if id(f) not in hit]
            else:
                for g, f in pairs:
                    if not _right(field, g.row, f.fact, ctx.region_aliases):
                        out.append(f"{name}:{g.line} {g.row['quote']!r} want {_WANT[field](g.row)} got "
                                   f"{_GOT[field](f.fact)} | {g.row['sentence_anchor']} || {g.row['note']}")
    return out


def main(argv: Sequence[str]) -> int:
    args = list(argv)
    if not args:
        print(__doc__)
        return 2
    field = args.pop(0)
    opts = dict(zip(args[::2], args[1::2]))
    lines = errors(field, opts.get("--set"), opts.get("--file"))
    print("\n".join(lines))
    print(f"{len(lines)} {field} mismatches")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
