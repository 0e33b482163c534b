"""HTML of ownership transfer: the buyer's transfers (the breakdown with each line's regulation,
the bill, the cek fisik) and the Samsat officer's transfer page (both owners, the bill, the cek
fisik record). The case itself is handled on the case desk (``cases``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balai.accounts.decorators import citizen_required, staff_required
from balai.core import audit
from balai.core.errors import DomainError, add_form_errors, error_message
from balai.core.forms import Form

from . import display, transfer
from .assessment import VehicleTaxError
from .models import TransferKind
from .rules_seed import PNBP

SAMSAT_ROLES = ("officer", "supervisor", "admin")
PNBP_LABELS = {"stnk": gettext_lazy("PNBP STNK"), "tnkb": gettext_lazy("PNBP TNKB"),
               "bpkb": gettext_lazy("PNBP BPKB")}


def _services():
    from balai.cases.models import Application

    return Application.objects.filter(service__code__in=transfer.SERVICE_KINDS).select_related(
        "service_version__service", "office")


def quote_lines(quote: transfer.TransferQuote) -> list[display.ShownLine]:
    """Every line of a transfer's bill, each with its regulation (BBNKB and PKB worded by display)."""
    shown = display.shown_lines(quote.bbnkb.lines)
    if quote.pkb is not None:
        shown += display.shown_lines(quote.pkb.lines, njkb=quote.pkb.njkb)
    shown += [display.ShownLine(tax_year=quote.assessed_on.year, label=str(PNBP_LABELS[fee.item]),
                                beneficiary=_("Kas Negara (PNBP Polri)"),
                                basis=display.citation(fee.regulation or PNBP), amount=fee.amount)
              for fee in quote.pnbp]
    return shown


def _context(app) -> dict:
    found = transfer.transfer_for(app)
    quote = error = None
    try:
        quote = transfer.transfer_quote(app, today=found.assessed_on if found else None)
    except (VehicleTaxError, KeyError, ValueError) as exc:
        error = exc.message if isinstance(exc, DomainError) else _("Data permohonan belum lengkap.")
    from balai.cases.models import STATE_LABELS

    from .plates import display_plate

    return {"app": app, "transfer": found, "quote": quote, "error": error, "state_label": STATE_LABELS.get(app.state),
            "plate": display_plate(app.data.get("plate", "")) if app.data.get("plate") else "",
            "lines": quote_lines(quote) if quote else [], "is_new": transfer.kind_of(app) == TransferKind.NEW,
            "samsat": transfer.samsat_for(quote.regency_code if quote else app.regency_code),
            "billable": app.state in transfer.BILLABLE_STATES}


@citizen_required
@require_GET
def transfers_mine(request: HttpRequest) -> HttpResponse:
    from balai.cases.selectors import current_version

    apps = _services().filter(applicant=request.user).exclude(state="draft").order_by("-created_at")
    return render(request, "vehicles/transfers.html", {
        "apps": _rows(apps),
        "services": [current_version(code) for code in transfer.SERVICE_KINDS]})


def _rows(apps) -> list[tuple]:
    from balai.cases.models import STATE_LABELS

    return [(app, transfer.transfer_for(app), STATE_LABELS.get(app.state, app.state)) for app in apps]


def _citizen_app(request: HttpRequest, tracking_number: str):
    app = _services().filter(applicant=request.user, tracking_number=tracking_number).exclude(state="draft").first()
    if app is None:
        raise Http404
    return app


@citizen_required
@never_cache
@require_GET
def transfer_page(request: HttpRequest, tracking_number: str) -> HttpResponse:
    context = _context(_citizen_app(request, tracking_number))
    found = context["transfer"]
    if found is not None and found.bill.status == "paid" and found.cek_fisik_at is None:
        from . import cek_fisik

        regency = context["quote"].regency_code if context["quote"] else context["app"].regency_code
        context["booking"], context["booking_url"] = cek_fisik.booking_link(
            citizen=request.user, ref=tracking_number, regency_code=regency, next_url=request.path)
    return render(request, "vehicles/transfer.html", context)


@citizen_required
@require_POST
def transfer_pay(request: HttpRequest, tracking_number: str) -> HttpResponse:
    app = _citizen_app(request, tracking_number)
    try:
        bill = transfer.transfer_bill_issue(application=app, by=request.user)
    except VehicleTaxError as exc:
        error_message(request, exc)
        return redirect("vehicles:transfer", tracking_number=app.tracking_number)
    return redirect("payments:bill", payment_code=bill.payment_code)


# --- Samsat officers -------------------------------------------------------------------------------

def _staff_apps(request: HttpRequest):
    from balai.cases.selectors import staff_scope

    return _services().filter(office_id__in=staff_scope(request.user).office_ids)


@staff_required(SAMSAT_ROLES)
@require_GET
def staff_transfers(request: HttpRequest) -> HttpResponse:
    apps = _staff_apps(request).exclude(state__in=("draft", "cancelled")).order_by("-created_at")[:100]
    return render(request, "vehicles/staff_transfers.html",
                  {"apps": _rows(apps)})


class CekFisikForm(Form):
    plate = forms.CharField(label=gettext_lazy("Nomor polisi yang diberikan"), max_length=12, required=False,
                            help_text=gettext_lazy("Hanya untuk kendaraan baru. Contoh: L 1234 AB"))
    note = forms.CharField(label=gettext_lazy("Hasil cek fisik"), max_length=300,
                           help_text=gettext_lazy("Nomor rangka dan mesin cocok dengan dokumen; perlengkapan lengkap."))


@staff_required(SAMSAT_ROLES)
@require_http_methods(["GET", "POST"])
def staff_transfer(request: HttpRequest, tracking_number: str) -> HttpResponse:
    app = _staff_apps(request).filter(tracking_number=tracking_number).first()
    if app is None:
        raise Http404
    context = _context(app)
    form = CekFisikForm(request.POST or None)
    if request.method == "POST" and context["transfer"] is not None and form.is_valid():
        try:
            transfer.transfer_cek_fisik_record(transfer=context["transfer"], by=request.user, **form.cleaned_data)
            messages.success(request, _("Cek fisik dicatat. Selesaikan permohonan di meja kerja."))
            return redirect("vehicles:staff_transfer", tracking_number=app.tracking_number)
        except DomainError as exc:
            add_form_errors(form, exc)
    # The page shows both owners' full NIK: reading them is an audited action (invariant 5).
    audit.record(action="vehicles.transfer_viewed_by_staff", actor=request.user, object_type="case",
                 object_id=app.tracking_number)
    return render(request, "vehicles/staff_transfer.html", {**context, "form": form})
