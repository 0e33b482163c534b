"""Bulk inserts for the population import: which values a table already holds, and inserting
many rows at once (COPY on PostgreSQL, ``bulk_create`` elsewhere) with their new ids."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.utils import timezone


def existing_values(model, column: str, values: set[str]) -> set[str]:
    """Which of ``values`` are already in ``model.column`` (one query; on PostgreSQL one array
    parameter instead of thousands of bound ones)."""
    if connection.vendor != "postgresql":
        return set(model.objects.filter(**{f"{column}__in": values}).values_list(column, flat=True))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {model._meta.db_table} WHERE {column} = ANY(%s)",  # noqa: S608
                       [list(values)])
        return {row[0] for row in cursor.fetchall()}


def _constant(value: Any) -> Callable[[], Any]:
    return lambda: value


def insert_rows(model, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (attribute name → value) and write each new primary key into ``row["id"]``.

    On PostgreSQL the ids come from the table's sequence in one query and the rows are streamed
    with COPY: building 250,000 model instances and letting Django quote every parameter was
    most of a 100k-person import. Elsewhere: ``bulk_create``. Field defaults and auto-now
    timestamps are filled here; constraints are still enforced by the database."""
    if not rows:
        return
    meta = model._meta
    fields = list(meta.concrete_fields)
    now = timezone.now()
    fill: list[tuple[str, Callable[[], Any]]] = []
    for f in fields:
        if f.attname == "id":
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            fill.append((f.attname, lambda: now))
        elif f.has_default():
            fill.append((f.attname, f.get_default if callable(f.default) else _constant(f.get_default())))
        elif f.null:
            fill.append((f.attname, lambda: None))
    for row in rows:
        for name, default in fill:
            if name not in row:
                row[name] = default()
    if connection.vendor != "postgresql":
        objs = [model(**{k: v for k, v in row.items() if k != "id"}) for row in rows]
        model.objects.bulk_create(objs, batch_size=2000)
        for row, obj in zip(rows, objs, strict=True):
            if obj.pk is None:
                raise RuntimeError("this database does not return ids from a bulk insert")
            row["id"] = obj.pk
        return
    from psycopg.types.json import Jsonb

    json_fields = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
    names = [f.attname for f in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                       [meta.db_table, len(rows)])
        for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
            row["id"] = pk
        for name in json_fields:
            for row in rows:
                row[name] = Jsonb(row[name])
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[name] for name in names])
        for name in json_fields:
            for row in rows:
                row[name] = row[name].obj
