"""Read-only questions an analyst asks the published warehouse: SQL, figures, findings, exports.

Pure: every function takes an open DuckDB connection (or a path) and returns data; nothing here
imports Dagster or prints. The CLI (orchestration.analyst.cli) and the scorecard render what these return.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import duckdb
import pandas as pd

from orchestration.analyst import analyses

READ_ONLY_MESSAGE = (
    "read-only: the warehouse is opened read-only and is never edited in place; "
    "change seeds/ and rebuild it with `plan-warehouse refresh` (or `make run`)."
)
NO_FILES_MESSAGE = (
    "refused: the analyst connection reads the published warehouse only: it reads and writes no file, "
    "attaches no other database and installs or loads no extension; "
    "`plan-warehouse export` writes the tables to files."
)
LOCKED_MESSAGE = "refused: the analyst connection's settings are locked: SET and PRAGMA cannot change them."
EXPORT_FORMATS = ("parquet", "csv")
UTF8_BOM = b"\xef\xbb\xbf"
# Settings of every analyst connection (DuckDB 2.0): no file system, no extensions, then locked.
ANALYST_CONFIG = {
    "enable_external_access": False,  # read_csv/COPY/EXPORT/ATTACH of files, INSTALL, replacement scans
    "allow_unsigned_extensions": False,
    "allow_community_extensions": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "lock_configuration": True,  # SET/PRAGMA cannot undo any of it (nor set profiling_output, temp_directory…)
}


class WarehouseMissing(FileNotFoundError):
    """No published warehouse at the path."""


def open_read_only(path: Path | str, *, write_dir: Path | None = None) -> duckdb.DuckDBPyConnection:
    """The analyst connection: the published warehouse read-only (never the writer lock), with no
    file access, no extensions and its configuration locked, so SQL typed into it can read that
    warehouse and nothing else. Every analyst command (sql, ask, facts, findings, export, scorecard)
    opens its connection here.

    ``write_dir`` (the export only, whose SQL is ours): the one folder its COPY statements may write
    into, allowed before access is switched off and the configuration locked.
    """
    path = Path(path)
    if not path.exists():
        raise WarehouseMissing(f"no warehouse at {path}: run `plan-warehouse refresh` (or `make run`) first")
    at_start = {k: v for k, v in ANALYST_CONFIG.items() if k != "lock_configuration"}
    if write_dir is not None:  # allowed_directories can only be set before external access goes off
        del at_start["enable_external_access"]
    con = duckdb.connect(str(path), read_only=True, config=at_start)
    try:
        if write_dir is not None:
            con.execute("SET allowed_directories = ?", [[str(Path(write_dir).resolve()).rstrip("/") + "/"]])
            con.execute("SET enable_external_access = false")
        con.execute("SET enable_progress_bar = false")  # we render results (rich, the scorecard), not DuckDB
        con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


@dataclass(frozen=True)
class Snapshot:
    """Which file a connection opened: a publish replaces the file (os.replace), so inode or mtime change."""

    inode: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path | str) -> Snapshot | None:
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            return None
        return cls(stat.st_ino, stat.st_mtime_ns)


class ShellSession(Protocol):
    """What the interactive shell (cli.shell) runs over: the DuckDB file (AnalystSession) or the team
    profile's server (server_connection.ServerSession). Statements go through ``con`` (run_statement);
    ``tables`` and ``describe`` answer .tables and .schema; neither raises a warehouse error."""

    con: Any
    label: str  # what the shell's banner names: the file, or user@host:port/database

    def republished(self) -> bool: ...
    def reconnect(self) -> None: ...
    def tables(self) -> StatementResult: ...
    def describe(self, name: str) -> StatementResult: ...
    def close(self) -> None: ...


class AnalystSession:
    """An analyst connection to the DuckDB file that notices a newer published warehouse (an open shell)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.label = str(self.path)
        self.snapshot = Snapshot.of(self.path)
        self.con = open_read_only(self.path)

    def tables(self) -> StatementResult:
        return guarded(lambda: list_tables(self.con))

    def describe(self, name: str) -> StatementResult:
        return run_statement(self.con, f"DESCRIBE {name}")

    def republished(self) -> bool:
        """True when the file at the path is no longer the one this session opened."""
        now = Snapshot.of(self.path)
        return now is not None and now != self.snapshot

    def reconnect(self) -> None:
        # Closed first: DuckDB hands a new connection to a path it still holds open the same
        # database instance, that is the old file.
        self.con.close()
        self.snapshot = Snapshot.of(self.path)
        self.con = open_read_only(self.path)

    def close(self) -> None:
        self.con.close()


