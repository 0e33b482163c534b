"""Races on PostgreSQL with real row locks: the cash limit holds, a collection posts once."""

import threading

import pytest
from django.db import connection, connections

from balai.partners import ledger
from balai.partners.models import Collection, ServicePoint
from balai.partners.services import PartnerError, agent_attach, collection_record
from balai.payments.models import Payment
from balai.payments.states import PaymentStatus

from .factories import key, make_bill

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _race(calls):
    """Run each call in its own thread (own connection), all released at once."""
    results: list = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def worker(i, call):
        try:
            barrier.wait()
            results[i] = ("ok", call())
        except PartnerError as exc:
            results[i] = ("refused", exc.code)
        except Exception as exc:  # noqa: BLE001
            results[i] = ("error", repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def _agents(point, supervisor, make_staff, n):
    return [agent_attach(user=make_staff(role="agent"), point=point, by=supervisor) for _ in range(n)]


def test_racing_collections_near_the_limit_never_exceed_it(agent, supervisor, make_staff):
    # given: the limit leaves room for exactly one more bill of 260,000
    point = agent.point
    ServicePoint.objects.filter(pk=point.pk).update(cash_limit=260_000 * 4 + 100_000)
    for _ in range(3):
        collection_record(agent_user=agent.user, payment_code=make_bill().payment_code, idempotency_key=key())
    agents = [agent, *_agents(point, supervisor, make_staff, 7)]
    bills = [make_bill() for _ in agents]
    # when: eight agents of the point collect eight different bills at once
    results = _race([lambda a=a, b=b: collection_record(agent_user=a.user, payment_code=b.payment_code,
                                                        idempotency_key=key()) for a, b in zip(agents, bills, strict=True)])
    # then
    assert [r[0] for r in results].count("ok") == 1, results
    assert all(r == ("refused", "cash_limit") for r in results if r[0] != "ok"), results
    point.refresh_from_db()
    assert ledger.cash_on_hand_point(point) == 260_000 * 4 <= point.cash_limit
    assert ledger.trial_balance() == 0


def test_same_bill_from_many_devices_posts_once_and_all_get_the_same_receipt(agent, supervisor, make_staff):
    agents = [agent, *_agents(agent.point, supervisor, make_staff, 3)]
    bill = make_bill()
    calls = []
    for a in agents:  # two devices per agent, each with its own key
        calls += [lambda a=a: collection_record(agent_user=a.user, payment_code=bill.payment_code,
                                                idempotency_key=key()) for _ in range(2)]
    results = _race(calls)
    assert all(r[0] == "ok" for r in results), results
    assert len({r[1].collection.pk for r in results}) == 1
    assert [r[1].replayed for r in results].count(False) == 1
    assert Payment.objects.filter(bill=bill).count() == 1
    assert Payment.objects.get(bill=bill).status == PaymentStatus.POSTED
    assert Collection.objects.count() == 1 and ledger.cash_on_hand_point(agent.point) == bill.total


def test_same_key_retried_concurrently_posts_once(agent):
    bill = make_bill()
    k = key()
    results = _race([lambda: collection_record(agent_user=agent.user, payment_code=bill.payment_code,
                                               idempotency_key=k) for _ in range(6)])
    assert all(r[0] == "ok" for r in results), results
    assert len({r[1].collection.pk for r in results}) == 1
    assert Payment.objects.filter(bill=bill).count() == 1


def test_ledger_rows_refuse_update_and_delete_in_the_database(agent):
    from django.db import DatabaseError, transaction

    collection_record(agent_user=agent.user, payment_code=make_bill().payment_code, idempotency_key=key())
    for table in ("partners_ledgertransfer", "partners_ledgerentry", "partners_collection"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - constant names
