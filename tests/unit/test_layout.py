"""The layout is the design: Dagster only under orchestration/defs/, one name per module, and
`published_warehouse` waiting for every built asset by construction (orchestration.defs.definitions)."""

import ast
import types
from collections import Counter
from pathlib import Path

import dagster as dg

PACKAGE = Path(__file__).resolve().parents[2] / "orchestration"
DEFS = PACKAGE / "defs"


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_module_outside_defs_imports_dagster():
    offenders = sorted(
        f"{path.relative_to(PACKAGE.parent)}: imports {name}"
        for path in PACKAGE.rglob("*.py")
        if DEFS not in path.parents
        for name in imported_modules(path)
        if name.split(".")[0] in {"dagster", "dagster_dbt"}
    )
    assert not offenders, "Dagster belongs in orchestration/defs/ only:\n" + "\n".join(offenders)


def test_every_module_under_defs_is_dagster_code():
    """The other way round: what needs no Dagster lives in a pure package (owners.py is data for the assets)."""
    pure = sorted(
        str(path.relative_to(PACKAGE.parent))
        for path in DEFS.rglob("*.py")
        if path.name != "__init__.py" and path.stem != "owners"
        and not any(name.split(".")[0] in {"dagster", "dagster_dbt"} for name in imported_modules(path))
    )
    assert not pure, f"modules under defs/ without Dagster: {pure}"


def test_no_two_modules_share_a_name():
    names = Counter(
        path.stem if path.name != "__init__.py" else path.parent.name
        for path in PACKAGE.rglob("*.py")
        if path.name != "__main__.py" and path.parent != PACKAGE
    )
    twice = sorted(name for name, count in names.items() if count > 1)
    assert not twice, f"module names used twice: {twice}"


def test_published_warehouse_waits_for_every_built_asset():
    from orchestration.defs.definitions import BUILT_LAYERS, REPORT_LAYERS, defs, layer_assets

    graph = defs.resolve_asset_graph()
    reports = {key for a in layer_assets(REPORT_LAYERS, besides=layer_assets(BUILT_LAYERS)) for key in a.keys}
    published = dg.AssetKey("published_warehouse")
    upstream = graph.get(published).parent_keys
    missing = sorted(k.to_user_string() for k in graph.get_all_asset_keys() - upstream - {published} - reports)
    assert not missing, f"not upstream of published_warehouse: {missing}"
    assert reports and not reports & upstream  # the reports run after the publish: it does not wait for them


def test_a_newly_added_asset_is_upstream_of_published_warehouse():
    """Adding an asset to a built layer needs no other edit for the publish to wait for it."""
    from orchestration.defs.definitions import BUILT_LAYERS, build_definitions

    @dg.asset(key=["quality", "a_new_asset"])
    def a_new_asset() -> None: ...

    layer = types.ModuleType("orchestration.defs.assets.a_new_layer")
    layer.a_new_asset = a_new_asset
    graph = build_definitions(built_layers=(*BUILT_LAYERS, layer)).resolve_asset_graph()
    assert dg.AssetKey(["quality", "a_new_asset"]) in graph.get(dg.AssetKey("published_warehouse")).parent_keys
