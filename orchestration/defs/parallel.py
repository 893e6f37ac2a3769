"""Parsing on several processes or a Dask cluster: the `parse_texts` job a refresh runs first when
``PLAN_EXECUTOR`` is set (orchestration.defs.execution.run_build).

- ``PLAN_EXECUTOR=dask``: Dagster's dask executor (dagster-dask), against the scheduler at
  ``PLAN_DASK_SCHEDULER`` (``tcp://host:8786``), else a LocalCluster of ``PLAN_DASK_WORKERS`` worker
  processes (default 2), one thread each;
- ``PLAN_EXECUTOR=multiprocess``: Dagster's multiprocess executor, ``PLAN_PARSE_PROCESSES`` steps at a
  time (default: the machine's cores);
- unset (the default): no parse job; the ingest parses in the refresh's one process, as always, and
  nothing here is imported.

The job has one step per batch of the run's text partitions (``PLAN_PARSE_BATCH`` texts each, default
8; 1 = a step per text): each parses its texts into the parse folder (orchestration.inputs.preparsed),
and returns how many it wrote through the instance's filesystem IO manager. No step opens the
warehouse: the `text_ingest` step of the warehouse job stays its only writer, loads these results
(or parses what is missing) and the build-then-swap publish is unchanged. The steps read the region
catalog the first step writes. A cluster's workers must see the seeds and the parse folder (under
``$DAGSTER_HOME/storage``) at the same paths: a shared filesystem, as Dagster's IO manager needs too.
The job is built from its batches (dg.build_reconstructable_job), so every worker rebuilds the same one.
"""

import hashlib
import os
import pickle
import uuid
from collections.abc import Sequence
from pathlib import Path

import dagster as dg

EXECUTORS = ("dask", "multiprocess")
JOB_NAME = "parse_texts"
DEFAULT_BATCH = 8


def parallel_executor() -> str | None:
    """The executor named by PLAN_EXECUTOR (None when unset: parse in the ingest, as by default)."""
    name = os.environ.get("PLAN_EXECUTOR", "").strip().lower()
    if name in ("", "in_process", "default"):
        return None
    if name not in EXECUTORS:
        raise ValueError(f"PLAN_EXECUTOR={name!r}: expected one of {', '.join(EXECUTORS)} (or unset)")
    return name


def _positive(var: str, default: int) -> int:
    value = int(os.environ.get(var) or default)
    if value < 1:
        raise ValueError(f"{var} must be at least 1, not {value}")
    return value


def batches(keys: Sequence[str], size: int | None = None) -> tuple[tuple[str, ...], ...]:
    size = size or _positive("PLAN_PARSE_BATCH", DEFAULT_BATCH)
    return tuple(tuple(keys[i:i + size]) for i in range(0, len(keys), size))


def executor_config(executor: str) -> dict:
    """The run config of the executor: the Dask cluster or how many processes."""
    if executor == "dask":
        address = os.environ.get("PLAN_DASK_SCHEDULER", "").strip()
        if address:
            return {"cluster": {"existing": {"address": address}}}
        return {"cluster": {"local": {"n_workers": _positive("PLAN_DASK_WORKERS", 2), "threads_per_worker": 1,
                                      "processes": True, "dashboard_address": None}}}
    return {"max_concurrent": _positive("PLAN_PARSE_PROCESSES", os.cpu_count() or 1)}


class ParseFolders(dg.ConfigurableResource):
    """Where the steps read the texts (the seeds folder) and write their results."""

    seeds: str
    out: str


def _regions_op() -> dg.OpDefinition:
    @dg.op(name="region_catalog", out=dg.Out(str, description="digest of the region rows the texts are read with"))
    def region_catalog(folders: ParseFolders) -> str:
        from orchestration.inputs.preparsed import REGIONS_FILE, region_rows, regions_digest

        rows = region_rows(Path(folders.seeds))
        (Path(folders.out) / REGIONS_FILE).write_bytes(pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL))
        return regions_digest(rows)

    return region_catalog


