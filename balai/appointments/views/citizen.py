"""Citizen pages: choose a service and location, see free/full days, book, move, cancel, my bookings."""

from __future__ import annotations

import datetime as dt

import segno
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balai.accounts.decorators import citizen_required
from balai.core.errors import error_message

from .. import ics, registry, selectors, services
from ..errors import AppointmentError
from ..forms import SlotForm
from ..models import Booking, BookingStatus, Location

CALENDAR_DAYS = 35


def _safe_next(request: HttpRequest, value: str) -> str:
    ok = value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure())
    return value if ok else ""


def _context(request: HttpRequest) -> dict:
    """The booking context from the query (service kind, location, regency, subject, return URL, move)."""
    get = request.GET
    citizen = getattr(request.user, "citizen", None) if request.user.is_authenticated else None
    return {"kind": get.get("service", ""), "location_id": get.get("location", ""),
            "regency": get.get("regency", "") or (citizen.regency_code if citizen else ""),
            "ref": get.get("ref", "")[:60], "next": _safe_next(request, get.get("next", "")),
            "move": get.get("move", "")}


def _query(ctx: dict, **extra: str) -> str:
    keys = {"service": ctx["kind"], "location": ctx["location_id"], "ref": ctx["ref"], "next": ctx["next"],
            "move": ctx["move"], **extra}
    return urlencode({k: v for k, v in keys.items() if v})


