"""Issue 18 yardstick: on the 20 provincial work reports of 2026 (../shared/corpus), the annual
targets for 2026 each report states, and how many of their indicators have a 2025 actual in the
same report (so the warehouse can set the target against a starting point).

    uv run --frozen python -m bench.targets_yardstick [--corpus DIR] [--warehouse FILE] [--out bench/targets_yardstick.md]

Without --warehouse it builds one over a temporary copy of seeds/ plus the corpus, with
DAGSTER_HOME and PLAN_WAREHOUSE_DB in the temporary folder, by the ordinary refresh
(`python -m orchestration.refresh.build`) run from a temporary copy of the project whose
expectations/rules.yml has every ERROR rule turned WARN: on these 20 reports the blocking rule
county_within_city fails (a reading matter outside issue 18) and would stop the publish; this
yardstick measures the targets, not the checks. Reads the warehouse read-only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "provincial_work_reports_2026"

def build(corpus: Path, tmp: Path) -> Path:
    code = tmp / "code"
    shutil.copytree(ROOT, code, ignore=shutil.ignore_patterns(".venv", ".git", "warehouse", "target", "logs", "dagster_home"))
    rules = code / "expectations" / "rules.yml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("severity: ERROR", "severity: WARN"), encoding="utf-8")
    seeds = tmp / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    for path in sorted(corpus.glob("*.txt")):
        shutil.copy(path, seeds / "texts")
    warehouse = tmp / "wh" / "corpus.duckdb"
    (tmp / "wh" / "dagster_home").mkdir(parents=True)
    env = {**os.environ, "PYTHONPATH": str(code), "PLAN_SEEDS_DIR": str(seeds), "PLAN_WAREHOUSE_DB": str(warehouse),
           "DAGSTER_HOME": str(tmp / "wh" / "dagster_home")}
    env.pop("PLAN_DBT_DATABASE", None)
    dbt = Path(sys.executable).parent / "dbt"
    project = code / "dbt_project"
    subprocess.run([str(dbt), "parse", "--project-dir", str(project), "--profiles-dir", str(project)],
                   cwd=code, env=env, capture_output=True, text=True, timeout=900, check=True)
    proc = subprocess.run([sys.executable, "-m", "orchestration.refresh.build"], cwd=code, env=env,
                          capture_output=True, text=True, timeout=7200)
    if not warehouse.exists():
        raise SystemExit(f"the build did not publish:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return warehouse


PER_REPORT = """
with reports as (
    select d.doc_id, d.source_file, d.region_code, r.name_zh, d.published_date
    from marts.dim_document as d left join marts.dim_region as r using (region_code)
    where d.source_file like '%gwr2026_%'
),
targets as (
    select t.*, p.period_type
    from marts.fct_target as t join marts.dim_period as p using (period_id)
    where t.target_source = 'text'
),
annual as (
    select * from targets where target_year = 2026 and period_type = 'year'
),
actual_2025 as (
    select distinct a.doc_id, a.indicator_code, a.region_code, a.unit_code, a.change_kind = 'level' as is_level, a.change_unit
    from marts.fct_indicator_observation as a join marts.dim_period as p using (period_id)
    where a.value_kind = 'actual' and p.period_type = 'year' and p.start_year = 2025 and not a.is_unlinked
),
linked as (
    select
        t.doc_id, t.indicator_code,
        bool_or(exists (select 1 from actual_2025 as a where a.doc_id = t.doc_id and a.indicator_code = t.indicator_code
                        and a.region_code is not distinct from t.region_code)) as any_2025,
        bool_or(exists (select 1 from actual_2025 as a where a.doc_id = t.doc_id and a.indicator_code = t.indicator_code
                        and a.region_code is not distinct from t.region_code and a.unit_code = t.unit_code
                        and a.is_level = (t.change_kind = 'level') and a.change_unit is not distinct from t.change_unit)) as same_measure
    from annual as t where not t.is_unlinked
    group by all
)
select
    r.source_file, r.name_zh, r.published_date,
    (select count(*) from annual as t where t.doc_id = r.doc_id) as targets_2026,
    (select count(*) from annual as t where t.doc_id = r.doc_id and not t.is_unlinked) as linked_2026,
    (select count(*) from linked as l where l.doc_id = r.doc_id) as indicators_2026,
    (select count(*) from linked as l where l.doc_id = r.doc_id and l.any_2025) as with_2025_actual,
    (select count(*) from linked as l where l.doc_id = r.doc_id and l.same_measure) as with_2025_same_measure,
    (select count(*) from targets as t where t.doc_id = r.doc_id and t.is_multi_year) as plan_period_targets
from reports as r
order by r.source_file
"""

STATUSES = """
select a.status, count(*) as n
from marts.fct_target_attainment as a join marts.dim_document as d on d.doc_id = a.target_doc_id
where d.source_file like '%gwr2026_%' and a.target_year = 2026 and not a.is_multi_year
group by all order by n desc
"""


def table(headers: list[str], rows: list[tuple]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---:" if i else "---" for i in range(len(headers))) + "|"]
    out += ["| " + " | ".join("" if v is None else str(v) for v in row) + " |" for row in rows]
    return out


def report(warehouse: Path) -> str:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(PER_REPORT).fetchall()
        statuses = con.execute(STATUSES).fetchall()
    totals = tuple(sum(r[i] for r in rows) for i in range(3, 9))
    lines = [
        "# Targets of the 2026 work reports (issue 18 yardstick)", "",
        "Written by `uv run --frozen python -m bench.targets_yardstick` over the 20 provincial work reports of "
        "`../shared/corpus/provincial_work_reports_2026` (an ordinary refresh with the ERROR rules turned WARN in a "
        "temporary copy of the project: see the script's docstring).", "",
        "- **targets 2026**: text targets (value kind target) of the report whose period is the year 2026;",
        "- **linked**: of those, linked to an indicator; **indicators**: distinct linked indicators;",
        "- **with a 2025 actual**: indicators the same report also gives as a 2025 actual (same region), any measure, "
        "and of the same measure (unit; level or change) — the ones `fct_target_attainment` sets against it;",
        "- **plan-period targets**: targets over several years (the 十五五 goals, 2026–2030).", "",
    ]
    lines += table(["report", "region", "published", "targets 2026", "linked", "indicators", "with a 2025 actual",
                    "same measure", "plan-period targets"], [tuple(r) for r in rows])
    lines += ["| **total** | | | " + " | ".join(f"**{t}**" for t in totals) + " |", ""]
    lines += ["Statuses of the 2026 annual targets (`marts.fct_target_attainment`, one row per target):", ""]
    lines += table(["status", "targets"], statuses)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--warehouse", type=Path, help="an existing warehouse over the corpus (skips the build)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "targets_yardstick.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="targets-yardstick-") as tmp:
        warehouse = args.warehouse or build(args.corpus, Path(tmp))
        text = report(warehouse)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
