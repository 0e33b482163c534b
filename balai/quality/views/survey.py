"""Survey pages: the citizen's survey after a completed service, the staff's paper/kiosk entry and
the IKM report (aggregates only)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from balai.accounts.decorators import citizen_required, staff_required
from balai.cases.models import Office, Service
from balai.cases.selectors import services_for_filter
from balai.core.errors import DomainError, add_form_errors, error_message

from .. import report, selectors
from ..forms import PaperSurveyForm, ReportFilter, SurveyForm
from ..services.survey import survey_enter, survey_submit

DESK = ("officer", "supervisor")


@citizen_required
@require_GET
def pending(request: HttpRequest) -> HttpResponse:
    return render(request, "quality/surveys.html", {"apps": selectors.surveys_pending(request.user)})


@citizen_required
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, tracking_number: str) -> HttpResponse:
    app = selectors.survey_application(request.user, tracking_number)
    if selectors.survey_answered(app):
        return render(request, "quality/survey_done.html", {"app": app, "already": True})
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey_submit(application=app, by=request.user, scores=form.scores(), profile=form.profile(),
                          suggestion=form.cleaned_data["suggestion"])
            return render(request, "quality/survey_done.html", {"app": app, "already": False})
        except DomainError as exc:
            add_form_errors(form, exc)
    return render(request, "quality/survey.html", {"app": app, "form": form})


def _service_choices() -> list[tuple[int, str]]:
    codes = dict(Service.objects.values_list("code", "id"))
    return [(codes[code], name) for code, name in services_for_filter() if code in codes]


@staff_required(DESK)
@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest) -> HttpResponse:
    offices = selectors.staff_offices(request.user)
    form = PaperSurveyForm(request.POST or None, offices=offices, services=_service_choices())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey_enter(office=Office.objects.get(pk=data["office"]), service=Service.objects.get(pk=data["service"]),
                         period=data["period"], channel=data["channel"], scores=form.scores(), profile=form.profile(),
                         suggestion=data["suggestion"], office_ids=tuple(o.pk for o in offices))
            messages.success(request, _("Kuesioner tersimpan. Isi lembar berikutnya."))
            return redirect("quality:skm_entry")
        except DomainError as exc:
            add_form_errors(form, exc)
    return render(request, "quality/skm_entry.html", {"form": form, "offices": offices})


def _report_args(request: HttpRequest):
    today = timezone.localdate()
    years = list(range(today.year, today.year - 5, -1))
    form = ReportFilter(request.GET or {"year": today.year}, years=years, services=_service_choices())
    year, month, service_id, show_011 = today.year, 0, 0, False
    if form.is_valid():
        year, month = form.cleaned_data["year"], form.cleaned_data["month"] or 0
        service_id, show_011 = form.cleaned_data["service"] or 0, form.cleaned_data["show_011"]
    start = date(year, month or 1, 1)
    end = date(year, month or 12, 1)
    service = Service.objects.filter(pk=service_id).first() if service_id else None
    offices = selectors.staff_offices(request.user)
    data = selectors.skm_report(offices=offices, start=start, end=end, service=service)
    return form, data, show_011


@staff_required(DESK)
@require_GET
def report_page(request: HttpRequest) -> HttpResponse:
    form, data, show_011 = _report_args(request)
    return render(request, "quality/skm_report.html", {"form": form, "report": data, "show_011": show_011,
                                                       "query": request.GET.urlencode()})


@staff_required(DESK)
@require_GET
def report_file(request: HttpRequest, report_format: str) -> HttpResponse:
    if report_format not in ("xlsx", "pdf"):
        raise Http404
    form, data, show_011 = _report_args(request)
    if not data.offices:
        error_message(request, DomainError("no_office", _("Akun Anda tidak terhubung ke kantor layanan.")))
        return redirect("quality:skm_report")
    if report_format == "xlsx":
        return report.xlsx_response(data)
    return report.pdf_response(data)
