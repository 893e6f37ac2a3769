import pandas as pd

from orchestration.quality.gx_validation import load_suites, validate_frame
from orchestration.storage.paths import EXPECTATIONS_DIR


def _suite(name):
    return next(s for s in load_suites(EXPECTATIONS_DIR / "suites") if s.name == name)


def test_paragraph_suite_catches_column_break_artifacts():
    frame = pd.DataFrame({"paragraph_text": ["修好的段落。", "断在\n中间的段落。", "被分栏截断的产", "一是新建道路12公里"],
                          "column_breaks_repaired": [1, 0, 2, 0]})
    result = validate_frame(frame, _suite("staging_paragraphs"))
    assert not result.success and result.failed == 2
    failing = {d["expectation"]: d["unexpected_count"] for d in result.details if not d["success"]}
    assert failing == {"expect_column_values_to_not_match_regex": 1, "expect_column_values_to_match_regex": 1}


def test_paragraph_suite_passes_clean_paragraphs():
    # A single line kept without a full stop (a list item) is the splitter's decision, not a column break.
    frame = pd.DataFrame({"paragraph_text": ["一段。", "“引号里的话。”", "各位代表：", "二是新建学校3所"],
                          "column_breaks_repaired": [2, 0, 0, 0]})
    assert validate_frame(frame, _suite("staging_paragraphs")).success


def test_a_suite_error_in_the_worker_is_raised_here():
    """GX's own error, raised in the worker, reaches the caller as it would in-process."""
    import dataclasses

    import pytest

    spec = dataclasses.replace(_suite("staging_paragraphs"), expectations=({"type": "no_such_expectation"},))
    with pytest.raises(Exception, match="no_such_expectation not found") as raised:
        validate_frame(pd.DataFrame({"other": [1]}), spec)
    assert type(raised.value).__name__ == "ExpectationNotFoundError"


def test_validations_run_in_the_worker_and_this_process_never_imports_gx():
    """A fresh interpreter, as a refresh: the suite runs in the GX worker, results come back whole,
    and the calling process has not imported GX (its seconds of CPU stay on the other core)."""
    script = """
import sys
import pandas as pd
from orchestration.quality import gx_validation
from orchestration.quality.gx_validation import load_suites, validate_frame
from orchestration.storage.paths import EXPECTATIONS_DIR
spec = next(s for s in load_suites(EXPECTATIONS_DIR / "suites") if s.name == "staging_paragraphs")
bad = pd.DataFrame({"paragraph_text": ["修好的段落。", "断在\\n中间的段落。"], "column_breaks_repaired": [1, 0]})
result = validate_frame(bad, spec, with_rows=True)
assert not result.success and result.rows == 2, result
assert [d["unexpected_index"] for d in result.details if not d["success"]] == [[1]], result.details
assert validate_frame(bad.iloc[:1], spec).success
assert "great_expectations" not in sys.modules
print("worker", gx_validation._WORKER is not None)
"""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "worker True"


def test_a_dead_worker_is_replaced_and_nothing_is_lost(monkeypatch):
    import os
    import signal

    from orchestration.quality import gx_validation

    monkeypatch.setenv(gx_validation.WORKER_ENV, "1")
    spec = _suite("staging_paragraphs")
    frame = pd.DataFrame({"paragraph_text": ["断在\n中间的段落。"], "column_breaks_repaired": [0]})
    assert not validate_frame(frame, spec).success  # through the worker
    worker = gx_validation.start_gx_worker()
    pid = worker.pid
    assert pid != os.getpid() and worker.alive()
    os.kill(pid, signal.SIGKILL)
    worker.process.wait()
    # The next validation gets a new worker; one that finds its worker gone mid-request validates here.
    assert not validate_frame(frame, spec).success
    assert gx_validation.start_gx_worker().pid not in (pid, os.getpid())
    os.kill(gx_validation.start_gx_worker().pid, signal.SIGKILL)
    assert not validate_frame(frame, spec).success
    gx_validation.stop_gx_worker()


def test_without_the_worker_gx_runs_in_this_process(monkeypatch):
    from orchestration.quality import gx_validation

    monkeypatch.setenv(gx_validation.WORKER_ENV, "0")
    assert gx_validation.start_gx_worker() is None
    frame = pd.DataFrame({"paragraph_text": ["一段。"], "column_breaks_repaired": [0]})
    assert validate_frame(frame, _suite("staging_paragraphs")).success
    assert gx_validation._gx_context() is gx_validation._gx_context()


def test_a_column_measured_only_for_its_length_is_read_cut_and_gx_decides_the_same():
    """suite_columns reads a column whose every expectation is a value-length bound as its first
    max(bound) + 1 characters (the documents suite: body only has to be non-empty); GX's verdict and
    counts on the cut column are those on the whole one, at and around each bound."""
    import dataclasses

    import duckdb

    from orchestration.quality.gx_validation import suite_columns

    documents = _suite("staging_documents")
    assert "substr(body, 1, 2) AS body" in suite_columns(documents)
    assert "title" in suite_columns(documents) and "doc_id" in suite_columns(documents)
    bodies = [None, "", "a", "ab", "abc", "abcd", "abcde", "abcdef", "一" * 20_000]
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT * FROM (SELECT unnest(?) AS body)", [bodies])
    for bounds in ({"min_value": 1}, {"min_value": 2, "max_value": 4}, {"max_value": 5}):
        spec = dataclasses.replace(documents, expectations=(
            {"type": "expect_column_value_lengths_to_be_between", "kwargs": {"column": "body", **bounds}},))
        (cut,) = suite_columns(spec)
        assert cut.startswith("substr(body, 1, ")
        whole = validate_frame(con.execute("SELECT body FROM t").df(), spec)
        part = validate_frame(con.execute(f"SELECT {cut} FROM t").df(), spec)
        assert (part.success, part.details[0]["unexpected_count"]) == (whole.success, whole.details[0]["unexpected_count"])
        assert not whole.success
    # a column also compared by value, or filtered on, is read whole
    by_value = dataclasses.replace(documents, expectations=(
        {"type": "expect_column_value_lengths_to_be_between", "kwargs": {"column": "body", "min_value": 1}},
        {"type": "expect_column_values_to_not_match_regex", "kwargs": {"column": "body", "regex": "x"}}))
    assert suite_columns(by_value) == ["body"]
    filtered = dataclasses.replace(documents, expectations=(
        {"type": "expect_column_value_lengths_to_be_between", "kwargs": {"column": "title", "min_value": 1,
                                                                         "row_condition": 'body.notnull()'}},))
    assert suite_columns(filtered) == ["substr(title, 1, 2) AS title", "body"]
