"""A helper Python process that runs one function of ours and talks by pickled messages over pipes.

The refresh's dbt worker (orchestration.storage.dbt_runner) and GX worker
(orchestration.quality.gx_validation) run in such processes. Not multiprocessing's "spawn": that
re-runs the parent's main script in the child (as __mp_main__), so a script calling a refresh
without an ``if __name__ == "__main__"`` guard would run again, side effects and all, in every
worker. Here the child is ``python -c`` importing only the function's module; both ends are plain
file objects over two os.pipe()s, so a dead child is an EOFError, never a hang. Pure: no Dagster.
"""

from __future__ import annotations

import importlib
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Mapping
from typing import Any, BinaryIO

CHILD = "from orchestration.storage.worker_process import child_main; child_main()"


class Channel:
    """One end of the conversation: send() and recv() of picklable values."""

    def __init__(self, reader: BinaryIO, writer: BinaryIO):
        self._reader, self._writer = reader, writer
        self._send_lock = threading.Lock()

    def send(self, value: Any) -> None:
        with self._send_lock:
            pickle.dump(value, self._writer, protocol=pickle.HIGHEST_PROTOCOL)
            self._writer.flush()

    def recv(self) -> Any:
        """The next value; EOFError when the other end has gone."""
        return pickle.load(self._reader)

    def close(self) -> None:
        for stream in (self._writer, self._reader):
            try:
                stream.close()
            except OSError:
                pass


class WorkerProcess:
    """``module.function(channel, *args)`` in a new Python process; ``env`` its environment."""

    def __init__(self, module: str, function: str, *args: Any, env: Mapping[str, str] | None = None):
        self.module, self.function, self.args = module, function, args
        self.env = dict(env) if env is not None else None
        self.process: subprocess.Popen | None = None
        self.channel: Channel | None = None

    def start(self) -> WorkerProcess:
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", CHILD, str(to_child_r), str(from_child_w)],
                pass_fds=(to_child_r, from_child_w), env=self.env, close_fds=True,
            )
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self.channel = Channel(os.fdopen(from_child_r, "rb"), os.fdopen(to_child_w, "wb"))
        self.channel.send((self.module, self.function, self.args))
        return self

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout_s: float = 5.0) -> None:
        """Close the pipes (an idle child then ends), wait for it; kill it if it does not end."""
        if self.channel is not None:
            self.channel.close()
            self.channel = None
        if self.process is not None:
            try:
                self.process.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def die_with_parent() -> None:
    """Linux: have the kernel kill this process when the process that started it dies (a refresh
    killed with SIGKILL must not leave a dbt build running into its build file). Elsewhere the
    worker ends at its next message, when the pipe breaks."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the call
        os._exit(1)


def child_main() -> None:
    """The child: read the function to run, run it with the channel, then leave without the
    interpreter's teardown (atexit handlers still run, as at a normal exit)."""
    die_with_parent()
    reader_fd, writer_fd = int(sys.argv[1]), int(sys.argv[2])
    channel = Channel(os.fdopen(reader_fd, "rb"), os.fdopen(writer_fd, "wb"))
    code = 0
    try:
        module, function, args = channel.recv()
        getattr(importlib.import_module(module), function)(channel, *args)
    except (EOFError, BrokenPipeError):  # the parent went away
        pass
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        from orchestration.refresh.process_exit import exit_now

        exit_now(code)
