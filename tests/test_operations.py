"""Operations: bad input loses nothing, a killed or failing refresh leaves the published
warehouse untouched, readers never block a refresh, the schedule and the sensor, per-document
incremental runs, idempotent refreshes."""

import os
import shutil
import signal
import time
from datetime import datetime
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from conftest import CORPUS, build_in_subprocess, copy_seeds, published_copy_in

from orchestration.defs.automation import RANGE_END, RANGE_START, daily_refresh, seeds_sensor
from orchestration.defs.partitions import text_partitions
from orchestration.inputs.project_links import apply_statements, link_mentions, stage_map
from orchestration.storage.files import file_sha256
from orchestration.storage.warehouse import content_hash, read_rows

SEED = "000_7aa3fd634077bd17.txt"


def tables_of(path: Path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        names = [r[0] for r in con.execute(
            "select table_schema || '.' || table_name from information_schema.tables where table_schema in ('raw','staging','marts','quality')"
        ).fetchall()]
        return {n: con.execute(f"select count(*) from {n}").fetchone()[0] for n in names}




# --------------------------------------------------------------------------- bad input


# Three tests read one refresh of a published copy of the seed warehouse, over seeds/ plus every odd
# input they are about (a refresh costs about a minute; its outcome is the same for each group of
# inputs, since each text is read, quarantined or flagged on its own): the unreadable texts and
# links, the odd texts, and the five real dev texts.
UNREADABLE = ["聊城 报告 gbk.txt", "bom crlf.txt", "utf16 报告.txt", "broken.txt", "binary.txt", "empty.txt", "clutter.txt"]
LINKS = ["link.txt", "hardlink.txt"]  # refused at scan: never parsed
ODD = ["no_year.txt", "one_char_lines.txt"]
DEV_TEXTS = CORPUS.parent / "dev_texts"


def _dev_texts() -> list[Path]:
    return sorted(DEV_TEXTS.glob("*20*.txt"))


def _add_unreadable_texts(seeds: Path, outside_dir: Path) -> None:
    texts = seeds / "texts"
    seed_text = (texts / SEED).read_text(encoding="utf-8")
    # Accepted as normal: GB18030, BOM + CRLF + full-width digits and %, spaces and Chinese in names.
    (texts / "聊城 报告 gbk.txt").write_bytes(seed_text.encode("gb18030"))
    variant = seed_text.replace("新增高新技术企业651家", "新增高新技术企业６５１家").replace("占比达到30%", "占比达到30％")
    (texts / "bom crlf.txt").write_bytes(b"\xef\xbb\xbf" + variant.replace("\n", "\r\n").encode("utf-8"))
    (texts / "utf16 报告.txt").write_bytes(seed_text.encode("utf-16"))  # with a byte-order mark
    # Quarantined: undecodable bytes, binary, empty, no recognizable article, a path outside seeds/.
    (texts / "broken.txt").write_bytes("第一行正常。\n第二行".encode() + b"\xff\xfe\x80abc\n")
    (texts / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (texts / "empty.txt").write_bytes(b"")
    (texts / "clutter.txt").write_text("下载\n打印\n全屏\n", encoding="utf-8")
    outside = outside_dir / "outside.txt"
    outside.write_text(seed_text, encoding="utf-8")
    (texts / "link.txt").symlink_to(outside)
    hard = outside_dir / "outside hard.txt"
    hard.write_text(seed_text, encoding="utf-8")
    os.link(hard, texts / "hardlink.txt")  # a hard link: looks like a file of seeds/, is one outside too


def _add_odd_texts(seeds: Path) -> None:
    texts = seeds / "texts"
    (texts / "no_year.txt").write_text(
        "## 某县召开经济工作会议\n\n会上介绍，今年以来全县新增规模以上工业企业12家，完成固定资产投资5.6亿元。\n", encoding="utf-8")
    (texts / "one_char_lines.txt").write_text("## 逐字排版的通报\n\n" + "\n".join(["字"] * 5000) + "\n", encoding="utf-8")
    shutil.copy(DEV_TEXTS / "tjgb2023_luoyang.txt", texts)  # a real bulletin beside them (also a dev text)


@pytest.fixture(scope="module")
def odd_inputs_refresh(built_warehouse, tmp_path_factory):
    """One refresh (`python -m orchestration.refresh.build`) of a published copy of the seed warehouse
    over seeds/ plus the unreadable texts, the odd texts and the dev texts; (process, warehouse)."""
    folder = tmp_path_factory.mktemp("odd_inputs")
    warehouse = published_copy_in(built_warehouse, folder)
    seeds = copy_seeds(folder)
    _add_unreadable_texts(seeds, folder)
    _add_odd_texts(seeds)
    dev = _dev_texts()
    assert len(dev) == 5
    for path in dev:
        shutil.copy(path, seeds / "texts")
    proc = build_in_subprocess(seeds, warehouse)
    assert proc.returncode == 0, proc.stdout[-4000:]
    return proc, warehouse


def test_unreadable_texts_are_quarantined_and_the_rest_is_published(odd_inputs_refresh):
    proc, warehouse = odd_inputs_refresh
    # the new texts (here: 3 readable, 4 quarantined; the odd and dev texts too) parsed, the seed kept;
    # the two links are refused at scan
    parsed = len(UNREADABLE) + len({*ODD, *(p.name for p in _dev_texts())})
    assert f"texts: {parsed} parsed, 1 unchanged, 0 removed" in proc.stdout
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rejected = {r[0].split("/")[-1]: (r[1], r[2]) for r in con.execute(
            "select source_file, stage, reason from quality.rejected_inputs").fetchall()}
        encodings = dict(con.execute("select source_file, encoding from staging.stg_documents").fetchall())
        facts = {r[0] for r in con.execute("select quote from staging.stg_facts where source_file like '%bom crlf%'").fetchall()}
    # nothing else is quarantined: of the odd texts only the one-character-lines article (its own test)
    assert set(rejected) == {"broken.txt", "binary.txt", "empty.txt", "clutter.txt", "link.txt", "hardlink.txt",
                             "one_char_lines.txt"}
    assert rejected["link.txt"][0] == "scan" and "outside" in rejected["link.txt"][1]
    assert rejected["hardlink.txt"][0] == "scan" and "hard link (2 names" in rejected["hardlink.txt"][1]
    assert "not UTF-8 or GB18030" in rejected["broken.txt"][1]
    assert "binary" in rejected["binary.txt"][1] and "empty" in rejected["empty.txt"][1]
    assert "no recognizable article" in rejected["clutter.txt"][1]
    assert encodings["seeds/texts/聊城 报告 gbk.txt"] == "gb18030"
    assert encodings["seeds/texts/bom crlf.txt"] == "utf-8"
    assert encodings["seeds/texts/utf16 报告.txt"] == "utf-16-le"
    assert {"６５１家", "30％"} <= facts
    assert f"quarantined inputs: {len(rejected)}" in proc.stdout  # the 6 of this test and one_char_lines.txt
    for name in ("broken.txt:2", "binary.txt:3", "empty.txt:1"):
        assert name in proc.stdout


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("371524,东阿县", "371522,东阿县", "seeds/curated/regions.csv:38: column 'code': duplicate key"),
        ("prj_spic_linqing_wind,国电投临清风电项目,SPIC Linqing wind farm,energy,,371581",
         "prj_spic_linqing_wind,国电投临清风电项目,SPIC Linqing wind farm,energy,,379999",
         "seeds/curated/projects.csv:13: column 'region_code': '379999' is not a known regions.code"),
        # a stray quote (the note's closing quote missing) on line 8 used to swallow line 9's project and publish
        ('中通客车新能源汽车升级改造,"Level not stated in the reports"\nprj_guanxian',
         '中通客车新能源汽车升级改造,"Level not stated in the reports\nprj_guanxian',
         "seeds/curated/projects.csv:8: column 'note': the quote at character 115 opens a field that does not close"),
    ],
)
def test_a_curated_csv_that_breaks_its_schema_fails_before_publish(published_copy, tmp_path, old, new, where):
    before = file_sha256(published_copy)
    seeds = copy_seeds(tmp_path)
    path = seeds / where.split(":")[0].removeprefix("seeds/")
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    proc = build_in_subprocess(seeds, published_copy)
    assert proc.returncode == 1
    assert where in proc.stdout and "NOT published" in proc.stdout
    assert file_sha256(published_copy) == before


