"""Writes of the booking engine: book, move, cancel, check in, mark a no-show.

Each runs in one transaction. A place is taken by one conditional statement
(``UPDATE slot SET booked = booked + 1 WHERE id = … AND booked < capacity``): on PostgreSQL racing
requests for the last places queue on the row and re-check the condition, so exactly as many
succeed as there were places; the check constraint on ``Slot`` guards the count whatever happens.
One active booking per citizen, service kind and subject is a partial unique constraint.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.numbers import damm_valid, with_check_digit

from . import notices, registry, selectors
from .conf import conf
from .errors import AppointmentError
from .models import BookableService, Booking, BookingEvent, BookingStatus, Location, Slot


def _error(error_code: str, message: str, status: int, **fields: Any) -> AppointmentError:
    return AppointmentError(error_code, message, fields=fields, status_code=status)


def _service(location: Location | int, kind: str) -> BookableService:
    service = selectors.service_at(location, kind)
    if service is None:
        raise _error("not_bookable", _("Layanan ini tidak bisa dipesan di lokasi ini."), 422)
    return service


def _suggestions(service: BookableService, after: dt.date) -> list[dict[str, str]]:
    return [{"date": s.date.isoformat(), "start": s.start.strftime("%H:%M"), "free": str(s.free)}
            for s in selectors.next_free(service, after)]


def _full(service: BookableService, day: dt.date) -> AppointmentError:
    return _error("slot_full", _("Slot ini sudah penuh. Pilih slot lain."), 409,
                  next_free=_suggestions(service, day))


def _check_day(service: BookableService, day: dt.date, start: dt.time) -> None:
    code, reason = selectors.day_closed(service, day)
    if code:
        raise _error("day_closed", reason, 422, date=[reason])
    if start not in service.starts():
        raise _error("not_bookable", _("Jam ini bukan awal slot layanan."), 422, start=[_("Pilih jam slot.")])
    if timezone.make_aware(dt.datetime.combine(day, start)) <= timezone.now():
        reason = _("Jam ini sudah lewat.")
        raise _error("day_closed", reason, 422, start=[reason])


def _take_place(service: BookableService, day: dt.date, start: dt.time) -> Slot:
    """One place in the slot, or ``slot_full``."""
    Slot.objects.bulk_create([Slot(service=service, date=day, start=start, capacity=service.capacity)],
                             ignore_conflicts=True)
    slot = Slot.objects.get(service=service, date=day, start=start)
    taken = Slot.objects.filter(pk=slot.pk, booked__lt=F("capacity")).update(booked=F("booked") + 1)
    if not taken:
        raise _full(service, day)
    slot.booked += 1
    return slot


def _release(slot: Slot) -> None:
    Slot.objects.filter(pk=slot.pk).update(booked=F("booked") - 1)


def _new_code() -> str:
    return with_check_digit(f"{secrets.randbelow(10**8):08d}")


def _event(booking: Booking, event: str, by: Any) -> None:
    row = BookingEvent.objects.create(booking=booking, event=event, slot=booking.slot,
                                      by=by if by and by.pk else None)
    registry.notify(booking, event)
    notices.booking_event(booking, event, event_id=row.pk)


def _create(*, citizen: Any, service: BookableService, slot: Slot, subject_ref: str) -> Booking:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Booking.objects.create(code=_new_code(), slot=slot, service=service, kind=service.kind,
                                              citizen=citizen, subject_ref=subject_ref)
        except IntegrityError:
            if selectors.active_booking(citizen, service.kind, subject_ref) is not None:
                raise _already(service.kind) from None
    raise RuntimeError("no free booking code after 5 attempts")


def _already(kind: str) -> AppointmentError:
    return _error("already_booked", _("Anda sudah punya booking aktif untuk layanan ini. Pindahkan atau batalkan "
                                      "booking itu dulu."), 409)


def _check_subject(citizen: Any, kind: str, subject_ref: str) -> None:
    entry = registry.get(kind)
    if entry is None:
        raise _error("not_bookable", _("Layanan ini tidak bisa dipesan."), 422)
    if entry.subject_required and not subject_ref:
        raise _error("not_bookable", _("Booking layanan ini dibuat dari halaman layanannya."), 422)
    if entry.check_subject is not None:
        entry.check_subject(citizen, subject_ref)


@transaction.atomic
def book(*, citizen: Any, location: Location | int, kind: str, day: dt.date, start: dt.time,
         subject_ref: str = "", by: Any = None) -> Booking:
    """Book one place for ``citizen`` in the slot ``day``/``start`` of ``kind`` at ``location``."""
    subject_ref = (subject_ref or "").strip()
    _check_subject(citizen, kind, subject_ref)
    service = _service(location, kind)
    _check_day(service, day, start)
    if selectors.active_booking(citizen, kind, subject_ref) is not None:
        raise _already(kind)
    slot = _take_place(service, day, start)
    booking = _create(citizen=citizen, service=service, slot=slot, subject_ref=subject_ref)
    _event(booking, "booked", by or citizen)
    return booking


@transaction.atomic
def book_first_free(*, citizen: Any, location: Location | int, kind: str, preferred: dt.date,
                    subject_ref: str = "", by: Any = None) -> Booking:
    """The citizen's active booking of ``kind`` for ``subject_ref`` if there is one, else the first
    free slot on or after ``preferred`` (``slot_full`` with no suggestions when none in the horizon)."""
    existing = selectors.active_booking(citizen, kind, (subject_ref or "").strip())
    if existing is not None:
        return existing
    service = _service(location, kind)
    for candidate in selectors.next_free(service, preferred, count=5):
        try:
            with transaction.atomic():
                return book(citizen=citizen, location=service.location_id, kind=kind, day=candidate.date,
                            start=candidate.start, subject_ref=subject_ref, by=by)
        except AppointmentError as exc:
            if exc.code != "slot_full":
                raise
    raise _error("slot_full", _("Tidak ada slot kosong dalam %(n)s hari ke depan.")
                 % {"n": conf("APPOINTMENTS_HORIZON_DAYS")}, 409, next_free=[])


def _locked(booking: Booking | int) -> Booking:
    pk = booking.pk if isinstance(booking, Booking) else booking
    return Booking.objects.select_for_update().select_related("slot", "service", "service__location").get(pk=pk)


def _is_staff(user: Any) -> bool:
    return bool(getattr(user, "is_staff_role", False))


def _check_actor(booking: Booking, by: Any) -> None:
    """The citizen owner until the cut-off; staff of the location's regency at any time."""
    if _is_staff(by):
        if not selectors.may_staff(by, booking.service.location):
            raise _error("outside_jurisdiction", _("Lokasi ini di luar wilayah kerja Anda."), 403)
        return
    if booking.citizen_id != getattr(by, "pk", None):
        raise _error("not_found", _("Booking tidak ditemukan."), 404)
    cutoff = booking.slot.starts_at - dt.timedelta(minutes=conf("APPOINTMENTS_CUTOFF_MINUTES"))
    if timezone.now() >= cutoff:
        raise _error("too_late", _("Booking tidak bisa diubah kurang dari %(h)s sebelum jadwal.")
                     % {"h": _cutoff_text()}, 409)


