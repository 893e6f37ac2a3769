"""Facts linked to the indicator catalog, with the analysts' overrides applied.

Extraction runs per document (raw/facts, partitioned); linking runs over all facts each refresh
because it depends on the curated catalog and overrides, which can change without any text
changing. Thin wrapper over orchestration.parsing.linking.
"""

from collections import Counter

import dagster as dg

from orchestration.assets.owners import OWNERS
from orchestration.fact_links import facts_from_rows, link_with_overrides
from orchestration.resources import WarehouseResource
from orchestration.warehouse import markdown_preview, read_rows, replace_table

LINK_COLUMNS = {
    "fact_id": "VARCHAR",
    "indicator_code": "VARCHAR",
    "link_alias": "VARCHAR",
    "status": "VARCHAR",
    "override_note": "VARCHAR",
    "override_source_line": "INTEGER",
}


@dg.asset(
    key=["raw", "fact_links"],
    group_name="raw",
    kinds={"python", "duckdb"},
    owners=OWNERS,
    deps=[["raw", "facts"], ["raw", "indicators"], ["raw", "fact_overrides"]],
    description="Each fact's indicator (by its subject, against seeds/curated/indicators.csv aliases) and status "
    "after seeds/curated/fact_overrides.csv (rejected facts stay, flagged). Unlinked facts keep a null indicator.",
)
def fact_links(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.get_connection() as con:
        facts = facts_from_rows(read_rows(con, "raw.facts", order_by="doc_id, char_start"))
        linked, override_line = link_with_overrides(
            facts, read_rows(con, "raw.indicators"), read_rows(con, "raw.fact_overrides", order_by="source_line")
        )
        rows = [
            {"fact_id": f.fact_id, "indicator_code": f.indicator_code, "link_alias": f.link_alias, "status": f.status,
             "override_note": f.override_note, "override_source_line": override_line.get(f.fact_id)}
            for f in linked
        ]
        n = replace_table(con, "raw.fact_links", LINK_COLUMNS, rows)
        unlinked = Counter(f.doc_id for f in linked if f.indicator_code is None and f.status != "rejected")
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": n,
                "linked": sum(1 for f in linked if f.indicator_code and f.status != "rejected"),
                "unlinked": sum(unlinked.values()),
                "unlinked_per_document": dg.MetadataValue.json(dict(sorted(unlinked.items()))),
                "rejected": sum(1 for f in linked if f.status == "rejected"),
                "relinked": sum(1 for f in linked if f.status == "relinked"),
                "preview": dg.MetadataValue.md(markdown_preview(con, "raw.fact_links")),
            }
        )
