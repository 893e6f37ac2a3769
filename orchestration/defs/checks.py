"""Great Expectations suites as Dagster asset checks.

* one check per suite file in expectations/suites/ (on a staging model), and
* one check per consistency rule in expectations/rules.yml (on its evidence model quality.qa_<kind>).

ERROR suites and rules are blocking: a failure skips everything downstream, publishing included.
Every result is also appended to quality.check_results in the run's build. On the team profile the
checks read the run's build schemas on the server (read-only transaction), GX validating pandas frames
as it does on DuckDB.
"""

import json
import os
from dataclasses import asdict
from datetime import UTC, datetime

import dagster as dg
import duckdb
from dagster_dbt import get_asset_key_for_model
from dagster_dbt.asset_utils import get_manifest_and_translator_from_dbt_assets

from orchestration.defs.resources import WarehouseResource
from orchestration.inputs.texts import PARSER_VERSION
from orchestration.quality.gx_validation import SuiteResult, SuiteSpec, load_suites, suite_columns, validate_frame
from orchestration.quality.holds import Failing, Hold, new_holds
from orchestration.quality.rules import Rule, load_rules, suite_for
from orchestration.quality.validation_log import ALL, NEW, log_validation, new_documents_filter, still_holds, suite_fingerprint
from orchestration.storage.paths import EXPECTATIONS_DIR
from orchestration.storage.warehouse import ensure_table, insert_rows

RULES_PATH = EXPECTATIONS_DIR / "rules.yml"
CHECK_RESULT_COLUMNS = {
    "run_id": "VARCHAR",
    "checked_at": "TIMESTAMP",
    "check_name": "VARCHAR",
    "rule_id": "VARCHAR",
    "severity": "VARCHAR",
    "status": "VARCHAR",  # passed | failed
    "rows_checked": "INTEGER",
    "rows_failed": "INTEGER",
    "observed": "VARCHAR",
    "expected": "VARCHAR",
    "documents": "VARCHAR[]",
    "quotes": "VARCHAR[]",
    "details": "VARCHAR",
}


FAILING_KEPT = 500  # failing comparisons kept whole (quotes, documents) in quality.check_results; all are counted
FAILING_COLUMNS = "doc_a, quote_a, doc_b, quote_b, detail, observed_value"  # what the record and the UI show
FAILING_ORDER = ", ".join(str(i + 1) for i in range(len(FAILING_COLUMNS.split(","))))  # every column (ORDER BY ALL)
FAILING_SHOWN = 50  # … and shown in the check's metadata in the UI


def _summary_md(details: list[dict]) -> str:
    lines = ["| expectation | column(s) | ok | unexpected | examples |", "| --- | --- | --- | --- | --- |"]
    for d in details:
        columns = d["kwargs"].get("column") or f"{d['kwargs'].get('column_A', '')} ≥ {d['kwargs'].get('column_B', '')}"
        examples = "; ".join(e.replace("|", "\\|").replace("\n", "⏎") for e in d["unexpected_examples"])
        lines.append(f"| {d['expectation']} | {columns} | {'✅' if d['success'] else '❌'} | {d['unexpected_count'] or 0} | {examples} |")
    return "\n".join(lines)


def _record(warehouse: WarehouseResource, run_id: str, spec: SuiteSpec, rule_id: str | None,
            result: SuiteResult, failing: list[dict], failed_rows: int) -> None:
    row = {
        "run_id": run_id,
        "checked_at": datetime.now(UTC).replace(tzinfo=None),
        "check_name": spec.name,
        "rule_id": rule_id,
        "severity": spec.severity,
        "status": "passed" if result.success else "failed",
        "rows_checked": result.rows,
        "rows_failed": failed_rows,
        "observed": "; ".join(f"{r.get('detail') or r.get('observed_value')}" for r in failing)[:2000] or f"{result.rows} rows pass",
        "expected": spec.description,
        "documents": sorted({d for r in failing for d in (r.get("doc_a"), r.get("doc_b")) if d}),
        "quotes": [q for r in failing for q in (r.get("quote_a"), r.get("quote_b")) if q],
        "details": json.dumps(result.details, ensure_ascii=False, default=str),
    }
    if warehouse.on_server:
        warehouse.append_rows("quality.check_results", CHECK_RESULT_COLUMNS, [row])
        return
    with warehouse.get_connection() as con:
        ensure_table(con, "quality.check_results", CHECK_RESULT_COLUMNS)
        insert_rows(con, "quality.check_results", CHECK_RESULT_COLUMNS, [row])


