from datetime import date, timedelta

import pytest
from django.utils import timezone

from balai.payments.models import Allocation
from balai.payments.services import payment_post
from balai.vehicles.models import Endorsement, VehicleEvent
from balai.vehicles.selectors import ownership_order
from balai.vehicles.services import VehicleTaxError, vehicle_bill_issue, vehicle_correct
from balai.vehicles.tests.factories import make_vehicle


@pytest.mark.django_db
def test_paying_the_bill_endorses_each_year_and_moves_the_due_date(django_capture_on_commit_callbacks):
    # given a car two years in arrears
    today = timezone.localdate()
    first_due = date(today.year - 2, 1, 15)
    vehicle = make_vehicle(plate="L 90 ZZ", category="minibus", cc=1300, njkb=200_000_000, due_date=first_due,
                           stnk_valid_until=date(2099, 1, 1))
    bill = vehicle_bill_issue(vehicle=vehicle)
    # when the exact amount arrives
    with django_capture_on_commit_callbacks(execute=False):
        result = payment_post(payment_code=bill.payment_code, channel="test", external_ref="TRX-1", amount=bill.total)
    # then every covered year is endorsed and the due date moved past the last one
    assert result.outcome == "posted"
    vehicle.refresh_from_db()
    years = sorted(Endorsement.objects.filter(vehicle=vehicle).values_list("due_date", flat=True))
    assert years[0] == first_due and len(years) >= 3
    assert vehicle.due_date == date(years[-1].year + 1, 1, 15)
    assert VehicleEvent.objects.filter(vehicle=vehicle, kind="endorsed").count() == 1
    # and the money is split exactly as the lines say
    by_head = {}
    for allocation in Allocation.objects.filter(payment=result.payment):
        by_head[allocation.tax_head] = by_head.get(allocation.tax_head, 0) + allocation.amount
    assert sum(by_head.values()) == bill.total
    assert by_head["opsen_pkb"] == sum(line.amount for line in bill.lines.filter(tax_head="opsen_pkb"))


@pytest.mark.django_db
def test_bill_expires_before_its_amount_would_change():
    today = timezone.localdate()
    vehicle = make_vehicle(plate="L 91 ZZ", due_date=today - timedelta(days=40), stnk_valid_until=date(2099, 1, 1))
    bill = vehicle_bill_issue(vehicle=vehicle)
    assert bill.expires_at > timezone.now()
    assert timezone.localtime(bill.expires_at).date() <= today + timedelta(days=7)


@pytest.mark.django_db
def test_ownership_order_by_nik_and_same_address():
    first = make_vehicle(plate="L 92 ZZ", category="sedan", cc=1500, owned_since=date(2019, 1, 1))
    second = make_vehicle(plate="L 93 ZZ", category="minibus", cc=1300, owned_since=date(2020, 1, 1))
    bike = make_vehicle(plate="L 94 ZZ", owned_since=date(2018, 1, 1))
    elsewhere = make_vehicle(plate="L 95 ZZ", category="jeep", cc=2000, owned_since=date(2021, 1, 1),
                             owner_address="Jl. Lain 1, Malang")
    assert (ownership_order(first), ownership_order(second), ownership_order(bike), ownership_order(elsewhere)) == (
        1, 2, 1, 1)


@pytest.mark.django_db
def test_corrections_are_events_with_a_reason(make_staff):
    officer = make_staff()
    vehicle = make_vehicle(plate="L 96 ZZ")
    with pytest.raises(VehicleTaxError):
        vehicle_correct(vehicle=vehicle, by=officer, changes={"colour": "Merah"}, reason=" ")
    event = vehicle_correct(vehicle=vehicle, by=officer, changes={"colour": "Merah"}, reason="Salah ketik di BPKB")
    assert event.data == {"colour": ["Hitam", "Merah"]} and event.reason == "Salah ketik di BPKB"
    with pytest.raises(ValueError):
        event.save()


@pytest.mark.django_db
def test_reversed_payment_undoes_the_endorsement(django_capture_on_commit_callbacks):
    from balai.payments.services import payment_reverse

    due = timezone.localdate() + timedelta(days=10)
    vehicle = make_vehicle(plate="L 97 ZZ", due_date=due, stnk_valid_until=date(2099, 1, 1))
    bill = vehicle_bill_issue(vehicle=vehicle)
    with django_capture_on_commit_callbacks(execute=False):
        result = payment_post(payment_code=bill.payment_code, channel="test", external_ref="TRX-2", amount=bill.total)
        payment_reverse(payment=result.payment, by=None, reason="Void hari yang sama")
    vehicle.refresh_from_db()
    assert vehicle.due_date == due
    assert not Endorsement.objects.filter(vehicle=vehicle).exists()
