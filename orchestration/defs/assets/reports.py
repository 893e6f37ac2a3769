"""The scorecard report: warehouse/scorecard.html from the report models (dbt models/reports/). Thin wrapper over
orchestration.analyst.scorecard."""

import datetime as dt
from pathlib import Path

import dagster as dg
from dagster_dbt import get_asset_key_for_model

from orchestration.analyst.queries import open_read_only
from orchestration.defs.assets.dbt import dbt_models
from orchestration.defs.owners import OWNERS
from orchestration.defs.resources import WarehouseResource

# What the page reads: every report model (models/reports/, group "reports": the scorecard's SQL),
# and the open findings it lists (orchestration.analyst.queries.open_findings, shared with the CLI).
REPORT_MODELS = [spec.key for spec in dbt_models.specs if spec.group_name == "reports"]
MARTS_READ = ("fct_open_findings",)


@dg.asset(
    key=["reports", "scorecard"],
    group_name="reports",
    kinds={"html", "python"},
    owners=OWNERS,
    # After the publish: a refresh that did not publish never replaces the last good scorecard.
    deps=[dg.AssetKey(["published_warehouse"]), *REPORT_MODELS,
          *(get_asset_key_for_model([dbt_models], name) for name in MARTS_READ)],
    description="Liaocheng's plan-delivery scorecard (the city and its counties; other reports in the warehouse are "
    "not charted), warehouse/scorecard.html: plan assessment, energy transition, the "
    "key-project lifecycle funnel, livelihood figures and the open consistency findings, as charts whose every "
    "figure carries its quote and document. Self-contained (Vega inlined): opens without a network.",
)
def scorecard(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    from orchestration.analyst.scorecard import build_scorecard, write_atomically  # altair: imported when drawing only
    from orchestration.refresh.faults import fault_point

    fault_point("scorecard")
    if warehouse.on_server:  # the page's DuckDB queries over an in-memory copy of the published marts and reports
        from orchestration.analyst.queries import local_copy, schema_table_names
        from orchestration.analyst.server_connection import ServerConnection
        from orchestration.storage import server

        source = ServerConnection(server.server_url())
        try:
            con = local_copy(source, schema_table_names(source, ("marts", "reports")))
        finally:
            source.close()
        read_from = "the server's published schemas (an in-memory copy)"
    else:
        con = open_read_only(warehouse.published_path)  # the analyst connection: reads that file only
        read_from = warehouse.published_path
    with con:
        card = build_scorecard(con, generated_at=dt.datetime.now(), source=f"run {context.run.run_id[:8]}")
    path = Path(warehouse.published_path).with_name("scorecard.html")
    size = write_atomically(path, card.html)
    tiles = "\n".join(f"| {label} | {value} |" for label, value in card.headline)
    preview = (f"**{path.name}** — {card.charts} charts, {card.figures} figures cited\n\n"
               f"| headline | value |\n| --- | --- |\n{tiles}\n\nSections: " + "; ".join(card.sections))
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(path)),
            "url": dg.MetadataValue.url(path.as_uri()),
            "size_bytes": size,
            "charts": card.charts,
            "figures_cited": card.figures,
            "read_from": read_from,
            "preview": dg.MetadataValue.md(preview),
        }
    )
