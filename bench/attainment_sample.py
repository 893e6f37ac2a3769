"""Draw the 40 attainment rows of bench/attainment_sample.md for a hand check (issue 18).

    uv run --frozen python -m bench.attainment_sample WAREHOUSE [--n 40] > /tmp/sample.md

A deterministic sample of marts.fct_target_attainment over a warehouse of the 20 provincial
work reports (bench.targets_yardstick builds one): rows with an actual first, spread over the
statuses (round robin, ordered by md5 of the row id), each with both quotes and sentences, so a
reader can judge from the text whether the pairing and the status are right.
"""

from __future__ import annotations

import argparse
import sys

import duckdb

SQL = """
select a.attainment_id, a.status, a.indicator_name_zh, r.name_zh as region, a.target_year, a.target_value,
       a.target_qualifier, a.change_kind, a.unit_code, a.target_quote, a.target_sentence, a.actual_value,
       a.actual_period_id, a.actual_quote, a.actual_sentence, a.required_pace_pct, a.status_rule,
       row_number() over (partition by a.status order by md5(a.attainment_id)) as k
from marts.fct_target_attainment as a
left join marts.dim_region as r using (region_code)
join marts.dim_document as d on d.doc_id = a.target_doc_id
where d.source_file like '%gwr2026_%' and a.comparison <> 'none'
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("warehouse")
    parser.add_argument("--n", type=int, default=40)
    args = parser.parse_args(argv)
    with duckdb.connect(args.warehouse, read_only=True) as con:
        rows = con.execute(f"select * from ({SQL}) order by k, status limit ?", [args.n]).fetchall()
    out = sys.stdout
    for i, r in enumerate(rows, 1):
        (_, status, name, region, year, tv, tq, ck, unit, tquote, tsent, av, aperiod, aquote, asent, pace, rule, _) = r
        out.write(f"### {i}. {region} · {name} · {year} — **{status}**\n\n")
        out.write(f"- target: `{tquote}` ({tv} {unit}, {ck}, {tq}) — {tsent}\n")
        out.write(f"- actual ({aperiod}): `{aquote}` ({av}) — {asent}\n")
        out.write(f"- pace needed: {'' if pace is None else f'{pace:.2f}%/yr'}; rule: {rule}\n")
        out.write("- verdict: \n\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
