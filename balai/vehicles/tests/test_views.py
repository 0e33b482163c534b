from datetime import date

import pytest

from balai.core.models import AuditEntry
from balai.vehicles.models import VehicleEvent
from balai.vehicles.tests.factories import make_vehicle


@pytest.mark.django_db
def test_simulator_page_shows_reference_a(client):
    response = client.get("/pkb/simulasi/", {"category": "motorcycle", "cc": 125, "njkb": 15_000_000,
                                             "use": "private", "ownership_order": 1, "due_date": "2025-03-10",
                                             "pay_date": "2025-03-10", "regency_code": "3578"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "135.542" in text and "89.458" in text and "Simulasi — bukan tagihan" in text


@pytest.mark.django_db
def test_find_then_vehicle_page_and_other_plates_stay_hidden(client):
    vehicle = make_vehicle(plate="L 50 ZZ", stnk_valid_until=date(2099, 1, 1))
    other = make_vehicle(plate="L 51 ZZ")
    assert client.get("/pkb/kendaraan/L50ZZ/").status_code == 404
    response = client.post("/pkb/", {"plate": "l 50 zz", "chassis_tail": vehicle.chassis_tail})
    assert response.status_code == 302 and response["Location"].endswith("/pkb/kendaraan/L50ZZ/")
    assert client.get("/pkb/kendaraan/L50ZZ/").status_code == 200
    assert client.get(f"/pkb/kendaraan/{other.plate}/").status_code == 404
    wrong = client.post("/pkb/", {"plate": "L 51 ZZ", "chassis_tail": "00000"})
    unknown = client.post("/pkb/", {"plate": "L 59 ZZ", "chassis_tail": other.chassis_tail})
    assert b'id="not-found"' in wrong.content and b'id="not-found"' in unknown.content


@pytest.mark.django_db
def test_verified_citizen_sees_own_vehicles_by_nik(client, make_citizen):
    citizen = make_citizen(nik="3578084512990001", identity="verified")
    make_vehicle(plate="L 52 ZZ", owner_nik="3578084512990001")
    make_vehicle(plate="L 53 ZZ", owner_nik="3578081708850002")
    client.force_login(citizen)
    text = client.get("/pkb/kendaraan-saya/").content.decode()
    assert "L 52 ZZ" in text and "L 53 ZZ" not in text
    assert client.get("/pkb/kendaraan/L52ZZ/").status_code == 200


@pytest.mark.django_db
def test_officer_search_correction_and_scope(staff_client):
    client, officer = staff_client(jurisdiction=("3578",))
    make_vehicle(plate="L 54 ZZ")
    make_vehicle(plate="N 55 ZZ", regency_code="3507")
    assert "L 54 ZZ" in client.get("/petugas/samsat/", {"q": "L54ZZ"}).content.decode()
    assert "/petugas/samsat/N55ZZ/" not in client.get("/petugas/samsat/", {"q": "N 55 ZZ"}).content.decode()
    assert client.get("/petugas/samsat/N55ZZ/").status_code == 404
    response = client.post("/petugas/samsat/L54ZZ/", {"action": "correct", "c-field": "colour", "c-value": "Biru",
                                                     "c-reason": "Cat ulang, bukti foto"})
    assert response.status_code == 302
    event = VehicleEvent.objects.get(vehicle__plate="L54ZZ", kind="corrected")
    assert event.actor == officer and event.data == {"colour": ["Hitam", "Biru"]}
    assert AuditEntry.objects.filter(action="vehicles.corrected", object_id="L54ZZ").exists()


@pytest.mark.django_db
def test_citizen_cannot_open_officer_pages(client, make_citizen):
    client.force_login(make_citizen())
    assert client.get("/petugas/samsat/").status_code == 403


@pytest.mark.django_db
def test_demo_seeder_is_idempotent(make_citizen):
    from balai.vehicles.demo import seed_demo_vehicles

    first = list(seed_demo_vehicles([]))
    second = list(seed_demo_vehicles([]))
    assert first == second and any("blocked" in line for line in first)
