from __future__ import annotations

from django.db.models import QuerySet

from balai.core.nik import JATIM

from .models import Level, Region


def region_get(code: str) -> Region | None:
    return Region.objects.select_related("parent").filter(code=code).first()


def region_children(code: str | None) -> QuerySet[Region]:
    if not code:
        return Region.objects.filter(level=Level.PROVINCE).order_by("code")
    return Region.objects.filter(parent_id=code).order_by("code")


def regency_choices(province: str = JATIM) -> QuerySet[Region]:
    return Region.objects.filter(parent_id=province, level=Level.REGENCY).order_by("code")
