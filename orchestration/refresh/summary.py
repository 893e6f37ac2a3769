"""The one refresh summary (`make run` prints it as text, `plan-warehouse refresh` with colours) and
the refresh's exit code. Plain data in, text out: no Dagster here (orchestration.defs.execution.outcome
reduces a run to a RefreshOutcome).

Exit codes: 0 published and every step succeeded; 1 NOT published (the previous warehouse stays);
3 published, but a step after the publish (the scorecard) failed, so what it writes is stale.
"""

import re
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from orchestration.analyst import queries
from orchestration.storage import server

EXIT_OK, EXIT_NOT_PUBLISHED, EXIT_STALE_AFTER_PUBLISH = 0, 1, 3
FINDINGS_SHOWN = 20  # in the summary; all of them are in marts.fct_open_findings


@dataclass(frozen=True)
class RefreshOutcome:
    run_id: str
    success: bool
    published: bool  # decided by the publish step alone
    ingest: tuple[int, int, int] | None  # texts parsed, unchanged, removed; None when not ingested
    checks: list[tuple[str, str, bool, str]] = field(default_factory=list)  # (asset, check, passed, severity)
    steps: list[tuple[str, str | None]] = field(default_factory=list)  # (step, error) failed, (step, None) skipped

    @property
    def failed_steps(self) -> list[tuple[str, str]]:
        return [(step, error) for step, error in self.steps if error is not None]

    @property
    def failed_checks(self) -> list[tuple[str, str, bool, str]]:
        return [c for c in self.checks if not c[2]]


def exit_code(outcome: RefreshOutcome) -> int:
    """Decided by the publish step alone: published or not; then whether anything after it failed."""
    if not outcome.published:
        return EXIT_NOT_PUBLISHED
    return EXIT_OK if outcome.success else EXIT_STALE_AFTER_PUBLISH


def stale_after_publish(outcome: RefreshOutcome) -> list[tuple[str, str]]:
    """(step, reason) of each step that failed after the warehouse was published. Every asset but the
    reports is upstream of published_warehouse, so in a run that published, a failed step is a report."""
    return outcome.failed_steps if outcome.published else []


def stale_text(stale: list[tuple[str, str]]) -> str:
    def what(step: str) -> str:
        return "the scorecard (scorecard.html, the previous one stays)" if "scorecard" in step else f"the output of step {step}"

    return "; ".join(f"{what(step)} is stale ({(reason.splitlines() or ['failed'])[0]})" for step, reason in stale)


def first_line(message: str) -> str:
    """The first line of an error message, without the exception's module path."""
    lines = message.strip().splitlines()
    first = lines[0] if lines else "unknown error"
    return re.sub(r"^(?:\w+\.)+(\w+: )", r"\1", first)  # orchestration.inputs.curated.CuratedCsvError: → CuratedCsvError:


def outcome_line(outcome: RefreshOutcome, database: str) -> str:
    if not outcome.published:
        state = "SUCCESS" if outcome.success else "FAILURE"
        return f"run {outcome.run_id}: {state}, NOT published (the previous warehouse stays): {database}"
    stale = stale_after_publish(outcome)
    if not stale:
        return f"run {outcome.run_id}: SUCCESS, published: {database}"
    return f"run {outcome.run_id}: published: {database}; " + stale_text(stale)


def table_counts(database: str) -> list[tuple[str, int]]:
    with duckdb.connect(database, read_only=True) as con:
        tables = con.execute(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables "
            "WHERE table_schema NOT IN ('information_schema', 'pg_catalog') ORDER BY 1"
        ).fetchall()
        return [(t, con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for (t,) in tables]


@dataclass(frozen=True)
class PublishedState:
    """What the summary shows of the published warehouse."""

    overview: queries.Overview
    findings: pd.DataFrame  # the first FINDINGS_SHOWN open findings (queries.open_findings)
    rejected: list[tuple[str, int, str]]


def published_state(database: str) -> PublishedState:
    with duckdb.connect(database, read_only=True) as con:
        return PublishedState(
            overview=queries.overview(con),
            findings=queries.open_findings(con, limit=FINDINGS_SHOWN),
            rejected=con.execute(
                "SELECT source_file, coalesce(line, 0), reason FROM quality.rejected_inputs ORDER BY 1").fetchall(),
        )


def _text(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def findings_lines(state: PublishedState) -> list[str]:
    """The quarantined inputs and the open consistency findings, one block each."""
    total = state.overview.open_findings
    lines = [f"quarantined inputs: {len(state.rejected)}"]
    lines += [f"  {path}:{line}: {reason}" for path, line, reason in state.rejected]
    lines.append(f"open findings: {total}")
    for row in state.findings.itertuples(index=False):
        zh, en, code = _text(row.indicator_name_zh), _text(row.indicator_name_en), _text(row.indicator_code)
        indicator = f"{zh} / {en}" if zh is not None and en is not None else (code or "")
        lines.append(f"  [{row.severity}] {row.rule_id}: {indicator}")
        lines.append(f"      {row.doc_a}: {row.quote_a}")
        if _text(row.doc_b):
            lines.append(f"      {row.doc_b}: {row.quote_b}")
    if total > len(state.findings):
        lines.append(f"  … and {total - len(state.findings)} more: `plan-warehouse findings` or marts.fct_open_findings")
    return lines


def summarize(outcome: RefreshOutcome, database: str, exists: bool) -> str:
    """The plain-text summary `make run` prints."""
    lines = [outcome_line(outcome, database), ""]
    if exists:
        lines.append("tables (rows):")
        lines += [f"  {name:<44} {count:>8}" for name, count in table_counts(database)]
    ingest = outcome.ingest
    lines += ["", f"texts: {ingest[0]} parsed, {ingest[1]} unchanged, {ingest[2]} removed" if ingest else "texts: not ingested"]
    if outcome.published and server.team_profile():  # the marts are on the server; the file holds the raw layer
        lines += ["", "published on the server (team profile): open findings in marts.fct_open_findings"]
    elif outcome.published:
        lines += ["", *findings_lines(published_state(database))]
    failed = outcome.failed_checks
    lines += ["", f"checks: {len(outcome.checks) - len(failed)} passed, {len(failed)} failed"]
    lines += [f"  FAILED [{sev}] {asset} :: {name}" for asset, name, _, sev in failed]
    if not outcome.published:
        lines.append("  published_warehouse did not run: a step or a blocking (ERROR) check failed")
    for step, error in outcome.steps:
        lines.append(f"  step failed: {step}: {error}" if error is not None else f"  step skipped: {step}")
    return "\n".join(lines)
