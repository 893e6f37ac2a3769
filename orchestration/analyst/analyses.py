"""The saved analyst questions (dbt_project/analyses/*.sql), rendered and run read-only.

dbt compiles analyses but never runs them. Rendering here needs only dbt's manifest (from
`dbt parse`): each {{ ref('model') }} becomes the model's relation and {{ var('name') }} the
project variable, so no dbt process and no write lock are involved. Anything else in Jinja is
refused rather than guessed. To run, a variable is a bound parameter ($name), never pasted into
the SQL, so any value (quotes, spaces, Chinese) is just a value.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from pathlib import Path

import duckdb

from orchestration.storage.paths import DBT_PROJECT_DIR

ANALYSES_DIR = DBT_PROJECT_DIR / "analyses"
_REF = re.compile(r"\{\{\s*ref\(\s*['\"](\w+)['\"]\s*\)\s*\}\}")
_VAR = re.compile(r"\{\{\s*var\(\s*['\"](\w+)['\"]\s*\)\s*\}\}")
# A var() written inside a string literal, as dbt analyses do: '{{ var("doc_id") }}'.
_QUOTED_VAR = re.compile(r"'\{\{\s*var\(\s*['\"](\w+)['\"]\s*\)\s*\}\}'")


def list_analyses() -> list[str]:
    return sorted(p.stem for p in ANALYSES_DIR.glob("*.sql"))


def _stamp(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(path), stat.st_mtime_ns, stat.st_size


@functools.lru_cache(maxsize=4)
def _relations(stamp: tuple[str, int, int]) -> dict[str, str]:
    """model name → schema.alias from the manifest (a few MB of JSON: read once per version of the file)."""
    manifest = json.loads(Path(stamp[0]).read_text(encoding="utf-8"))
    # schema.alias, not relation_name: that carries the catalog name of whichever file was parsed.
    return {n["name"]: f'{n["schema"]}.{n["alias"]}' for n in manifest["nodes"].values() if n["resource_type"] == "model"}


def _sql_literal(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def prepare(name: str, *, manifest_path: Path = DBT_PROJECT_DIR / "target" / "manifest.json",
            variables: Mapping[str, str] | None = None) -> tuple[str, dict[str, object]]:
    """(SQL, parameters): refs resolved, every var() a named parameter $name with its value."""
    relations = _relations(_stamp(manifest_path))
    project_vars = {**_project_vars(_stamp(DBT_PROJECT_DIR / "dbt_project.yml")), **(variables or {})}
    sql = (ANALYSES_DIR / f"{name}.sql").read_text(encoding="utf-8")
    sql = _REF.sub(lambda m: relations[m.group(1)], sql)
    params: dict[str, object] = {}

    def bind(m: re.Match) -> str:
        params[m.group(1)] = project_vars[m.group(1)]
        return f"${m.group(1)}"

    sql = _VAR.sub(bind, _QUOTED_VAR.sub(bind, sql))
    if "{{" in sql or "{%" in sql:
        raise ValueError(f"analyses/{name}.sql uses Jinja beyond ref() and var()")
    return sql, params


def render(name: str, *, manifest_path: Path = DBT_PROJECT_DIR / "target" / "manifest.json",
           variables: Mapping[str, str] | None = None) -> str:
    """The SQL to read or paste elsewhere: each variable written as a quoted SQL literal."""
    sql, params = prepare(name, manifest_path=manifest_path, variables=variables)
    for key in sorted(params, key=len, reverse=True):
        sql = re.sub(rf"\${key}\b", lambda _m, v=params[key]: _sql_literal(v), sql)
    return sql


@functools.lru_cache(maxsize=4)
def _project_vars(stamp: tuple[str, int, int]) -> dict:
    import yaml

    project = yaml.safe_load(Path(stamp[0]).read_text(encoding="utf-8"))
    return project.get("vars", {})


def run(con: duckdb.DuckDBPyConnection, name: str, **variables: str):
    """The analysis's result as a pandas DataFrame."""
    sql, params = prepare(name, variables=variables)
    return con.execute(sql, params).fetchdf() if params else con.execute(sql).fetchdf()
