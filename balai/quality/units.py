"""Reads about service units (an ``Office``: one unit type in one regency): the public list and
unit page with the current maklumat pelayanan, the supervisor's units, and the units' ASN
fluency (public: aggregate shares from ``FluencyStat``; staff: unit figures from balai.asn)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum
from django.http import Http404
from django.utils import timezone

from balai.cases.models import Office
from balai.cases.selectors import staff_scope
from balai.documents.models import Status

from . import conf
from .dashboard import percent
from .models import FluencyStat, ServicePledge


def current_pledge(office: Office) -> ServicePledge | None:
    """The newest maklumat of the unit whose signed document is still valid (not revoked)."""
    return (ServicePledge.objects.filter(office=office, document__status=Status.VALID)
            .select_related("document").order_by("-version").first())


def public_office(pk: int) -> Office:
    office = Office.objects.filter(pk=pk).first()
    if office is None:
        raise Http404
    return office


def offices_in(regency: str) -> list[Office]:
    return list(Office.objects.filter(regency_code=regency).order_by("unit_type", "name"))


def offices_by_regency(regency_names: dict[str, str], regency: str = "") -> list[tuple[str, list[Office]]]:
    """(regency name, its offices) in the order of ``regency_names``; one regency when given."""
    offices = Office.objects.order_by("regency_code", "unit_type", "name")
    if regency:
        offices = offices.filter(regency_code=regency)
    grouped: dict[str, list[Office]] = {}
    for office in offices:
        grouped.setdefault(office.regency_code, []).append(office)
    return [(regency_names.get(code, code), grouped[code]) for code in regency_names if code in grouped]


def services_of(office: Office) -> list:
    """The published services this kind of unit delivers (their standards are on cases' pages)."""
    from balai.cases.selectors import published_versions

    return [v for v in published_versions() if v.unit_type == office.unit_type]


def pledged_office_ids() -> set[int]:
    return set(ServicePledge.objects.filter(document__status=Status.VALID).values_list("office_id", flat=True))


def offices_for_pledge_desk(user) -> list[tuple[Office, ServicePledge | None]]:
    """The offices of the supervisor's desk with their current maklumat."""
    offices = Office.objects.filter(pk__in=staff_scope(user).office_ids).order_by("regency_code", "name")
    return [(office, current_pledge(office)) for office in offices]


# --- ASN fluency ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class FluencyShare:
    """Aggregate ASN fluency of a scope: counts of people, never who."""

    year: int
    asn: int
    with_required_jp: int
    passed_practice: int
    units: int

    @property
    def shown(self) -> bool:
        return self.asn >= conf.FLUENCY_MIN_ASN

    @property
    def share_required_jp(self):
        return percent(self.with_required_jp, self.asn) if self.shown else None

    @property
    def share_practice(self):
        return percent(self.passed_practice, self.asn) if self.shown else None


def fluency_share(regencies: tuple[str, ...] = (), year: int | None = None) -> FluencyShare:
    """Sum of the units' rows of ``FluencyStat`` (province: every unit, also province-level ones)."""
    year = year or timezone.localdate().year
    rows = FluencyStat.objects.filter(year=year)
    if regencies:
        rows = rows.filter(regency_code__in=regencies)
    sums = rows.aggregate(a=Sum("asn"), j=Sum("with_required_jp"), p=Sum("passed_practice"))
    return FluencyShare(year, sums["a"] or 0, sums["j"] or 0, sums["p"] or 0, rows.count())


def fluency_for_supervisor(user, *, year: int | None = None) -> list:
    """balai.asn's unit figures (``UnitFluency``, without per-officer rows) of the units in the
    supervisor's jurisdiction that have ASN profiles: their own unit and the offices of their
    regencies."""
    from balai.asn.selectors import unit_fluency, units_with_asn

    scope = staff_scope(user)
    if not scope.regencies and not scope.unit:
        return []
    names = set(Office.objects.filter(regency_code__in=scope.regencies).values_list("name", flat=True))
    wanted = {u for u in units_with_asn() if u in names or (scope.unit and u.lower() == scope.unit.lower())}
    return [unit_fluency(unit, year=year) for unit in sorted(wanted)]
