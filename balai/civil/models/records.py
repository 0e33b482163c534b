"""Records kept beside the register: the birth register and KTP-el recording/pick-up slots
with their bookings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .register import FamilyCard, Person


class BirthRecord(models.Model):
    """An entry of the birth register (the source of the Kutipan Akta Kelahiran)."""

    registration_number = models.CharField(_("nomor akta"), max_length=40, unique=True)
    child = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="birth_record")
    family_card = models.ForeignKey(FamilyCard, on_delete=models.PROTECT, related_name="+")
    family_card_version = models.PositiveIntegerField()
    birth_time = models.TimeField(_("jam lahir"), null=True, blank=True)
    district_code = models.CharField(_("kecamatan pencatatan"), max_length=6)
    regency_code = models.CharField(_("kabupaten/kota pencatatan"), max_length=4, db_index=True)
    registered_on = models.DateField(_("tanggal pencatatan"))
    # UU 23/2006 Art. 27: 60 days; later = late registration, on the office head's decision.
    is_late = models.BooleanField(_("terlambat"), default=False)
    late_decision = models.CharField(_("keputusan kepala dinas"), max_length=300, blank=True)
    # Permendagri 9/2016 alternatives.
    birth_letter_by_sptjm = models.BooleanField(_("SPTJM kebenaran data kelahiran"), default=False)
    marriage_by_sptjm = models.BooleanField(_("SPTJM kebenaran suami-istri"), default=False)
    mother_only = models.BooleanField(_("anak seorang ibu"), default=False)
    note = models.CharField(_("catatan pinggir"), max_length=300, blank=True)
    application_ref = models.CharField(max_length=40, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("register kelahiran")
        verbose_name_plural = _("register kelahiran")
        constraints = [models.CheckConstraint(condition=Q(is_late=False) | ~Q(late_decision=""),
                                              name="late_birth_has_decision")]

    def __str__(self) -> str:
        return self.registration_number


class SlotPurpose(models.TextChoices):
    RECORDING = "recording", _("Perekaman biometrik KTP-el")
    PICKUP = "pickup", _("Pengambilan KTP-el")


class KtpSlot(models.Model):
    """Capacity of a Disdukcapil office (one per regency) for one day."""

    regency_code = models.CharField(_("kabupaten/kota"), max_length=4)
    date = models.DateField(_("tanggal"))
    capacity = models.PositiveIntegerField(_("kapasitas"))
    booked = models.PositiveIntegerField(_("terpakai"), default=0)

    class Meta:
        verbose_name = _("kuota layanan KTP-el")
        verbose_name_plural = _("kuota layanan KTP-el")
        ordering = ["regency_code", "date"]
        constraints = [
            models.UniqueConstraint(fields=["regency_code", "date"], name="ktp_slot_office_day_unique"),
            models.CheckConstraint(condition=Q(booked__lte=models.F("capacity")), name="ktp_slot_within_capacity"),
        ]

    def __str__(self) -> str:
        return f"{self.regency_code} {self.date} {self.booked}/{self.capacity}"


class KtpBooking(models.Model):
    slot = models.ForeignKey(KtpSlot, on_delete=models.PROTECT, related_name="bookings")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="ktp_bookings")
    purpose = models.CharField(max_length=10, choices=SlotPurpose.choices)
    application_ref = models.CharField(max_length=40, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["slot", "person", "purpose"], name="ktp_booking_once_per_day")]

    def __str__(self) -> str:
        return f"{self.slot} {self.purpose}"
