"""seeds/curated/plan_targets.csv: typed by seeds/schema.csv and checked row by row
(curated.check_plan_targets), every error naming the file, the line and the column."""

import shutil
from pathlib import Path

import pytest

from orchestration.inputs.curated import CuratedCsvError, load_curated, load_registry

ROOT = Path(__file__).resolve().parents[2]
HEADER = ("target_code,indicator_code,region_code,plan_name,base_year,base_value,target_year,target_value,"
          "target_value_high,unit_code,change_kind,change_unit,qualifier,binding,accumulation,source_document,"
          "doc_id,page,quote,note")
GOOD = "lc_gdp_2030,ind_gdp,371500,十五五规划纲要,2025,3000,2030,4000,,yuan,level,,over,expected,annual,聊城市十五五规划纲要,,p.12 表1,,"


@pytest.fixture()
def seeds(tmp_path) -> Path:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    return tmp_path / "seeds"


def load(seeds: Path):
    return load_curated(seeds / "curated", load_registry(seeds / "schema.csv"), root=seeds.parent)


def write(seeds: Path, *rows: str) -> None:
    (seeds / "curated" / "plan_targets.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")


def test_the_seed_row_loads_with_its_quote():
    rows = load(ROOT / "seeds")["plan_targets"].rows
    assert [(r["indicator_code"], r["target_year"], int(r["target_value"]), r["accumulation"]) for r in rows] == [
        ("ind_projects_commissioned", 2025, 236, "cumulative")]
    assert rows[0]["quote"] == "236个2025年度计划竣工投产项目"
    assert rows[0]["quote"] in (ROOT / "seeds" / "texts" / "000_7aa3fd634077bd17.txt").read_text(encoding="utf-8")


def test_a_good_outline_row_loads(seeds):
    growth = "lc_gdp_growth,ind_gdp_growth,371500,十五五规划纲要,,,2030,5,6,percent,increase,percent,exact,,annual,纲要,,,年均增长5%-6%,"
    write(seeds, GOOD, growth)
    rows = load(seeds)["plan_targets"].rows
    assert [r["target_code"] for r in rows] == ["lc_gdp_2030", "lc_gdp_growth"]
    assert rows[0]["binding"] == "expected" and rows[0]["page"] == "p.12 表1" and rows[0]["source_line"] == 2


@pytest.mark.parametrize(("row", "column", "message"), [
    (GOOD.replace("p.12 表1", ""), "quote", "quote or its page"),
    (GOOD.replace(",2025,3000,", ",2025,,"), "base_value", "go together"),
    (GOOD.replace(",2025,3000,2030,", ",2030,3000,2030,"), "base_year", "not before the target year"),
    (GOOD.replace("4000,,", "4000,3500,"), "target_value_high", "must exceed"),
    (GOOD.replace(",level,,", ",increase,,"), "change_unit", "needs its change_unit"),
    (GOOD.replace(",expected,", ",约束性,"), "binding", "not one of"),
    (GOOD.replace(",annual,", ",yearly,"), "accumulation", "not one of"),
    (GOOD.replace("ind_gdp,", "ind_nothing,"), "indicator_code", "not a known indicators.code"),
    (GOOD.replace(",2030,4000,", ",2030,四千,"), "target_value", "not a valid decimal"),
])
def test_a_broken_row_names_file_line_and_column(seeds, row, column, message):
    write(seeds, GOOD.replace("lc_gdp_2030", "first"), row)
    with pytest.raises(CuratedCsvError) as err:
        load(seeds)
    assert (err.value.path, err.value.line, err.value.column) == ("seeds/curated/plan_targets.csv", 3, column)
    assert message in str(err.value)
