"""Locations, the services they offer in slots, closures, slots with their counts, and bookings.

Capacity is counted on ``Slot`` rows (one per service, day and start time, created when first
booked or shown): ``booked`` is raised only by a conditional ``UPDATE … WHERE booked < capacity``
and a check constraint keeps it within ``capacity`` whatever happens. A slot's ``booked`` equals
the bookings in it whose status holds a place (booked, checked in, no-show); cancelling or moving
gives the place back.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LocationKind(models.TextChoices):
    DISDUKCAPIL = "disdukcapil", _("Kantor Disdukcapil")
    SAMSAT = "samsat", _("Kantor Samsat")
    SATPAS = "satpas", _("Satpas (Satuan Penyelenggara Administrasi SIM)")
    SIM_KELILING = "sim-keliling", _("Titik SIM Keliling")
    MPP = "mpp", _("Loket Mal Pelayanan Publik")


WEEKDAYS_DEFAULT = "12345"  # Monday = 1 … Sunday = 7


class Location(models.Model):
    kind = models.CharField(_("jenis"), max_length=20, choices=LocationKind.choices, db_index=True)
    name = models.CharField(_("nama"), max_length=150)
    regency = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("kabupaten/kota"), limit_choices_to={"level": "regency"})
    address = models.CharField(_("alamat"), max_length=250)
    opens = models.TimeField(_("jam buka"), default=dt.time(8, 0))
    closes = models.TimeField(_("jam tutup"), default=dt.time(15, 0))
    weekdays = models.CharField(_("hari buka"), max_length=7, default=WEEKDAYS_DEFAULT,
                                help_text=_("Angka hari: 1 = Senin … 7 = Minggu."))
    # Offices follow the working-day calendar (holidays and cuti bersama close them); a SIM
    # Keliling stop runs on the days its schedule says.
    follows_calendar = models.BooleanField(_("ikut kalender hari kerja"), default=True)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("lokasi layanan")
        verbose_name_plural = _("lokasi layanan")
        ordering = ["regency_id", "kind", "name"]
        constraints = [models.CheckConstraint(condition=Q(opens__lt=F("closes")), name="appt_location_hours")]

    def __str__(self) -> str:
        return self.name

    @property
    def regency_code(self) -> str:
        return self.regency_id


class BookableService(models.Model):
    """A kind of service (see ``registry``) offered at a location in slots of ``slot_minutes``
    with ``capacity`` places each, between ``valid_from`` and ``valid_to``."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="services")
    kind = models.CharField(_("layanan"), max_length=40)
    slot_minutes = models.PositiveSmallIntegerField(_("lama slot (menit)"), default=60)
    capacity = models.PositiveSmallIntegerField(_("kapasitas per slot"), default=10)
    opens = models.TimeField(_("mulai"), null=True, blank=True, help_text=_("Kosong: jam buka lokasi."))
    closes = models.TimeField(_("selesai"), null=True, blank=True, help_text=_("Kosong: jam tutup lokasi."))
    valid_from = models.DateField(_("berlaku mulai"), null=True, blank=True)
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("layanan yang bisa dipesan")
        verbose_name_plural = _("layanan yang bisa dipesan")
        ordering = ["location_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["location", "kind"], name="appt_service_once_per_location"),
            models.CheckConstraint(condition=Q(slot_minutes__gte=5), name="appt_service_slot_minutes"),
        ]

    def __str__(self) -> str:
        return f"{self.location} — {self.kind}"

    @property
    def window(self) -> tuple[dt.time, dt.time]:
        return self.opens or self.location.opens, self.closes or self.location.closes

    def starts(self) -> list[dt.time]:
        """The slot start times of a day."""
        opens, closes = self.window
        start = dt.datetime.combine(dt.date(2000, 1, 1), opens)
        end = dt.datetime.combine(dt.date(2000, 1, 1), closes)
        step = dt.timedelta(minutes=self.slot_minutes)
        out = []
        while start + step <= end:
            out.append(start.time())
            start += step
        return out


class Closure(models.Model):
    """A local closure of a location (renovation, a local event, a network outage)."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="closures")
    date_from = models.DateField(_("dari tanggal"))
    date_to = models.DateField(_("sampai tanggal"))
    reason = models.CharField(_("alasan"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("penutupan lokasi")
        verbose_name_plural = _("penutupan lokasi")
        ordering = ["date_from"]
        constraints = [models.CheckConstraint(condition=Q(date_from__lte=F("date_to")), name="appt_closure_range")]

    def __str__(self) -> str:
        return f"{self.location}: {self.date_from}–{self.date_to}"


class Slot(models.Model):
    service = models.ForeignKey(BookableService, on_delete=models.CASCADE, related_name="slots")
    date = models.DateField()
    start = models.TimeField()
    capacity = models.PositiveSmallIntegerField()
    booked = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["date", "start"]
        constraints = [
            models.UniqueConstraint(fields=["service", "date", "start"], name="appt_slot_unique"),
            models.CheckConstraint(condition=Q(booked__lte=F("capacity")), name="appt_slot_within_capacity"),
        ]

    def __str__(self) -> str:
        return f"{self.service_id} {self.date} {self.start:%H:%M} {self.booked}/{self.capacity}"

    @property
    def starts_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.date, self.start))

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.service.slot_minutes)

    @property
    def free(self) -> int:
        return max(self.capacity - self.booked, 0)


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Terpesan")
    CHECKED_IN = "checked_in", _("Sudah hadir")
    NO_SHOW = "no_show", _("Tidak hadir")
    CANCELLED = "cancelled", _("Dibatalkan")


# Statuses that hold a place in their slot.
HOLDING = (BookingStatus.BOOKED, BookingStatus.CHECKED_IN, BookingStatus.NO_SHOW)


class Booking(models.Model):
    code = models.CharField(_("kode booking"), max_length=12, unique=True)
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    service = models.ForeignKey(BookableService, on_delete=models.PROTECT, related_name="bookings")
    kind = models.CharField(max_length=40)  # = service.kind, kept for the per-citizen constraint
    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bookings")
    subject_ref = models.CharField(_("untuk"), max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=BookingStatus.choices,
                              default=BookingStatus.BOOKED)
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("booking")
        ordering = ["slot__date", "slot__start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["citizen", "kind", "subject_ref"], condition=Q(status="booked"),
                                    name="appt_one_active_booking"),
        ]
        indexes = [models.Index(fields=["citizen", "status"], name="appt_booking_citizen")]

    def __str__(self) -> str:
        return self.code

    @property
    def kind_label(self) -> str:
        from .registry import get

        entry = get(self.kind)
        return str(entry.label) if entry else self.kind

    @property
    def code_display(self) -> str:
        c = self.code
        return f"{c[:3]}-{c[3:6]}-{c[6:]}"


class BookingEvent(models.Model):
    """Append-only history of a booking (booked, moved, cancelled, checked in, no-show)."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="events")
    event = models.CharField(max_length=12)
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                           related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.booking_id}: {self.event}"
