"""`make eval`: the production reading path measured against independent gold annotations.

Runs every text annotated in ``../shared/gold/provincial_figures.csv`` (work reports,
``corpus/provincial_work_reports_2026``) and ``../shared/gold/dev_text_figures.csv``
(``corpus/dev_texts``) through the same functions the Dagster ingest asset calls:
``orchestration.inputs.texts.parse_text_file`` (decode -> ``parsing.documents.split_text`` ->
``parsing.facts.extract``) and then ``orchestration.inputs.fact_links`` (linking with the curated
overrides). Pure Python, no Dagster run, no DuckDB. Writes ``bench/eval.md`` and
``bench/eval.json``.

Comparison rules (each one is applied the same way to every file):

* **Where a fact is.** A fact's offsets are in its article body (repaired text). They are
  mapped back to the source file by aligning the fact's paragraph text with the file from the
  paragraph's ``source_line`` on: each body character is matched to the next equal file
  character (the splitter only removes whitespace, markup and clutter lines, so the body is a
  subsequence of the file; a character the splitter inserted — a space between Latin words —
  takes the position of the character before it; so does a ``，``/``；`` standing where the file
  has a tag: the splitter writes them for table cell and row ends).
* **Where a gold figure is.** Its ``sentence_anchor`` occurs exactly once in the file (the gold
  checkers guarantee it) and contains the ``quote`` exactly once: the gold span is the quote's
  position inside the located anchor.
* **Match.** A gold figure matches a fact whose file span overlaps the gold span. Matching is
  one to one: candidate pairs are taken best first (quote identical after normalising
  full-width ``％``/digits, then the larger overlap), each gold row and each fact used once.
* **Recall** = matched gold rows / gold rows. **Precision** = matched facts / facts in scope,
  where scope is what the gold covers exhaustively: for the work reports, the annotated
  paragraphs (one paragraph is one file line: the lines holding the anchors); for the dev
  texts, every line from the body start (the line after the front matter's closing ``---``,
  else the first line of prose: >= 15 characters ending in 。) to the last annotated line.
* **value**: gold ``number`` (or ``number_low``/``number_high`` for ranges) against the fact's
  ``value`` (``value_low``/``value_high``), both in the canonical unit: the gold number is
  multiplied by the factor of its written unit in ``parsing.numbers.UNITS`` (``成`` x10 ->
  percent, ``公顷`` -> 亩 ...). Equal within a relative 1e-6.
* **unit**: the gold ``unit_written`` normalised to its canonical code through ``UNITS``
  (``％`` = ``%``); ``位``/``名`` also accept the fact's ``rank`` code; an empty gold unit is
  right when the fact has no written unit; a written unit ``UNITS`` does not know is right
  when the fact's ``unit_as_written`` is the same string.
* **qualifier**: gold ``approx`` = ``approximately``; gold ``at_least`` (targets' 不低于/以上)
  = ``over``, the extractor's vocabulary having no separate ">=".
* **change**: kind equal, and unit equal with gold ``points`` = ``pp``; a level has no unit.
* **period**: ``period_start`` and ``period_end`` both equal (ISO dates).
* **value kind**: gold ``value_kind`` = the fact's ``modality``.
* **region**: the gold region name resolved through the curated region catalog (name or
  alias) equals the fact's ``region`` code; a name the catalog lacks can never be right.
* **all fields**: all seven above right.
* **subject** (reported, not part of "all fields"): the fact's full subject (``subject_entity``
  + ``subject`` when the fact has an entity the subject does not already contain) against the
  gold ``subject``, both normalised the same way: NFKC; quotes, brackets, punctuation and spaces
  removed; the standard names the gold README prescribes applied to both sides (``规上``/``规模工业``
  -> ``规模以上工业``, and the same abbreviation wherever it stands: ``规上`` -> ``规模以上``, ``限上`` ->
  ``限额以上`` (the gold writes ``规上国有企业增加值`` where the text says 规模以上工业中…国有企业); ``生产总值`` not preceded by ``地区`` -> ``地区生产总值``; a final ``进出口`` ->
  ``进出口总额``); a final word that only repeats what the figure's unit says dropped: ``数量``/
  ``总数``/``场次`` or a classifier + 数 (``个数``/``人数``/``户数``/``届数``/``条数``/``列数``…;
  the gold adds them to counted nouns: ``科技型企业数量``, ``轨道交通线路条数``) and ``排名``/``全国排名`` (the gold adds it to ranks; the unit is ``rank``). It is right when the two are
  equal, or when every word of the gold subject (``parsing.segment.words``, jieba) occurs in the
  extracted subject in the same order **and** the extracted subject is at most twice as long as
  the gold one. Why not plainer: exact equality would count ``全省地区生产总值`` as wrong over a
  scope word; why not laxer: gold words in order, not characters, so a subject that merely
  shares characters (``投资`` for ``民间投资占比``) fails, and the length cap stops a whole clause
  from passing as a subject.
* **linked share** (corpus, not per gold row): over **all** facts the production path extracts
  from every report of ``corpus/provincial_work_reports_2026`` (not only the gold paragraphs),
  the share with an ``indicator_code`` after linking and the curated overrides.
* **heading path** (reported, not part of "all fields"): the path of the fact's paragraph
  (``Paragraph.heading_path``) equals the gold ``heading_path``, after dropping a leading gold
  component that is the article's title (the dev gold starts its paths with the document title).

Shares per field are over matched figures. ``python -m bench.eval`` prints the tables;
``tests/test_eval.py`` fails when an overall figure drops below ``bench/eval_floor.json``.
"""

