"""Reads of the booking engine: availability, a citizen's bookings, the staff day list, utilisation.

``availability`` answers a location and service over a date range with three queries (the
service, its closures, its slot rows in the range) however many bookings the table holds: the
counts live on the slot rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.calendar import calendar_for, national_holidays

from . import registry
from .conf import conf
from .models import HOLDING, BookableService, Booking, BookingStatus, Closure, Location, Slot


@dataclass(frozen=True)
class SlotView:
    date: dt.date
    start: dt.time
    capacity: int
    booked: int
    open: bool  # in the future (bookable if free)

    @property
    def free(self) -> int:
        return max(self.capacity - self.booked, 0)

    @property
    def available(self) -> bool:
        return self.open and self.free > 0


@dataclass
class DayView:
    date: dt.date
    closed_reason: str = ""  # "" when the location works that day
    closed_code: str = ""  # past | horizon | weekday | holiday | closure | not_offered
    slots: list[SlotView] = field(default_factory=list)

    @property
    def free(self) -> int:
        return sum(s.free for s in self.slots if s.open)

    @property
    def status(self) -> str:
        """``closed``, ``full`` or ``free``."""
        if self.closed_reason:
            return "closed"
        return "free" if any(s.available for s in self.slots) else "full"


def service_at(location: Location | int, kind: str) -> BookableService | None:
    location_id = location.pk if isinstance(location, Location) else location
    # ``location__pk`` rather than ``location_id``: Django turns an id beyond the column's range into
    # "no row" only for the primary key's own lookup (an id from a URL may be any size).
    return (BookableService.objects.select_related("location")
            .filter(location__pk=location_id, kind=kind, active=True, location__active=True).first())


def locations(*, kind: str = "", regency_code: str = "", location_kind: str = "") -> QuerySet[Location]:
    """Active locations (offering the service ``kind`` when given), by regency and name."""
    qs = Location.objects.filter(active=True).select_related("regency")
    if kind:
        qs = qs.filter(services__kind=kind, services__active=True)
    if regency_code:
        qs = qs.filter(regency_id=regency_code)
    if location_kind:
        qs = qs.filter(kind=location_kind)
    return qs.order_by("regency_id", "name").distinct()


def _closure_for(closures: list[Closure], day: dt.date) -> Closure | None:
    return next((c for c in closures if c.date_from <= day <= c.date_to), None)


def day_closed(service: BookableService, day: dt.date, *, calendar: Any = None, closures: list[Closure] | None = None,
               today: dt.date | None = None) -> tuple[str, str]:
    """``(code, reason)`` why ``service`` takes no bookings on ``day``, or ``("", "")``."""
    today = today or timezone.localdate()
    location = service.location
    if day < today:
        return "past", _("Tanggal ini sudah lewat.")
    if day > today + dt.timedelta(days=conf("APPOINTMENTS_HORIZON_DAYS")):
        return "horizon", _("Tanggal ini belum dibuka untuk pemesanan.")
    if (service.valid_from and day < service.valid_from) or (service.valid_to and day > service.valid_to):
        return "not_offered", _("Layanan ini tidak tersedia di lokasi ini pada tanggal tersebut.")
    closures = closures if closures is not None else list(location.closures.filter(date_to__gte=day,
                                                                                   date_from__lte=day))
    closure = _closure_for(closures, day)
    if closure is not None:
        return "closure", _("Lokasi tutup: %(reason)s") % {"reason": closure.reason}
    if location.follows_calendar:
        calendar = calendar or calendar_for(day, regency_code=location.regency_id, span_days=0)
        name = national_holidays(day.year).get(day)
        override = calendar.overrides.get(day)
        if override is True or (override is None and name):
            return "holiday", (_("Hari libur: %(name)s") % {"name": name}) if name else _("Hari libur daerah.")
    if str(day.isoweekday()) not in location.weekdays:
        return "weekday", _("Lokasi tidak buka pada hari ini.")
    return "", ""


def availability(service: BookableService, start: dt.date, end: dt.date, *, now: dt.datetime | None = None
                 ) -> list[DayView]:
    """Every day from ``start`` to ``end`` (inclusive, at most 92 days) with its slots and counts."""
    if end < start or (end - start).days > 92:
        raise ValueError("a range of 1 to 93 days")
    now = now or timezone.now()
    today = timezone.localdate(now)
    location = service.location
    closures = list(location.closures.filter(date_to__gte=start, date_from__lte=end))
    calendar = calendar_for(start, regency_code=location.regency_id, span_days=(end - start).days + 1) \
        if location.follows_calendar else None
    rows = {(s.date, s.start): s for s in Slot.objects.filter(service=service, date__gte=start, date__lte=end)
            .only("date", "start", "capacity", "booked")}
    starts = service.starts()
    days: list[DayView] = []
    day = start
    while day <= end:
        code, reason = day_closed(service, day, calendar=calendar, closures=closures, today=today)
        view = DayView(date=day, closed_code=code, closed_reason=reason)
        if not code:
            for t in starts:
                row = rows.get((day, t))
                begins = timezone.make_aware(dt.datetime.combine(day, t))
                view.slots.append(SlotView(date=day, start=t, capacity=row.capacity if row else service.capacity,
                                           booked=row.booked if row else 0, open=begins > now))
        days.append(view)
        day += dt.timedelta(days=1)
    return days


def next_free(service: BookableService, after: dt.date, *, count: int | None = None,
              now: dt.datetime | None = None) -> list[SlotView]:
    """The next ``count`` free slots from ``after`` (within the booking horizon)."""
    count = count or conf("APPOINTMENTS_SUGGESTIONS")
    today = timezone.localdate(now)
    day = max(after, today)
    last = today + dt.timedelta(days=conf("APPOINTMENTS_HORIZON_DAYS"))
    found: list[SlotView] = []
    while day <= last and len(found) < count:
        chunk_end = min(day + dt.timedelta(days=30), last)
        for view in availability(service, day, chunk_end, now=now):
            found.extend(s for s in view.slots if s.available)
        day = chunk_end + dt.timedelta(days=1)
    return found[:count]


# --- bookings ---------------------------------------------------------------------------------

def _bookings() -> QuerySet[Booking]:
    return Booking.objects.select_related("slot", "service", "service__location", "service__location__regency")


def bookings_of(citizen: Any, *, active_only: bool = False) -> QuerySet[Booking]:
    """A citizen's bookings, the coming ones first."""
    qs = _bookings().filter(citizen=citizen)
    if active_only:
        qs = qs.filter(status=BookingStatus.BOOKED, slot__date__gte=timezone.localdate())
    return qs.order_by("-slot__date", "-slot__start", "-id")