# --------------------------------------------------------------------------- safe publish


KILL_AFTER_S = (5, 15, 27)


@pytest.fixture(scope="module")
def killed_refreshes(built_warehouse, tmp_path_factory):
    """Forced refreshes of a published copy of the seed warehouse (seeds/ plus one report), SIGKILLed
    5, 15 and 27 s after they start, one after the other on the same warehouse; then two more, each
    killed once its Dagster run is STARTED and building: the first is left to the daemon's
    orphaned-runs sensor (a live run beside it must stay), the second to the next refresh, which
    follows all of them. Each kill's outcome is recorded for its test (a refresh costs about a
    minute: one recovery instead of five)."""
    from orchestration.defs.runs import WRITER_TAG, orphaned_runs, process_tags

    folder = tmp_path_factory.mktemp("killed_refreshes")
    warehouse = published_copy_in(built_warehouse, folder)
    home = warehouse.parent / "dagster_home"
    seed_docs = tables_of(warehouse)["raw.documents"]
    seeds = copy_seeds(folder)
    shutil.copy(CORPUS / "gwr2026_12_tianjin.txt", seeds / "texts")  # something to do
    kills = {}
    for kill_after_s in KILL_AFTER_S:
        before, counts = file_sha256(warehouse), tables_of(warehouse)
        proc = build_in_subprocess(seeds, warehouse, "--force", wait=False)
        time.sleep(kill_after_s)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        kills[kill_after_s] = {"returncode": proc.returncode, "before": before, "counts": counts,
                               "after": file_sha256(warehouse), "after_counts": tables_of(warehouse)}
    # The daemon's sensor: a run killed mid-build is failed; a live run (this process) is left alone.
    for_sensor = _kill_mid_run(seeds, warehouse)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        alive = instance.add_run(dg.DagsterRun(job_name="build_warehouse", status=dg.DagsterRunStatus.STARTED,
                                               tags={WRITER_TAG: "liaocheng", **process_tags()}))
        sensor = {"message": orphaned_runs(dg.build_sensor_context(instance=instance)).skip_message,
                  "killed": instance.get_run_by_id(for_sensor).status,
                  "alive": instance.get_run_by_id(alive.run_id).status}
        instance.delete_run(alive.run_id)  # this process's stand-in must not hold the writer queue
    # The next refresh marks the last killed run failed, cleans up the leftover build and publishes.
    for_refresh = _kill_mid_run(seeds, warehouse)
    again = build_in_subprocess(seeds, warehouse)
    leftovers = [p for p in warehouse.parent.iterdir() if "building" in p.name]
    statuses, in_progress = _runs(home)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        failures = [r.event_log_entry.dagster_event.message for r in
                    instance.get_records_for_run(for_refresh, of_type=dg.DagsterEventType.RUN_FAILURE).records]
    return {"seed_docs": seed_docs, "kills": kills, "again": again, "leftovers": leftovers,
            "final_counts": tables_of(warehouse), "sensor": sensor, "killed_for_refresh": for_refresh,
            "statuses": statuses, "in_progress": in_progress, "failure_messages": failures}


