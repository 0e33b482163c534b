"""Complaints: routing, the working-day SLA with its extension, statuses, replies, the public register."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from balai.core.calendar import add_working_days
from balai.core.errors import DomainError
from balai.quality import complaint_selectors as sel
from balai.quality.models import ComplaintMonthStat, ComplaintStatus
from balai.quality.services.complaints import complaint_act, complaint_file, complaint_reply

pytestmark = pytest.mark.django_db


def _file(app, **kwargs):
    args = {"by": app.applicant, "subject_kind": "application", "subject_ref": app.tracking_number,
            "category": "delay", "text": "Sudah lewat batas waktu", "anonymous": False} | kwargs
    return complaint_file(**args)


def test_a_complaint_about_an_application_goes_to_its_office(make_case, officer):
    app = make_case()
    filed = _file(app)
    complaint = filed.complaint
    assert complaint.regency_code == app.regency_code and complaint.office_id == app.office_id
    today = timezone.localdate()
    assert complaint.due_date == add_working_days(today, 10, regency_code=app.regency_code)
    assert sel.access_complaint_staff(officer, complaint.number) == complaint
    assert ComplaintMonthStat.objects.get().received == 1


def test_staff_outside_the_jurisdiction_do_not_see_it(make_case, make_staff):
    _file(make_case())
    outsider = make_staff(jurisdiction=("3573",), unit="Dispendukcapil Kota Malang")
    assert not sel.complaints_for_staff(outsider).exists()


def test_unknown_reference_is_refused(make_case):
    with pytest.raises(DomainError) as exc:
        _file(make_case(), subject_ref="0000000000")
    assert exc.value.code == "complaint_ref_unknown"


def test_general_complaint_anonymous_without_account(make_case):
    from django.contrib.auth.models import AnonymousUser

    filed = complaint_file(by=AnonymousUser(), subject_kind="general", subject_ref="", category="access",
                           text="Situs lambat", anonymous=False, regency_code="3578")
    assert filed.complaint.anonymous and filed.complaint.reporter is None
    assert sel.access_complaint_reporter(AnonymousUser(), filed.complaint.number, filed.follow_key) == filed.complaint
    with pytest.raises(Http404):
        sel.access_complaint_reporter(AnonymousUser(), filed.complaint.number, "salah")


def test_extension_answer_reply_close_and_register(make_case, officer):
    complaint = _file(make_case()).complaint
    due = complaint.due_date
    complaint = complaint_act(complaint=complaint, by=officer, action="extend", text="Perlu cek arsip")
    assert complaint.due_date == add_working_days(due, 7, regency_code=complaint.regency_code)
    with pytest.raises(DomainError):
        complaint_act(complaint=complaint, by=officer, action="extend")
    complaint = complaint_act(complaint=complaint, by=officer, action="answer", text="Sudah diproses",
                              lapor_number="LAP-123")
    assert complaint.status == ComplaintStatus.ANSWERED and complaint.resolved_at is not None
    assert sel.lapor_url(complaint).endswith("LAP-123")
    complaint = complaint_reply(complaint=complaint, text="Belum saya terima", by=complaint.reporter)
    assert complaint.status == ComplaintStatus.IN_PROGRESS
    with pytest.raises(DomainError):
        complaint_act(complaint=complaint, by=officer, action="close")  # needs a public summary
    complaint = complaint_act(complaint=complaint, by=officer, action="close", public_summary="Dokumen dikirim ulang")
    stat = ComplaintMonthStat.objects.get()
    assert (stat.received, stat.resolved, stat.resolved_in_time) == (1, 1, 1)
    assert list(sel.public_register()) == [complaint]
    with pytest.raises(DomainError):
        complaint_reply(complaint=complaint, text="lagi", by=complaint.reporter)


def test_late_answer_is_not_in_time(make_case, officer, monkeypatch):
    complaint = _file(make_case()).complaint
    later = timezone.now() + timedelta(days=40)
    monkeypatch.setattr(timezone, "now", lambda: later)
    complaint_act(complaint=complaint, by=officer, action="answer", text="Maaf terlambat")
    stat = ComplaintMonthStat.objects.get(resolved=1)
    assert stat.resolved_in_time == 0


def test_register_page_hides_reporter_and_text(client, make_case, officer):
    app = make_case()
    complaint = _file(app, text="Nama saya Siti, NIK rahasia").complaint
    complaint_act(complaint=complaint, by=officer, action="close", public_summary="Petugas sudah ditegur")
    page = client.get(reverse("quality:complaint_register")).content.decode()
    assert "Petugas sudah ditegur" in page and "Siti" not in page and app.tracking_number not in page


def test_staff_page_hides_an_anonymous_reporter(make_case, staff_client):
    app = make_case()
    complaint = _file(app, anonymous=True).complaint
    client, _user = staff_client("officer")
    page = client.get(reverse("quality:desk_complaint", args=[complaint.number])).content.decode()
    assert "Identitas dirahasiakan" in page and app.applicant.full_name not in page