def _make_check(spec: SuiteSpec, asset_key: dg.AssetKey, rule: Rule | None = None,
                model_checksum: str | None = None) -> dg.AssetChecksDefinition:
    severity = dg.AssetCheckSeverity.ERROR if spec.severity == "ERROR" else dg.AssetCheckSeverity.WARN
    # dbt asset keys are [schema, model], so the key names the table too.
    table = ".".join(asset_key.path)
    where = f" WHERE rule_id = '{rule.id}'" if rule else ""
    select_list = ", ".join(suite_columns(spec)) or "*"
    source = f"expectations/rules.yml:{rule.source_line}" if rule else f"expectations/suites/{spec.path.name}"
    check_name = spec.name if rule else f"gx_{spec.name}"
    # a per-document suite validates only the rows of this run's documents while its last validation
    # holds (orchestration.quality.validation_log)
    fingerprint = (suite_fingerprint(spec, model_checksum, PARSER_VERSION)
                   if spec.scope == "document" and not rule and model_checksum else None)

    @dg.asset_check(
        asset=asset_key,
        name=check_name,
        description=f"[{spec.severity}, {source}] {spec.description}",
        blocking=spec.severity == "ERROR",
    )
    def _check(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
        # GX has no DuckDB source: read the rows into pandas. Tables grow with the reports (a rule's
        # evidence holds a row per pair of them): GX gets only the columns its suite reads, and a rule's
        # failing rows are fetched whole for the record. One connection per check reads and records.
        built = warehouse.build_table(table)  # the run's build schema on the team profile's server
        run_id = context.run.run_id
        with warehouse.build_reader() as reader:
            previous = (still_holds(reader.con, check_name, fingerprint)
                        if fingerprint and not warehouse.on_server else None)
            if previous:
                new_only, params = new_documents_filter(run_id)
                frame = reader.frame(f"SELECT {select_list} FROM {built}{new_only}", params)
                rows_in_table = reader.rows(f"SELECT count(*) FROM {built}")[0][0]
            else:
                frame = reader.frame(f"SELECT {select_list} FROM {built}{where}")
                rows_in_table = len(frame)
            failed_rows = reader.rows(f"SELECT count(*) FROM {built}{where} AND NOT passed")[0][0] if rule else 0
            failing = (reader.frame(f"SELECT {FAILING_COLUMNS} FROM {built}{where} AND NOT passed "
                                    f"ORDER BY {FAILING_ORDER} LIMIT {FAILING_KEPT}").to_dict("records") if failed_rows else [])
            holds = (rule_holds(reader, built, rule, context.run.run_id, warehouse)
                     if rule and failed_rows and spec.severity == "ERROR" else None)
        result = validate_frame(frame, spec)
        _record(warehouse, run_id, spec, rule.id if rule else None, result, failing, failed_rows)
        scope = {}
        if fingerprint and not warehouse.on_server:
            with warehouse.get_connection() as con:
                log_validation(con, run_id, check_name, fingerprint, NEW if previous else ALL, result.rows,
                               rows_in_table, result.success)
            scope = {
                "rows_in_table": rows_in_table,
                "validated_rows": (f"{NEW}: the rows of the documents parsed in this run; the other "
                                   f"{rows_in_table - result.rows:,} rows are unchanged since run {previous.run_id} "
                                   "validated them under the same suite, model and parser"
                                   if previous else f"{ALL}: every row of the table"),
                "validation_fingerprint": fingerprint,
            }
        metadata = {
            "suite": spec.name,
            "source": source,
            "rows_validated": result.rows,
            **scope,
            "expectations_evaluated": result.evaluated,
            "expectations_failed": result.failed,
            "results": dg.MetadataValue.json(result.details),
            "summary": dg.MetadataValue.md(_summary_md(result.details)),
        }
        if spec.severity == "ERROR" and not result.success:
            # what the refresh holds out if this failure stops the publish (orchestration.quality.holds)
            metadata["holdable"] = holds is not None
            metadata["holds"] = dg.MetadataValue.json([asdict(h) for h in (holds or {}).values()])
        if rule:
            metadata["failing_comparisons"] = dg.MetadataValue.md(_failing_md(failing[:FAILING_SHOWN], failed_rows))
            metadata["rows_failed"] = failed_rows
        return dg.AssetCheckResult(passed=result.success, severity=severity, metadata=metadata)

    return _check


def rule_holds(reader, table: str, rule: Rule, run_id: str, warehouse: WarehouseResource) -> dict[str, Hold] | None:
    """The new documents of this run (parsed in it, not in the published warehouse) that take part in
    the rule's failing comparisons, as holds; None when some failing comparison involves no new
    document. A changed version of a published document is not new: it blocks, and the published
    version stays (an edited text must not make its last good version vanish)."""
    failing = [Failing(rule.id, *row) for row in reader.rows(
        f"SELECT doc_a, doc_b, coalesce(detail, cast(observed_value AS VARCHAR)) FROM {table} "
        "WHERE rule_id = ? AND NOT passed ORDER BY 1, 2, 3", [rule.id])]
    fresh = {doc: (source_file, sha) for doc, source_file, sha in reader.rows(
        f"SELECT d.doc_id, d.source_file, l.sha256 FROM {warehouse.build_table('raw.documents')} AS d "
        f"JOIN {warehouse.build_table('raw.parse_log')} AS l USING (source_file) WHERE l.run_id = ?", [run_id])}
    published = warehouse.published_path  # the raw layer's published state (the DuckDB file on either profile)
    if fresh and os.path.exists(published):
        with duckdb.connect(published, read_only=True) as before:
            known = {d for (d,) in before.execute("SELECT doc_id FROM raw.documents").fetchall()}
        fresh = {doc: where for doc, where in fresh.items() if doc not in known}
    return new_holds(failing, fresh, PARSER_VERSION, run_id)


def _failing_md(rows: list[dict], total: int) -> str:
    if not rows:
        return "none"
    lines = ["| document A | quote A | document B | quote B | detail |", "| --- | --- | --- | --- | --- |"]
    for r in rows:
        lines.append(f"| {r.get('doc_a')} | {r.get('quote_a')} | {r.get('doc_b')} | {r.get('quote_b')} | {r.get('detail')} |")
    if total > len(rows):
        lines.append(f"\n… and {total - len(rows)} more (all in marts.fct_open_findings)")
    return "\n".join(lines)


def build_gx_checks(dbt_assets: dg.AssetsDefinition) -> list[dg.AssetChecksDefinition]:
    """One check per suite and per rule, on the dbt model it validates (an unknown model fails loudly)."""
    manifest, _, _ = get_manifest_and_translator_from_dbt_assets([dbt_assets])
    checksums = {node["name"]: node["checksum"]["checksum"] for node in manifest["nodes"].values()
                 if node["resource_type"] == "model"}
    checks = [
        _make_check(spec, get_asset_key_for_model([dbt_assets], spec.model), model_checksum=checksums.get(spec.model))
        for spec in load_suites(EXPECTATIONS_DIR / "suites")
    ]
    for rule in load_rules(RULES_PATH):
        spec = suite_for(rule)
        checks.append(_make_check(spec, get_asset_key_for_model([dbt_assets], spec.model), rule))
    return checks
