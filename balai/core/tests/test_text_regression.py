"""One character breaks an office: a lone UTF-16 surrogate (or another character no
text may hold) sent inside an application's ``data`` is refused at the field, never stored, and
the officer's queue keeps answering."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from rest_framework.test import APIClient

from balai.cases.models import Application

pytestmark = pytest.mark.django_db

GOOD = {"jenis_dokumen": "akta_kelahiran", "nomor_dokumen": "3578-LT-01012000-0001", "jumlah_lembar": 2}


def _post_raw(client: APIClient, body: str):
    """The body as a client would send it: JSON text with the escape ``\\ud800`` in it."""
    return client.post("/api/applications/", data=body.encode("ascii"), content_type="application/json")


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\u0000", "\\u001b", "\\ufffe"])
def test_bad_character_in_data_is_a_field_error_and_queue_stays_up(make_citizen, make_staff, escape):
    citizen, officer = make_citizen(), make_staff(role="officer")
    api = APIClient()
    api.force_authenticate(user=citizen)
    body = json.dumps({"service": "legalisir", "data": {**GOOD, "keperluan": "X"}}).replace('"X"', f'"a{escape}b"')
    response = _post_raw(api, body)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert list(error["fields"]) == ["data"] and list(error["fields"]["data"]) == ["keperluan"]
    assert "posisi 2" in error["fields"]["data"]["keperluan"][0]
    assert not Application.objects.exists()
    # the same applicant, the office and the citizen's own list keep working
    assert api.post("/api/applications/", {"service": "legalisir", "data": GOOD}, format="json").status_code == 201
    assert api.get("/api/applications/").status_code == 200
    staff = APIClient()
    staff.force_authenticate(user=officer)
    assert staff.get("/api/desk/queue/").status_code == 200


def test_bad_key_inside_data_is_refused(make_citizen):
    api = APIClient()
    api.force_authenticate(user=make_citizen())
    body = json.dumps({"service": "legalisir", "data": {**GOOD, "K": 1}}).replace('"K"', '"k\\ud800"')
    response = _post_raw(api, body)
    assert response.status_code == 400 and "data" in response.json()["error"]["fields"]
    assert not Application.objects.exists()


def test_decomposed_text_is_stored_composed(make_citizen):
    api = APIClient()
    api.force_authenticate(user=make_citizen())
    response = api.post("/api/applications/", {"service": "legalisir",
                                               "data": {**GOOD, "keperluan": "Nguye\u0302\u0303n"}}, format="json")
    assert response.status_code == 201
    assert Application.objects.get().data["keperluan"] == "Nguy\u1ec5n"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL refuses a lone surrogate in text and jsonb")
def test_a_stored_lone_surrogate_does_not_500_the_readers(make_citizen, make_staff, client):
    """Rows stored before the validator (SQLite keeps ``\\ud800`` in JSON): the applicant's list,
    the case, the office's queue and the personal-data export answer, with U+FFFD in its place."""
    from balai.cases.selectors import current_version
    from balai.cases.services import application_create

    citizen, officer = make_citizen(), make_staff(role="officer")
    app = application_create(version=current_version("legalisir"), by=citizen, data=GOOD).application
    Application.objects.filter(pk=app.pk).update(data={**GOOD, "keperluan": "a\ud800b"}, state="submitted")
    assert Application.objects.get(pk=app.pk).data["keperluan"] == "a\ud800b"  # stored as it was then
    api = APIClient()
    api.force_authenticate(user=citizen)
    mine = api.get("/api/applications/")
    assert mine.status_code == 200 and "a\ufffdb" in mine.content.decode()
    assert api.get(f"/api/applications/{app.tracking_number}/").json()["data"]["keperluan"] == "a\ufffdb"
    staff = APIClient()
    staff.force_authenticate(user=officer)
    queue = staff.get("/api/desk/queue/")
    assert queue.status_code == 200
    assert queue.json()["results"][0]["data"]["keperluan"] == "a\ufffdb"
    client.force_login(citizen)
    export = client.post("/akun/data-saya/")
    assert export.status_code == 200 and "a\ufffdb" in export.content.decode()
    for page in (f"/permohonan/{app.tracking_number}/", f"/permohonan/{app.tracking_number}/isi/"):
        response = client.get(page)
        assert response.status_code in (200, 302), page
        if response.status_code == 200:
            assert "a\ufffdb" in response.content.decode(), page


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL refuses a lone surrogate in text and jsonb")
def test_a_stored_lone_surrogate_does_not_500_the_desk_page(make_citizen, staff_client):
    from balai.cases.selectors import current_version
    from balai.cases.services import application_create

    citizen = make_citizen()
    app = application_create(version=current_version("legalisir"), by=citizen, data=GOOD).application
    Application.objects.filter(pk=app.pk).update(data={**GOOD, "keperluan": "a\ud800b"}, state="submitted")
    client, _officer = staff_client("officer")
    assert client.get("/petugas/antrean/").status_code == 200
    response = client.get(f"/petugas/berkas/{app.tracking_number}/")
    assert response.status_code == 200 and "a\ufffdb" in response.content.decode()
