"""Where a case goes and how long it may take: the issuing office of a regency and its SLA."""

from __future__ import annotations

from balai.regions.models import Region

from .models import UNIT_NAME_PREFIX, Office, OfficeServiceSLA, ServiceVersion


def office_for(unit_type: str, regency_code: str) -> Office:
    """The issuing office of ``unit_type`` for a regency, created on first use with the name
    staff profiles use ("Dispendukcapil Kota Surabaya")."""
    office = Office.objects.filter(unit_type=unit_type, regency_code=regency_code).first()
    if office is not None:
        return office
    region = Region.objects.filter(code=regency_code).first()
    name = f"{UNIT_NAME_PREFIX.get(unit_type, '')} {region.name if region else regency_code}".strip()
    Office.objects.bulk_create([Office(unit_type=unit_type, regency_code=regency_code, name=name)],
                               ignore_conflicts=True)
    return Office.objects.get(unit_type=unit_type, regency_code=regency_code)


def sla_days_for(version: ServiceVersion, office: Office) -> int:
    override = OfficeServiceSLA.objects.filter(service_id=version.service_id, office=office).first()
    return override.sla_days if override else version.sla_days
