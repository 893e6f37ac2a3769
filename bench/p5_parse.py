"""P5 probe, run in a fresh process by bench.run: the parsing step of a full refresh, one way.

    python -m bench.p5_parse SEEDS inline            # the default: one process parses every text (text_ingest's loop)
    python -m bench.p5_parse SEEDS dask N [BATCH]    # the parse job on Dagster's dask executor, a LocalCluster of N workers
    python -m bench.p5_parse SEEDS multiprocess N [BATCH]

Prints one JSON line: seconds of the parsing (the parse job's run from start to end, cluster start-up
included; inline: region catalog + every text), how many texts, and for the job its steps' seconds.
DAGSTER_HOME must be a folder of its own (bench.run gives each probe one).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from pathlib import Path


def inline(seeds: Path) -> dict:
    from orchestration.inputs.curated import region_aliases
    from orchestration.inputs.preparsed import region_rows
    from orchestration.inputs.texts import parse_text_file

    start = time.perf_counter()
    rows = region_rows(seeds)
    aliases, fact_aliases = region_aliases(rows), region_aliases(rows, with_misspellings=True)
    texts = sorted((seeds / "texts").glob("*.txt"))
    for path in texts:
        data = path.read_bytes()
        parse_text_file(data, source_file=f"{seeds.name}/texts/{path.name}", sha256=hashlib.sha256(data).hexdigest(),
                        region_aliases=aliases, fact_region_aliases=fact_aliases)
    return {"parse_s": round(time.perf_counter() - start, 3), "texts": len(texts)}


def on_executor(seeds: Path, executor: str, workers: int, batch: int) -> dict:
    import dagster as dg

    from orchestration.defs.parallel import parse_ahead

    os.environ["PLAN_DASK_WORKERS" if executor == "dask" else "PLAN_PARSE_PROCESSES"] = str(workers)
    os.environ["PLAN_PARSE_BATCH"] = str(batch)
    os.environ.pop("PLAN_DASK_SCHEDULER", None)
    keys = sorted(p.name for p in (seeds / "texts").glob("*.txt"))
    instance = dg.DagsterInstance.get()
    start = time.perf_counter()
    parse_ahead(instance, keys, executor, seeds)
    seconds = time.perf_counter() - start
    (record,) = instance.get_run_records(limit=1)
    events = instance.all_logs(record.dagster_run.run_id)
    starts, steps = {}, {}
    for e in events:
        kind = e.dagster_event.event_type_value if e.dagster_event else None
        if kind == "STEP_START":
            starts[e.step_key] = e.timestamp
        elif kind == "STEP_SUCCESS":
            steps[e.step_key] = round(e.timestamp - starts[e.step_key], 3)
    first_step = min(starts.values()) if starts else None
    run_start = record.start_time  # the run's process started orchestrating (cluster start-up follows)
    parse_steps = [v for k, v in steps.items() if k.startswith("parse_")]
    return {
        "parse_s": round(seconds, 3), "texts": len(keys), "steps": len(steps),
        "start_to_first_step_s": round(first_step - run_start, 3) if first_step and run_start else None,
        "step_s_sum": round(sum(parse_steps), 3), "step_s_max": max(parse_steps, default=None),
        "region_catalog_s": steps.get("region_catalog"),
    }


def main(argv: list[str]) -> int:
    seeds, mode = Path(argv[0]), argv[1]
    if mode == "inline":
        out = inline(seeds)
    else:
        out = on_executor(seeds, mode, int(argv[2]), int(argv[3]) if len(argv) > 3 else 8)
    print("P5RESULT " + json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
