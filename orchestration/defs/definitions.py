"""The one Dagster Definitions of the Liaocheng plan-delivery warehouse ([tool.dagster] module_name).

Assets are loaded from one explicit list of layer modules (dg.load_assets_from_modules, as Dagster's
reference projects do). `published_warehouse` depends on every asset of the built layers BY
CONSTRUCTION: a new asset in any of those modules (or a new module in BUILT_LAYERS) is upstream of the
publish without further edits. Report layers run after the publish and are not waited for.
"""

from collections.abc import Sequence
from types import ModuleType

import dagster as dg

from orchestration.defs.assets import consistency, dbt, ingest, links, publish, reports
from orchestration.defs.automation import JOB_NAME, daily_refresh, seeds_sensor
from orchestration.defs.checks import build_gx_checks
from orchestration.defs.holding import held_documents_sensor
from orchestration.defs.resources import build_resources
from orchestration.defs.runs import WRITER_TAG, orphaned_runs

BUILT_LAYERS: tuple[ModuleType, ...] = (ingest, links, consistency, dbt)  # upstream of the publish
REPORT_LAYERS: tuple[ModuleType, ...] = (reports,)  # after the publish: a failure leaves them stale


def layer_assets(modules: Sequence[ModuleType], besides: Sequence[dg.AssetsDefinition] = ()) -> list[dg.AssetsDefinition]:
    """The assets defined in (or imported into) ``modules``, leaving out those already in ``besides``."""
    seen = {key for a in besides for key in a.keys}
    loaded = [a for a in dg.load_assets_from_modules(list(modules)) if isinstance(a, dg.AssetsDefinition)]
    return [a for a in loaded if not set(a.keys) & seen]


def build_definitions(
    built_layers: Sequence[ModuleType] = BUILT_LAYERS, report_layers: Sequence[ModuleType] = REPORT_LAYERS
) -> dg.Definitions:
    built = layer_assets(built_layers)
    published_warehouse = publish.build_published_asset([key for asset in built for key in asset.keys])
    build_warehouse = dg.define_asset_job(
        JOB_NAME,
        selection=dg.AssetSelection.all(),
        description="Ingest seeds/ (changed documents only), build every dbt model, run every check, and publish "
        "warehouse/liaocheng.duckdb when every ERROR check has passed.",
        # dagster/max_runtime: run monitoring fails a run still going after 3 h (a refresh takes minutes),
        # the backstop for a daemon run killed before it could record its process (orchestration.defs.runs).
        tags={WRITER_TAG: "liaocheng", "dagster/max_runtime": "10800"},
    )
    return dg.Definitions(
        assets=[*built, published_warehouse, *layer_assets(report_layers, besides=built)],
        asset_checks=build_gx_checks(dbt.dbt_models),
        jobs=[build_warehouse],
        schedules=[daily_refresh],
        sensors=[seeds_sensor, orphaned_runs, held_documents_sensor(build_warehouse)],
        resources=build_resources(),
        # One process, one step at a time: DuckDB allows a single writer.
        executor=dg.in_process_executor,
    )


defs = build_definitions()
