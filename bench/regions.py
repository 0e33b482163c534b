"""Bench: `balai load_regions` (all 91,599 rows) on a fresh SQLite database, against the floor of
a bare sqlite3 executemany of the same rows into an equivalent table, in the same run.

Run: .venv/bin/python bench/regions.py
"""

from __future__ import annotations

import csv
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "balai" / "regions" / "data" / "wilayah.csv"


def floor(db: Path) -> float:
    rows = list(csv.DictReader(DATA.open(encoding="utf-8", newline="")))
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE r (code varchar(10) PRIMARY KEY, level varchar(10), name varchar(100), "
                 "parent_id varchar(10) REFERENCES r(code), kind varchar(12))")
    started = time.perf_counter()
    with conn:
        conn.executemany("INSERT INTO r VALUES (?,?,?,?,?)",
                         [(r["code"], r["level"], r["name"], r["parent_code"] or None, r["kind"]) for r in rows])
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def balai(var: Path, *args: str) -> float:
    env = {**os.environ, "BALAI_VAR_DIR": str(var)}
    env.pop("DATABASE_URL", None)
    cli = [sys.executable, "-m", "balai"]
    subprocess.run([*cli, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    started = time.perf_counter()
    subprocess.run([*cli, "load_regions", "-v0", *args], env=env, check=True, cwd=ROOT)
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        bare = floor(tmp_path / "floor.sqlite3")
        first = balai(tmp_path / "var")
        again = balai(tmp_path / "var")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"bare sqlite3 executemany (floor): {bare:.2f} s")
    print(f"balai load_regions, empty DB (incl. process start): {first:.2f} s  = {first / bare:.1f}x floor")
    print(f"balai load_regions, re-run (no changes): {again:.2f} s")


if __name__ == "__main__":
    main()
