"""Safe publishing of the DuckDB warehouse. No Dagster here.

A refresh never writes the published file. Under an exclusive lock it copies the published
file to a build file, writes only there, and when every ERROR check has passed replaces the
published file with ``os.replace`` (atomic on one filesystem). Measured on DuckDB: a reader
holding a read-only connection blocks any writer of *that* file, but a replaced file lets the
open reader keep its old snapshot while new readers get the new one. So an analyst's open
connection never blocks a refresh nor sees a half-built state, and a failed or killed refresh
leaves the published file untouched; its leftover build file is removed by the next refresh.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb


class WarehouseBusy(RuntimeError):
    """Another refresh holds the writer lock."""


@dataclass(frozen=True)
class WarehouseFiles:
    published: Path

    @property
    def build(self) -> Path:
        return self.published.with_name(f".{self.published.stem}.building{self.published.suffix}")

    @property
    def digest(self) -> Path:
        """The published file's sha256 as publish() computed it, with the stat it was computed for."""
        return self.published.with_name(f".{self.published.stem}.sha256.json")

    @property
    def lock(self) -> Path:
        return self.published.with_name(f".{self.published.stem}.lock")

    def leftovers(self) -> list[Path]:
        """Build files (and their WAL) a failed or killed refresh left behind."""
        return [p for p in (self.build, self.build.with_name(self.build.name + ".wal")) if p.exists()]


class WriterLock:
    """An exclusive, process-wide lock on the warehouse (flock: released if the process dies)."""

    def __init__(self, path: Path, timeout_s: float = 600.0, poll_s: float = 0.2):
        self.path, self.timeout_s, self.poll_s = path, timeout_s, poll_s
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
                    os.close(fd)
                    raise WarehouseBusy(
                        f"another refresh holds {self.path} (pid {holder}); waited {self.timeout_s:.0f}s"
                    ) from None
                time.sleep(self.poll_s)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def prepare_build(files: WarehouseFiles) -> Path:
    """Start a build from the published state (or empty). Call with the writer lock held."""
    for stale in files.leftovers():
        stale.unlink()
    files.published.parent.mkdir(parents=True, exist_ok=True)
    if files.published.exists():
        shutil.copyfile(files.published, files.build)
    return files.build


def publish(files: WarehouseFiles) -> str:
    """Atomically make the build file the published warehouse; returns the new file's sha256.

    The build is checkpointed first so that the single file holds every change (no WAL).
    """
    if not files.build.exists():
        raise FileNotFoundError(f"no build to publish at {files.build}")
    with duckdb.connect(str(files.build)) as con:
        con.execute("CHECKPOINT")
    with open(files.build, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(files.build, files.published)
    dir_fd = os.open(files.published.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    sha = file_sha256(files.published)
    files.digest.write_text(json.dumps({"sha256": sha, **_identity(files.published)}), encoding="utf-8")
    return sha


def _identity(path: Path) -> dict[str, int]:
    info = path.stat()
    return {"inode": info.st_ino, "size": info.st_size, "mtime_ns": info.st_mtime_ns, "ctime_ns": info.st_ctime_ns}


def published_sha256(files: WarehouseFiles) -> str | None:
    """The published file's sha256 (None: no published file): publish()'s record while the file's inode,
    size, mtime and ctime are those it recorded, else read from the bytes. A refresh names the file it
    replaces by it; at 1,000 texts hashing the 245 MB file again cost ~0.2 s."""
    if not files.published.exists():
        return None
    try:
        known = json.loads(files.digest.read_text(encoding="utf-8"))
        if {k: known[k] for k in ("inode", "size", "mtime_ns", "ctime_ns")} == _identity(files.published):
            return str(known["sha256"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return file_sha256(files.published)


def discard_build(files: WarehouseFiles) -> None:
    for leftover in files.leftovers():
        leftover.unlink()


def file_sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# dbt's profile (dbt_project/profiles.yml) reads this variable: during a run it names the build file,
# not the published one. Set here only: by dbt_targets_build (a run) and by `make prepare` (below).
DBT_DATABASE_ENV = "PLAN_DBT_DATABASE"


def dbt_targets_build(files: WarehouseFiles | None) -> None:
    """Point dbt at ``files``' build file (None: back at the published file, the profile's default)."""
    if files is None:
        os.environ.pop(DBT_DATABASE_ENV, None)
    else:
        os.environ[DBT_DATABASE_ENV] = str(files.build)


if __name__ == "__main__":  # `make prepare`: `dbt ARGS…` with the profile a refresh uses (its build file)
    import sys

    from orchestration.storage.paths import warehouse_path

    dbt_targets_build(WarehouseFiles(warehouse_path()))
    os.execvp("dbt", ["dbt", *sys.argv[1:]])
