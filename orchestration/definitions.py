"""The one Dagster Definitions of the Liaocheng plan-delivery warehouse."""


import dagster as dg

from orchestration.assets.dbt import dbt_models
from orchestration.assets.ingest import curated_tables, documents, source_files
from orchestration.checks.gx_checks import build_gx_checks
from orchestration.resources import build_resources

build_warehouse = dg.define_asset_job(
    "build_warehouse",
    selection=dg.AssetSelection.all(),
    description="Ingest seeds/, build every dbt model and run every check.",
)

defs = dg.Definitions(
    assets=[source_files, curated_tables, documents, dbt_models],
    asset_checks=build_gx_checks(dbt_models),
    jobs=[build_warehouse],
    resources=build_resources(),
    # One process, one step at a time: DuckDB allows a single writer.
    executor=dg.in_process_executor,
)
