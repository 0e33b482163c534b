"""After paying, the next tax year is not offered for payment before its
window opens (page, service, API); the STNK warning only when expired or within 30 days; dates in
words in the page's language."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.utils import timezone, translation

from balai.core.formatting import format_date_id
from balai.payments.services import payment_post
from balai.vehicles.services import VehicleTaxError, vehicle_assess, vehicle_bill_issue
from balai.vehicles.tests.factories import make_vehicle


@pytest.fixture(autouse=True)
def _page_language_reset():
    """A request in English leaves English active in this thread (LocaleMiddleware): back to the
    default afterwards, so later tests read Indonesian."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _open_page(client, vehicle, language="id"):
    client.cookies["django_language"] = language
    client.post("/pkb/", {"plate": vehicle.plate, "chassis_tail": vehicle.chassis_tail})
    response = client.get(f"/pkb/kendaraan/{vehicle.plate}/")
    assert response.status_code == 200
    return response.content.decode()


def _pay(vehicle, django_capture_on_commit_callbacks):
    bill = vehicle_bill_issue(vehicle=vehicle)
    with django_capture_on_commit_callbacks(execute=False):
        payment_post(payment_code=bill.payment_code, channel="test", external_ref=f"TRX-{bill.pk}", amount=bill.total)
    vehicle.refresh_from_db()
    return bill


@pytest.mark.django_db
def test_after_paying_the_next_year_shows_its_due_date_and_no_pay_button(client, django_capture_on_commit_callbacks):
    # given a motorcycle due in five days, STNK valid for years, paid today
    today = timezone.localdate()
    vehicle = make_vehicle(plate="L 60 ZZ", due_date=today + timedelta(days=5), stnk_valid_until=date(2099, 1, 1))
    _pay(vehicle, django_capture_on_commit_callbacks)
    next_due = vehicle.due_date
    assert next_due.year == today.year + 1 or next_due > today + timedelta(days=300)
    # when the owner opens the vehicle page again
    text = _open_page(client, vehicle)
    # then it names the next due date in words and offers nothing to pay
    assert f"Jatuh tempo berikutnya: {format_date_id(next_due)}" in text
    assert format_date_id(next_due - timedelta(days=30)) in text  # the day payment opens
    assert 'id="pay-pkb"' not in text and "Bayar sekarang" not in text
    assert "Jumlah yang harus dibayar" not in text


@pytest.mark.django_db
def test_no_bill_before_the_window_opens_and_the_window_is_a_setting(settings):
    today = timezone.localdate()
    vehicle = make_vehicle(plate="L 61 ZZ", due_date=today + timedelta(days=45), stnk_valid_until=date(2099, 1, 1))
    with pytest.raises(VehicleTaxError) as refused:
        vehicle_bill_issue(vehicle=vehicle)
    assert refused.value.code == "not_due_yet"
    assert refused.value.payable_from == today + timedelta(days=15)
    # a wider window (VEHICLES_PAYMENT_WINDOW_DAYS) lets the same year be billed today
    settings.VEHICLES_PAYMENT_WINDOW_DAYS = 60
    bill = vehicle_bill_issue(vehicle=vehicle)
    assert bill.total > 0
    # inside the default window the year is billed as before
    settings.VEHICLES_PAYMENT_WINDOW_DAYS = 30
    soon = make_vehicle(plate="L 62 ZZ", due_date=today + timedelta(days=30), stnk_valid_until=date(2099, 1, 1))
    assert vehicle_assess(vehicle=soon).payable_online


@pytest.mark.django_db
def test_api_says_not_due_yet_and_refuses_the_bill_with_the_opening_day(client):
    today = timezone.localdate()
    vehicle = make_vehicle(plate="L 63 ZZ", due_date=today + timedelta(days=200), stnk_valid_until=date(2099, 1, 1))
    opens = today + timedelta(days=170)
    body = client.get(f"/api/vehicles/L63ZZ/assessment/?chassis_tail={vehicle.chassis_tail}").json()
    assert body["payable_online"] is False and body["years"] == [] and body["total"] is None
    assert body["refusal"]["code"] == "not_due_yet" and body["payable_from"] == opens.isoformat()
    response = client.post("/api/vehicles/L63ZZ/bills/", {"chassis_tail": vehicle.chassis_tail},
                           content_type="application/json")
    assert response.status_code == 409, response.content
    error = response.json()["error"]
    assert error["code"] == "not_due_yet" and error["fields"]["payable_from"] == opens.isoformat()
    assert format_date_id(opens) in error["message"]


@pytest.mark.django_db
def test_stnk_warning_only_when_expired_or_within_thirty_days(client):
    today = timezone.localdate()
    # STNK valid for months: no warning at all (the reviewer saw "STNK habis masa berlakunya" here)
    valid = make_vehicle(plate="L 64 ZZ", due_date=today + timedelta(days=400),
                         stnk_valid_until=today + timedelta(days=150))
    text = _open_page(client, valid)
    assert "habis masa berlakunya" not in text and "STNK berakhir" not in text and 'id="stnk-notice"' not in text
    # STNK ending in 20 days, tax not due yet: "STNK berakhir pada <date>"
    ending = make_vehicle(plate="L 65 ZZ", due_date=today + timedelta(days=200),
                          stnk_valid_until=today + timedelta(days=20))
    text = _open_page(client, ending)
    assert f"STNK berakhir pada {format_date_id(today + timedelta(days=20))}" in text
    # STNK expired, tax due: refused online with "sudah habis ... sejak <date>"
    expired_on = today - timedelta(days=3)
    expired = make_vehicle(plate="L 66 ZZ", due_date=today - timedelta(days=2), stnk_valid_until=expired_on)
    text = _open_page(client, expired)
    assert f"STNK sudah habis masa berlakunya sejak {format_date_id(expired_on)}" in text
    assert 'id="pay-pkb"' not in text and expired_on.strftime("%d-%m-%Y") not in text


@pytest.mark.django_db
def test_vehicle_page_dates_follow_the_language(client):
    vehicle = make_vehicle(plate="L 67 ZZ", due_date=date(2027, 5, 2), stnk_valid_until=date(2099, 8, 17))
    indonesian = _open_page(client, vehicle)
    assert "2 Mei 2027" in indonesian and "17 Agustus 2099" in indonesian
    english = _open_page(client, vehicle, language="en")
    assert "2 May 2027" in english and "17 August 2099" in english and "Mei" not in english
    # dates inside messages too (the refusal used to say "(02-05-2027)")
    today = timezone.localdate()
    expired_on = today - timedelta(days=3)
    expired = make_vehicle(plate="L 68 ZZ", due_date=today - timedelta(days=2), stnk_valid_until=expired_on)
    english = _open_page(client, expired, language="en")
    assert f"{expired_on.day} {expired_on:%B} {expired_on.year}" in english
    assert expired_on.strftime("%d-%m-%Y") not in english