@pytest.mark.parametrize("kill_after_s", KILL_AFTER_S)
def test_a_killed_refresh_leaves_the_published_warehouse_valid_and_unchanged(killed_refreshes, kill_after_s):
    kill = killed_refreshes["kills"][kill_after_s]
    seed_docs = killed_refreshes["seed_docs"]
    if kill["returncode"] == 0:  # finished before the kill: then it must have published completely
        assert kill["after_counts"]["raw.documents"] == seed_docs + 1
        return
    if kill["after"] != kill["before"]:  # killed after its publish (drawing the scorecard, printing): complete
        assert kill["after_counts"]["raw.documents"] == seed_docs + 1
    else:  # killed before: the published warehouse untouched
        assert kill["after_counts"] == kill["counts"]
    # The next refresh (after the later kills too) cleans up the leftover build and publishes.
    again = killed_refreshes["again"]
    assert again.returncode == 0, again.stdout[-3000:]
    assert not killed_refreshes["leftovers"]
    assert killed_refreshes["final_counts"]["raw.documents"] == seed_docs + 1


@pytest.fixture(scope="module")
def one_text_added(built_warehouse, tmp_path_factory, monkeypatch_module):
    """One refresh of a published copy of the seed warehouse over seeds/ plus one report, while a
    reader holds the published file open, with the scorecard's fault point on (PLAN_FAULTS=scorecard:
    the warehouse publishes, then drawing the scorecard fails). Three tests read it: the reader's
    snapshot, exactly the one new text parsed (and none by a second refresh, without the fault), and
    the outcome message of a failure after publishing."""
    folder = tmp_path_factory.mktemp("one_text_added")
    warehouse = published_copy_in(built_warehouse, folder)
    seeds = copy_seeds(folder)
    shutil.copy(CORPUS / "gwr2026_54_tibet.txt", seeds / "texts")
    with duckdb.connect(str(warehouse), read_only=True) as reader:
        before = reader.execute("select count(*) from marts.dim_document").fetchone()[0]
        monkeypatch_module.setenv("PLAN_FAULTS", "scorecard")  # the documented fault point (orchestration/refresh/faults.py)
        proc = build_in_subprocess(seeds, warehouse)
        monkeypatch_module.delenv("PLAN_FAULTS")
        during = reader.execute("select count(*) from marts.dim_document").fetchone()[0]
    return {"proc": proc, "warehouse": warehouse, "seeds": seeds, "before": before, "reader_after": during,
            "scorecard_written": (warehouse.parent / "scorecard.html").exists()}


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_a_reader_never_blocks_a_refresh_and_keeps_its_snapshot(one_text_added):
    proc, warehouse, before = one_text_added["proc"], one_text_added["warehouse"], one_text_added["before"]
    assert proc.returncode == 3 and "published:" in proc.stdout, proc.stdout[-3000:]  # 3: published, scorecard stale
    assert one_text_added["reader_after"] == before  # the reader, open all along, keeps its snapshot
    # A new reader in another process sees the new warehouse (in this process DuckDB caches the
    # open database by path, so read it from a fresh process).
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", f"import duckdb; print(duckdb.connect({str(warehouse)!r}, read_only=True)"
                               ".execute('select count(*) from marts.dim_document').fetchone()[0])"],
        capture_output=True, text=True, check=True,
    ).stdout
    assert int(out) == before + 1


