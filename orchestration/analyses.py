"""The saved analyst questions (dbt_project/analyses/*.sql), rendered and run read-only.

dbt compiles analyses but never runs them. Rendering here needs only dbt's manifest (from
`dbt parse`): each {{ ref('model') }} becomes the model's relation and {{ var('name') }} the
project variable, so no dbt process and no write lock are involved. Anything else in Jinja is
refused rather than guessed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

import duckdb

from orchestration.paths import DBT_PROJECT_DIR

ANALYSES_DIR = DBT_PROJECT_DIR / "analyses"
_REF = re.compile(r"\{\{\s*ref\(\s*['\"](\w+)['\"]\s*\)\s*\}\}")
_VAR = re.compile(r"\{\{\s*var\(\s*['\"](\w+)['\"]\s*\)\s*\}\}")


def list_analyses() -> list[str]:
    return sorted(p.stem for p in ANALYSES_DIR.glob("*.sql"))


def _manifest(manifest_path: Path) -> dict:
    return json.loads(manifest_path.read_text(encoding="utf-8"))


def render(name: str, *, manifest_path: Path = DBT_PROJECT_DIR / "target" / "manifest.json",
           variables: Mapping[str, str] | None = None) -> str:
    manifest = _manifest(manifest_path)
    # schema.alias, not relation_name: that carries the catalog name of whichever file was parsed.
    relations = {n["name"]: f'{n["schema"]}.{n["alias"]}' for n in manifest["nodes"].values() if n["resource_type"] == "model"}
    project_vars = {**_project_vars(), **(variables or {})}
    sql = (ANALYSES_DIR / f"{name}.sql").read_text(encoding="utf-8")
    sql = _REF.sub(lambda m: relations[m.group(1)], sql)
    sql = _VAR.sub(lambda m: str(project_vars[m.group(1)]), sql)
    if "{{" in sql or "{%" in sql:
        raise ValueError(f"analyses/{name}.sql uses Jinja beyond ref() and var()")
    return sql


def _project_vars() -> dict:
    import yaml

    project = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    return project.get("vars", {})


def run(con: duckdb.DuckDBPyConnection, name: str, **variables: str):
    """The analysis's result as a pandas DataFrame."""
    return con.execute(render(name, variables=variables)).fetchdf()
