"""Great Expectations 1.x suites kept as data in expectations/suites/*.json, run on pandas frames.

GX has no DuckDB data source, so callers read a table over a read-only DuckDB connection and
validate the frame through a pandas data source. No Dagster import here.

GX's import takes seconds of CPU (~2.5 s here, more than a seed refresh's own work) and, in one
process, holds the interpreter while it runs. So validations run in a helper process
(orchestration.storage.worker_process): start_gx_worker(), called when a refresh starts, lets it
import GX on the other core while this process imports Dagster and plans the run; validate_frame()
sends it the frame and the suite and gets a SuiteResult back. If the worker cannot be used
(PLAN_GX_WORKER=0, or it died), GX runs in this process, as before.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orchestration.storage.worker_process import WorkerProcess

SEVERITIES = ("ERROR", "WARN")


@dataclass(frozen=True)
class SuiteSpec:
    name: str
    model: str  # the dbt model (table) validated
    severity: str  # ERROR blocks downstream assets; WARN annotates
    description: str
    expectations: tuple[dict[str, Any], ...]
    path: Path
    # "table" (default): checked over the staging model. "document": also run per document at ingest
    # (orchestration.quality.document_checks) on raw_table, whose columns raw_columns maps (staging -> raw).
    scope: str = "table"
    raw_table: str | None = None
    raw_columns: dict[str, str] = field(default_factory=dict)


@dataclass
class SuiteResult:
    suite: str
    success: bool
    evaluated: int
    failed: int
    rows: int
    details: list[dict[str, Any]] = field(default_factory=list)


def load_suite(path: Path) -> SuiteSpec:
    raw = json.loads(path.read_text(encoding="utf-8"))
    missing = {"name", "model", "severity", "expectations"} - raw.keys()
    if missing:
        raise ValueError(f"{path}: suite is missing {sorted(missing)}")
    if raw["severity"] not in SEVERITIES:
        raise ValueError(f"{path}: severity {raw['severity']!r} is not one of {SEVERITIES}")
    if raw.get("scope", "table") not in ("table", "document"):
        raise ValueError(f"{path}: scope {raw['scope']!r} is not 'table' or 'document'")
    if raw.get("scope") == "document" and not raw.get("raw_table"):
        raise ValueError(f"{path}: a suite of scope 'document' names its raw_table")
    for i, exp in enumerate(raw["expectations"]):
        if not isinstance(exp, dict) or "type" not in exp:
            raise ValueError(f"{path}: expectation #{i + 1} has no 'type'")
    return SuiteSpec(
        name=raw["name"],
        model=raw["model"],
        severity=raw["severity"],
        description=raw.get("description", ""),
        expectations=tuple(raw["expectations"]),
        path=path,
        scope=raw.get("scope", "table"),
        raw_table=raw.get("raw_table"),
        raw_columns=dict(raw.get("raw_columns", {})),
    )


def load_suites(directory: Path) -> list[SuiteSpec]:
    return [load_suite(p) for p in sorted(directory.glob("*.json"))]


_CONTEXT_LOCK = threading.Lock()


def _gx_context() -> Any:
    """One ephemeral GX context per process (no files, no analytics, no progress bars), shared by every
    validation instead of a context and a data source built per check. Thread-safe: prefetch_gx()
    builds it in a background thread."""
    with _CONTEXT_LOCK:
        return _new_context()


@functools.cache
def _new_context() -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.data_sources.add_pandas("warehouse")
    return context


def _batch_definition(spec: SuiteSpec) -> Any:
    """The whole-frame batch definition of a suite's table, created once per process."""
    source = _gx_context().data_sources.get("warehouse")
    name = f"{spec.name}:{spec.model}"
    try:
        asset = source.get_asset(name)
    except LookupError:
        asset = source.add_dataframe_asset(name=name)
    try:
        return asset.get_batch_definition("whole_table")
    except (KeyError, LookupError, ValueError):
        return asset.add_batch_definition_whole_dataframe("whole_table")


def _suite(spec: SuiteSpec) -> Any:
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    suite = gx.ExpectationSuite(name=spec.name)
    for exp in spec.expectations:
        config = ExpectationConfiguration(type=exp["type"], kwargs=exp.get("kwargs", {}), meta={"note": exp.get("note", "")})
        suite.add_expectation(config.to_domain_obj())
    return suite


WORKER_ENV = "PLAN_GX_WORKER"  # "0": validate in this process (no helper process)
_WORKER: WorkerProcess | None = None
_WORKER_LOCK = threading.Lock()  # one request at a time on the worker's pipes


def serve(channel: Any) -> None:
    """The worker (orchestration.storage.worker_process): import GX, then validate what it is sent."""
    try:
        _gx_context()
    except Exception:  # reported with the first validation, which tries again
        pass
    while True:
        frame, spec, with_rows = channel.recv()  # EOFError when the refresh is done: the worker ends
        try:
            channel.send(("ok", validate_here(frame, spec, with_rows=with_rows)))
        except Exception as err:
            try:
                channel.send(("error", err))
            except Exception:  # an exception that does not pickle: its text
                channel.send(("error", RuntimeError(f"{type(err).__name__}: {err}")))


def worker_enabled() -> bool:
    return os.environ.get(WORKER_ENV, "1").strip() != "0"


