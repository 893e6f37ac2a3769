"""Data-quality rules that concern one document, run at ingest: a document that breaks one is
quarantined (kept out of the warehouse, listed in quality.rejected_inputs with the rule and the
failing row) while every other document is loaded. No Dagster here.

The rules are the Great Expectations suites in expectations/suites/ that declare
``"scope": "document"``; each names the raw table it reads and how its columns are called in
staging (``"raw_table"``, ``"raw_columns"``: staging name -> raw name), so the same suite also
runs as the blocking (ERROR) asset check over the whole staging table — which then concerns the
warehouse as a whole, since no document that breaks it got in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orchestration.quality.gx_validation import SuiteSpec, load_suites, validate_frame

EXCERPT = 60  # characters of the failing value quoted in the reason


@dataclass(frozen=True)
class Quarantined:
    doc_id: str
    source_file: str
    line: int | None
    rule: str  # suite/expectation
    reason: str


def document_suites(directory: Path) -> list[SuiteSpec]:
    return [s for s in load_suites(directory) if s.scope == "document"]


def failing_documents(spec: SuiteSpec, rows: list[dict[str, Any]], source: str) -> list[Quarantined]:
    """Validate ``rows`` (records of ``spec.raw_table``) with the suite; one Quarantined per document
    with a failing row, naming the first failing expectation and row. ``source``: the suite's file."""
    if not rows:
        return []
    import pandas as pd

    frame = pd.DataFrame(rows).rename(columns={raw: name for name, raw in spec.raw_columns.items()})
    result = validate_frame(frame, spec, with_rows=True)
    if result.success:
        return []
    out: dict[str, Quarantined] = {}
    for detail in result.details:
        if detail["success"]:
            continue
        column = detail["kwargs"].get("column")
        for index in detail.get("unexpected_index", []):
            row = frame.iloc[index]
            doc_id = row["doc_id"]
            if doc_id in out:
                continue
            value = str(row[column]) if column else ""
            excerpt = value[:EXCERPT].replace("\n", "⏎") + (f"… ({len(value):,} characters)" if len(value) > EXCERPT else "")
            line = int(row["source_line"]) if "source_line" in row and pd.notna(row["source_line"]) else None
            rule = f"{spec.name}/{detail['expectation']}"
            out[doc_id] = Quarantined(
                doc_id=doc_id,
                source_file=row["source_file"],
                line=line,
                rule=rule,
                reason=f"article {doc_id} quarantined by rule {rule} ({source}) on {column}: "
                f"{detail.get('note') or spec.description} — row: {excerpt!r}",
            )
    return list(out.values())
