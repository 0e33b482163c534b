from datetime import date, timedelta

import pytest
from django.utils import timezone

from balai.vehicles.tests.factories import make_vehicle

SIM = {"category": "minibus", "cc": 1300, "njkb": 200_000_000, "use": "private", "ownership_order": 1,
       "due_date": "2025-03-10", "pay_date": "2025-06-05", "regency_code": "3578"}


@pytest.mark.django_db
def test_simulate_reference_b_three_months_late(client):
    response = client.post("/api/pkb/simulate", SIM, content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["simulation"] is True and body["total"] == 3_422_500
    assert [line["code"] for line in body["lines"]] == ["pkb", "opsen_pkb", "pkb_penalty", "opsen_pkb_penalty",
                                                        "swdkllj", "swdkllj_penalty"]
    assert set(body["lines"][0]) == {"code", "label", "tax_year", "amount", "beneficiary", "basis"}
    assert body["lines"][1]["beneficiary"] == "RKUD-3578" and body["lines"][0]["tax_year"] == 2025


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value"), [("njkb", -1), ("pay_date", "1989-12-31"), ("due_date", "1900-01-01"),
                                              ("category", "spaceship"), ("regency_code", "3171"), ("cc", 0),
                                              ("ownership_order", 0)])
def test_simulate_impossible_values_are_422_naming_the_field(client, field, value):
    response = client.post("/api/pkb/simulate", {**SIM, field: value}, content_type="application/json")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid" and field in error["fields"]


@pytest.mark.django_db
def test_simulate_date_without_rules_is_422_on_due_date(client):
    response = client.post("/api/pkb/simulate", {**SIM, "due_date": "1995-01-01", "pay_date": "1995-01-01"},
                           content_type="application/json")
    assert response.status_code == 422 and "due_date" in response.json()["error"]["fields"]


@pytest.mark.django_db
def test_assessment_by_plate_and_tail(client):
    # due in ten days: inside the payment window (VEHICLES_PAYMENT_WINDOW_DAYS)
    vehicle = make_vehicle(plate="L 77 ZZ", due_date=timezone.localdate() + timedelta(days=10),
                           stnk_valid_until=date(2100, 1, 1))
    url = "/api/vehicles/L%2077%20ZZ/assessment/?chassis_tail=" + vehicle.chassis_tail
    response = client.get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["plate"] == "L 77 ZZ" and body["payable_online"] is True and body["simulation"] is False
    assert body["total"] == sum(year["subtotal"] for year in body["years"])


@pytest.mark.django_db
def test_unknown_plate_and_wrong_tail_answer_the_same(client):
    vehicle = make_vehicle(plate="L 78 ZZ")
    wrong_tail = client.get("/api/vehicles/L78ZZ/assessment/?chassis_tail=00000")
    unknown = client.get(f"/api/vehicles/L9999ZZ/assessment/?chassis_tail={vehicle.chassis_tail}")
    assert wrong_tail.status_code == unknown.status_code == 404
    assert wrong_tail.json() == unknown.json()


@pytest.mark.django_db
def test_malformed_plate_is_422_with_the_rule(client):
    response = client.get("/api/vehicles/B1234AB/assessment/?chassis_tail=12345")
    assert response.status_code == 422
    assert response.json()["error"]["fields"]["rule"] == "area"


@pytest.mark.django_db
def test_bill_via_api_splits_lines_to_beneficiaries(client):
    vehicle = make_vehicle(plate="L 79 ZZ", category="minibus", cc=1300, njkb=200_000_000,
                           due_date=date(2025, 3, 10), stnk_valid_until=date(2099, 1, 1))
    response = client.post("/api/vehicles/L79ZZ/bills/", {"chassis_tail": vehicle.chassis_tail},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    owners = {line["tax_head"]: line["beneficiary"] for line in body["lines"]}
    assert owners["pkb"] == "RKUD-35" and owners["opsen_pkb"] == "RKUD-3578" and owners["swdkllj"] == "JR-JATIM"
    assert body["total"] == sum(line["amount"] for line in body["lines"])
    again = client.post("/api/vehicles/L79ZZ/bills/", {"chassis_tail": vehicle.chassis_tail},
                        content_type="application/json")
    assert again.json()["payment_code"] == body["payment_code"]  # the open bill, not a second one


@pytest.mark.django_db
def test_blocked_vehicle_is_refused_with_reason_and_office(client):
    from balai.vehicles.services import vehicle_block

    vehicle = make_vehicle(plate="L 80 ZZ", stnk_valid_until=date(2099, 1, 1))
    vehicle_block(vehicle=vehicle, reason="stolen")
    response = client.post("/api/vehicles/L80ZZ/bills/", {"chassis_tail": vehicle.chassis_tail},
                           content_type="application/json")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "blocked" and "Samsat" in error["fields"]["office"]


@pytest.mark.django_db
def test_renewal_due_is_refused_online(client):
    vehicle = make_vehicle(plate="L 81 ZZ", due_date=date(2026, 3, 10), stnk_valid_until=date(2026, 3, 10))
    body = client.get(f"/api/vehicles/L81ZZ/assessment/?chassis_tail={vehicle.chassis_tail}").json()
    assert body["payable_online"] is False and body["refusal"]["code"] == "renewal_due"
    assert sum(fee["amount"] for fee in body["renewal_fees"]) == 160_000
