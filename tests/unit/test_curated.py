import shutil
from pathlib import Path

import pytest

from orchestration.curated import CuratedCsvError, load_curated, load_registry, region_aliases

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def seeds(tmp_path) -> Path:
    """A writable copy of seeds/ to break."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    return tmp_path / "seeds"


def load(seeds: Path):
    return load_curated(seeds / "curated", load_registry(seeds / "schema.csv"), root=seeds.parent)


def test_real_curated_tables_load():
    tables = load(ROOT / "seeds")
    regions = {r["code"]: r for r in tables["regions"].rows}
    assert regions["371500"]["name_en"] == "Liaocheng"
    assert regions["371503"]["misspellings"] == ["在平"]
    assert sum(r["level"] == "province" for r in regions.values()) == 31
    assert sum(r["parent_code"] == "371500" for r in regions.values()) == 8
    assert regions["371581"]["source_line"] > 1 and regions["371581"]["source_file"] == "seeds/curated/regions.csv"
    aliases = region_aliases(tables["regions"].rows)
    assert aliases["临清"] == "371581" and "在平" not in aliases.keys()
    with_typos = region_aliases(tables["regions"].rows, with_misspellings=True)
    assert with_typos["在平撤县设区"] == with_typos["在平区"] == "371503" and "在平" not in with_typos


def _edit(path: Path, old: str, new: str) -> int:
    """Replace text in a CSV; returns the 1-based line it was on."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


@pytest.mark.parametrize(
    ("old", "new", "column", "message"),
    [
        ("371581,临清市", "371581,", "name_zh", "required value is empty"),
        ("371526,高唐县,Gaotang County,county", "371526,高唐县,Gaotang County,town", "level", "not one of"),
        ("371525,冠县,Guan County,county,371500", "371525,冠县,Guan County,county,379999", "parent_code", "not a known regions.code"),
        ("371524,东阿县", "371522,东阿县", "code", "duplicate key"),
    ],
)
def test_a_broken_row_names_file_line_and_column(seeds, old, new, column, message):
    line = _edit(seeds / "curated" / "regions.csv", old, new)
    with pytest.raises(CuratedCsvError) as err:
        load(seeds)
    assert (err.value.path, err.value.line, err.value.column) == ("seeds/curated/regions.csv", line, column)
    assert message in str(err.value) and str(err.value).startswith(f"seeds/curated/regions.csv:{line}: column {column!r}")


def test_a_broken_header_names_line_one(seeds):
    _edit(seeds / "curated" / "regions.csv", "name_en", "english")
    with pytest.raises(CuratedCsvError) as err:
        load(seeds)
    assert (err.value.line, err.value.column) == (1, "name_en")


def test_a_csv_without_schema_is_refused(seeds):
    (seeds / "curated" / "mystery.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CuratedCsvError, match="no schema for table 'mystery'"):
        load(seeds)


def test_types_and_bounds_are_enforced(seeds):
    with (seeds / "schema.csv").open("a", encoding="utf-8") as fh:
        fh.write("shares,code,text,yes,yes,,,,,\nshares,share_pct,decimal,yes,,,,0,100,\nshares,year,integer,,,,,,,\n")
    path = seeds / "curated" / "shares.csv"
    path.write_text("code,share_pct,year\na,30,2024\nb,101,2024\n", encoding="utf-8")
    with pytest.raises(CuratedCsvError, match=r"shares.csv:3: column 'share_pct': 101 is above the maximum 100"):
        load(seeds)
    path.write_text("code,share_pct,year\na,30,二〇二四\n", encoding="utf-8")
    with pytest.raises(CuratedCsvError, match=r"shares.csv:2: column 'year': '二〇二四' is not a valid integer"):
        load(seeds)
    path.write_bytes("\ufeffcode,share_pct,year\r\na,30.5,2024\r\n".encode())
    assert load(seeds)["shares"].rows[0]["share_pct"] == pytest.approx(30.5)
