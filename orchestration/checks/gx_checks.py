"""Great Expectations suites as Dagster asset checks: one check per suite in expectations/suites/.

ERROR suites are blocking: a failure skips everything downstream of the checked model.
"""


import dagster as dg
from dagster_dbt import get_asset_key_for_model

from orchestration.gx_validation import SuiteSpec, load_suites, validate_frame
from orchestration.paths import EXPECTATIONS_DIR
from orchestration.resources import WarehouseResource


def _make_check(spec: SuiteSpec, asset_key: dg.AssetKey) -> dg.AssetChecksDefinition:
    # dbt asset keys are [schema, model], so the key names the table too.
    table = ".".join(asset_key.path)
    severity = dg.AssetCheckSeverity.ERROR if spec.severity == "ERROR" else dg.AssetCheckSeverity.WARN

    @dg.asset_check(
        asset=asset_key,
        name=f"gx_{spec.name}",
        description=f"[GX suite {spec.path.name}, {spec.severity}] {spec.description}",
        blocking=spec.severity == "ERROR",
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        # GX has no DuckDB source: read the table into pandas over a read-only connection.
        with warehouse.get_connection(read_only=True) as con:
            frame = con.execute(f"SELECT * FROM {table}").fetchdf()
        result = validate_frame(frame, spec)
        return dg.AssetCheckResult(
            passed=result.success,
            severity=severity,
            metadata={
                "suite": spec.name,
                "rows_validated": result.rows,
                "expectations_evaluated": result.evaluated,
                "expectations_failed": result.failed,
                "results": dg.MetadataValue.json(result.details),
                "summary": dg.MetadataValue.md(_summary_md(result.details)),
            },
        )

    return _check


def _summary_md(details: list[dict]) -> str:
    lines = ["| expectation | column | ok | unexpected | examples |", "| --- | --- | --- | --- | --- |"]
    for d in details:
        examples = "; ".join(e.replace("|", "\\|").replace("\n", "⏎") for e in d["unexpected_examples"])
        lines.append(f"| {d['expectation']} | {d['kwargs'].get('column', '')} | {'✅' if d['success'] else '❌'} | {d['unexpected_count'] or 0} | {examples} |")
    return "\n".join(lines)


def build_gx_checks(dbt_assets: dg.AssetsDefinition) -> list[dg.AssetChecksDefinition]:
    """One check per suite, on the dbt model the suite names (an unknown model fails loudly)."""
    return [
        _make_check(spec, get_asset_key_for_model([dbt_assets], spec.model))
        for spec in load_suites(EXPECTATIONS_DIR / "suites")
    ]
