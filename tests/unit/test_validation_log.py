"""When a per-document suite may validate only the new documents' rows (orchestration.quality.validation_log)."""

import dataclasses
import time

import duckdb

from orchestration.quality.gx_validation import load_suites
from orchestration.quality.validation_log import (
    ALL,
    NEW,
    VALIDATION_LOG,
    log_validation,
    new_documents_filter,
    still_holds,
    suite_fingerprint,
)
from orchestration.storage.paths import EXPECTATIONS_DIR

SPEC = next(s for s in load_suites(EXPECTATIONS_DIR / "suites") if s.scope == "document")


def test_the_fingerprint_follows_the_suite_the_model_and_the_parser():
    base = suite_fingerprint(SPEC, "sql-1", "parser-1")
    assert base == suite_fingerprint(SPEC, "sql-1", "parser-1")
    edited = dataclasses.replace(SPEC, expectations=SPEC.expectations[:-1])
    assert len({base, suite_fingerprint(edited, "sql-1", "parser-1"), suite_fingerprint(SPEC, "sql-2", "parser-1"),
                suite_fingerprint(SPEC, "sql-1", "parser-2")}) == 4


def test_only_a_passed_validation_under_the_same_fingerprint_still_holds():
    con = duckdb.connect()
    assert still_holds(con, "gx_x", "f1") is None  # no log yet: a first build validates every row
    log_validation(con, "run-1", "gx_x", "f1", ALL, 13, 13, True)
    held = still_holds(con, "gx_x", "f1")
    assert held and held.run_id == "run-1" and held.scope == ALL
    assert still_holds(con, "gx_x", "f2") is None  # the suite, model or parser changed
    assert still_holds(con, "gx_other", "f1") is None
    time.sleep(0.01)
    log_validation(con, "run-2", "gx_x", "f1", NEW, 2, 15, False)  # the last one failed: validate all again
    assert still_holds(con, "gx_x", "f1") is None
    time.sleep(0.01)
    log_validation(con, "run-3", "gx_x", "f1", ALL, 15, 15, True)
    assert still_holds(con, "gx_x", "f1").run_id == "run-3"
    assert con.execute(f"SELECT count(*) FROM {VALIDATION_LOG}").fetchall() == [(3,)]


def test_the_new_documents_are_those_parsed_in_the_run():
    con = duckdb.connect()
    con.execute("CREATE SCHEMA raw")
    con.execute("CREATE TABLE raw.documents AS SELECT * FROM (VALUES ('a-1', 'seeds/texts/a.txt'), "
                "('a-2', 'seeds/texts/a.txt'), ('b-1', 'seeds/texts/b.txt')) t(doc_id, source_file)")
    con.execute("CREATE TABLE raw.parse_log AS SELECT * FROM (VALUES ('seeds/texts/a.txt', 'run-1'), "
                "('seeds/texts/b.txt', 'run-2')) t(source_file, run_id)")
    con.execute("CREATE TABLE p AS SELECT * FROM (VALUES ('a-1', 1), ('a-2', 1), ('a-2', 2), ('b-1', 1)) t(doc_id, n)")
    where, params = new_documents_filter("run-2")
    assert con.execute(f"SELECT doc_id, n FROM p{where}", params).fetchall() == [("b-1", 1)]
    where, params = new_documents_filter("run-1")
    assert len(con.execute(f"SELECT * FROM p{where}", params).fetchall()) == 3
