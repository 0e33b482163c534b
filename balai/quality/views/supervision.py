"""The supervisor's view: the dashboard's figures for their jurisdiction, the overdue cases with
who holds each, the complaint backlog, and the ASN fluency of the units in the jurisdiction
(unit figures only: the per-officer ones stay on the ASN workspace)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from balai.accounts.decorators import staff_required
from balai.cases.selectors import queue_page, staff_scope

from .. import complaint_selectors
from ..dashboard import add_months, months, scope_for
from ..units import fluency_for_supervisor


@staff_required(("supervisor", "admin"))
@require_GET
def supervision(request: HttpRequest) -> HttpResponse:
    user = request.user
    scope = staff_scope(user)
    period = timezone.localdate().replace(day=1)
    series = months(scope_for(scope.regencies), add_months(period, -5), period) if scope.regencies else []
    overdue = queue_page(officer=user, overdue=True, per_page=50)
    backlog = complaint_selectors.complaints_for_staff(user, status="open")
    late = complaint_selectors.complaints_for_staff(user, overdue=True)
    return render(request, "quality/supervision.html", {
        "scope": scope, "series": series, "overdue": overdue, "today": timezone.localdate(),
        "backlog_count": backlog.count(), "late_complaints": list(late[:50]), "late_count": late.count(),
        "fluency": fluency_for_supervisor(user)})