# --------------------------------------------------------------------------- schedule and sensor


def test_daily_schedule_runs_every_document_at_six_shanghai():
    assert daily_refresh.cron_schedule == "0 6 * * *" and daily_refresh.execution_timezone == "Asia/Shanghai"
    with dg.instance_for_test() as instance:
        skipped = daily_refresh(dg.build_schedule_context(instance=instance, scheduled_execution_time=datetime(2026, 11, 27, 6)))
        assert isinstance(skipped, dg.SkipReason)
        instance.add_dynamic_partitions(text_partitions.name, ["a.txt", "b.txt", "c.txt"])
        request = daily_refresh(dg.build_schedule_context(instance=instance, scheduled_execution_time=datetime(2026, 11, 27, 6)))
        assert request.tags[RANGE_START] == "a.txt" and request.tags[RANGE_END] == "c.txt"


def _evaluate(instance, cursor):
    result = seeds_sensor(dg.build_sensor_context(instance=instance, cursor=cursor))
    if isinstance(result, dg.SensorResult):
        for req in result.dynamic_partitions_requests:
            if isinstance(req, dg.AddDynamicPartitionsRequest):
                instance.add_dynamic_partitions(req.partitions_def_name, list(req.partition_keys))
            else:
                for key in req.partition_keys:
                    instance.delete_dynamic_partition(req.partitions_def_name, key)
    return result


