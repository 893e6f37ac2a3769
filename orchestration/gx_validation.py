"""Great Expectations 1.x suites kept as data in expectations/suites/*.json, run on pandas frames.

GX has no DuckDB data source, so callers read a table over a read-only DuckDB connection and
validate the frame through a pandas data source. GX is imported lazily: it takes seconds.
No Dagster import here.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SEVERITIES = ("ERROR", "WARN")


@dataclass(frozen=True)
class SuiteSpec:
    name: str
    model: str  # the dbt model (table) validated
    severity: str  # ERROR blocks downstream assets; WARN annotates
    description: str
    expectations: tuple[dict[str, Any], ...]
    path: Path


@dataclass
class SuiteResult:
    suite: str
    success: bool
    evaluated: int
    failed: int
    rows: int
    details: list[dict[str, Any]] = field(default_factory=list)


def load_suite(path: Path) -> SuiteSpec:
    raw = json.loads(path.read_text(encoding="utf-8"))
    missing = {"name", "model", "severity", "expectations"} - raw.keys()
    if missing:
        raise ValueError(f"{path}: suite is missing {sorted(missing)}")
    if raw["severity"] not in SEVERITIES:
        raise ValueError(f"{path}: severity {raw['severity']!r} is not one of {SEVERITIES}")
    for i, exp in enumerate(raw["expectations"]):
        if not isinstance(exp, dict) or "type" not in exp:
            raise ValueError(f"{path}: expectation #{i + 1} has no 'type'")
    return SuiteSpec(
        name=raw["name"],
        model=raw["model"],
        severity=raw["severity"],
        description=raw.get("description", ""),
        expectations=tuple(raw["expectations"]),
        path=path,
    )


def load_suites(directory: Path) -> list[SuiteSpec]:
    return [load_suite(p) for p in sorted(directory.glob("*.json"))]


def validate_frame(frame: Any, spec: SuiteSpec) -> SuiteResult:
    """Run the suite on a pandas DataFrame with GX (ephemeral context, no files, no analytics)."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    asset = context.data_sources.add_pandas(f"warehouse_{spec.name}").add_dataframe_asset(name=spec.model)
    batch = asset.add_batch_definition_whole_dataframe("whole_table").get_batch(batch_parameters={"dataframe": frame})
    suite = gx.ExpectationSuite(name=spec.name)
    for exp in spec.expectations:
        config = ExpectationConfiguration(type=exp["type"], kwargs=exp.get("kwargs", {}), meta={"note": exp.get("note", "")})
        suite.add_expectation(config.to_domain_obj())
    result = batch.validate(suite)
    details = []
    for r in result.results:
        res = r.result or {}
        details.append(
            {
                "expectation": r.expectation_config.type,
                "kwargs": {k: v for k, v in r.expectation_config.kwargs.items() if k != "batch_id"},
                "success": bool(r.success),
                "unexpected_count": res.get("unexpected_count"),
                "unexpected_examples": [str(v)[:120] for v in (res.get("partial_unexpected_list") or [])[:5]],
                "observed_value": _plain(res.get("observed_value")),
            }
        )
    stats = result.statistics
    return SuiteResult(
        suite=spec.name,
        success=bool(result.success),
        evaluated=int(stats["evaluated_expectations"]),
        failed=int(stats["unsuccessful_expectations"]),
        rows=len(frame),
        details=details,
    )


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
