"""Citizen pages never show internal codes (beneficiary accounts, SWDKLLJ
classes); the PKB breakdown reads in Indonesian and in English."""

import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.utils import timezone, translation

from balai.vehicles.services import vehicle_bill_issue, vehicle_correct
from balai.vehicles.tests.factories import make_vehicle

CODES = re.compile(r"RKUD-\d+|JR-JATIM|\bkelas (car|motor_\w+|truck|bus|public_\w+)\b|\bmotor_(le|gt)250\b")


@pytest.fixture(autouse=True)
def _page_language_reset():
    """A request in English leaves English active in this thread (LocaleMiddleware): back to the
    default afterwards, so later tests read Indonesian."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _page(client, vehicle, language):
    client.cookies["django_language"] = language
    client.post("/pkb/", {"plate": vehicle.plate, "chassis_tail": vehicle.chassis_tail})
    return client.get(f"/pkb/kendaraan/{vehicle.plate}/").content.decode()


@pytest.mark.django_db
def test_breakdown_names_beneficiaries_and_classes_in_words(client):
    today = timezone.localdate()
    # a car a year in arrears: PKB, opsen, sanctions, SWDKLLJ and its late fee
    car = make_vehicle(plate="L 70 ZZ", category="minibus", cc=1300, njkb=200_000_000,
                       due_date=today - timedelta(days=400), stnk_valid_until=date(2099, 1, 1))
    bike = make_vehicle(plate="L 71 ZZ", due_date=today + timedelta(days=3), stnk_valid_until=date(2099, 1, 1))
    car_text, bike_text = _page(client, car, "id"), _page(client, bike, "id")
    for text in (car_text, bike_text):
        assert not CODES.search(text), CODES.search(text)
        assert "Kas Daerah Provinsi Jawa Timur" in text and "Kas Daerah Kota Surabaya" in text
        assert "Jasa Raharja (SWDKLLJ)" in text
    assert "Mobil penumpang" in car_text and "Denda SWDKLLJ" in car_text
    assert "Sepeda motor s.d. 250 cc" in bike_text


@pytest.mark.django_db
def test_breakdown_reads_in_english(client):
    today = timezone.localdate()
    car = make_vehicle(plate="L 72 ZZ", category="minibus", cc=1300, njkb=200_000_000,
                       due_date=today - timedelta(days=400), stnk_valid_until=date(2099, 1, 1))
    text = _page(client, car, "en")
    assert not CODES.search(text), CODES.search(text)
    for english in ("Principal PKB", "PKB surcharge (opsen)", "Administrative sanction on PKB", "SWDKLLJ late fee",
                    "Provincial Treasury of Jawa Timur", "Regional Treasury of Kota Surabaya",
                    "Jasa Raharja (SWDKLLJ)", "Private passenger cars", "months late", "days late",
                    "ownership no. 1", "contribution Rp 140,000"):
        assert english in text, english
    for indonesian in ("PKB pokok", "Sanksi administratif", "kepemilikan ke-", "bulan", "hari", "iuran", "Penerima",
                       "Rincian per tahun pajak", "Jumlah yang harus dibayar", "sanksi bunga", "Kas Daerah"):
        assert indonesian not in text, indonesian


@pytest.mark.django_db
def test_simulator_and_staff_page_word_beneficiaries_too(client, staff_client):
    response = client.get("/pkb/simulasi/", {"category": "motorcycle", "cc": 125, "njkb": 15_000_000,
                                             "use": "private", "ownership_order": 1, "due_date": "2025-03-10",
                                             "pay_date": "2025-03-10", "regency_code": "3578"})
    text = response.content.decode()
    assert "135.542" in text and not CODES.search(text) and "Kas Daerah Kota Surabaya" in text
    officer_client, officer = staff_client(jurisdiction=("3578",))
    vehicle = make_vehicle(plate="L 73 ZZ", due_date=timezone.localdate(), stnk_valid_until=date(2099, 1, 1))
    vehicle_correct(vehicle=vehicle, by=officer, changes={"colour": "Biru"}, reason="Cat ulang")
    bill = vehicle_bill_issue(vehicle=vehicle)
    text = officer_client.get("/petugas/samsat/L73ZZ/").content.decode()
    assert "Jasa Raharja (SWDKLLJ)" in text and not CODES.search(text)
    # the timeline in words, not event codes or stored JSON
    assert "Data dikoreksi" in text and "warna: Hitam → Biru" in text
    assert "Tagihan PKB dibuat" in text and f"kode bayar {bill.payment_code}" in text
    for code in ("bill_issued", "corrected", "registered", "{&#x27;", "payment_code"):
        assert code not in text, code