def test_sensor_runs_exactly_what_changed(tmp_path, monkeypatch):
    seeds = copy_seeds(tmp_path)
    monkeypatch.setenv("PLAN_SEEDS_DIR", str(seeds))
    with dg.instance_for_test() as instance:
        first = _evaluate(instance, None)
        assert [r.partition_key for r in first.run_requests] == [None]  # first look: one run over everything
        assert instance.get_dynamic_partitions(text_partitions.name) == [SEED]
        assert isinstance(_evaluate(instance, first.cursor), dg.SkipReason)  # nothing changed: no run

        shutil.copy(CORPUS / "gwr2026_12_tianjin.txt", seeds / "texts")
        added = _evaluate(instance, first.cursor)
        assert [r.partition_key for r in added.run_requests] == ["gwr2026_12_tianjin.txt"]
        assert instance.get_dynamic_partitions(text_partitions.name) == [SEED, "gwr2026_12_tianjin.txt"]
        assert isinstance(_evaluate(instance, added.cursor), dg.SkipReason)

        with (seeds / "texts" / SEED).open("a", encoding="utf-8") as fh:
            fh.write("\n补充一句。\n")
        changed = _evaluate(instance, added.cursor)
        assert [r.partition_key for r in changed.run_requests] == [SEED]
        assert changed.run_requests[0].run_key != first.run_requests[0].run_key

        (seeds / "curated" / "projects.csv").write_text(
            (seeds / "curated" / "projects.csv").read_text(encoding="utf-8") + "\n", encoding="utf-8")
        curated = _evaluate(instance, changed.cursor)
        (full,) = curated.run_requests
        assert full.partition_key is None and full.tags[RANGE_END] == "gwr2026_12_tianjin.txt"

        (seeds / "texts" / "gwr2026_12_tianjin.txt").unlink()
        removed = _evaluate(instance, curated.cursor)
        assert instance.get_dynamic_partitions(text_partitions.name) == [SEED]
        assert [r.partition_key for r in removed.run_requests] == [None]


def test_adding_one_document_parses_exactly_that_one(one_text_added):
    proc, seeds, warehouse = one_text_added["proc"], one_text_added["seeds"], one_text_added["warehouse"]
    assert proc.returncode == 3, proc.stdout[-3000:]  # published; only the scorecard failed (fault point)
    assert "texts: 1 parsed, 1 unchanged, 0 removed" in proc.stdout
    again = build_in_subprocess(seeds, warehouse)
    assert again.returncode == 0, again.stdout[-3000:]
    assert "texts: 0 parsed, 2 unchanged, 0 removed" in again.stdout
    # The seed's project links were kept, the new text's linked: together what linking every mention
    # from scratch gives (raw.project_link_log stamps both texts).
    with duckdb.connect(str(warehouse), read_only=True) as con:
        stored = sorted(repr(sorted(row.items())) for row in read_rows(con, "raw.project_links"))
        mentions = read_rows(con, "raw.project_mentions", order_by="doc_id, char_start")
        projects = read_rows(con, "raw.projects", order_by="source_line")
        statements = read_rows(con, "raw.project_status_reports", order_by="source_line")
        stages = stage_map(read_rows(con, "raw.project_statuses", order_by="source_line"))
        logged = con.execute("SELECT count(*) FROM raw.project_link_log").fetchone()[0]
    links, _ = apply_statements(link_mentions(mentions, projects, stages), mentions, statements, projects)
    assert logged == 2 and {m["source_file"] for m in mentions} >= {"seeds/texts/gwr2026_54_tibet.txt"}
    assert stored == sorted(repr(sorted(vars(link).items())) for link in links)
    # The paragraphs suite (scope "document") validated every row in the session's first build, then
    # only the rows of the text each refresh parsed: the report's, then none (orchestration.quality.validation_log).
    with duckdb.connect(str(warehouse), read_only=True) as con:
        validations = con.execute("SELECT scope, rows_validated, rows_in_table, passed FROM raw.validation_log "
                                  "WHERE check_name = 'gx_staging_paragraphs' ORDER BY validated_at").fetchall()
        seed_rows, report_rows = con.execute(
            "SELECT count(*) FILTER (WHERE d.source_file NOT LIKE '%tibet%'), count(*) FILTER (WHERE d.source_file LIKE '%tibet%') "
            "FROM staging.stg_paragraphs AS p JOIN raw.documents AS d USING (doc_id)").fetchall()[0]
    assert report_rows > 0 and validations == [
        ("all", seed_rows, seed_rows, True),
        ("new documents", report_rows, seed_rows + report_rows, True),
        ("new documents", 0, seed_rows + report_rows, True),
    ]


