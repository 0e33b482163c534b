"""Copy each unit's ASN fluency counts (balai.asn.selectors.unit_fluency) into ``FluencyStat``,
so the public dashboard's aggregate share reads a small table instead of the training records.
Run by its own beat task (tasks.refresh_fluency, hourly: the counts move by the day), skipped
when the last run is more recent than ``FLUENCY_REFRESH_SECONDS``."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from balai.cases.models import Office

from .. import conf
from ..models import FluencyStat, RefreshMark

FLUENCY_MARK = "asn_fluency"


def refresh_fluency(*, force: bool = False) -> int:
    """Rewrite this year's rows of every unit with ASN; returns the units written (0 when the last
    run is recent enough)."""
    from balai.asn.selectors import unit_fluency, units_with_asn

    now = timezone.now()
    mark, _created = RefreshMark.objects.get_or_create(name=FLUENCY_MARK)
    if not force and mark.refreshed_at and now - mark.refreshed_at < timedelta(seconds=conf.FLUENCY_REFRESH_SECONDS):
        return 0
    year = timezone.localdate().year
    regency_of = {name.lower(): code for name, code in Office.objects.values_list("name", "regency_code")}
    figures = [unit_fluency(unit, year=year) for unit in units_with_asn()]
    with transaction.atomic():
        FluencyStat.objects.filter(year=year).delete()
        FluencyStat.objects.bulk_create([
            FluencyStat(year=year, unit=f.unit, regency_code=regency_of.get(f.unit.lower(), ""), asn=f.asn,
                        with_required_jp=f.with_required_jp, passed_practice=f.passed_practice, refreshed_at=now)
            for f in figures])
        RefreshMark.objects.filter(pk=mark.pk).update(refreshed_at=now)
    return len(figures)
