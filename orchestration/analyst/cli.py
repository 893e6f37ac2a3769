"""`plan-warehouse`: the analyst's command line for the Liaocheng plan-delivery warehouse.

    plan-warehouse refresh [--force]          rebuild from seeds/ (the Dagster job, in-process)
    plan-warehouse sql ["select …"]           read-only SQL: one statement, or an interactive shell
    plan-warehouse facts --search 充电桩       figures with their quote, indicator, period and document
    plan-warehouse findings                   open consistency findings with both quotes
    plan-warehouse ask [q1…q8]                the saved questions (dbt_project/analyses)
    plan-warehouse export --format csv --out DIR
    plan-warehouse scorecard [--out FILE]     the HTML scorecard from the published warehouse

Every command but `refresh` opens the published warehouse read-only ($PLAN_WAREHOUSE_DB, else
warehouse/liaocheng.duckdb). Thin: the questions live in orchestration.analyst.queries, the report in
orchestration.analyst.scorecard; this module only parses arguments and renders with rich.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import duckdb
import pandas as pd
import typer
from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from orchestration.analyst import queries
from orchestration.refresh.summary import RefreshOutcome
from orchestration.storage import server
from orchestration.storage.paths import PROJECT_ROOT, export_warehouse_env, warehouse_path

app = typer.Typer(
    name="plan-warehouse",
    help="The Liaocheng 14th Five-Year Plan delivery warehouse: refresh it, query it, read its sources.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# The Makefile's defaults, for a CLI started outside make.
ENV_DEFAULTS = {
    "DAGSTER_HOME": str(PROJECT_ROOT / "dagster_home"),
    "GX_ANALYTICS_ENABLED": "false",
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    "DAGSTER_DISABLE_TELEMETRY": "true",
}
MIN_COLUMN_WIDTH = 24  # a doc_id (22) stays on one line
SHELL_HELP = "Statements end with ';'. .tables lists the tables, .schema TABLE its columns, .quit (or Ctrl-D) leaves."


def console() -> Console:
    """A console per command, bound to the stdout of the moment (so redirecting Dagster's output
    later does not swallow ours); its width follows $COLUMNS at the time the command runs."""
    return Console(file=sys.stdout, highlight=False, soft_wrap=False)


def fail(message: str, code: int = 1) -> typer.Exit:
    Console(stderr=True, highlight=False).print(f"[red]{escape(message)}[/red]")
    return typer.Exit(code)


def server_connection():
    """The team profile's analyst connection (server_connection.ServerConnection), or a one-line exit 2."""
    from orchestration.analyst.server_connection import ServerConnection

    try:
        return ServerConnection(server.server_url())
    except Exception as err:  # noqa: BLE001 (the server unreachable or the login refused: said in one line)
        raise fail(f"cannot connect to {server.URL_ENV}: {str(err).strip()}", 2) from None


@contextlib.contextmanager
def read_only_warehouse(write_dir: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """The analyst connection (queries.open_read_only: read-only, no file access, settings locked); on the
    team profile the server of PLAN_WAREHOUSE_URL (the analyst's login), every transaction read-only."""
    if server.team_profile():
        con = server_connection()
        try:
            if write_dir is None:
                yield con
                return
            local = queries.local_copy(con, queries.export_table_names(con), write_dir)  # written by DuckDB
            try:
                yield local
            finally:
                local.close()
        finally:
            con.close()
        return
    try:
        con = queries.open_read_only(warehouse_path(), write_dir=write_dir)
    except queries.WarehouseMissing as err:
        raise fail(str(err), 2) from None
    try:
        yield con
    finally:
        con.close()


# --------------------------------------------------------------------------- rendering


def fmt_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if pd.isna(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.10g}"
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        items = value.tolist() if hasattr(value, "tolist") else value
        return "[" + ", ".join(str(v) for v in items) + "]"
    if value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp) and value == value.normalize():
        return value.date().isoformat()  # a DATE column read back through pandas
    return str(value)


def frame_table(frame: pd.DataFrame, max_rows: int = 200, width: int = 80) -> Table:
    table = Table(show_lines=False, header_style="bold")
    rows = [[fmt_value(v) for v in row] for row in frame.head(max_rows).itertuples(index=False)]
    # Short values (ids, quotes, numbers) keep their width and long text wraps, when the screen allows.
    mins = [min(max([cell_len(str(c)), *(cell_len(r[i]) for r in rows)]), MIN_COLUMN_WIDTH)
            for i, c in enumerate(frame.columns)]
    if sum(mins) + 3 * len(mins) + 1 > width:
        mins = [None] * len(mins)
    for col, min_width in zip(frame.columns, mins):
        table.add_column(str(col), overflow="fold", min_width=min_width)
    for row in rows:
        table.add_row(*(escape(v) for v in row))
    if len(frame) > max_rows:
        table.caption = f"{max_rows} of {len(frame)} rows shown"
    return table


