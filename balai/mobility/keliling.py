"""SIM Keliling: the mobile SIM unit's visits per regency (date, place, hours, capacity), on the
booking engine. A visit is an ``appointments`` location of kind SIM Keliling offering SIM renewal
between ``valid_from`` and ``valid_to`` (one day for a one-day stop), in hourly slots; staff
enter them, everyone reads them as a page and as iCalendar, citizens book a slot."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from balai.appointments.models import BookableService, Location, LocationKind
from balai.appointments.selectors import availability
from balai.core import audit
from balai.core.text import clean_text

from .booking import SIM_KIND
from .services import MobilityError


@dataclass(frozen=True)
class Visit:
    service: BookableService
    date: dt.date
    opens: dt.time
    closes: dt.time
    capacity: int
    free: int

    @property
    def location(self) -> Location:
        return self.service.location


def _services(regency_code: str, start: dt.date, end: dt.date):
    qs = (BookableService.objects.filter(kind=SIM_KIND, active=True, location__active=True,
                                         location__kind=LocationKind.SIM_KELILING)
          .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start)).filter(Q(valid_from__isnull=True)
                                                                             | Q(valid_from__lte=end))
          .select_related("location", "location__regency"))
    if regency_code:
        qs = qs.filter(location__regency_id=regency_code)
    return qs.order_by("valid_from", "location__name")


def visits(*, regency_code: str = "", start: dt.date | None = None, days: int = 60) -> list[Visit]:
    """Every day a SIM Keliling unit works from ``start`` over ``days`` days, with free places."""
    start = start or timezone.localdate()
    end = start + dt.timedelta(days=days - 1)
    found: list[Visit] = []
    for service in _services(regency_code, start, end):
        first = max(start, service.valid_from or start)
        last = min(end, service.valid_to or end)
        if last < first:
            continue
        opens, closes = service.window
        for day in availability(service, first, last):
            if day.closed_code:
                continue
            capacity = sum(s.capacity for s in day.slots)
            found.append(Visit(service, day.date, opens, closes, capacity, day.free))
    return sorted(found, key=lambda v: (v.date, v.opens, v.location.name))


def visits_ics(*, regency_code: str = "", start: dt.date | None = None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Balai Jawa Timur//SIM Keliling//ID")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Jadwal SIM Keliling"))
    zone = timezone.get_current_timezone()
    for visit in visits(regency_code=regency_code, start=start):
        event = Event()
        event.add("uid", f"sim-keliling-{visit.service.pk}-{visit.date:%Y%m%d}@balai")
        event.add("summary", _("SIM Keliling: %(place)s") % {"place": visit.location.name})
        event.add("location", f"{visit.location.address}, {visit.location.regency.name}")
        event.add("dtstart", dt.datetime.combine(visit.date, visit.opens, tzinfo=zone))
        event.add("dtend", dt.datetime.combine(visit.date, visit.closes, tzinfo=zone))
        event.add("description", _("Perpanjangan SIM A dan C. Kapasitas %(n)s orang. Bawa KTP-el dan SIM lama.")
                  % {"n": visit.capacity})
        calendar.add_component(event)
    return calendar.to_ical()


@dataclass(frozen=True)
class VisitInput:
    regency_code: str
    place: str
    address: str
    date: dt.date
    opens: dt.time
    closes: dt.time
    capacity_per_hour: int


def visit_create(*, data: VisitInput, by, today: dt.date | None = None) -> BookableService:
    """One day of a SIM Keliling unit at a place: a location of kind SIM Keliling offering SIM
    renewal on that day only, in hourly slots of ``capacity_per_hour`` places."""
    today = today or timezone.localdate()
    if data.date < today:
        raise MobilityError("date_in_past", _("Tanggal sudah lewat."), fields={"date": [_("Tanggal sudah lewat.")]})
    if data.opens >= data.closes:
        message = _("Jam selesai harus setelah jam mulai.")
        raise MobilityError("invalid_hours", message, fields={"closes": [message]})
    if not 1 <= data.capacity_per_hour <= 500:
        message = _("Kapasitas 1 sampai 500 orang per jam.")
        raise MobilityError("invalid_capacity", message, fields={"capacity_per_hour": [message]})
    place = clean_text(data.place, max_length=150).strip()
    address = clean_text(data.address, max_length=250).strip()
    with transaction.atomic():
        location = Location.objects.create(kind=LocationKind.SIM_KELILING, name=place, regency_id=data.regency_code,
                                           address=address, opens=data.opens, closes=data.closes,
                                           weekdays="1234567", follows_calendar=False)
        service = BookableService.objects.create(location=location, kind=SIM_KIND, slot_minutes=60,
                                                 capacity=data.capacity_per_hour, valid_from=data.date,
                                                 valid_to=data.date)
        audit.record(action="mobility.keliling_visit_created", actor=by, object_type="appointments.location",
                     object_id=location.pk, data={"date": data.date.isoformat(), "regency": data.regency_code})
    return service


def visit_cancel(*, service: BookableService, by) -> None:
    """Stop offering a visit (bookings already made stay for staff to handle in appointments)."""
    with transaction.atomic():
        BookableService.objects.filter(pk=service.pk).update(active=False)
        audit.record(action="mobility.keliling_visit_cancelled", actor=by, object_type="appointments.location",
                     object_id=service.location_id)
