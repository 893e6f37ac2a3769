"""orchestration.storage.worker_process: helper processes that run one function of ours."""

import os
import signal
import subprocess
import sys
import time

import pytest

from orchestration.storage.worker_process import WorkerProcess

HERE = "tests.unit.test_worker_process"  # importable by the worker (python -c in the checkout)


def echo(channel, prefix):
    """A worker for these tests: answers each message with prefix + message, until the pipe closes."""
    while True:
        channel.send(prefix + channel.recv())


def busy(channel):
    """A worker that, once started, never reads its pipe (a dbt build in the middle of a long model)."""
    channel.send("busy")
    time.sleep(60)


def test_a_worker_answers_and_ends_when_its_pipes_close():
    worker = WorkerProcess(HERE, "echo", "got ").start()
    worker.channel.send("a")
    assert worker.channel.recv() == "got a"
    worker.stop()
    assert worker.process.returncode == 0


def test_a_worker_started_from_a_script_without_a_main_guard_does_not_run_the_script_again(tmp_path):
    """multiprocessing's spawn would run this script again in the worker (as __mp_main__)."""
    marker = tmp_path / "runs.txt"
    script = tmp_path / "unguarded.py"
    script.write_text(
        "from orchestration.storage.worker_process import WorkerProcess\n"
        f"open({str(marker)!r}, 'a').write('run\\n')\n"
        f"w = WorkerProcess({HERE!r}, 'echo', '> ').start()\n"
        "w.channel.send('x'); print(w.channel.recv()); w.stop()\n", encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120,
                         cwd=os.getcwd(), env=os.environ | {"PYTHONPATH": os.getcwd()})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "> x"
    assert marker.read_text() == "run\n"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_worker_dies_with_the_process_that_started_it():
    script = ("import sys, time\nfrom orchestration.storage.worker_process import WorkerProcess\n"
              f"w = WorkerProcess({HERE!r}, 'busy').start()\n"
              "assert w.channel.recv() == 'busy'\nprint(w.pid, flush=True)\ntime.sleep(60)\n")
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    pid = int(parent.stdout.readline())
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    pytest.fail("the worker outlived the process that started it")
