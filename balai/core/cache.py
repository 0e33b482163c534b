"""The embedded default's shared cache: Django's database cache with an atomic ``incr``.

Rate limits and lockouts count in the cache, and every web process must see the same count
(settings.CACHES says why the database and not files). Django's ``DatabaseCache.incr`` is the
generic read-then-write of ``BaseCache``: two workers that increment at the same moment both read
7 and both write 8, and a limit of 30 lets 31 through. Here the read and the write happen in one
transaction that holds the row (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the settings'
``BEGIN IMMEDIATE`` takes the write lock first), so increments from any number of processes add up.
"""

from __future__ import annotations

import base64
import pickle
from contextlib import contextmanager

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, models, router, transaction
from django.utils.timezone import now as tz_now

# The table name is fixed: migration core.0005_cache_table creates it, settings.CACHES names it.
CACHE_TABLE = "balai_cache"


@contextmanager
def _counter_transaction(db: str):
    """A transaction for counter writes. On PostgreSQL its commit does not wait for the WAL flush
    (``synchronous_commit = off``, this transaction only): a rate counter lost to a crash costs
    nothing, and the wait is most of a counter write's time. Never inside a caller's transaction,
    whose own writes must stay durable."""
    connection = connections[db]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=db):
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield connection


class DatabaseCache(DjangoDatabaseCache):
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with _counter_transaction(router.db_for_write(self.cache_model_class)):
            return super().add(key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        qn = connection.ops.quote_name
        table, key_col, value_col, expires_col = (qn(self._table), qn("cache_key"), qn("value"), qn("expires"))
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        expression = models.Expression(output_field=models.DateTimeField())
        converters = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
        with _counter_transaction(db), connection.cursor() as cursor:
            cursor.execute(f"SELECT {value_col}, {expires_col} FROM {table} WHERE {key_col} = %s{lock}",  # noqa: S608
                           [key])
            row = cursor.fetchone()
            if row is not None:
                expires = row[1]
                for converter in converters:
                    expires = converter(expires, expression, connection)
            if row is None or expires < tz_now():
                raise ValueError(f"Key '{key}' not found.")
            value = pickle.loads(base64.b64decode(connection.ops.process_clob(row[0]).encode())) + delta  # noqa: S301  # our own rows
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET {value_col} = %s WHERE {key_col} = %s",  # noqa: S608
                           [encoded, key])
        return value

    def decr(self, key, delta=1, version=None):
        return self.incr(key, -delta, version=version)
