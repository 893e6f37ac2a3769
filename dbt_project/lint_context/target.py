"""`target` for sqlfluff's Jinja templater (`make lint`, dbt_project/.sqlfluff library_path): the models
are linted as DuckDB renders them, dbt's `target.type` being "duckdb" there."""

type = "duckdb"  # noqa: A001 (dbt's attribute name)
name = "dev"
