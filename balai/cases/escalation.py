"""Escalation of overdue cases: each office's supervisors are told once per case (in-app notice
and e-mail through balai.notifications), office by office so one failure does not stop the others."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import Role, User
from balai.core import audit
from balai.core.formatting import format_date_ui

from .models import Application, Notice, Office, State
from .notices import escalated as notify_escalated

log = logging.getLogger(__name__)


def overdue_queryset(today):
    return Application.objects.filter(
        escalated_at__isnull=True, paused_at__isnull=True, due_date__lt=today,
        state__in=[State.SUBMITTED, State.IN_REVIEW, State.RESUBMITTED])


def supervisors_of(office: Office) -> list[User]:
    """Supervisors of the office's unit in its regency; else any supervisor of the regency."""
    base = User.objects.filter(role=Role.SUPERVISOR, is_active=True, staff__jurisdiction=office.regency_code)
    same_unit = list(base.filter(staff__unit__iexact=office.name))
    return same_unit or list(base)


def escalate_office(*, office: Office, today) -> int:
    """Mark the office's overdue cases and tell its supervisors, in one transaction. Idempotent:
    an escalated case is not escalated again until it is resubmitted."""
    with transaction.atomic():
        cases = list(overdue_queryset(today).filter(office=office).select_for_update(skip_locked=True)
                     .order_by("due_date")[:500])
        if not cases:
            return 0
        now = timezone.now()
        Application.objects.filter(pk__in=[c.pk for c in cases]).update(escalated_at=now)
        supervisors = supervisors_of(office)
        title = _("%(n)s permohonan melewati batas waktu di %(office)s") % {"n": len(cases), "office": office.name}
        notices = [Notice(user=s, application=c, kind="escalation", title=title,
                          body=_("Permohonan %(number)s melewati batas waktu %(due)s.")
                          % {"number": c.tracking_display, "due": format_date_ui(c.due_date)})
                   for s in supervisors for c in cases]
        Notice.objects.bulk_create(notices, ignore_conflicts=True)
        audit.record(action="cases.escalated", object_type="office", object_id=office.pk,
                     data={"cases": [c.tracking_number for c in cases], "supervisors": [s.pk for s in supervisors]})
        notify_escalated(office=office, cases=cases, supervisors=supervisors)  # e-mail via balai.notifications
        if not supervisors:
            log.warning("no supervisor for office %s; %d overdue cases marked", office.pk, len(cases))
    return len(cases)


def escalate_overdue(*, today=None) -> dict[str, int]:
    """Every office with overdue cases, each in its own transaction: one failing office is
    logged and skipped, the others are still escalated."""
    today = today or timezone.localdate()
    office_ids = sorted(set(overdue_queryset(today).values_list("office_id", flat=True).distinct()))
    result = {"offices": 0, "cases": 0, "failed": 0}
    for office in Office.objects.filter(pk__in=office_ids).order_by("pk"):
        try:
            n = escalate_office(office=office, today=today)
        except Exception:
            log.exception("escalation failed for office %s", office.pk)
            result["failed"] += 1
            continue
        result["offices"] += 1
        result["cases"] += n
    return result
