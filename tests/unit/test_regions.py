"""The region catalog of all China (orchestration/inputs/regions.py): rules on made-up rows and the package data."""

from __future__ import annotations

import pytest

from orchestration.inputs.regions import RegionCatalog, RegionCatalogError, catalog_rows, package_rows, short_name


def _row(code, name, level, parent=None, aliases=(), source="pkg"):
    return {"code": code, "name_zh": name, "name_en": None, "level": level, "parent_code": parent,
            "aliases": list(aliases), "misspellings": [], "source_file": source, "source_line": 2}


def test_short_names_by_suffix_rule():
    assert short_name("甲乙藏族自治州") == "甲乙"
    assert short_name("甲乙土家族苗族自治州") == "甲乙"
    assert short_name("甲乙维吾尔自治区") == "甲乙"
    assert short_name("甲乙新区") == "甲乙"
    assert short_name("甲乙地区") == "甲乙"
    assert short_name("甲乙盟") == "甲乙"
    assert short_name("甲县") is None        # rest under two characters
    assert short_name("甲乙") is None        # no suffix


def test_package_rows_levels_and_parents():
    rows = {r["code"]: r for r in package_rows()}
    assert rows["371503"]["name_zh"] == "茌平区" and rows["371503"]["parent_code"] == "371500"
    assert rows["371500"]["level"] == "prefecture" and rows["371500"]["parent_code"] == "370000"
    assert rows["632500"]["name_zh"] == "海南藏族自治州"
    assert rows["419001"]["parent_code"] == "410000"        # 省直辖县级: parent is the province
    assert "110100" not in rows                              # municipality placeholder dropped
    assert rows["110105"]["parent_code"] == "110000"
    assert "999900" not in rows                              # 海域 is no division
    assert rows["371581"]["level"] == "county_city" and rows["371502"]["level"] == "district"


def test_package_file_errors_name_file_and_line(tmp_path):
    bad = tmp_path / "adcodes.csv"
    bad.write_text("adcode,name,longitude,latitude\n110000000000,北京市,,\n12345,坏,,\n", encoding="utf-8")
    with pytest.raises(RegionCatalogError, match=r"adcodes.csv:3: adcode '12345'"):
        package_rows(bad)
    bad.write_text("adcode,name\n110000000000,北京市\n110000000000,北京市\n", encoding="utf-8")
    with pytest.raises(RegionCatalogError, match=r":3: duplicate code 110000"):
        package_rows(bad)


PACKAGE = [
    _row("810000", "甲省", "province"), _row("810100", "乙丙市", "prefecture", "810000"),
    _row("820000", "丁省", "province"), _row("820100", "乙丙地区", "prefecture", "820000"),
    _row("820200", "戊己市", "prefecture", "820000"), _row("820201", "庚辛区", "district", "820200"),
    _row("810101", "庚辛区", "district", "810100"), _row("810102", "城区", "district", "810100"),
    _row("810103", "壬县", "county", "810100"), _row("830000", "癸省", "province"),
    _row("830100", "甲乙市", "prefecture", "830000"),
]
CURATED = [_row("810000", "甲省", "province", aliases=["甲", "乙丙"], source="seeds/curated/regions.csv"),
           _row("830000", "癸省", "province", aliases=["癸"], source="seeds/curated/regions.csv")]


def test_catalog_rows_curated_override_and_short_names():
    rows = {r["code"]: r for r in catalog_rows(CURATED, PACKAGE)}
    assert rows["810000"]["source_file"] == "seeds/curated/regions.csv"
    assert rows["820200"]["aliases"] == ["戊己"]               # unique prefecture short name
    assert rows["820100"]["aliases"] == ["乙丙"]               # shared with a province alias: ambiguous
    assert rows["810100"]["aliases"] == ["乙丙"]
    assert rows["810101"]["aliases"] == []                     # counties: full names only
    cat = RegionCatalog.from_rows(rows.values())
    assert "城区" not in cat.candidates                        # generic word lexicon
    assert "壬县" not in cat.candidates                        # two-character county names
    assert cat["戊己"] == "820200" and "乙丙" not in cat       # mapping holds unambiguous names only


def test_ambiguous_names_resolve_in_the_document_province():
    cat = RegionCatalog.from_rows(catalog_rows(CURATED, PACKAGE))
    assert cat.resolve("乙丙", "820000") == "820100"    # the prefecture inside the document's province
    assert cat.resolve("乙丙", "810000") == "810000"    # the document's own region
    assert cat.resolve("乙丙", None) == "810000"        # unknown document: the province
    assert cat.resolve("庚辛区", "820000") == "820201"
    assert cat.resolve("庚辛区", None) is None          # two counties, no context: no region


def test_figure_region_only_inside_the_document_province():
    cat = RegionCatalog.from_rows(catalog_rows(CURATED, PACKAGE))
    assert cat.figure_region("戊己", "820000") == "820200"
    assert cat.figure_region("戊己", "830000") is None   # a prefecture of another province
    assert cat.figure_region("癸", "820000") == "830000"  # a province counts anywhere
    assert cat.figure_region("戊己", None) == "820200"


def test_real_catalog_liaocheng_and_known_ambiguities():
    from orchestration.inputs.curated import region_aliases
    cat = region_aliases(CURATED[:0] + [
        _row("630000", "青海省", "province", aliases=["青海"], source="seeds/curated/regions.csv"),
        _row("460000", "海南省", "province", aliases=["海南"], source="seeds/curated/regions.csv")])
    assert cat.resolve("海南", "630000") == "632500"
    assert cat.resolve("海南", "460000") == "460000"
    assert cat.resolve("海南", None) == "460000"
    assert cat["茌平区"] == "371503" and cat["洛阳"] == "410300"
    for word in ("合作", "资源", "振兴", "新区", "城区", "东区", "开发区"):
        assert word not in cat.candidates, word


def test_extract_gives_a_figure_the_prefecture_it_names():
    import datetime as dt

    from orchestration.parsing.facts import extract

    cat = RegionCatalog.from_rows(catalog_rows(CURATED, PACKAGE))
    body = "今年戊己新建学校25所。打造戊己广场等夜市12个。乙丙建成公园30个。\n"
    facts = extract(body, doc_id="d", doc_date=dt.date(2026, 1, 20), default_region="820000", region_aliases=cat).facts
    regions = {f.quote: f.region for f in facts}
    assert regions["25所"] == "820200"     # the clause names one prefecture of the document's province
    assert regions["12个"] == "820000"     # 戊己 is one example (等) of what the figure totals
    assert regions["30个"] == "820100"     # 乙丙: the prefecture inside the document's province
    facts = extract(body, doc_id="d", doc_date=dt.date(2026, 1, 20), default_region="830000", region_aliases=cat).facts
    regions = {f.quote: f.region for f in facts}
    assert regions["25所"] == "830000"     # a prefecture of another province does not own the figure
    assert regions["30个"] == "810000"     # 乙丙 outside its prefecture's province: the province


def test_a_word_containing_a_region_name_names_no_region():
    import datetime as dt

    from orchestration.inputs.curated import region_aliases
    from orchestration.parsing.facts import extract

    cat = region_aliases([_row("140000", "山西省", "province", aliases=["山西"], source="seeds/curated/regions.csv")])
    assert cat.resolve("长治久安", "140000") is None and "长治久安" not in cat
    body = "为长治久安新建站点30个。长治新建学校25所。\n"
    facts = {f.quote: f.region for f in extract(body, doc_id="d", doc_date=dt.date(2026, 1, 20),
                                                    default_region="140000", region_aliases=cat).facts}
    assert facts == {"30个": "140000", "25所": "140400"}
