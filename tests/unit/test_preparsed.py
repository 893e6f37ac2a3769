"""Texts parsed ahead (orchestration/inputs/preparsed.py) and the executor switch (orchestration/defs/parallel.py)."""

import hashlib

import pytest

from orchestration.defs.parallel import batches, executor_config, parallel_executor
from orchestration.inputs import preparsed
from orchestration.inputs.curated import region_aliases
from orchestration.inputs.texts import parse_text_file
from tests.conftest import ROOT, SEED


@pytest.fixture(scope="module")
def seed_result():
    rows = preparsed.region_rows(ROOT / "seeds")
    data = SEED.read_bytes()
    result = parse_text_file(data, source_file=f"seeds/texts/{SEED.name}", sha256=hashlib.sha256(data).hexdigest(),
                             region_aliases=region_aliases(rows),
                             fact_region_aliases=region_aliases(rows, with_misspellings=True))
    return rows, result


def test_a_result_is_reused_only_for_the_same_bytes_parser_and_regions(tmp_path, seed_result):
    rows, result = seed_result
    digest = preparsed.regions_digest(rows)
    preparsed.save(tmp_path, SEED.name, result, digest)
    loaded = preparsed.load(tmp_path, SEED.name, result.sha256, digest)
    assert loaded == result and loaded.facts
    assert preparsed.load(tmp_path, SEED.name, "0" * 64, digest) is None  # the text changed since
    assert preparsed.load(tmp_path, SEED.name, result.sha256, preparsed.regions_digest(rows[1:])) is None
    assert preparsed.load(tmp_path, "other.txt", result.sha256, digest) is None
    assert not list(tmp_path.glob("*.tmp"))


def test_the_region_digest_ignores_row_order(seed_result):
    rows, _ = seed_result
    assert preparsed.regions_digest(rows) == preparsed.regions_digest(list(reversed(rows)))


def test_the_executor_switch(monkeypatch):
    monkeypatch.delenv("PLAN_EXECUTOR", raising=False)
    assert parallel_executor() is None
    monkeypatch.setenv("PLAN_EXECUTOR", "Dask")
    assert parallel_executor() == "dask"
    monkeypatch.setenv("PLAN_EXECUTOR", "spark")
    with pytest.raises(ValueError, match="PLAN_EXECUTOR='spark'"):
        parallel_executor()
    monkeypatch.setenv("PLAN_DASK_SCHEDULER", "tcp://10.0.0.5:8786")
    assert executor_config("dask") == {"cluster": {"existing": {"address": "tcp://10.0.0.5:8786"}}}
    monkeypatch.delenv("PLAN_DASK_SCHEDULER")
    monkeypatch.setenv("PLAN_DASK_WORKERS", "3")
    assert executor_config("dask")["cluster"]["local"]["n_workers"] == 3
    monkeypatch.setenv("PLAN_PARSE_PROCESSES", "0")
    with pytest.raises(ValueError, match="at least 1"):
        executor_config("multiprocess")


def test_batches_keep_partition_order():
    assert batches(["a", "b", "c", "d", "e"], 2) == (("a", "b"), ("c", "d"), ("e",))
    assert batches([], 2) == ()