def active_booking(citizen: Any, kind: str, subject_ref: str = "") -> Booking | None:
    """The citizen's booking of ``kind`` for ``subject_ref`` that is still to come, if any."""
    return _bookings().filter(citizen=citizen, kind=kind, subject_ref=subject_ref,
                              status=BookingStatus.BOOKED).first()


def bookings_for_subject(kind: str, subject_ref: str) -> QuerySet[Booking]:
    """Every booking of ``kind`` for ``subject_ref`` (for the app that registered the kind)."""
    return _bookings().filter(kind=kind, subject_ref=subject_ref).order_by("-created_at")


def by_code(code: str) -> Booking | None:
    digits = "".join(ch for ch in code if ch.isdigit())
    return _bookings().filter(code=digits).first() if digits else None


# --- staff ------------------------------------------------------------------------------------

def staff_regencies(user: Any) -> set[str] | None:
    """Regency codes a staff member works for; ``None`` means every regency (administrators)."""
    if getattr(user, "role", "") == "admin" or getattr(user, "is_superuser", False):
        return None
    staff = getattr(user, "staff", None)
    if staff is None:
        return set()
    return set(staff.jurisdiction.values_list("code", flat=True))


def staff_locations(user: Any) -> QuerySet[Location]:
    qs = Location.objects.select_related("regency").order_by("regency_id", "name")
    regencies = staff_regencies(user)
    return qs if regencies is None else qs.filter(regency_id__in=regencies)


def may_staff(user: Any, location: Location) -> bool:
    regencies = staff_regencies(user)
    return regencies is None or location.regency_id in regencies


def day_list(location: Location, day: dt.date) -> QuerySet[Booking]:
    """The bookings of a location's day (not cancelled), by slot and code."""
    return (_bookings().select_related("citizen").filter(service__location=location, slot__date=day)
            .exclude(status=BookingStatus.CANCELLED).order_by("slot__start", "service__kind", "code"))


@dataclass(frozen=True)
class Utilisation:
    location: Location
    date: dt.date
    capacity: int
    booked: int
    checked_in: int
    no_show: int

    @property
    def percent(self) -> int:
        return round(100 * self.booked / self.capacity) if self.capacity else 0