def print_frame(out: Console, frame: pd.DataFrame | None, max_rows: int = 200) -> None:
    if frame is None or (len(frame.columns) == 1 and frame.columns[0] == "Success" and frame.empty):
        out.print("ok")
        return
    out.print(frame_table(frame, max_rows, out.width))
    out.print(f"[dim]{len(frame)} row{'s' if len(frame) != 1 else ''}[/dim]")


def quoted_sentence(sentence: str | None, quote: str | None) -> Text:
    """The sentence with the quote highlighted."""
    text = Text(sentence or "")
    if quote and sentence:
        start = sentence.find(quote)
        if start >= 0:
            text.stylize("bold black on yellow", start, start + len(quote))
    return text


def fact_block(out: Console, row: Any) -> None:
    head = Text()
    head.append(f"{row.quote}", style="bold red")
    head.append(f"  {row.indicator_name_zh or '（未关联指标）'} / {row.indicator_name_en or 'unlinked'}", style="bold")
    head.append(f"  [{row.period}]", style="cyan")
    out.print(head)
    detail = f"value {fmt_value(row.value)} {row.unit} · {row.qualifier} · {row.change_kind} · {row.value_kind}"
    if isinstance(row.derivation, str) and row.derivation:
        detail += f" · derived: {row.derivation}"
    if row.fact_status not in (None, "extracted", "derived"):
        detail += f" · {row.fact_status} (seeds/curated/fact_overrides.csv)"
    out.print(Text("   " + detail, style="dim"))
    out.print(Text(f"   {row.doc_id} 《{row.title}》 {fmt_value(row.published_date)} · {row.source_file} "
                   f"chars {row.char_start}–{row.char_end}"))
    out.print(Text("   ").append(quoted_sentence(row.sentence, row.quote)))
    out.print()


def finding_block(out: Console, row: Any) -> None:
    style = "bold red" if row.severity == "ERROR" else "bold yellow"
    head = Text(f"[{row.severity}] ", style=style).append(f"{row.rule_id}", style="bold")
    out.print(head)
    out.print(Text(f"   {row.rule_zh}"))
    out.print(Text(f"   {row.rule_en}", style="dim"))
    if row.indicator_code:
        out.print(Text(f"   {row.indicator_name_zh} / {row.indicator_name_en} · {row.period or ''}", style="cyan"))
    for side, doc, title, quote, sentence in (("A", row.doc_a, row.title_a, row.quote_a, row.sentence_a),
                                              ("B", row.doc_b, row.title_b, row.quote_b, row.sentence_b)):
        if doc:
            line = Text(f"   {side} {doc} 《{title}》: ").append(f"{quote}", style="bold red")
            out.print(line)
            out.print(Text("      ").append(quoted_sentence(sentence, quote)))
    if row.detail:
        out.print(Text(f"   {row.detail}", style="dim"))
    out.print()


# --------------------------------------------------------------------------- refresh


