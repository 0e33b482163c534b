from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection

from balai.core.numbers import CodeScheme, damm_valid
from balai.payments.models import Bill
from balai.vehicles.bulk import assess_due_month, fleet_rows
from balai.vehicles.models import TaxBill, Vehicle
from balai.vehicles.reminders import reminders
from balai.vehicles.services import vehicle_block
from balai.vehicles.tests.factories import make_vehicle


def test_payment_codes_are_unique_15_digits_with_check_digit():
    codes = CodeScheme("vehicles:annual_code", digits=14, key="test")
    made = {codes.code(n) for n in range(1, 20_001)}
    assert len(made) == 20_000
    assert all(len(c) == 15 and damm_valid(c) for c in made)


def test_fleet_is_mostly_motorcycles_with_arrears_and_multi_car_owners():
    rows = list(fleet_rows(0, 4000, today=date(2026, 11, 1)))
    share = sum(r["category"] == "motorcycle" for r in rows) / len(rows)
    assert 0.8 < share < 0.9
    assert len({r["plate"] for r in rows}) == len(rows)
    cars_per_owner = {}
    for r in rows:
        if r["category"] != "motorcycle":
            key = (r["owner_nik"], r["owner_address_key"])
            cars_per_owner[key] = cars_per_owner.get(key, 0) + 1
    assert max(cars_per_owner.values()) >= 2
    assert any(r["due_date"] < date(2025, 11, 1) for r in rows)  # arrears of a year or more


@pytest.mark.django_db
def test_assess_due_month_bills_each_due_vehicle_once_and_resumes():
    call_command("generate_fleet", count=300, due_month="2027-02", quiet=True)
    blocked = Vehicle.objects.filter(chassis_number__startswith="FLT").first()
    vehicle_block(vehicle=blocked, reason="stolen")
    first = assess_due_month("2027-02", batch_size=70, today=date(2026, 12, 1), limit=100)
    rest = assess_due_month("2027-02", batch_size=70, today=date(2026, 12, 1))
    again = assess_due_month("2027-02", batch_size=70, today=date(2026, 12, 1))
    assert first.billed + first.skipped == 100 and again.billed == 0
    assert first.billed + rest.billed == TaxBill.objects.filter(source="annual").count()
    assert not TaxBill.objects.filter(vehicle=blocked).exists()
    for bill in Bill.objects.filter(kind="vehicle_tax")[:50]:
        assert bill.total == sum(line.amount for line in bill.lines.all())
        assert len(bill.payment_code) == 15
    assert first.skipped + rest.skipped >= 1  # some are due for the 5-yearly renewal


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the parallel run is for PostgreSQL")
@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_two_worker_processes_bill_exactly_what_one_would():
    from django.db import transaction

    from balai.payments.models import BillLine

    call_command("generate_fleet", count=400, due_month="2027-02", quiet=True)
    with transaction.atomic():  # what one process bills, then rolled back
        one = assess_due_month("2027-02", batch_size=60, today=date(2026, 12, 1))
        expected = dict(TaxBill.objects.values_list("vehicle_id", "total"))
        transaction.set_rollback(True)
    assert one.billed > 300 and not TaxBill.objects.exists()
    advanced = []
    two = assess_due_month("2027-02", batch_size=60, today=date(2026, 12, 1), workers=2, advance=advanced.append)
    assert (two.billed, two.skipped, two.total, two.lines) == (one.billed, one.skipped, one.total, one.lines)
    assert dict(TaxBill.objects.values_list("vehicle_id", "total")) == expected
    assert BillLine.objects.count() == one.lines
    assert len(set(Bill.objects.values_list("payment_code", flat=True))) == one.billed
    assert sum(advanced) == two.billed + two.skipped == 400
    assert assess_due_month("2027-02", today=date(2026, 12, 1), workers=2).billed == 0  # resumable


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the parallel run is for PostgreSQL")
@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_parts_never_share_a_connection_the_parent_still_holds(monkeypatch):
    """A CI run once forked while the parent's socket was open: both parts read each other's
    replies. Each part must connect anew, and the parent's own session must survive the run."""
    from django.db import connections

    months = ("2027-02", "2027-03", "2027-04")
    for month in months:
        call_command("generate_fleet", count=150, due_month=month, quiet=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        parent_pid = cursor.fetchone()[0]
    monkeypatch.setattr(connections, "close_all", lambda: None)  # the parent keeps its socket across fork
    for month in months:  # a shared socket shows up at once; three runs make a lucky pass unlikely
        report = assess_due_month(month, batch_size=20, today=date(2026, 12, 1), workers=2)
        assert report.billed + report.skipped == 150 and report.billed > 100
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] == parent_pid  # the same session, undisturbed


@pytest.mark.django_db
def test_reminders_tax_stnk_and_deletion_milestones():
    today = date(2026, 6, 1)
    make_vehicle(plate="L 60 ZZ", due_date=date(2026, 6, 20), stnk_valid_until=date(2030, 1, 1))
    make_vehicle(plate="L 61 ZZ", due_date=date(2026, 12, 1), stnk_valid_until=date(2026, 6, 10))
    make_vehicle(plate="L 62 ZZ", due_date=date(2025, 3, 10), stnk_valid_until=date(2024, 9, 5))  # deletion 2026-09-05
    kinds = {(r["plate"], r["kind"]) for r in reminders(today=today, within_days=30)}
    assert ("L60ZZ", "tax_due") in kinds and ("L61ZZ", "stnk_expiring") in kinds
    assert ("L62ZZ", "deletion_warning_1") in kinds
    assert all("3578084512990001" not in str(r) for r in reminders(today=today))
