"""What a refresh runs over (issue 8): the stale texts only, and metadata that does not grow with
the number of documents; old dbt target folders are pruned."""

import os
import time

from orchestration.defs.assets.dbt import prune_run_targets
from orchestration.defs.assets.ingest import LISTED, listed
from orchestration.defs.automation import RANGE_END, RANGE_START, refresh_tags

KEYS = ["a.txt", "b.txt", "c.txt", "d.txt"]


def test_unknown_staleness_covers_every_document():
    assert refresh_tags(KEYS, None) == {RANGE_START: "a.txt", RANGE_END: "d.txt"}


def test_stale_texts_span_the_range_in_partition_order():
    assert refresh_tags(KEYS, {"c.txt", "b.txt"}) == {RANGE_START: "b.txt", RANGE_END: "c.txt"}
    assert refresh_tags(KEYS, {"d.txt"}) == {RANGE_START: "d.txt", RANGE_END: "d.txt"}


def test_nothing_stale_runs_one_partition():
    assert refresh_tags(KEYS, set()) == {RANGE_START: "d.txt", RANGE_END: "d.txt"}
    assert refresh_tags([], set()) == {}


def test_listed_names_are_capped():
    names = [f"{i}.txt" for i in range(1000)]
    value = listed(names).value
    assert len(value) == LISTED + 1 and value[-1] == f"… and {1000 - LISTED} more"
    assert listed(names[:3]).value == names[:3]


def test_old_run_targets_are_pruned_but_recent_ones_kept(tmp_path):
    now = time.time()
    folders = []
    for i in range(14):
        d = tmp_path / f"dbt_models-{i:07d}-x"
        d.mkdir()
        age = 7200 + i * 60 if i < 12 else 60  # twelve old, two from the last minutes
        os.utime(d, (now - age, now - age))
        folders.append(d)
    (tmp_path / "manifest.json").write_text("{}")
    current = folders[12]
    removed = prune_run_targets(tmp_path, keep=5, current=current)
    left = sorted(p.name for p in tmp_path.glob("dbt_models-*"))
    # kept: the current run, the other recent one and the three newest old ones (keep=5 in all)
    assert removed == 9 and len(left) == 5
    assert {current.name, folders[13].name, folders[0].name, folders[1].name, folders[2].name} == set(left)
    assert (tmp_path / "manifest.json").exists()
