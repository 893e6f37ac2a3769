"""Unlinked figures become work: marts.dim_candidate_indicator groups them, and one row of
seeds/curated/subject_map.csv links a candidate's figures to an existing indicator at the next
refresh (the fact-link stamp includes the subject map). One build: the seed plus one report of
the corpus, whose candidates the production path (parse, link) finds in-process first, beside the
texts of two other modules (tests/new_texts.py: one refresh for the three; the expected candidate
list covers every new text)."""

from collections import Counter

import duckdb


def test_a_subject_map_row_links_a_candidate_after_a_refresh(new_texts_refresh):
    done, warehouse, candidate = new_texts_refresh["proc"], new_texts_refresh["warehouse"], new_texts_refresh["candidate"]
    key, code, count = candidate["key"], candidate["code"], candidate["count"]
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert count >= candidate["report_count"] > 0  # the report's figures of that subject (other texts may add some)
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
    assert Counter(listed) == candidate["expected"] and sum(listed.values()) == unlinked
    assert several == 0
