"""Compare two warehouse files table by table: row counts and a hash of the sorted rows.

    uv run python bench/compare_marts.py BEFORE.duckdb AFTER.duckdb [--schema S ...] [--ignore-column C ...]

For every table and view in the schemas (default: marts, intermediate, staging) of either file it
prints the row count and the first 12 hex digits of a SHA-256 over the sorted rows (each row as
the repr of its values, columns in name order, so a reordered column does not count), then the
tables that differ. ``--ignore-column`` leaves a column out of every table (a run id, a version
that is meant to change). Exit 1 when any table differs or exists in one file only. Both files
are opened read-only.
"""

from __future__ import annotations

import argparse
import hashlib
import sys

import duckdb

DEFAULT_SCHEMAS = ("marts", "intermediate", "staging")


def table_digests(path: str, schemas: list[str], ignore: set[str]) -> dict[str, tuple[int, str]]:
    out: dict[str, tuple[int, str]] = {}
    con = duckdb.connect(path, read_only=True)
    try:
        marks = ", ".join("?" for _ in schemas)
        tables = con.execute(
            f"SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema IN ({marks}) "
            "ORDER BY 1, 2", schemas).fetchall()
        for schema, table in tables:
            columns = sorted(c for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?",
                [schema, table]).fetchall() if c not in ignore)
            select = ", ".join(f'"{c}"' for c in columns) or "1"
            rows = sorted(repr(r) for r in con.execute(f'SELECT {select} FROM "{schema}"."{table}"').fetchall())
            digest = hashlib.sha256()
            digest.update(repr(columns).encode())
            for row in rows:
                digest.update(row.encode())
                digest.update(b"\n")
            out[f"{schema}.{table}"] = (len(rows), digest.hexdigest()[:12])
    finally:
        con.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--schema", action="append", help="schema to compare (repeatable)")
    parser.add_argument("--ignore-column", action="append", default=[], help="column left out everywhere (repeatable)")
    args = parser.parse_args(argv)
    schemas = args.schema or list(DEFAULT_SCHEMAS)
    ignore = set(args.ignore_column)
    before = table_digests(args.before, schemas, ignore)
    after = table_digests(args.after, schemas, ignore)
    names = sorted(set(before) | set(after))
    width = max((len(n) for n in names), default=5)
    print(f"{'table':<{width}}  {'rows before':>11}  {'rows after':>10}  {'hash before':<12}  {'hash after':<12}")
    differ = []
    for name in names:
        b, a = before.get(name), after.get(name)
        same = b == a
        if not same:
            differ.append(name)
        cell = lambda x, i: "-" if x is None else str(x[i])  # noqa: E731
        print(f"{name:<{width}}  {cell(b, 0):>11}  {cell(a, 0):>10}  {cell(b, 1):<12}  {cell(a, 1):<12}"
              f"{'' if same else '  DIFFERS'}")
    ignored = f" (ignoring column(s) {', '.join(sorted(ignore))})" if ignore else ""
    if differ:
        print(f"{len(differ)} of {len(names)} tables differ{ignored}: {', '.join(differ)}")
        return 1
    print(f"all {len(names)} tables identical{ignored}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
