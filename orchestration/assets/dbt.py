"""The dbt project as Dagster assets: staging → intermediate → marts, grouped by layer."""

import os
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import dagster as dg
import duckdb as duckdb_lib
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.assets.owners import OWNERS
from orchestration.resources import DBT_DATABASE_ENV, WarehouseResource, dbt_project
from orchestration.warehouse import markdown_preview

# Group by the first layer folder in a model's path (marts/quality/… is a mart).
LAYERS = ("staging", "intermediate", "marts", "quality")
PREVIEW_SCHEMAS = ("marts",)  # models whose materializations carry a Markdown preview of their first rows


class LayeredTranslator(DagsterDbtTranslator):
    """Models are grouped by the folder (layer) they live in; sources keep their raw/<table> keys.
    Owners come from a model's `meta: {dagster: {owners: [...]}}`, else the team's."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn = dbt_resource_props.get("fqn", [])
        return next((layer for layer in LAYERS if layer in fqn), super().get_group_name(dbt_resource_props))

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> Sequence[str] | None:
        return super().get_owners(dbt_resource_props) or OWNERS


def with_row_counts(context: dg.AssetExecutionContext, events: list[Any], database: str) -> Iterator[Any]:
    """Add dagster/row_count (and, for marts, a Markdown preview) to each model's output once dbt has exited.

    dagster-dbt's fetch_row_counts() queries through dbt's adapter inside this process and leaves
    that DuckDB handle open, which then locks out every later connection of the run; a read-only
    connection opened after the dbt subprocess has finished does not.
    """
    with duckdb_lib.connect(database, read_only=True) as con:
        for event in events:
            if isinstance(event, dg.Output):
                # dbt asset keys are [schema, model]: the key names the table.
                table = ".".join(context.asset_key_for_output(event.output_name).path)
                try:
                    extra = {"dagster/row_count": con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]}
                    if table.split(".")[0] in PREVIEW_SCHEMAS:
                        extra["preview"] = dg.MetadataValue.md(markdown_preview(con, table))
                    event = event.with_metadata({**event.metadata, **extra})
                except duckdb_lib.Error:
                    pass
            yield event


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=LayeredTranslator())
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    """`dbt build` into the run's build file: models and their data tests (reported as asset checks)."""
    os.environ[DBT_DATABASE_ENV] = warehouse.build_path  # the profile's path for the dbt subprocess
    events, failure = [], None
    invocation = dbt.cli(["build"], context=context)
    try:
        for event in invocation.stream():
            events.append(event)
    except Exception as err:  # dbt failed: still report what it built, then fail the step
        failure = err
    finally:
        # The dbt process holds the build file's write lock until it exits.
        if invocation.process.poll() is None:
            invocation.process.terminate()
        invocation.process.wait()
    yield from with_row_counts(context, events, warehouse.build_path)
    if failure is not None:
        raise failure
