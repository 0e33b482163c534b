"""Staff pages: the day list with check-in (phone first), no-shows, locations, closures, utilisation."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balai.accounts.decorators import staff_required
from balai.accounts.models import Role
from balai.core.errors import add_form_errors, error_message

from .. import locations as setup
from .. import registry, selectors, services
from ..errors import AppointmentError
from ..forms import ClosureForm, CodeForm, LocationForm, ServiceForm
from ..models import Booking, Closure, Location

desk_required = staff_required([Role.OFFICER, Role.SUPERVISOR, Role.ADMIN])
supervisor_required = staff_required([Role.SUPERVISOR, Role.ADMIN])


def _is_supervisor(request: HttpRequest) -> bool:
    return getattr(request.user, "role", "") in (Role.SUPERVISOR, Role.ADMIN)


def _location(request: HttpRequest, pk: int | str | None) -> Location:
    location = get_object_or_404(Location, pk=pk)
    if not selectors.may_staff(request.user, location):
        raise Http404
    return location


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return timezone.localdate()


def _day_url(location_id: int, day: dt.date | None = None) -> str:
    query: dict[str, str] = {"location": str(location_id)}
    if day and day != timezone.localdate():
        query["date"] = day.isoformat()
    return f"{reverse('appointments:staff-day')}?{urlencode(query)}"


@desk_required
@require_GET
def day(request: HttpRequest) -> HttpResponse:
    """Today's list of one location, with a check-in box for a scanned or typed code."""
    places = list(selectors.staff_locations(request.user).filter(active=True))
    wanted = request.GET.get("location", "")
    location = next((p for p in places if str(p.pk) == wanted), places[0] if places else None)
    when = _date(request.GET.get("date", ""))
    bookings = list(selectors.day_list(location, when)) if location else []
    return render(request, "appointments/staff/day.html", {
        "places": places, "location": location, "when": when, "bookings": bookings, "form": CodeForm(),
        "today": timezone.localdate(), "prev": when - dt.timedelta(days=1), "next": when + dt.timedelta(days=1),
        "counts": {s: sum(1 for b in bookings if b.status == s) for s in ("booked", "checked_in", "no_show")}})


