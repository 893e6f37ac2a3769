"""Consistency rules as data (expectations/rules.yml): loading, validation, and the Great
Expectations suite each rule kind runs over its evidence model. No Dagster here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from orchestration.quality.gx_validation import SuiteSpec

SEVERITIES = ("ERROR", "WARN")

# kind → the inputs it accepts (name → type)
KINDS: dict[str, dict[str, type]] = {
    "same_figure_agrees": {"indicators": list, "portfolio_groups": list, "approx_pct": float},
    "rate_equals_ratio": {"rate": str, "numerator": str, "denominator": str, "expected_value": float},
    "part_within_whole": {"part": str, "whole": str, "region_hierarchy": bool},
    "value_in_range": {"stat_types": list, "units": list, "min_value": float, "max_value": float},
    "derived_consistent": {},
    "parts_sum_to_total": {"parts": list, "total": str},
}

# One row per rule in raw.consistency_rules: the evidence models read their inputs from here.
RULE_COLUMNS = {
    "rule_id": "VARCHAR",
    "kind": "VARCHAR",
    "severity": "VARCHAR",
    "description_zh": "VARCHAR",
    "description_en": "VARCHAR",
    "indicators": "VARCHAR[]",
    "portfolio_groups": "VARCHAR[]",
    "approx_pct": "DOUBLE",
    "rate": "VARCHAR",
    "numerator": "VARCHAR",
    "denominator": "VARCHAR",
    "expected_value": "DOUBLE",
    "part": "VARCHAR",
    "whole": "VARCHAR",
    "region_hierarchy": "BOOLEAN",
    "stat_types": "VARCHAR[]",
    "units": "VARCHAR[]",
    "min_value": "DOUBLE",
    "max_value": "DOUBLE",
    "parts": "VARCHAR[]",
    "total": "VARCHAR",
    "source_line": "INTEGER",
}


class RuleError(ValueError):
    pass


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    severity: str
    description_zh: str
    description_en: str
    inputs: dict[str, Any] = field(default_factory=dict)
    source_line: int = 0

    @property
    def evidence_model(self) -> str:
        return f"qa_{self.kind}"

    def as_row(self) -> dict[str, Any]:
        row = {k: None for k in RULE_COLUMNS}
        row.update(rule_id=self.id, kind=self.kind, severity=self.severity, description_zh=self.description_zh,
                   description_en=self.description_en, source_line=self.source_line, **self.inputs)
        return row


class _LineLoader(yaml.SafeLoader):
    """Remembers the line each mapping starts on, for error messages."""


def _mapping_with_line(loader, node):
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def load_rules(path: Path) -> list[Rule]:
    """Every rule of the file, validated; errors name the file and line."""
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader) or {}
    rules, seen = [], set()
    for item in raw.get("rules", []):
        line = item.pop("__line__", 0)
        where = f"{path}:{line}"
        missing = {"id", "kind", "severity", "description_zh", "description_en"} - item.keys()
        if missing:
            raise RuleError(f"{where}: rule is missing {sorted(missing)}")
        if item["kind"] not in KINDS:
            raise RuleError(f"{where}: kind {item['kind']!r} is not one of {sorted(KINDS)}")
        if item["severity"] not in SEVERITIES:
            raise RuleError(f"{where}: severity {item['severity']!r} is not one of {SEVERITIES}")
        if item["id"] in seen:
            raise RuleError(f"{where}: duplicate rule id {item['id']!r}")
        seen.add(item["id"])
        inputs = dict(item.get("inputs") or {})
        inputs.pop("__line__", None)
        allowed = KINDS[item["kind"]]
        for name, value in inputs.items():
            if name not in allowed:
                raise RuleError(f"{where}: input {name!r} does not apply to kind {item['kind']} (takes {sorted(allowed)})")
            expected = allowed[name]
            if expected is float and isinstance(value, int) and not isinstance(value, bool):
                inputs[name] = float(value)
            elif not isinstance(value, expected):
                raise RuleError(f"{where}: input {name!r} must be a {expected.__name__}")
        rules.append(Rule(item["id"], item["kind"], item["severity"], item["description_zh"], item["description_en"], inputs, line))
    return rules


def suite_for(rule: Rule) -> SuiteSpec:
    """The GX suite a rule runs over its evidence rows (already filtered to the rule)."""
    expectations: list[dict[str, Any]] = [
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "rule_id", "value_set": [rule.id]}},
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "observed_value"}},
    ]
    by_kind: dict[str, list[dict[str, Any]]] = {
        # Two reports' value intervals overlap: the gap between them is at most 0.
        "same_figure_agrees": [{"type": "expect_column_values_to_be_between", "kwargs": {"column": "gap", "max_value": 0}}],
        # |stated − expected| within the stated figure's precision.
        "rate_equals_ratio": [{"type": "expect_column_pair_values_a_to_be_greater_than_b",
                               "kwargs": {"column_A": "tolerance", "column_B": "abs_diff", "or_equal": True}}],
        "part_within_whole": [{"type": "expect_column_pair_values_a_to_be_greater_than_b",
                               "kwargs": {"column_A": "expected_value", "column_B": "observed_value", "or_equal": True}}],
        "value_in_range": [{"type": "expect_column_values_to_be_between",
                            "kwargs": {"column": "observed_value", "min_value": rule.inputs.get("min_value"),
                                       "max_value": rule.inputs.get("max_value")}}],
        "derived_consistent": [
            {"type": "expect_column_values_to_be_between", "kwargs": {"column": "observed_value", "min_value": 0}},
            {"type": "expect_column_pair_values_a_to_be_greater_than_b",
             "kwargs": {"column_A": "tolerance", "column_B": "abs_diff", "or_equal": True}},
        ],
        "parts_sum_to_total": [{"type": "expect_column_pair_values_a_to_be_greater_than_b",
                                "kwargs": {"column_A": "tolerance", "column_B": "abs_diff", "or_equal": True}}],
    }
    return SuiteSpec(
        name=f"rule_{rule.id}",
        model=rule.evidence_model,
        severity=rule.severity,
        description=rule.description_en,
        expectations=tuple(expectations + by_kind[rule.kind]),
        path=Path("expectations/rules.yml"),
    )
