"""Services that take free text straight from a page (``request.POST`` without a form) put it
through balai.core.text too (``text_or_raise``): the refusal is the service's own error, shown by
the page, and nothing is stored."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from balai.accounts.models import Role
from balai.cases.models import Application, CaseEvent
from balai.core.api import ApiError

pytestmark = pytest.mark.django_db

GOOD = {"jenis_dokumen": "akta_kelahiran", "nomor_dokumen": "3578-LT-01012000-0001", "jumlah_lembar": 2}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")}}}


@pytest.fixture
def draft(make_citizen):
    from balai.cases.selectors import current_version
    from balai.cases.services import application_create

    return application_create(version=current_version("legalisir"), by=make_citizen(), data=GOOD).application


def test_case_action_note_from_the_desk_is_checked(draft):
    from balai.cases.services import application_act

    before = CaseEvent.objects.count()
    for field, kwargs in (("note", {"note": "batal\x00"}), ("transaction_id", {"transaction_id": "t\x1b1"})):
        with pytest.raises(ApiError) as caught:
            application_act(application=draft, by=draft.applicant, action="cancel", **kwargs)
        assert caught.value.status_code == 400 and caught.value.error_code == "invalid"
        assert list(caught.value.fields) == [field] and "U+00" in caught.value.fields[field][0]
    assert CaseEvent.objects.count() == before and Application.objects.get(pk=draft.pk).state == "draft"
    done = application_act(application=draft, by=draft.applicant, action="cancel", note="Batal.\r\nSalah isi.")
    assert done.state == "cancelled"
    assert CaseEvent.objects.filter(application=draft).order_by("-pk").first().note == "Batal.\nSalah isi."


def test_attachment_review_reason_is_checked(draft, make_staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from balai.cases.demo import demo_pdf
    from balai.cases.models import Attachment
    from balai.cases.services import attachment_add, attachment_review

    upload = SimpleUploadedFile("scan.pdf", demo_pdf("Balai"), content_type="application/pdf")
    attachment = attachment_add(application=draft, requirement_code="scan-dokumen", upload=upload, by=draft.applicant)
    officer = make_staff(role="supervisor")
    Application.objects.filter(pk=draft.pk).update(state="in_review")
    with pytest.raises(ApiError) as caught:
        attachment_review(application=draft, attachment_id=attachment.pk, by=officer, decision="rejected",
                          reason="buram\x00")
    assert caught.value.error_code == "invalid" and list(caught.value.fields) == ["reason"]
    assert Attachment.objects.get(pk=attachment.pk).review_note == ""


def test_payment_task_resolution_is_checked():
    from balai.payments.services import PaymentError, task_resolve

    with pytest.raises(PaymentError) as caught:
        task_resolve(task=None, by=None, resolution="selesai\x00")
    assert caught.value.code == "invalid_character"


def test_vehicle_unblock_reason_is_checked():
    from balai.vehicles.assessment import VehicleTaxError
    from balai.vehicles.services import vehicle_unblock

    with pytest.raises(VehicleTaxError) as caught:
        vehicle_unblock(block=None, by=None, reason="lunas\ufffe")
    assert caught.value.code == "invalid_character"


def test_partner_void_decision_note_is_checked():
    from balai.partners.services import void_decide
    from balai.partners.services.common import PartnerError

    with pytest.raises(PartnerError) as caught:
        void_decide(void=None, by=SimpleNamespace(role=Role.SUPERVISOR), approve=False, note="tolak\x07")
    assert caught.value.code == "invalid_character"