from __future__ import annotations

import bisect
import csv
import json
import math
import re
import sys
import time
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orchestration.inputs.curated import load_curated, load_registry, region_aliases
from orchestration.inputs.fact_links import facts_from_rows, link_with_overrides
from orchestration.inputs.texts import ParsedText, parse_text_file
from orchestration.parsing.numbers import UNITS
from orchestration.parsing.segment import words

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD_SETS = {
    "provincial": (SHARED / "gold" / "provincial_figures.csv", SHARED / "corpus" / "provincial_work_reports_2026"),
    "dev": (SHARED / "gold" / "dev_text_figures.csv", SHARED / "corpus" / "dev_texts"),
}
FIELDS = ("value", "unit", "qualifier", "change", "period", "value_kind", "region", "all", "heading_path", "subject")
# heading_path is reported for the next round (periods from sections); it is not part of "all".
PROJECT_GOLD = SHARED / "gold" / "project_mentions.csv"
OUT_MD = ROOT / "bench" / "eval.md"
OUT_JSON = ROOT / "bench" / "eval.json"
_WINDOW = 2000  # how far ahead in the file the next body character is looked for
_CELL_MARKS = frozenset("，；")  # what the splitter writes for </td> and </tr> (documents._strip_markup)


# ----------------------------------------------------------------------------- positions


def align(body_text: str, file_text: str, start: int) -> list[int]:
    """File offset of each character of ``body_text``, greedily from ``start`` on."""
    out: list[int] = []
    pos = start
    for ch in body_text:
        if ch in _CELL_MARKS and file_text.startswith("<", pos):
            out.append(max(pos - 1, start))  # a cell/row separator the splitter wrote for a tag
            continue
        found = file_text.find(ch, pos, pos + _WINDOW)
        if found < 0:
            out.append(max(pos - 1, start))
            continue
        out.append(found)
        pos = found + 1
    return out


