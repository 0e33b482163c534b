"""SIM and passport reminder events (category ``licences``), registered with the notifications
app, and the sender that emits the ones due (``send_due_reminders``: a daily task, idempotent
through the notification key)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

SIM_WINDOW = "mobility.sim_renewal_open"
SIM_LAST_CALL = "mobility.sim_expiring"
PASSPORT_EXPIRING = "mobility.passport_expiring"
PASSPORT_PAYMENT = "mobility.passport_payment_due"
PASSPORT_VISIT = "mobility.passport_visit"
LICENCE_REVIEWED = "mobility.licence_reviewed"


def register() -> None:
    from balai.notifications.registry import Text, register_event

    register_event(SIM_WINDOW, _("SIM bisa diperpanjang"), category="licences",
                   placeholders=("sim", "expires", "url"), templates={
                       "email": {"id": Text("{sim} Anda habis berlaku {expires}. Perpanjangan sudah dapat diajukan: "
                                            "periksa kesiapan dan rutenya di {url}", subject="{sim}: waktunya perpanjang"),
                                 "en": Text("Your {sim} expires on {expires}. You can renew it now: check readiness "
                                            "and the route at {url}", subject="{sim}: time to renew")},
                       "sms": {"id": "Balai: {sim} habis berlaku {expires}. Perpanjang sekarang: {url}",
                               "en": "Balai: {sim} expires {expires}. Renew now: {url}"}})
    register_event(SIM_LAST_CALL, _("SIM segera habis berlaku"), category="licences",
                   placeholders=("sim", "expires", "url"), templates={
                       "email": {"id": Text("{sim} Anda habis berlaku {expires}. Setelah itu SIM harus dibuat baru "
                                            "dengan ujian. Rincian: {url}", subject="{sim} segera habis berlaku"),
                                 "en": Text("Your {sim} expires on {expires}. After that a new licence with tests is "
                                            "needed. Details: {url}", subject="{sim} expires soon")},
                       "sms": {"id": "Balai: {sim} habis berlaku {expires}, setelah itu harus ujian ulang. {url}",
                               "en": "Balai: {sim} expires {expires}; after that, tests again. {url}"}})
    register_event(PASSPORT_EXPIRING, _("Paspor segera habis berlaku"), category="licences",
                   placeholders=("number", "expires", "url"), templates={
                       "email": {"id": Text("Paspor {number} habis berlaku {expires}. Banyak negara menolak paspor "
                                            "yang berlaku kurang dari 6 bulan. Periksa kesiapan dokumen: {url}",
                                            subject="Paspor habis berlaku {expires}"),
                                 "en": Text("Passport {number} expires on {expires}. Many countries refuse a passport "
                                            "valid for less than 6 months. Check your documents: {url}",
                                            subject="Passport expires {expires}")},
                       "sms": {"id": "Balai: paspor {number} habis berlaku {expires}. {url}",
                               "en": "Balai: passport {number} expires {expires}. {url}"}})
    register_event(PASSPORT_PAYMENT, _("Bayar kode billing paspor"), category="licences",
                   placeholders=("code", "deadline", "url"), templates={
                       "email": {"id": Text("Bayar kode billing {code} sebelum {deadline}, atau jadwal M-Paspor batal. "
                                            "{url}", subject="Bayar paspor sebelum {deadline}"),
                                 "en": Text("Pay billing code {code} before {deadline}, or the M-Paspor booking lapses. "
                                            "{url}", subject="Pay for the passport before {deadline}")},
                       "sms": {"id": "Balai: bayar kode billing {code} sebelum {deadline}. {url}",
                               "en": "Balai: pay billing code {code} before {deadline}. {url}"}})
    register_event(PASSPORT_VISIT, _("Jadwal datang ke kantor imigrasi"), category="licences",
                   placeholders=("office", "date", "url"), templates={
                       "email": {"id": Text("Besok {date} Anda dijadwalkan datang ke {office}. Bawa KTP-el, KK, dan akta "
                                            "asli. {url}", subject="Jadwal paspor {date}"),
                                 "en": Text("Tomorrow, {date}, you are expected at {office}. Bring the original KTP-el, "
                                            "KK and certificate. {url}", subject="Passport appointment {date}")},
                       "sms": {"id": "Balai: {date} datang ke {office} dengan dokumen asli. {url}",
                               "en": "Balai: {date} at {office}, bring originals. {url}"}})
    register_event(LICENCE_REVIEWED, _("SIM diperiksa petugas"), category="licences",
                   placeholders=("sim", "result", "url"), templates={
                       "email": {"id": Text("{sim}: {result}. {url}", subject="{sim} diperiksa petugas"),
                                 "en": Text("{sim}: {result}. {url}", subject="{sim} checked by an officer")},
                       "sms": {"id": "Balai: {sim}: {result}. {url}", "en": "Balai: {sim}: {result}. {url}"}})


def send_due_reminders(*, today: dt.date) -> int:
    """Every reminder due today (SIM window and last call, passport 9/7 months, visit tomorrow).
    Keys name the occurrence, so a re-run sends nothing twice."""
    from balai.notifications.services import notify

    from . import rules
    from .conf import conf
    from .models import LicenceStatus, Passport, PassportBooking

    sent = 0
    hub = reverse("mobility:hub")
    window, last_call = (tuple(conf.MOBILITY_SIM_REMINDER_DAYS) + (0, 0))[:2]
    for days, event in ((window, SIM_WINDOW), (last_call, SIM_LAST_CALL)):
        for licence in (_licences_expiring(today + dt.timedelta(days=days)).exclude(status=LicenceStatus.REJECTED)
                        .select_related("licence_class", "owner")):
            expires = licence.expires_on
            notify(event, recipient=licence.owner, key=f"sim-{licence.pk}-{expires}-{days}",
                   context={"sim": licence.licence_class.name, "expires": expires,
                            "url": reverse("mobility:licence", args=[licence.public_id])})
            sent += 1
    for months in tuple(conf.MOBILITY_PASSPORT_REMINDER_MONTHS):
        for passport in Passport.objects.filter(expires_on__gte=today).select_related("owner"):
            if rules.add_months(passport.expires_on, -months) == today:
                notify(PASSPORT_EXPIRING, recipient=passport.owner, key=f"passport-{passport.pk}-{months}",
                       context={"number": passport.number, "expires": passport.expires_on, "url": hub})
                sent += 1
    for booking in PassportBooking.objects.filter(visit_date=today + dt.timedelta(days=1)).select_related("owner"):
        notify(PASSPORT_VISIT, recipient=booking.owner, key=f"mpaspor-{booking.pk}-visit",
               context={"office": booking.office, "date": booking.visit_date, "url": hub})
        sent += 1
    return sent


def _licences_expiring(expiry: dt.date):
    """Licences whose SIM expires on ``expiry``: per validity of the class (5 years, the
    international SIM 3), the issue dates that end on that day."""
    from django.db.models import Q

    from . import rules
    from .models import DrivingLicence, LicenceClass

    scope = Q(pk__in=[])
    for years in LicenceClass.objects.values_list("validity_years", flat=True).distinct():
        scope |= Q(licence_class__validity_years=years, issued_on__in=rules.sim_issue_dates(expiry, years))
    return DrivingLicence.objects.filter(scope)


def payment_due(booking) -> None:
    """Right after the citizen records an M-Paspor booking: pay before the billing code lapses."""
    from balai.notifications.services import notify

    from . import rules
    from .conf import conf

    deadline = rules.billing_deadline(booking.billing_at, int(conf.MOBILITY_MPASPOR_PAYMENT_HOURS))
    notify(PASSPORT_PAYMENT, recipient=booking.owner, key=f"mpaspor-{booking.pk}-pay",
           context={"code": booking.billing_code, "deadline": deadline, "url": reverse("mobility:hub")})


def licence_reviewed(licence) -> None:
    from balai.notifications.services import notify

    from .models import LicenceStatus

    result = (_("data sesuai dengan foto kartu") if licence.status == LicenceStatus.CONFIRMED
              else _("ditolak: %(r)s") % {"r": licence.review_note})
    notify(LICENCE_REVIEWED, recipient=licence.owner, key=f"licence-{licence.pk}-reviewed",
           context={"sim": licence.licence_class.name, "result": str(result),
                    "url": reverse("mobility:licence", args=[licence.public_id])})
