"""The "family card after a change of data" page names the name and birth-data corrections the
service does, in Indonesian and English; the migration leaves text an admin rewrote alone."""

import importlib

import pytest
from django.apps import apps
from django.utils import translation

from balai.cases.models import Requirement, ServiceVersion

pytestmark = pytest.mark.django_db
MIGRATION = importlib.import_module("balai.civil.migrations.0004_change_data_corrections_text")


def test_the_service_page_names_the_corrections_in_both_languages(client):
    client.cookies["django_language"] = "id"
    page = client.get("/layanan/kk-perubahan-data/").content.decode()
    assert "pembetulan nama, tempat lahir, atau tanggal lahir sesuai akta kelahiran" in page
    assert "akta kelahiran (untuk pembetulan nama atau data kelahiran)" in page
    client.cookies["django_language"] = "en"
    with translation.override("id"):  # the request's language must not outlive it (later tests)
        page = client.get("/layanan/kk-perubahan-data/").content.decode()
    assert "a correction of a name, place or date of birth to match the birth certificate" in page
    assert "birth certificate (to correct a name or birth details)" in page
    assert "pembetulan" not in page


def test_seeded_text_is_renewed_and_an_admins_text_is_kept():
    version = ServiceVersion.objects.get(service__code=MIGRATION.SERVICE)
    version.description, version.description_en = MIGRATION.DESCRIPTION[0], MIGRATION.DESCRIPTION_EN[0]
    version.save(update_fields=["description", "description_en"])
    requirement = Requirement.objects.get(service_version=version, code=MIGRATION.REQUIREMENT)
    requirement.description, requirement.description_en = "Teks dari admin.", "An admin's text."
    requirement.save(update_fields=["description", "description_en"])
    MIGRATION.forwards(apps, None)
    version.refresh_from_db()
    requirement.refresh_from_db()
    assert (version.description, version.description_en) == (MIGRATION.DESCRIPTION[1], MIGRATION.DESCRIPTION_EN[1])
    assert (requirement.description, requirement.description_en) == ("Teks dari admin.", "An admin's text.")
