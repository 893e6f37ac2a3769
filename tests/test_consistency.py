"""Consistency rules: every rule kind can fail, ERROR rules stop publishing, the seed's real
contradiction (26 vs 28 small coal units shut) surfaces as a finding with both quotes."""

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import build_in_subprocess, copy_seeds

from orchestration.defs.execution import check_outcomes
from orchestration.quality.gx_validation import validate_frame
from orchestration.quality.rules import KINDS, RuleError, load_rules, suite_for
from orchestration.storage.files import file_sha256

RULES = Path(__file__).resolve().parents[1] / "expectations" / "rules.yml"
SEED_NAME = "000_7aa3fd634077bd17.txt"

# One violation per rule, written into a copy of the seed text.
INJECTIONS = {
    "shares_within_0_100": ("新能源和可再生能源装机占比达到30%", "新能源和可再生能源装机占比达到130%"),
    "commissioned_within_planned": ("已投产176个，", "已投产276个，竣工投产率达到90%，"),  # also a stated rate ≠ 276/236
    "derived_baselines_consistent": ("较2020年增长22天", "较2020年增长300天"),
    "assessed_counts_add_up": ("各项主要指标中", "25项主要指标中"),
    "full_rates_are_100": ("实现“三个百分之百”", "实现“三个百分之九十”"),
    "county_within_city": ("累计建成公共充电桩7330台，", "累计建成公共充电桩7330台，其中临清市建成公共充电桩8000台，"),
    "project_counts_agree": ("全市累计实施省市县三级重点项目超3900个", "全市累计实施省市县三级重点项目2900个"),
}


def test_rules_file_covers_every_kind_and_each_rule_names_its_line():
    rules = load_rules(RULES)
    assert {r.kind for r in rules} == set(KINDS)
    assert all(r.source_line > 0 for r in rules)
    assert {r.id for r in rules} >= set(INJECTIONS) | {"same_figure_agrees", "completion_rate_matches_counts"}


