"""The booking API's query and path parameters are checked before any query: text through the one
text validator (``RequestSerializer``), a refusal is 400 ``invalid`` naming the parameter.

CI found ``GET /api/appointments/locations/?service=%00`` answering 500 on PostgreSQL (a NUL byte
cannot be sent in a text parameter there); on SQLite the same request was 200 with an empty list."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from .factories import TEST_KIND, make_service, open_day

pytestmark = pytest.mark.django_db


def _fields(response) -> set[str]:
    assert response.status_code == 400, response.content
    body = response.json()["error"]
    assert body["code"] == "invalid"
    return set(body["fields"])


def test_locations_refuse_control_characters_and_a_malformed_regency():
    service = make_service()
    client = APIClient()
    assert _fields(client.get("/api/appointments/locations/", {"service": "ktp\x00recording"})) == {"service"}
    assert _fields(client.get("/api/appointments/locations/", {"regency": "35\x0078"})) == {"regency"}
    assert _fields(client.get("/api/appointments/locations/", {"regency": "Surabaya"})) == {"regency"}
    assert _fields(client.get("/api/appointments/locations/", {"service": "x" * 41})) == {"service"}
    found = client.get("/api/appointments/locations/", {"service": TEST_KIND, "regency": "3578"})
    assert found.status_code == 200 and [p["id"] for p in found.json()] == [service.location_id]
    assert client.get("/api/appointments/locations/", {"regency": ""}).status_code == 200


def test_availability_checks_its_whole_query():
    service = make_service()
    day = open_day(service)
    url = f"/api/appointments/locations/{service.location_id}/availability/"
    client = APIClient()
    assert _fields(client.get(url, {"service": "uji\x00", "from": day.isoformat()})) == {"service"}
    assert _fields(client.get(url, {"service": TEST_KIND})) == {"from"}
    assert _fields(client.get(url, {"service": TEST_KIND, "from": "2026-02-30"})) == {"from"}
    assert _fields(client.get(url, {"service": TEST_KIND, "from": day.isoformat(),
                                    "to": (day - dt.timedelta(days=1)).isoformat()})) == {"to"}
    assert _fields(client.get(url, {"service": TEST_KIND, "from": day.isoformat(),
                                    "to": (day + dt.timedelta(days=93)).isoformat()})) == {"to"}
    longest = client.get(url, {"service": TEST_KIND, "from": day.isoformat(),
                               "to": (day + dt.timedelta(days=92)).isoformat()})
    assert longest.status_code == 200 and len(longest.json()) == 93
    one = client.get(url, {"service": TEST_KIND, "from": day.isoformat(), "to": ""})  # an empty `to`: one day
    assert one.status_code == 200 and [d["date"] for d in one.json()] == [day.isoformat()]
    assert client.get(url, {"service": "tidak-ada", "from": day.isoformat()}).status_code == 404


def test_a_booking_code_that_is_no_code_is_not_found(make_citizen):
    client = APIClient()
    client.force_authenticate(make_citizen())
    for code in ("12345%00789", "%00", "abcdefghi", "1234567890"):
        for suffix, method in (("", "get"), ("cancel/", "post"), ("move/", "post")):
            response = getattr(client, method)(f"/api/appointments/bookings/{code}/{suffix}", {}, format="json")
            assert response.status_code == 404, (code, suffix, response.content)
            assert response.json()["error"]["code"] == "not_found"
