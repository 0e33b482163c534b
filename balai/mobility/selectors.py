"""Reads of the mobility app: a citizen's own records, the officer's review list (scoped by the
holder's regency), and the reminders a citizen has coming."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.civil.selectors import staff_regencies
from balai.core.formatting import format_date_ui

from . import rules
from .conf import conf
from .models import DrivingLicence, HeldCertificate, LicenceStatus, Passport, PassportBooking


def licences_of(user) -> QuerySet[DrivingLicence]:
    return DrivingLicence.objects.filter(owner=user).select_related("licence_class")


def passports_of(user) -> QuerySet[Passport]:
    return Passport.objects.filter(owner=user)


def passport_bookings_of(user) -> QuerySet[PassportBooking]:
    return PassportBooking.objects.filter(owner=user)


def access_licence(user, public_id) -> DrivingLicence:
    """The only way a citizen view gets a licence: its owner's, else 404."""
    licence = licences_of(user).filter(public_id=public_id).first()
    if licence is None:
        raise Http404
    return licence


def access_passport_booking(user, public_id) -> PassportBooking:
    booking = passport_bookings_of(user).filter(public_id=public_id).first()
    if booking is None:
        raise Http404
    return booking


def licences_for_staff(user, *, status: str = LicenceStatus.PENDING) -> QuerySet[DrivingLicence]:
    """Licences waiting for an officer, of holders whose address lies in the officer's regencies."""
    qs = DrivingLicence.objects.filter(status=status).select_related("licence_class", "owner", "owner__citizen")
    regencies = staff_regencies(user)
    if regencies is None:
        return qs.order_by("created_at")
    if not regencies:
        return qs.none()
    from django.db.models import Q

    scope = Q(pk__in=[])
    for code in regencies:
        scope |= Q(owner__citizen__village__code__startswith=code)
    return qs.filter(scope).order_by("created_at")


def staff_may_see(user, licence: DrivingLicence) -> bool:
    """An officer sees the licences of holders whose address lies in their regencies."""
    regencies = staff_regencies(user)
    if regencies is None:
        return True
    profile = getattr(licence.owner, "citizen", None)
    return profile is not None and profile.village_id[:4] in regencies


def access_licence_for_staff(user, public_id) -> DrivingLicence:
    licence = (DrivingLicence.objects.select_related("licence_class", "owner", "owner__citizen")
               .filter(public_id=public_id).first())
    if licence is None or not staff_may_see(user, licence):
        raise Http404
    return licence


@dataclass(frozen=True)
class Reminder:
    on: dt.date
    text: str


def reminders_for(user, *, today: dt.date, now: dt.datetime) -> list[Reminder]:
    """What Balai will remind this citizen of, from today on (earliest first)."""
    found: list[Reminder] = []
    days = tuple(conf.MOBILITY_SIM_REMINDER_DAYS)
    for licence in licences_of(user).exclude(status=LicenceStatus.REJECTED):
        years = licence.licence_class.validity_years
        expiry = rules.sim_expiry(licence.issued_on, years)
        for day in rules.sim_reminder_dates(licence.issued_on, days, years):
            found.append(Reminder(day, _("%(sim)s habis berlaku %(d)s: waktunya memperpanjang.")
                                  % {"sim": _(licence.licence_class.name), "d": format_date_ui(expiry)}))
    for passport in passports_of(user):
        for day in rules.passport_reminder_dates(passport.expires_on, tuple(conf.MOBILITY_PASSPORT_REMINDER_MONTHS)):
            found.append(Reminder(day, _("Paspor %(n)s habis berlaku %(d)s.")
                                  % {"n": passport.number, "d": format_date_ui(passport.expires_on)}))
    hours = int(conf.MOBILITY_MPASPOR_PAYMENT_HOURS)
    for booking in passport_bookings_of(user):
        deadline = rules.billing_deadline(booking.billing_at, hours)
        if booking.paid_at is None and deadline > now:
            found.append(Reminder(timezone.localdate(deadline), _("Bayar kode billing %(c)s sebelum %(t)s, atau jadwal M-Paspor "
                                                     "batal.") % {"c": booking.billing_code,
                                                                   "t": timezone.localtime(deadline).strftime("%H:%M")}))
        found.append(Reminder(booking.visit_date, _("Datang ke %(o)s dengan dokumen asli (KTP-el, KK, akta).")
                              % {"o": booking.office}))
    return sorted((r for r in found if r.on >= today), key=lambda r: r.on)


def personal_data(user) -> dict:
    """What the citizen has recorded here, for the UU PDP export: their licences (with the card
    photo's type and fingerprint, not the file), passports, M-Paspor bookings and the certificate
    they hold, unmasked — it is all theirs. Who reviewed a licence is staff's, not theirs: only the
    outcome, the time and the note to the holder are given."""
    def iso(value) -> str | None:
        return value.isoformat() if value else None

    certificate = HeldCertificate.objects.filter(owner=user).first()
    return {
        "driving_licences": [{
            "class": licence.licence_class.code, "number": licence.number, "issued_on": iso(licence.issued_on),
            "expires_on": iso(licence.expires_on), "status": licence.status, "source": licence.source,
            "photo": {"content_type": licence.photo_type, "sha256": licence.photo_sha256} if licence.photo else None,
            "reviewed_at": iso(licence.reviewed_at), "review_note": licence.review_note,
            "renewal_started_on": iso(licence.renewal_started_on), "created_at": iso(licence.created_at),
        } for licence in licences_of(user).order_by("created_at", "id")],
        "passports": [{
            "kind": p.kind, "number": p.number, "issued_on": iso(p.issued_on), "expires_on": iso(p.expires_on),
            "created_at": iso(p.created_at),
        } for p in passports_of(user).order_by("created_at", "id")],
        "passport_bookings": [{
            "office": pb.office, "visit_date": iso(pb.visit_date), "billing_code": pb.billing_code,
            "billing_at": iso(pb.billing_at), "paid_at": iso(pb.paid_at), "created_at": iso(pb.created_at),
        } for pb in passport_bookings_of(user).order_by("created_at", "id")],
        "held_certificate": None if certificate is None else {
            "kind": certificate.kind, "number": certificate.number, "full_name": certificate.full_name,
            "birth_place": certificate.birth_place, "birth_date": iso(certificate.birth_date),
            "updated_at": iso(certificate.updated_at)},
    }
