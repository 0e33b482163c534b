"""On adminduk cases: the desk names the family member a case is about (with the audited
reveal one click away), and an ineligible service says so before any draft exists."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from balai.cases.models import Application
from balai.cases.selectors import current_version
from balai.cases.services import application_create
from balai.civil.models import Relationship
from balai.civil.services import family_card_add_member
from balai.core.models import AuditEntry

from .factories import make_family, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def household(make_citizen):
    card, head, wife = make_family()
    # the child's NIK masks like the mother's: 357808******0001-style twins on the desk
    child = make_person(full_name="Aisyah Putri", sex="F", birth_date=dt.date(2012, 5, 4), mother=wife, father=head,
                        nik=f"{wife.nik[:6]}4405{12}{wife.nik[-4:]}", marital_status="belum_kawin")
    family_card_add_member(card=card, person=child, relationship=Relationship.CHILD, by=None)
    mother = make_citizen(nik=wife.nik, full_name=wife.full_name, identity="matched")
    return card, head, wife, child, mother


def test_the_desk_names_the_family_member_a_case_is_about(household, staff_client):
    _card, _head, wife, child, mother = household
    assert child.nik_masked == wife.nik_masked  # the finding: the two cannot be told apart by NIK
    app = application_create(version=current_version("kk-perubahan-data"), by=mother,
                             data={"nik_anggota": child.nik, "elemen": "pendidikan", "nilai_baru": "SLTP"}).application
    Application.objects.filter(pk=app.pk).update(state="submitted")
    client, officer = staff_client()
    page = client.get(f"/petugas/berkas/{app.tracking_number}/").content.decode()
    facts = page[page.index('<dl class="facts">'):page.index("</dl>")]
    about = facts[facts.index("Permohonan ini tentang"):]
    assert "Aisyah Putri" in about and "Anak" in about and child.nik_masked in about and child.nik not in page
    reveal = re.search(r'href="(/petugas/kependudukan/penduduk/[0-9a-f-]+/)#buka-data"', about).group(1)
    # the reveal is the civil app's audited full read
    person = client.get(reveal).content.decode()
    assert 'id="buka-data"' in person and child.nik not in person
    full = client.post(reveal, {"reason": "service", "detail": app.tracking_display}).content.decode()
    assert child.nik in full
    assert AuditEntry.objects.filter(action="civil.person.read_full", actor=officer, object_id=str(child.pk)).exists()


def test_relationships_are_told_from_the_register(household):
    from balai.civil.case_people import relationship_to

    _card, head, wife, child, _mother = household
    assert relationship_to(wife, child) == "Anak"
    assert relationship_to(wife, head) == "Suami"
    assert relationship_to(head, wife) == "Istri"
    assert relationship_to(child, wife) == "Ibu"
    assert relationship_to(wife, wife) == "Pemohon sendiri"


def test_an_ineligible_service_says_so_before_any_draft_exists(household, client):
    _card, _head, wife, _child, mother = household
    assert wife.ktp_issued_at is None and wife.biometric_recorded_at is None  # nothing to replace
    client.force_login(mother)
    response = client.post("/layanan/ktp-el-ganti/ajukan/", follow=True)
    assert response.redirect_chain[-1][0] == "/layanan/ktp-el-ganti/"
    text = " ".join(str(m) for m in response.context["messages"])
    assert "Belum ada KTP-el yang dapat diganti" in text
    assert not Application.objects.filter(applicant=mother).exists()
    # the API says the same, with its code, and makes no draft either
    api = client.post("/api/applications/", {"service": "ktp-el-ganti"}, content_type="application/json")
    assert api.status_code == 422 and api.json()["error"]["code"] == "not_eligible"
    assert not Application.objects.filter(applicant=mother).exists()
    # an eligible service still makes its draft
    assert client.post("/layanan/kk-perubahan-data/ajukan/").status_code == 302
    assert Application.objects.filter(applicant=mother, state="draft").count() == 1