@desk_required
@require_POST
def check_in(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    back = request.POST.get("location", "")
    if form.is_valid():
        try:
            booking = services.check_in(form.cleaned_data["code"], by=request.user)
            messages.success(request, _("Hadir: %(code)s, %(time)s, %(service)s.") % {
                "code": booking.code_display, "time": booking.slot.start.strftime("%H:%M"),
                "service": booking.kind_label})
            return redirect(_day_url(booking.service.location_id))
        except AppointmentError as exc:
            error_message(request, exc)
    else:
        messages.error(request, _("Isi kode booking."))
    return redirect(_day_url(int(back)) if back.isdigit() else reverse("appointments:staff-day"))


def _one(request: HttpRequest, pk: int) -> Booking:
    booking = get_object_or_404(Booking.objects.select_related("service__location", "slot"), pk=pk)
    if not selectors.may_staff(request.user, booking.service.location):
        raise Http404
    return booking


@desk_required
@require_POST
def check_in_one(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _one(request, pk)
    try:
        services.check_in(booking, by=request.user)
        messages.success(request, _("Hadir: %(code)s.") % {"code": booking.code_display})
    except AppointmentError as exc:
        error_message(request, exc)
    return redirect(_day_url(booking.service.location_id, booking.slot.date))


@desk_required
@require_POST
def no_show(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _one(request, pk)
    try:
        services.mark_no_show(booking, by=request.user)
        messages.success(request, _("Dicatat tidak hadir: %(code)s.") % {"code": booking.code_display})
    except AppointmentError as exc:
        error_message(request, exc)
    return redirect(_day_url(booking.service.location_id, booking.slot.date))


@desk_required
@require_GET
def locations(request: HttpRequest) -> HttpResponse:
    places = selectors.staff_locations(request.user).prefetch_related("services")
    return render(request, "appointments/staff/locations.html", {
        "places": places, "may_edit": _is_supervisor(request)})


def _regencies(request: HttpRequest):
    return selectors.staff_regencies(request.user)


@supervisor_required
@require_http_methods(["GET", "POST"])
def location_new(request: HttpRequest) -> HttpResponse:
    form = LocationForm(request.POST or None, regencies=_regencies(request))
    if request.method == "POST" and form.is_valid():
        location = setup.location_save(form.save(commit=False), by=request.user)
        messages.success(request, _("Lokasi dibuat. Tambahkan layanan yang bisa dipesan."))
        return redirect("appointments:staff-location", pk=location.pk)
    return render(request, "appointments/staff/location_new.html", {"form": form},
                  status=422 if form.errors else 200)


def _location_page(request, location, *, form=None, service_form=None, closure_form=None, status=200):
    kinds = registry.choices()
    return render(request, "appointments/staff/location.html", {
        "location": location, "may_edit": _is_supervisor(request),
        "form": form or LocationForm(instance=location, regencies=_regencies(request)),
        "services": [(s, ServiceForm(instance=s, kinds=kinds, prefix=f"s{s.pk}"))
                     for s in location.services.all()],
        "service_form": service_form or ServiceForm(kinds=kinds, prefix="new"),
        "closure_form": closure_form or ClosureForm(),
        "closures": location.closures.filter(date_to__gte=timezone.localdate())}, status=status)


@desk_required
@require_http_methods(["GET", "POST"])
def location(request: HttpRequest, pk: int) -> HttpResponse:
    place = _location(request, pk)
    if request.method == "POST":
        if not _is_supervisor(request):
            raise Http404
        form = LocationForm(request.POST, instance=place, regencies=_regencies(request))
        if form.is_valid():
            setup.location_save(form.save(commit=False), by=request.user)
            messages.success(request, _("Lokasi disimpan."))
            return redirect("appointments:staff-location", pk=place.pk)
        return _location_page(request, place, form=form, status=422)
    return _location_page(request, place)


@supervisor_required
@require_POST
def service_save(request: HttpRequest, pk: int) -> HttpResponse:
    place = _location(request, pk)
    existing = request.POST.get("service", "")
    instance = get_object_or_404(place.services, pk=existing) if existing.isdigit() else None
    prefix = f"s{instance.pk}" if instance else "new"
    form = ServiceForm(request.POST, instance=instance, kinds=registry.choices(), prefix=prefix)
    if form.is_valid():
        service = form.save(commit=False)
        service.location = place
        try:
            setup.service_save(service, by=request.user)
            messages.success(request, _("Layanan disimpan."))
            return redirect("appointments:staff-location", pk=place.pk)
        except AppointmentError as exc:
            add_form_errors(form, exc)
    return _location_page(request, place, service_form=form if instance is None else None, status=422)


@supervisor_required
@require_POST
def closure_add(request: HttpRequest, pk: int) -> HttpResponse:
    place = _location(request, pk)
    form = ClosureForm(request.POST)
    if form.is_valid():
        closure = form.save(commit=False)
        closure.location = place
        setup.closure_add(closure, by=request.user)
        messages.success(request, _("Penutupan dicatat. Booking yang sudah ada tetap tampil di daftar hari itu."))
        return redirect("appointments:staff-location", pk=place.pk)
    return _location_page(request, place, closure_form=form, status=422)


@supervisor_required
@require_POST
def closure_delete(request: HttpRequest, pk: int) -> HttpResponse:
    closure = get_object_or_404(Closure, pk=pk)
    place = _location(request, closure.location_id)
    setup.closure_delete(closure, by=request.user)
    messages.success(request, _("Penutupan dihapus."))
    return redirect("appointments:staff-location", pk=place.pk)


@supervisor_required
@require_GET
def utilisation(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    start = _date(request.GET.get("from", "")) if request.GET.get("from") else today - dt.timedelta(days=7)
    end = _date(request.GET.get("to", "")) if request.GET.get("to") else today + dt.timedelta(days=7)
    if end < start or (end - start).days > 92:
        start, end = today - dt.timedelta(days=7), today + dt.timedelta(days=7)
    rows = selectors.utilisation(request.user, start, end)
    return render(request, "appointments/staff/utilisation.html", {"rows": rows, "start": start, "end": end})
