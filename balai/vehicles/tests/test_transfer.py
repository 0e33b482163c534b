"""Ownership transfer and a new vehicle's first registration on the case engine: the quote (BBNKB
golden cases of REFERENCE §3.10 E), the bill with its beneficiaries, the cek fisik, and the register
after the officer's approval (both owners' progressive order recomputed)."""

from datetime import date, timedelta
from fractions import Fraction

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balai.cases.models import Application
from balai.cases.selectors import current_version
from balai.cases.services import application_act, application_create, attachment_add
from balai.cases.tests.conftest import pdf_upload, verify_all
from balai.core.api import ApiError
from balai.payments.services import payment_post
from balai.vehicles import engine
from balai.vehicles.assessment import VehicleTaxError
from balai.vehicles.models import OwnershipTransfer, Vehicle
from balai.vehicles.selectors import ownership_order, vehicle_facts
from balai.vehicles.tests.factories import make_vehicle
from balai.vehicles.transfer import (
    SERVICE_NEW,
    SERVICE_USED,
    transfer_bill_issue,
    transfer_cek_fisik_record,
    transfer_quote,
)

SELLER_NIK, BUYER_ADDRESS = "3578084512990001", "Jl. Kenanga 3"
BIKE = {"make": "Honda", "model": "Beat Baru", "year": 2024, "category": "motorcycle", "cc": 110, "colour": "Merah",
        "chassis_number": "MH1JM9999999NEW1", "engine_number": "JM99999991", "njkb": 15_000_000,
        "invoice_date": "2024-03-15", "dealer": "Dealer Honda Surabaya", "buyer_address": BUYER_ADDRESS}


def _case(citizen, code: str, data: dict, *, submit: bool = True) -> Application:
    app = application_create(version=current_version(code), by=citizen, data=data).application
    if submit:
        for req in app.service_version.requirements.all():
            attachment_add(application=app, requirement_code=req.code, upload=pdf_upload(), by=citizen)
        app = application_act(application=app, by=citizen, action="submit", transaction_id=f"s-{app.pk}")
    return app


def _pay(bill, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        payment_post(payment_code=bill.payment_code, channel="test", external_ref=f"TRX-T{bill.pk}", amount=bill.total)
    bill.refresh_from_db()


def _amounts(lines) -> dict[str, int]:
    out: dict[str, int] = {}
    for line in lines:
        out[line.code] = out.get(line.code, 0) + line.amount
    return out


@pytest.fixture
def buyer(make_citizen):
    return make_citizen(nik="3578081203880002", full_name="Budi Santoso", identity="verified")


@pytest.fixture
def samsat_officer(make_staff):
    return make_staff(role="officer", unit="UPT PPD Kota Surabaya")


# --- golden cases -------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize(("invoice", "bbnkb"), [
    ("2024-03-15", {"bbnkb": 1_875_000}),  # 12.5 % before 5 January 2025
    ("2026-03-15", {"bbnkb": 1_800_000, "opsen_bbnkb": 1_188_000}),  # 12 % + opsen 66 % = 2,988,000
])
def test_new_motorcycle_bbnkb_golden(buyer, invoice, bbnkb):
    app = _case(buyer, SERVICE_NEW, {**BIKE, "invoice_date": invoice}, submit=False)
    day = date.fromisoformat(invoice) + timedelta(days=5)
    quote = transfer_quote(app, today=day)
    assert _amounts(quote.bbnkb.lines) == bbnkb
    assert quote.bbnkb.total == (1_875_000 if invoice.startswith("2024") else 2_988_000)
    # plus the first tax year and the police fees of a new motorcycle (§3.10 E)
    assert [(f.item, f.amount) for f in quote.pnbp] == [("stnk", 100_000), ("tnkb", 60_000), ("bpkb", 225_000)]
    assert quote.pkb is not None and _amounts(quote.pkb.lines)["swdkllj"] == 35_000
    assert quote.total == quote.bbnkb.total + quote.pkb.total + 385_000


