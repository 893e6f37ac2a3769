"""Consistency rules as data (expectations/rules.yml): loading, validation, and the Great
Expectations suite each rule kind runs over its evidence model. No Dagster here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from orchestration.quality.gx_validation import SuiteSpec

SEVERITIES = ("ERROR", "WARN")

Expectation = dict[str, Any]


def _pair(a: str, b: str) -> Expectation:
    return {"type": "expect_column_pair_values_a_to_be_greater_than_b", "kwargs": {"column_A": a, "column_B": b, "or_equal": True}}


@dataclass(frozen=True)
class RuleKind:
    """A consistency-rule kind, declared once: its inputs (name → Python type, which gives the
    raw.consistency_rules column), the GX expectations its suite adds, and its evidence model
    (marts.qa_<name>, a dbt model listed in qa_evidence.sql). tests/test_consistency.py checks that
    every declared kind has its model, yml, qa_evidence entry and rules.yml documentation."""

    name: str
    inputs: dict[str, type]
    expectations: Callable[[dict[str, Any]], list[Expectation]]
    observed_required: bool = True  # False: a row may have no observed value (nothing to compare: it passes)

    @property
    def evidence_model(self) -> str:
        return f"qa_{self.name}"


RULE_KINDS: tuple[RuleKind, ...] = (
    # Two reports' value intervals overlap: the gap between them is at most 0.
    RuleKind("same_figure_agrees", {"indicators": list, "portfolio_groups": list, "approx_pct": float},
             lambda _: [{"type": "expect_column_values_to_be_between", "kwargs": {"column": "gap", "max_value": 0}}]),
    # |stated − expected| within the stated figure's precision.
    RuleKind("rate_equals_ratio", {"rate": str, "numerator": str, "denominator": str, "expected_value": float},
             lambda _: [_pair("tolerance", "abs_diff")]),
    RuleKind("part_within_whole", {"part": str, "whole": str, "region_hierarchy": bool},
             lambda _: [_pair("expected_value", "observed_value")]),
    RuleKind("value_in_range", {"stat_types": list, "units": list, "min_value": float, "max_value": float},
             lambda inputs: [{"type": "expect_column_values_to_be_between",
                              "kwargs": {"column": "observed_value", "min_value": inputs.get("min_value"),
                                         "max_value": inputs.get("max_value")}}]),
    RuleKind("derived_consistent", {},
             lambda _: [{"type": "expect_column_values_to_be_between", "kwargs": {"column": "observed_value", "min_value": 0}},
                        _pair("tolerance", "abs_diff")]),
    RuleKind("parts_sum_to_total", {"parts": list, "total": str}, lambda _: [_pair("tolerance", "abs_diff")]),
    # A project's stage in a report is not behind the furthest stage an earlier report gave it:
    # abs_diff = how many stages behind (0 when not), tolerance 0.
    RuleKind("stage_not_backwards", {}, lambda _: [_pair("tolerance", "abs_diff")]),
    # A report's count of its own indicators (9项指标超出预期) = what the warehouse computes from the
    # targets it holds; a row the warehouse cannot compute (no targets known) has no abs_diff and passes.
    RuleKind("self_assessment_agrees", {"report_count": str, "statuses": list},
             lambda _: [{**_pair("tolerance", "abs_diff"),
                         "kwargs": {**_pair("tolerance", "abs_diff")["kwargs"], "ignore_row_if": "either_value_is_missing"}}],
             observed_required=False),
)
KIND: dict[str, RuleKind] = {k.name: k for k in RULE_KINDS}

# kind → the inputs it accepts (name → type); derived from RULE_KINDS
KINDS: dict[str, dict[str, type]] = {k.name: k.inputs for k in RULE_KINDS}

_DUCKDB_TYPE = {list: "VARCHAR[]", float: "DOUBLE", str: "VARCHAR", bool: "BOOLEAN"}

# One row per rule in raw.consistency_rules: the evidence models read their inputs from here.
# The inputs' columns are derived from RULE_KINDS (first declaration order).
RULE_COLUMNS: dict[str, str] = {
    "rule_id": "VARCHAR",
    "kind": "VARCHAR",
    "severity": "VARCHAR",
    "description_zh": "VARCHAR",
    "description_en": "VARCHAR",
    **{name: _DUCKDB_TYPE[typ] for kind in RULE_KINDS for name, typ in kind.inputs.items()},
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
        return KIND[self.kind].evidence_model

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
    ]
    if KIND[rule.kind].observed_required:
        expectations.append({"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "observed_value"}})
    return SuiteSpec(
        name=f"rule_{rule.id}",
        model=rule.evidence_model,
        severity=rule.severity,
        description=rule.description_en,
        expectations=tuple(expectations + KIND[rule.kind].expectations(rule.inputs)),
        path=Path("expectations/rules.yml"),
    )