def _cutoff_text() -> str:
    minutes = conf("APPOINTMENTS_CUTOFF_MINUTES")
    return _("%(n)s jam") % {"n": minutes // 60} if minutes % 60 == 0 else _("%(n)s menit") % {"n": minutes}


def _require(booking: Booking, status: str) -> None:
    if booking.status != status:
        raise _error("wrong_state", _("Booking ini berstatus %(s)s.") % {"s": booking.get_status_display()}, 409)


@transaction.atomic
def cancel(booking: Booking | int, *, by: Any) -> Booking:
    """Cancel: the place goes back to the slot."""
    booking = _locked(booking)
    _require(booking, BookingStatus.BOOKED)
    _check_actor(booking, by)
    _release(booking.slot)
    booking.status = BookingStatus.CANCELLED
    booking.save(update_fields=["status", "changed_at"])
    _event(booking, "cancelled", by)
    return booking


@transaction.atomic
def move(booking: Booking | int, *, day: dt.date, start: dt.time, by: Any) -> Booking:
    """Move to another slot of the same service (same code); the old place goes back."""
    booking = _locked(booking)
    _require(booking, BookingStatus.BOOKED)
    _check_actor(booking, by)
    service = booking.service
    if (booking.slot.date, booking.slot.start) == (day, start):
        raise _error("wrong_state", _("Booking sudah pada slot ini."), 409)
    _check_day(service, day, start)
    old = booking.slot
    booking.slot = _take_place(service, day, start)
    _release(old)
    booking.save(update_fields=["slot", "changed_at"])
    _event(booking, "moved", by)
    return booking


def normalise_code(code: str) -> str:
    """The digits of a typed or scanned code (``123-456-789``, a QR payload ending in the code)."""
    text = (code or "").strip().rstrip("/")
    text = text.rsplit("/", 1)[-1]
    return "".join(ch for ch in text if ch.isdigit())


def find_for_staff(code: str, *, by: Any) -> Booking:
    digits = normalise_code(code)
    if not damm_valid(digits) or len(digits) != 9:
        raise _error("invalid_code", _("Kode booking tidak valid; periksa lagi angkanya."), 422,
                     code=[_("Kode booking tidak valid; periksa lagi angkanya.")])
    booking = selectors.by_code(digits)
    if booking is None or not selectors.may_staff(by, booking.service.location):
        raise _error("not_found", _("Booking dengan kode ini tidak ditemukan di wilayah kerja Anda."), 404,
                     code=[_("Booking dengan kode ini tidak ditemukan di wilayah kerja Anda.")])
    return booking


@transaction.atomic
def check_in(booking: Booking | int | str, *, by: Any) -> Booking:
    """Staff records that the citizen came (on the slot's day). ``booking`` may be a typed code."""
    if isinstance(booking, str):
        booking = find_for_staff(booking, by=by)
    booking = _locked(booking)
    if not _is_staff(by) or not selectors.may_staff(by, booking.service.location):
        raise _error("outside_jurisdiction", _("Lokasi ini di luar wilayah kerja Anda."), 403)
    _require(booking, BookingStatus.BOOKED)
    if booking.slot.date != timezone.localdate():
        raise _error("wrong_day", _("Booking ini untuk tanggal %(d)s, bukan hari ini.")
                     % {"d": booking.slot.date.strftime("%d-%m-%Y")}, 409)
    booking.status = BookingStatus.CHECKED_IN
    booking.checked_in_at, booking.checked_in_by = timezone.now(), by
    booking.save(update_fields=["status", "checked_in_at", "checked_in_by", "changed_at"])
    _event(booking, "checked_in", by)
    return booking


@transaction.atomic
def mark_no_show(booking: Booking | int, *, by: Any) -> Booking:
    """Staff records that the citizen did not come; the place stays used (the slot has begun)."""
    booking = _locked(booking)
    if not _is_staff(by) or not selectors.may_staff(by, booking.service.location):
        raise _error("outside_jurisdiction", _("Lokasi ini di luar wilayah kerja Anda."), 403)
    _require(booking, BookingStatus.BOOKED)
    after = booking.slot.starts_at + dt.timedelta(minutes=conf("APPOINTMENTS_NO_SHOW_AFTER_MINUTES"))
    if timezone.now() < after:
        raise _error("too_early", _("Tidak hadir baru bisa dicatat %(n)s menit setelah slot dimulai.")
                     % {"n": conf("APPOINTMENTS_NO_SHOW_AFTER_MINUTES")}, 409)
    booking.status = BookingStatus.NO_SHOW
    booking.save(update_fields=["status", "changed_at"])
    _event(booking, "no_show", by)
    return booking
