"""Writes of the mobility app: the citizen's licences (typed with a photo of the card, confirmed
by an officer, or imported), passports, M-Paspor bookings and the certificate they hold.

Balai never issues a licence or passport: these rows are what the citizen's documents say."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.cases.uploads import check_file
from balai.core import audit
from balai.core.errors import DomainError
from balai.core.text import clean_text

from . import notices, rules
from .models import (
    VALIDITY_YEARS,
    CertificateKind,
    DrivingLicence,
    HeldCertificate,
    LicenceClass,
    LicenceSource,
    LicenceStatus,
    Passport,
    PassportBooking,
    PassportItem,
)
from .selectors import staff_may_see

PHOTO_MAX_BYTES = 5 * 1024 * 1024
_SIM_NUMBER = re.compile(r"^[0-9]{12,16}$")
_PASSPORT_NUMBER = re.compile(r"^[A-Z]{1,2}[0-9]{6,7}$")


class MobilityError(DomainError):
    status_code = 422
    default_code = "invalid"


def _refuse(code: str, field: str, message: str, status: int = 422) -> MobilityError:
    return MobilityError(code, message, fields={field: [message]}, status_code=status)


def normalise_sim_number(value: str) -> str:
    number = re.sub(r"[\s.\-]", "", value or "")
    if not _SIM_NUMBER.match(number):
        raise _refuse("invalid_sim_number", "number", _("Nomor SIM terdiri dari 12 sampai 16 angka."))
    return number


def _licence_class(code: str) -> LicenceClass:
    found = LicenceClass.objects.filter(code=code).first()
    if found is None:
        raise _refuse("unknown_class", "licence_class", _("Golongan SIM tidak dikenal."))
    return found


def _issue_date(issued_on: dt.date, today: dt.date) -> dt.date:
    if issued_on > today:
        raise _refuse("issue_date_in_future", "issued_on", _("Tanggal terbit tidak boleh di masa depan."))
    if issued_on < dt.date(1990, 1, 1):
        raise _refuse("issue_date_too_old", "issued_on", _("Tanggal terbit terlalu lama."))
    return issued_on


@dataclass(frozen=True)
class LicenceInput:
    class_code: str
    number: str
    issued_on: dt.date


def licence_add(*, owner, data: LicenceInput, photo, today: dt.date | None = None) -> DrivingLicence:
    """A licence typed by its holder with a photo of the card (JPEG/PNG, re-encoded by Pillow in
    ``check_file``: EXIF and anything riding on the image are gone). Waits for an officer."""
    today = today or timezone.localdate()
    licence_class = _licence_class(data.class_code)
    number = normalise_sim_number(data.number)
    issued_on = _issue_date(data.issued_on, today)
    if photo is None:
        raise _refuse("photo_required", "photo", _("Unggah foto kartu SIM."))
    checked, content = check_file(photo, allowed=["jpeg", "png"], max_bytes=PHOTO_MAX_BYTES)
    with transaction.atomic():
        if DrivingLicence.objects.filter(owner=owner, licence_class=licence_class, number=number).exists():
            raise _refuse("duplicate_licence", "number", _("SIM ini sudah tercatat di akun Anda."), 409)
        licence = DrivingLicence(owner=owner, licence_class=licence_class, number=number, issued_on=issued_on,
                                 photo_type=checked.content_type, photo_sha256=checked.sha256)
        licence.photo.save("sim", ContentFile(content), save=False)
        try:
            licence.save(force_insert=True)
            audit.record(action="mobility.licence_added", actor=owner, object_type="licence", object_id=licence.pk,
                         data={"class": licence_class.code, "sha256": checked.sha256})
        except Exception:
            licence.photo.storage.delete(licence.photo.name or "")  # nothing half-written: no orphan file
            raise
    return licence


def licence_import(*, owner, data: LicenceInput, by, today: dt.date | None = None) -> DrivingLicence:
    """A licence from a trusted list (a Satpas export): confirmed on arrival, no photo."""
    today = today or timezone.localdate()
    licence_class = _licence_class(data.class_code)
    number = normalise_sim_number(data.number)
    issued_on = _issue_date(data.issued_on, today)
    with transaction.atomic():
        licence, created = DrivingLicence.objects.get_or_create(
            owner=owner, licence_class=licence_class, number=number,
            defaults={"issued_on": issued_on, "source": LicenceSource.IMPORT, "status": LicenceStatus.CONFIRMED,
                      "reviewed_by": by if getattr(by, "pk", None) else None, "reviewed_at": timezone.now()})
        if created:
            audit.record(action="mobility.licence_imported", actor=by, object_type="licence", object_id=licence.pk,
                         data={"class": licence_class.code})
    return licence


def licence_review(*, licence: DrivingLicence, by, confirm: bool, note: str = "") -> DrivingLicence:
    """An officer compares the photo with the typed data: confirm, or reject with a reason."""
    note = clean_text(note, max_length=300).strip()
    if not confirm and not note:
        raise _refuse("reason_required", "note", _("Tuliskan alasan penolakan."))
    with transaction.atomic():
        licence = DrivingLicence.objects.select_for_update().get(pk=licence.pk)
        if not staff_may_see(by, licence):
            raise MobilityError("out_of_scope", _("SIM ini di luar wilayah kerja Anda."), status_code=403)
        if licence.status != LicenceStatus.PENDING:
            raise MobilityError("already_reviewed", _("SIM ini sudah diperiksa."), status_code=409)
        licence.status = LicenceStatus.CONFIRMED if confirm else LicenceStatus.REJECTED
        licence.reviewed_by, licence.reviewed_at, licence.review_note = by, timezone.now(), note
        licence.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
        audit.record(action="mobility.licence_reviewed", actor=by, object_type="licence", object_id=licence.pk,
                     data={"status": licence.status})
        notices.licence_reviewed(licence)
    return licence


def licence_renewal_started(*, licence: DrivingLicence, on: dt.date, today: dt.date | None = None) -> DrivingLicence:
    """The holder says they started the renewal on SINAR (Balai cannot see SINAR)."""
    today = today or timezone.localdate()
    if on > today:
        raise _refuse("date_in_future", "on", _("Tanggal tidak boleh di masa depan."))
    DrivingLicence.objects.filter(pk=licence.pk).update(renewal_started_on=on)
    licence.renewal_started_on = on
    return licence


def licence_remove(*, licence: DrivingLicence, by) -> None:
    with transaction.atomic():
        name = licence.photo.name
        audit.record(action="mobility.licence_removed", actor=by, object_type="licence", object_id=licence.pk)
        licence.delete()
        if name:
            transaction.on_commit(lambda: licence.photo.storage.delete(name))


def passport_add(*, owner, kind: str, number: str, issued_on: dt.date, expires_on: dt.date,
                 today: dt.date | None = None) -> Passport:
    today = today or timezone.localdate()
    if kind not in VALIDITY_YEARS:
        raise _refuse("unknown_passport_type", "kind", _("Jenis paspor tidak dikenal."))
    number = (number or "").strip().upper().replace(" ", "")
    if not _PASSPORT_NUMBER.match(number):
        raise _refuse("invalid_passport_number", "number", _("Nomor paspor: satu atau dua huruf lalu 6–7 angka."))
    _issue_date(issued_on, today)
    if not rules.passport_expiry_plausible(issued_on, expires_on, VALIDITY_YEARS[PassportItem(kind)]):
        raise _refuse("expiry_not_plausible", "expires_on",
                      _("Tanggal habis berlaku tidak sesuai dengan masa berlaku jenis paspor ini."))
    if Passport.objects.filter(owner=owner, number=number).exists():
        raise _refuse("duplicate_passport", "number", _("Paspor ini sudah tercatat di akun Anda."), 409)
    return Passport.objects.create(owner=owner, kind=kind, number=number, issued_on=issued_on, expires_on=expires_on)


def passport_booking_record(*, owner, office: str, visit_date: dt.date, billing_code: str,
                            billing_at: dt.datetime | None = None) -> PassportBooking:
    """The citizen's M-Paspor booking: office, arrival date and the SIMPONI billing code (15
    digits, REFERENCE §5.2) for the payment and attendance reminders."""
    now = timezone.now()
    billing_at = billing_at or now
    code = re.sub(r"\s", "", billing_code or "")
    if not re.fullmatch(r"[0-9]{15}", code):
        raise _refuse("invalid_billing_code", "billing_code", _("Kode billing terdiri dari 15 angka."))
    if visit_date < timezone.localdate(billing_at):
        raise _refuse("visit_in_past", "visit_date", _("Tanggal datang sudah lewat."))
    if billing_at > now + dt.timedelta(minutes=5):
        raise _refuse("billing_in_future", "billing_at", _("Waktu kode billing tidak boleh di masa depan."))
    office = clean_text(office, max_length=150).strip()
    if not office:
        raise _refuse("office_required", "office", _("Isi kantor imigrasi."))
    with transaction.atomic():
        booking = PassportBooking.objects.create(owner=owner, office=office, visit_date=visit_date,
                                                 billing_code=code, billing_at=billing_at)
        notices.payment_due(booking)
    return booking


def passport_booking_paid(*, booking: PassportBooking) -> PassportBooking:
    if booking.paid_at is None:
        booking.paid_at = timezone.now()
        PassportBooking.objects.filter(pk=booking.pk, paid_at__isnull=True).update(paid_at=booking.paid_at)
    return booking


def certificate_save(*, owner, kind: str, number: str, full_name: str, birth_place: str,
                     birth_date: dt.date) -> HeldCertificate:
    if kind not in CertificateKind.values:
        raise _refuse("unknown_certificate", "kind", _("Jenis akta tidak dikenal."))
    values = {"kind": kind, "number": clean_text(number, max_length=40).strip(),
              "full_name": clean_text(full_name, max_length=150).strip(),
              "birth_place": clean_text(birth_place, max_length=100).strip(), "birth_date": birth_date}
    certificate, _created = HeldCertificate.objects.update_or_create(owner=owner, defaults=values)
    return certificate
