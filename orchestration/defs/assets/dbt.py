"""The dbt project as Dagster assets: staging → intermediate → marts, grouped by layer."""

import json
import os
import shutil
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb as duckdb_lib
from dagster_dbt import DagsterDbtTranslator, DbtCliEventMessage, DbtCliResource, dbt_assets
from dagster_dbt.asset_utils import get_manifest_and_translator_from_dbt_assets
from dagster_dbt.core.dbt_cli_event import DbtCoreCliEventMessage
from dagster_dbt.errors import DagsterDbtCliRuntimeError

from orchestration.defs.owners import OWNERS
from orchestration.defs.resources import WarehouseResource, dbt_project
from orchestration.quality.gx_validation import prefetch_gx
from orchestration.storage import dbt_runner
from orchestration.storage.dbt_runner import STATS_PREFIX
from orchestration.storage.files import dbt_targets_build
from orchestration.storage.warehouse import markdown_preview, markdown_table

# Group by the first layer folder in a model's path (marts/quality/… is a mart).
LAYERS = ("staging", "intermediate", "marts", "quality", "reports")
PREVIEW_SCHEMAS = ("marts",)  # models whose materializations carry a Markdown preview (dbt var preview_layers too)
# dbt.log in dbt's own text debug format, as a bare `dbt build` writes it: dagster-dbt sets DBT_LOG_FORMAT=json
# for the events it reads on stdout, which dbt then also applied to every debug line of the file (+0.6 s a build).
DBT_BUILD_FLAGS = ("--log-format-file", "debug")
DBT_EXITED = "dbt build exited"  # logged when the dbt process has ended (bench/measure.py splits the step there)


class LayeredTranslator(DagsterDbtTranslator):
    """Models are grouped by the folder (layer) they live in; sources keep their raw/<table> keys.
    Owners come from a model's `meta: {dagster: {owners: [...]}}`, else the team's."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn = dbt_resource_props.get("fqn", [])
        return next((layer for layer in LAYERS if layer in fqn), super().get_group_name(dbt_resource_props))

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> Sequence[str] | None:
        return super().get_owners(dbt_resource_props) or OWNERS


KEEP_RUN_TARGETS = 10  # dbt target folders of past runs kept for debugging (each ~8 MB: manifest, dbt.log, run results)
ACTIVE_S = 600  # a folder written in the last 10 minutes may belong to a dbt still running (a test's, another refresh's)


def last_write(folder: Path) -> float:
    """When dbt last wrote into a run's target folder (its dbt.log, run_results.json…)."""
    return max((p.stat().st_mtime for p in folder.iterdir()), default=folder.stat().st_mtime)


def prune_run_targets(project_target: Path, keep: int = KEEP_RUN_TARGETS, current: Path | None = None) -> int:
    """dagster-dbt gives every invocation its own target folder (dbt_models-*) inside dbt's target/,
    with its own dbt.log; keep the newest ``keep`` (by last write, ``current`` counted among them) and
    remove the rest, except a folder written in the last ACTIVE_S seconds (its dbt may still run).
    Runs after every dbt build and at the start of every CLI refresh / `make run`, so a killed run's
    folder goes too. dbt's own log (dbt_project/logs/dbt.log) rotates at 10 MB (dbt's default).
    Returns how many went."""
    runs = sorted((d for d in project_target.glob("dbt_models-*") if d.is_dir() and d != current),
                  key=last_write, reverse=True)
    recent = time.time() - ACTIVE_S
    stale = [d for d in runs[max(keep - (current is not None), 0):] if last_write(d) < recent]
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return len(stale)


def keep_parse_state(run_target: Path, project_target: Path) -> bool:
    """Hand this run's partial-parse state to the next run. dagster-dbt seeds each run's target
    folder from target/partial_parse.msgpack; dbt discards that state when the profile's path differs
    (each run writes its build file, not the file `dbt parse` saw), so without this every run parsed
    the whole project again. Replaced atomically: another run may be reading it."""
    state = run_target / "partial_parse.msgpack"
    if not state.exists():
        return False
    tmp = project_target / f".partial_parse.{os.getpid()}.tmp"
    shutil.copyfile(state, tmp)
    os.replace(tmp, project_target / "partial_parse.msgpack")
    return True


