"""Dagster resources: the DuckDB warehouse and the dbt project. Nothing connects at import time."""


import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject
from dagster_duckdb import DuckDBResource

from orchestration.paths import DBT_PROJECT_DIR, export_warehouse_env

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()


def build_resources() -> dict[str, dg.ConfigurableResource]:
    database = str(export_warehouse_env())
    return {
        "duckdb": DuckDBResource(database=database),
        "dbt": DbtCliResource(project_dir=dbt_project, profiles_dir=str(DBT_PROJECT_DIR)),
    }
