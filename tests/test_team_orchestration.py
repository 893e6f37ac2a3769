"""The team profile's orchestration: Dagster's own storage on PostgreSQL (deploy/team/dagster.yaml) and
the text parsing on Dagster's dask / multiprocess executors (orchestration/defs/parallel.py).

- (the refresh on an instance rendered from the team file is tests/test_team_warehouse.py's one team
  refresh: the whole team profile in one run)
- the parse partitions of a few texts on the dask executor (a LocalCluster of two workers) load the
  same raw rows as the default in-process parse;
- with PLAN_EXECUTOR unset nothing of Dask or PostgreSQL is imported.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import CORPUS, ROOT, copy_seeds

TEXT_TABLES = ("raw.documents", "raw.paragraphs", "raw.text_lines", "raw.headings", "raw.facts", "raw.time_refs",
               "raw.project_mentions", "raw.rejected_texts", "raw.parse_log")


def ingest_into(warehouse: Path, seeds: Path, instance, preparsed: str = "") -> None:
    """Only the raw layer of the seeds (regions, source files, the text ingest) into ``warehouse``, published."""
    import dagster as dg

    from orchestration.defs.assets import ingest
    from orchestration.defs.assets.publish import build_published_asset
    from orchestration.defs.automation import all_documents_tags
    from orchestration.defs.execution import sync_text_partitions
    from orchestration.defs.resources import WarehouseResource

    publish = build_published_asset([*ingest.text_ingest.keys, dg.AssetKey(["raw", "regions"])])
    keys = sync_text_partitions(instance)
    selection = [*ingest.text_ingest.keys, dg.AssetKey(["raw", "regions"]), dg.AssetKey(["raw", "source_files"]),
                 dg.AssetKey("published_warehouse")]
    result = dg.materialize(
        [ingest.curated_tables, ingest.source_files, ingest.text_ingest, publish],
        selection=selection, instance=instance, tags=all_documents_tags(keys),
        resources={"warehouse": WarehouseResource(path=str(warehouse))},
        run_config={"ops": {"text_ingest": {"config": {"preparsed": preparsed}}}},
    )
    assert result.success


def raw_rows(warehouse: Path) -> dict[str, list[tuple]]:
    out = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for table in TEXT_TABLES:
            columns = [c[0] for c in con.execute(f"describe {table}").fetchall() if c[0] != "run_id"]
            quoted = ', '.join(f'"{c}"' for c in columns)
            out[table] = sorted(con.execute(f"select {quoted} from {table}").fetchall(), key=repr)
    return out


def test_parsing_on_two_dask_workers_loads_the_same_raw_rows_as_the_default(tmp_path):
    import dagster as dg

    from orchestration.defs.parallel import parse_ahead

    seeds = copy_seeds(tmp_path)
    for path in sorted(CORPUS.glob("*.txt"))[:3]:
        shutil.copyfile(path, seeds / "texts" / path.name)
    keys = sorted(p.name for p in (seeds / "texts").glob("*.txt"))
    (tmp_path / "home").mkdir()
    with pytest.MonkeyPatch.context() as mp, dg.instance_for_test(temp_dir=str(tmp_path / "home")) as instance:
        mp.setenv("PLAN_SEEDS_DIR", str(seeds))
        mp.setenv("PLAN_DASK_WORKERS", "2")
        mp.setenv("PLAN_PARSE_BATCH", "1")  # a step per text: four steps for two workers
        mp.delenv("PLAN_DASK_SCHEDULER", raising=False)
        ingest_into(tmp_path / "default" / "wh.duckdb", seeds, instance)
        folder = parse_ahead(instance, keys, "dask", seeds)
        assert sorted(p.name for p in folder.glob("*.txt.pickle")) == [f"{k}.pickle" for k in keys]
        ingest_into(tmp_path / "dask" / "wh.duckdb", seeds, instance, preparsed=str(folder))
        (parse_run,) = instance.get_run_records(filters=dg.RunsFilter(job_name="parse_texts"))
        assert parse_run.dagster_run.run_config["execution"]["config"]["cluster"]["local"]["n_workers"] == 2
        steps = {e.step_key for e in instance.all_logs(parse_run.dagster_run.run_id, of_type=dg.DagsterEventType.STEP_SUCCESS)}
        assert steps == {"region_catalog", "parse_0000", "parse_0001", "parse_0002", "parse_0003"}
        ingests = [r.asset_materialization for r in instance.fetch_materializations(
            dg.AssetKey(["raw", "documents"]), limit=10).records]
        assert {m.metadata["texts_parsed_ahead"].value for m in ingests} == {0, 4}  # per partition, of each run
    default, dask = raw_rows(tmp_path / "default" / "wh.duckdb"), raw_rows(tmp_path / "dask" / "wh.duckdb")
    assert len(default["raw.parse_log"]) == 4 and len(default["raw.facts"]) > 100
    assert dask == default


def test_the_default_refresh_path_imports_no_dask_and_no_postgres(tmp_path):
    """PLAN_EXECUTOR unset: the definitions, the refresh entry point and its parse-ahead switch load
    neither dagster-dask, dask, distributed nor dagster-postgres / psycopg2."""
    code = (
        "import sys\n"
        "import dagster as dg\n"
        "import orchestration.refresh.build, orchestration.defs.definitions\n"
        "from orchestration.defs.execution import parsed_ahead\n"
        "with dg.instance_for_test() as instance, parsed_ahead(instance, ['x.txt']) as folder:\n"
        "    assert folder is None\n"
        "heavy = ('dagster_dask', 'dask', 'distributed', 'dagster_postgres', 'psycopg2')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"PLAN_EXECUTOR", "DAGSTER_PG_URL"}}
    env["DAGSTER_HOME"] = str(tmp_path)
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip().splitlines()[-1] == "[]"
