"""Loading the Kemendagri region table (idempotent upsert in batches)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from django.db import transaction

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
    The file is sorted by code, so every parent is written before its children."""
    existing = {code: (name, kind) for code, name, kind in Region.objects.values_list("code", "name", "kind")}
    created = updated = 0
    batch: list[Region] = []

    def flush() -> None:
        if batch:
            with transaction.atomic():
                Region.objects.bulk_create(batch, update_conflicts=True, unique_fields=["code"],
                                           update_fields=["name", "level", "parent", "kind"])
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
                on_progress(1)
                continue
            batch.append(Region(code=code, level=level, name=row["name"], parent_id=row["parent_code"] or None,
                                kind=kind))
            if len(batch) >= BATCH:
                n = len(batch)
                flush()
                on_progress(n)
    n = len(batch)
    flush()
    on_progress(n)
    return {"created": created, "updated": updated, "total": len(existing) + created}


def count_rows(path: Path = DATA_FILE) -> int:
    with path.open(encoding="utf-8") as handle:
        return sum(1 for _ in handle) - 1
