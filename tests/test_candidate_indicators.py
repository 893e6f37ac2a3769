"""Unlinked figures become work: marts.dim_candidate_indicator groups them, and one row of
seeds/curated/subject_map.csv links a candidate's figures to an existing indicator at the next
refresh (the fact-link stamp includes the subject map). One build: the seed plus one report of
the corpus, whose candidates the production path (parse, link) finds in-process first."""

import csv
import shutil
from collections import Counter

import duckdb

from orchestration.inputs.curated import load_curated, load_registry, region_aliases
from orchestration.inputs.fact_links import facts_from_rows, link_with_overrides
from orchestration.inputs.texts import ParsedText, parse_text_file
from orchestration.parsing.linking import candidate_key
from tests.conftest import build_in_subprocess, copy_seeds


def _candidates(seeds, text):
    """Normalised subject -> (count, units, change kinds) of the text's unlinked figures."""
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


def test_a_subject_map_row_links_a_candidate_after_a_refresh(corpus_files, tmp_path):
    seeds = copy_seeds(tmp_path)
    report = min(corpus_files, key=lambda p: p.stat().st_size)
    shutil.copyfile(report, seeds / "texts" / report.name)
    indicators, candidates = _candidates(seeds, seeds / "texts" / report.name)
    # the most frequent candidate whose figures are all levels of one unit, and a count/level
    # indicator of that unit to map it to; not one whose figures are one undistributed list
    # (800公里、600公里… all given one subject): those name several measures, and a subject map
    # cannot say which is which (fact_overrides.csv can; the mart shows it as main_refusal)
    units = {r["canonical_unit"]: r["code"] for r in sorted(indicators, key=lambda r: r["code"], reverse=True)
             if r["stat_type"] in ("count", "level")}
    usable = sorted((-len(fs), key) for key, fs in candidates.items()
                    if len({f.unit_code for f in fs}) == 1 and {f.change_kind for f in fs} == {"level"}
                    and fs[0].unit_code in units and all(f.link_rule != "refused_undistributed_list" for f in fs))
    assert usable, f"{report.name}: no single-unit level candidate"
    key = usable[0][1]
    count, code = len(candidates[key]), units[candidates[key][0].unit_code]
    with (seeds / "curated" / "subject_map.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow([key, code, "test: an analyst maps a candidate"])

    warehouse = tmp_path / "wh" / "liaocheng.duckdb"
    warehouse.parent.mkdir()
    done = build_in_subprocess(seeds, warehouse)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        mapped = con.execute("""select count(*) filter (where indicator_code = ? and link_rule = 'subject_map')
                                from staging.stg_facts where subject_key = ?""", [code, key]).fetchone()[0]
        observed = con.execute("""select count(*) from marts.fct_indicator_observation o
                                  join staging.stg_facts f using (fact_id)
                                  where f.subject_key = ? and o.indicator_code = ?""", [key, code]).fetchone()[0]
        listed = dict(con.execute("select subject_key, fact_count from marts.dim_candidate_indicator").fetchall())
        unlinked = con.execute("""select count(*) from staging.stg_facts where indicator_code is null
                                  and fact_status <> 'rejected' and subject_key is not null""").fetchone()[0]
        several = con.execute("""select count(*) from marts.dim_candidate_indicator
                                 where in_several_texts <> (source_file_count >= 2)
                                    or len(example_quotes) not between 1 and 3""").fetchone()[0]
    assert mapped == observed == count
    assert key not in listed
    # every other candidate is listed with the figures the in-process path left unlinked
    expected = Counter({k: len(fs) for k, fs in candidates.items() if k != key})
    assert Counter(listed) == expected and sum(listed.values()) == unlinked
    assert several == 0
