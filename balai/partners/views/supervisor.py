"""Supervisor pages: dashboard per point, agents, voids, reconciliation, commission statements."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balai.accounts.decorators import staff_required
from balai.accounts.models import Role
from balai.core.errors import add_form_errors, error_message
from balai.core.typing import AuthedHttpRequest

from .. import selectors
from ..forms import AgentForm, PointForm, ResolveForm, StatementForm
from ..models import Agent, ClosingStatus, DayClosing, PointStatus, VoidStatus
from ..services import (
    PartnerError,
    agent_create,
    agent_reactivate,
    agent_suspend,
    closing_resolve,
    point_create,
    point_set_status,
    statement_import,
    void_decide,
)
from ..statements import commission_pdf
from .desk import slip_response

supervisor_required = staff_required([Role.SUPERVISOR, Role.ADMIN])


@never_cache
@supervisor_required
@require_GET
def dashboard(request: AuthedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    stats = [selectors.point_stats(p, today=today) for p in selectors.points_for_supervisor(request.user)]
    return render(request, "partners/supervisor/dashboard.html", {"stats": stats, "today": today})


@never_cache
@supervisor_required
@require_GET
def point_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _point_page(request, selectors.access_point(request.user, pk))


def _point_page(request: AuthedHttpRequest, point, *, agent_form: AgentForm | None = None) -> HttpResponse:
    today = timezone.localdate()
    months = [(today.year, today.month)]
    for _i in range(2):
        y, m = months[-1]
        months.append((y - 1, 12) if m == 1 else (y, m - 1))
    return render(request, "partners/supervisor/point.html", {
        "point": point, "stats": selectors.point_stats(point, today=today),
        "agents": point.agents.select_related("user").order_by("user__full_name"),
        "voids": point.collections.filter(void__status=VoidStatus.PENDING).select_related("void", "bill",
                                                                                          "agent__user"),
        "closings": point.closings.select_related("agent__user")[:30], "months": months,
        "agent_form": agent_form or AgentForm(), "resolve_form": ResolveForm(), "PointStatus": PointStatus,
        "ClosingStatus": ClosingStatus})


@supervisor_required
@require_http_methods(["GET", "POST"])
def point_new(request: AuthedHttpRequest) -> HttpResponse:
    form = PointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            point = point_create(by=request.user, supervisor=request.user if request.user.role == Role.SUPERVISOR
                                 else None, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except PartnerError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Titik layanan %(name)s dibuat.") % {"name": point.name})
            return redirect("partners:point", pk=point.pk)
    return render(request, "partners/supervisor/point_new.html", {"form": form})


@supervisor_required
@require_POST
def point_status(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    point = selectors.access_point(request.user, pk)
    try:
        point_set_status(point=point, by=request.user, status=request.POST.get("status", ""),
                         reason=request.POST.get("reason", ""))
    except PartnerError as exc:
        error_message(request, exc)
    return redirect("partners:point", pk=point.pk)


@supervisor_required
@require_POST
def agent_new(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A refused form comes back on the point's page with the errors at their fields and what was
    typed kept (except the password), instead of a redirect that loses it."""
    point = selectors.access_point(request.user, pk)
    form = AgentForm(request.POST)
    if form.is_valid():
        try:
            agent_create(point=point, by=request.user, **form.cleaned_data)
        except PartnerError as exc:
            error_message(request, exc)
        except ValidationError as exc:
            form.add_error(None, exc)  # a dict of field → messages lands on those fields
        else:
            messages.success(request, _("Akun agen dibuat. Agen mengaktifkan 2FA (TOTP) saat pertama masuk."))
            return redirect("partners:point", pk=point.pk)
    if form.errors:
        return _point_page(request, point, agent_form=form)
    return redirect("partners:point", pk=point.pk)


@supervisor_required
@require_POST
def agent_status(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    agent = Agent.objects.select_related("point").filter(
        pk=pk, point__in=selectors.points_for_supervisor(request.user)).first()
    if agent is None:
        raise Http404
    try:
        if request.POST.get("status") == PointStatus.SUSPENDED:
            agent_suspend(agent=agent, by=request.user, reason=request.POST.get("reason", ""))
        else:
            agent_reactivate(agent=agent, by=request.user)
    except PartnerError as exc:
        error_message(request, exc)
    return redirect("partners:point", pk=agent.point_id)


@supervisor_required
@require_POST
def void_decision(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    void = selectors.access_void(request.user, pk)
    try:
        void_decide(void=void, by=request.user, approve=request.POST.get("decision") == "approve",
                    note=request.POST.get("note", ""))
    except PartnerError as exc:
        error_message(request, exc)
    else:
        messages.success(request, _("Keputusan pembatalan disimpan."))
    return redirect("partners:point", pk=void.collection.point_id)


@never_cache
@supervisor_required
@require_http_methods(["GET", "POST"])
def reconcile(request: AuthedHttpRequest) -> HttpResponse:
    form = StatementForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = statement_import(by=request.user, file_name=upload.name, content=upload.read())
        except PartnerError as exc:
            form.add_error("file", exc.message)
    points = selectors.points_for_supervisor(request.user)
    open_items = (DayClosing.objects.filter(point__in=points, status=ClosingStatus.DISCREPANCY)
                  .select_related("point", "agent__user").order_by("closed_at"))
    return render(request, "partners/supervisor/reconcile.html", {
        "form": form, "result": result, "discrepancies": open_items, "resolve_form": ResolveForm()})


@supervisor_required
@require_POST
def resolve(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    closing = selectors.access_closing(request.user, pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih penyelesaian dan tulis alasannya."))
    else:
        try:
            closing_resolve(closing=closing, by=request.user, **form.cleaned_data)
        except PartnerError as exc:
            error_message(request, exc)
        else:
            messages.success(request, _("Selisih setoran %(n)s diselesaikan.") % {"n": closing.number})
    if request.POST.get("back") == "point":
        return redirect("partners:point", pk=closing.point_id)
    return redirect("partners:reconcile")


@supervisor_required
@require_GET
def slip(request: AuthedHttpRequest, pk: int) -> FileResponse:
    return slip_response(selectors.access_closing(request.user, pk))


def _statement(request: AuthedHttpRequest, pk: int, year: int, month: int):
    point = selectors.access_point(request.user, pk)
    if not 1 <= month <= 12 or not 2020 <= year <= 2100:
        raise Http404
    return selectors.commission_statement(point, year, month)


@supervisor_required
@require_GET
def commission_csv(request: AuthedHttpRequest, pk: int, year: int, month: int) -> HttpResponse:
    statement = _statement(request, pk, year, month)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["tanggal", "nomor_kuitansi", "kode_bayar", "agen", "jumlah", "komisi"])
    for row in statement.rows:
        writer.writerow([timezone.localtime(row.collected_at).strftime("%Y-%m-%d %H:%M"), row.payment.receipt_number,
                         row.bill.payment_code, row.agent.user.full_name, row.amount, row.commission])
    writer.writerow(["TOTAL", statement.count, "", "", statement.amount, statement.commission])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (f'attachment; filename="komisi-{statement.point.code}-'
                                       f'{year}-{month:02d}.csv"')
    return response


@supervisor_required
@require_GET
def commission_statement_pdf(request: AuthedHttpRequest, pk: int, year: int, month: int) -> HttpResponseBase:
    statement = _statement(request, pk, year, month)
    try:
        response = commission_pdf(statement, by=request.user)
    except PartnerError as exc:
        error_message(request, exc)
        return redirect("partners:point", pk=pk)
    return response
