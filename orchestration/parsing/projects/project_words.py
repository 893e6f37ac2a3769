"""The project extractor's word lists: ``parsing/lexicons/projects/*.csv``, validated on load.

``stages.csv`` (word, stage, flags): a lifecycle verb, its stage, ``weak`` for a vague progress verb; a
word with ``…`` is a frame around the name (抓好…进度: 抓好 before, 进度 later in the same clause).
``words.csv`` (word, category): ``head`` (a project name ends with it), ``suffix`` (a phase or
scope word a name may go on with after its head: 二期, 扩建), ``generic`` (a modifier that names no
project: 重点, 省级; a name whose modifier is only such words is dropped), ``not_project`` (a name holding
it is a programme, campaign or unnamed category), ``issue`` (a problem raised or settled, not a
stage), ``disjunction`` (two verbs joined by it leave the stage open), ``strip`` (a verb or adverb
that may precede a name and is not part of it), ``joiner`` (joins list items), ``classifier``
(the measure word of a counted group), ``not_head`` (a word holding a head that is none: 矿山, 港口,
上线), ``section`` (a name may end with it after its head and more text: 合新高铁安徽段), ``attach`` (a
list item starting with it belongs to the item before: 水库及配套灌溉工程), ``not_verb`` (a word holding a
stage verb that is a measure: 通车里程), ``rating`` (a designation, not a stage: 入选, 获评), ``grant``
(a verb that rates when a title follows it: 获批世界地质公园), ``field`` (a list descriptor naming fields or
categories: 等领域项目, 等新型基础设施; its members need a head of their own), ``bare`` (a head that
says no asset class: N个项目 is no counted group), ``programme_verb`` / ``programme_head`` / ``feature``
(a name ending in a programme head, carried out with a programme verb only and holding no other head
and no geographic feature word, is a programme: 实施人才兴业工程, not 实施东河河道治理工程),
``not_etc`` (a word holding 等 that closes no list: 高等级, 等级). A bad row raises ``LexiconError`` naming file and line.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from orchestration.parsing.lexicons import LexiconError

DIRECTORY = Path(__file__).resolve().parents[1] / "lexicons" / "projects"
STAGES = ("planning", "pre_construction", "approved", "under_construction", "completed", "in_operation", "none")
CATEGORIES = ("head", "suffix", "generic", "not_project", "issue", "disjunction", "strip", "joiner", "classifier",
              "not_head", "section", "attach", "not_verb", "rating", "grant", "field", "bare",
              "programme_verb", "programme_head", "feature", "not_etc")
FLAGS = ("weak",)


@dataclass(frozen=True)
class ProjectLexicon:
    stages: dict[str, tuple[str, bool]]  # verb -> (stage, weak)
    words: dict[str, frozenset[str]]  # category -> words


def _rows(path: Path, header: tuple[str, ...]):
    if not path.exists():
        raise LexiconError(path, 1, "lexicon is missing")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        first = next(reader, [])
        if tuple(first) != header:
            raise LexiconError(path, 1, f"header must be {','.join(header)}, not {','.join(first) or '(empty)'}")
        for fields in reader:
            line = reader.line_num
            if not fields:
                continue
            if len(fields) != len(header):
                raise LexiconError(path, line, f"{len(fields)} fields, header has {len(header)}")
            if not fields[0] or fields[0] != fields[0].strip():
                raise LexiconError(path, line, f"column {header[0]!r}: empty word or surrounding spaces")
            yield line, dict(zip(header, fields, strict=True))


def load(directory: Path | None = None) -> ProjectLexicon:
    directory = directory or DIRECTORY
    stages: dict[str, tuple[str, bool]] = {}
    path = directory / "stages.csv"
    for line, row in _rows(path, ("word", "stage", "flags")):
        if row["stage"] not in STAGES:
            raise LexiconError(path, line, f"column 'stage': unknown stage {row['stage']!r} (one of {', '.join(STAGES)})")
        flags = [f for f in row["flags"].split("|") if f]
        if bad := [f for f in flags if f not in FLAGS]:
            raise LexiconError(path, line, f"column 'flags': unknown flag {bad[0]!r} (one of {', '.join(FLAGS)})")
        if row["word"] in stages:
            raise LexiconError(path, line, f"duplicate entry {row['word']!r}")
        if "…" in row["word"] and (row["word"].count("…") != 1 or row["word"].startswith("…")
                                   or row["word"].endswith("…")):
            raise LexiconError(path, line, f"column 'word': a frame is before…after, not {row['word']!r}")
        stages[row["word"]] = (row["stage"], "weak" in flags)
    words: dict[str, set[str]] = {c: set() for c in CATEGORIES}
    path = directory / "words.csv"
    for line, row in _rows(path, ("word", "category")):
        if row["category"] not in CATEGORIES:
            raise LexiconError(path, line, f"column 'category': unknown category {row['category']!r} "
                                           f"(one of {', '.join(CATEGORIES)})")
        if row["word"] in words[row["category"]]:
            raise LexiconError(path, line, f"duplicate entry {row['word']!r} in {row['category']!r}")
        words[row["category"]].add(row["word"])
    return ProjectLexicon(stages, {c: frozenset(w) for c, w in words.items()})


@lru_cache(maxsize=1)
def default() -> ProjectLexicon:
    return load()
