"""Demo data (idempotent): SIM Keliling visits in Surabaya and Sidoarjo, a SIM A of the demo
citizen ``warga`` (Siti Aminah) inside its renewal window, and her passport readiness check with
one inconsistency — the place of birth printed on her KK differs from her birth certificate.

The inconsistency is made the way it happens: her KK was re-printed with "Kota Surabaya" as place
of birth, then the record was corrected to "Surabaya" without re-printing the card (both through
civil's services, audited). Her akta, which Balai's register does not hold, is recorded as she
would type it. Her KTP-el print date is set from the demo story: the demo officer verified her in
person with the card in hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

WIFE_NIK = "3578084512990001"
VISITS = [  # regency, place, address, days from today, opens, closes, places per hour
    ("3578", "SIM Keliling Taman Bungkul", "Jl. Raya Darmo, Wonokromo, Surabaya", 2, "08:00", "12:00", 12),
    ("3578", "SIM Keliling Balai Kota Surabaya", "Jl. Taman Surya No. 1, Surabaya", 5, "08:00", "11:00", 10),
    ("3515", "SIM Keliling Alun-alun Sidoarjo", "Jl. Sultan Agung, Sidoarjo", 3, "08:00", "12:00", 15),
]


def _visits(admin) -> list[str]:
    from balai.appointments.models import BookableService

    from .booking import SIM_KIND
    from .keliling import VisitInput, visit_create

    today = timezone.localdate()
    out = []
    for regency, place, address, days, opens, closes, per_hour in VISITS:
        day = today + dt.timedelta(days=days)
        while day.isoweekday() == 7:  # the units do not work on Sundays
            day += dt.timedelta(days=1)
        if not BookableService.objects.filter(kind=SIM_KIND, location__name=place, valid_from__gte=today).exists():
            visit_create(data=VisitInput(regency, place, address, day, dt.time.fromisoformat(opens),
                                         dt.time.fromisoformat(closes), per_hour), by=admin)
        out.append(f"SIM Keliling {place} — /sim-keliling/")
    return out


def _inconsistent_kk(person) -> None:
    from balai.civil.selectors import printed_identities
    from balai.civil.services import person_change_data

    if printed_identities(person)["kk"].birth_place != person.birth_place:
        return
    place = person.birth_place
    person_change_data(person=person, changes={"birth_place": f"Kota {place}"}, by=None, note="demo")
    person_change_data(person=person, changes={"birth_place": place}, by=None, note="demo", reissue=False)


@transaction.atomic
def seed_demo_mobility(accounts: list[dict]) -> Iterable[str]:
    from balai.accounts.models import User
    from balai.civil.models import Person

    from .models import CertificateKind, HeldCertificate, LicenceClass
    from .services import LicenceInput, certificate_save, licence_import

    admin = User.objects.filter(username="admin").first()
    out = _visits(admin)
    citizen = User.objects.filter(username="warga").first()
    person = Person.objects.filter(nik=WIFE_NIK).first()
    if citizen is None or person is None or not LicenceClass.objects.filter(code="A").exists():
        return out
    if person.ktp_issued_at is None:
        Person.objects.filter(pk=person.pk).update(ktp_issued_at=dt.date(2017, 12, 11))
    _inconsistent_kk(person)
    if not HeldCertificate.objects.filter(owner=citizen).exists():
        certificate_save(owner=citizen, kind=CertificateKind.BIRTH, number="3578-LU-08121999-0042",
                         full_name=person.full_name, birth_place=person.birth_place, birth_date=person.birth_date)
    today = timezone.localdate()
    issued = today.replace(year=today.year - 5) + dt.timedelta(days=40) if (today.month, today.day) != (2, 29) \
        else dt.date(today.year - 5, 2, 28) + dt.timedelta(days=40)
    licence_import(owner=citizen, data=LicenceInput("A", "350812345678", issued), by=admin)
    out.append("warga: SIM A in its renewal window; passport check with one difference "
               "(place of birth on the KK) — /sim-paspor/")
    return out
