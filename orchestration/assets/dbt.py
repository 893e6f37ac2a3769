"""The dbt project as Dagster assets: staging → intermediate → marts, grouped by layer."""


from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.resources import dbt_project

LAYERS = ("staging", "intermediate", "marts")


class LayeredTranslator(DagsterDbtTranslator):
    """Models are grouped by the folder (layer) they live in; sources keep their raw/<table> keys."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn = dbt_resource_props.get("fqn", [])
        return next((layer for layer in LAYERS if layer in fqn), super().get_group_name(dbt_resource_props))


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=LayeredTranslator())
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    """`dbt build`: models and their data tests (reported as asset checks)."""
    yield from dbt.cli(["build"], context=context).stream().fetch_row_counts()