# --------------------------------------------------------------------------- SQL


@dataclass(frozen=True)
class StatementResult:
    frame: pd.DataFrame | None = None  # None for a statement without a result set
    error: str | None = None  # one line, for the user
    refused: bool = False  # a write on the read-only warehouse

    @property
    def ok(self) -> bool:
        return self.error is None


def is_read_only_refusal(err: Exception) -> bool:
    text = str(err).lower()  # "permission denied": the team profile's analyst role (PostgreSQL)
    return "read-only" in text or "read only" in text or "permission denied" in text


def refusal_message(err: Exception) -> str | None:
    """The message for a statement the analyst connection refuses, else None."""
    text = str(err).lower()
    if isinstance(err, duckdb.PermissionException) or "disabled by configuration" in text or "disabled through configuration" in text:
        return f"{NO_FILES_MESSAGE} (DuckDB: {one_line(err)})"
    if "configuration has been locked" in text:
        return f"{LOCKED_MESSAGE} (DuckDB: {one_line(err)})"
    if is_read_only_refusal(err):
        return READ_ONLY_MESSAGE
    return None


def one_line(err: Exception) -> str:
    """DuckDB's message without its SQL excerpt and caret: the lines before 'LINE n:', joined."""
    lines = []
    for line in str(err).splitlines():
        if re.match(r"\s*LINE \d+:", line):
            break
        if line.strip():
            lines.append(line.strip())
    return " ".join(lines) or type(err).__name__


def guarded(query: Callable[[], pd.DataFrame | None]) -> StatementResult:
    """The frame ``query`` returns, or its DuckDB error (the server's come as duckdb.Error too) as one line."""
    try:
        return StatementResult(frame=query())
    except duckdb.Error as err:
        refused = refusal_message(err)
        if refused:
            return StatementResult(error=refused, refused=True)
        return StatementResult(error=f"error: {one_line(err)}")


def run_statement(con: duckdb.DuckDBPyConnection, sql: str) -> StatementResult:
    """Run SQL (one or more statements; the last one's rows are returned). Never raises a DuckDB error."""
    def rows() -> pd.DataFrame | None:
        rel = con.sql(sql)
        return rel.fetchdf() if rel is not None else None

    return guarded(rows)


