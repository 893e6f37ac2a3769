"""A new text that breaks an ERROR consistency rule is held out and everything else publishes
(orchestration.quality.holds); the same text, corrected, is read and published by the next refresh."""

import duckdb
import pytest
from conftest import build_in_subprocess, copy_seeds, published_copy_in

NEWS = """聊城市生态建设取得新进展
2026-03-02 09:30  来源：聊城日报
记者从市林业局获悉，2025年，全市森林覆盖率达到{cover}%，新增造林面积2.1万亩，城市建成区绿地率达到38.6%。
"""


@pytest.fixture(scope="module")
def refreshes(built_warehouse, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("holds")
    warehouse = published_copy_in(built_warehouse, tmp)  # the seed is published: only the new text is new
    seeds = copy_seeds(tmp)
    text = seeds / "texts" / "lc_forest_2026.txt"
    text.write_text(NEWS.format(cover=135), encoding="utf-8")
    first = build_in_subprocess(seeds, warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        held = con.execute("select source_file, stage, rule, reason, line from quality.rejected_inputs "
                           "where source_file like '%lc_forest_2026%'").fetchall()
        facts_first = con.execute("select count(*) from marts.fct_indicator_observation as o join marts.dim_document "
                                  "as d using (doc_id) where d.source_file like '%lc_forest_2026%'").fetchone()[0]
        seed_first = con.execute("select count(*) from marts.dim_document where source_file like '%000_%'").fetchone()[0]
    holds_file = warehouse.with_name(".liaocheng.holds.json")
    holds_after_first = holds_file.read_text(encoding="utf-8") if holds_file.exists() else ""
    text.write_text(NEWS.format(cover=35), encoding="utf-8")  # the analyst corrects the text
    second = build_in_subprocess(seeds, warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        held_second = con.execute("select count(*) from quality.rejected_inputs "
                                  "where source_file like '%lc_forest_2026%'").fetchone()[0]
        cover = con.execute("select o.value from marts.fct_indicator_observation as o join marts.dim_document as d "
                            "using (doc_id) where d.source_file like '%lc_forest_2026%' "
                            "and o.indicator_code = 'ind_forest_coverage'").fetchall()
    return first, held, facts_first, seed_first, holds_after_first, second, held_second, cover, warehouse


def test_a_text_breaking_an_error_rule_is_held_out_and_the_rest_publishes(refreshes):
    first, held, facts_first, seed_first, holds_file, *_ = refreshes
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert "held out seeds/texts/lc_forest_2026.txt" in first.stderr
    assert len(held) == 1
    source_file, stage, rule, reason, line = held[0]
    assert (source_file, stage, rule) == ("seeds/texts/lc_forest_2026.txt", "consistency",
                                          "expectations/rules.yml/shares_within_0_100")
    assert "shares_within_0_100" in reason and line == 1
    assert facts_first == 0  # none of its figures got in
    assert seed_first == 2  # the seed's articles are all there
    assert "shares_within_0_100" in holds_file and "lc_forest_2026" in holds_file


def test_the_corrected_text_is_read_again_and_published(refreshes):
    *_, second, held_second, cover, _ = refreshes
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    assert held_second == 0
    assert [round(v, 1) for (v,) in cover] == [35.0]


def test_the_daemon_sensor_holds_the_same_documents_and_asks_for_the_run_again(refreshes, tmp_path, monkeypatch):
    """The first refresh's failed run, read back from its Dagster instance, through the held_documents
    sensor (what the daemon does for a run it launched)."""
    import dagster as dg

    from orchestration.defs.definitions import defs
    from orchestration.quality.holds import holds_path, load_holds

    warehouse = refreshes[-1]
    monkeypatch.setenv("PLAN_WAREHOUSE_DB", str(tmp_path / "liaocheng.duckdb"))  # the sensor's holds go here
    sensor = next(s for s in defs.sensors if s.name == "held_documents")
    with dg.DagsterInstance.from_config(str(warehouse.parent / "dagster_home")) as instance:
        failed = instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.FAILURE]))
        assert len(failed) == 1  # the first refresh's first run; its rerun and the second refresh published
        run = failed[0]
        failure = next(r.dagster_event for r in instance.all_logs(run.run_id, of_type=dg.DagsterEventType.RUN_FAILURE))
        context = dg.build_run_status_sensor_context(sensor_name="held_documents", dagster_instance=instance,
                                                     dagster_run=run, dagster_event=failure).for_run_failure()
        request = sensor(context)
    assert isinstance(request, dg.RunRequest) and request.run_key == f"held@{run.run_id}"
    held = load_holds(holds_path(tmp_path / "liaocheng.duckdb"))
    assert [h.source_file for h in held.values()] == ["seeds/texts/lc_forest_2026.txt"]
    assert {h.rule_id for h in held.values()} == {"shares_within_0_100"}
