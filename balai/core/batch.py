"""Several SQL statements in one database round trip.

On PostgreSQL the statements are joined with ``;`` and sent as one simple-protocol query
(Django's psycopg 3 cursor binds parameters on the client). PostgreSQL still runs them one after
the other, in the current transaction, each with its own snapshot, exactly as if they had been
sent separately: a statement placed after a ``SELECT … FOR UPDATE`` sees what the transaction it
waited for committed. Only the waiting for each answer goes. Other databases (SQLite in
development and tests) get the statements one by one.

Use it where a request sends several statements whose order is fixed in advance; the first
failing statement raises as usual and the rest are not run. Write statements are built from the
model's fields (``insert``/``update``), so values are adapted exactly as the ORM adapts them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Field, Model, QuerySet
from django.db.transaction import TransactionManagementError

Statement = tuple[str, list[Any]]


class Batch:
    def __init__(self, using: str = DEFAULT_DB_ALIAS):
        self.using = using
        self.connection = connections[using]
        self._statements: list[Statement] = []
        self._compilers: dict[int, Any] = {}

    def __len__(self) -> int:
        return len(self._statements)

    def add(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Queue a statement; returns its index in ``run()``'s result."""
        self._statements.append((sql, list(params)))
        return len(self._statements) - 1

    def extend(self, statements: Iterable[Statement]) -> None:
        for sql, params in statements:
            self.add(sql, params)

    def add_query(self, queryset: QuerySet) -> int:
        """Queue a model queryset (no ``select_related``); read it back with ``objects(rows, index)``."""
        compiler = queryset.query.get_compiler(using=self.using)
        index = self.add(*compiler.as_sql())
        self._compilers[index] = compiler
        return index

    def add_select(self, model: type[Model], where: str, params: Sequence[Any] = (), *, for_update: bool = False,
                   order_by: str = "") -> int:
        """Queue ``SELECT <every column of model> FROM <its table> WHERE …`` (SQL written by the
        caller, no ORM compilation per call); read it back with ``objects(rows, index)``."""
        shape = _shape(self.connection, model)
        sql = f"SELECT {shape.columns} FROM {shape.table} WHERE {where}"  # noqa: S608
        if order_by:
            sql += f" ORDER BY {order_by}"
        if for_update and self.connection.get_autocommit():
            raise TransactionManagementError("a locking read outside a transaction locks nothing")
        if for_update and self.connection.features.has_select_for_update:
            sql += " FOR UPDATE"
        index = self.add(sql, params)
        self._compilers[index] = shape
        return index

    def objects(self, results: list[list[tuple]], index: int) -> list[Model]:
        compiler = self._compilers[index]
        if isinstance(compiler, _Shape):
            return [compiler.model.from_db(self.using, compiler.names, compiler.convert(row, self.connection))
                    for row in results[index]]
        model = compiler.query.model
        start, end = compiler.klass_info["select_fields"][0], compiler.klass_info["select_fields"][-1] + 1
        names = [col[0].target.attname for col in compiler.select[start:end]]
        rows = compiler.results_iter(results=[results[index]])
        return [model.from_db(self.using, names, row[start:end]) for row in rows]

    def run(self) -> list[list[tuple]]:
        """Send the queued statements; returns the rows of each (``[]`` for one without rows)."""
        statements, self._statements = self._statements, []
        results: list[list[tuple]] = []
        if not statements:
            return results
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql" and len(statements) > 1:
                cursor.execute(_bound(cursor.cursor, ";\n".join(sql for sql, _ in statements),
                                      [p for _, params in statements for p in params]))
                raw, tuples = cursor.cursor, _tuples_ok()
                while True:
                    # the result's status, not ``description``: that builds a Column object per
                    # column of every statement on each call
                    results.append(list(raw.fetchall()) if raw.pgresult.status == tuples else [])
                    if not raw.nextset():
                        break
            else:
                for sql, params in statements:
                    cursor.execute(sql, params)
                    results.append(list(cursor.fetchall()) if cursor.description is not None else [])
        if len(results) != len(statements):  # pragma: no cover - a driver that merges results
            raise RuntimeError(f"{len(statements)} statements gave {len(results)} results")
        return results


def _tuples_ok():
    from psycopg import pq

    return pq.ExecStatus.TUPLES_OK


