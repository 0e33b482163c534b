"""The fee rows in force on a day (REFERENCE §5.1 PP 76/2020, §5.2 PP 45/2024)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from .models import FeeKind, LicenceClass, PassportFee, PassportItem, SimFee


def _on(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def sim_fee(licence_class: LicenceClass, kind: str, day: dt.date) -> SimFee | None:
    return SimFee.objects.filter(_on(day), licence_class=licence_class, kind=kind).order_by("-valid_from").first()


def sim_fees(day: dt.date) -> list[SimFee]:
    return list(SimFee.objects.filter(_on(day)).select_related("licence_class")
                .order_by("licence_class__order", "kind"))


def passport_fee(item: str, day: dt.date) -> PassportFee | None:
    return PassportFee.objects.filter(_on(day), item=item).order_by("-valid_from").first()


def passport_fees(day: dt.date) -> list[PassportFee]:
    order = {code: n for n, code in enumerate(PassportItem.values)}
    rows = list(PassportFee.objects.filter(_on(day)))
    return sorted(rows, key=lambda r: order.get(r.item, 99))


__all__ = ["FeeKind", "passport_fee", "passport_fees", "sim_fee", "sim_fees"]
