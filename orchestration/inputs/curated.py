"""Curated CSVs under ``seeds/curated/``: one schema registry, one loader, errors naming file:line.

The registry (``seeds/schema.csv``) declares every curated table's columns: type, required,
key, allowed values, a foreign key (``table.column``) and numeric bounds. A CSV that breaks it
raises CuratedCsvError with the file, the line and the column. Pure code: no Dagster, no DuckDB.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orchestration.inputs.sources import describe_encoding, link_refusal

if TYPE_CHECKING:  # the catalog module imports this one: the name is for annotations only
    from orchestration.inputs.regions import RegionCatalog

TYPES = ("text", "integer", "decimal", "date", "boolean", "list")
LIST_SEPARATOR = "|"
SOURCE_COLUMNS = ("source_file", "source_line")
_TRUE, _FALSE = {"yes", "true", "1", "y"}, {"no", "false", "0", "n", ""}


class CuratedCsvError(ValueError):
    """A curated CSV (or the registry) that breaks its schema."""

    def __init__(self, path: str | Path, line: int, column: str | None, message: str):
        where = f"{path}:{line}" + (f": column {column!r}" if column else "")
        super().__init__(f"{where}: {message}")
        self.path, self.line, self.column, self.message = str(path), line, column, message


@dataclass(frozen=True)
class ColumnSpec:
    table: str
    name: str
    type: str
    required: bool
    key: bool
    allowed_values: tuple[str, ...]
    references: tuple[str, str] | None  # (table, column)
    min: Decimal | None
    max: Decimal | None
    description: str


@dataclass(frozen=True)
class TableSchema:
    name: str
    columns: tuple[ColumnSpec, ...]

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.key)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


@dataclass
class CuratedTable:
    schema: TableSchema
    path: Path
    rows: list[dict[str, Any]] = field(default_factory=list)  # typed values + source_file/source_line

    @property
    def name(self) -> str:
        return self.schema.name


def _flag(value: str, path: Path, line: int, column: str) -> bool:
    v = value.strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise CuratedCsvError(path, line, column, f"{value!r} is not yes/no")


def read_curated_text(path: Path, shown: str | Path | None = None, *, seeds: Path | None = None) -> str:
    """The file's text: UTF-8 only (a byte-order mark is fine). A link that leaves ``seeds`` (a
    symlink out, a hard link: sources.link_refusal) is refused unread; bytes that are not UTF-8
    fail naming the line of the first bad byte and what the file decodes as instead."""
    shown = shown or path
    if seeds is not None:
        refusal = link_refusal(path, seeds)
        if refusal:
            raise CuratedCsvError(shown, 1, None, f"refused: {refusal}")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line_start = data.rfind(b"\n", 0, err.start) + 1
        found = describe_encoding(data)
        what = f"; the file decodes as {found}" if found else ""
        raise CuratedCsvError(shown, data[: err.start].count(b"\n") + 1, None,
                              f"not UTF-8 (byte 0x{data[err.start]:02x} at byte {err.start - line_start + 1} of the line"
                              f"{what}): save it as UTF-8") from None
    if "\x00" in text:
        found = describe_encoding(data)
        raise CuratedCsvError(shown, text[: text.index("\x00")].count("\n") + 1, None,
                              f"NUL byte: not UTF-8 text{f'; the file decodes as {found}' if found else ''}: save it as UTF-8")
    return text


_LINE_BREAK = re.compile(r"\r\n|\n|\r")


def _split_line(line: str, shown: str | Path, number: int, header: list[str] | None, rest: list[str]) -> list[str]:
    """The fields of one physical line, RFC 4180 quoting checked strictly. No curated field holds
    a line break, so a quoted field must close on the line it opens on: a quote that would
    swallow the line break (a stray quote, or a closing quote missing) fails here, naming this
    line and where a lenient reader would have closed it (``rest``: the lines after this one)."""
    fields: list[str] = []

    def column(k: int) -> str | None:
        return header[k] if header and k < len(header) else None

    i, n = 0, len(line)
    while True:
        k = len(fields)
        if i < n and line[i] == '"':
            opened, i, parts = i, i + 1, []
            while True:
                j = line.find('"', i)
                if j < 0:
                    raise CuratedCsvError(shown, number, column(k), _unclosed(opened, number, rest))
                parts.append(line[i:j])
                if line.startswith('""', j):
                    parts.append('"')
                    i = j + 2
                    continue
                i = j + 1
                break
            if i < n and line[i] != ",":
                raise CuratedCsvError(shown, number, column(k), f"text after the closing quote at character {i + 1} of the "
                                      f"field opened at character {opened + 1} (a quote inside a quoted field is "
                                      "written twice: \"\")")
            fields.append("".join(parts))
        else:
            end = line.find(",", i)
            end = n if end < 0 else end
            value = line[i:end]
            if '"' in value:
                raise CuratedCsvError(shown, number, column(k), f"stray quote at character {i + value.index(chr(34)) + 1} "
                                      "in an unquoted field (quote the whole field and write the quote twice: \"\")")
            fields.append(value)
            i = end
        if i >= n:
            return fields
        i += 1  # the comma
        if i == n:
            fields.append("")
            return fields


def _unclosed(opened: int, number: int, rest: list[str]) -> str:
    later = next(((number + 1 + d, line.index('"') + 1) for d, line in enumerate(rest) if '"' in line), None)
    swallowed = (f"; read leniently it would close at line {later[0]}, character {later[1]}, swallowing "
                 f"{'the line break' if later[0] == number + 1 else f'lines {number + 1}–{later[0]}'} into this field"
                 if later else "; read leniently it would swallow the rest of the file")
    return (f"the quote at character {opened + 1} opens a field that does not close on this line: a curated field "
            f"holds no line break, so the quote is stray or the closing quote is missing{swallowed}")


def _records(text: str, shown: str | Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """(header, [(line, fields)]) of a curated CSV's text; every record is one physical line with
    as many fields as the header. Blank lines are skipped."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or not lines[0].strip():
        raise CuratedCsvError(shown, 1, None, "empty file: no header")
    header = [h.strip() for h in _split_line(lines[0], shown, 1, None, lines[1:])]
    records = []
    for index, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = _split_line(line, shown, index, header, lines[index:])
        if len(fields) != len(header):
            raise CuratedCsvError(shown, index, None, f"{len(fields)} fields, header has {len(header)}")
        records.append((index, fields))
    return header, records