# --------------------------------------------------------------------------- idempotency


def _marts_and_checks(path: Path, summary: str) -> tuple[dict, list[str]]:
    with duckdb.connect(str(path), read_only=True) as con:
        tables = content_hash(con, ["raw", "staging", "intermediate", "marts"])
    # Bookkeeping tables record which run did the work; everything else must be identical.
    return ({t: h for t, h in tables.items() if t not in {"raw.parse_log", "raw.rejected_texts", "raw.validation_log"}},
            [line for line in summary.splitlines() if line.startswith(("checks:", "  FAILED"))])


@pytest.fixture(scope="module")
def chaos_run(tmp_path_factory):
    """tests/chaos.py with one kill (`make chaos`: 10): a first forced refresh of seeds/ into an empty
    warehouse (every text parsed, in a fresh process), then a forced refresh SIGKILLed at a seeded
    random moment late in the run (79 % of the first one's duration: the killed-refreshes fixture
    kills early, at fixed times and once the run is building), followed by a refresh. The marts and the checks of the first are kept for the
    idempotency test (one first refresh for both tests)."""
    from chaos import chaos

    first = {}

    def keep(warehouse: Path, output: str) -> None:
        first["marts_and_checks"] = _marts_and_checks(warehouse, output)

    results = chaos(kills=1, seed=6, workdir=tmp_path_factory.mktemp("chaos"), out=print, extra_text=False,
                    after_first=keep)
    return results, first


def test_two_refreshes_on_the_same_inputs_give_identical_marts_and_checks(built_warehouse, chaos_run):
    """The session's first build (in-process) and a forced refresh (every text re-parsed, in a fresh
    process: the first refresh of the chaos run) on the same inputs."""
    from orchestration.defs.execution import outcome
    from orchestration.refresh.summary import summarize

    result, seed_warehouse = built_warehouse
    first = _marts_and_checks(seed_warehouse, summarize(outcome(result), str(seed_warehouse), True))
    second = chaos_run[1]["marts_and_checks"]
    assert first[0] == second[0] and len(first[0]) > 20
    assert first[1] == second[1]


# --------------------------------------------------------------------------- killed runs never block the queue


def _runs(home: Path):
    from orchestration.defs.runs import IN_PROGRESS

    with dg.DagsterInstance.from_config(str(home)) as instance:
        records = instance.get_run_records()
        return ({r.dagster_run.run_id: r.dagster_run.status for r in records},
                [r.dagster_run.run_id for r in records if r.dagster_run.status in IN_PROGRESS])


