"""P4 worker: the saved analyst questions (orchestration.analyst.analyses.run) on a read-only connection.

``python -m bench.p4_queries DB RUNS`` prints one JSON object: per question every run's seconds
for ``run()`` as analysts call it (render + execute + fetch to pandas), and separately for
render only and for execute+fetch of the pre-rendered SQL.
"""

from __future__ import annotations

import json
import sys
import time

import duckdb

from orchestration.analyst import analyses


def main(argv: list[str]) -> int:
    db, runs = argv[1], int(argv[2])
    out = {}
    with duckdb.connect(db, read_only=True) as con:
        for name in analyses.list_analyses():
            rows = len(analyses.run(con, name))  # warm-up (first touch of the file's pages)
            total, render, execute = [], [], []
            for _ in range(runs):
                t0 = time.perf_counter()
                analyses.run(con, name)
                t1 = time.perf_counter()
                sql = analyses.render(name)
                t2 = time.perf_counter()
                con.execute(sql).fetchdf()
                t3 = time.perf_counter()
                total.append(t1 - t0)
                render.append(t2 - t1)
                execute.append(t3 - t2)
            out[name] = {"rows": rows, "run_s": total, "render_s": render, "execute_s": execute}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
