"""Loading the Kemendagri region table (idempotent upsert in batches)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from django.db import connection, transaction

from .directory import DATA_FILE
from .models import Level, Region

BATCH = 5000


def _kind(code: str, level: str, csv_kind: str) -> str:
    if level == Level.VILLAGE:
        return csv_kind
    if level == Level.REGENCY:
        # Permendagri 58/2021: 01–69 kabupaten, 71–99 kota.
        return "kota" if int(code[2:4]) >= 71 else "kabupaten"
    return ""


def regions_load(*, path: Path = DATA_FILE, on_progress: Callable[[int], None] = lambda n: None,
                 include: Callable[[dict], bool] | None = None) -> dict[str, int]:
    """Insert new regions and update changed names; rows already identical are left alone.
    The file is sorted by code, so every parent is written before its children. One
    ``INSERT … ON CONFLICT DO UPDATE`` per batch through the DB-API (same SQL on PostgreSQL and
    SQLite): building 91,599 model instances through the ORM costs ~10× more."""
    existing = {code: (name, kind) for code, name, kind in Region.objects.values_list("code", "name", "kind")}
    created = updated = unchanged = 0
    batch: list[tuple[str, str, str, str | None, str]] = []
    table = Region._meta.db_table
    sql = (
        f"INSERT INTO {table} (code, level, name, parent_id, kind) VALUES (%s, %s, %s, %s, %s) "  # noqa: S608
        "ON CONFLICT (code) DO UPDATE SET level = excluded.level, name = excluded.name, "
        "parent_id = excluded.parent_id, kind = excluded.kind"
    )

    def flush() -> None:
        if batch:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, batch)
            on_progress(len(batch))
            batch.clear()

    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if include is not None and not include(row):
                continue
            code, level = row["code"], row["level"]
            kind = _kind(code, level, row["kind"])
            current = existing.get(code)
            if current is None:
                created += 1
            elif current != (row["name"], kind):
                updated += 1
            else:
                unchanged += 1
                if unchanged % BATCH == 0:
                    on_progress(BATCH)
                continue
            batch.append((code, level, row["name"], row["parent_code"] or None, kind))
            if len(batch) >= BATCH:
                flush()
    flush()
    on_progress(unchanged % BATCH)
    return {"created": created, "updated": updated, "total": len(existing) + created}


def count_rows(path: Path = DATA_FILE) -> int:
    with path.open(encoding="utf-8") as handle:
        return sum(1 for _ in handle) - 1
