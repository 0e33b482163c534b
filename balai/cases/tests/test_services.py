import pytest
from django.core.exceptions import ValidationError

from balai.cases.models import Application, CaseEvent, Notice, ServiceVersion, State
from balai.cases.selectors import current_version
from balai.cases.services import (
    application_act,
    application_create,
    application_issue_outputs,
    application_replay,
    attachment_add,
    pin_matches,
)
from balai.core.api import ApiError
from balai.core.numbers import damm_valid

from .conftest import LEGALISIR_DATA, pdf_upload, verify_all

pytestmark = pytest.mark.django_db


def test_create_routes_by_current_address_not_nik_prefix(make_citizen):
    # given a citizen whose NIK was issued in Kab. Malang (3507) but who lives in Surabaya now
    citizen = make_citizen(nik="3507014512990001", village="3578081001")
    # when
    created = application_create(version=current_version("legalisir"), by=citizen, data=LEGALISIR_DATA)
    # then
    app = created.application
    assert app.regency_code == "3578" and app.office.name == "Dispendukcapil Kota Surabaya"
    assert app.state == State.DRAFT and app.workflow.code == "default"
    assert damm_valid(app.tracking_number) and len(app.tracking_number) == 10
    assert len(created.pin) == 6 and created.pin not in app.pin_hash
    assert pin_matches(app, created.pin) and not pin_matches(app, "000000" if created.pin != "000000" else "111111")


def test_tracking_numbers_are_unique_and_not_sequential(citizen):
    version = current_version("legalisir")
    numbers = [application_create(version=version, by=citizen).application.tracking_number for _ in range(20)]
    assert len(set(numbers)) == 20
    bodies = [int(n[:-1]) for n in numbers]
    assert sum(1 for a, b in zip(bodies, bodies[1:], strict=False) if abs(a - b) == 1) == 0


def test_full_happy_path_with_outputs(make_case, officer, fake_documents, django_capture_on_commit_callbacks):
    app = make_case()
    assert app.state == State.SUBMITTED and app.due_date is not None
    app = application_act(application=app, by=officer, action="claim")
    verify_all(app, officer)
    with django_capture_on_commit_callbacks(execute=True):
        app = application_act(application=app, by=officer, action="approve")
    app.refresh_from_db()
    assert app.state == State.COMPLETED and app.closed_at is not None
    assert fake_documents[0]["doc_type"] == "letter" and fake_documents[0]["template"] == "documents/pdf/letter.html"
    assert fake_documents[0]["subject_id"] == app.tracking_number
    assert fake_documents[0]["issuing_unit"] == "Dispendukcapil Kota Surabaya"
    assert app.outputs[0]["verify_url"].startswith("https://")
    assert application_replay(app) == app.state
    assert [e.action for e in app.events.order_by("seq")] == [
        "create", "submit", "claim", "verify", "verify", "approve", "complete"]
    assert Notice.objects.filter(user=app.applicant, kind="complete").exists()


def test_with_a_broker_the_approval_commits_the_outputs_request_and_a_worker_issues_them(
        make_case, officer, fake_documents, django_capture_on_commit_callbacks, settings):
    from balai.core import outbox
    from balai.core.models import OutboxTask

    settings.CELERY_TASK_ALWAYS_EAGER = False
    app = make_case()
    application_act(application=app, by=officer, action="claim")
    verify_all(app, officer)
    with django_capture_on_commit_callbacks(execute=True):
        application_act(application=app, by=officer, action="approve")
    app.refresh_from_db()
    # committed with the approval: a crash from here on cannot lose the outputs
    assert app.state == State.APPROVED and not fake_documents
    assert list(OutboxTask.objects.filter(task__startswith="balai.cases.").values_list("task", "kwargs")) == [
        ("balai.cases.tasks.issue_outputs", {"application_id": app.pk})]  # beside it: the notices' deliveries
    assert outbox.drain() >= 1
    app.refresh_from_db()
    assert app.state == State.COMPLETED and len(fake_documents) == 1 and not OutboxTask.objects.exists()