def _bound(cursor, sql: str, params: list[Any]) -> str:
    """The query psycopg's client-side cursor would send, without its parsing step.

    psycopg caches the parsed form of a query only under 4 KB and 50 parameters; a posting's
    batches have up to ~80, so every request re-parsed ~4 KB of SQL with a regular expression
    (~1 ms). Django's SQL uses only ``%s`` placeholders and ``%%`` for a literal percent, which is
    exactly what the bytes ``%`` operator substitutes (psycopg's client cursor ends the same way);
    the values are adapted by psycopg's own transformer with the connection's adapters."""
    from psycopg.adapt import Transformer

    raw = cursor.connection
    tx = Transformer.from_context(raw)
    encoding = raw.info.encoding
    literals = tuple(b"NULL" if p is None else tx.as_literal(p) for p in params)
    return (sql.encode(encoding) % literals).decode(encoding)


class _Shape:
    def __init__(self, connection, model: type[Model]):
        qn = connection.ops.quote_name
        fields = model._meta.concrete_fields
        self.model = model
        self.table = qn(model._meta.db_table)
        self.columns = ", ".join(f"{self.table}.{qn(f.column)}" for f in fields)
        self.names = [f.attname for f in fields]
        self.converters = []
        for i, f in enumerate(fields):
            col = f.get_col(model._meta.db_table)
            found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            if found:
                self.converters.append((i, col, found))

    def convert(self, row: tuple, connection) -> list[Any]:
        values = list(row)
        for i, col, converters in self.converters:
            for converter in converters:
                values[i] = converter(values[i], col, connection)
        return values


_SHAPES: dict[tuple[str, type[Model]], _Shape] = {}


def _shape(connection, model: type[Model]) -> _Shape:
    key = (connection.alias, model)
    if key not in _SHAPES:
        _SHAPES[key] = _Shape(connection, model)
    return _SHAPES[key]


def insert(objs: Sequence[Model], *, using: str = DEFAULT_DB_ALIAS, returning: Sequence[str] = (),
           expressions: dict[str, Statement] | None = None) -> Statement:
    """``INSERT`` of ``objs`` (one model, auto primary key left to the database) as one statement.

    ``expressions`` replaces a column's value by an SQL expression with its own parameters (e.g. a
    sub-select of a row inserted earlier in the same batch); ``returning`` lists attnames."""
    connection = connections[using]
    opts = type(objs[0])._meta
    qn = connection.ops.quote_name
    expressions = expressions or {}
    fields = [f for f in opts.concrete_fields if f is not opts.auto_field and not getattr(f, "generated", False)]
    rows, params = [], []
    for obj in objs:
        placeholders = []
        for f in fields:
            if f.attname in expressions:
                sql, extra = expressions[f.attname]
                placeholders.append(sql)
                params.extend(extra)
            else:
                placeholders.append("%s")
                params.append(f.get_db_prep_save(f.pre_save(obj, True), connection))
        rows.append(f"({', '.join(placeholders)})")
    # identifiers come from model metadata (quoted); every value is a parameter
    sql = (f"INSERT INTO {qn(opts.db_table)} ({', '.join(qn(_column(f)) for f in fields)}) "  # noqa: S608
           f"VALUES {', '.join(rows)}")
    if returning:
        sql += " RETURNING " + ", ".join(qn(_column(_concrete(type(objs[0]), name))) for name in returning)
    return sql, params


def _concrete(model: type[Model], name: str) -> Field:
    field = model._meta.get_field(name)
    # the statements name concrete fields only (callers pass attnames); a reverse relation has no column
    assert isinstance(field, Field)
    return field


def _column(field: Field) -> str:
    # a concrete field always has its column
    return cast(str, field.column)


def update(model: type[Model], pk: Any, values: dict[str, Any], *, using: str = DEFAULT_DB_ALIAS) -> Statement:
    """``UPDATE … SET … WHERE pk = %s`` with the values adapted by their fields."""
    connection = connections[using]
    opts = model._meta
    qn = connection.ops.quote_name
    fields = [_concrete(model, name) for name in values]
    assignments = ", ".join(f"{qn(_column(f))} = %s" for f in fields)
    params = [f.get_db_prep_save(values[name], connection) for name, f in zip(values, fields, strict=True)]
    return (f"UPDATE {qn(opts.db_table)} SET {assignments} WHERE {qn(_column(opts.pk))} = %s",  # noqa: S608
            [*params, opts.pk.get_db_prep_value(pk, connection)])
