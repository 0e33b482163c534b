import datetime as dt

import pytest
from django.core import mail

from balai.cases.escalation import escalate_office, escalate_overdue
from balai.cases.models import Application, Notice
from balai.cases.tasks import escalate_overdue as escalate_task

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 10)


def overdue(app, days=5):
    Application.objects.filter(pk=app.pk).update(due_date=TODAY - dt.timedelta(days=days))


def test_marks_overdue_and_notifies_supervisor_once(make_case, make_staff, django_capture_on_commit_callbacks):
    supervisor = make_staff(role="supervisor")
    late, on_time = make_case(), make_case()
    overdue(late)
    Application.objects.filter(pk=on_time.pk).update(due_date=TODAY + dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        result = escalate_overdue(today=TODAY)
    assert result == {"offices": 1, "cases": 1, "failed": 0}
    late.refresh_from_db()
    assert late.escalated_at is not None
    assert Application.objects.get(pk=on_time.pk).escalated_at is None
    notice = Notice.objects.get(user=supervisor, kind="escalation")
    assert late.tracking_display in notice.body
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [supervisor.email]
    # idempotent: a second run changes nothing and sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        assert escalate_overdue(today=TODAY)["cases"] == 0
    assert Notice.objects.filter(kind="escalation").count() == 1 and len(mail.outbox) == 1


def test_supervisor_of_another_regency_is_not_told(make_case, make_staff):
    malang_sup = make_staff(role="supervisor", jurisdiction=("3507",), unit="Dispendukcapil Kabupaten Malang")
    overdue(make_case())
    escalate_overdue(today=TODAY)
    assert not Notice.objects.filter(user=malang_sup).exists()


def test_paused_and_final_cases_are_not_escalated(make_case, officer):
    from balai.cases.services import application_act

    returned = make_case()
    application_act(application=returned, by=officer, action="claim")
    application_act(application=returned, by=officer, action="return", note="x")
    cancelled = make_case()
    application_act(application=cancelled, by=cancelled.applicant, action="cancel")
    overdue(returned)
    overdue(cancelled)
    assert escalate_overdue(today=TODAY)["cases"] == 0


def test_failure_in_one_unit_does_not_stop_the_others(make_case, make_citizen, make_staff, monkeypatch):
    surabaya = make_case()
    from balai.cases.selectors import current_version
    from balai.cases.services import application_act, application_create, attachment_add

    from .conftest import LEGALISIR_DATA, pdf_upload

    malang_citizen = make_citizen(nik="3507084512990001", village="3507012001")
    malang = application_create(version=current_version("legalisir"), by=malang_citizen, data=LEGALISIR_DATA).application
    for req in ("scan-dokumen", "ktp-el"):
        attachment_add(application=malang, requirement_code=req, upload=pdf_upload(), by=malang_citizen)
    application_act(application=malang, by=malang_citizen, action="submit")
    overdue(surabaya)
    overdue(malang)
    real = escalate_office

    def flaky(*, office, today, send_mail_fn=None):
        if office.regency_code == "3578":
            raise RuntimeError("mail server down for Surabaya")
        return real(office=office, today=today)

    monkeypatch.setattr("balai.cases.escalation.escalate_office", flaky)
    result = escalate_overdue(today=TODAY)
    assert result["failed"] == 1 and result["cases"] == 1
    assert Application.objects.get(pk=malang.pk).escalated_at is not None
    assert Application.objects.get(pk=surabaya.pk).escalated_at is None  # retried next run


def test_task_runs_and_is_in_beat_schedule(make_case, settings):
    overdue(make_case(), days=400)
    assert escalate_task.delay().get()["cases"] == 1
    entry = settings.CELERY_BEAT_SCHEDULE["cases-escalate-overdue"]
    assert entry["task"] == "balai.cases.tasks.escalate_overdue"