def test_outputs_task_is_idempotent(make_case, officer, fake_documents):
    app = make_case()
    application_act(application=app, by=officer, action="claim")
    verify_all(app, officer)
    application_act(application=app, by=officer, action="approve")
    application_issue_outputs(application_id=app.pk)
    assert application_issue_outputs(application_id=app.pk) is None
    assert len(fake_documents) == 1


def test_submit_without_required_attachments_lists_each(citizen):
    app = application_create(version=current_version("legalisir"), by=citizen).application
    with pytest.raises(ApiError) as exc:
        application_act(application=app, by=citizen, action="submit")
    assert exc.value.status_code == 422 and exc.value.error_code == "missing_requirements"
    assert set(exc.value.fields) == {"scan-dokumen", "ktp-el"}
    assert Application.objects.get(pk=app.pk).state == State.DRAFT
    assert app.events.count() == 1


def test_alternative_requirement_satisfies_the_original(citizen):
    app = application_create(version=current_version("legalisir"), by=citizen).application
    attachment_add(application=app, requirement_code="scan-dokumen", upload=pdf_upload(), by=citizen)
    attachment_add(application=app, requirement_code="ikd", upload=pdf_upload(), by=citizen)  # instead of KTP-el
    app = application_act(application=app, by=citizen, action="submit")
    assert app.state == State.SUBMITTED


def test_approve_requires_verified_requirements(make_case, officer):
    app = make_case()
    application_act(application=app, by=officer, action="claim")
    with pytest.raises(ApiError) as exc:
        application_act(application=app, by=officer, action="approve")
    assert exc.value.status_code == 422 and exc.value.error_code == "requirements_not_verified"
    assert set(exc.value.fields) == {"scan-dokumen", "ktp-el"}


def test_reject_and_return_need_a_reason(make_case, officer):
    app = make_case()
    application_act(application=app, by=officer, action="claim")
    for action in ("reject", "return"):
        with pytest.raises(ApiError) as exc:
            application_act(application=app, by=officer, action=action, note="  ")
        assert exc.value.error_code == "note_required"
    app = application_act(application=app, by=officer, action="reject", note="Dokumen bukan milik pemohon")
    assert app.state == State.REJECTED


def test_invalid_transition_and_role(make_case, officer):
    app = make_case()
    with pytest.raises(ApiError) as exc:  # the citizen cannot claim
        application_act(application=app, by=app.applicant, action="claim")
    assert exc.value.status_code == 409 and exc.value.error_code == "invalid_transition"
    with pytest.raises(ApiError) as exc:  # nothing to approve before a claim
        application_act(application=app, by=officer, action="approve")
    assert exc.value.error_code == "invalid_transition"


def test_second_claim_gets_a_clear_conflict(make_case, make_staff):
    app = make_case()
    first, second = make_staff(), make_staff()
    application_act(application=app, by=first, action="claim")
    with pytest.raises(ApiError) as exc:
        application_act(application=app, by=second, action="claim")
    assert exc.value.status_code == 409 and exc.value.error_code == "already_claimed"
    assert first.full_name in str(exc.value.detail)


def test_only_holder_acts_but_supervisor_may(make_case, make_staff, supervisor):
    app = make_case()
    holder, other = make_staff(), make_staff()
    application_act(application=app, by=holder, action="claim")
    with pytest.raises(ApiError) as exc:
        application_act(application=app, by=other, action="return", note="x")
    assert exc.value.error_code == "not_holder"
    app = application_act(application=app, by=supervisor, action="reassign", assignee=other)
    assert app.assignee == other and app.state == State.IN_REVIEW
    app = application_act(application=app, by=other, action="release")
    assert app.state == State.SUBMITTED and app.assignee is None


def test_idempotent_retry_with_transaction_id(make_case, officer):
    app = make_case()
    application_act(application=app, by=officer, action="claim", transaction_id="tx-1")
    again = application_act(application=app, by=officer, action="claim", transaction_id="tx-1")
    assert again.state == State.IN_REVIEW
    assert CaseEvent.objects.filter(application=app, action="claim").count() == 1


