"""Vehicles by identity level: a NIK typed at sign-up opens nothing; matched sees the
vehicles on the NIK masked; verified sees and links them; any level links by STNK possession."""

from __future__ import annotations

import json
from datetime import date

import pytest

from balai.accounts.models import IdentityLevel
from balai.core.models import AuditEntry
from balai.vehicles import linking
from balai.vehicles.models import VehicleLink
from balai.vehicles.selectors import vehicles_for_citizen
from balai.vehicles.services import _payer_for
from balai.vehicles.tests.factories import make_vehicle

OWNER_NIK = "3578084512990001"
SIGNUP = {
    "full_name": "Siti Aminah", "nik": OWNER_NIK, "username": "penyerobot", "email": "x@example.test",
    "phone": "081234567890", "password1": "kunci-rahasia-77", "password2": "kunci-rahasia-77",
    "province": "35", "regency": "3578", "district": "357808", "village": "3578081001",
    "street": "Jl. Kenanga 3", "rt": "1", "rw": "2",
}


def _export(client) -> str:
    response = client.post("/akun/data-saya/")
    assert response.status_code == 200
    return json.dumps(json.loads(response.content), ensure_ascii=False)


@pytest.mark.django_db
def test_a_stranger_who_signs_up_with_anothers_nik_sees_no_vehicle_data(client):
    """Regression: sign-up accepted any NIK not yet registered, and vehicles follow the
    NIK alone, so /pkb/kendaraan-saya/ and /akun/data-saya/ handed the stranger the owner's chassis
    and engine numbers, name and address."""
    vehicle = make_vehicle(plate="L 60 ZZ", owner_nik=OWNER_NIK, owner_address="Jl. Raya Gubeng No. 12")
    assert client.post("/daftar/", SIGNUP).status_code == 302  # the stranger signs up with the NIK
    mine = client.get("/pkb/kendaraan-saya/").content.decode()
    assert "L 60 ZZ" not in mine and vehicle.chassis_number not in mine and vehicle.engine_number not in mine
    assert client.get("/pkb/kendaraan/L60ZZ/").status_code == 404
    exported = _export(client)
    for secret in (vehicle.chassis_number, vehicle.engine_number, "Jl. Raya Gubeng", "L60ZZ"):
        assert secret not in exported


@pytest.mark.django_db
def test_the_real_owner_can_still_sign_up_after_a_stranger_claimed_the_nik(client, make_citizen):
    """Regression: the owner got "NIK ini sudah terdaftar pada akun lain"."""
    make_citizen(nik=OWNER_NIK, username="penyerobot")
    response = client.post("/daftar/", {**SIGNUP, "username": "pemilik", "email": "pemilik@example.test"})
    assert response.status_code == 302, response.content.decode()[:500]
    assert "sudah terdaftar" not in response.content.decode()


@pytest.mark.django_db
def test_matched_sees_the_vehicles_on_its_nik_masked(client, make_citizen):
    vehicle = make_vehicle(plate="L 61 ZZ", owner_nik=OWNER_NIK)
    client.force_login(make_citizen(nik=OWNER_NIK, identity="matched"))
    html = client.get("/pkb/kendaraan-saya/").content.decode()
    assert 'id="masked-vehicles"' in html and vehicle.make in html
    assert vehicle.chassis_number[:3] + "*" in html
    for secret in (vehicle.chassis_number, vehicle.chassis_tail, vehicle.engine_number, "L 61 ZZ"):
        assert secret not in html
    assert client.get("/pkb/kendaraan/L61ZZ/").status_code == 404
    exported = _export(client)
    assert vehicle.chassis_number not in exported and vehicle.engine_number not in exported
    assert vehicle.owner_address not in exported


