"""Where things live. Reading the environment only: nothing here opens a file or a database."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
WAREHOUSE_ENV = "PLAN_WAREHOUSE_DB"
SEEDS_ENV = "PLAN_SEEDS_DIR"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "warehouse" / "liaocheng.duckdb"
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"


def warehouse_path() -> Path:
    """The DuckDB file: $PLAN_WAREHOUSE_DB, else warehouse/liaocheng.duckdb."""
    return Path(os.environ.get(WAREHOUSE_ENV) or DEFAULT_WAREHOUSE).resolve()


def seeds_dir() -> Path:
    """The input folder: $PLAN_SEEDS_DIR, else seeds/."""
    return Path(os.environ.get(SEEDS_ENV) or PROJECT_ROOT / "seeds").resolve()


def export_warehouse_env() -> Path:
    """Pin the warehouse path in the environment so dbt (a subprocess) writes the same file."""
    path = warehouse_path()
    os.environ[WAREHOUSE_ENV] = str(path)
    return path