def test_a_bad_rule_names_file_and_line(tmp_path):
    bad = tmp_path / "rules.yml"
    bad.write_text("rules:\n  - id: x\n    kind: nonsense\n    severity: ERROR\n    description_zh: a\n    description_en: b\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"rules.yml:2: kind 'nonsense'"):
        load_rules(bad)
    bad.write_text("rules:\n  - id: x\n    kind: value_in_range\n    severity: ERROR\n    description_zh: a\n"
                   "    description_en: b\n    inputs: {part: y}\n", encoding="utf-8")
    with pytest.raises(RuleError, match="input 'part' does not apply"):
        load_rules(bad)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_suite_fails_on_a_violating_row(kind):
    rule = next(r for r in load_rules(RULES) if r.kind == kind)
    good = {"rule_id": rule.id, "observed_value": 5.0, "expected_value": 10.0, "tolerance": 0.5, "abs_diff": 0.0, "gap": -1.0}
    bad = dict(good)
    match kind:
        case "same_figure_agrees":
            bad["gap"] = 2.0
        case "part_within_whole":
            bad["observed_value"] = 12.0
        case "value_in_range":
            bad["observed_value"] = 130.0
        case "derived_consistent":
            bad["observed_value"] = -55.0
        case _:
            bad["abs_diff"] = 3.0
    assert validate_frame(pd.DataFrame([good]), suite_for(rule)).success
    assert not validate_frame(pd.DataFrame([good, bad]), suite_for(rule)).success


def test_the_seed_passes_every_error_rule_and_reports_the_coal_unit_conflict(built_warehouse):
    result, path = built_warehouse
    rule_checks = {name: (passed, sev) for _, name, passed, sev in check_outcomes(result) if name.startswith("rule_")}
    assert len(rule_checks) == len(load_rules(RULES))
    assert all(passed for name, (passed, sev) in rule_checks.items() if sev == "ERROR")
    assert rule_checks["rule_same_figure_agrees"] == (False, "WARN")
    with duckdb.connect(str(path), read_only=True) as con:
        findings = con.execute(
            "select rule_id, severity, indicator_code, doc_a, quote_a, doc_b, quote_b from marts.fct_open_findings"
        ).fetchall()
        assert findings == [("same_figure_agrees", "WARN", "ind_coal_units_closed",
                             "000_7aa3fd634077bd17-1", "26台", "000_7aa3fd634077bd17-2", "28台")]
        # The same figure twice, within precision: >3900 key projects in both reports agree.
        agreed = con.execute("select passed from quality.qa_same_figure_agrees where indicator_code = 'ind_key_projects'").fetchall()
        assert agreed and all(p for (p,) in agreed)
        logged = con.execute(
            "select rule_id, status, documents, quotes from quality.check_results where run_id = ? and rule_id is not null",
            [result.run_id],
        ).fetchall()
        assert len(logged) == len(rule_checks)
        coal = next(r for r in logged if r[0] == "same_figure_agrees")
        assert coal[1] == "failed" and set(coal[2]) == {"000_7aa3fd634077bd17-1", "000_7aa3fd634077bd17-2"}
        assert {"26台", "28台"} <= set(coal[3])


def test_injected_violations_fail_their_rules_and_error_rules_stop_publishing(built_warehouse, tmp_path):
    _, seed_warehouse = built_warehouse
    warehouse = tmp_path / "wh" / "liaocheng.duckdb"
    warehouse.parent.mkdir()
    shutil.copyfile(seed_warehouse, warehouse)  # a published warehouse that must survive
    before = file_sha256(warehouse)
    seeds = copy_seeds(tmp_path)
    text_path = seeds / "texts" / SEED_NAME
    text = text_path.read_text(encoding="utf-8")
    for old, new in INJECTIONS.values():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    text_path.write_text(text, encoding="utf-8")

    proc = build_in_subprocess(seeds, warehouse)
    out = proc.stdout
    assert proc.returncode == 1, out[-3000:]
    assert "NOT published" in out and "published_warehouse did not run" in out
    failed = {line.split(" :: ")[-1].strip() for line in out.splitlines() if line.strip().startswith("FAILED")}
    for rule in [*INJECTIONS, "completion_rate_matches_counts", "same_figure_agrees"]:
        assert f"rule_{rule}" in failed, (rule, sorted(failed))
    assert file_sha256(warehouse) == before
    assert not list(warehouse.parent.glob(".*building*"))


def test_an_exact_count_one_unit_off_is_a_disagreement(built_warehouse, published_copy, tmp_path):
    """26台 vs 27台: exact integer counts compare exactly (their ±0.5 intervals used to touch at 26.5)."""
    seeds = copy_seeds(tmp_path)
    text_path = seeds / "texts" / SEED_NAME
    text = text_path.read_text(encoding="utf-8")
    assert text.count("小煤电机组28台") == 1
    text_path.write_text(text.replace("小煤电机组28台", "小煤电机组27台"), encoding="utf-8")
    proc = build_in_subprocess(seeds, published_copy)
    assert proc.returncode == 0, proc.stdout[-3000:]
    with duckdb.connect(str(published_copy), read_only=True) as con:
        coal = con.execute(
            "select quote_a, quote_b, passed, tolerance from quality.qa_same_figure_agrees "
            "where indicator_code = 'ind_coal_units_closed'").fetchall()
        figure = con.execute("select agree, documents from marts.fct_cross_report_figure "
                             "where indicator_code = 'ind_coal_units_closed'").fetchall()
        findings = con.execute("select quote_a, quote_b from marts.fct_open_findings "
                               "where indicator_code = 'ind_coal_units_closed'").fetchall()
        # Rounded figures keep their precision: ">3900" key projects in both reports still agree.
        key_projects = con.execute("select bool_and(passed) from quality.qa_same_figure_agrees "
                                   "where indicator_code = 'ind_key_projects'").fetchone()[0]
    assert coal == [("26台", "27台", False, 0.0)]
    assert figure == [(False, 2)]
    assert findings == [("26台", "27台")]
    assert key_projects is True
