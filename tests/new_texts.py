"""One refresh, from an empty warehouse, of seeds/ plus the new texts (and curated rows) of three
end-to-end modules, each of which reads its own texts' results from the same published warehouse:

- tests/test_projects_pipeline.py: a few paragraphs of the 2026 Anhui work report and a later text
  giving one of its projects an earlier stage; one projects.csv row promotes a candidate, one
  project_status_reports.csv row confirms its stage, and the curated regions gain the airport's city;
- tests/test_targets_e2e.py: two generated work reports of Liaocheng for consecutive years;
- tests/test_candidate_indicators.py: the smallest report of the corpus, and one subject_map.csv row
  mapping its most frequent usable candidate to an indicator.

A whole build costs a minute or more on this machine: one for the three instead of three. Their texts
are of other regions or other indicators, and every assertion that spans all texts (the candidate
list) is computed over all of them by the production reading path in-process.
"""

from __future__ import annotations

import csv
import re
import shutil
from collections import Counter
from pathlib import Path

from conftest import CORPUS, build_in_subprocess, copy_seeds

from orchestration.inputs.curated import load_curated, load_registry, region_aliases
from orchestration.inputs.fact_links import facts_from_rows, link_with_overrides
from orchestration.inputs.texts import ParsedText, parse_text_file
from orchestration.parsing.linking import candidate_key

# --------------------------------------------------------------------------- projects (Anhui)
REPORT = "gwr2026_34_anhui.txt"
EXCERPT = "gwr2026_34_anhui_projects"
LATER = "anhui_projects_2026h2"


def excerpt_of(report: str) -> str:
    """Header lines (title, subtitle, source, date), the review heading, the sentence naming the airport
    and the target section's heading with its sentences on base stations and railways: paragraphs copied as they are."""
    lines = report.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.endswith("政府工作报告"))
    review = next(i for i, ln in enumerate(lines) if ln.startswith("一、"))
    plan = next(i for i, ln in enumerate(lines) if ln.startswith("三、"))
    sentence = lambda word: next(s for s in re.findall(r"[^。]*。", report) if word in s)  # noqa: E731
    plan_paragraph = sentence("5G-A基站") + sentence("沿江高铁")  # a figure of the section makes it a target section
    return "\n".join([*lines[start:review + 1], sentence("亳州机场"), lines[plan], plan_paragraph]) + "\n"