def _open_csv(path: Path, shown: str | Path | None = None, *, seeds: Path | None = None
              ) -> Iterable[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row; line 1 is the header. BOM and CRLF are fine."""
    header, records = _records(read_curated_text(path, shown, seeds=seeds), shown or path)
    for line, fields in records:
        row = dict(zip(header, fields))
        if any(v.strip() for v in row.values()):
            yield line, row


def _header(path: Path, shown: str | Path | None = None, *, seeds: Path | None = None) -> list[str]:
    return _records(read_curated_text(path, shown, seeds=seeds), shown or path)[0]


def load_registry(path: Path) -> dict[str, TableSchema]:
    """Table name → schema, from the registry CSV."""
    expected = ["table", "column", "type", "required", "key", "allowed_values", "references", "min", "max", "description"]
    if _header(path, seeds=path.parent) != expected:
        raise CuratedCsvError(path, 1, None, f"registry header must be {','.join(expected)}")
    columns: dict[str, list[ColumnSpec]] = {}
    for line, row in _open_csv(path, seeds=path.parent):
        if row["type"] not in TYPES:
            raise CuratedCsvError(path, line, "type", f"{row['type']!r} is not one of {'|'.join(TYPES)}")
        ref = row["references"].strip()
        if ref and not re.fullmatch(r"\w+\.\w+", ref):
            raise CuratedCsvError(path, line, "references", f"{ref!r} is not table.column")
        spec = ColumnSpec(
            table=row["table"].strip(),
            name=row["column"].strip(),
            type=row["type"],
            required=_flag(row["required"], path, line, "required"),
            key=_flag(row["key"], path, line, "key"),
            allowed_values=tuple(v for v in row["allowed_values"].split(LIST_SEPARATOR) if v),
            references=tuple(ref.split(".")) if ref else None,  # type: ignore[arg-type]
            min=_decimal_or_none(row["min"], path, line, "min"),
            max=_decimal_or_none(row["max"], path, line, "max"),
            description=row["description"],
        )
        columns.setdefault(spec.table, []).append(spec)
    return {name: TableSchema(name, tuple(cols)) for name, cols in columns.items()}


def _decimal_or_none(value: str, path: Path, line: int, column: str) -> Decimal | None:
    value = value.strip()
    if not value:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        raise CuratedCsvError(path, line, column, f"{value!r} is not a number") from None


def _parse_value(spec: ColumnSpec, raw: str, path: Path, line: int) -> Any:
    value = raw.strip()
    if not value:
        if spec.required:
            raise CuratedCsvError(path, line, spec.name, "required value is empty")
        return [] if spec.type == "list" else None
    try:
        match spec.type:
            case "integer":
                parsed: Any = int(value.replace(",", ""))
            case "decimal":
                parsed = Decimal(value.replace(",", ""))
            case "date":
                parsed = date.fromisoformat(value)
            case "boolean":
                parsed = _flag(value, path, line, spec.name)
            case "list":
                parsed = [v.strip() for v in value.split(LIST_SEPARATOR) if v.strip()]
            case _:
                parsed = value
    except (ValueError, InvalidOperation):
        raise CuratedCsvError(path, line, spec.name, f"{value!r} is not a valid {spec.type}") from None
    if spec.allowed_values:
        for item in parsed if isinstance(parsed, list) else [value]:
            if item not in spec.allowed_values:
                raise CuratedCsvError(path, line, spec.name, f"{item!r} is not one of {'|'.join(spec.allowed_values)}")
    if spec.min is not None and parsed < spec.min:
        raise CuratedCsvError(path, line, spec.name, f"{value} is below the minimum {spec.min}")
    if spec.max is not None and parsed > spec.max:
        raise CuratedCsvError(path, line, spec.name, f"{value} is above the maximum {spec.max}")
    return parsed


def read_table(path: Path, schema: TableSchema, *, display_path: str | None = None,
               seeds: Path | None = None) -> CuratedTable:
    """Parse and type one curated CSV against its schema (foreign keys are checked separately).
    ``seeds``: the input folder the file must not link out of (sources.link_refusal)."""
    shown = display_path or str(path)
    header = _header(path, shown, seeds=seeds)
    missing = [c for c in schema.column_names if c not in header]
    extra = [c for c in header if c not in schema.column_names]
    if missing or extra:
        column = (missing or extra)[0]
        what = f"missing column(s) {missing}" if missing else f"column(s) {extra} not in the schema registry"
        raise CuratedCsvError(shown, 1, column, what)
    table = CuratedTable(schema, path)
    seen: dict[tuple[Any, ...], int] = {}
    for line, raw in _open_csv(path, shown, seeds=seeds):
        row = {spec.name: _parse_value(spec, raw[spec.name] or "", shown, line) for spec in schema.columns}
        if schema.key:
            key = tuple(row[k] for k in schema.key)
            if key in seen:
                raise CuratedCsvError(shown, line, schema.key[0], f"duplicate key {key} (first on line {seen[key]})")
            seen[key] = line
        row["source_file"], row["source_line"] = shown, line
        table.rows.append(row)
    return table


def check_references(table: CuratedTable, tables: Mapping[str, CuratedTable], *, display_path: str | None = None) -> None:
    """Every foreign-key value of ``table`` exists in the table it references."""
    shown = display_path or str(table.path)
    for spec in table.schema.columns:
        if spec.references is None:
            continue
        ref_table, ref_column = spec.references
        if ref_table not in tables:
            raise CuratedCsvError(shown, 1, spec.name, f"references unknown table {ref_table!r}")
        known = {r[ref_column] for r in tables[ref_table].rows}
        for row in table.rows:
            values = row[spec.name] if isinstance(row[spec.name], list) else [row[spec.name]]
            for value in values:
                if value is not None and value not in known:
                    raise CuratedCsvError(shown, row["source_line"], spec.name, f"{value!r} is not a known {ref_table}.{ref_column}")


def load_curated(curated_dir: Path, registry: Mapping[str, TableSchema], *, root: Path | None = None) -> dict[str, CuratedTable]:
    """Every ``*.csv`` in ``curated_dir``, typed and cross-checked. Paths in errors are relative to ``root``."""
    files = sorted(curated_dir.glob("*.csv"))
    tables: dict[str, CuratedTable] = {}
    shown = {}
    for path in files:
        shown[path.stem] = str(path.relative_to(root)) if root else str(path)
        if path.stem not in registry:
            raise CuratedCsvError(shown[path.stem], 1, None, f"no schema for table {path.stem!r} in the registry")
        tables[path.stem] = read_table(path, registry[path.stem], display_path=shown[path.stem], seeds=curated_dir.parent)
    for name in registry:
        if name not in tables:
            raise CuratedCsvError(curated_dir / f"{name}.csv", 1, None, "declared in the registry but the file is missing")
    for name, table in tables.items():
        check_references(table, tables, display_path=shown[name])
        if name in ROW_CHECKS:
            ROW_CHECKS[name](table, shown[name])
    return tables


def check_plan_targets(table: CuratedTable, shown: str) -> None:
    """What one plan_targets row must hold together, beyond its columns' types: a quote or a
    page; a base value with its base year (and the base before the target); a range's high end
    above its low end; a change unit exactly when the target is a change."""
    for row in table.rows:
        line = row["source_line"]
        if not (row["quote"] or row["page"]):
            raise CuratedCsvError(shown, line, "quote", "a target needs the source's quote or its page (both are empty)")
        if (row["base_year"] is None) != (row["base_value"] is None):
            column = "base_value" if row["base_year"] is not None else "base_year"
            raise CuratedCsvError(shown, line, column, "base_year and base_value go together (one of them is empty)")
        if row["base_year"] is not None and row["base_year"] >= row["target_year"]:
            raise CuratedCsvError(shown, line, "base_year",
                                  f"base year {row['base_year']} is not before the target year {row['target_year']}")
        high = row["target_value_high"]
        if high is not None and (high <= row["target_value"] or row["qualifier"] != "exact"):
            raise CuratedCsvError(shown, line, "target_value_high", f"a range's high end {high} must exceed target_value "
                                  f"{row['target_value']} and its qualifier be exact (the range is the qualifier)")
        if (row["change_kind"] == "level") != (row["change_unit"] is None):
            raise CuratedCsvError(shown, line, "change_unit", "a change (increase/decrease) needs its change_unit and a level has none")


# Table → the checks across a row's columns that the schema registry cannot express.
ROW_CHECKS = {"plan_targets": check_plan_targets}


# A misspelt name (在平 for 茌平) is too common a character pair to match on its own
# ("存在平台"): it counts only where it stands with an administrative suffix or verb.
MISSPELLING_SUFFIXES = ("撤县设区", "县", "区", "市")


def region_aliases(rows: Iterable[Mapping[str, Any]], *, with_misspellings: bool = False) -> RegionCatalog:
    """Name or alias → region code, for finding regions named in text: all China.

    The rows (the curated regions, or ``raw.regions`` read back) extend and override the
    package catalog of all divisions (:mod:`orchestration.inputs.regions`). The result is a mapping of
    the names that name one region, which also resolves ambiguous names (海南, 铁东区) in a
    document's context (:meth:`RegionCatalog.resolve`).

    With ``with_misspellings`` a known misspelling is added too, but only joined to an
    administrative suffix (在平撤县设区, 在平区), never bare.
    """
    from orchestration.inputs.regions import RegionCatalog, catalog_rows

    suffixes = MISSPELLING_SUFFIXES if with_misspellings else ()
    return RegionCatalog.from_rows(catalog_rows(rows), misspelling_suffixes=suffixes)