def _kill_mid_run(seeds: Path, warehouse: Path) -> str:
    """Start a forced refresh, SIGKILL it once its run is STARTED and building; returns the run id."""
    home = warehouse.parent / "dagster_home"
    building = warehouse.with_name(f".{warehouse.stem}.building{warehouse.suffix}")
    proc = build_in_subprocess(seeds, warehouse, "--force", wait=False)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.5)
        if building.exists() and (home / "history" / "runs.db").exists() and _runs(home)[1]:
            time.sleep(3)  # a few steps in
            break
    assert proc.poll() is None, "the refresh finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    _, in_progress = _runs(home)
    assert len(in_progress) == 1  # what a kill leaves behind: a run that stays STARTED
    return in_progress[0]


def test_a_killed_refresh_is_marked_failed_by_the_next_refresh_which_succeeds(killed_refreshes):
    killed, again = killed_refreshes["killed_for_refresh"], killed_refreshes["again"]
    assert again.returncode == 0, again.stdout[-3000:]
    assert f"marked run {killed} failed: its process no longer exists" in again.stderr
    statuses, in_progress = killed_refreshes["statuses"], killed_refreshes["in_progress"]
    assert in_progress == [] and statuses[killed] == dg.DagsterRunStatus.FAILURE
    (failure,) = killed_refreshes["failure_messages"]
    assert "no longer exists — it was killed or crashed mid-run" in failure


def test_the_daemon_sensor_marks_a_killed_run_failed_and_frees_the_writer_queue(killed_refreshes):
    sensor = killed_refreshes["sensor"]
    # A live run (the test process) is left alone; the dead one is failed.
    assert "1 orphaned run(s) marked failed" in sensor["message"]
    assert sensor["killed"] == dg.DagsterRunStatus.FAILURE
    assert sensor["alive"] == dg.DagsterRunStatus.STARTED


def test_dagster_yaml_enables_run_monitoring_without_resume(tmp_path):
    shutil.copy(Path(__file__).resolve().parents[1] / "dagster_home" / "dagster.yaml", tmp_path)
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert instance.run_monitoring_enabled
        assert instance.run_monitoring_max_resume_run_attempts == 0
        assert instance.run_monitoring_start_timeout_seconds == 180


def test_finished_runs_are_pruned_by_policy_with_their_events(tmp_path):
    from orchestration.defs.runs import prune_runs

    @dg.asset
    def tiny() -> int:
        return 1

    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        ids = [dg.materialize([tiny], instance=instance).run_id for _ in range(7)]
        assert prune_runs(instance, keep_days=14, keep_runs=3) == 4
        kept = {r.dagster_run.run_id for r in instance.get_run_records()}
        assert kept == set(ids[-3:])  # the newest three
        assert all(instance.get_run_by_id(run_id) is None for run_id in ids[:4])
        shards = {p.stem for p in (tmp_path / "history" / "runs").glob("*.db")}
        assert not shards & set(ids[:4]) and set(ids[-3:]) <= shards  # their event logs went with them
        assert instance.get_records_for_run(ids[-1]).records  # the kept runs' events are intact
        assert prune_runs(instance, keep_days=0, keep_runs=50) == 3  # older than the cut-off: every finished run


# --------------------------------------------------------------------------- true outcome messages


def test_a_scorecard_failure_after_publishing_says_published_and_stale(one_text_added):
    proc = one_text_added["proc"]  # PLAN_FAULTS=scorecard; the new warehouse has one more text
    assert proc.returncode == 3, proc.stdout[-3000:]
    first = next(line for line in proc.stdout.splitlines() if line.startswith("run "))
    assert "NOT published" not in proc.stdout
    assert "published:" in first and "the scorecard (scorecard.html, the previous one stays) is stale" in first
    assert "InjectedFault: fault injected at 'scorecard'" in first
    # the new warehouse was published: a fresh process sees the new text (test_a_reader_never_blocks…)
    assert not one_text_added["scorecard_written"]


# --------------------------------------------------------------------------- one odd text never blocks the rest


