"""`make docs`: Great Expectations Data Docs for every suite and rule, on the published warehouse.

A file-based GX context lives in expectations/gx/ (its uncommitted/ folder, with the HTML site,
is git-ignored). Each suite and rule is validated on its table, read over a read-only DuckDB
connection, and the results are rendered to expectations/gx/uncommitted/data_docs/local_site/.
"""

import os
import sys

import duckdb

from orchestration.quality.gx_validation import SuiteSpec, load_suites
from orchestration.quality.rules import load_rules, suite_for
from orchestration.storage.paths import EXPECTATIONS_DIR, warehouse_path

GX_DIR = EXPECTATIONS_DIR / "gx"
SCHEMA_OF_MODEL = {"stg_": "staging", "qa_": "quality", "int_": "intermediate"}


def table_of(model: str) -> str:
    return f"{next((s for p, s in SCHEMA_OF_MODEL.items() if model.startswith(p)), 'marts')}.{model}"


def build_data_docs(database: str) -> str:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.checkpoint import UpdateDataDocsAction
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    context = gx.get_context(mode="file", project_root_dir=str(EXPECTATIONS_DIR))
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_or_update_pandas("warehouse")
    specs: list[tuple[SuiteSpec, str]] = [(s, "") for s in load_suites(EXPECTATIONS_DIR / "suites")]
    specs += [(suite_for(rule), f" WHERE rule_id = '{rule.id}'") for rule in load_rules(EXPECTATIONS_DIR / "rules.yml")]
    with duckdb.connect(database, read_only=True) as con:
        frames = {spec.name: con.execute(f"SELECT * FROM {table_of(spec.model)}{where}").fetchdf() for spec, where in specs}
    for spec, _ in specs:
        asset_names = {a.name for a in source.assets}
        asset = source.get_asset(spec.name) if spec.name in asset_names else source.add_dataframe_asset(name=spec.name)
        batch_names = {b.name for b in asset.batch_definitions}
        batch = asset.get_batch_definition("whole") if "whole" in batch_names else asset.add_batch_definition_whole_dataframe("whole")
        suite = gx.ExpectationSuite(name=spec.name, meta={"notes": f"[{spec.severity}] {spec.description}"})
        for exp in spec.expectations:
            suite.add_expectation(ExpectationConfiguration(type=exp["type"], kwargs=exp.get("kwargs", {})).to_domain_obj())
        suite = context.suites.add_or_update(suite)
        validation = context.validation_definitions.add_or_update(gx.ValidationDefinition(name=spec.name, data=batch, suite=suite))
        checkpoint = context.checkpoints.add_or_update(
            gx.Checkpoint(name=f"checkpoint_{spec.name}", validation_definitions=[validation],
                          actions=[UpdateDataDocsAction(name="update_data_docs")])
        )
        checkpoint.run(batch_parameters={"dataframe": frames[spec.name]})
    context.build_data_docs()
    return str(GX_DIR / "uncommitted" / "data_docs" / "local_site" / "index.html")


def main() -> int:
    path = warehouse_path()
    if not path.exists():
        print(f"no warehouse at {path}: run `make run` first", file=sys.stderr)
        return 2
    print(f"GX Data Docs: {build_data_docs(str(path))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
