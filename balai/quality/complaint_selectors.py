"""Reads of complaints: the unit's desk (scoped to the staff's offices and jurisdiction), the
reporter's own, the follow link, the public register of resolved complaints (anonymised)."""

from __future__ import annotations

import hmac

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from balai.cases.selectors import staff_scope

from . import conf
from .models import OPEN_COMPLAINT_STATES, Complaint, ComplaintStatus
from .services.complaints import key_hash


def _staff_filter(user) -> Q:
    scope = staff_scope(user)
    from balai.cases.models import Office

    unit_types = set(Office.objects.filter(pk__in=scope.office_ids).values_list("unit_type", flat=True))
    return Q(regency_code__in=scope.regencies, unit_type__in=unit_types)


def complaints_for_staff(user, *, status: str = "", overdue: bool = False) -> QuerySet[Complaint]:
    qs = Complaint.objects.filter(_staff_filter(user)).select_related("service")
    if status == "open":
        qs = qs.filter(status__in=OPEN_COMPLAINT_STATES)
    elif status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status__in=OPEN_COMPLAINT_STATES, due_date__lt=timezone.localdate())
    return qs.order_by("due_date", "id")


def access_complaint_staff(user, number: str) -> Complaint:
    complaint = Complaint.objects.filter(_staff_filter(user), number=number).first()
    if complaint is None:
        raise Http404
    return complaint


def complaints_of_reporter(user) -> QuerySet[Complaint]:
    return Complaint.objects.filter(reporter=user).order_by("-received_at")


def access_complaint_reporter(user, number: str, key: str = "") -> Complaint:
    """The reporter's own complaint (signed in), or any complaint with its follow key."""
    complaint = Complaint.objects.filter(number=number).first()
    if complaint is None:
        raise Http404
    if user.is_authenticated and complaint.reporter_id == user.pk:
        return complaint
    if key and hmac.compare_digest(complaint.follow_key_hash, key_hash(key)):
        return complaint
    raise Http404


def public_register() -> QuerySet[Complaint]:
    """Closed complaints with their public summary: no reporter, no text, no reference number."""
    return (Complaint.objects.filter(status=ComplaintStatus.CLOSED).exclude(public_summary="")
            .only("number", "category", "unit_type", "regency_code", "received_at", "resolved_at", "due_date",
                  "public_summary", "service_id", "subject_kind").order_by("-resolved_at", "-id"))


def lapor_url(complaint: Complaint) -> str:
    return conf.LAPOR_URL.format(number=complaint.lapor_number) if complaint.lapor_number else ""