def line_starts(text: str) -> list[int]:
    starts = [0]
    starts += [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    return starts


def line_of(starts: Sequence[int], offset: int) -> int:
    """1-based line of a file offset."""
    return bisect.bisect_right(starts, offset)


def norm_quote(text: str) -> str:
    table = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
    return text.translate(table).replace(" ", "")


# ----------------------------------------------------------------------------- gold


@dataclass
class Gold:
    row: dict[str, str]
    start: int  # file offset of the quote
    end: int
    line: int


def locate_gold(rows: Iterable[dict[str, str]], file_text: str) -> list[Gold]:
    starts = line_starts(file_text)
    out = []
    for row in rows:
        a = file_text.find(row["sentence_anchor"])
        if a < 0:
            raise ValueError(f"{row['file']}: anchor not in file: {row['sentence_anchor']!r}")
        q = a + row["sentence_anchor"].index(row["quote"])
        out.append(Gold(row, q, q + len(row["quote"]), line_of(starts, q)))
    return out


# ----------------------------------------------------------------------------- facts


@dataclass
class Located:
    fact: Any
    start: int
    end: int
    line: int
    heading_path: str | None = None
    title: str | None = None


def locate_facts(parsed: ParsedText, facts: Sequence[Any], file_text: str) -> list[Located]:
    """Map each fact's body offsets to file offsets through its paragraph's alignment."""
    starts = line_starts(file_text)
    paragraphs: dict[tuple[str, int], dict[str, Any]] = {(p["doc_id"], p["ordinal"]): p for p in parsed.paragraphs}
    titles = {d["doc_id"]: d["title"] for d in parsed.documents}
    maps: dict[tuple[str, int], list[int]] = {}
    out = []
    for f in facts:
        key = (f.doc_id, f.paragraph_ordinal)
        p = paragraphs[key]
        if key not in maps:
            maps[key] = align(p["text"], file_text, starts[p["source_line"] - 1])
        m = maps[key]
        s, e = f.char_start - p["char_start"], f.char_end - p["char_start"]
        fs, fe = m[s], m[e - 1] + 1
        out.append(Located(f, fs, fe, line_of(starts, fs), p.get("heading_path"), titles.get(f.doc_id)))
    return out


# ----------------------------------------------------------------------------- matching


def match(gold: Sequence[Gold], found: Sequence[Located]) -> list[tuple[Gold, Located]]:
    """One-to-one pairs of overlapping spans, best first (same quote, then larger overlap)."""
    candidates = []
    for gi, g in enumerate(gold):
        for fi, f in enumerate(found):
            overlap = min(g.end, f.end) - max(g.start, f.start)
            if overlap > 0:
                same = norm_quote(g.row["quote"]) == norm_quote(f.fact.quote)
                candidates.append((not same, -overlap, gi, fi))
    candidates.sort()
    used_g, used_f, pairs = set(), set(), []
    for _, _, gi, fi in candidates:
        if gi in used_g or fi in used_f:
            continue
        used_g.add(gi)
        used_f.add(fi)
        pairs.append((gold[gi], found[fi]))
    pairs.sort(key=lambda p: p[0].start)
    return pairs


_SUBJECT_PUNCT_RE = re.compile(r"[\s\"'“”‘’「」『』《》〈〉（）()\[\]【】、，,。；;：:！!？?·．.…—\-~～/]")
_STANDARD_NAMES = ((re.compile(r"规上|规模(?=工业)"), "规模以上"), (re.compile(r"限上"), "限额以上"),
                   (re.compile(r"(?<!地区)生产总值"), "地区生产总值"),
                   (re.compile(r"进出口$"), "进出口总额"))
# a count's own classifier + 数 (条数, 列数, 座数) repeats its unit as 个数 does
_COUNT_SUFFIX_RE = re.compile(r"(?:数量|总数|[个人户条列座项件所家名处届]数|场次|(?:全国|全省)?排名)$")


def norm_subject(text: str | None) -> str:
    """The subject normalisation of the module docstring."""
    s = _SUBJECT_PUNCT_RE.sub("", unicodedata.normalize("NFKC", text or ""))
    for pattern, name in _STANDARD_NAMES:
        s = pattern.sub(name, s)
    while (stripped := _COUNT_SUFFIX_RE.sub("", s)) != s:  # 通用机场数量全国排名: both words go
        s = stripped
    return s


def full_subject(fact: Any) -> str:
    entity = getattr(fact, "subject_entity", None) or ""
    subject = fact.subject or ""
    return subject if entity in subject else entity + subject


def subject_right(gold_subject: str, extracted: str) -> bool:
    g, e = norm_subject(gold_subject), norm_subject(extracted)
    if not g or not e:
        return False
    if g == e:
        return True
    if len(e) > 2 * len(g):
        return False
    pos = 0
    for w in words(g):
        found = e.find(w, pos)
        if found < 0:
            return False
        pos = found + len(w)
    return True


def _num(text: str) -> float | None:
    return float(text) if text not in ("", None) else None


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _unit_row(written: str):
    return UNITS.get(written.replace("％", "%"))


def heading_path_right(gold_path: str, path: str | None, title: str | None) -> bool:
    parts = [p for p in gold_path.split(" > ") if p] if gold_path else []
    if parts and title is not None and parts[0] == title:
        parts = parts[1:]
    return " > ".join(parts) == (path or "")


def field_checks(row: Mapping[str, str], fact: Any, regions: Mapping[str, str]) -> dict[str, bool]:
    """Which fields of a matched fact agree with its gold row (rules in the module docstring)."""
    unit = _unit_row(row["unit_written"])
    factor = unit.factor if unit is not None else 1.0

    def scale(v: float | None) -> float | None:
        return None if v is None else v * factor

    if row["number"]:
        value_ok = _close(scale(_num(row["number"])), fact.value)
    else:
        value_ok = _close(scale(_num(row["number_low"])), fact.value_low) and _close(scale(_num(row["number_high"])), fact.value_high)
    written = row["unit_written"]
    if not written:
        unit_ok = not fact.unit_as_written
    elif unit is None:
        unit_ok = fact.unit_as_written == written
    else:
        unit_ok = fact.unit_code == unit.code or (written in {"位", "名"} and fact.unit_code == "rank")
    qualifier = {"approx": "approximately", "at_least": "over"}.get(row["qualifier"], row["qualifier"])
    change_unit = {"points": "pp", "": None}.get(row["change_unit"], row["change_unit"])
    checks = {
        "value": value_ok,
        "unit": unit_ok,
        "qualifier": fact.qualifier == qualifier,
        "change": fact.change_kind == row["change_kind"] and (fact.change_unit or None) == change_unit,
        "period": (fact.period_start, fact.period_end) == (row["period_start"] or None, row["period_end"] or None),
        "value_kind": fact.modality == row["value_kind"],
        "region": regions.get(row["region"]) is not None and fact.region == regions.get(row["region"]),
    }
    checks["all"] = all(checks.values())
    return checks


# ----------------------------------------------------------------------------- scope


def dev_body_start(file_text: str) -> int:
    """1-based line where a dev text's body starts (after front matter, else first prose line)."""
    lines = file_text.split("\n")
    seen_open = False
    for i, line in enumerate(lines, start=1):
        s = line.strip()
        if not seen_open and not s:
            continue
        if not seen_open:
            if s != "---":
                break
            seen_open = True
            continue
        if s == "---":
            return i + 1
    for i, line in enumerate(lines, start=1):
        s = line.strip().strip("\u3000")
        if len(s) >= 15 and s.endswith("。"):
            return i
    return 1


def scope_lines(kind: str, gold: Sequence[Gold], file_text: str) -> set[int]:
    if kind == "provincial":
        return {g.line for g in gold}
    return set(range(dev_body_start(file_text), max(g.line for g in gold) + 1))


# ----------------------------------------------------------------------------- run


@dataclass
class FileResult:
    gold_set: str
    file: str
    gold: int
    in_scope: int
    matched: int
    right: dict[str, int] = field(default_factory=dict)
    rejected: str | None = None
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"gold_set": self.gold_set, "file": self.file, "gold": self.gold, "in_scope": self.in_scope,
                "matched": self.matched, "right": self.right, "rejected": self.rejected,
                **rates(self.gold, self.in_scope, self.matched, self.right)}


