"""HTML: the citizen's bill page (view, pay through a gateway, receipt), staff reports and tasks."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balai.accounts.decorators import staff_required
from balai.core.errors import error_message
from balai.core.masking import mask_name

from . import return_links
from .gateways import GatewayError, registry
from .models import Bill, PaymentAttempt
from .selectors import REPORT_ROLES, bill_description_for, bill_for_code, collections_report, tasks_for_staff
from .services import PaymentError, attempt_start, task_resolve
from .states import BillStatus, PaymentStatus


def _bill(payment_code: str) -> Bill:
    bill = bill_for_code(payment_code)
    if bill is None:
        raise Http404
    return bill


def _context(request: HttpRequest, bill: Bill) -> dict:
    payment = bill.payments.filter(status=PaymentStatus.POSTED).select_related("receipt").first()
    receipt = getattr(payment, "receipt", None) if payment else None
    is_payer = request.user.is_authenticated and bill.payer_id == request.user.pk
    signed = return_links.link_context(payment) if receipt else {}  # the payer's downloads, no account needed
    return {**signed, "bill": bill, "lines": bill.lines.select_related("beneficiary").order_by("position"),
            "payer_name": bill.payer_name if is_payer else mask_name(bill.payer_name),
            "description": bill_description_for(request.user, bill),
            "payment": payment, "receipt": receipt, "is_open": bill.status == BillStatus.OPEN
            and bill.expires_at > timezone.now(), "gateways": registry.enabled()}


@require_GET
def bill_lookup(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("kode", "").strip().replace(" ", "")
    error = ""
    if code:
        if bill_for_code(code) is not None:
            return redirect("payments:bill", payment_code=code)
        error = _("Kode bayar tidak ditemukan. Periksa kembali angkanya.")
    return render(request, "payments/lookup.html", {"code": code, "error": error})


@never_cache
@require_GET
def bill_page(request: HttpRequest, payment_code: str) -> HttpResponse:
    return render(request, "payments/bill.html", _context(request, _bill(payment_code)))


@never_cache
@require_GET
def bill_status(request: HttpRequest, payment_code: str) -> HttpResponse:
    """The status panel alone, polled by htmx while a payment is awaited."""
    return render(request, "payments/_status.html", _context(request, _bill(payment_code)))


@require_POST
def payment_start(request: HttpRequest, payment_code: str) -> HttpResponse:
    bill = _bill(payment_code)
    gateway = registry.get(request.POST.get("gateway", "sandbox"))
    if gateway is None:
        raise Http404
    return_url = request.build_absolute_uri(reverse("payments:returned", args=[bill.payment_code]))
    try:
        attempt = attempt_start(bill=bill, gateway=gateway, method=request.POST.get("method", "va"),
                                return_url=return_url, by=request.user if request.user.is_authenticated else None)
    except PaymentError as exc:
        error_message(request, exc)
        return redirect("payments:bill", payment_code=bill.payment_code)
    except GatewayError:
        messages.error(request, _("Layanan pembayaran sedang tidak dapat dihubungi. Coba lagi sebentar lagi."))
        return redirect("payments:bill", payment_code=bill.payment_code)
    return redirect("payments:instructions", payment_code=bill.payment_code, attempt_id=attempt.pk)


@never_cache
@require_GET
def instructions(request: HttpRequest, payment_code: str, attempt_id: int) -> HttpResponse:
    bill = _bill(payment_code)
    attempt = get_object_or_404(PaymentAttempt, pk=attempt_id, bill=bill)
    qris = attempt.instructions.get("qris_payload")
    qr = segno.make(qris, error="m").svg_data_uri(scale=4) if qris else ""
    return render(request, "payments/instructions.html",
                  {**_context(request, bill), "attempt": attempt, "ins": attempt.instructions, "qr": qr})


@never_cache
@require_GET
def payment_returned(request: HttpRequest, payment_code: str) -> HttpResponse:
    """Where the gateway sends the browser back. It only shows the bill: whatever the query string
    says, only a verified notification or a status query marks a bill paid."""
    return render(request, "payments/returned.html", _context(request, _bill(payment_code)))


# --- staff ---------------------------------------------------------------------------------------

def _parse_day(value: str | None, default: date) -> date:
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


@staff_required(REPORT_ROLES)
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    start = _parse_day(request.GET.get("dari"), today - timedelta(days=6))
    end = _parse_day(request.GET.get("sampai"), today)
    if end < start or (end - start).days > 366:
        start, end = end - timedelta(days=6), end
    rows = collections_report(user=request.user, start=start, end=end)
    fmt = request.GET.get("format")
    header = [_("Tanggal"), _("Kanal"), _("Kode penerima"), _("Penerima"), _("Jumlah pembayaran"), _("Jumlah (Rp)")]
    data = [[r.day.isoformat(), r.channel, r.beneficiary_code, r.beneficiary, r.payments, r.amount] for r in rows]
    name = f"setoran-{start:%Y%m%d}-{end:%Y%m%d}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(data)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Setoran"
        sheet.append(header)
        for row in data:
            sheet.append(row)
        for cell in sheet["F"][1:]:
            cell.number_format = "#,##0"
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(out.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    return render(request, "payments/report.html", {"rows": rows, "start": start, "end": end,
                                                    "total": sum(r.amount for r in rows)})


@staff_required(REPORT_ROLES)
@require_http_methods(["GET", "POST"])
def tasks(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        task = get_object_or_404(tasks_for_staff(user=request.user), pk=request.POST.get("task"))
        try:
            task_resolve(task=task, by=request.user, resolution=request.POST.get("resolution", ""))
            messages.success(request, _("Tugas diselesaikan."))
        except PaymentError as exc:
            error_message(request, exc)
        return redirect("payments:tasks")
    return render(request, "payments/tasks.html", {"tasks": tasks_for_staff(user=request.user)[:200]})


# --- embedded sandbox bank and bench -------------------------------------------------------------

@csrf_exempt
def sandbox_bank(request: HttpRequest, path: str = "") -> HttpResponse:
    """The sandbox bank mounted at /sandbox-bank/ in demo mode's embedded default (a simulated
    outside party: its forms carry no Balai CSRF token, and it touches no Balai table). Routed only
    in demo mode (urls.DemoOnly); checked here again, as the bank itself does."""
    from .sandbox import SandboxDisabled, bank_from_settings, ensure_dispatcher
    from .sandbox.server import handle

    if not settings.PAYMENTS_SANDBOX["EMBEDDED"]:
        raise Http404
    try:
        bank = bank_from_settings()
    except SandboxDisabled as exc:
        raise Http404 from exc
    ensure_dispatcher(bank)
    status, headers, body = handle(bank, request.method or "GET", "/" + path, request.body, prefix="/sandbox-bank")
    response = HttpResponse(body, status=status)
    for key, value in headers.items():
        response[key] = value
    return response


def bench_pk(request: HttpRequest, pk: int) -> JsonResponse:
    """bench/payments.py baseline: one primary-key SELECT (only with BALAI_BENCH_URLS=1)."""
    if not settings.BENCH_URLS:
        raise PermissionDenied
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, status FROM payments_bill WHERE id = %s", [pk])
        row = cursor.fetchone()
    return JsonResponse({"id": row[0] if row else None, "status": row[1] if row else None})

