"""The extractor's lexicons: CSV files validated on load with file:line errors, compiled forwards,
and the extractor version that hashes them with the code."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from orchestration.parsing import lexicons
from orchestration.parsing.facts import EXTRACTOR_VERSION
from orchestration.parsing.facts.lexicon import CHANGE_REV_RE, COMPARE_REV_RE, TRAIL_REV_RE, Raw, backwards
from orchestration.parsing.facts.version import source_files, version_of
from orchestration.parsing.lexicons import LexiconError


@pytest.fixture
def copy(tmp_path) -> Path:
    """A writable copy of the shipped lexicons."""
    target = tmp_path / "lexicons"
    target.mkdir()
    for path in lexicons.DIRECTORY.glob("*.csv"):
        shutil.copy(path, target / path.name)
    return target


def edit(path: Path, line: int, new: str | None) -> None:
    """Replace (or, with None, insert before) 1-based line ``line``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[line - 1:line] = [new] if new is not None else []
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def append(path: Path, row: str) -> int:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + row + "\n", encoding="utf-8")
    return len(text.splitlines()) + 1


def test_shipped_lexicons_load_and_every_category_is_used():
    loaded = lexicons.load()
    assert set(loaded) == set(lexicons.SCHEMAS)
    for name, schema in lexicons.SCHEMAS.items():
        used = {r[schema.category_column] for r in loaded[name]}
        assert used <= schema.categories
        if schema.category_column == "category":
            assert used == schema.categories, (name, schema.categories - used)
    units = {r["written"]: r for r in loaded["units"]}
    assert units["千瓦"]["code"] == "kw" and units["兆瓦"]["factor"] == 1000.0
    assert units["公顷"]["factor"] == 15.0 and units["度"]["flags"] == "needs_mult"


@pytest.mark.parametrize(
    ("name", "row", "message"),
    [
        ("change_verbs", "增长,increase", "duplicate entry '增长' in 'increase' (first on line"),
        ("change_verbs", "增长,growth", "unknown category 'growth'"),
        ("subject_words", ",lead", "empty word"),
        ("target_cues", "力争,target,extra", "3 fields, header has 2"),
        ("qualifiers", "约", "1 fields, header has 2"),
        ("units", "千瓦,kw,1,measure,", "duplicate entry '千瓦'"),
        ("units", "万瓦,kw,ten,measure,", "column 'factor': 'ten' is not a number"),
        ("units", "万瓦,kw,0,measure,", "column 'factor': '0' must be positive"),
        ("units", "万瓦,kw,1,measure,needs_mult|loud", "unknown flag 'loud'"),
        ("units", "万瓦,kw,1,power,", "column 'kind': unknown category 'power'"),
        ("figure_contexts", " 排名,rank_context", "surrounding spaces"),
    ],
)
def test_a_broken_lexicon_names_its_file_and_line(copy, name, row, message):
    path = copy / f"{name}.csv"
    line = append(path, row)
    with pytest.raises(LexiconError) as err:
        lexicons.load(copy)
    assert err.value.path == str(path) and err.value.line == line
    assert str(err.value).startswith(f"{path}:{line}: ") and message in str(err.value)


def test_a_wrong_header_or_a_missing_file_is_line_1(copy):
    edit(copy / "qualifiers.csv", 1, "word,kind")
    with pytest.raises(LexiconError, match=r"qualifiers\.csv:1: header must be word,category, not word,kind"):
        lexicons.load(copy)
    edit(copy / "qualifiers.csv", 1, "word,category")
    (copy / "target_cues.csv").unlink()
    with pytest.raises(LexiconError, match=r"target_cues\.csv:1: lexicon 'target_cues' is missing"):
        lexicons.load(copy)


def test_blank_lines_and_comments_are_skipped_and_lines_still_count(copy):
    path = copy / "target_cues.csv"
    edit(path, 2, None)  # drop the first word, then put a comment and a blank line at the top
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], "# cues of a target", "", *lines[1:]]) + "\n", encoding="utf-8")
    rows = lexicons.rows("target_cues", copy)
    assert rows[0]["source_line"] == 4 and len(rows) == len(lexicons.rows("target_cues")) - 1


def test_words_are_forwards_and_reversed_regexes_are_built_from_them():
    assert "增长" in lexicons.words("change_verbs", "increase")
    assert "提高" in lexicons.words("change_verbs", "level_to")
    for csv_path in lexicons.DIRECTORY.glob("*.csv"):
        text = csv_path.read_text(encoding="utf-8")
        for backwards_word in ("长增", "于高", "国全", "平水均平"):  # no hand-reversed entry
            assert f"\n{backwards_word}," not in text, (csv_path.name, backwards_word)
    assert CHANGE_REV_RE.match("提高到"[::-1]).lastgroup == "level"
    assert CHANGE_REV_RE.match("净增"[::-1])["inc"] == "增净"
    m = COMPARE_REV_RE.match("高于全国平均水平"[::-1])
    assert m["up"] and m["what"][::-1] == "全国"
    assert COMPARE_REV_RE.match("快于2024年"[::-1])["what"][::-1] == "2024年"
    assert TRAIL_REV_RE.match("比2020年增长"[::-1]).end() == len("比2020年增长")


def test_backwards_matches_on_reversed_text_what_the_forward_sequence_says():
    rx = re.compile(backwards((["较", "比"], "?"), "“十", Raw("[一二三四五六七八九]"), "五”", "时期") + "$")
    for text in ("较“十三五”时期", "“十四五”时期", "比“十二五”时期"):
        assert rx.match(text[::-1]), text
    assert not rx.match("较“十三五”末"[::-1])


def test_the_extractor_version_hashes_code_and_lexicons(copy, tmp_path):
    assert re.fullmatch(r"[0-9a-f]{12}", EXTRACTOR_VERSION)
    assert version_of(source_files(copy)) == EXTRACTOR_VERSION  # an identical copy: same version
    crlf = copy / "units.csv"
    crlf.write_bytes(crlf.read_bytes().replace(b"\n", b"\r\n"))
    assert version_of(source_files(copy)) == EXTRACTOR_VERSION  # line endings do not count
    append(copy / "target_cues.csv", "务必,target")
    changed = version_of(source_files(copy))
    assert changed != EXTRACTOR_VERSION
    names = {f"{p.parent.name}/{p.name}" for p in source_files()}
    assert {"facts/builder.py", "parsing/numbers.py", "lexicons/units.csv", "lexicons/__init__.py"} <= names


def test_a_new_extractor_version_reparses_every_text_and_only_then():
    from orchestration.inputs.texts import PARSER_VERSION, plan_reparse

    assert PARSER_VERSION.endswith(f"+extract-{EXTRACTOR_VERSION}")
    current = {"a.txt": "h1", "b.txt": "h2"}
    stored = {name: (sha, PARSER_VERSION) for name, sha in current.items()}
    assert plan_reparse(current, stored, current).reparse == ()
    old = {name: (sha, PARSER_VERSION.replace(EXTRACTOR_VERSION, "000000000000")) for name, sha in current.items()}
    assert plan_reparse(current, old, current).reparse == ("a.txt", "b.txt")
