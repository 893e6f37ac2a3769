"""The consistency rules (expectations/rules.yml) as a table the dbt evidence models read."""

import dagster as dg

from orchestration.defs.checks import RULES_PATH
from orchestration.defs.owners import OWNERS
from orchestration.defs.resources import WarehouseResource
from orchestration.quality.rules import RULE_COLUMNS, load_rules
from orchestration.storage.warehouse import markdown_preview, replace_table


@dg.asset(
    key=["raw", "consistency_rules"],
    group_name="raw",
    kinds={"python", "duckdb", "yaml"},
    owners=OWNERS,
    description="The consistency rules of expectations/rules.yml (id, zh/en description, kind, inputs, severity), "
    "one row each; the dbt evidence models quality.qa_<kind> read their inputs from here.",
)
def consistency_rules(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    rules = load_rules(RULES_PATH)
    with warehouse.get_connection() as con:
        n = replace_table(con, "raw.consistency_rules", RULE_COLUMNS, [r.as_row() for r in rules])
        warehouse.load_raw(con, ["raw.consistency_rules"])
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": n,
                "rules": dg.MetadataValue.json({r.id: f"{r.kind} [{r.severity}]" for r in rules}),
                "preview": dg.MetadataValue.md(markdown_preview(con, "raw.consistency_rules", limit=20)),
            }
        )
