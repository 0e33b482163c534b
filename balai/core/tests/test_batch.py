"""balai.core.batch: one round trip on PostgreSQL, the same results everywhere."""

import pytest
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from balai.core.batch import Batch, insert, update
from balai.core.models import AuditChain

pytestmark = pytest.mark.django_db


def test_statements_run_in_order_and_each_returns_its_rows():
    with transaction.atomic():
        batch = Batch()
        i_insert = batch.add(*insert([AuditChain(stream="test/batch", last_seq=1, last_hash="a")],
                                     returning=("stream",)))
        i_update = batch.add(*update(AuditChain, "test/batch", {"last_seq": 2}))
        i_select = batch.add_select(AuditChain, "stream = %s", ["test/batch"], for_update=True)
        with CaptureQueriesContext(connection) as ctx:
            rows = batch.run()
        assert rows[i_insert] == [("test/batch",)] and rows[i_update] == []
        [head] = batch.objects(rows, i_select)
        assert (head.stream, head.last_seq, head.last_hash) == ("test/batch", 2, "a")  # saw the update
        round_trips = [q for q in ctx.captured_queries if q["sql"] != "BEGIN"]
        assert len(round_trips) == (1 if connection.vendor == "postgresql" else 3)


def test_locking_read_outside_a_transaction_is_refused(monkeypatch):
    monkeypatch.setattr(connection, "get_autocommit", lambda: True)  # the test itself runs in one
    with pytest.raises(TransactionManagementError):
        Batch().add_select(AuditChain, "stream = %s", ["x"], for_update=True)
