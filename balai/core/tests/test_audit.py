import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction

from balai.core import audit
from balai.core.models import AuditChain, AuditEntry


def _write(n, prefix="case"):
    for i in range(n):
        audit.record(action="test.action", object_type=prefix, object_id=i, data={"i": i, "nik": "3578084512990001"})


@pytest.mark.django_db
def test_chain_is_valid_and_verify_passes(capsys):
    _write(40)
    call_command("verify_audit", verbosity=0)
    assert "audit log intact" in capsys.readouterr().out
    assert AuditEntry.objects.count() == 40
    # 40 objects spread over several shards of today's chains
    assert AuditChain.objects.count() > 1


@pytest.mark.django_db
def test_full_nik_never_stored_in_audit_data():
    entry = audit.record(action="x", object_type="person", object_id=1, data={"nik": "3578084512990001"})
    entry.refresh_from_db()
    assert entry.data == {"nik": "357808******0001"}


@pytest.mark.django_db
def test_sixteen_digit_integers_and_nested_values_are_masked_not_corrupted(capsys):
    # A 16-digit integer (a cash limit of 10^15, a NIK passed as a number) used to be masked in the
    # JSON text, which left invalid JSON and crashed record().
    entry = audit.record(action="x", object_type="point", object_id=1, data={
        "cash_limit": 10**15, "nik": 3578084512990001, "members": [{"nik": "3578084512990001 (Anak)"}],
        "amount": 2_110_000, "ok": True})
    entry.refresh_from_db()
    assert entry.data == {"cash_limit": "100000******0000", "nik": "357808******0001",
                          "members": [{"nik": "357808******0001 (Anak)"}], "amount": 2_110_000, "ok": True}
    call_command("verify_audit", verbosity=0)
    assert "audit log intact" in capsys.readouterr().out


@pytest.mark.django_db
def test_altering_an_entry_breaks_the_chain():
    _write(10)
    victim = AuditEntry.objects.order_by("id")[3]
    AuditEntry.objects.filter(pk=victim.pk).update(data={"i": 999})
    with pytest.raises(CommandError, match=f"entry #{victim.seq}"):
        call_command("verify_audit", verbosity=0)


@pytest.mark.django_db
def test_deleting_an_entry_breaks_the_chain():
    _write(1, prefix="same")
    for _ in range(4):
        audit.record(action="again", object_type="same", object_id=0)
    stream = AuditEntry.objects.first().stream
    AuditEntry.objects.filter(stream=stream, seq=2).delete()
    with pytest.raises(CommandError, match="missing"):
        call_command("verify_audit", verbosity=0)


@pytest.mark.django_db
def test_deleting_the_last_entry_breaks_the_chain():
    for _ in range(3):
        audit.record(action="again", object_type="same", object_id=0)
    AuditEntry.objects.order_by("-seq").first().delete()
    with pytest.raises(CommandError, match="head says"):
        call_command("verify_audit", verbosity=0)


@pytest.mark.django_db
def test_entry_rolls_back_with_its_transaction():
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(action="doomed", object_type="x", object_id=1)
        raise RuntimeError
    assert not AuditEntry.objects.filter(action="doomed").exists()
    call_command("verify_audit", verbosity=0)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_every_chain_valid():
    errors = []
    barrier = threading.Barrier(8)

    def worker(w):
        try:
            barrier.wait()
            for i in range(25):
                # half the writers hit the same object (same chain), half spread out
                oid = 0 if w % 2 == 0 else f"{w}-{i}"
                with transaction.atomic():
                    audit.record(action="concurrent", object_type="case", object_id=oid, data={"w": w, "i": i})
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AuditEntry.objects.count() == 200
    call_command("verify_audit", verbosity=0)
