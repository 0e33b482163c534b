"""Filing at a counter stays inside the officer's jurisdiction, says whose act it was,
and gives the filer no access once the case is outside that jurisdiction."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation
from rest_framework.test import APIClient

from balai.cases.handlers import ServiceHandler
from balai.cases.models import Application, CaseEvent
from balai.cases.selectors import (
    access_application,
    applications_for_citizen,
    current_version,
    staff_may_read_case_document,
    timeline,
)
from balai.cases.services import application_act, application_create, application_update_data, attachment_add

from .conftest import LEGALISIR_DATA, pdf_upload
from .test_views import login_staff

pytestmark = pytest.mark.django_db

MALANG, SURABAYA = "3573", "3578"


@pytest.fixture
def surabaya_resident(make_citizen):
    return make_citizen(nik="3578084512990071", village="3578081001", full_name="Siti Aminah", identity="matched")


@pytest.fixture
def malang_officer(make_staff):
    return make_staff(jurisdiction=(MALANG,), unit="Dispendukcapil Kota Malang")


@pytest.fixture
def surabaya_officer(make_staff):
    return make_staff(jurisdiction=(SURABAYA,))


def api_as(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_officer_of_another_regency_cannot_file_for_a_resident(malang_officer, surabaya_resident):
    response = api_as(malang_officer).post("/api/applications/", {
        "service": "kk-hilang-rusak", "applicant_nik": surabaya_resident.citizen.nik}, format="json")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "applicant_outside_jurisdiction" and error["fields"]["applicant_nik"]
    assert "wilayah kerja" in error["message"] and "Surabaya" not in error["message"]  # where they live is not told
    assert not Application.objects.exists()


def test_the_counter_form_says_so_at_the_nik_field(client, malang_officer, surabaya_resident):
    login_staff(client, malang_officer)
    response = client.post("/petugas/loket/", {"nik": surabaya_resident.citizen.nik, "service": "kk-hilang-rusak"})
    assert response.status_code == 200  # the form again, not a redirect to a new case
    assert "di luar wilayah kerja Anda" in response.content.decode()
    assert not Application.objects.exists()


def file_at_counter(officer, citizen):
    created = application_create(version=current_version("legalisir"), by=officer, applicant_nik=citizen.citizen.nik,
                                 data=LEGALISIR_DATA)
    return created.application


def test_counter_events_are_the_officers_on_the_citizens_behalf(surabaya_officer, surabaya_resident):
    app = file_at_counter(surabaya_officer, surabaya_resident)
    for req in ("scan-dokumen", "ktp-el"):
        attachment_add(application=app, requirement_code=req, upload=pdf_upload(), by=surabaya_officer)
    application_act(application=app, by=surabaya_officer, action="submit")
    roles = dict(CaseEvent.objects.filter(application=app).values_list("action", "actor_role"))
    assert roles == {"create": "counter", "submit": "counter"}  # not "applicant": the citizen did not do it
    app = access_application(surabaya_resident, app.tracking_number)
    entries = {e["event"].action: e for e in timeline(app)}
    officer = surabaya_officer.full_name
    assert entries["create"]["label"] == f"Permohonan dibuat di loket oleh {officer} atas nama Siti Aminah"
    assert entries["submit"]["summary"] == f"Diajukan — oleh petugas loket {officer} atas nama Siti Aminah"
    with translation.override("en"):
        create = next(e for e in timeline(app) if e["event"].action == "create")
    assert create["label"] == f"Filed at the counter by {officer} on behalf of Siti Aminah"


def test_the_timeline_shows_the_counter_filing_to_citizen_and_api(client, surabaya_officer, surabaya_resident):
    app = file_at_counter(surabaya_officer, surabaya_resident)
    client.force_login(surabaya_resident)
    page = client.get(f"/permohonan/{app.tracking_number}/").content.decode()
    assert f"Permohonan dibuat di loket oleh {surabaya_officer.full_name} atas nama Siti Aminah" in page
    events = api_as(surabaya_resident).get(f"/api/applications/{app.tracking_number}/").json()["events"]
    assert events[0]["actor_role"] == "counter" and "di loket" in events[0]["summary"]


def test_filers_access_follows_jurisdiction(client, surabaya_officer, surabaya_resident):
    app = file_at_counter(surabaya_officer, surabaya_resident)
    assert access_application(surabaya_officer, app.tracking_number) == app
    # the officer moves to Malang (another unit there): filing the case once is no key to it
    surabaya_officer.staff.jurisdiction.set([MALANG])
    surabaya_officer.staff.unit = "Dispendukcapil Kota Malang"
    surabaya_officer.staff.save()
    officer = type(surabaya_officer).objects.get(pk=surabaya_officer.pk)  # no cached scope
    officer.raw_password = surabaya_officer.raw_password
    with pytest.raises(Http404):
        access_application(officer, app.tracking_number)
    assert not staff_may_read_case_document(officer, app.tracking_number)
    assert app not in applications_for_citizen(officer)
    login_staff(client, officer)
    assert client.get(f"/permohonan/{app.tracking_number}/isi/").status_code == 404
    assert api_as(officer).get(f"/api/applications/{app.tracking_number}/").status_code == 404


class _RoutesToMalang(ServiceHandler):
    """Like the civil handlers: the data (a family card) decides the office."""

    def validate(self, application, data):
        from balai.cases.services import office_for

        if application.pk:
            office = office_for("dukcapil", MALANG)
            Application.objects.filter(pk=application.pk).update(office=office, regency_code=MALANG)
            application.office, application.regency_code = office, MALANG
        return data


def test_data_that_routes_the_case_out_of_the_filers_jurisdiction_is_refused(monkeypatch, surabaya_officer,
                                                                              surabaya_resident):
    from balai.cases import handlers

    app = file_at_counter(surabaya_officer, surabaya_resident)
    monkeypatch.setitem(handlers._handlers, "legalisir", _RoutesToMalang())
    with pytest.raises(ValidationError) as exc:
        application_update_data(application=app, by=surabaya_officer, data=LEGALISIR_DATA)
    assert "wilayah kerja" in exc.value.message_dict["__all__"][0]
    app.refresh_from_db()
    assert app.regency_code == SURABAYA  # the routing was rolled back with the refusal
    # the citizen may still move their own case (the filer then loses access to it)
    application_update_data(application=app, by=surabaya_resident, data=LEGALISIR_DATA)
    app.refresh_from_db()
    assert app.regency_code == MALANG
    with pytest.raises(Http404):
        access_application(type(surabaya_officer).objects.get(pk=surabaya_officer.pk), app.tracking_number)
