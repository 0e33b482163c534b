"""The catalogue in English: every seeded row carries English, pages show it when
the page is in English and fall back to Indonesian where an admin left the English empty."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from balai.cases import forms_schema
from balai.cases.catalogue_text import localized
from balai.cases.models import Requirement, ServiceVersion

pytestmark = pytest.mark.django_db

VERSION_FIELDS = ("name_id", "description", "requirements_note", "procedure", "cost_note", "product",
                  "complaint_channel", "legal_basis")


def _english_of(field: str) -> str:
    return "name_en" if field == "name_id" else f"{field}_en"


def test_every_seeded_catalogue_text_has_english():
    missing = []
    for version in ServiceVersion.objects.select_related("service"):
        for field in VERSION_FIELDS:
            if getattr(version, field) and not getattr(version, _english_of(field)):
                missing.append((version.service.code, field))
        for spec in version.form_schema:
            if not spec.get("label_en"):
                missing.append((version.service.code, spec["name"]))
            missing += [(version.service.code, spec["name"], c[0]) for c in spec.get("choices", []) if len(c) < 3]
    for req in Requirement.objects.select_related("service_version__service"):
        for field in ("name", "description"):
            if getattr(req, field) and not getattr(req, f"{field}_en"):
                missing.append((req.service_version.service.code, req.code, field))
    assert ServiceVersion.objects.count() >= 9
    assert missing == []


def test_english_procedure_has_as_many_steps():
    version = ServiceVersion.objects.get(service__code="legalisir")
    version.procedure_en = "Only one step."
    with pytest.raises(ValidationError) as error:
        version.full_clean()
    assert "procedure_en" in error.value.message_dict


def test_service_page_in_english_shows_the_catalogue_in_english(client):
    client.cookies["django_language"] = "en"
    page = client.get("/layanan/akta-kelahiran/").content.decode()
    assert "Birth registration (birth certificate + updated family card)" in page
    assert "Birth letter" in page and "Surat keterangan kelahiran" not in page
    assert "Free of charge (Law 24/2013 Article 79A)" in page and "Gratis" not in page
    assert "Fill in the child&#x27;s data" in page or "Fill in the child's data" in page
    assert "Pencatatan kelahiran" not in page and "Kutipan akta kelahiran" not in page
    listing = client.get("/layanan/").content.decode()
    assert "A certificate of moving for residents" in listing and "Surat keterangan pindah bagi" not in listing
    # and in Indonesian, the Indonesian
    client.cookies["django_language"] = "id"
    page = client.get("/layanan/akta-kelahiran/").content.decode()
    assert "Surat keterangan kelahiran" in page and "Birth letter" not in page


def test_empty_english_falls_back_to_indonesian():
    version = ServiceVersion.objects.get(service__code="legalisir")
    version.product_en = ""
    with translation.override("en"):
        assert localized(version, "product") == version.product
        assert localized(version, "description").startswith("Certification of a copy")


def test_catalogue_form_labels_and_choices_in_english(client, citizen):
    schema = ServiceVersion.objects.get(service__code="skpwni").form_schema
    with translation.override("en"):
        form = forms_schema.build_form(schema)
        assert form.fields["alasan"].label == "Reason for moving"
        assert ("pekerjaan", "Work") in form.fields["alasan"].choices
        assert forms_schema.display_rows(schema, {"alasan": "keluarga"})[2] == ("Reason for moving", "Family")
    with translation.override("id"):
        assert forms_schema.build_form(schema).fields["alasan"].label == "Alasan pindah"
    client.force_login(citizen)
    client.cookies["django_language"] = "en"
    number = re.search(r"/permohonan/(\d{10})/", client.post("/layanan/skpwni/ajukan/")["Location"]).group(1)
    page = client.get(f"/permohonan/{number}/isi/").content.decode()
    assert "Destination regency/city and province" in page and "Alasan pindah" not in page
    uploads = client.get(f"/permohonan/{number}/dokumen/").content.decode()
    assert "Form F-1.03 (registration of a change of residence)" in uploads and "Formulir F-1.03" not in uploads


def test_admin_edits_both_languages(staff_client):
    client, _admin = staff_client("admin", jurisdiction=())
    version = ServiceVersion.objects.get(service__code="legalisir")
    page = client.get(f"/admin/cases/serviceversion/{version.pk}/change/").content.decode()
    for field in ("name_id", "name_en", "description", "description_en", "procedure_en", "cost_note_en",
                  "product_en", "complaint_channel_en", "legal_basis_en", "requirements_note_en"):
        assert f'name="{field}"' in page, field
    assert 'name="requirements-0-name_en"' in page and 'name="requirements-0-description_en"' in page


def test_the_letter_keeps_indonesian_labels_when_english_is_active(make_case):
    """The catalogue's English is for pages; the signed letter is the legal text, in Indonesian."""
    from balai.cases.handlers import GenericLetterHandler

    app = make_case(submit=False)
    with translation.override("en"):
        [spec] = GenericLetterHandler().outputs(app)
    facts = dict(spec.context["facts"])
    assert facts["Jenis dokumen"] == "Akta kelahiran" and "Type of document" not in facts
    assert spec.context["opening"].startswith("Menindaklanjuti permohonan")
