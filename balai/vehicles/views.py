"""HTML: the PKB simulator, the citizen flow (find by plate + chassis tail, own vehicles by NIK,
breakdown per year, pay) and the Samsat officer pages (search, history, corrections, blocks)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balai.accounts.decorators import citizen_required, staff_required
from balai.accounts.identity import level_of
from balai.core import audit
from balai.core.api import ApiError
from balai.core.errors import add_form_errors, error_message
from balai.core.masking import mask_nik

from . import api, display, selectors
from .forms import BbnkbSimulatorForm, BlockForm, CorrectionForm, FindVehicleForm, SimulatorForm
from .models import Vehicle, VehicleBlock
from .plates import PlateError, normalise_plate
from .rules import rules_load
from .services import (
    VehicleTaxError,
    samsat_office,
    vehicle_assess,
    vehicle_bill_issue,
    vehicle_block,
    vehicle_correct,
    vehicle_unblock,
)

SESSION_KEY = "pkb_vehicles"  # vehicles this browser proved with plate + chassis tail


@require_GET
def simulator(request: HttpRequest) -> HttpResponse:
    """PKB and, in its own form (fields ``bbnkb-…``), BBNKB: whichever form the query carries."""
    bbnkb_bound = any(key.startswith("bbnkb-") for key in request.GET)
    form = SimulatorForm(request.GET if request.GET and not bbnkb_bound else None,
                         initial=SimulatorForm.initial_dates())
    bbnkb_form = BbnkbSimulatorForm(request.GET if bbnkb_bound else None, prefix="bbnkb",
                                    initial={"transfer_date": SimulatorForm.initial_dates()["due_date"]})
    result = bbnkb_result = None
    if form.is_bound and form.is_valid():
        try:
            assessment = api.simulate_assessment(form.cleaned_data)
        except ApiError as exc:
            add_form_errors(form, exc)
        else:
            # The NJKB is typed into the form (no dated NJKB rows), so ``assessment.njkb`` is empty here;
            # passed anyway so the PKB line names a scheduled NJKB as the vehicle page does.
            lines = display.shown_lines(assessment.lines, njkb=assessment.njkb)
            result = {"lines": lines, "total": assessment.total,
                      "unconfirmed_cap": display.unconfirmed_cap_changed(assessment.lines),
                      "unconfirmed": any(line.unconfirmed for line in lines)}
    if bbnkb_form.is_bound and bbnkb_form.is_valid():
        try:
            transfer = api.simulate_bbnkb_assessment(bbnkb_form.cleaned_data)
        except ApiError as exc:
            add_form_errors(bbnkb_form, exc)
        else:
            bbnkb_lines = display.shown_lines(transfer.lines)
            bbnkb_result = {"lines": bbnkb_lines, "total": transfer.total,
                            "unconfirmed": any(line.unconfirmed for line in bbnkb_lines)}
    return render(request, "vehicles/simulator.html", {"form": form, "result": result, "bbnkb_form": bbnkb_form,
                                                       "bbnkb_result": bbnkb_result})


def _remember(request: HttpRequest, vehicle: Vehicle) -> None:
    known = [pk for pk in request.session.get(SESSION_KEY, []) if pk != vehicle.pk][-9:]
    request.session[SESSION_KEY] = [*known, vehicle.pk]


def access_vehicle(request: HttpRequest, plate: str) -> Vehicle:
    """The only way a citizen page gets a vehicle: proved in this session by plate + chassis tail,
    or registered to the signed-in citizen's NIK. Everything else is 404."""
    try:
        normalised = normalise_plate(plate)
    except PlateError:
        raise Http404 from None
    vehicle = Vehicle.objects.filter(plate=normalised, status="active").first()
    if vehicle is None:
        raise Http404
    if vehicle.pk in request.session.get(SESSION_KEY, []):
        return vehicle
    if request.user.is_authenticated and selectors.vehicles_for_citizen(request.user).filter(pk=vehicle.pk).exists():
        return vehicle
    raise Http404


@require_http_methods(["GET", "POST"])
def find_vehicle(request: HttpRequest) -> HttpResponse:
    form = FindVehicleForm(request.POST or None)
    not_found = False
    if request.method == "POST" and form.is_valid():
        vehicle = selectors.vehicle_by_plate_and_tail(form.cleaned_data["plate"], form.cleaned_data["chassis_tail"])
        if vehicle is not None:
            _remember(request, vehicle)
            return redirect("vehicles:vehicle", plate=vehicle.plate)
        not_found = True
    mine = selectors.vehicles_for_citizen(request.user) if request.user.is_authenticated else []
    return render(request, "vehicles/find.html", {"form": form, "not_found": not_found, "mine": mine})


@citizen_required
@require_GET
def my_vehicles(request: HttpRequest) -> HttpResponse:
    """Linked vehicles (by verified NIK or by possession proof) and, for a matched account, the
    masked list of the others on its NIK (ARCHITECTURE invariant 8)."""
    vehicles = list(selectors.vehicles_for_citizen(request.user))
    return render(request, "vehicles/mine.html", {"vehicles": vehicles, "level": level_of(request.user),
                                                  "masked": selectors.vehicles_on_nik_masked(request.user)})