@pytest.mark.django_db
def test_verified_sees_and_exports_the_vehicles_on_its_nik_in_full(client, make_citizen):
    vehicle = make_vehicle(plate="L 62 ZZ", owner_nik=OWNER_NIK)
    client.force_login(make_citizen(nik=OWNER_NIK, identity="verified"))
    assert "L 62 ZZ" in client.get("/pkb/kendaraan-saya/").content.decode()
    assert client.get("/pkb/kendaraan/L62ZZ/").status_code == 200
    exported = _export(client)
    assert vehicle.chassis_number in exported and vehicle.engine_number in exported


@pytest.mark.django_db
def test_any_level_links_a_vehicle_by_stnk_possession(client, make_citizen):
    vehicle = make_vehicle(plate="L 63 ZZ", owner_nik="3578081708850002", stnk_valid_until=date(2028, 5, 1))
    user = make_citizen(nik=OWNER_NIK)
    client.force_login(user)
    form = {"plate": "L 63 ZZ", "chassis_tail": vehicle.chassis_tail, "stnk_valid_until": "2028-05-02"}
    wrong = client.post("/pkb/kendaraan-saya/tautkan/", form)
    assert wrong.status_code == 200 and "Data tidak cocok dengan STNK" in wrong.content.decode()
    assert not VehicleLink.objects.exists()
    response = client.post("/pkb/kendaraan-saya/tautkan/", {**form, "stnk_valid_until": "2028-05-01"})
    assert response.status_code == 302 and response["Location"] == "/pkb/kendaraan-saya/"
    assert "L 63 ZZ" in client.get("/pkb/kendaraan-saya/").content.decode()
    assert client.get("/pkb/kendaraan/L63ZZ/").status_code == 200
    exported = _export(client)
    assert "L63ZZ" in exported and vehicle.chassis_number not in exported  # masked below verified
    assert AuditEntry.objects.filter(action="vehicles.linked", object_id="L63ZZ").exists()


@pytest.mark.django_db
def test_a_possession_link_ends_with_a_change_of_owner(make_citizen, make_staff):
    vehicle = make_vehicle(plate="L 64 ZZ", owner_nik="3578081708850002", stnk_valid_until=date(2028, 5, 1))
    user = make_citizen(nik=OWNER_NIK)
    linking.vehicle_link(user=user, plate="L64ZZ", chassis_tail=vehicle.chassis_tail,
                         stnk_valid_until=date(2028, 5, 1))
    assert list(vehicles_for_citizen(user)) == [vehicle]
    from balai.vehicles.models import Vehicle

    Vehicle.objects.filter(pk=vehicle.pk).update(owner_nik="3578080203220001")  # sold (BBN)
    assert list(vehicles_for_citizen(user)) == []


@pytest.mark.django_db
def test_failed_possession_proofs_are_limited(make_citizen, monkeypatch):
    monkeypatch.setattr(linking, "MAX_FAILURES_PER_HOUR", 2)
    vehicle = make_vehicle(plate="L 65 ZZ", stnk_valid_until=date(2028, 5, 1))
    user = make_citizen()
    for _ in range(2):
        with pytest.raises(linking.LinkRefused) as exc:
            linking.vehicle_link(user=user, plate="L65ZZ", chassis_tail="AAAAA", stnk_valid_until=date(2028, 5, 1))
        assert exc.value.code == "no_match"
    with pytest.raises(linking.LinkRefused) as exc:
        linking.vehicle_link(user=user, plate="L65ZZ", chassis_tail=vehicle.chassis_tail,
                             stnk_valid_until=date(2028, 5, 1))
    assert exc.value.code == "rate_limited"


@pytest.mark.django_db
def test_only_a_verified_account_becomes_the_payer_of_the_owners_bills(make_citizen):
    vehicle = make_vehicle(plate="L 66 ZZ", owner_nik=OWNER_NIK)
    make_citizen(nik=OWNER_NIK)  # a claim
    matched = make_citizen(nik=OWNER_NIK, identity="matched")
    assert _payer_for(vehicle) is None
    matched.citizen.identity_level = IdentityLevel.VERIFIED
    matched.citizen.save(update_fields=["identity_level"])
    assert _payer_for(vehicle) == matched