def rates(gold: int, in_scope: int, matched: int, right: Mapping[str, int]) -> dict[str, float]:
    out = {"recall": matched / gold if gold else 0.0, "precision": matched / in_scope if in_scope else 0.0}
    out.update({f: (right.get(f, 0) / matched if matched else 0.0) for f in FIELDS})
    return out


class Context:
    """Curated tables the production path needs, loaded once."""

    def __init__(self) -> None:
        tables = load_curated(ROOT / "seeds" / "curated", load_registry(ROOT / "seeds" / "schema.csv"))
        regions = tables["regions"].rows
        self.region_aliases = region_aliases(regions)
        self.fact_region_aliases = region_aliases(regions, with_misspellings=True)
        self.indicators = tables["indicators"].rows
        self.overrides = tables["fact_overrides"].rows
        self.subject_map = tables["subject_map"].rows
        self.families = tables["indicator_families"].rows

        self._read: dict[Path, tuple[ParsedText | Any, list[Any]]] = {}

    def read(self, path: Path) -> tuple[ParsedText | Any, list[Any]]:
        if path not in self._read:
            self._read[path] = self._parse(path)
        return self._read[path]

    def _parse(self, path: Path) -> tuple[ParsedText | Any, list[Any]]:
        parsed = parse_text_file(path.read_bytes(), source_file=path.name, sha256="-",
                                 region_aliases=self.region_aliases, fact_region_aliases=self.fact_region_aliases)
        if not isinstance(parsed, ParsedText):
            return parsed, []
        # As the fact_links asset does: an override applies to the documents it names.
        docs = {d["doc_id"] for d in parsed.documents}
        overrides = [o for o in self.overrides if o["doc_id"] in docs]
        facts, _ = link_with_overrides(facts_from_rows(parsed.facts), self.indicators, overrides,
                                       self.subject_map, self.families)
        return parsed, facts


