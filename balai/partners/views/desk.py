"""The agent desk: a few light pages for a cheap phone on a slow connection (no framework JS,
one small stylesheet). Every read goes through the selectors: an agent sees only its point."""

from __future__ import annotations

import io
import secrets

import segno
from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balai.accounts.decorators import staff_required
from balai.accounts.models import Role
from balai.core.errors import add_form_errors, error_message
from balai.core.typing import AuthedHttpRequest
from balai.documents.models import Document
from balai.payments.models import Payment, Receipt
from balai.payments.selectors import bill_for_code, bill_inquiry
from balai.payments.states import BillStatus, PaymentStatus

from .. import ledger, selectors
from ..forms import DepositForm
from ..models import Collection
from ..services import PartnerError, collection_record, day_close, deposit_declare, void_request
from ..services.cash import collection_refusal, last_closed_collection_id
from ..services.closing import closing_preview

agent_required = staff_required([Role.AGENT])


def _desk(request: AuthedHttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    agent = context.get("agent") or selectors.agent_or_404(request.user)
    return render(request, template, {"agent": agent, "point": agent.point, **context}, status=status)


def _home(request: AuthedHttpRequest, *, code: str = "", code_error: str = "") -> HttpResponse:
    agent = selectors.agent_or_404(request.user)
    point = agent.point
    on_hand = ledger.cash_on_hand_point(point)
    return _desk(request, "partners/desk/home.html", {
        "agent": agent, "agent_cash": ledger.cash_on_hand_agent(agent), "point_cash": on_hand,
        "headroom": max(0, point.cash_limit - on_hand), "collections": selectors.last_collections(agent),
        "open_closings": selectors.open_closings(agent), "preview": closing_preview(agent),
        "code": code, "code_error": code_error}, status=400 if code_error else 200)


@never_cache
@agent_required
@require_GET
def home(request: AuthedHttpRequest) -> HttpResponse:
    return _home(request)


def _bill_context(request: AuthedHttpRequest, code: str) -> dict:
    bill = bill_for_code(code)
    if bill is None:
        return {"code": code, "error": _("Kode bayar tidak ditemukan. Periksa kembali angkanya.")}
    agent = selectors.agent_or_404(request.user)
    earlier = Collection.objects.filter(bill=bill, point=agent.point, payment__status=PaymentStatus.POSTED).first()
    refusal = ""
    if earlier is None:
        # everything that would refuse the cash, the cash limit included, before any is taken
        problem = collection_refusal(agent=agent, bill=bill)
        refusal = problem.message if problem is not None else ""
    return {"code": code, "bill": bill_inquiry(bill), "earlier": earlier, "refusal": refusal,
            "can_collect": earlier is None and not refusal and bill.status == BillStatus.OPEN,
            "idempotency_key": secrets.token_urlsafe(18)}


@never_cache
@agent_required
@require_GET
def bill(request: AuthedHttpRequest) -> HttpResponse:
    typed = request.GET.get("kode", "")
    code = typed.strip().replace(" ", "")
    if not code:
        return _home(request, code_error=_("Masukkan kode bayar."))
    if not code.isascii() or not code.isdigit():
        return _home(request, code=typed, code_error=_("Kode bayar hanya berisi angka (14 angka)."))
    context = _bill_context(request, code)
    return _desk(request, "partners/desk/bill.html", context, status=404 if "error" in context else 200)


@agent_required
@require_POST
def collect(request: AuthedHttpRequest) -> HttpResponse:
    """The device's key travels in the form, rendered once per bill page: a resubmitted form (a
    retry after a dropped connection) carries the same key and gets the same receipt."""
    code = request.POST.get("payment_code", "")
    if request.POST.get("cash_received") != "1":
        context = _bill_context(request, code)
        context["error_confirm"] = _("Centang konfirmasi bahwa uang tunai sudah diterima.")
        return _desk(request, "partners/desk/bill.html", context, status=400)
    try:
        result = collection_record(agent_user=request.user, payment_code=code,
                                   idempotency_key=request.POST.get("idempotency_key", ""))
    except PartnerError as exc:
        context = _bill_context(request, code)
        context["collect_error"] = exc.message
        return _desk(request, "partners/desk/bill.html", context, status=exc.status)
    if result.replayed:
        messages.info(request, _("Penerimaan ini sudah tercatat sebelumnya: kuitansi yang sama ditampilkan."))
    return redirect("partners:receipt", pk=result.collection.pk)


def _receipt_context(collection: Collection) -> dict:
    payment: Payment = collection.payment
    receipt = Receipt.objects.filter(payment=payment).first()
    void = getattr(collection, "void", None)
    voidable = (void is None and payment.status == PaymentStatus.POSTED
                and timezone.localdate(collection.collected_at) == timezone.localdate()
                and collection.pk > last_closed_collection_id(collection.agent))
    return {"collection": collection, "payment": payment, "bill": bill_inquiry(collection.bill), "receipt": receipt,
            "verify_url": _qr_target(collection, receipt), "void": void, "voidable": voidable,
            "reversed": payment.status == PaymentStatus.REVERSED}


def _qr_target(collection: Collection, receipt: Receipt | None) -> str:
    """The signed receipt's verification page once issued; the public bill page (which shows
    "Lunas") until then."""
    if receipt is not None:
        return receipt.verify_url
    return settings.PUBLIC_BASE_URL + reverse("payments:bill", args=[collection.bill.payment_code])


@never_cache
@agent_required
@require_GET
def receipt(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    collection = selectors.access_collection(request.user, pk)
    return _desk(request, "partners/desk/receipt.html", _receipt_context(collection))


@agent_required
@require_GET
def receipt_qr(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    collection = selectors.access_collection(request.user, pk)
    qr = segno.make(_qr_target(collection, Receipt.objects.filter(payment=collection.payment).first()), error="m")
    out = io.BytesIO()
    qr.save(out, kind="svg", scale=3, border=2, xmldecl=False)  # a standalone image needs the xmlns
    response = HttpResponse(out.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


@agent_required
@require_GET
def receipt_pdf(request: AuthedHttpRequest, pk: int) -> HttpResponseBase:
    """The signed 58 mm PDF that payments' receipt flow issued through documents (issued now if
    the on-commit task has not run yet; idempotent)."""
    collection = selectors.access_collection(request.user, pk)
    receipt = Receipt.objects.filter(payment=collection.payment).first()
    if receipt is None and collection.payment.status == PaymentStatus.POSTED:
        from balai.payments.receipts import receipt_issue_for_payment

        try:
            receipt = receipt_issue_for_payment(payment_id=collection.payment_id)
        except Exception:  # signer not configured, documents not installed: say so, keep the HTML receipt
            receipt = None
    document = _receipt_document(receipt)
    if document is None:
        return _desk(request, "partners/desk/pdf_pending.html", {"collection": collection}, status=503)
    response = FileResponse(default_storage.open(document.storage_key, "rb"), as_attachment=True,
                            filename=f"kuitansi-{collection.payment.receipt_number}.pdf",
                            content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response


def _receipt_document(receipt: Receipt | None):
    if receipt is None:
        return None
    return Document.objects.filter(pk=receipt.document_id).exclude(storage_key="").first()


@agent_required
@require_POST
def void(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    collection = selectors.access_collection(request.user, pk)
    try:
        void_request(collection=collection, by=request.user, reason=request.POST.get("reason", ""))
    except PartnerError as exc:
        error_message(request, exc)
    else:
        messages.success(request, _("Permintaan pembatalan dikirim ke supervisor."))
    return redirect("partners:receipt", pk=collection.pk)


@never_cache
@agent_required
@require_http_methods(["GET", "POST"])
def close_day(request: AuthedHttpRequest) -> HttpResponse:
    agent = selectors.agent_or_404(request.user)
    if request.method == "POST":
        try:
            closing = day_close(by=request.user)
        except PartnerError as exc:
            error_message(request, exc)
        else:
            return redirect("partners:closing", pk=closing.pk)
    return _desk(request, "partners/desk/close_day.html", {"agent": agent, "preview": closing_preview(agent)})


@never_cache
@agent_required
@require_http_methods(["GET", "POST"])
def closing(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    closing = selectors.access_closing(request.user, pk)
    # No amount prefilled: the agent declares what was actually deposited.
    form = DepositForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            closing = deposit_declare(closing=closing, by=request.user, amount=data["amount"],
                                      bank_reference=data["bank_reference"], deposit_date=data["deposit_date"],
                                      slip=data.get("slip"))
        except PartnerError as exc:
            add_form_errors(form, exc)
        else:
            if closing.status == "discrepancy":
                messages.warning(request, _("Setoran dicatat dengan SELISIH terhadap jumlah seharusnya; "
                                            "supervisor akan memeriksanya."))
            else:
                messages.success(request, _("Setoran dicatat. Supervisor akan mencocokkannya dengan rekening koran."))
            return redirect("partners:closing", pk=closing.pk)
    return _desk(request, "partners/desk/closing.html", {"closing": closing, "form": form,
                                                           "events": closing.events.all()})


@agent_required
@require_GET
def slip(request: AuthedHttpRequest, pk: int) -> FileResponse:
    return slip_response(selectors.access_closing(request.user, pk))


def slip_response(closing) -> FileResponse:
    if not closing.slip:
        raise Http404
    extension = closing.slip.name.rsplit(".", 1)[-1]
    content_type = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}.get(extension)
    if content_type is None:
        raise Http404
    response = FileResponse(closing.slip.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response



@agent_required
@require_POST
def vehicle(request: AuthedHttpRequest) -> HttpResponse:
    """Find a vehicle by plate + the last five characters of the chassis number (the SIGNAL /
    e-Samsat ownership check, through ``balai.vehicles``) and bring up its PKB bill."""
    from balai.vehicles.selectors import vehicle_by_plate_and_tail
    from balai.vehicles.services import VehicleTaxError, vehicle_bill_issue

    found = vehicle_by_plate_and_tail(request.POST.get("plate", ""), request.POST.get("chassis_tail", ""))
    if found is None:
        messages.error(request, _("Kendaraan tidak ditemukan: periksa nomor polisi dan 5 karakter terakhir "
                                  "nomor rangka."))
        return redirect("partners:desk")
    try:
        bill = vehicle_bill_issue(vehicle=found, by=request.user)
    except VehicleTaxError as exc:
        error_message(request, exc)
        return redirect("partners:desk")
    return redirect(reverse("partners:bill") + f"?kode={bill.payment_code}")