def _parse_op(index: int, keys: tuple[str, ...]) -> dg.OpDefinition:
    @dg.op(name=f"parse_{index:04d}", tags={"texts": f"{keys[0]} … {keys[-1]}" if len(keys) > 1 else keys[0]},
           description=f"Parse {len(keys)} text(s): {', '.join(keys[:3])}{' …' if len(keys) > 3 else ''}")
    def parse_batch(context: dg.OpExecutionContext, folders: ParseFolders, digest: str) -> int:
        from orchestration.inputs import preparsed
        from orchestration.inputs.curated import region_aliases
        from orchestration.inputs.texts import parse_text_file

        seeds, out = Path(folders.seeds), Path(folders.out)
        rows = pickle.loads((out / preparsed.REGIONS_FILE).read_bytes())  # noqa: S301 - written by region_catalog
        aliases, fact_aliases = region_aliases(rows), region_aliases(rows, with_misspellings=True)
        for key in keys:
            path = seeds / "texts" / key
            data = path.read_bytes()
            result = parse_text_file(data, source_file=f"{seeds.name}/texts/{key}", sha256=hashlib.sha256(data).hexdigest(),
                                     region_aliases=aliases, fact_region_aliases=fact_aliases)
            preparsed.save(out, key, result, digest)
        context.log.info(f"parsed {len(keys)} text(s) on pid {os.getpid()}")
        return len(keys)

    return parse_batch


def parse_job(groups: tuple[tuple[str, ...], ...], executor: str) -> dg.JobDefinition:
    """The parse job over these batches of partition keys, on the named executor (the reconstructor
    every step process and Dask worker calls with the same arguments)."""
    if executor == "dask":
        from dagster_dask import dask_executor as executor_def
    elif executor == "multiprocess":
        executor_def = dg.multiprocess_executor
    else:
        executor_def = dg.in_process_executor
    region_catalog = _regions_op()
    ops = [_parse_op(i, keys) for i, keys in enumerate(groups)]

    @dg.job(
        name=JOB_NAME,
        executor_def=executor_def,
        resource_defs={"folders": ParseFolders.configure_at_launch(), "io_manager": dg.fs_io_manager},
        description="Parse texts ahead of the warehouse job's ingest, one step per batch of partitions; writes "
        "no warehouse (orchestration/defs/parallel.py).",
    )
    def parse_texts():
        digest = region_catalog()
        for op in ops:
            op(digest)

    return parse_texts


def parse_ahead(instance: dg.DagsterInstance, keys: Sequence[str], executor: str, seeds: Path) -> Path:
    """Run the parse job over ``keys`` on ``executor``; returns the folder of its results (the caller
    removes it). Raises when a step failed: the refresh then does not start."""
    if not instance.is_persistent:
        raise RuntimeError(f"PLAN_EXECUTOR={executor} needs a persistent Dagster instance: set DAGSTER_HOME")
    out = Path(instance.storage_directory()) / "preparsed" / uuid.uuid4().hex
    out.mkdir(parents=True)
    groups = batches(list(keys))
    job = dg.build_reconstructable_job(__name__, "parse_job", reconstructable_args=(groups, executor))
    run_config = {
        "execution": {"config": executor_config(executor)},
        "resources": {"folders": {"config": {"seeds": str(seeds), "out": str(out)}}},
    }
    with dg.execute_job(job, instance, run_config=run_config,
                        tags={"trigger": "refresh", "plan/executor": executor, "plan/texts": str(len(keys))}) as result:
        if not result.success:
            failures = [e.step_key for e in result.all_events if e.is_step_failure]
            raise RuntimeError(f"the parse job {result.run_id} failed (steps {', '.join(failures) or '?'}): "
                               "see its run in the Dagster UI")
    return out
