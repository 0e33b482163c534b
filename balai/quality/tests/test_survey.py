"""The survey: one response per completed application, stored without the application; staff see sums."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import models
from django.urls import reverse

from balai.core.errors import DomainError
from balai.quality import selectors
from balai.quality.models import SurveyAnswered, SurveyResponse, SurveyStat
from balai.quality.services.survey import survey_enter, survey_submit

pytestmark = pytest.mark.django_db

ALL_THREES = {f"u{i}": 3 for i in range(1, 10)}


def test_a_completed_application_takes_one_response(make_case, complete_case):
    app = complete_case(make_case())
    survey_submit(application=app, by=app.applicant, scores=ALL_THREES | {"u3": 2}, suggestion="Antrean lama")
    with pytest.raises(DomainError) as exc:
        survey_submit(application=app, by=app.applicant, scores=ALL_THREES)
    assert exc.value.code == "survey_answered"
    assert SurveyResponse.objects.count() == 1 and SurveyAnswered.objects.count() == 1
    stat = SurveyStat.objects.get()
    assert stat.responses == 1 and stat.sums["u3"] == 2 and stat.counts["u9"] == 1
    assert stat.office_id == app.office_id and stat.period == app.closed_at.date().replace(day=1)


def test_an_open_application_or_another_person_cannot_answer(make_case, complete_case, make_citizen):
    open_app = make_case()
    with pytest.raises(DomainError) as exc:
        survey_submit(application=open_app, by=open_app.applicant, scores=ALL_THREES)
    assert exc.value.code == "survey_not_completed"
    done = complete_case(make_case())
    with pytest.raises(DomainError) as exc:
        survey_submit(application=done, by=make_citizen(), scores=ALL_THREES)
    assert exc.value.code == "survey_not_yours"


def test_online_survey_needs_all_nine_elements(make_case, complete_case):
    app = complete_case(make_case())
    with pytest.raises(DomainError) as exc:
        survey_submit(application=app, by=app.applicant, scores={"u1": 4})
    assert exc.value.code == "survey_incomplete"
    assert not SurveyAnswered.objects.exists()


def _relations(model) -> set:
    return {f.related_model for f in model._meta.get_fields() if f.is_relation and f.related_model}


def test_no_query_path_from_a_response_to_its_application():
    """The response row knows an office, a service and a month: nothing leads to an application,
    a person or a moment; the mark leads to the application and to nothing else."""
    from balai.accounts.models import User
    from balai.cases.models import Application, Office, Service

    assert _relations(SurveyResponse) == {Office, Service}
    assert _relations(SurveyAnswered) == {Application}
    response_fields = {f.name for f in SurveyResponse._meta.get_fields()}
    assert not response_fields & {"created_at", "answered_at", "application", "user", "tracking_number"}
    assert isinstance(SurveyResponse._meta.pk, models.UUIDField)  # no arrival order in the key
    assert not any(f.name != "id" and f.related_model is None and isinstance(f, (models.DateTimeField,))
                   for f in SurveyResponse._meta.get_fields())
    assert User not in _relations(SurveyResponse)


def test_staff_pages_show_sums_never_a_response(make_case, complete_case, staff_client):
    for _ in range(3):
        app = complete_case(make_case())
        survey_submit(application=app, by=app.applicant, scores=ALL_THREES | {"u3": 1}, suggestion=f"saran {_}")
    for role in ("officer", "supervisor"):
        client, _user = staff_client(role)
        page = client.get(reverse("quality:skm_report"), {"year": app.closed_at.year}).content.decode()
        assert "IKM" in page and app.tracking_number not in page and app.tracking_display not in page
        assert "69.44" in page or "69,44" in page  # (8×3 + 1) / 9 × 25
        client.logout()


def test_report_hides_a_cell_with_too_few_responses(make_case, complete_case, officer):
    app = complete_case(make_case())
    survey_submit(application=app, by=app.applicant, scores=ALL_THREES)
    month = app.closed_at.date().replace(day=1)
    report = selectors.skm_report(offices=[app.office], start=month, end=month)
    assert report.total.hidden and report.suggestions == []


def test_paper_sheet_may_leave_an_element_blank(make_case, officer):
    from balai.cases.models import Office, Service
    from balai.cases.selectors import staff_scope

    app = make_case()
    office, service = Office.objects.get(pk=app.office_id), Service.objects.get(pk=app.service_id)
    scores = ALL_THREES | {"u4": None}
    ids = staff_scope(officer).office_ids
    assert office.pk in ids
    for _ in range(3):
        survey_enter(office=office, service=service, period=date.today(), channel="paper", scores=scores, office_ids=ids)
    stat = SurveyStat.objects.get()
    assert stat.counts.get("u4", 0) == 0 and stat.counts["u1"] == 3
    month = date.today().replace(day=1)
    result = selectors.skm_report(offices=[office], start=month, end=month).total.result
    assert result.ikm is None  # U4 unanswered: no IKM until the unit surveys it
    with pytest.raises(DomainError):
        survey_enter(office=office, service=service, period=date.today(), channel="paper", scores=ALL_THREES,
                     office_ids=())


def test_survey_page_flow(client, make_case, complete_case):
    app = complete_case(make_case())
    client.force_login(app.applicant)
    assert app.tracking_number in client.get(reverse("quality:surveys")).content.decode()
    url = reverse("quality:survey", args=[app.tracking_number])
    response = client.post(url, {f"u{i}": "4" for i in range(1, 10)} | {"suggestion": "Cepat"})
    assert response.status_code == 200 and SurveyResponse.objects.count() == 1
    assert app.tracking_number not in client.get(reverse("quality:surveys")).content.decode()
    assert "sudah diisi" in client.get(url).content.decode()


def test_report_downloads(make_case, complete_case, staff_client):
    from io import BytesIO

    from openpyxl import load_workbook

    for _ in range(3):
        app = complete_case(make_case())
        survey_submit(application=app, by=app.applicant, scores=ALL_THREES)
    client, _user = staff_client("officer")
    xlsx = client.get(reverse("quality:skm_file", args=["xlsx"]), {"year": app.closed_at.year})
    sheet = load_workbook(BytesIO(xlsx.content))["IKM"]
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert values["IKM (SKM × 25)"] == 75.0 and values["Mutu pelayanan"] == "C"
    assert Decimal(str(values["Jumlah responden"])) == 3


def test_refresh_invites_the_applicant_once(make_case, complete_case, django_capture_on_commit_callbacks):
    from balai.notifications.models import Notification
    from balai.quality.notices import SURVEY_INVITATION
    from balai.quality.services.refresh import refresh_cases

    app = complete_case(make_case())
    with django_capture_on_commit_callbacks(execute=True):
        refresh_cases()
    with django_capture_on_commit_callbacks(execute=True):
        refresh_cases()
    invitations = Notification.objects.filter(event=SURVEY_INVITATION, recipient=app.applicant)
    assert invitations.count() >= 1
    assert len({n.key for n in invitations}) == 1


def test_completed_application_page_links_to_the_survey(client, make_case, complete_case):
    app = make_case()
    client.force_login(app.applicant)
    survey_url = reverse("quality:survey", args=[app.tracking_number])
    assert survey_url not in client.get(reverse("cases:application", args=[app.tracking_number])).content.decode()
    complete_case(app)
    assert survey_url in client.get(reverse("cases:application", args=[app.tracking_number])).content.decode()