def add_project_inputs(seeds: Path) -> None:
    source = CORPUS / REPORT
    assert source.exists(), f"corpus report not found at {source} (set PLAN_CORPUS_DIR)"
    (seeds / "texts" / f"{EXCERPT}.txt").write_text(excerpt_of(source.read_text(encoding="utf-8")), encoding="utf-8")
    (seeds / "texts" / f"{LATER}.txt").write_text(
        "安徽重点项目建设进展\n时间：2026-07-01\n亳州机场前期手续加速办理，沿江高铁加快建设。\n", encoding="utf-8")
    curated = seeds / "curated"
    regions = (curated / "regions.csv").read_text(encoding="utf-8")
    if "\n341600," not in regions:  # the curated regions hold the provinces and Liaocheng: add the airport's city
        (curated / "regions.csv").write_text(regions + "341600,亳州市,Bozhou,prefecture,340000,亳州,\n", encoding="utf-8")
    with (curated / "projects.csv").open("a", encoding="utf-8") as fh:  # promote a candidate: one row
        fh.write('prj_bozhou_airport,亳州机场,Bozhou Airport,transport,,341600,,"Promoted from dim_candidate_project"\n')
    with (curated / "project_status_reports.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"prj_bozhou_airport,{EXCERPT}-1,in_operation,建成通航,亳州机场建成通航,,confirm\n")


# --------------------------------------------------------------------------- targets (two Liaocheng work reports)
def work_report(year: int, delivered: str, review: str, targets: str) -> str:
    """A plain-text work report as a government web page gives it (title, subtitle, speaker, body)."""
    return "\n".join([
        f"{year}年聊城市政府工作报告",
        f"——{delivered}在聊城市第十八届人民代表大会会议上",
        "聊城市市长",
        "各位代表：",
        "现在，我代表市人民政府，向大会报告工作，请予审议。",
        f"一、{year - 1}年工作回顾",
        review,
        f"二、{year}年工作安排",
        targets,
        "",
    ])


FIRST = work_report(
    2025, "2025年1月20日",
    "过去一年，全市地区生产总值增长5.6%，居民人均可支配收入增长5.9%。",
    "今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右，一般公共预算收入增长3%，"
    "居民人均可支配收入增长6%以上，粮食产量稳定在600万吨以上。",
)
SECOND = work_report(
    2026, "2026年1月22日",
    "过去一年，全市地区生产总值增长5.8%，一般公共预算收入增长2.1%，居民人均可支配收入增长6.2%，粮食产量达到612.3万吨。",
    "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右，居民人均可支配收入增长7%以上。",
)


def add_target_inputs(seeds: Path) -> None:
    (seeds / "texts" / "lc_gwr_2025.txt").write_text(FIRST, encoding="utf-8")
    (seeds / "texts" / "lc_gwr_2026.txt").write_text(SECOND, encoding="utf-8")


# --------------------------------------------------------------------------- candidates (one corpus report + a subject map row)
def candidates_of(seeds: Path, text: Path):
    """Normalised subject -> the text's unlinked figures, by the production path (parse, link) in-process."""
    tables = load_curated(seeds / "curated", load_registry(seeds / "schema.csv"))
    regions = tables["regions"].rows
    parsed = parse_text_file(text.read_bytes(), source_file=text.name, sha256="-",
                             region_aliases=region_aliases(regions),
                             fact_region_aliases=region_aliases(regions, with_misspellings=True))
    assert isinstance(parsed, ParsedText)
    facts, _ = link_with_overrides(facts_from_rows(parsed.facts), tables["indicators"].rows, [],
                                   tables["subject_map"].rows, tables["indicator_families"].rows)
    out: dict[str, list] = {}
    for f in facts:
        key = candidate_key(f.subject_entity, f.subject)
        if f.indicator_code is None and key:
            out.setdefault(key, []).append(f)
    return tables["indicators"].rows, out


def add_candidate_inputs(seeds: Path, report: Path) -> dict:
    """The report, and one subject_map.csv row for its most frequent candidate whose figures are all
    levels of one unit, mapped to a count/level indicator of that unit; not one whose figures are one
    undistributed list (800公里、600公里… all given one subject): those name several measures, and a
    subject map cannot say which is which (fact_overrides.csv can; the mart shows it as main_refusal).
    Call it after every other text is in place: the expected candidate list covers all new texts."""
    shutil.copyfile(report, seeds / "texts" / report.name)
    indicators, candidates = candidates_of(seeds, seeds / "texts" / report.name)
    units = {r["canonical_unit"]: r["code"] for r in sorted(indicators, key=lambda r: r["code"], reverse=True)
             if r["stat_type"] in ("count", "level")}
    usable = sorted((-len(fs), key) for key, fs in candidates.items()
                    if len({f.unit_code for f in fs}) == 1 and {f.change_kind for f in fs} == {"level"}
                    and fs[0].unit_code in units and all(f.link_rule != "refused_undistributed_list" for f in fs))
    assert usable, f"{report.name}: no single-unit level candidate"
    key = usable[0][1]
    code = units[candidates[key][0].unit_code]
    # every new text's unlinked figures, read before the subject map row exists (the seed has none)
    every = Counter()
    for text in sorted((seeds / "texts").iterdir()):
        every.update({k: len(fs) for k, fs in candidates_of(seeds, text)[1].items()})
    with (seeds / "curated" / "subject_map.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow([key, code, "test: an analyst maps a candidate"])
    return {"report": report.name, "key": key, "code": code, "count": every[key], "report_count": len(candidates[key]),
            "expected": Counter({k: n for k, n in every.items() if k != key})}


def refresh(folder: Path, corpus_files: list[Path]) -> dict:
    """Every module's inputs into one copy of seeds/, then one refresh into an empty warehouse."""
    seeds = copy_seeds(folder)
    add_project_inputs(seeds)
    add_target_inputs(seeds)
    candidate = add_candidate_inputs(seeds, min(corpus_files, key=lambda p: p.stat().st_size))
    warehouse = folder / "wh" / "liaocheng.duckdb"
    warehouse.parent.mkdir()
    proc = build_in_subprocess(seeds, warehouse)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return {"proc": proc, "warehouse": warehouse, "seeds": seeds, "candidate": candidate}