def row_counts(con: duckdb_lib.DuckDBPyConnection, tables: Sequence[str]) -> dict[str, int]:
    """count(*) of every table in one query (DuckDB runs the counts side by side); a table the query
    cannot read (a model dbt failed to build) is left out, the others are counted one by one then."""
    if not tables:
        return {}
    union = " UNION ALL ".join(f"SELECT {i} AS i, count(*) AS n FROM {table}" for i, table in enumerate(tables))
    try:
        return {tables[i]: n for i, n in con.execute(union).fetchall()}
    except duckdb_lib.Error:
        out = {}
        for table in tables:
            try:
                out[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            except duckdb_lib.Error:
                pass
        return out


def server_row_counts(warehouse: WarehouseResource, tables: Sequence[str]) -> dict[str, int]:
    """count(*) of every table dbt built in the run's build schemas on the server (team profile)."""
    out = {}
    with warehouse.server_connection(read_only=True) as pg, pg.cursor() as cur:
        for table in tables:
            try:
                cur.execute(f"SELECT count(*) FROM {warehouse.build_table(table)}")
                out[table] = cur.fetchone()[0]
            except Exception:  # a model dbt failed to build
                pg.rollback()
    return out


def with_row_counts(context: dg.AssetExecutionContext, events: list[Any], database: str,
                    warehouse: WarehouseResource | None = None) -> Iterator[Any]:
    """Add dagster/row_count (and, for marts, a Markdown preview) to each model's output once dbt has exited.

    dagster-dbt's fetch_row_counts() queries through dbt's adapter inside this process and leaves
    that DuckDB handle open, which then locks out every later connection of the run; a read-only
    connection opened after the dbt subprocess has finished does not. Every count in one query.
    """
    # dbt asset keys are [schema, model]: the key names the table.
    tables = {e.output_name: ".".join(context.asset_key_for_output(e.output_name).path) for e in events if isinstance(e, dg.Output)}
    if warehouse is not None and warehouse.on_server:  # counts only (the previews read DuckDB)
        counts = server_row_counts(warehouse, list(dict.fromkeys(tables.values())))
        for event in events:
            if isinstance(event, dg.Output) and tables[event.output_name] in counts:
                event = event.with_metadata({**event.metadata, "dagster/row_count": counts[tables[event.output_name]]})
            yield event
        return
    with duckdb_lib.connect(database, read_only=True) as con:
        counts = row_counts(con, list(dict.fromkeys(tables.values())))
        for event in events:
            if isinstance(event, dg.Output) and tables[event.output_name] in counts:
                table = tables[event.output_name]
                extra = {"dagster/row_count": counts[table]}
                try:
                    if table.split(".")[0] in PREVIEW_SCHEMAS:
                        extra["preview"] = dg.MetadataValue.md(markdown_preview(con, table))
                except duckdb_lib.Error:
                    pass
                event = event.with_metadata({**event.metadata, **extra})
            yield event


def model_stats(message: str) -> dict[str, Any] | None:
    """The figures log_model_stats.sql logged for one model, or None for any other dbt log line."""
    if not message.startswith(STATS_PREFIX):
        return None
    try:
        stats = json.loads(message[len(STATS_PREFIX):])
    except ValueError:
        return None
    if not isinstance(stats, dict) or "unique_id" not in stats or "row_count" not in stats:
        return None
    return stats


def stats_metadata(stats: Mapping[str, Any]) -> dict[str, Any]:
    """Materialization metadata from a model's logged figures: dagster/row_count, and a preview if logged."""
    out: dict[str, Any] = {"dagster/row_count": int(stats["row_count"])}
    if "columns" in stats and "rows" in stats:
        out["preview"] = dg.MetadataValue.md(markdown_table(stats["columns"], stats["rows"]))
    return out


def streamed_events(context: dg.AssetExecutionContext, raw_events: Iterable[DbtCliEventMessage],
                    manifest: Mapping[str, Any], translator: DagsterDbtTranslator, target_path: Path,
                    held: list[Any]) -> Iterator[Any]:
    """dagster-dbt's events for each model and test, yielded while dbt runs (so the UI shows every
    model as it is built, and no burst of events waits for dbt to exit).

    Converts each of dbt's events with dagster-dbt's public `to_default_asset_events()`, as
    `stream()` does; a model's Output gets its row count and preview from the line its post-hook
    logged just before (macros/log_model_stats.sql). An Output with no such line (a model the hook
    skipped) goes to ``held``, and so does every later check of that asset, to be completed by
    with_row_counts() once dbt has exited."""
    stats_by_id: dict[str, dict[str, Any]] = {}
    held_keys: set[dg.AssetKey] = set()
    for raw in raw_events:
        info = raw.raw_event.get("info", {})
        if info.get("name") == "JinjaLogInfo" and (stats := model_stats(info.get("msg", ""))) is not None:
            stats_by_id[stats["unique_id"]] = stats
            continue
        unique_id = raw.raw_event.get("data", {}).get("node_info", {}).get("unique_id")
        for event in raw.to_default_asset_events(
            manifest=manifest, dagster_dbt_translator=translator,
            context=context, target_path=target_path, project=dbt_project,
        ):
            if isinstance(event, dg.Output):
                if unique_id in stats_by_id:
                    yield event.with_metadata({**event.metadata, **stats_metadata(stats_by_id.pop(unique_id))})
                else:
                    held.append(event)
                    held_keys.add(context.asset_key_for_output(event.output_name))
            elif isinstance(event, dg.AssetCheckResult) and event.asset_key in held_keys:
                held.append(event)
            else:
                yield event


def whole_project_selected(context: dg.AssetExecutionContext) -> bool:
    """The run builds every dbt model and runs every dbt test (a refresh, `make run`): plain `dbt build`.
    (A subsetted step's assets_def holds only the selection, so its keys cannot tell.)"""
    return not context.is_subset


def build_worker(context: dg.AssetExecutionContext, dbt: DbtCliResource) -> tuple[dbt_runner.DbtWorker, bool]:
    """The dbt worker process of this step: the one the refresh started ahead (dbt imported, the
    project parsed) if there is one, else one started now; and whether it was started ahead."""
    worker = dbt_runner.take_ahead(dbt.project_dir, dbt.profiles_dir)
    if worker is not None:
        return worker, True
    target = dbt_runner.new_target_path(project_target(), context.op_execution_context.op.name)
    args = dbt_runner.worker_args(dbt.project_dir, dbt.profiles_dir, target)
    return dbt_runner.DbtWorker(args, dbt_runner.build_env(), (STATS_PREFIX,)).start(), False


def worker_events(context: dg.AssetExecutionContext, dbt: DbtCliResource, worker: dbt_runner.DbtWorker,
                  ahead: bool, held: list[Any]) -> Iterator[Any]:
    """`dbt build` of the whole project in ``worker`` (orchestration.storage.dbt_runner), its events
    converted as dagster-dbt converts a dbt subprocess's. Raises DagsterDbtCliRuntimeError, naming
    dbt's errors and its log, when dbt fails."""
    args = ["build", *DBT_BUILD_FLAGS]
    context.log.info(f"dbt {' '.join(args)} in a dbt worker process ({'started ahead' if ahead else 'started now'}; "
                     f"target {worker.target_path})")
    manifest, translator, _ = get_manifest_and_translator_from_dbt_assets([context.assets_def])
    raw = (DbtCoreCliEventMessage(raw_event=event, event_history_metadata={})
           for event in worker.build(args, dbt_runner.build_env(), dbt.project_dir))
    try:
        yield from streamed_events(context, raw, manifest, translator, worker.target_path, held)
    finally:
        worker.stop()
    for note in worker.notes:
        context.log.info(note)
    if not worker.success:
        errors = "\n".join(worker.errors) or "dbt reported failure without an error message"
        raise DagsterDbtCliRuntimeError(
            description=f"`dbt {' '.join(args)}` failed in its worker process. Check the stdout in the Dagster "
                        f"compute logs, or dbt's debug log: {worker.target_path / 'dbt.log'}.\n\n{errors}")


def project_target() -> Path:
    """dbt's target folder of the project (each invocation writes into a folder of its own inside)."""
    return (Path(dbt_project.project_dir) / dbt_project.target_path).resolve()


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=LayeredTranslator())
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    """`dbt build` into the run's build file: models and their data tests (reported as asset checks)."""
    dbt_targets_build(warehouse.files)  # the profile's path for the dbt subprocess
    warehouse.load_remaining_raw()  # team profile: the raw tables this run kept as stored, into its build schema
    prefetch_gx()  # GX imported (in its worker) by the first check, which then does not wait for it
    held, failure = [], None
    warehouse.release_build()  # dbt takes the build file's write lock
    if whole_project_selected(context) and getattr(dbt, "worker", False):
        worker, ahead = build_worker(context, dbt)
        run_target = worker.target_path
        try:
            yield from worker_events(context, dbt, worker, ahead, held)
        except Exception as err:  # dbt failed: still report what it built, then fail the step
            failure = err
    else:  # a subset of the models or tests (the UI's selection): dagster-dbt's own selection, in a subprocess
        invocation = dbt.cli(["build", *DBT_BUILD_FLAGS], context=context)
        run_target = Path(invocation.target_path)
        try:
            yield from streamed_events(context, invocation.stream_raw_events(), invocation.manifest,
                                       invocation.dagster_dbt_translator, run_target, held)
        except Exception as err:
            failure = err
        finally:
            # The dbt process holds the build file's write lock until it exits.
            if invocation.process.poll() is None:
                invocation.process.terminate()
            invocation.process.wait()
    context.log.info(DBT_EXITED)
    if failure is None:
        keep_parse_state(run_target, run_target.parent)
    prune_run_targets(run_target.parent, current=run_target)
    yield from with_row_counts(context, held, warehouse.build_path, warehouse)
    if failure is not None:
        raise failure
