"""The last asset of every refresh: swap the run's build file in as the published warehouse (and, on the
team profile, the run's build schemas on the server: orchestration.storage.server.publish)."""

import dagster as dg

from orchestration.defs.owners import OWNERS
from orchestration.defs.resources import WarehouseResource
from orchestration.storage import server
from orchestration.storage.files import publish, published_sha256


def build_published_asset(upstream: list[dg.AssetKey]) -> dg.AssetsDefinition:
    """`published_warehouse` depends on every built asset, so a failed step or a failed blocking
    (ERROR) check on any of them skips it and the published file stays as it was."""

    @dg.asset(
        key=["published_warehouse"],
        group_name="publish",
        kinds={"duckdb", "python"},
        owners=OWNERS,
        deps=upstream,
        description="Atomically replaces warehouse/liaocheng.duckdb with this run's build (os.replace) "
        "once everything upstream, blocking checks included, has passed.",
    )
    def published_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        previous = published_sha256(warehouse.files)
        swapped = {}
        if warehouse.on_server:  # the team profile: the build schemas swapped in, one transaction
            with warehouse.server_connection() as pg:
                swapped = {"server_schemas": dg.MetadataValue.json(server.publish(pg, warehouse.prefix)),
                           "build_prefix": warehouse.prefix}
        warehouse.release_build()  # the steps' shared handle: the file is checkpointed and moved
        sha = publish(warehouse.files)  # the raw layer's state (parse and link logs) for the next refresh
        return dg.MaterializeResult(
            metadata={
                **swapped,
                "path": dg.MetadataValue.path(warehouse.published_path),
                "sha256": sha,
                "previous_sha256": previous or "",
                "size_bytes": warehouse.files.published.stat().st_size,
            }
        )

    return published_warehouse
