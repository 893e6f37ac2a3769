"""Documents held out after breaking an ERROR consistency rule (orchestration.quality.holds)."""

import pytest

from orchestration.quality.holds import (
    Failing,
    Hold,
    HoldsFileError,
    active_hold,
    holds_path,
    load_holds,
    new_holds,
    save_holds,
)

FRESH = {"new-1": ("seeds/texts/new.txt", "sha-new"), "new-2": ("seeds/texts/new.txt", "sha-new")}


def test_a_failing_comparison_with_one_new_document_holds_that_document_only():
    held = new_holds([Failing("shares_within_0_100", "new-1", None, "135 %"),
                      Failing("county_within_city", "old-1", "new-2", "part 32.5% vs whole 19.1%")], FRESH, "p1", "run")
    assert sorted(held) == ["new-1", "new-2"]
    assert held["new-2"] == Hold("new-2", "seeds/texts/new.txt", "sha-new", "p1", "county_within_city",
                                 "part 32.5% vs whole 19.1%", "run")


def test_a_failing_comparison_between_published_documents_holds_nobody():
    # the failure is not the new texts' (a curated or code change): the refresh must stay unpublished
    assert new_holds([Failing("r", "new-1", None, "x"), Failing("r", "old-1", "old-2", "y")], FRESH, "p1", "run") is None
    assert new_holds([], FRESH, "p1", "run") is None


def test_a_hold_applies_only_to_the_same_text_read_by_the_same_parser(tmp_path):
    path = holds_path(tmp_path / "liaocheng.duckdb")
    assert path.name == ".liaocheng.holds.json" and load_holds(path) == {}
    save_holds(path, new_holds([Failing("r", "new-1", None, "135 %")], FRESH, "p1", "run"))
    holds = load_holds(path)
    assert active_hold(holds, "new-1", "sha-new", "p1") is not None
    assert active_hold(holds, "new-1", "sha-edited", "p1") is None  # the analyst fixed the text
    assert active_hold(holds, "new-1", "sha-new", "p2") is None  # a new parser reads it again
    assert active_hold(holds, "new-2", "sha-new", "p1") is None


def test_a_damaged_holds_file_fails_naming_it(tmp_path):
    path = tmp_path / ".w.holds.json"
    path.write_text("[{\"doc_id\": 1}]", encoding="utf-8")
    with pytest.raises(HoldsFileError, match=r"\.w\.holds\.json"):
        load_holds(path)