def evaluate_file(ctx: Context, kind: str, path: Path, rows: list[dict[str, str]]) -> FileResult:
    file_text = path.read_bytes().decode("utf-8")
    gold = locate_gold(rows, file_text)
    scope = scope_lines(kind, gold, file_text)
    parsed, facts = ctx.read(path)
    if not isinstance(parsed, ParsedText):
        return FileResult(kind, path.name, len(gold), 0, 0, {f: 0 for f in FIELDS},
                          rejected=f"line {parsed.line}: {parsed.reason}",
                          misses=[g.row["quote"] for g in gold])
    found = [f for f in locate_facts(parsed, facts, file_text) if f.line in scope]
    pairs = match(gold, found)
    right = {f: 0 for f in FIELDS}
    wrong = []
    for g, f in pairs:
        checks = field_checks(g.row, f.fact, ctx.region_aliases)
        checks["heading_path"] = heading_path_right(g.row.get("heading_path", ""), f.heading_path, f.title)
        checks["subject"] = subject_right(g.row.get("subject", ""), full_subject(f.fact))
        for name, ok in checks.items():
            right[name] += ok
        if not checks["heading_path"]:
            wrong.append(f"line {g.line} {g.row['quote']}: heading_path {f.heading_path!r} vs {g.row.get('heading_path')!r}")
        if not checks["subject"]:
            wrong.append(f"line {g.line} {g.row['quote']}: subject {full_subject(f.fact)!r} vs {g.row.get('subject')!r}")
        if not checks["all"]:
            bad = ",".join(k for k, ok in checks.items() if not ok and k not in ("all", "heading_path", "subject"))
            wrong.append(f"line {g.line} {g.row['quote']}: {bad}")
    matched_g = {id(g) for g, _ in pairs}
    misses = [f"line {g.line} {g.row['quote']}" for g in gold if id(g) not in matched_g]
    return FileResult(kind, path.name, len(gold), len(found), len(pairs), right, misses=misses, wrong=wrong)


def load_gold(csv_path: Path) -> dict[str, list[dict[str, str]]]:
    by_file: dict[str, list[dict[str, str]]] = {}
    with csv_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            by_file.setdefault(row["file"], []).append(row)
    return by_file


def run_eval() -> dict[str, Any]:
    t0, cpu0 = time.perf_counter(), time.process_time()
    ctx = Context()
    results: list[FileResult] = []
    for kind, (csv_path, corpus) in GOLD_SETS.items():
        for name, rows in sorted(load_gold(csv_path).items()):
            results.append(evaluate_file(ctx, kind, corpus / name, rows))
    overall: dict[str, Any] = {}
    for label, subset in [("provincial", [r for r in results if r.gold_set == "provincial"]),
                          ("dev", [r for r in results if r.gold_set == "dev"]), ("all", results)]:
        g, s, m = (sum(getattr(r, a) for r in subset) for a in ("gold", "in_scope", "matched"))
        right = {f: sum(r.right.get(f, 0) for r in subset) for f in FIELDS}
        overall[label] = {"gold": g, "in_scope": s, "matched": m, "right": right, **rates(g, s, m, right)}
    overall["corpus"] = linked_share(ctx, GOLD_SETS["provincial"][1])
    projects = None
    if PROJECT_GOLD.exists():  # the project mentions (bench/eval_projects.py), same parsed texts
        from bench import eval_projects

        projects = eval_projects.run(ctx)
        overall["projects"] = projects["overall"]
    return {"_projects": projects, "seconds": round(time.perf_counter() - t0, 2),
            "cpu_seconds": round(time.process_time() - cpu0, 2), "overall": overall,
            "files": [r.as_dict() for r in results], "_results": results}