def _moving(request: HttpRequest, code: str) -> Booking | None:
    if not code or not request.user.is_authenticated:
        return None
    return selectors.bookings_of(request.user).filter(code=code, status=BookingStatus.BOOKED).first()


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Public: the locations and what can be booked at each, by regency."""
    places = selectors.locations().prefetch_related("services")
    kinds = {k.kind: k for k in registry.kinds()}
    rows = [(loc, [(kinds[s.kind], s) for s in loc.services.all() if s.active and s.kind in kinds
                   and kinds[s.kind].public]) for loc in places]
    offered = [k for k in kinds.values() if k.public]
    return render(request, "appointments/index.html", {"rows": [r for r in rows if r[1]], "offered": offered})


@require_http_methods(["GET", "POST"])
def book(request: HttpRequest) -> HttpResponse:
    ctx = _context(request)
    entry = registry.get(ctx["kind"])
    if entry is None:
        return redirect("appointments:index")
    if not ctx["location_id"].isdigit():
        places = selectors.locations(kind=entry.kind, regency_code=ctx["regency"])
        if not places.exists():
            places = selectors.locations(kind=entry.kind)
        return render(request, "appointments/choose_location.html",
                      {"entry": entry, "places": places, "ctx": ctx, "query": _query(ctx)})
    service = selectors.service_at(int(ctx["location_id"]), entry.kind)
    if service is None:
        raise Http404
    moving = _moving(request, ctx["move"])
    if request.method == "POST":
        return _book_post(request, ctx, service, moving)
    return _book_page(request, ctx, entry, service, moving, form=SlotForm())


def _selected_day(request: HttpRequest, days: list) -> selectors.DayView | None:
    wanted = request.GET.get("date", "")
    for view in days:
        if view.date.isoformat() == wanted:
            return view
    return next((v for v in days if v.status == "free"), None)


def _book_page(request, ctx, entry, service, moving, *, form, status=200) -> HttpResponse:
    today = timezone.localdate()
    days = selectors.availability(service, today, today + dt.timedelta(days=CALENDAR_DAYS - 1))
    lead = [None] * today.weekday()  # the grid starts on Monday
    return render(request, "appointments/book.html", {
        "entry": entry, "service": service, "location": service.location, "ctx": ctx, "query": _query(ctx),
        "grid": lead + days, "selected": _selected_day(request, days), "moving": moving, "form": form,
        "subject": entry.subject_text(ctx["ref"]),
        "cutoff_hours": services.conf("APPOINTMENTS_CUTOFF_MINUTES") / 60}, status=status)


@require_GET
def day_slots(request: HttpRequest) -> HttpResponse:
    """The slots of one day (htmx fragment of the booking page)."""
    ctx = _context(request)
    entry = registry.get(ctx["kind"])
    service = selectors.service_at(int(ctx["location_id"]), ctx["kind"]) if entry and ctx["location_id"].isdigit() \
        else None
    try:
        day = dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = None
    if service is None or day is None:
        return HttpResponseBadRequest(_("Pilih layanan, lokasi dan tanggal."))
    view = selectors.availability(service, day, day)[0]
    return render(request, "appointments/_slots.html", {"selected": view, "ctx": ctx, "query": _query(ctx),
                                                         "service": service, "form": SlotForm(),
                                                         "moving": _moving(request, ctx["move"])})


def _book_post(request, ctx, service, moving) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not hasattr(request.user, "citizen"):
        raise PermissionDenied
    form = SlotForm(request.POST)
    entry = registry.get(service.kind)
    if form.is_valid():
        day, start = form.cleaned_data["date"], form.cleaned_data["start"]
        try:
            if moving is not None:
                booking = services.move(moving, day=day, start=start, by=request.user)
                messages.success(request, _("Booking dipindahkan."))
            else:
                booking = services.book(citizen=request.user, location=service.location, kind=service.kind,
                                        day=day, start=start, subject_ref=ctx["ref"])
                messages.success(request, _("Booking berhasil. Simpan kode booking Anda."))
        except AppointmentError as exc:
            error_message(request, exc)
            return redirect(f"{reverse('appointments:book')}?{_query(ctx, date=day.isoformat())}")
        url = reverse("appointments:booking", args=[booking.code])
        return redirect(f"{url}?{urlencode({'next': ctx['next']})}" if ctx["next"] else url)
    return _book_page(request, ctx, entry, service, moving, form=form, status=422)


def _own(request: HttpRequest, code: str) -> Booking:
    booking = selectors.bookings_of(request.user).filter(code=code).first()
    if booking is None:
        raise Http404
    return booking


@citizen_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    bookings = list(selectors.bookings_of(request.user)[:50])
    today = timezone.localdate()
    coming = [b for b in bookings if b.status == BookingStatus.BOOKED and b.slot.date >= today]
    past = [b for b in bookings if b not in coming]
    return render(request, "appointments/mine.html", {"coming": coming[::-1], "past": past})


@citizen_required
@require_GET
def booking(request: HttpRequest, code: str) -> HttpResponse:
    item = _own(request, code)
    entry = registry.get(item.kind)
    changeable = item.status == BookingStatus.BOOKED and timezone.now() < (
        item.slot.starts_at - dt.timedelta(minutes=services.conf("APPOINTMENTS_CUTOFF_MINUTES")))
    move_query = urlencode({k: v for k, v in {"service": item.kind, "location": str(item.service.location_id),
                                              "ref": item.subject_ref, "move": item.code}.items() if v})
    qr = segno.make(item.code, error="m").svg_data_uri(scale=5, border=2)
    return render(request, "appointments/booking.html", {
        "booking": item, "entry": entry, "label": entry.label if entry else item.kind,
        "subject": entry.subject_text(item.subject_ref) if entry else item.subject_ref,
        "changeable": changeable, "move_url": f"{reverse('appointments:book')}?{move_query}", "qr": qr,
        "next": _safe_next(request, request.GET.get("next", ""))})


@citizen_required
@require_GET
def booking_ics(request: HttpRequest, code: str) -> HttpResponse:
    item = _own(request, code)
    response = HttpResponse(ics.booking_calendar(item, request), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="booking-{item.code}.ics"'
    return response


@citizen_required
@require_POST
def cancel(request: HttpRequest, code: str) -> HttpResponse:
    item = _own(request, code)
    try:
        services.cancel(item, by=request.user)
        messages.success(request, _("Booking dibatalkan."))
    except AppointmentError as exc:
        error_message(request, exc)
        return redirect("appointments:booking", code=item.code)
    return redirect("appointments:mine")


def location_or_404(pk: int) -> Location:
    return get_object_or_404(Location, pk=pk)
