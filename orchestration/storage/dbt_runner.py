"""`dbt build` in a dbt process started ahead: dbt's programmatic API (dbtRunner) in a spawned worker.

A `dbt build` subprocess spends its first ~2 s importing dbt-core and its adapter and reading its
partial-parse state, before it builds anything. A refresh knows from its first line that it will run
dbt, so ``DbtWorker`` starts that process then: it imports dbt and parses the project
(``dbtRunner().invoke(["parse"])``, partial parsing as usual) on the other core while the refresh
imports Dagster, plans the run and loads the raw tables. When the dbt step comes, the worker runs
``dbtRunner(manifest=parsed).invoke(["build", ...])`` (dbt's documented way to reuse a parsed
manifest) and sends back the events a caller reads, as dbt writes them to a JSON log
(``msg_to_dict``): the same dictionaries dagster-dbt reads from a dbt subprocess's stdout. dbt's own
stdout lines, its dbt.log and its artifacts in the target folder are as with the CLI.

The parse ahead is used only if the environment at the build is the one it was parsed in (dbt's
``env_var()`` reads it: the profile's path, the team profile's schemas); otherwise the worker
parses again as part of the build. One worker runs one build, then exits.

Pure: no Dagster import.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import sys
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from orchestration.storage.worker_process import WorkerProcess

RESULT_EVENTS = frozenset({"LogSeedResult", "LogModelResult", "LogSnapshotResult", "LogTestResult"})
STATS_PREFIX = "dagster_model_stats "  # the line dbt_project/macros/log_model_stats.sql logs per model
# What dagster-dbt sets for its dbt subprocess; macros/log_model_stats.sql logs a model's figures only then.
UNDER_DAGSTER = {"DAGSTER_DBT_CLI": "true"}
SHOWN_LEVELS = frozenset({"info", "warn", "error"})  # what dbt prints on stdout by default
AHEAD_ENV = "PLAN_DBT_AHEAD"  # "0": no worker started ahead; the dbt step runs dagster-dbt's subprocess


def serve(conn: Any, common: list[str], keep_prefixes: tuple[str, ...]) -> None:
    """The worker (orchestration.storage.worker_process, started in the parse's environment): import
    dbt, parse, then run the one build it is sent."""
    manifest, parse_note = None, ""
    try:
        from dbt.cli.main import dbtRunner
        from dbt_common.events.functions import msg_to_dict

        parsed = dbtRunner().invoke(["parse", "--log-level", "none", *common])
        if parsed.success:
            manifest = parsed.result
        else:
            parse_note = f"dbt parse ahead failed ({parsed.exception}); the build parses again"
    except BaseException as err:  # dbt cannot even be imported: reported at the build
        conn.send(("done", False, [f"dbt could not start: {type(err).__name__}: {err}"], ""))
        return
    conn.send(("ready", manifest is not None, parse_note))
    order = conn.recv()
    if order[0] != "build":
        return
    _, args, build_env, reparse = order
    if reparse:  # what was parsed may not hold: dbt parses again inside the build
        manifest = None
    os.environ.clear()
    os.environ.update(build_env)
    errors: list[str] = []
    lost: list[str] = []  # events the refresh did not get: the build then counts as failed

    def callback(msg: Any) -> None:
        info = msg.info
        if info.level == "error" and info.msg.strip():
            errors.append(info.msg)
        try:
            if info.name == "JinjaLogInfo" and info.msg.startswith(keep_prefixes):
                conn.send(("event", msg_to_dict(msg), None))
            elif info.name in RESULT_EVENTS:
                conn.send(("event", msg_to_dict(msg), info.msg))
            elif info.level in SHOWN_LEVELS:
                conn.send(("line", info.msg))
        except (BrokenPipeError, OSError, ValueError):  # the refresh is gone: stop building at once
            os._exit(1)
        except Exception as err:  # never into dbt: an exception in its callback stalls dbt's node queue for good
            lost.append(f"dbt's event {info.name} could not be sent to the refresh: {type(err).__name__}: {err}")

    try:
        # dbt's stdout lines go to the caller (its sys.stdout: Dagster's compute logs, a CLI's log file),
        # as dagster-dbt re-emits a subprocess's; the worker itself prints none (--log-level none).
        result = dbtRunner(manifest=manifest, callbacks=[callback]).invoke(
            [*args, "--log-level", "none", "--no-use-colors", *common])
        if result.exception is not None:
            errors.append(f"{type(result.exception).__name__}: {result.exception}")
        success = bool(result.success)
    except BaseException as err:
        errors.append(f"{type(err).__name__}: {err}")
        success = False
    conn.send(("done", success and not lost, (errors + lost)[-20:], ""))


ENV_REFERENCE = re.compile(r"""env_var\(\s*['"]([^'"]+)['"]""")


def referenced_env_vars(project_dir: str | Path) -> frozenset[str]:
    """The environment variables a dbt project reads: every env_var('…') in its profiles, project,
    models, macros and tests (~150 small files, a few ms)."""
    root = Path(project_dir)
    files = [*root.glob("*.yml"), *(p for folder in ("models", "macros", "tests", "analyses", "snapshots", "seeds")
                                    for p in (root / folder).rglob("*") if p.suffix in (".sql", ".yml", ".yaml"))]
    return frozenset(name for path in files
                     for name in ENV_REFERENCE.findall(path.read_text(encoding="utf-8", errors="replace")))


def env_changes(before: Mapping[str, str], after: Mapping[str, str], project_dir: str | Path) -> list[str]:
    """The variables dbt can read (the project's, and dbt's own DBT_… flags) that differ between
    ``before`` and ``after``."""
    names = referenced_env_vars(project_dir) | {k for k in (*before, *after) if k.startswith("DBT_")}
    return sorted(k for k in names if before.get(k) != after.get(k))


class DbtWorker:
    """One dbt process: started (importing dbt, parsing the project) by start(), one build by build().

    ``common``: the arguments of both the parse and the build (project, profiles, target and log
    folders); ``keep_prefixes``: dbt log lines (JinjaLogInfo) sent back besides the node results."""

    def __init__(self, common: Sequence[str], env: Mapping[str, str], keep_prefixes: Sequence[str] = ()):
        self.common = list(common)
        self.env = dict(env)
        self.keep_prefixes = tuple(keep_prefixes)
        self.success: bool | None = None
        self.errors: list[str] = []
        self.notes: list[str] = []
        self.parsed_ahead: bool | None = None
        self._worker: WorkerProcess | None = None
        self._conn: Any = None

    @property
    def target_path(self) -> Path:
        return Path(self.common[self.common.index("--target-path") + 1])

    def start(self) -> DbtWorker:
        self._worker = WorkerProcess(__name__, "serve", self.common, self.keep_prefixes, env=self.env).start()
        self._conn = self._worker.channel
        return self

    def alive(self) -> bool:
        return self._worker is not None and self._worker.alive()

    def build(self, args: Sequence[str], env: Mapping[str, str], project_dir: str | Path) -> Iterator[dict[str, Any]]:
        """Run ``dbt <args>`` in the worker (after its parse) with ``env``; yield the kept events as dbt
        fires them. The parse ahead is kept unless a variable the project reads changed. Afterwards
        success, errors and notes tell how it went; the worker has exited."""
        changed = env_changes(self.env, env, project_dir)
        if changed:
            self.notes.append(f"dbt parses again: {', '.join(changed[:5])} changed since the parse ahead")
        if self._conn is None:
            raise RuntimeError("the dbt worker was not started")
        try:
            sent = False
            while True:
                try:
                    message = self._conn.recv()
                except EOFError:  # the worker died
                    code = self._worker.process.poll() if self._worker is not None and self._worker.process else None
                    self.success = False
                    self.errors.append(f"the dbt worker process ended unexpectedly (exit code {code})")
                    return
                kind = message[0]
                if kind == "ready":
                    self.parsed_ahead = message[1]
                    if message[2]:
                        self.notes.append(message[2])
                    if not sent:
                        self._conn.send(("build", list(args), dict(env), bool(changed)))
                        sent = True
                elif kind == "event":
                    if message[2] is not None:
                        sys.stdout.write(message[2] + "\n")
                    yield message[1]
                elif kind == "line":
                    sys.stdout.write(message[1] + "\n")
                elif kind == "done":
                    self.success, self.errors = message[1], list(message[2])
                    return
        finally:
            self.stop()

    def stop(self) -> None:
        """End the worker: tell it to go if it still waits for its build; wait for it (killed if it
        does not end: a build abandoned half-way)."""
        if self._conn is not None and self.success is None:
            try:
                self._conn.send(("stop",))
            except (BrokenPipeError, OSError, ValueError):
                pass
        self._conn = None
        if self._worker is not None:
            self._worker.stop(timeout_s=5.0 if self.success is not None else 1.0)
            self._worker = None


def new_target_path(project_target: Path, name: str) -> Path:
    """A target folder of its own for one invocation (dbt_models-<random>-<random>, as dagster-dbt
    names them), seeded with the project's partial-parse state so that dbt parses only what changed."""
    target = project_target / f"{name}-{uuid.uuid4().hex[:7]}-{uuid.uuid4().hex[:7]}"
    target.mkdir(parents=True, exist_ok=True)
    state = project_target / "partial_parse.msgpack"
    if state.exists():
        shutil.copyfile(state, target / state.name)
    return target


def worker_args(project_dir: str | Path, profiles_dir: str | Path, target: Path) -> list[str]:
    return ["--project-dir", str(project_dir), "--profiles-dir", str(profiles_dir),
            "--target-path", str(target), "--log-path", str(target)]


_AHEAD: DbtWorker | None = None
_AHEAD_LOCK = threading.Lock()


def start_ahead(project_dir: str | Path, profiles_dir: str | Path, env: Mapping[str, str],
                keep_prefixes: Sequence[str] = (), name: str = "dbt_models") -> DbtWorker:
    """Start the worker the next dbt step of this process takes (take_ahead); replaces an unused one."""
    global _AHEAD
    project_target = Path(project_dir) / "target"
    worker = DbtWorker(worker_args(project_dir, profiles_dir, new_target_path(project_target, name)), env, keep_prefixes)
    with _AHEAD_LOCK:
        old, _AHEAD = _AHEAD, worker.start()
    if old is not None:
        old.stop()
    return worker


def take_ahead(project_dir: str | Path, profiles_dir: str | Path) -> DbtWorker | None:
    """The worker start_ahead() started for this project, if it is still there; it is then the caller's."""
    global _AHEAD
    with _AHEAD_LOCK:
        worker, _AHEAD = _AHEAD, None
    if worker is None:
        return None
    same = worker.common[:4] == worker_args(project_dir, profiles_dir, worker.target_path)[:4]
    if same and worker.alive():
        return worker
    worker.stop()
    return None


def _stop_ahead() -> None:
    global _AHEAD
    with _AHEAD_LOCK:
        worker, _AHEAD = _AHEAD, None
    if worker is not None:
        worker.stop()


atexit.register(_stop_ahead)


def ahead_enabled() -> bool:
    return os.environ.get(AHEAD_ENV, "1").strip() != "0"


def build_env(database: str | None = None) -> dict[str, str]:
    """The environment of a dbt build under Dagster: this process's, the build file's path for the
    profile (``database``, else as this process has it), and dagster-dbt's DAGSTER_DBT_CLI."""
    from orchestration.storage.files import DBT_DATABASE_ENV

    env = dict(os.environ) | UNDER_DAGSTER
    if database is not None:
        env[DBT_DATABASE_ENV] = database
    return env


def start_for_refresh() -> DbtWorker | None:
    """First thing a refresh entry point does: the dbt worker of its build (the warehouse's build file),
    so that dbt is imported and the project parsed by the time the dbt step comes; the one already
    waiting, if any. None if disabled."""
    if not ahead_enabled():
        return None
    with _AHEAD_LOCK:
        if _AHEAD is not None and _AHEAD.alive():
            return _AHEAD
    from orchestration.storage.files import WarehouseFiles
    from orchestration.storage.paths import DBT_PROJECT_DIR, warehouse_path

    build = WarehouseFiles(warehouse_path()).build
    return start_ahead(DBT_PROJECT_DIR, DBT_PROJECT_DIR, build_env(str(build)), (STATS_PREFIX,))