@contextlib.contextmanager
def quiet_output(log_path: Path) -> Iterator[None]:
    """Send Dagster's and dbt's own output (Python-level stdout and stderr) to a log file."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w", encoding="utf-8") as log, contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
        yield


def run_with_progress(out: Console, force: bool, log_path: Path, verbose: bool) -> RefreshOutcome:
    from orchestration.quality.gx_validation import start_gx_worker
    from orchestration.storage.dbt_runner import start_for_refresh

    # GX's import and dbt's (with the project's parse) in their helper processes while this one imports Dagster.
    start_gx_worker()
    start_for_refresh()
    from orchestration.defs.execution import outcome, run_watched

    done: list[str] = []
    marks = {"STEP_SUCCESS": "[green]✓[/green]", "STEP_FAILURE": "[red]✗[/red]", "STEP_SKIPPED": "[yellow]–[/yellow]"}

    with out.status("Refreshing the warehouse: registering texts, starting the run…", spinner="dots") as status:
        def report(step: str, kind: str, duration_ms: float | None) -> None:
            done.append(step)
            took = f" [dim]{duration_ms / 1000:.1f}s[/dim]" if duration_ms else ""
            out.print(f"  {marks.get(kind, '?')} {escape(step)}{took}")
            status.update(f"Refreshing the warehouse: {len(done)} steps finished, last {escape(step)}")

        with (contextlib.nullcontext() if verbose else quiet_output(log_path)):
            return outcome(run_watched(force, report))


def refresh_summary(out: Console, outcome: RefreshOutcome, database: Path, log_path: Path | None) -> bool:
    """The refresh summary (orchestration.refresh.summary) with colours and a table."""
    from orchestration.refresh.summary import FINDINGS_SHOWN, first_line, published_state, stale_after_publish, stale_text, table_counts

    ok = outcome.published  # decided by the publish step alone
    stale = stale_after_publish(outcome)
    if ok and not stale:
        out.print(f"\n[bold green]Published[/bold green] {escape(str(database))}  [dim]run {outcome.run_id}[/dim]")
    elif ok:
        out.print(f"\n[bold green]Published[/bold green] {escape(str(database))}; [bold yellow]"
                  f"{escape(stale_text(stale))}[/bold yellow]  [dim]run {outcome.run_id}[/dim]")
    else:
        out.print(f"\n[bold red]NOT published[/bold red] (run {'succeeded' if outcome.success else 'FAILED'}; "
                  f"the previous warehouse stays): {escape(str(database))}  [dim]run {outcome.run_id}[/dim]")
    if database.exists():
        counts = Table(title="Tables of the published warehouse", header_style="bold", title_justify="left")
        for col in ("schema", "table", "rows"):
            counts.add_column(col, justify="right" if col == "rows" else "left")
        for name, count in table_counts(str(database)):
            schema, table = name.split(".", 1)
            counts.add_row(schema, table, str(count))
        out.print(counts)
        state = published_state(str(database))
        ov, findings = state.overview, state.findings
        out.print(f"figures: [bold]{ov.figures}[/bold] from {ov.documents} documents ({ov.linked_indicators} indicators); "
                  f"open findings: [bold]{ov.open_findings}[/bold]")
        for row in findings.head(FINDINGS_SHOWN).itertuples(index=False):
            out.print(Text(f"  [{row.severity}] {row.rule_id}: {row.indicator_name_zh or ''} — "
                           f"{row.doc_a}: {row.quote_a}" + (f" vs {row.doc_b}: {row.quote_b}" if row.doc_b else "")))
        if ov.open_findings > len(findings):
            out.print(f"  … and {ov.open_findings - len(findings)} more: plan-warehouse findings")
    checks = outcome.checks
    failed = outcome.failed_checks
    colour = "green" if not failed else ("red" if any(c[3] == "ERROR" for c in failed) else "yellow")
    out.print(f"checks: [{colour}]{len(checks) - len(failed)} passed, {len(failed)} failed[/{colour}]")
    for asset, name, _, severity in failed:
        out.print(f"  FAILED [{severity}] {escape(asset)} :: {escape(name)}")
    for step, message in outcome.failed_steps:
        out.print(f"  [red]step failed[/red] {escape(step)}: {escape(first_line(message))}")
    if log_path is not None:
        out.print(f"[dim]Dagster and dbt output: {escape(str(log_path))}[/dim]")
    return ok


@app.command()
def refresh(
    force: Annotated[bool, typer.Option("--force", help="Re-parse every text even when unchanged.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Dagster's and dbt's output.")] = False,
) -> None:
    """Rebuild the warehouse from seeds/ (the build_warehouse job, in-process) and publish it if every blocking check passes."""
    for key, value in ENV_DEFAULTS.items():
        os.environ.setdefault(key, value)
    if shutil.which("dbt") is None:  # started as .venv/bin/plan-warehouse without the venv on PATH
        os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    Path(os.environ["DAGSTER_HOME"]).mkdir(parents=True, exist_ok=True)
    database = export_warehouse_env()
    database.parent.mkdir(parents=True, exist_ok=True)
    log_path = database.with_name("refresh.log")
    out = console()
    started = time.monotonic()
    done = run_with_progress(out, force, log_path, verbose)
    refresh_summary(out, done, database, None if verbose else log_path)
    out.print(f"[dim]{time.monotonic() - started:.0f}s[/dim]")
    from orchestration.refresh.process_exit import exit_now
    from orchestration.refresh.summary import exit_code

    exit_now(exit_code(done))  # 0 published; 1 NOT published; 3 published, a later step stale (no ~1 s teardown)


# --------------------------------------------------------------------------- sql


def print_result(out: Console, result: queries.StatementResult, max_rows: int) -> bool:
    if result.refused:
        out.print(f"[yellow]{escape(result.error)}[/yellow]")
    elif result.error:
        out.print(f"[red]{escape(result.error)}[/red]")
    else:
        print_frame(out, result.frame, max_rows)
    return result.ok


def run_and_print(out: Console, con: duckdb.DuckDBPyConnection, sql: str, max_rows: int) -> bool:
    return print_result(out, queries.run_statement(con, sql), max_rows)


def meta_command(out: Console, session: queries.ShellSession, line: str) -> bool:
    """Handle a dot command; False means leave the shell. Errors are printed, never raised."""
    word, _, arg = line.partition(" ")
    if word in (".quit", ".exit", "\\q"):
        return False
    if word == ".tables":
        print_result(out, session.tables(), 200)
    elif word == ".schema" and arg.strip():
        print_result(out, session.describe(arg.strip().rstrip(";")), 500)
    else:
        out.print(SHELL_HELP)
    return True


REPUBLISHED = ("A newer warehouse has been published since this session opened: reconnected, "
               "results now come from it (temporary tables and variables of the old session are gone).")


def open_session(path: Path | None) -> queries.ShellSession:
    """The shell's session: the team profile's server (the analyst's login), else the DuckDB file at
    ``path`` (default: the published warehouse)."""
    if server.team_profile():
        from orchestration.analyst.server_connection import ServerSession

        return ServerSession(server_connection())
    try:
        return queries.AnalystSession(path if path is not None else warehouse_path())
    except queries.WarehouseMissing as err:
        raise fail(str(err), 2) from None


def shell(out: Console, path: Path | None, max_rows: int, read_line: Callable[[str], str] = input) -> None:
    """The interactive shell, over the DuckDB file or the team profile's server (open_session): the same
    statements, dot commands, output and refusals on both. Before each statement it asks the session
    whether a refresh has replaced the published file; if so it says so and reconnects, instead of
    answering from the old snapshot (the server's session reads the latest publish anyway)."""
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (line editing and history for input())
    session = open_session(path)
    out.print(f"[bold]{escape(session.label)}[/bold] (read-only). {SHELL_HELP}")

    def current() -> queries.ShellSession:
        if session.republished():
            try:
                session.reconnect()
                out.print(f"[yellow]{escape(REPUBLISHED)}[/yellow]")
            except (duckdb.Error, queries.WarehouseMissing) as err:
                out.print(f"[red]A newer warehouse has been published but could not be opened: {escape(str(err))}[/red]")
                raise typer.Exit(1) from None
        return session

    buffer = ""
    try:
        while True:
            try:
                line = read_line("sql> " if not buffer else "...> ")
            except EOFError:
                out.print()
                return
            except KeyboardInterrupt:
                out.print()
                buffer = ""
                continue
            stripped = line.strip()
            if not buffer and (stripped.startswith(".") or stripped == "\\q"):
                if not meta_command(out, current(), stripped):
                    return
                continue
            buffer += line + "\n"
            if stripped.endswith(";"):
                run_and_print(out, current().con, buffer, max_rows)
                buffer = ""
    finally:
        session.close()


@app.command()
def sql(
    query: Annotated[str | None, typer.Argument(help="SQL to run; without it, an interactive shell.")] = None,
    max_rows: Annotated[int, typer.Option(help="Rows to print at most.")] = 200,
) -> None:
    """Query the published warehouse, read-only: a write is refused with a message, an error is one line.
    The connection reads that warehouse only: no files, no ATTACH, no extensions, no SET/PRAGMA of settings."""
    out = console()
    if query is None:
        shell(out, None, max_rows)  # the DuckDB file, or the server on the team profile
        return
    with read_only_warehouse() as con:
        ok = run_and_print(out, con, query, max_rows)
    raise typer.Exit(0 if ok else 1)


# --------------------------------------------------------------------------- facts, findings, ask


@app.command()
def facts(
    doc: Annotated[str | None, typer.Option("--doc", help="A doc_id, or a text's key (all its articles).")] = None,
    indicator: Annotated[str | None, typer.Option("--indicator", help="Indicator code or part of its zh/en name.")] = None,
    search: Annotated[str | None, typer.Option("--search", help="Text in the quote, sentence, subject or indicator name.")] = None,
    limit: Annotated[int, typer.Option(help="Figures to show at most.")] = 20,
) -> None:
    """Figures with their quote, value, unit, indicator (zh/en), period, document and sentence. Filters combine."""
    out = console()
    with read_only_warehouse() as con:
        found = queries.find_facts(con, doc=doc, indicator=indicator, search=search, limit=limit)
    if found.empty:
        out.print("no figures match")
        return
    total = int(found.matched.iloc[0])
    out.print(f"[bold]{total}[/bold] figure{'s' if total != 1 else ''}" + (f", first {len(found)} shown" if total > len(found) else ""))
    out.print()
    for row in found.itertuples(index=False):
        fact_block(out, row)


@app.command()
def findings(
    limit: Annotated[int, typer.Option(help="Show at most this many (0: all); the count is always the total.")] = 100,
) -> None:
    """Open consistency findings: severity, rule (zh/en), and both documents with their quotes."""
    out = console()
    with read_only_warehouse() as con:
        total = con.execute("SELECT count(*) FROM marts.fct_open_findings").fetchone()[0]
        shown = queries.open_findings(con, limit=limit if limit > 0 else None)
    out.print(f"[bold]{total}[/bold] open finding{'s' if total != 1 else ''}\n")
    for row in shown.itertuples(index=False):
        finding_block(out, row)
    if total > len(shown):
        out.print(f"… and {total - len(shown)} more (--limit 0 shows all)")


def print_questions(out: Console) -> None:
    table = Table(header_style="bold")
    table.add_column("question")
    table.add_column("what it answers")
    for q in queries.questions():
        table.add_row(q.key.upper(), q.title)
    out.print(table)
    out.print("[dim]plan-warehouse ask Q2 · variables: --var doc_id=000_7aa3fd634077bd17-2[/dim]")


@app.command()
def ask(
    question: Annotated[str | None, typer.Argument(help="Q1…Q8; without it, the list.")] = None,
    var: Annotated[list[str] | None, typer.Option("--var", help="name=value for the question's dbt var().")] = None,
    max_rows: Annotated[int, typer.Option(help="Rows to print at most.")] = 200,
) -> None:
    """Run one of the saved questions (dbt_project/analyses)."""
    out = console()
    if question is None:
        print_questions(out)
        return
    try:
        q = queries.resolve_question(question)
    except KeyError as err:
        raise fail(err.args[0]) from None
    variables = dict(v.split("=", 1) for v in (var or []) if "=" in v)
    with read_only_warehouse() as con:
        try:
            frame = queries.ask(con, q.key, **variables)
        except (duckdb.Error, FileNotFoundError, KeyError, ValueError) as err:
            raise fail(f"{q.key.upper()} failed: {queries.one_line(err) if isinstance(err, duckdb.Error) else err}") from None
    out.print(f"[bold]{q.key.upper()}[/bold] {escape(q.title)}")
    print_frame(out, frame, max_rows)


@app.command()
def questions() -> None:
    """List the saved questions."""
    print_questions(console())


# --------------------------------------------------------------------------- export, scorecard


SCORECARD_SCHEMAS = ("marts", "reports")  # what the scorecard's queries read (orchestration/analyst/scorecard.py)


class ExportFormat(str, Enum):
    parquet = "parquet"
    csv = "csv"


@app.command()
def export(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write into (created).")],
    fmt: Annotated[ExportFormat, typer.Option("--format", help="parquet, or csv (UTF-8 with BOM, for Excel).")] = ExportFormat.parquet,
) -> None:
    """Every marts.* table and quality.check_results to files, for BI tools and Excel."""
    out = console()
    out_dir.mkdir(parents=True, exist_ok=True)
    with read_only_warehouse(write_dir=out_dir) as con:  # our COPY statements only, into out_dir only
        written = queries.export_tables(con, out_dir, fmt.value)
    table = Table(header_style="bold")
    table.add_column("table")
    table.add_column("rows", justify="right")
    table.add_column("file")
    for f in written:
        table.add_row(f.table, str(f.rows), str(f.path))
    out.print(table)
    out.print(f"{len(written)} files in {escape(str(out_dir))}")


@app.command()
def scorecard(
    out_file: Annotated[Path | None, typer.Option("--out", help="Default: scorecard.html beside the warehouse.")] = None,
) -> None:
    """Write the HTML scorecard (self-contained, opens offline) from the published warehouse."""
    from orchestration.analyst.scorecard import build_scorecard, write_atomically

    out = console()
    target = out_file or warehouse_path().with_name("scorecard.html")
    with read_only_warehouse() as con:
        if server.team_profile():  # the page's DuckDB queries over a copy of the server's marts and reports
            with contextlib.closing(queries.local_copy(con, queries.schema_table_names(con, SCORECARD_SCHEMAS))) as local:
                card = build_scorecard(local, source="the team warehouse")
        else:
            card = build_scorecard(con, source=str(warehouse_path().name))
    size = write_atomically(target, card.html)
    out.print(f"{escape(str(target))}: {card.charts} charts, {card.figures} figures cited, {size:,} bytes")
    out.print(f"open it: [link={target.resolve().as_uri()}]{target.resolve().as_uri()}[/link]")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
