"""Reads of the quality app. Staff see survey figures only as sums per office, service and month
(never one response, never a response next to an application); see ``models`` for why."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet, Sum
from django.http import Http404

from balai.cases.models import Application, Office, Service, State
from balai.cases.selectors import access_application, staff_scope

from . import conf
from .ikm import IkmResult, ikm_from_sums, krejcie_morgan
from .models import ELEMENT_CODES, CaseMonthStat, Complaint, SurveyAnswered, SurveyResponse, SurveyStat


def surveys_pending(user) -> QuerySet[Application]:
    """The caller's completed applications whose survey is not answered yet."""
    answered = SurveyAnswered.objects.values("application_id")
    return (Application.objects.filter(applicant=user, state=State.COMPLETED).exclude(id__in=answered)
            .select_related("service_version").order_by("-closed_at"))


def survey_answered(application: Application) -> bool:
    return SurveyAnswered.objects.filter(application=application).exists()


def survey_application(user, tracking_number: str) -> Application:
    """The application whose survey the caller may answer: their own, completed."""
    app = access_application(user, tracking_number)
    if app.applicant_id != user.pk or app.state != State.COMPLETED:
        raise Http404
    return app


@dataclass
class Sums:
    responses: int = 0
    sums: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ELEMENT_CODES, 0))
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ELEMENT_CODES, 0))

    def add(self, responses: int, sums: dict, counts: dict) -> None:
        self.responses += responses
        for code in ELEMENT_CODES:
            self.sums[code] += int(sums.get(code, 0))
            self.counts[code] += int(counts.get(code, 0))

    def result(self) -> IkmResult:
        return ikm_from_sums(responses=self.responses, sums=self.sums, counts=self.counts)


@dataclass
class ReportRow:
    label: str
    result: IkmResult
    population: int
    required: int
    hidden: bool  # too few responses to show (a figure could point at a person)

    @property
    def enough(self) -> bool:
        return self.result.responses >= self.required


@dataclass
class SkmReport:
    start: date
    end: date
    offices: list[Office]
    total: ReportRow
    services: list[ReportRow]
    suggestions: list[str]


def _row(label: str, sums: Sums, population: int) -> ReportRow:
    return ReportRow(label, sums.result(), population, krejcie_morgan(population),
                     0 < sums.responses < conf.SURVEY_MIN_CELL)


def skm_report(*, offices: list[Office], start: date, end: date, service: Service | None = None,
               include_synthetic: bool = False) -> SkmReport:
    """IKM of ``offices`` for months ``start``…``end`` (first days of months), in total and per
    service; the population is the completed applications of the same offices and months."""
    office_ids = [o.pk for o in offices]
    stats = SurveyStat.objects.filter(office_id__in=office_ids, period__gte=start, period__lte=end)
    cases = CaseMonthStat.objects.filter(office_id__in=office_ids, period__gte=start, period__lte=end)
    if not include_synthetic:
        stats, cases = stats.filter(synthetic=False), cases.filter(synthetic=False)
    if service is not None:
        stats, cases = stats.filter(service=service), cases.filter(service=service)
    per_service: dict[int, Sums] = defaultdict(Sums)
    total = Sums()
    for row in stats.values("service_id", "responses", "sums", "counts"):
        per_service[row["service_id"]].add(row["responses"], row["sums"], row["counts"])
        total.add(row["responses"], row["sums"], row["counts"])
    population = dict(cases.values_list("service_id").annotate(n=Sum("completed")))
    names = _service_names(set(per_service) | set(population))
    rows = [_row(names.get(sid, str(sid)), per_service[sid], population.get(sid, 0) or 0)
            for sid in sorted(names, key=lambda s: names[s])]
    total_row = _row("", total, sum(v or 0 for v in population.values()))
    suggestions: list[str] = []
    if total.responses >= conf.SURVEY_MIN_CELL:
        responses = SurveyResponse.objects.filter(office_id__in=office_ids, period__gte=start, period__lte=end)
        if service is not None:
            responses = responses.filter(service=service)
        # ordered by the random key: no order of arrival
        suggestions = list(responses.exclude(suggestion="").order_by("id").values_list("suggestion", flat=True)[:50])
    return SkmReport(start, end, offices, total_row, rows, suggestions)


def _service_names(ids: set[int]) -> dict[int, str]:
    from balai.cases.selectors import current_version

    names = {}
    for service in Service.objects.filter(pk__in=ids):
        try:
            names[service.pk] = current_version(service.code).name
        except Http404:
            names[service.pk] = service.code
    return names


def staff_offices(user) -> list[Office]:
    return list(Office.objects.filter(pk__in=staff_scope(user).office_ids).order_by("name"))


def personal_data(user) -> dict:
    """What quality keeps about the citizen, for the UU PDP export.

    Complaints they filed from their account, with the whole conversation; a unit's message is
    told as from "petugas", never by the staff member's name (the citizen's page shows "Unit
    layanan" too). Surveys: the SKM promises anonymity (PermenPANRB 14/2017; see ``models``): a
    ``SurveyResponse`` has no link to a person or an application, and ``SurveyAnswered`` marks only
    that an application's survey was answered. So the export says which of the citizen's
    applications have an answered survey and nothing of the answers: they cannot be found from
    the person, and looking for them (by office, service and month) would break the promise."""
    complaints = (Complaint.objects.filter(reporter=user).select_related("office", "service")
                  .prefetch_related("messages").order_by("received_at", "id"))
    answered = (SurveyAnswered.objects.filter(application__applicant=user)
                .values_list("application__tracking_number", flat=True).order_by("application__tracking_number"))
    return {
        "complaints": [{
            "number": c.number, "subject_kind": c.subject_kind, "subject_ref": c.subject_ref,
            "category": c.category, "unit_type": c.unit_type, "regency_code": c.regency_code,
            "office": c.office.name if c.office else None, "service": c.service.code if c.service else None,
            "anonymous": c.anonymous, "text": c.text, "status": c.status, "received_at": c.received_at.isoformat(),
            "due_date": c.due_date.isoformat(), "extended": c.extended,
            "resolved_at": c.resolved_at.isoformat() if c.resolved_at else None,
            "lapor_number": c.lapor_number, "public_summary": c.public_summary,
            "messages": [{"from": "pelapor" if m.by_reporter else "petugas", "status": m.status, "text": m.text,
                          "created_at": m.created_at.isoformat()}
                         for m in sorted(c.messages.all(), key=lambda m: (m.created_at, m.pk))],
        } for c in complaints],
        "surveys_answered": [{"tracking_number": number} for number in answered],
    }
