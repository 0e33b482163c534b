"""Demo service point (idempotent): a Koppontren in Surabaya with the demo agent ``agen`` and the
demo ``supervisor`` as its supervisor."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict

from balai.accounts.models import Role, User

from .models import ServicePoint


class _PointFields(TypedDict):  # the keyword arguments of point_create given here
    name: str
    village_code: str
    address: str
    contact_name: str
    contact_phone: str
    samsat_unit: str
    cash_limit: int
    opening_hours: str
    bank_name: str
    bank_account_number: str
    bank_account_name: str


DEMO_POINT: _PointFields = {
    "name": "Koppontren Pondok Pesantren Al-Hikmah",
    "village_code": "3578081001",  # a Surabaya kelurahan (the demo regency, like the demo accounts)
    "address": "Jl. Raya Gubeng No. 45, Surabaya",
    "contact_name": "Ustadz Abdul Karim",
    "contact_phone": "031-5012345",
    "samsat_unit": "UPT PPD Surabaya Timur",
    "cash_limit": 5_000_000,
    "opening_hours": "Sabtu–Kamis 08.00–15.00",
    "bank_name": "Bank Jatim Syariah",
    "bank_account_number": "6201234567",
    "bank_account_name": "Koppontren Al-Hikmah",
}


def seed_demo_point(accounts: list[dict]) -> Iterable[str]:
    from .services import agent_attach, point_create

    supervisor = User.objects.filter(username="supervisor", role=Role.SUPERVISOR).first()
    agent_user = User.objects.filter(username="agen", role=Role.AGENT).first()
    if supervisor is None or agent_user is None:
        return ["demo supervisor or agent missing: no service point"]
    point = ServicePoint.objects.filter(name=DEMO_POINT["name"]).first()
    if point is None:
        point = point_create(by=supervisor, supervisor=supervisor, **DEMO_POINT)
    elif point.supervisor_id is None:
        point.supervisor = supervisor
        point.save(update_fields=["supervisor"])
    agent_attach(user=agent_user, point=point, by=supervisor)
    return [f"service point {point.code} {point.name}: agent 'agen' at /agen/, supervisor 'supervisor' at /mitra/"]