def _offered(service: BookableService, start: dt.date, end: dt.date) -> dict[dt.date, int]:
    """The places ``service`` offers on each open day of the range (capacity × slots)."""
    location = service.location
    closures = list(location.closures.filter(date_to__gte=start, date_from__lte=end))
    calendar = calendar_for(start, regency_code=location.regency_id, span_days=(end - start).days + 1)
    per_day = len(service.starts()) * service.capacity
    out = {}
    day = start
    while day <= end:
        if not day_closed(service, day, calendar=calendar, closures=closures, today=day)[0]:
            out[day] = per_day
        day += dt.timedelta(days=1)
    return out


def utilisation(user: Any, start: dt.date, end: dt.date) -> list[Utilisation]:
    """Per location and open day (or day with bookings): the places offered (a slot's own
    capacity where staff changed it), places taken, attended, no-shows."""
    places = {loc.pk: loc for loc in staff_locations(user)}
    services = list(BookableService.objects.filter(location_id__in=places, active=True).select_related("location"))
    capacity: dict[tuple, int] = {}
    for service in services:
        for day, offered in _offered(service, start, end).items():
            key = (service.location_id, day)
            capacity[key] = capacity.get(key, 0) + offered
    booked: dict[tuple, int] = {}
    rows = (Slot.objects.filter(service__location_id__in=places, date__gte=start, date__lte=end)
            .values("service__location_id", "service__capacity", "date")
            .annotate(capacity=Sum("capacity"), booked=Sum("booked"), n=Count("id")))
    for row in rows:
        key = (row["service__location_id"], row["date"])
        booked[key] = booked.get(key, 0) + (row["booked"] or 0)
        if key in capacity:  # rows replace the default capacity of the slots they stand for
            capacity[key] += (row["capacity"] or 0) - row["n"] * row["service__capacity"]
        else:
            capacity[key] = row["capacity"] or 0
    marks = (Booking.objects.filter(service__location_id__in=places, slot__date__gte=start, slot__date__lte=end)
             .values("service__location_id", "slot__date")
             .annotate(checked_in=Count("id", filter=Q(status=BookingStatus.CHECKED_IN)),
                       no_show=Count("id", filter=Q(status=BookingStatus.NO_SHOW))))
    attended: dict[tuple, dict[str, Any]] = {(m["service__location_id"], m["slot__date"]): dict(m) for m in marks}
    out = [Utilisation(location=places[key[0]], date=key[1], capacity=total, booked=booked.get(key, 0),
                       checked_in=attended.get(key, {}).get("checked_in", 0),
                       no_show=attended.get(key, {}).get("no_show", 0)) for key, total in capacity.items()]
    return sorted(out, key=lambda u: (u.date, u.location.regency_id, u.location.name))


def holding_count(slot: Slot) -> int:
    """Bookings holding a place in ``slot`` (equals ``slot.booked``; for tests and checks)."""
    return slot.bookings.filter(status__in=HOLDING).count()


def kind_label(kind: str) -> str:
    entry = registry.get(kind)
    return str(entry.label) if entry else kind


def personal_data(user) -> list[dict[str, Any]]:
    """The citizen's bookings for the UU PDP export, with their history. Who acted on a booking is
    told only as "pemesan" (the citizen) or "petugas" (staff), never a staff member's name."""
    bookings = (Booking.objects.filter(citizen=user).select_related("service__location", "slot")
                .prefetch_related("events__slot").order_by("created_at", "id"))

    def by(user_id: int | None) -> str | None:
        if user_id is None:
            return None
        return "pemesan" if user_id == user.pk else "petugas"

    return [{
        "code": b.code,
        "service": b.kind,
        "service_label": kind_label(b.kind),
        "location": b.service.location.name,
        "location_address": b.service.location.address,
        "date": b.slot.date.isoformat(),
        "start": b.slot.start.isoformat(timespec="minutes"),
        "subject_ref": b.subject_ref,
        "status": b.status,
        "created_at": b.created_at.isoformat(),
        "checked_in_at": b.checked_in_at.isoformat() if b.checked_in_at else None,
        "events": [{"event": e.event, "at": e.at.isoformat(), "date": e.slot.date.isoformat(),
                    "start": e.slot.start.isoformat(timespec="minutes"), "by": by(e.by_id)}
                   for e in sorted(b.events.all(), key=lambda e: (e.at, e.pk))],
    } for b in bookings]
