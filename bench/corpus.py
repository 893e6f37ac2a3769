"""Deterministic synthetic corpora for the scale benchmark (P3), made from the real reports.

Each generated document is a plain text the splitter reads like a real report: a title line
``2026年XX省政府工作报告``, a subtitle ``——2026年1月26日在XX省…会议上``, a ``时间：`` line,
the speaker line, then body paragraphs recombined from the 20 provincial reports (each
whole paragraph of a base report is kept or swapped for the same-position whole paragraph of
another report; headings and line fragments stay) with every Arabic figure that is not a year, date or rate scaled by a per-document seeded
random factor. Same seed, same files, byte for byte.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CORPUS = Path("/work/shared/corpus/provincial_work_reports_2026")
SEED = 20260126
_FIRST_BODY = re.compile(r"^(各位代表|现在，我代表)")
_ENDS_SENTENCE = re.compile(r"[。！？!?…][”’」』）)】》]*$")
# An Arabic figure; years (19xx/20xx before 年 or a range), months, days and ordinals are kept.
_FIGURE = re.compile(r"(?<![0-9.．第A-Za-z#+])([0-9]+(?:\.[0-9]+)?)(?![0-9.])")
# Kept too: rates (a scaled share could pass 100%, which the quality rules rightly refuse).
_KEEP_AFTER = re.compile(r"\s?(?:年|月|日|号|届|次会议|—|－|-|～|~|[A-Za-z+#%％‰]|个?百分点|成)")


@dataclass(frozen=True)
class Report:
    file: str
    province: str
    region_code: str
    date: dt.date
    paragraphs: list[str]  # body lines, from 各位代表 on


def load_reports(corpus: Path = DEFAULT_CORPUS) -> list[Report]:
    with (corpus / "manifest.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    reports = []
    for r in rows:
        lines = [ln.strip() for ln in (corpus / r["file"]).read_text(encoding="utf-8").splitlines()]
        start = next((i for i, ln in enumerate(lines) if _FIRST_BODY.match(ln)), 0)
        body = [ln for ln in lines[start:] if ln]
        reports.append(Report(r["file"], r["province"], r["region_code"], dt.date.fromisoformat(r["publish_date"]), body))
    return reports


def _scale_figures(text: str, factor: float) -> str:
    def repl(m: re.Match[str]) -> str:
        raw = m.group(1)
        if _KEEP_AFTER.match(text, m.end()):
            return raw  # a year, date, range start or session number: keep
        if len(raw) == 4 and raw[:2] in ("19", "20") and "." not in raw:
            return raw
        if "." in raw:
            decimals = len(raw.split(".")[1])
            return f"{float(raw) * factor:.{decimals}f}"
        value = int(raw)
        return str(max(1, round(value * factor))) if value else raw

    return _FIGURE.sub(repl, text)


def make_document(i: int, reports: list[Report], seed: int = SEED) -> tuple[str, str]:
    """(file name, text) of the i-th synthetic document."""
    rng = random.Random(seed * 1_000_003 + i)
    base = reports[i % len(reports)]
    factor = rng.uniform(0.6, 1.6)
    paragraphs = []
    for pos, para in enumerate(base.paragraphs):
        # Only a whole paragraph is swapped, for a whole paragraph: headings and web-page line
        # fragments (a lone "（") stay where the base report has them, so the article structure
        # and the column-break repair read as in a real report.
        if pos > 0 and _ENDS_SENTENCE.search(para) and rng.random() < 0.5:
            other = reports[rng.randrange(len(reports))]
            candidate = other.paragraphs[min(pos, len(other.paragraphs) - 1)]
            if _ENDS_SENTENCE.search(candidate):
                para = candidate
        paragraphs.append(_scale_figures(para, factor) if pos > 0 else para)
    date = dt.date(2026, 1, 15) + dt.timedelta(days=rng.randrange(40))
    meeting = date - dt.timedelta(days=rng.randrange(3, 10))
    p = base.province
    header = [
        f"2026年{p}政府工作报告",
        f"——{meeting.year}年{meeting.month}月{meeting.day}日在{p}第十四届人民代表大会第{i % 5 + 3}次会议上",
        "来源：基准测试合成文本",
        f"时间：{date.isoformat()}",
        f"{p}{'主席' if p.endswith('区') else '市长' if p.endswith('市') else '省长'} 某某",
    ]
    name = f"gen_{i:05d}_{base.region_code}.txt"
    return name, "\n".join(header + paragraphs) + "\n"


def write_corpus(dest_texts: Path, n: int, *, start: int = 0, corpus: Path = DEFAULT_CORPUS,
                 reports: list[Report] | None = None) -> list[Path]:
    """Write documents start..start+n-1 into dest_texts; returns their paths."""
    reports = reports or load_reports(corpus)
    dest_texts.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(start, start + n):
        name, text = make_document(i, reports)
        path = dest_texts / name
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def make_seeds(dest: Path, n: int, *, project_seeds: Path, reports: list[Report] | None = None) -> Path:
    """A seeds dir at dest/seeds holding n text files: a copy of the project's seeds/ whose texts/ are
    the project's own text(s) plus n minus that many generated documents.

    The project's texts stay because curated tables cite their articles (fact_overrides.csv,
    plan_indicators.csv: doc_id + quote); without them the build rightly fails.
    """
    target = dest / "seeds"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(project_seeds, target)
    kept = len(list((target / "texts").glob("*.txt")))
    write_corpus(target / "texts", max(0, n - kept), reports=reports)
    return target