def list_tables(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Every table and view (of ``schemas`` only, when given: the server's published ones)."""
    if schemas is None:
        where, params = "table_schema NOT IN ('information_schema', 'pg_catalog')", None
    else:
        where, params = f"table_schema IN ({', '.join('?' for _ in schemas)})", list(schemas)
    return con.execute(
        "SELECT table_schema AS schema, table_name AS name, table_type AS type FROM information_schema.tables "
        f"WHERE {where} ORDER BY 1, 2", params
    ).fetchdf()


_IDENTIFIER = r'("(?:[^"]|"")+"|[^."\s]+)'
_TABLE_NAME = re.compile(rf"{_IDENTIFIER}(?:\s*\.\s*{_IDENTIFIER})?")


def split_table_name(name: str) -> tuple[str | None, str]:
    """``schema.table`` or ``table`` as typed after .schema: a double-quoted part as written, else lower case
    (PostgreSQL folds unquoted names); ValueError for anything else."""
    found = _TABLE_NAME.fullmatch(name.strip().rstrip(";").strip())
    if found is None:
        raise ValueError(f"not a table name: {name.strip()!r} (schema.table or table)")
    parts = [p[1:-1].replace('""', '"') if p.startswith('"') else p.lower() for p in found.groups() if p is not None]
    return (parts[0], parts[1]) if len(parts) == 2 else (None, parts[0])


# DuckDB's DESCRIBE columns, from information_schema (PostgreSQL's ARRAY as element[]: its udt_name is _element).
_COLUMNS_SQL = """
SELECT column_name,
       CASE WHEN data_type = 'ARRAY' THEN substr(udt_name, 2) || '[]' ELSE data_type END AS column_type,
       is_nullable AS "null", CAST(NULL AS VARCHAR) AS "key", column_default AS "default",
       CAST(NULL AS VARCHAR) AS extra, table_schema
FROM information_schema.columns
WHERE table_schema IN ({schemas}) AND table_name = ? {and_schema}
ORDER BY table_schema, ordinal_position
"""


def describe_columns(con: duckdb.DuckDBPyConnection, name: str, schemas: tuple[str, ...]) -> StatementResult:
    """The columns of a table or view of ``schemas`` (``.schema`` on the server) in DESCRIBE's format;
    an unknown or ambiguous name is an error, never a raise."""
    try:
        schema, table = split_table_name(name)
    except ValueError as err:
        return StatementResult(error=f"error: {err}")
    sql = _COLUMNS_SQL.format(schemas=", ".join("?" for _ in schemas), and_schema="AND table_schema = ?" if schema else "")
    result = guarded(lambda: con.execute(sql, [*schemas, table, *([schema] if schema else [])]).fetchdf())
    if not result.ok:
        return result
    frame = result.frame
    found = sorted(set(frame.pop("table_schema")))
    if not found:
        return StatementResult(error=f"error: no table or view {name.strip()!r} in the published schemas "
                                     f"({', '.join(schemas)}); .tables lists them")
    if len(found) > 1:
        return StatementResult(error=f"error: {table!r} is in {', '.join(found)}: name it as schema.{table}")
    return StatementResult(frame=frame.reset_index(drop=True))


# --------------------------------------------------------------------------- figures

_FACTS_SQL = """
SELECT
    o.quote, o.value, o.unit_code AS unit, o.qualifier, o.change_kind, o.value_kind,
    o.indicator_code, i.indicator_name_zh, i.indicator_name_en, i.theme,
    p.label AS period, o.doc_id, d.title, d.published_date, o.subject, o.sentence,
    o.paragraph_ordinal, o.char_start, o.char_end, o.derivation, o.fact_status, o.source_file,
    count(*) OVER () AS matched
FROM marts.fct_indicator_observation AS o
LEFT JOIN marts.dim_indicator AS i USING (indicator_code)
LEFT JOIN marts.dim_period AS p USING (period_id)
LEFT JOIN marts.dim_document AS d USING (doc_id)
WHERE {where}
ORDER BY o.doc_id, o.char_start, o.value_kind
LIMIT ?
"""


def find_facts(
    con: duckdb.DuckDBPyConnection,
    *,
    doc: str | None = None,
    indicator: str | None = None,
    search: str | None = None,
    limit: int = 50,
) -> pd.DataFrame:
    """Figures with their quote, indicator, period, document and sentence; filters combine (AND).

    doc: a doc_id (``000_7aa3fd634077bd17-2``) or a text's key or file name (every article of it).
    indicator: an indicator code, or part of its Chinese or English name.
    search: part of the quote, sentence, subject or indicator names (case-insensitive).
    A column ``matched`` holds the number of matching figures before the limit.
    """
    where, params = ["TRUE"], []
    if doc:
        key = Path(doc).name.removesuffix(".txt")
        where.append("(o.doc_id = ? OR starts_with(o.doc_id, ? || '-'))")
        params += [doc, key]
    if indicator:
        where.append(
            "(o.indicator_code = ? OR strpos(lower(i.indicator_name_zh), lower(?)) > 0 "
            "OR strpos(lower(i.indicator_name_en), lower(?)) > 0)"
        )
        params += [indicator] * 3
    if search:
        fields = ["o.quote", "o.sentence", "o.subject", "i.indicator_name_zh", "i.indicator_name_en"]
        where.append("(" + " OR ".join(f"strpos(lower(coalesce({f}, '')), lower(?)) > 0" for f in fields) + ")")
        params += [search] * len(fields)
    sql = _FACTS_SQL.format(where=" AND ".join(where))
    return con.execute(sql, [*params, int(limit)]).fetchdf()


def open_findings(con: duckdb.DuckDBPyConnection, region_scope: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """The open consistency findings with both documents' titles, ERROR before WARN
    (``region_scope``: a subquery of region codes the findings must be about; ``limit``: the first N)."""
    scope = f"WHERE f.region_code IN {region_scope}" if region_scope else ""
    first = f"LIMIT {int(limit)}" if limit else ""
    return con.execute(
        f"""
        SELECT f.severity, f.rule_id, f.rule_zh, f.rule_en, f.indicator_code, f.indicator_name_zh,
               f.indicator_name_en, p.label AS period, f.observed_value, f.expected_value, f.tolerance,
               f.doc_a, da.title AS title_a, f.quote_a, f.sentence_a,
               f.doc_b, db.title AS title_b, f.quote_b, f.sentence_b, f.detail
        FROM marts.fct_open_findings AS f
        LEFT JOIN marts.dim_period AS p USING (period_id)
        LEFT JOIN marts.dim_document AS da ON da.doc_id = f.doc_a
        LEFT JOIN marts.dim_document AS db ON db.doc_id = f.doc_b
        {scope}
        ORDER BY CASE f.severity WHEN 'ERROR' THEN 0 ELSE 1 END, f.rule_id, f.finding_id
        {first}
        """
    ).fetchdf()


LATEST_CHECKS = (
    "SELECT * FROM quality.check_results "
    "WHERE run_id = (SELECT arg_max(run_id, checked_at) FROM quality.check_results)"
)


def has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    schema, name = table.split(".")
    return bool(con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?", [schema, name]
    ).fetchone()[0])


def latest_check_results(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The check results of the last run that recorded any (quality.check_results is a log of every run)."""
    if not has_table(con, "quality.check_results"):
        return pd.DataFrame(columns=["check_name", "rule_id", "severity", "status", "rows_checked", "rows_failed"])
    return con.execute(LATEST_CHECKS + " ORDER BY severity, check_name").fetchdf()


@dataclass(frozen=True)
class Overview:
    documents: int
    figures: int  # stated figures (derived ones excluded)
    linked_indicators: int
    open_findings: int
    checks_passed: int  # of the last run's Great Expectations checks (quality.check_results)
    checks_failed: int


def overview(con: duckdb.DuckDBPyConnection) -> Overview:
    def one(sql: str) -> int:
        return int(con.execute(sql).fetchone()[0] or 0)

    checks = latest_check_results(con)

    return Overview(
        documents=one("SELECT count(*) FROM marts.dim_document"),
        figures=one("SELECT count(*) FROM marts.fct_indicator_observation WHERE value_kind <> 'derived'"),
        linked_indicators=one(
            "SELECT count(DISTINCT indicator_code) FROM marts.fct_indicator_observation WHERE NOT is_unlinked"
        ),
        open_findings=one("SELECT count(*) FROM marts.fct_open_findings"),
        checks_passed=int((checks.status == "passed").sum()),
        checks_failed=int((checks.status != "passed").sum()),
    )


# --------------------------------------------------------------------------- saved questions


@dataclass(frozen=True)
class Question:
    key: str  # q1 … q6
    name: str  # the analysis file's stem
    title: str  # its first comment line


def _leading_comment(sql: str) -> str:
    """The comment block an analysis file opens with, without the '--' markers."""
    lines = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        lines.append(line[2:].strip())
    return "\n".join(lines)


def _first_sentence(comment: str) -> str:
    """The comment's lines up to the first one that ends a sentence, joined."""
    taken = []
    for line in comment.splitlines():
        taken.append(line)
        if line.endswith("."):
            break
    return " ".join(taken).strip()


def questions() -> list[Question]:
    out = []
    for name in analyses.list_analyses():
        text = (analyses.ANALYSES_DIR / f"{name}.sql").read_text(encoding="utf-8")
        title = re.sub(r"^\d+\.\s*", "", _first_sentence(_leading_comment(text)))
        out.append(Question(key=name.split("_", 1)[0].lower(), name=name, title=title))
    return out


def resolve_question(ref: str) -> Question:
    """'Q2', 'q2', '2' or the full analysis name."""
    ref = ref.strip().lower()
    if ref.isdigit():
        ref = f"q{ref}"
    for q in questions():
        if ref in (q.key, q.name):
            return q
    known = ", ".join(q.key for q in questions())
    raise KeyError(f"no saved question {ref!r}; known: {known}")


def ask(con: duckdb.DuckDBPyConnection, ref: str, **variables: str) -> pd.DataFrame:
    return analyses.run(con, resolve_question(ref).name, **variables)


# --------------------------------------------------------------------------- export


@dataclass(frozen=True)
class ExportedFile:
    table: str
    path: Path
    rows: int


def export_table_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every marts.* table and view, and quality.check_results."""
    names = [
        r[0]
        for r in con.execute(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables "
            "WHERE table_schema = 'marts' ORDER BY table_name"
        ).fetchall()
    ]
    return names + (["quality.check_results"] if has_table(con, "quality.check_results") else [])


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


# OWASP CSV injection: a cell starting with one of these is a formula to a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_select(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """SELECT of the table with every text (VARCHAR) cell that begins with a FORMULA_STARTS
    character prefixed with a single quote; numbers, dates and lists are left alone (-3.5 stays a number)."""
    starts = ", ".join(f"chr({ord(c)})" for c in FORMULA_STARTS)
    columns = []
    for name, type_, *_ in con.execute(f"DESCRIBE SELECT * FROM {table}").fetchall():
        ident = '"' + name.replace('"', '""') + '"'
        if type_ == "VARCHAR":
            columns.append(f"CASE WHEN left({ident}, 1) IN ({starts}) THEN chr(39) || {ident} ELSE {ident} END AS {ident}")
        else:
            columns.append(ident)
    return f"SELECT {', '.join(columns)} FROM {table}"


def schema_table_names(con, schemas: tuple[str, ...]) -> list[str]:
    """schema.name of every table and view of ``schemas`` (DuckDB or the server)."""
    return [r[0] for r in con.execute(
        "SELECT table_schema || '.' || table_name FROM information_schema.tables "
        f"WHERE table_schema IN ({', '.join('?' for _ in schemas)}) ORDER BY 1", list(schemas)).fetchall()]


def _typed_column(name: str, kind: str | None, empty: bool) -> str:
    """A column of a copied table in its server type; without one, DuckDB's inference from the values
    (VARCHAR when there are no values to infer from)."""
    ident = '"' + name.replace('"', '""') + '"'
    if kind is None and not empty:
        return ident
    return f"CAST({ident} AS {kind or 'VARCHAR'}) AS {ident}"


def local_copy(source, tables: list[str], write_dir: Path | None = None) -> duckdb.DuckDBPyConnection:
    """``tables`` of another warehouse (the team profile's server, through its ServerConnection) in an
    in-memory DuckDB, locked like open_read_only (``write_dir``: the one folder it may write into), so the
    DuckDB code of export_tables and of the scorecard serves either warehouse unchanged."""
    con = duckdb.connect(":memory:", config={k: v for k, v in ANALYST_CONFIG.items()
                                              if k not in {"lock_configuration", "enable_external_access"}})
    try:
        for table in tables:
            con.execute(f"CREATE SCHEMA IF NOT EXISTS {table.split('.')[0]}")
            frame, types = source.table_frame(table)
            con.register("server_rows", frame)
            columns = ", ".join(_typed_column(str(c), kind, frame.empty) for c, kind in zip(frame.columns, types))
            con.execute(f"CREATE TABLE {table} AS SELECT {columns} FROM server_rows")
            con.unregister("server_rows")
        if write_dir is not None:
            con.execute("SET allowed_directories = ?", [[str(Path(write_dir).resolve()).rstrip("/") + "/"]])
        con.execute("SET enable_external_access = false")
        con.execute("SET enable_progress_bar = false")
        con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


def export_tables(con: duckdb.DuckDBPyConnection, out_dir: Path, fmt: str) -> list[ExportedFile]:
    """Write each export table to ``out_dir/<schema>.<table>.<fmt>``.

    ``con`` is an analyst connection opened with ``write_dir=out_dir`` (open_read_only): only the
    fixed COPY statements below run on it, and they can write into that folder only.
    CSV is for spreadsheets: a text cell that begins with =, +, -, @, a tab or a carriage return
    is prefixed with a single quote (OWASP's CSV-injection rule); Parquet keeps every value as is.
    CSV starts with a UTF-8 byte-order mark: Excel reads a CSV without one in the machine's
    legacy code page and garbles the Chinese. DuckDB's reader and pandas (encoding='utf-8-sig')
    skip the mark. Each file is written aside and renamed, so a file never shows half-written.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format must be one of {', '.join(EXPORT_FORMATS)}, not {fmt!r}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for table in export_table_names(con):
        target = out_dir / f"{table}.{fmt}"
        tmp = out_dir / f".{table}.{fmt}.tmp"
        if fmt == "parquet":
            con.execute(f"COPY (SELECT * FROM {table}) TO '{_sql_path(tmp)}' (FORMAT parquet)")
        else:
            raw = out_dir / f".{table}.csv.nobom"
            con.execute(f"COPY ({_csv_select(con, table)}) TO '{_sql_path(raw)}' (FORMAT csv, HEADER true)")
            with raw.open("rb") as src, tmp.open("wb") as dst:
                dst.write(UTF8_BOM)
                shutil.copyfileobj(src, dst)
            raw.unlink()
        os.replace(tmp, target)
        rows = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        written.append(ExportedFile(table=table, path=target, rows=rows))
    return written
