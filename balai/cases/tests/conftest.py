"""Fixtures of the case engine's tests."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from balai.cases.demo import demo_pdf, demo_png

_ids = itertools.count(1)


@pytest.fixture(autouse=True)
def _catalogue_present(request):
    """Transactional tests flush every table, the data migration's workflow and services too:
    put them back (the same function the migration runs) when a test uses the database."""
    if not ({"db", "transactional_db", "live_server"} & set(request.fixturenames)
            or request.node.get_closest_marker("django_db")):
        return
    import importlib

    from django.apps import apps

    from balai.cases.models import Workflow

    if not Workflow.objects.filter(code="default", version=1).exists():
        importlib.import_module("balai.cases.migrations.0002_default_catalogue").create(apps, None)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads go to a temporary folder, never into var/media."""
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                     "OPTIONS": {"location": str(tmp_path / "media")}}}


@pytest.fixture
def fake_documents(monkeypatch):
    """Replace documents.document_issue with a recorder (rendering and signing are tested in
    balai/documents); returns the list of calls."""
    calls = []

    def issue(**kwargs):
        calls.append(kwargs)
        n = len(calls)
        return SimpleNamespace(pk=n, verify_url=f"https://balai.test/v/{n}", download_path=f"/dokumen/{n}/unduh/")

    import balai.documents.services as documents_services

    monkeypatch.setattr(documents_services, "document_issue", issue)
    return calls


def pdf_upload(name: str = "dokumen.pdf", text: str = "Balai") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, demo_pdf(text), content_type="application/pdf")


def png_upload(name: str = "foto.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, demo_png(), content_type="image/png")


LEGALISIR_DATA = {"jenis_dokumen": "akta_kelahiran", "nomor_dokumen": "3578-LT-01012000-0001", "jumlah_lembar": 2}


@pytest.fixture
def citizen(make_citizen):
    return make_citizen()


@pytest.fixture
def officer(make_staff):
    return make_staff(role="officer")


@pytest.fixture
def supervisor(make_staff):
    return make_staff(role="supervisor")


@pytest.fixture
def make_case(citizen):
    """A legalisir case of ``citizen`` (Surabaya) in draft, or submitted with both documents."""
    from balai.cases.selectors import current_version
    from balai.cases.services import application_act, application_create, attachment_add

    def make(*, submit: bool = True, by=None, code: str = "legalisir", data=None):
        applicant = by or citizen
        created = application_create(version=current_version(code), by=applicant,
                                     data=LEGALISIR_DATA if data is None and code == "legalisir" else data)
        app = created.application
        if submit:
            for req in ("scan-dokumen", "ktp-el"):
                attachment_add(application=app, requirement_code=req, upload=pdf_upload(), by=applicant)
            app = application_act(application=app, by=applicant, action="submit", transaction_id=f"s{next(_ids)}")
        app.pin = created.pin
        return app

    return make


def verify_all(app, by):
    from balai.cases.models import Attachment
    from balai.cases.services import attachment_review

    for attachment in Attachment.objects.filter(application=app, superseded=False):
        attachment_review(application=app, attachment_id=attachment.pk, by=by, decision="verified")