@pytest.mark.django_db
def test_new_vehicle_bill_lines_go_to_their_treasuries(buyer, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    app = _case(buyer, SERVICE_NEW, {**BIKE, "invoice_date": today.isoformat()})
    bill = transfer_bill_issue(application=app)
    owners = {line.tax_head: line.beneficiary.code for line in bill.lines.select_related("beneficiary")}
    assert owners["bbnkb"] == "RKUD-35" and owners["opsen_bbnkb"] == "RKUD-3578"
    assert owners["pkb"] == "RKUD-35" and owners["swdkllj"] == "JR-JATIM" and owners["pnbp"] == "KAS-NEGARA"
    assert bill.total == transfer_quote(app, today=today).total
    assert transfer_bill_issue(application=app) == bill  # the same request again: the same bill


# --- a used car ---------------------------------------------------------------------------------

def _used_car_setup(buyer):
    """The seller owns two private cars (the older one is sold); the buyer already owns one car."""
    sold = make_vehicle(plate="L 1717 JB", category="minibus", cc=1500, njkb=200_000_000,
                        owned_since=date(2019, 5, 1), due_date=timezone.localdate() + timedelta(days=200))
    kept = make_vehicle(plate="L 1718 JB", category="minibus", cc=1500, njkb=200_000_000,
                        owned_since=date(2021, 5, 1), due_date=timezone.localdate() + timedelta(days=100))
    own = make_vehicle(plate="L 1719 JB", category="sedan", cc=1500, njkb=250_000_000, owner_nik=buyer.citizen.nik,
                       owner_name=buyer.full_name, owner_address=BUYER_ADDRESS, owned_since=date(2020, 1, 1))
    return sold, kept, own


def _used_data(vehicle, sale: date) -> dict:
    return {"plate": vehicle.plate_display, "bpkb_number": "P-01234567", "seller_nik": SELLER_NIK,
            "seller_name": "Siti Aminah", "sale_date": sale.isoformat(), "buyer_address": BUYER_ADDRESS}


@pytest.mark.django_db
def test_used_car_transfer_golden_and_register(buyer, samsat_officer, django_capture_on_commit_callbacks):
    sold, kept, own = _used_car_setup(buyer)
    assert (ownership_order(sold), ownership_order(kept), ownership_order(own)) == (1, 2, 1)
    app = _case(buyer, SERVICE_USED, _used_data(sold, timezone.localdate() - timedelta(days=3)))
    assert app.office.name == "UPT PPD KOTA SURABAYA" or app.office.regency_code == sold.regency_code
    # the quote: BBNKB 0 on a later transfer; STNK + BPKB of a car; the buyer's order would be 2
    quote = transfer_quote(app)
    assert _amounts(quote.bbnkb.lines) == {"bbnkb": 0} and quote.pkb is None and quote.buyer_order == 2
    bill = transfer_bill_issue(application=app)
    assert [(line.tax_head, line.amount) for line in bill.lines.order_by("position")] == [
        ("pnbp", 200_000), ("pnbp", 375_000)]
    # the officer may not complete before payment and cek fisik
    application_act(application=app, by=samsat_officer, action="claim")
    verify_all(app, samsat_officer)
    with pytest.raises(ApiError) as refused:
        application_act(application=app, by=samsat_officer, action="approve")
    assert refused.value.code == "not_paid"
    with pytest.raises(VehicleTaxError):
        transfer_cek_fisik_record(transfer=OwnershipTransfer.objects.get(application=app), by=samsat_officer,
                                  note="cocok")
    _pay(bill, django_capture_on_commit_callbacks)
    with pytest.raises(ApiError) as refused:
        application_act(application=app, by=samsat_officer, action="approve")
    assert refused.value.code == "cek_fisik_missing"
    transfer_cek_fisik_record(transfer=OwnershipTransfer.objects.get(application=app), by=samsat_officer,
                              note="Nomor rangka dan mesin cocok")
    with django_capture_on_commit_callbacks(execute=True):
        application_act(application=app, by=samsat_officer, action="approve")
    # the buyer in the register, the seller kept in the transfer row, both orders recomputed
    sold.refresh_from_db()
    assert (sold.owner_nik, sold.owner_name, sold.owned_since) == (buyer.citizen.nik, "Budi Santoso",
                                                                   timezone.localdate())
    record = OwnershipTransfer.objects.get(application=app)
    assert (record.seller_nik, record.seller_since, record.completed_at is not None) == (
        SELLER_NIK, date(2019, 5, 1), True)
    assert list(sold.transfers.values_list("seller_name", flat=True)) == ["Siti Aminah"]
    assert ownership_order(kept) == 1  # the seller's other car moves down
    assert ownership_order(sold) == 2  # and PKB continues under the buyer's order
    assert {e.kind for e in kept.events.all()} >= {"ownership_order_changed"}
    day = sold.due_date
    facts = vehicle_facts(sold, day=day)
    assert facts is not None and facts.ownership_order == 2
    from balai.vehicles.rules import rules_load

    pkb_line = next(line for line in engine.assess(facts, due_date=day, pay_date=day, rules=rules_load()).lines
                    if line.code == engine.PKB)
    assert pkb_line.detail["order"] == 2 and pkb_line.detail["rate"] == Fraction(17, 1000)
    app.refresh_from_db()
    assert app.state == "completed"


@pytest.mark.django_db
def test_used_transfer_refuses_a_seller_who_is_not_the_owner(buyer):
    from django.core.exceptions import ValidationError

    sold, _kept, _own = _used_car_setup(buyer)
    with pytest.raises(ValidationError) as refused:
        _case(buyer, SERVICE_USED, {**_used_data(sold, timezone.localdate()), "seller_nik": "3578081203880009"},
              submit=False)
    assert "seller_nik" in refused.value.message_dict


@pytest.mark.django_db
def test_no_bill_for_a_draft(buyer):
    sold, _kept, _own = _used_car_setup(buyer)
    app = _case(buyer, SERVICE_USED, _used_data(sold, timezone.localdate()), submit=False)
    with pytest.raises(VehicleTaxError):
        transfer_bill_issue(application=app)


@pytest.mark.django_db
def test_new_vehicle_registered_with_the_plate_of_the_cek_fisik(buyer, samsat_officer,
                                                                 django_capture_on_commit_callbacks):
    today = timezone.localdate()
    app = _case(buyer, SERVICE_NEW, {**BIKE, "invoice_date": today.isoformat()})
    bill = transfer_bill_issue(application=app)
    _pay(bill, django_capture_on_commit_callbacks)
    application_act(application=app, by=samsat_officer, action="claim")
    verify_all(app, samsat_officer)
    transfer_cek_fisik_record(transfer=OwnershipTransfer.objects.get(application=app), by=samsat_officer,
                              plate="L 4321 NB", note="cocok")
    with django_capture_on_commit_callbacks(execute=True):
        application_act(application=app, by=samsat_officer, action="approve")
    vehicle = Vehicle.objects.get(plate="L4321NB")
    assert (vehicle.owner_nik, vehicle.chassis_number) == (buyer.citizen.nik, "MH1JM9999999NEW1")
    assert vehicle.due_date == engine.add_years(today, 1)  # the first year was paid with the transfer
    assert vehicle.endorsements.get().bill == bill


# --- property -----------------------------------------------------------------------------------

@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(njkb=st.integers(0, 5_000_000_000), day=st.dates(date(2026, 1, 1), date(2030, 12, 31)))
def test_bbnkb_after_2025_relief_first_is_12_plus_66_percent_and_later_is_nothing(rules, njkb, day):
    first = engine.assess_bbnkb(njkb=njkb, transfer="first", day=day, regency_code="3578", rules=rules)
    later = engine.assess_bbnkb(njkb=njkb, transfer="later", day=day, regency_code="3578", rules=rules)
    principal = (njkb * 12 * 2 + 100) // 200  # 12 %, half up
    opsen = (njkb * 792 * 2 + 10_000) // 20_000  # 66 % of the exact principal (12 % × 66 % = 7.92 %), half up
    assert _amounts(first.lines) == ({"bbnkb": principal, "opsen_bbnkb": opsen} if opsen else {"bbnkb": principal})
    assert later.total == 0


# --- the cek fisik as an appointment ----------------------------------------------------------------

def _samsat():
    from balai.appointments.models import LocationKind
    from balai.appointments.tests.factories import make_location, make_service

    return make_service(make_location(kind=LocationKind.SAMSAT, name="Samsat Surabaya Selatan"), kind="cek-fisik")


@pytest.mark.django_db
def test_paid_transfer_ends_with_a_cek_fisik_booking(buyer, client, django_capture_on_commit_callbacks):
    from balai.appointments import services as appointments
    from balai.appointments.tests.factories import open_day
    from balai.core.errors import DomainError

    samsat = _samsat()
    sold, _kept, _own = _used_car_setup(buyer)
    app = _case(buyer, SERVICE_USED, _used_data(sold, timezone.localdate()))
    _pay(transfer_bill_issue(application=app), django_capture_on_commit_callbacks)
    client.force_login(buyer)
    page = client.get(f"/pkb/balik-nama/{app.tracking_number}/").content.decode()
    assert 'id="cek-fisik-book"' in page and f"ref={app.tracking_number}" in page
    # someone else's case cannot be booked
    with pytest.raises(DomainError):
        appointments.book_first_free(citizen=buyer, location=samsat.location, kind="cek-fisik",
                                     preferred=open_day(samsat), subject_ref="0000000000")
    booking = appointments.book_first_free(citizen=buyer, location=samsat.location, kind="cek-fisik",
                                           preferred=open_day(samsat), subject_ref=app.tracking_number)
    assert OwnershipTransfer.objects.get(application=app).cek_fisik_booking == booking.code
    page = client.get(f"/pkb/balik-nama/{app.tracking_number}/").content.decode()
    assert 'id="cek-fisik-booking"' in page and booking.code_display in page


@pytest.mark.django_db
def test_five_yearly_renewal_offers_a_cek_fisik_booking(buyer, client):
    _samsat()
    vehicle = make_vehicle(plate="L 1720 JB", owner_nik=buyer.citizen.nik, owner_name=buyer.full_name,
                           stnk_valid_until=timezone.localdate() - timedelta(days=10),
                           due_date=timezone.localdate() - timedelta(days=10))
    client.force_login(buyer)
    page = client.get(f"/pkb/kendaraan/{vehicle.plate}/").content.decode()
    assert 'id="refusal"' in page and 'id="cek-fisik-book"' in page and "service=cek-fisik" in page