def linked_share(ctx: Context, corpus: Path) -> dict[str, Any]:
    """Linked share over every fact of every report in ``corpus`` (module docstring)."""
    total = linked = 0
    for path in sorted(corpus.glob("*.txt")):
        _, facts = ctx.read(path)
        total += len(facts)
        linked += sum(1 for f in facts if f.indicator_code)
    return {"reports": len(list(corpus.glob("*.txt"))), "facts": total, "linked": linked,
            "linked_share": linked / total if total else 0.0}


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def render_md(report: Mapping[str, Any], splitter_md: str = "") -> str:
    head = "| | gold | facts in scope | matched | recall | precision | " + " | ".join(FIELDS) + " |"
    sep = "|" + "---|" * (6 + len(FIELDS))
    lines = ["# make eval: figures against the independent gold", "",
             "Production path (split -> extract -> link) over the texts of `../shared/gold/provincial_figures.csv`"
             " and `dev_text_figures.csv`; comparison rules at the top of `bench/eval.py`. Recall and precision"
             " in %, field columns = % of matched figures right.", "", "## Overall", "", head, sep]
    for label, o in report["overall"].items():
        if "gold" not in o or label == "projects":  # projects: their own section (eval_projects)
            continue
        lines.append(f"| **{label}** | {o['gold']} | {o['in_scope']} | {o['matched']} | {_pct(o['recall'])} | "
                     f"{_pct(o['precision'])} | " + " | ".join(_pct(o[f]) for f in FIELDS) + " |")
    c = report["overall"].get("corpus")
    if c:
        lines += ["", f"Linked share over all {c['facts']} facts of the {c['reports']} work reports: "
                  f"{c['linked']} linked = **{_pct(c['linked_share'])} %**."]
    lines += ["", "## Per file", "", head, sep]
    for r in report["files"]:
        name = r["file"] + (" (**refused**)" if r["rejected"] else "")
        lines.append(f"| {name} | {r['gold']} | {r['in_scope']} | {r['matched']} | {_pct(r['recall'])} | "
                     f"{_pct(r['precision'])} | " + " | ".join(_pct(r[f]) for f in FIELDS) + " |")
    refused = [r for r in report["files"] if r["rejected"]]
    if refused:
        lines += ["", "Refused texts: " + "; ".join(f"{r['file']} ({r['rejected']})" for r in refused)]
    lines += ["", f"Eval time: {report['seconds']} s.", ""]
    if splitter_md:
        lines += [splitter_md]
    return "\n".join(lines)


def write(report: dict[str, Any]) -> None:
    from bench.splitter_report import render_splitter_md, splitter_decisions

    decisions = splitter_decisions()
    data = {k: v for k, v in report.items() if not k.startswith("_")}
    data["splitter"] = decisions
    OUT_JSON.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    OUT_MD.write_text(render_md(report, render_splitter_md(decisions)) + _projects_md(report), encoding="utf-8")


def _projects_md(report: Mapping[str, Any]) -> str:
    if not report.get("_projects"):
        return ""
    from bench import eval_projects

    return "\n" + eval_projects.render_md(report["_projects"])


def main(argv: Sequence[str] = ()) -> int:
    report = run_eval()
    print(render_md(report) + _projects_md(report))
    if "--verbose" in argv:
        for r in report["_results"]:
            for m in r.misses:
                print(f"MISS  {r.file} {m}")
            for w in r.wrong:
                print(f"WRONG {r.file} {w}")
    if "--no-write" not in argv:
        write(report)
        print(f"wrote {OUT_MD.relative_to(ROOT)} and {OUT_JSON.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
