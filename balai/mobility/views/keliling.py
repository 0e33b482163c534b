"""SIM Keliling: the public schedule (page and iCalendar), staff's schedule editor, and a
citizen's booking of an in-person renewal (SIM Keliling or Satpas) on the booking engine."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balai.accounts.decorators import citizen_required, staff_required
from balai.appointments import services as appointments
from balai.appointments.models import BookableService, LocationKind
from balai.appointments.selectors import locations, next_free
from balai.civil.selectors import staff_regencies
from balai.core.errors import DomainError, add_form_errors

from .. import keliling, selectors
from ..booking import SIM_KIND
from ..forms import RegencyFilterForm, SlotForm, VisitForm

EDITORS = ("officer", "supervisor", "admin")


@require_GET
def schedule(request: HttpRequest) -> HttpResponse:
    form = RegencyFilterForm(request.GET or None)
    regency = form.cleaned_data["kabupaten"] if form.is_bound and form.is_valid() else ""
    return render(request, "mobility/keliling.html", {
        "form": form, "regency": regency, "visits": keliling.visits(regency_code=regency)})


@require_GET
def schedule_ics(request: HttpRequest) -> HttpResponse:
    form = RegencyFilterForm(request.GET or None)
    regency = form.cleaned_data["kabupaten"] if form.is_bound and form.is_valid() else ""
    response = HttpResponse(keliling.visits_ics(regency_code=regency), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sim-keliling{"-" + regency if regency else ""}.ics"'
    return response


@citizen_required
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, public_id, location_id: int) -> HttpResponse:
    """Book the in-person renewal of one of the citizen's licences at a location offering it."""
    licence = selectors.access_licence(request.user, public_id)
    location = locations(kind=SIM_KIND).filter(pk=location_id).first()
    if location is None:
        raise Http404
    service = BookableService.objects.get(location=location, kind=SIM_KIND)
    free = next_free(service, timezone.localdate(), count=12)
    choices = [(f"{s.date.isoformat()}|{s.start:%H:%M}", f"{s.date:%d-%m-%Y} {s.start:%H:%M} ({s.free})")
               for s in free]
    form = SlotForm(request.POST or None, slots=choices)
    if request.method == "POST" and form.is_valid():
        day, start = form.cleaned_data["slot"].split("|")
        try:
            booking = appointments.book(citizen=request.user, location=location, kind=SIM_KIND,
                                        day=dt.date.fromisoformat(day), start=dt.time.fromisoformat(start),
                                        subject_ref=str(licence.public_id))
        except DomainError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Jadwal dipesan. Kode booking: %(c)s.") % {"c": booking.code_display})
            return redirect("mobility:hub")
    return render(request, "mobility/book.html", {"licence": licence, "location": location, "form": form,
                                                  "slots": free, "is_keliling": location.kind == LocationKind.SIM_KELILING})


@staff_required(EDITORS)
@require_http_methods(["GET", "POST"])
def staff_schedule(request: HttpRequest) -> HttpResponse:
    regencies = staff_regencies(request.user)
    form = VisitForm(request.POST or None, regencies=regencies)
    if request.method == "POST" and form.is_valid():
        try:
            keliling.visit_create(data=keliling.VisitInput(**form.cleaned_data), by=request.user)
        except DomainError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Jadwal SIM Keliling disimpan."))
            return redirect("mobility:staff_schedule")
    rows = [v for v in keliling.visits() if regencies is None or v.location.regency_id in regencies]
    return render(request, "mobility/staff_keliling.html", {"form": form, "visits": rows})


@staff_required(EDITORS)
@require_POST
def staff_schedule_cancel(request: HttpRequest, service_id: int) -> HttpResponse:
    service = get_object_or_404(BookableService, pk=service_id, kind=SIM_KIND,
                                location__kind=LocationKind.SIM_KELILING)
    regencies = staff_regencies(request.user)
    if regencies is not None and service.location.regency_id not in regencies:
        raise Http404
    keliling.visit_cancel(service=service, by=request.user)
    messages.success(request, _("Jadwal SIM Keliling dibatalkan."))
    return redirect("mobility:staff_schedule")