def test_return_pauses_clock_and_resubmit_extends_due(make_case, officer, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    app = make_case()
    due = app.due_date
    application_act(application=app, by=officer, action="claim")
    app = application_act(application=app, by=officer, action="return", note="Scan buram")
    assert app.paused_at is not None and app.state == State.RETURNED
    assert not app.is_overdue(today=due + dt.timedelta(days=30))
    # the citizen answers 7 calendar days later (5 working days, when no holiday falls in between)
    later = timezone.now() + dt.timedelta(days=7)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: timezone.localtime(later).date())
    attachment_add(application=app, requirement_code="scan-dokumen", upload=pdf_upload(), by=app.applicant)
    app = application_act(application=app, by=app.applicant, action="resubmit")
    assert app.paused_at is None and app.due_date > due
    event = app.events.get(action="resubmit")
    assert event.data["paused_working_days"] >= 4


def test_cancel_only_before_review(make_case, officer):
    app = make_case()
    app = application_act(application=app, by=app.applicant, action="cancel")
    assert app.state == State.CANCELLED
    other = make_case()
    application_act(application=other, by=officer, action="claim")
    with pytest.raises(ApiError):
        application_act(application=other, by=other.applicant, action="cancel")


def test_form_data_validated_by_schema(citizen):
    version = current_version("legalisir")
    with pytest.raises(ValidationError) as exc:
        application_create(version=version, by=citizen,
                           data={"jenis_dokumen": "ijazah", "jumlah_lembar": 99, "typo": "x"})
    errors = exc.value.message_dict
    assert {"jenis_dokumen", "jumlah_lembar", "nomor_dokumen", "typo"} <= set(errors)
    assert not Application.objects.exists()


def test_adminduk_service_can_never_carry_a_fee():
    from django.db import IntegrityError, transaction

    version = current_version("legalisir")
    version.fee = 10_000
    with pytest.raises(ValidationError):
        version.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceVersion.objects.filter(pk=version.pk).update(fee=10_000)


def test_officer_files_on_behalf_of_citizen(make_staff, make_citizen):
    citizen = make_citizen(nik="3578084512990009", identity="matched")
    officer = make_staff()
    created = application_create(version=current_version("legalisir"), by=officer, applicant_nik=citizen.citizen.nik,
                                 data=LEGALISIR_DATA)
    app = created.application
    assert app.applicant == citizen and app.filed_by == officer
    for req in ("scan-dokumen", "ktp-el"):
        attachment_add(application=app, requirement_code=req, upload=pdf_upload(), by=officer)
    app = application_act(application=app, by=officer, action="submit")
    assert app.events.get(action="submit").actor_role == "counter"  # on the applicant's behalf, not as them
    with pytest.raises(ApiError) as exc:
        application_create(version=current_version("legalisir"), by=officer, applicant_nik="3578080101900001")
    assert exc.value.error_code == "unknown_applicant"


def test_office_sla_override(make_case):
    from balai.cases.models import Office, OfficeServiceSLA
    from balai.cases.services import office_for

    office = office_for("dukcapil", "3578")
    OfficeServiceSLA.objects.create(service=current_version("legalisir").service, office=office, sla_days=1)
    app = make_case()
    assert app.sla_days == 1
    assert Office.objects.filter(regency_code="3578").count() == 1


def test_real_letter_is_issued_on_approval(make_case, officer, signing, django_capture_on_commit_callbacks):
    app = make_case()
    application_act(application=app, by=officer, action="claim")
    verify_all(app, officer)
    with django_capture_on_commit_callbacks(execute=True):
        application_act(application=app, by=officer, action="approve")
    app.refresh_from_db()
    assert app.state == State.COMPLETED
    from balai.documents.models import Document

    doc = Document.objects.get(pk=app.outputs[0]["document_id"])
    assert doc.subject_id == app.tracking_number and app.outputs[0]["verify_url"]
