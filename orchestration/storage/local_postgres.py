"""A throwaway PostgreSQL server on this machine: for the team profile's tests, its bench, and trying
the profile without a server of one's own (README "Team deployment").

`initdb` into a temporary folder, listening on 127.0.0.1 only (a free port) and on a Unix socket in that
folder, password-less (`trust`) for local connections only, durability off (a test server: nothing in it
outlives it), stopped and deleted at the end. PostgreSQL refuses to run as root: as root, the server
runs as the `postgres` user that Debian's package creates. Binaries: `PLAN_PG_BINDIR`, else `initdb` on
PATH, else Debian's /usr/lib/postgresql/<newest>/bin (scripts/ensure_postgres.sh installs the package).

    python -m orchestration.storage.local_postgres start DIR   # prints the connection string
    python -m orchestration.storage.local_postgres stop DIR
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "plan_admin"
DATABASE = "plan_warehouse"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine, or the server would not start."""


def find_bindir() -> Path:
    if os.environ.get("PLAN_PG_BINDIR"):
        return Path(os.environ["PLAN_PG_BINDIR"])
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if versions:
        return versions[-1].parent
    raise PostgresUnavailable(
        "no PostgreSQL server binaries (initdb): install Debian's postgresql (scripts/ensure_postgres.sh) "
        "or set PLAN_PG_BINDIR"
    )


def _run_as() -> list[str]:
    """PostgreSQL will not run as root: run its programs as the `postgres` user then."""
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    if not runuser:
        raise PostgresUnavailable("running as root and no runuser to start PostgreSQL as the postgres user")
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError as exc:
        raise PostgresUnavailable("running as root and no postgres user (install Debian's postgresql)") from exc
    return [runuser, "-u", "postgres", "--"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class LocalPostgres:
    folder: Path
    port: int

    @property
    def dsn(self) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{DATABASE}"

    def url(self, user: str = SUPERUSER, password: str | None = None, database: str = DATABASE) -> str:
        auth = user if password is None else f"{user}:{password}"
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{database}"

    def psql(self, sql: str, user: str = SUPERUSER, database: str = DATABASE) -> str:
        """Run SQL with the server's psql (ON_ERROR_STOP); returns its output, raises on error."""
        proc = subprocess.run(
            [str(find_bindir() / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At",
             "-h", "127.0.0.1", "-p", str(self.port), "-U", user, "-d", database, "-c", sql],
            capture_output=True, text=True, check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"psql failed ({proc.returncode}): {proc.stderr.strip()}")
        return proc.stdout

    def stop(self) -> None:
        stop(self.folder)


def start(folder: Path | None = None) -> LocalPostgres:
    """initdb + start a server in `folder` (a new temporary folder by default)."""
    bindir = find_bindir()
    folder = Path(folder or tempfile.mkdtemp(prefix="plan-pg-"))
    folder.mkdir(parents=True, exist_ok=True)
    data, sockets = folder / "data", folder / "sockets"
    sockets.mkdir(exist_ok=True)
    run_as = _run_as()
    if run_as:  # the postgres user must own its folders and reach them
        shutil.chown(folder, "postgres")
        shutil.chown(sockets, "postgres")
        folder.chmod(0o755)
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    if not (data / "PG_VERSION").exists():
        proc = subprocess.run(
            [*run_as, str(bindir / "initdb"), "-D", str(data), "-U", SUPERUSER, "-A", "trust",
             "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
            capture_output=True, text=True, env=env, check=False,
        )
        if proc.returncode != 0:
            raise PostgresUnavailable(f"initdb failed in {data}: {proc.stderr.strip() or proc.stdout.strip()}")
    port = _free_port()
    options = (
        f"-p {port} -c listen_addresses=127.0.0.1 -k {sockets} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
    )
    proc = subprocess.run(
        [*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "server.log"),
         "-w", "-t", "60", "start"],
        capture_output=True, text=True, env=env, check=False,
    )
    if proc.returncode != 0:
        log = (folder / "server.log").read_text(errors="replace")[-2000:] if (folder / "server.log").exists() else ""
        raise PostgresUnavailable(f"the server in {data} did not start: {proc.stderr.strip()}\n{log}")
    (folder / "port").write_text(str(port))
    server = LocalPostgres(folder, port)
    if not server.psql("select 1 from pg_database where datname = 'plan_warehouse'", database="postgres").strip():
        server.psql(f"create database {DATABASE}", database="postgres")
    return server


def stop(folder: Path, remove: bool = False) -> None:
    folder = Path(folder)
    if (folder / "data" / "postmaster.pid").exists():
        subprocess.run(
            [*_run_as(), str(find_bindir() / "pg_ctl"), "-D", str(folder / "data"), "-m", "fast", "-w", "stop"],
            capture_output=True, text=True, check=False,
        )
    if remove:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def running(folder: Path | None = None):
    """A server for the length of a `with` block; stopped and deleted after."""
    server = start(folder)
    try:
        yield server
    finally:
        stop(server.folder, remove=True)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in {"start", "stop"}:
        print(__doc__.strip().splitlines()[-2:], file=sys.stderr)
        return 2
    if argv[0] == "start":
        print(start(Path(argv[1])).dsn)
    else:
        stop(Path(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
