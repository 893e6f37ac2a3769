"""A read-only SQL shell on the published warehouse: `make sql`, or `make sql Q="select …"`."""

import argparse
import sys

import duckdb

from orchestration.paths import warehouse_path

HELP = "Statements end with ';'. Tables: SHOW ALL TABLES; quit with .quit or Ctrl-D."


def run_statement(con: duckdb.DuckDBPyConnection, sql: str, out=sys.stdout) -> bool:
    """Run one statement and print its result; a refused write or an error prints a message, not a traceback."""
    try:
        rel = con.sql(sql)
        if rel is not None:
            print(rel.fetchdf().to_string(index=False, max_colwidth=80), file=out)
        return True
    except duckdb.InvalidInputException as err:
        if "read-only" in str(err).lower() or "read only" in str(err).lower():
            print("refused: the warehouse is opened read-only; it is rebuilt by `make run`, not edited.", file=out)
        else:
            print(f"error: {err}", file=out)
    except duckdb.Error as err:
        print(f"error: {err}", file=out)
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--command", help="run one SQL statement and exit")
    args = parser.parse_args(argv)
    path = warehouse_path()
    if not path.exists():
        print(f"no warehouse at {path}: run `make run` first", file=sys.stderr)
        return 2
    with duckdb.connect(str(path), read_only=True) as con:
        if args.command:
            return 0 if run_statement(con, args.command) else 1
        print(f"{path} (read-only). {HELP}")
        buffer = ""
        while True:
            try:
                line = input("sql> " if not buffer else "...> ")
            except EOFError:
                print()
                return 0
            if line.strip() in {".quit", ".exit", "\\q"}:
                return 0
            buffer += line + "\n"
            if buffer.rstrip().endswith(";"):
                run_statement(con, buffer)
                buffer = ""


if __name__ == "__main__":
    sys.exit(main())
