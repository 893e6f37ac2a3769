"""`python -m orchestration.sql_shell [-c SQL]`: kept so `make sql` works; the shell is `plan-warehouse sql`.

Same code as the CLI (orchestration.cli.sql over orchestration.queries): read-only, a write is
refused with a message, an error prints one line.
"""

import sys

from orchestration.cli import app


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] in (["-c"], ["--command"]):
        args = args[1:]
    app(["sql", *args], prog_name="python -m orchestration.sql_shell")


if __name__ == "__main__":
    main()
