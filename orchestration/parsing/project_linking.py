"""Project mentions linked to the curated project catalog by name and alias.

Pure code (no Dagster, no DuckDB). Reports write a project in several forms; the rules, in order:

1. ``name`` / ``alias`` (score 1.0): the mention, normalised (NFKC, no quotes, spaces or
   brackets' width differences, ``·`` unified), equals the catalog name or one of its aliases.
2. ``variant`` (0.9): equal once both sides drop what a report may leave out — a generic tail
   (``项目``, ``工程``: ``suffix`` words) and modifiers (``民用`` in 聊城民用机场 → 聊城机场:
   ``optional`` words) — and their phases (``（一期）``, ``二期``) agree: a phase written on
   both sides must be the same one, a phase on one side only is no conflict.
3. ``owner`` (0.8): one most reduced name is the other with an owner in front (国电投临清风电 /
   临清风电, 鲁西化工己内酰胺·尼龙6 / 己内酰胺·尼龙6): the shorter keeps ≥ 4 characters (风电项目
   → 风电 is too little to name a project) and the owner is 2–6 characters (or ends with an
   ``owner_end`` word: 集团, 公司).

A mention two projects match equally is ``ambiguous`` and stays unlinked. An unlinked mention
gets a ``candidate_key`` (its most reduced form, phase kept) that groups the forms of one
unknown project. Word lists: ``lexicons/project_link_words.csv`` (word, category), validated on
load (``LexiconError`` with file:line).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from orchestration.parsing.lexicons import DIRECTORY as LEXICONS
from orchestration.parsing.lexicons import LexiconError

WORDS_PATH = LEXICONS / "project_link_words.csv"
CATEGORIES = ("suffix", "optional", "owner_end")
MIN_CORE = 4  # characters a name keeps when an owner is taken off the other one
OWNER_LENGTH = (2, 6)

_DROP = re.compile(r"[\s“”\"‘’'《》〈〉「」『』]")
_DOTS = re.compile(r"[•・‧∙]")
_PHASE = re.compile(r"\(?([一二三四五六七八九十0-9]+)期\)?")


@dataclass(frozen=True)
class LinkWords:
    suffix: tuple[str, ...]
    optional: tuple[str, ...]
    owner_end: tuple[str, ...]


def load_words(path: Path = WORDS_PATH) -> LinkWords:
    """The linker's word lists; a bad row raises LexiconError naming file and line."""
    if not path.exists():
        raise LexiconError(path, 1, "lexicon is missing")
    found: dict[str, list[str]] = {c: [] for c in CATEGORIES}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        if header != ["word", "category"]:
            raise LexiconError(path, 1, f"header must be word,category, not {','.join(header) or '(empty)'}")
        for fields in reader:
            line = reader.line_num
            if not fields:
                continue
            if len(fields) != 2:
                raise LexiconError(path, line, f"{len(fields)} fields, header has 2")
            word, category = fields
            if not word or word != word.strip():
                raise LexiconError(path, line, "column 'word': empty word or surrounding spaces")
            if category not in CATEGORIES:
                raise LexiconError(path, line, f"column 'category': unknown category {category!r} (one of {', '.join(CATEGORIES)})")
            if word in found[category]:
                raise LexiconError(path, line, f"duplicate entry {word!r} in {category!r}")
            found[category].append(word)
    by_length = {c: tuple(sorted(w, key=len, reverse=True)) for c, w in found.items()}
    return LinkWords(**by_length)


@cache
def default_words() -> LinkWords:
    return load_words()


def normalise(name: str) -> str:
    """NFKC (full-width brackets and digits), no quotes or spaces, one middle dot."""
    return _DOTS.sub("·", _DROP.sub("", unicodedata.normalize("NFKC", name or "")))


