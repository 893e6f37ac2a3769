"""The one Dagster Definitions of the Liaocheng plan-delivery warehouse."""

import dagster as dg

from orchestration.assets.dbt import dbt_models
from orchestration.assets.facts import fact_links
from orchestration.assets.ingest import curated_tables, source_files, text_ingest
from orchestration.assets.publish import build_published_asset
from orchestration.assets.quality import consistency_rules
from orchestration.assets.scorecard import scorecard
from orchestration.automation import JOB_NAME, daily_refresh, seeds_sensor
from orchestration.checks.gx_checks import build_gx_checks
from orchestration.resources import build_resources
from orchestration.runs import WRITER_TAG, orphaned_runs

_built = [source_files, curated_tables, text_ingest, fact_links, consistency_rules, dbt_models]
published_warehouse = build_published_asset([key for asset in _built for key in asset.keys])

build_warehouse = dg.define_asset_job(
    JOB_NAME,
    selection=dg.AssetSelection.all(),
    description="Ingest seeds/ (changed documents only), build every dbt model, run every check, and publish "
    "warehouse/liaocheng.duckdb when every ERROR check has passed.",
    # dagster/max_runtime: run monitoring fails a run still going after 3 h (a refresh takes minutes),
    # the backstop for a daemon run killed before it could record its process (orchestration.runs).
    tags={WRITER_TAG: "liaocheng", "dagster/max_runtime": "10800"},
)

defs = dg.Definitions(
    assets=[*_built, published_warehouse, scorecard],
    asset_checks=build_gx_checks(dbt_models),
    jobs=[build_warehouse],
    schedules=[daily_refresh],
    sensors=[seeds_sensor, orphaned_runs],
    resources=build_resources(),
    # One process, one step at a time: DuckDB allows a single writer.
    executor=dg.in_process_executor,
)
