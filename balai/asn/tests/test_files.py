"""Promotion proposals and retirement files as cases of the case engine: eligibility, the unit's HR
officer's queue, BKD's approval, the signed decision letter; the unit's fluency figures."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from balai.asn import files
from balai.asn.cases_link import SERVICE_PROMOTION, SERVICE_RETIREMENT, bkd_unit
from balai.asn.fluency import unit_fluency
from balai.asn.models import RetirementFile
from balai.asn.services import AsnError, profile_save
from balai.cases.demo import demo_pdf
from balai.cases.models import Application, CaseEvent
from balai.cases.selectors import queue_for_officer
from balai.cases.services import (
    application_act,
    application_replay,
    attachment_add,
    attachment_review,
)
from balai.core.api import ApiError

pytestmark = pytest.mark.django_db
UNIT = "Dinas Kominfo Provinsi Jawa Timur"


def _asn(make_staff, *, nip, born, role="officer", unit=UNIT, **extra):
    user = make_staff(role=role, unit=unit)
    data = {"nip": nip, "kind": "pns", "position_type": "administrative", "functional_level": "",
            "position_name": "Analis", "rank": "III/b", "rank_tmt": "2022-04-15", "birth_date": born,
            "education": "s1", "skp_last": "baik", "skp_previous": "baik"}
    data.update(extra)
    return profile_save(user=user, data=data).profile


def _hr(make_staff):
    return _asn(make_staff, nip="197501012000031001", born="1975-01-01", is_hr_officer="on")


def test_a_proposal_before_eligibility_is_422_with_the_earliest_period(make_staff):
    profile = _asn(make_staff, nip="198001012005011001", born="1980-01-01")
    with pytest.raises(AsnError) as caught:
        files.promotion_propose(profile=profile, by=profile.user, period=date(2026, 4, 1), today=date(2025, 12, 1))
    assert caught.value.status_code == 422
    assert caught.value.fields["earliest_period"] == "2026-06-01"
    assert "01-06-2026" in str(caught.value)
    assert not Application.objects.filter(service__code=SERVICE_PROMOTION).exists()  # no orphan case
    proposal = files.promotion_propose(profile=profile, by=profile.user, today=date(2025, 12, 1))
    assert (proposal.period, proposal.to_rank) == (date(2026, 6, 1), "III/c")
    app = proposal.application
    assert (app.service.code, app.state, app.applicant, app.filed_by) == (SERVICE_PROMOTION, "draft", profile.user, None)
    assert app.office.name == UNIT and app.data["period"] == "2026-06-01"
    with pytest.raises(AsnError) as again:
        files.promotion_propose(profile=profile, by=profile.user, today=date(2025, 12, 1))
    assert again.value.status_code == 409


def test_a_poor_rating_is_not_eligible(make_staff):
    profile = _asn(make_staff, nip="198001012005011002", born="1980-01-01", skp_last="kurang")
    with pytest.raises(AsnError) as caught:
        files.promotion_propose(profile=profile, by=profile.user, today=date(2026, 5, 1))
    assert caught.value.code == "not_eligible"


def test_someone_of_another_unit_cannot_propose(make_staff):
    profile = _asn(make_staff, nip="198001012005011003", born="1980-01-01")
    other = _asn(make_staff, nip="197501012000031002", born="1975-01-01", role="supervisor", unit="Unit lain")
    with pytest.raises(AsnError) as caught:
        files.promotion_propose(profile=profile, by=other.user, today=date(2026, 5, 1))
    assert caught.value.status_code == 403


def test_retirement_files_open_twelve_months_ahead_as_cases_and_tell_the_hr_officer(make_staff):
    from balai.notifications.models import Notification

    hr = _hr(make_staff)
    soon = _asn(make_staff, nip="196803122000031001", born="1968-03-12")  # TMT 1 April 2026
    later = _asn(make_staff, nip="196912312000031001", born="1969-12-31")  # TMT 1 January 2028
    assert files.retirement_open_due(today=date(2025, 3, 1)) == 0  # 13 months ahead: not yet
    assert files.retirement_open_due(today=date(2025, 4, 1)) == 1
    assert files.retirement_open_due(today=date(2025, 4, 2)) == 0  # once
    file = RetirementFile.objects.get()
    assert (file.profile, file.tmt, file.retirement_age) == (soon, date(2026, 4, 1), 58)
    app = file.application
    assert (app.service.code, app.state, app.applicant, app.filed_by) == (SERVICE_RETIREMENT, "draft", soon.user,
                                                                          hr.user)
    assert application_replay(app) == "draft" and app.events.get().actor_role == "system"
    assert app.service_version.requirements.filter(required=True).count() == 5  # the checklist
    assert not RetirementFile.objects.filter(profile=later).exists()
    to_hr = Notification.objects.get(event="asn.retirement_opened", recipient=hr.user)
    assert app.tracking_number in to_hr.context["url"]
    assert Notification.objects.filter(event="asn.retirement_opened", recipient=soon.user).exists()


def test_a_file_waiting_for_its_documents_is_recalled_every_thirty_days_until_submitted(make_staff):
    from datetime import timedelta

    from django.utils import timezone

    from balai.asn.engine import add_months
    from balai.notifications.models import Notification

    today = timezone.localdate()
    hr = _hr(make_staff)
    born = add_months(today, 6 - 58 * 12).replace(day=9)  # TMT in about six months
    soon = _asn(make_staff, nip=f"{born:%Y%m%d}200003" + "1001", born=born.isoformat())
    assert files.retirement_open_due(today=today) == 1
    assert files.retirement_remind_due(today=today) == 0  # just told
    assert files.retirement_remind_due(today=today + timedelta(days=30)) == 1
    assert files.retirement_remind_due(today=today + timedelta(days=45)) == 0
    reminders = Notification.objects.filter(event="asn.retirement_reminder")
    assert {n.recipient for n in reminders} == {hr.user, soon.user}
    app = RetirementFile.objects.get().application
    Application.objects.filter(pk=app.pk).update(state="submitted")  # submitted: no more reminders
    assert files.retirement_remind_due(today=today + timedelta(days=90)) == 0


def _upload_all(app, by) -> None:
    for req in app.service_version.requirements.filter(required=True):
        attachment_add(application=app, requirement_code=req.code, by=by,
                       upload=SimpleUploadedFile(f"{req.code}.pdf", demo_pdf(req.code), content_type="application/pdf"))


def _verify_all(app, by) -> None:
    for attachment in app.attachments.filter(superseded=False):
        attachment_review(application=app, attachment_id=attachment.pk, by=by, decision="verified")


def _queue(user) -> list[str]:
    """The tracking numbers in ``user``'s work queue, as a new request sees it (a user's scope is
    cached on the object for one request)."""
    from balai.accounts.models import User

    return [a.tracking_number for a in queue_for_officer(officer=User.objects.get(pk=user.pk)).rows]


def test_a_proposal_is_a_case_in_the_hr_queue_then_bkds_and_ends_with_a_signed_decision_letter(
        make_staff, signing, django_capture_on_commit_callbacks):
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from balai.documents.models import Document
    from balai.documents.verification import check_signature

    hr = _hr(make_staff)
    bkd = make_staff(unit=bkd_unit())
    profile = _asn(make_staff, nip="198001012005011001", born="1980-01-01")
    # the HR officer files for the ASN, as a counter officer for a citizen
    proposal = files.promotion_propose(profile=profile, by=hr.user)  # the earliest period from today
    app = proposal.application
    assert proposal.period > timezone.localdate() and app.filed_by == hr.user and app.applicant == profile.user
    with pytest.raises(ApiError) as incomplete:
        application_act(application=app, by=hr.user, action="submit")
    assert incomplete.value.status_code == 422  # the requirements are the catalogue's
    _upload_all(app, hr.user)
    application_act(application=app, by=hr.user, action="submit")
    assert app.tracking_number in _queue(hr.user)
    assert app.tracking_number not in _queue(bkd)
    application_act(application=app, by=hr.user, action="claim")
    with pytest.raises(ApiError) as unverified:  # the workflow refuses to forward what is not verified
        files.forward_to_bkd(application=app, by=hr.user)
    assert unverified.value.code == "requirements_not_verified"
    _verify_all(app, hr.user)
    with pytest.raises(ApiError) as unit_approval:
        application_act(application=app, by=hr.user, action="approve")
    assert unit_approval.value.code == "forward_to_bkd"  # only BKD approves
    with pytest.raises(AsnError):  # the ASN is no HR officer
        files.forward_to_bkd(application=app, by=profile.user)
    files.forward_to_bkd(application=app, by=hr.user)
    app.refresh_from_db()
    assert (app.state, app.office.name, app.assignee) == ("submitted", bkd_unit(), None)
    assert app.tracking_number not in _queue(hr.user)
    assert app.tracking_number in _queue(bkd)
    application_act(application=app, by=bkd, action="claim")
    with django_capture_on_commit_callbacks(execute=True):
        application_act(application=app, by=bkd, action="approve")
    app.refresh_from_db()
    assert app.state == "completed" and application_replay(app) == "completed"
    assert [e.action for e in CaseEvent.objects.filter(application=app).order_by("seq")] == [
        "create", "submit", "claim", "verify", "verify", "forward", "claim", "approve", "complete"]
    letter = Document.objects.get(pk=app.outputs[0]["document_id"])
    assert (letter.doc_type, letter.owner, letter.issuing_unit) == ("asn_decision", profile.user, bkd_unit())
    assert letter.status == "valid"
    with default_storage.open(letter.storage_key, "rb") as fh:
        assert check_signature(fh.read()).valid
    profile.refresh_from_db()
    assert (profile.rank, profile.rank_tmt) == ("III/c", proposal.period)
    figures = unit_fluency(UNIT)  # completed before the new rank's TMT
    assert (figures.files_completed, figures.files_before_tmt, figures.share_files_before_tmt) == (1, 1, 100)


def test_only_hr_officers_bkd_and_supervisors_see_personnel_files_and_the_catalogue_does_not_list_them(
        make_staff, make_citizen, client):
    from django.http import Http404

    from balai.accounts.models import User
    from balai.cases.selectors import access_application, published_versions

    hr = _hr(make_staff)
    colleague = _asn(make_staff, nip="198502022010011002", born="1985-02-02")  # same unit, no HR officer
    supervisor = make_staff(role="supervisor", unit=UNIT)
    profile = _asn(make_staff, nip="198001012005011001", born="1980-01-01")
    app = files.promotion_propose(profile=profile, by=hr.user).application
    _upload_all(app, hr.user)
    application_act(application=app, by=hr.user, action="submit")
    assert app.tracking_number in _queue(hr.user) and app.tracking_number in _queue(supervisor)
    assert app.tracking_number not in _queue(colleague.user)
    with pytest.raises(Http404):  # a 404, as for a case outside one's office
        access_application(User.objects.get(pk=colleague.user.pk), app.tracking_number)
    assert access_application(User.objects.get(pk=hr.user.pk), app.tracking_number) == app
    application_act(application=app, by=hr.user, action="claim")
    with pytest.raises(ApiError) as reassign:
        application_act(application=app, by=supervisor, action="reassign", assignee=colleague.user)
    assert reassign.value.fields == {"assignee": ["Di luar wilayah/unit kerja."]}
    codes = {v.service.code for v in published_versions()}
    assert not codes & {SERVICE_PROMOTION, SERVICE_RETIREMENT} and codes  # other services stay listed
    client.force_login(make_citizen())
    assert client.get(f"/layanan/{SERVICE_PROMOTION}/").status_code == 404


def test_a_case_completed_after_its_tmt_does_not_count_as_on_time(make_staff):
    from django.utils import timezone

    _hr(make_staff)
    _asn(make_staff, nip="196803122000031001", born="1968-03-12")  # TMT 1 April 2026
    files.retirement_open_due(today=date(2025, 4, 1))
    app = RetirementFile.objects.get().application
    Application.objects.filter(pk=app.pk).update(state="completed", closed_at=timezone.make_aware(
        timezone.datetime(2026, 4, 2, 9)))
    figures = unit_fluency(UNIT, year=2026)
    assert (figures.files_completed, figures.files_before_tmt) == (1, 0)


def test_fluency_shares_rise_with_training(make_staff):
    from balai.asn.training import completion_record

    profiles = [_asn(make_staff, nip=f"19800101200501100{i}", born="1980-01-01") for i in range(1, 5)]
    before = unit_fluency(UNIT)
    assert (before.asn, before.share_required_jp, before.share_practice) == (4, 0, 0)
    completion_record(user=profiles[0].user, kind="course", title="A", jp=20)
    after = unit_fluency(UNIT)
    assert after.share_required_jp == 25
    assert unit_fluency("Unit lain").share_required_jp is None


def test_the_demo_has_training_progress_and_a_retirement_file_opened_by_itself(make_staff):
    from balai.asn.demo import seed_asn
    from balai.asn.selectors import jp_progress

    officer = make_staff(username="petugas", unit="Dispendukcapil Kota Surabaya")
    make_staff(role="supervisor", username="supervisor", unit="UPT PPD Surabaya Timur")
    seed_asn([])
    seed_asn([])  # idempotent
    assert jp_progress(officer).earned == 4
    file = RetirementFile.objects.get()
    assert file.profile.user.username == "asn.pensiun" and file.profile.unit == "UPT PPD Surabaya Timur"
    assert file.application.office.name == "UPT PPD Surabaya Timur" and file.application.state == "draft"
