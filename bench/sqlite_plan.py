#!/usr/bin/env python3
"""EXPLAIN QUERY PLAN and timing of one SQL statement with the SQLite that Kassa ships.

    python3 bench/sqlite_plan.py DB_FILE SQL_FILE [--param @uuid=C55D7B49-...] [--lib PATH] [-n 1000]

Python's own sqlite3 module may be an older SQLite than SQLitePCLRaw's bundled libe_sqlite3.so (3.53
at the time of writing) and plan differently, so this loads the bundled library with ctypes. The SQL
is what EF Core logs at Information level (`Executed DbCommand ...`); parameters are bound as text
(EF stores Guids as upper-case text on SQLite). Prints the plan, then the time to prepare the
statement and to prepare + run it to completion.
"""
from __future__ import annotations

import argparse
import ctypes
import glob
import time
from pathlib import Path

SQLITE_ROW = 100
SQLITE_TRANSIENT = ctypes.c_void_p(-1)


def find_lib() -> str:
    repo = Path(__file__).resolve().parent.parent
    hits = glob.glob(str(repo / "src/Kassa/bin/**/runtimes/linux-x64/native/libe_sqlite3.so"), recursive=True)
    hits += glob.glob(str(Path.home() / ".nuget/packages/sqlitepclraw.lib.e_sqlite3/*/runtimes/linux-x64/native/libe_sqlite3.so"))
    if not hits:
        raise SystemExit("libe_sqlite3.so not found: build Kassa first or pass --lib")
    return sorted(hits)[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db")
    ap.add_argument("sql")
    ap.add_argument("--param", action="append", default=[], help="NAME=VALUE, e.g. @uuid=C55D7B49-...")
    ap.add_argument("--lib", default=None)
    ap.add_argument("-n", type=int, default=1000)
    args = ap.parse_args()

    lib = ctypes.CDLL(args.lib or find_lib())
    lib.sqlite3_libversion.restype = ctypes.c_char_p
    lib.sqlite3_column_text.restype = ctypes.c_char_p
    db = ctypes.c_void_p()
    if lib.sqlite3_open(args.db.encode(), ctypes.byref(db)) != 0:
        raise SystemExit(f"cannot open {args.db}")
    sql = Path(args.sql).read_text()
    params = [p.split("=", 1) for p in args.param]
    print("SQLite", lib.sqlite3_libversion().decode())

    def run(text: str, collect: bool = False, prepare_only: bool = False) -> list[str]:
        stmt = ctypes.c_void_p()
        rc = lib.sqlite3_prepare_v2(db, text.encode(), -1, ctypes.byref(stmt), None)
        if rc != 0:
            raise SystemExit(f"prepare failed ({rc})")
        rows: list[str] = []
        if not prepare_only:
            for name, value in params:
                index = lib.sqlite3_bind_parameter_index(stmt, name.encode())
                if index:
                    lib.sqlite3_bind_text(stmt, index, value.encode(), -1, SQLITE_TRANSIENT)
            while lib.sqlite3_step(stmt) == SQLITE_ROW:
                rows.append(" | ".join((lib.sqlite3_column_text(stmt, i) or b"").decode() for i in range(4))
                            if collect else "")
        lib.sqlite3_finalize(stmt)
        return rows

    for line in run("EXPLAIN QUERY PLAN " + sql, collect=True):
        print("  " + line.split(" | ", 3)[-1])
    t = time.perf_counter()
    for _ in range(args.n):
        run(sql, prepare_only=True)
    prepare = (time.perf_counter() - t) / args.n * 1e6
    t = time.perf_counter()
    for _ in range(args.n):
        rows = run(sql)
    total = (time.perf_counter() - t) / args.n * 1e6
    print(f"{len(rows)} rows; prepare {prepare:.0f} µs; prepare + run {total:.0f} µs (mean of {args.n})")


if __name__ == "__main__":
    main()