def test_odd_texts_are_quarantined_or_flagged_and_the_rest_publishes(built_warehouse, odd_inputs_refresh):
    proc, warehouse = odd_inputs_refresh
    assert "SUCCESS, published" in proc.stdout
    with duckdb.connect(str(warehouse), read_only=True) as con:
        quarantined = con.execute(
            "select source_file, stage, doc_id, line, rule, reason from quality.rejected_inputs").fetchall()
        no_year = con.execute("select published_date, date_basis from marts.dim_document "
                              "where source_file like '%no_year%'").fetchall()
        unknown_region = con.execute("select count(*) from marts.fct_indicator_observation "
                                     "where source_file like '%no_year%' and region_code is null").fetchone()[0]
        docs = {r[0] for r in con.execute("select source_file from marts.dim_document").fetchall()}
        seed_marts = con.execute("select * exclude (observation_id) from marts.fct_indicator_observation "
                                 "where source_file like '%000_7aa3%' order by all").fetchall()
    # The 5,000 one-character lines: that article alone is quarantined, with its rule, line and row
    # (of these texts: the unreadable ones of the same refresh have their own test).
    (row,) = [r for r in quarantined if r[0].split("/")[-1] in {*ODD, "tjgb2023_luoyang.txt"}]
    assert row[:5] == ("seeds/texts/one_char_lines.txt", "validate", "one_char_lines-1", 3,
                       "staging_paragraphs/expect_column_values_to_match_regex")
    assert "expectations/suites/staging_paragraphs.json" in row[5] and "5,000 characters" in row[5]
    assert "seeds/texts/one_char_lines.txt:3: article one_char_lines-1 quarantined" in proc.stdout
    # No year: published, date unknown and flagged; a region not in the catalog: published, region unknown, flagged.
    assert no_year == [(None, "none")]
    assert unknown_region > 0
    assert {"seeds/texts/no_year.txt", "seeds/texts/tjgb2023_luoyang.txt"} <= docs
    for flag in ("FAILED [WARN] staging/stg_documents :: gx_staging_documents_flags",
                 "FAILED [WARN] staging/stg_facts :: not_null_stg_facts_region_code"):
        assert flag in proc.stdout
    # The seed's marts are unchanged.
    _, seed_warehouse = built_warehouse
    with duckdb.connect(str(seed_warehouse), read_only=True) as con:
        assert con.execute("select * exclude (observation_id) from marts.fct_indicator_observation "
                           "order by all").fetchall() == seed_marts


# --------------------------------------------------------------------------- fault injection (make chaos: 10 kills)


def test_chaos_one_late_kill(chaos_run):
    results, _ = chaos_run  # make chaos: 10 kills
    assert len(results) == 1
    assert all(r.ok for r in results), [r.line() for r in results]


def test_the_dev_texts_publish_whole_beside_the_seed(odd_inputs_refresh):
    """Issue 14: the five real texts of ../shared/corpus/dev_texts (two city bulletins, three news posts
    copied from web pages) once stopped the whole refresh. Now every one is read, none is quarantined,
    each publishes its figures, and a bulletin's figures get their year from its title."""
    proc, warehouse = odd_inputs_refresh
    dev = _dev_texts()
    assert len(dev) == 5
    assert "SUCCESS, published" in proc.stdout
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rejected = con.execute("select source_file, reason from quality.rejected_inputs").fetchall()
        per_file = dict(con.execute(
            "select source_file, count(*) from marts.fct_indicator_observation group by all").fetchall())
        luoyang_years = con.execute(
            "select distinct year(p.period_start) from marts.fct_indicator_observation as o "
            "join marts.dim_period as p using (period_id) "
            "where o.source_file like '%luoyang%' and p.period_start is not null").fetchall()
    # none of them is quarantined (the same refresh's unreadable and odd texts are, in their own tests)
    assert [r for r in rejected if r[0].split("/")[-1] in {p.name for p in dev}] == []
    for path in dev:
        assert per_file.get(f"seeds/texts/{path.name}", 0) > 0, f"no figure of {path.name} published"
    assert (2023,) in luoyang_years
