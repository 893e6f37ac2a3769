import os
import shutil
from pathlib import Path

import pytest

from orchestration.inputs.curated import CuratedCsvError, load_curated, load_registry, region_aliases

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


# --------------------------------------------------------------------------- strict quoting, encodings, links

LINE_8 = "中通客车新能源汽车升级改造,\"Level not stated in the reports\"\nprj_guanxian"


def test_real_files_have_every_project():
    projects = load(ROOT / "seeds")["projects"].rows
    assert len(projects) == sum(1 for line in (ROOT / "seeds/curated/projects.csv").read_text(encoding="utf-8").splitlines()[1:] if line.strip())


@pytest.mark.parametrize(
    ("old", "new", "column", "message"),
    [
        # the closing quote of line 8's note is missing: a lenient reader swallows line 9's project into it
        (LINE_8, LINE_8.replace('reports"\n', "reports\n"), "note",
         "the quote at character 115 opens a field that does not close on this line"),
        # a stray quote opens line 8's name: it closes at the note's opening quote, the note is left over
        (",中通客车新能源汽车升级改造项目,", ',"中通客车新能源汽车升级改造项目,', "name_zh",
         "text after the closing quote at character 117 of the field opened at character 27"),
        # a stray quote inside an unquoted field
        (",中通客车新能源汽车升级改造项目,", ',中通客车"新能源汽车升级改造项目,', "name_zh",
         "stray quote at character 31 in an unquoted field"),
        # text after a closing quote
        ('"Level not stated in the reports"\nprj_guanxian', '"Level not stated" in the reports\nprj_guanxian', "note",
         "text after the closing quote"),
    ],
    ids=["closing-quote-missing", "quote-opens-name", "quote-inside-unquoted", "text-after-closing-quote"],
)
def test_a_stray_quote_on_line_8_of_projects_fails_naming_file_and_line(seeds, old, new, column, message):
    path = seeds / "curated" / "projects.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    line_8 = path.read_text(encoding="utf-8").splitlines()[7]
    assert line_8.startswith("prj_zhongtong_nev_upgrade,") and line_8.index('"') + 1 in (27, 31, 115)  # characters named below
    with pytest.raises(CuratedCsvError) as err:
        load(seeds)
    assert (err.value.path, err.value.line, err.value.column) == ("seeds/curated/projects.csv", 8, column), str(err.value)
    assert message in str(err.value), str(err.value)


def test_the_swallowing_quote_names_where_a_lenient_reader_would_close_it(seeds):
    path = seeds / "curated" / "projects.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(LINE_8, LINE_8.replace('reports"\n', "reports\n")), encoding="utf-8")
    with pytest.raises(CuratedCsvError, match=r"^seeds/curated/projects.csv:8: column 'note': .* would close at line 9, "
                                              r"character \d+, swallowing the line break"):
        load(seeds)


def test_a_stray_quote_on_another_line_names_projects_not_the_file_that_refers_to_it(seeds):
    """Swallowing prj_jinan_zhengzhou_hsr (line 3) made project_status_reports.csv fail its foreign key."""
    path = seeds / "curated" / "projects.csv"
    old = "prj_liaocheng_airport,聊城民用机场,Liaocheng Civil Airport,transport,national,371500,聊城机场,\"Civil airports are approved by the State Council and the CAAC\""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, old[:-1]), encoding="utf-8")
    with pytest.raises(CuratedCsvError) as err:
        load(seeds)
    assert (err.value.path, err.value.line) == ("seeds/curated/projects.csv", 2), str(err.value)


def test_quoted_commas_and_doubled_quotes_still_load(seeds):
    path = seeds / "curated" / "projects.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"Level not stated in the reports"\nprj_guanxian',
                                 '"Level, so far, ""not stated"" in the reports"\nprj_guanxian'), encoding="utf-8")
    row = next(r for r in load(seeds)["projects"].rows if r["project_code"] == "prj_zhongtong_nev_upgrade")
    assert row["note"] == 'Level, so far, "not stated" in the reports' and row["source_line"] == 8


def test_a_gbk_curated_file_fails_naming_file_line_and_encoding(seeds):
    path = seeds / "curated" / "projects.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    with pytest.raises(CuratedCsvError) as err:
        load(seeds)
    assert (err.value.path, err.value.line) == ("seeds/curated/projects.csv", 2)  # line 1 is ASCII
    assert "not UTF-8" in str(err.value) and "decodes as GB18030 (GBK/GB2312)" in str(err.value)


def test_a_utf16_curated_file_fails_naming_its_encoding(seeds):
    path = seeds / "curated" / "regions.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    with pytest.raises(CuratedCsvError, match=r"^seeds/curated/regions.csv:1: not UTF-8 .*decodes as UTF-16-LE \(byte-order mark\)"):
        load(seeds)


def test_a_hard_link_out_of_seeds_is_refused(seeds, tmp_path):
    outside = tmp_path / "elsewhere.csv"
    path = seeds / "curated" / "fact_overrides.csv"
    outside.write_bytes(path.read_bytes())
    path.unlink()
    os.link(outside, path)
    with pytest.raises(CuratedCsvError, match=r"^seeds/curated/fact_overrides.csv:1: refused: a hard link \(2 names"):
        load(seeds)


def test_a_symlink_out_of_seeds_is_refused(seeds, tmp_path):
    outside = tmp_path / "elsewhere.csv"
    path = seeds / "curated" / "fact_overrides.csv"
    outside.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(outside)
    with pytest.raises(CuratedCsvError, match=r"^seeds/curated/fact_overrides.csv:1: refused: leads outside seeds/"):
        load(seeds)


@pytest.mark.parametrize(
    ("old", "new", "column", "message"),
    [
        ("energy,ind_pv_capacity,capacity", "energy,ind_pv_capacityy,capacity", "indicator_code",
         "not a known indicators.code"),
        ("retired,1,", "retiring,1,", "chart_role", "not one of"),
        ("livelihood,ind_life_expectancy,", "health,ind_life_expectancy,", "section", "not one of"),
        ("energy,ind_pv_projects,", "energy,ind_coal_units_closed,", "section", "duplicate key"),
    ],
)
def test_a_broken_scorecard_indicator_names_file_line_and_column(seeds, old, new, column, message):
    """The indicators the scorecard charts are curated data, checked like every catalog."""
    line = _edit(seeds / "curated" / "scorecard_indicators.csv", old, new)
    with pytest.raises(CuratedCsvError) as err:
        load(seeds)
    assert (err.value.path, err.value.line, err.value.column) == ("seeds/curated/scorecard_indicators.csv", line, column)
    assert message in str(err.value)
