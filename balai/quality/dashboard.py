"""The public dashboard's figures, read from the summary tables only (never the case log)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet, Sum

from . import conf
from .ikm import IkmResult
from .models import CaseMonthStat, ComplaintMonthStat, PaymentDayStat, SurveyStat, VerificationMonthStat
from .selectors import Sums
from .services.refresh import CHANNEL_GROUPS


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def median_from_histogram(histogram: Counter) -> Decimal | None:
    """The median of values given as {value: count} (mean of the two middle values when even)."""
    total = sum(histogram.values())
    if not total:
        return None
    ordered = sorted((int(k), v) for k, v in histogram.items() if v)
    wanted = [(total - 1) // 2, total // 2]
    found, seen = [], 0
    for value, count in ordered:
        while wanted and wanted[0] < seen + count:
            found.append(value)
            wanted.pop(0)
        seen += count
    return Decimal(sum(found)) / 2


def percent(part: int, whole: int) -> Decimal | None:
    return None if not whole else (Decimal(100) * part / whole).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Scope:
    regencies: tuple[str, ...] = ()  # () = the province
    service_id: int | None = None
    synthetic: bool = False  # include the demo's synthetic history


    @property
    def regency(self) -> str:
        return self.regencies[0] if len(self.regencies) == 1 else ""


def scope_for(regencies: tuple[str, ...] = (), service_id: int | None = None) -> Scope:
    return Scope(tuple(regencies), service_id, bool(getattr(settings, "DEMO", False)))


def _filter(qs: QuerySet, scope: Scope, *, service: bool = True) -> QuerySet:
    if scope.regencies:
        qs = qs.filter(regency_code__in=scope.regencies)
    if service and scope.service_id:
        qs = qs.filter(service_id=scope.service_id)
    return qs if scope.synthetic else qs.filter(synthetic=False)


@dataclass
class Month:
    period: date
    received: int = 0
    received_counter: int = 0
    completed: int = 0
    completed_in_sla: int = 0
    completed_returned: int = 0
    median_days: Decimal | None = None
    ikm: IkmResult | None = None
    complaints_received: int = 0
    complaints_resolved: int = 0
    complaints_in_time: int = 0
    pkb: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CHANNEL_GROUPS, 0))
    verifications: Counter = field(default_factory=Counter)  # {"qr" | "upload" | "api": documents verified}

    @property
    def verified_by_qr(self) -> int:
        """Verifications of known documents on the public page opened from their QR code."""
        return self.verifications["qr"]

    @property
    def online_share(self) -> Decimal | None:
        return percent(self.received - self.received_counter, self.received)

    @property
    def counter_share(self) -> Decimal | None:
        return percent(self.received_counter, self.received)

    @property
    def in_sla_share(self) -> Decimal | None:
        return percent(self.completed_in_sla, self.completed)

    @property
    def returned_share(self) -> Decimal | None:
        return percent(self.completed_returned, self.completed)

    @property
    def complaints_in_time_share(self) -> Decimal | None:
        return percent(self.complaints_in_time, self.complaints_resolved)

    @property
    def pkb_total(self) -> int:
        return sum(self.pkb.values())

    @property
    def opop_share(self) -> Decimal | None:
        return percent(self.pkb["opop"], self.pkb_total)


def months(scope: Scope, first: date, last: date) -> list[Month]:
    """Figures of each month from ``first`` to ``last`` (first days of months)."""
    result = {}
    m = first
    while m <= last:
        result[m] = Month(m)
        m = add_months(m, 1)
    cases = _filter(CaseMonthStat.objects.filter(period__gte=first, period__lte=last), scope)
    for row in cases.values("period").annotate(
            r=Sum("received"), rc=Sum("received_counter"), c=Sum("completed"), s=Sum("completed_in_sla"),
            rt=Sum("completed_returned")):
        month = result[row["period"]]
        month.received, month.received_counter, month.completed = row["r"], row["rc"], row["c"]
        month.completed_in_sla, month.completed_returned = row["s"], row["rt"]
    histograms: dict[date, Counter] = {m: Counter() for m in result}
    for period, histogram in cases.values_list("period", "days_histogram"):
        histograms[period].update({k: int(v) for k, v in histogram.items()})
    surveys: dict[date, Sums] = {m: Sums() for m in result}
    for row in _filter(SurveyStat.objects.filter(period__gte=first, period__lte=last), scope).values(
            "period", "responses", "sums", "counts"):
        surveys[row["period"]].add(row["responses"], row["sums"], row["counts"])
    complaints = _filter(ComplaintMonthStat.objects.filter(period__gte=first, period__lte=last), scope, service=False)
    for row in complaints.values("period").annotate(r=Sum("received"), d=Sum("resolved"), t=Sum("resolved_in_time")):
        month = result[row["period"]]
        month.complaints_received, month.complaints_resolved, month.complaints_in_time = row["r"], row["d"], row["t"]
    payments = _filter(PaymentDayStat.objects.filter(day__gte=first, day__lt=add_months(last, 1)), scope, service=False)
    for row in payments.values("day", "channel_group").annotate(a=Sum("amount")):
        pkb = result[row["day"].replace(day=1)].pkb
        pkb[row["channel_group"]] = pkb.get(row["channel_group"], 0) + int(row["a"])
    verifications = _filter(VerificationMonthStat.objects.filter(period__gte=first, period__lte=last), scope,
                            service=False)
    for row in verifications.values("period", "channel").annotate(n=Sum("verifications")):
        result[row["period"]].verifications[row["channel"]] += int(row["n"])
    for period, month in result.items():
        month.median_days = median_from_histogram(histograms[period])
        # fewer responses than the staff's smallest cell: not shown publicly either
        month.ikm = surveys[period].result() if surveys[period].responses >= conf.SURVEY_MIN_CELL else None
    return list(result.values())
