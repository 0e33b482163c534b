"""The unit's page of promotion proposals and retirement files: a proposal made there is a case
whose documents the HR officer uploads on the case's pages; the page links the case on the desk
and forwards it to BKD once verified."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from balai.asn.cases_link import bkd_unit
from balai.asn.models import PromotionProposal
from balai.asn.services import profile_save
from balai.cases.demo import demo_pdf
from balai.cases.services import application_act, attachment_add, attachment_review

pytestmark = pytest.mark.django_db
UNIT = "Dinas Kominfo Provinsi Jawa Timur"
PROFILE = {"kind": "pns", "position_type": "administrative", "functional_level": "", "position_name": "Analis",
           "rank": "III/b", "rank_tmt": "2022-04-15", "birth_date": "1980-01-01", "education": "s1",
           "skp_last": "baik", "skp_previous": "baik"}


def test_the_hr_officer_proposes_uploads_submits_and_forwards_from_the_pages(staff_client, make_staff):
    c, hr = staff_client("officer", unit=UNIT)
    profile_save(user=hr, data={**PROFILE, "nip": "197501012000031001", "is_hr_officer": "on"})
    asn = profile_save(user=make_staff(unit=UNIT), data={**PROFILE, "nip": "198001012005011001"}).profile
    # when: the proposal is made on the unit's page
    response = c.post(f"/asn/unit/berkas/{asn.pk}/usul-pangkat/", {"period": ""})
    app = PromotionProposal.objects.get(profile=asn).application
    # then: the filer goes on to the case's documents, as at a counter
    assert response.status_code == 302 and response["Location"] == f"/permohonan/{app.tracking_number}/dokumen/"
    for req in app.service_version.requirements.filter(required=True):
        attachment_add(application=app, requirement_code=req.code, by=hr,
                       upload=SimpleUploadedFile("a.pdf", demo_pdf(req.code), content_type="application/pdf"))
    application_act(application=app, by=hr, action="submit")
    page = c.get("/asn/unit/berkas/").content.decode()
    assert f"/petugas/berkas/{app.tracking_number}/" in page and "teruskan-bkd" not in page
    assert c.get(f"/petugas/berkas/{app.tracking_number}/").status_code == 200  # the case on the desk
    application_act(application=app, by=hr, action="claim")
    for attachment in app.attachments.all():
        attachment_review(application=app, attachment_id=attachment.pk, by=hr, decision="verified")
    page = c.get("/asn/unit/berkas/").content.decode()
    assert f"/asn/unit/berkas/{app.tracking_number}/teruskan-bkd/" in page
    response = c.post(f"/asn/unit/berkas/{app.tracking_number}/teruskan-bkd/")
    assert response.status_code == 302
    app.refresh_from_db()
    assert (app.state, app.office.name) == ("submitted", bkd_unit())
    page = c.get("/asn/unit/berkas/").content.decode()
    assert f"/permohonan/{app.tracking_number}/" in page  # the filer follows it at BKD


def test_an_officer_who_is_not_an_hr_officer_has_no_files_page(staff_client):
    c, officer = staff_client("officer", unit=UNIT)
    assert c.get("/asn/unit/berkas/").status_code == 403


def test_forwarding_someone_elses_case_is_refused(staff_client, make_staff):
    c, hr = staff_client("officer", unit="Unit lain")
    profile_save(user=hr, data={**PROFILE, "nip": "197501012000031001", "is_hr_officer": "on"})
    owner = make_staff(role="supervisor", unit=UNIT)
    asn = profile_save(user=make_staff(unit=UNIT), data={**PROFILE, "nip": "198001012005011001"}).profile
    from balai.asn.files import promotion_propose

    app = promotion_propose(profile=asn, by=owner).application
    assert c.post(f"/asn/unit/berkas/{app.tracking_number}/teruskan-bkd/").status_code == 404  # not in scope
