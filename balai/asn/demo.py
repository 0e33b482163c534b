"""Demo data (idempotent): ASN profiles for the demo staff with training progress, and a civil
servant of the supervisor's unit near retirement whose file the daily task opens by itself."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from .engine import add_months
from .files import retirement_open_due
from .models import AsnProfile, Completion, CompletionKind, Course
from .services import profile_save
from .training import completion_record

RETIRING = "asn.pensiun"


def _profile(user, nip: str, born: date, **extra) -> None:
    if AsnProfile.objects.filter(user=user).exists():
        return
    data = {"nip": nip, "kind": "pns", "position_type": "administrative", "functional_level": "",
            "position_name": "Pengadministrasi Kependudukan", "rank": "III/b", "rank_tmt": "2022-04-01",
            "birth_date": born.isoformat(), "education": "s1", "skp_last": "baik", "skp_previous": "baik"}
    data.update(extra)
    profile_save(user=user, data=data)


def _retiring_user(unit_of_supervisor: str):
    from balai.accounts.services import staff_create

    User = get_user_model()
    user = User.objects.filter(username=RETIRING).first()
    if user is None:
        user = staff_create(username=RETIRING, password=secrets.token_urlsafe(24), full_name="Sri Handayani", role="officer",
                            unit=unit_of_supervisor, email="asn.pensiun@demo.balai.local", jurisdiction=["3578"])
    return user


def seed_asn(accounts: list[dict]) -> Iterable[str]:
    User = get_user_model()
    lines: list[str] = []
    today = timezone.localdate()
    officer = User.objects.filter(username="petugas").first()
    supervisor = User.objects.filter(username="supervisor").select_related("staff").first()
    if officer is None or supervisor is None:
        return ["no demo staff: run seed_demo's accounts first"]
    _profile(officer, "198507142010012003", date(1985, 7, 14), rank="III/a", rank_tmt="2021-10-01")
    _profile(supervisor, "197603052000031002", date(1976, 3, 5), rank="III/d", rank_tmt="2022-04-01",
             is_hr_officer="on")
    course = Course.objects.filter(code="meja-digital").first()
    if course is not None and not Completion.objects.filter(user=officer, kind=CompletionKind.COURSE).exists():
        completion_record(user=officer, kind=CompletionKind.COURSE, course=course, title=course.title, jp=course.jp)
    retiring = _retiring_user(supervisor.staff.unit)
    born = add_months(today, 5 - 58 * 12).replace(day=9)
    _profile(retiring, f"{born:%Y%m%d}198803" + "2001", born)
    opened = retirement_open_due(today=today)
    lines.append(f"ASN profiles: {AsnProfile.objects.count()}; retirement files opened now: {opened}")
    return lines