@never_cache
@require_GET
def vehicle_page(request: HttpRequest, plate: str) -> HttpResponse:
    vehicle = access_vehicle(request, plate)
    result = vehicle_assess(vehicle=vehicle)
    endorsements = []
    for endorsement in vehicle.endorsements.select_related("bill")[:10]:
        endorsements.append((endorsement, selectors.etbpkp_for(endorsement.bill.payment_code)))
    open_bill = next((tb.bill for tb in selectors.tax_bills_for_vehicle(vehicle)[:5]
                      if tb.bill.status == "open"), None)
    years = display.shown_years(result.assessment) if result.assessment else []
    booking = booking_url = None
    if result.refusal is not None and result.refusal.code == "renewal_due" and \
            selectors.vehicles_for_citizen(request.user).filter(pk=vehicle.pk).exists():
        from . import cek_fisik  # the 5-yearly renewal ends at the Samsat with a cek fisik (REFERENCE §3.7)

        booking, booking_url = cek_fisik.booking_link(citizen=request.user, ref=vehicle.plate_display,
                                                      regency_code=vehicle.regency_code, next_url=request.path)
    return render(request, "vehicles/vehicle.html", {
        "vehicle": vehicle, "result": result, "years": years, "endorsements": endorsements, "open_bill": open_bill,
        "samsat_office": samsat_office(vehicle) if result.stnk_notice else "", "booking": booking,
        "booking_url": booking_url})


@require_POST
def vehicle_pay(request: HttpRequest, plate: str) -> HttpResponse:
    vehicle = access_vehicle(request, plate)
    try:
        bill = vehicle_bill_issue(vehicle=vehicle, by=request.user if request.user.is_authenticated else None)
    except VehicleTaxError as exc:
        error_message(request, exc)
        return redirect("vehicles:vehicle", plate=vehicle.plate)
    return redirect("payments:bill", payment_code=bill.payment_code)


# --- Samsat officers -------------------------------------------------------------------------------

SAMSAT_ROLES = ("officer", "supervisor", "admin")


@staff_required(SAMSAT_ROLES)
@require_GET
def staff_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    vehicles = selectors.vehicles_for_staff(request.user, query=query)[:50] if query else []
    return render(request, "vehicles/staff_search.html", {"query": query, "vehicles": vehicles})


def _staff_vehicle(request: HttpRequest, plate: str) -> Vehicle:
    try:
        normalised = normalise_plate(plate)
    except PlateError:
        raise Http404 from None
    return get_object_or_404(selectors.vehicles_for_staff(request.user), plate=normalised)


@staff_required(SAMSAT_ROLES)
@require_http_methods(["GET", "POST"])
def staff_vehicle(request: HttpRequest, plate: str) -> HttpResponse:
    vehicle = _staff_vehicle(request, plate)
    correction, block_form = CorrectionForm(prefix="c"), BlockForm(prefix="b")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "correct":
                correction = CorrectionForm(request.POST, prefix="c")
                if correction.is_valid():
                    data = correction.cleaned_data
                    vehicle_correct(vehicle=vehicle, by=request.user, changes={data["field"]: data["parsed"]},
                                    reason=data["reason"])
                    messages.success(request, _("Koreksi dicatat."))
                    return redirect("vehicles:staff_vehicle", plate=vehicle.plate)
            elif action == "block":
                block_form = BlockForm(request.POST, prefix="b")
                if block_form.is_valid():
                    vehicle_block(vehicle=vehicle, by=request.user, **block_form.cleaned_data)
                    messages.success(request, _("Kendaraan diblokir."))
                    return redirect("vehicles:staff_vehicle", plate=vehicle.plate)
            elif action == "unblock":
                block = get_object_or_404(VehicleBlock, pk=request.POST.get("block"), vehicle=vehicle)
                vehicle_unblock(block=block, by=request.user, reason=request.POST.get("reason", ""))
                messages.success(request, _("Blokir dibuka."))
                return redirect("vehicles:staff_vehicle", plate=vehicle.plate)
            else:
                raise PermissionDenied
        except VehicleTaxError as exc:
            error_message(request, exc)
    result = vehicle_assess(vehicle=vehicle, rules=rules_load())
    audit.record(action="vehicles.viewed_by_staff", actor=request.user, object_type="vehicle", object_id=vehicle.plate)
    return render(request, "vehicles/staff_vehicle.html", {
        "vehicle": vehicle, "result": result, "nik_masked": mask_nik(vehicle.owner_nik),
        "lines": display.shown_lines(result.assessment.lines, njkb=result.assessment.njkb)
                 if result.assessment else [],
        "ownership_order": selectors.ownership_order(vehicle),
        "tax_bills": selectors.tax_bills_for_vehicle(vehicle)[:20],
        "events": display.event_rows(vehicle.events.select_related("actor").order_by("-id")[:50]),
        "blocks": vehicle.blocks.order_by("-created_at"), "correction": correction, "block_form": block_form,
        "transfers": vehicle.transfers.filter(completed_at__isnull=False).order_by("completed_at")})