def start_gx_worker() -> WorkerProcess | None:
    """The process's GX worker, started (it imports GX at once) on first call; None if disabled.
    Cheap to call again."""
    global _WORKER
    if not worker_enabled():
        return None
    with _WORKER_LOCK:
        if _WORKER is None or not _WORKER.alive():
            _WORKER = WorkerProcess(__name__, "serve").start()
        return _WORKER


def stop_gx_worker() -> None:
    """End the worker (at exit; a later validation starts a new one)."""
    global _WORKER
    with _WORKER_LOCK:
        worker, _WORKER = _WORKER, None
    if worker is not None:
        worker.stop()


atexit.register(stop_gx_worker)


def prefetch_gx() -> None:
    """Have GX imported before the first check needs it: start the worker, which imports it at once
    (in this process, with the worker disabled: a background thread, as the step only waits for dbt)."""
    if start_gx_worker() is not None:
        return

    def load() -> None:
        try:
            _gx_context()
        except Exception:
            pass

    threading.Thread(target=load, name="gx-prefetch", daemon=True).start()


def validate_frame(frame: Any, spec: SuiteSpec, *, with_rows: bool = False) -> SuiteResult:
    """Run the suite on a pandas DataFrame with GX (the worker's, else this process's ephemeral
    context; no files, no analytics).

    ``with_rows``: each expectation's details also list the frame index of every failing row
    (``unexpected_index``, GX's COMPLETE result format), to tell which rows broke it."""
    worker = start_gx_worker()
    if worker is not None:
        try:
            with _WORKER_LOCK:
                worker.channel.send((frame, spec, with_rows))
                kind, value = worker.channel.recv()
        except (EOFError, OSError, ValueError, AttributeError):  # the worker died (killed, out of memory)
            stop_gx_worker()  # validate here instead; the next validation starts a new worker
        else:
            if kind == "error":
                raise value
            return value
    return validate_here(frame, spec, with_rows=with_rows)


def validate_here(frame: Any, spec: SuiteSpec, *, with_rows: bool = False) -> SuiteResult:
    """validate_frame() in this process (what the worker runs)."""
    batch = _batch_definition(spec).get_batch(batch_parameters={"dataframe": frame})
    suite = _suite(spec)
    result = batch.validate(suite, result_format="COMPLETE") if with_rows else batch.validate(suite)
    details = []
    for r in result.results:
        res = r.result or {}
        details.append(
            {
                "expectation": r.expectation_config.type,
                "kwargs": {k: v for k, v in r.expectation_config.kwargs.items() if k != "batch_id"},
                "success": bool(r.success),
                "unexpected_count": res.get("unexpected_count"),
                "unexpected_examples": [str(v)[:120] for v in (res.get("partial_unexpected_list") or [])[:5]],
                "observed_value": _plain(res.get("observed_value")),
                **({"unexpected_index": [int(i) for i in (res.get("unexpected_index_list") or [])]} if with_rows else {}),
                **({"note": (r.expectation_config.meta or {}).get("note", "")} if with_rows else {}),
            }
        )
    stats = result.statistics
    return SuiteResult(
        suite=spec.name,
        success=bool(result.success),
        evaluated=int(stats["evaluated_expectations"]),
        failed=int(stats["unsuccessful_expectations"]),
        rows=len(frame),
        details=details,
    )


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


_CONDITION_WORDS = {"and", "or", "not", "in", "is", "True", "False", "None", "isnull", "notnull"}


def suite_columns(spec: SuiteSpec) -> list[str]:
    """What a suite's check selects: the columns its expectations name (column, column_A, column_B),
    in order of first use (a column only measured for its length, cut: _read_as); empty (read every
    column) when an expectation is about the table's columns themselves."""
    if any(exp["type"].startswith("expect_table_column") for exp in spec.expectations):
        return []
    names = [exp.get("kwargs", {}).get(k) for exp in spec.expectations for k in ("column", "column_A", "column_B")]
    # A row_condition (pandas parser) names the columns it filters on: GX needs them in the frame too.
    for exp in spec.expectations:
        condition = exp.get("kwargs", {}).get("row_condition")
        if isinstance(condition, str):
            names += [w for w in re.findall(r"[A-Za-z_]\w*", condition) if w not in _CONDITION_WORDS]
    return [_read_as(spec, n) for n in dict.fromkeys(n for n in names if n)]


_LENGTH_ONLY = {"expect_column_value_lengths_to_be_between"}


def _read_as(spec: SuiteSpec, column: str) -> str:
    """How a suite's column is read: whole, unless every expectation on it is about value lengths
    with numeric bounds. Then its first max(bounds) + 1 characters, under its own name: a length up
    to the bound is read exactly and a longer one stays longer than either bound, so GX decides the
    same, without pandas holding every article's body (1,000 reports: ~19 MB read for "longer than 0")."""
    if any(column in str(exp.get("kwargs", {}).get("row_condition") or "") for exp in spec.expectations):
        return column  # filtered on: compared by value
    uses = [exp for exp in spec.expectations
            if column in {exp.get("kwargs", {}).get(k) for k in ("column", "column_A", "column_B")}]
    bounds = [exp["kwargs"].get(k) for exp in uses for k in ("min_value", "max_value")]
    if not uses or any(exp["type"] not in _LENGTH_ONLY for exp in uses) \
            or not all(b is None or (isinstance(b, int) and not isinstance(b, bool)) for b in bounds) \
            or all(b is None for b in bounds):
        return column
    return f"substr({column}, 1, {max(b for b in bounds if b is not None) + 1}) AS {column}"
