"""The licence API checks its multipart text fields with the one text validator: a control
character (NUL above all, which PostgreSQL text cannot hold) is a 400 ``invalid`` naming the field,
and nothing is stored."""

import pytest

from balai.mobility.models import DrivingLicence

from .factories import card_photo

pytestmark = pytest.mark.django_db


def test_licence_fields_with_control_characters_are_refused_at_the_field(client, make_citizen):
    client.force_login(make_citizen())
    good = {"licence_class": "A", "number": "123456789012", "issued_on": "2022-02-10"}
    for name, value in (("number", "1234567\x0089012"), ("licence_class", "A\x00"), ("number", "123\x1b456789012")):
        response = client.post("/api/mobility/licences/", {**good, name: value, "photo": card_photo()})
        assert response.status_code == 400 and response.json()["error"]["code"] == "invalid", response.content
        assert set(response.json()["error"]["fields"]) == {name}
    missing = client.post("/api/mobility/licences/", good)
    assert missing.status_code == 400 and set(missing.json()["error"]["fields"]) == {"photo"}
    assert not DrivingLicence.objects.exists()
    assert client.post("/api/mobility/licences/", {**good, "photo": card_photo()}).status_code == 201


def test_licence_api_is_for_citizens_only(client, staff_client):
    assert client.get("/api/mobility/licences/").status_code in (401, 403)
    officer, _user = staff_client("officer")
    assert officer.get("/api/mobility/licences/").status_code == 403
    assert officer.get("/api/mobility/passport-readiness/").status_code == 403