@dataclass(frozen=True)
class Form:
    exact: str  # normalised
    phase: str | None  # 一期, 2期 … (the number only)
    reduced: frozenset[str]  # the forms a report may write, phase left out

    @property
    def core(self) -> str:
        """The most reduced form (no phase, tail or modifier)."""
        return min(self.reduced, key=lambda k: (len(k), k)) if self.reduced else self.exact


def form_of(name: str, words: LinkWords | None = None) -> Form:
    words = words or default_words()
    exact = normalise(name)
    phases = _PHASE.findall(exact)
    base = _PHASE.sub("", exact).replace("()", "")
    out = {base}
    stripped = base
    changed = True
    while changed:  # 项目 / 工程 at the end, repeatedly (…工程项目)
        changed = False
        for w in words.suffix:
            if stripped.endswith(w) and len(stripped) - len(w) >= 2:
                stripped, changed = stripped[: -len(w)], True
    out.add(stripped)
    for key in list(out):
        bare = key
        for w in words.optional:
            if w in bare and len(bare) - len(w) >= 2:
                bare = bare.replace(w, "")
        out.add(bare)
    return Form(exact, phases[-1] if phases else None, frozenset(k for k in out if k))


def candidate_key(name: str, words: LinkWords | None = None) -> str:
    """The most reduced form of a name, with its phase: what groups the forms of one unknown project."""
    form = form_of(name, words)
    return form.core + (f"{form.phase}期" if form.phase else "")


@dataclass(frozen=True)
class CatalogName:
    project_code: str
    name: str
    is_alias: bool
    form: Form


@dataclass(frozen=True)
class Link:
    project_code: str | None
    rule: str  # name | alias | variant | owner | ambiguous | none
    score: float | None
    matched_name: str | None  # the catalog name or alias it matched


def catalog_names(projects: Iterable[Mapping], words: LinkWords | None = None) -> list[CatalogName]:
    """Every name and alias of ``projects`` rows (project_code, name_zh or project_name_zh, aliases)."""
    words = words or default_words()
    out = []
    for row in projects:
        name = row.get("name_zh") or row.get("project_name_zh")
        aliases = row.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [a for a in aliases.split("|") if a]
        own = form_of(name, words)
        out.append(CatalogName(row["project_code"], name, False, own))
        for alias in aliases:  # an alias without a phase still names the project's phase (己内酰胺·尼龙6 is phase 1)
            form = form_of(alias, words)
            out.append(CatalogName(row["project_code"], alias, True, replace(form, phase=form.phase or own.phase)))
    return out


def _phases_agree(a: Form, b: Form) -> bool:
    return a.phase is None or b.phase is None or a.phase == b.phase


def _owner_of(longer: str, shorter: str, words: LinkWords) -> bool:
    if len(shorter) < MIN_CORE or not longer.endswith(shorter):
        return False
    owner = longer[: -len(shorter)]
    return OWNER_LENGTH[0] <= len(owner) <= OWNER_LENGTH[1] or any(owner.endswith(w) for w in words.owner_end)


def link_name(name: str, catalog: Sequence[CatalogName], words: LinkWords | None = None) -> Link:
    """The catalog project a mention names, by the first rule that gives exactly one project."""
    words = words or default_words()
    form = form_of(name, words)
    rules = (
        ("name", 1.0, lambda c: not c.is_alias and c.form.exact == form.exact),
        ("alias", 1.0, lambda c: c.is_alias and c.form.exact == form.exact),
        ("variant", 0.9, lambda c: _phases_agree(c.form, form) and bool(c.form.reduced & form.reduced)),
        ("owner", 0.8, lambda c: _phases_agree(c.form, form) and (
            _owner_of(c.form.core, form.core, words) or _owner_of(form.core, c.form.core, words))),
    )
    for rule, score, matches in rules:
        hits = [c for c in catalog if matches(c)]
        codes = sorted({c.project_code for c in hits})
        if len(codes) == 1:
            return Link(codes[0], rule, score, hits[0].name)
        if len(codes) > 1:
            return Link(None, "ambiguous", None, "|".join(codes))
    return Link(None, "none", None, None)
