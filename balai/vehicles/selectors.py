"""Reads of the register, scoped to the caller (invariant 5), and the facts the engine needs."""

from __future__ import annotations

import hmac
from datetime import date

from django.db.models import F, Q, QuerySet

from balai.accounts.identity import register_nik
from balai.accounts.models import IdentityLevel, Role
from balai.documents.models import Document
from balai.payments.models import Bill
from balai.payments.selectors import staff_may_see_bill

from . import engine
from .models import Vehicle, VehicleBlock, VehicleStatus
from .plates import PlateError, normalise_plate
from .rules import njkb_schedule, progressive_threshold_on

# The regions a Samsat officer of each regency is sent to: one Samsat induk per regency/city
# (REFERENCE §4.1: 46 offices; the address book of the offices is not in the reference data).
WHOLE_PROVINCE_ROLES = frozenset({Role.ADMIN})
ETBPKP_SUBJECT = "vehicle_tax_bill"  # e-TBPKP documents: (this, payment code)


def vehicle_by_plate_and_tail(plate: str, chassis_tail: str) -> Vehicle | None:
    """The ownership check of SIGNAL / e-Samsat: the plate plus the last five characters of the
    chassis number. An unknown plate and a wrong tail give the same ``None`` (no hint which)."""
    try:
        normalised = normalise_plate(plate)
    except PlateError:
        return None
    tail = (chassis_tail or "").strip().upper()
    vehicle = Vehicle.objects.filter(plate=normalised, status=VehicleStatus.ACTIVE).first()
    # Compare even when the plate is unknown, so timing says as little as the answer.
    expected = vehicle.chassis_tail.upper() if vehicle else "\0" * 5
    if len(tail) != 5 or not hmac.compare_digest(expected.encode(), tail.encode()) or vehicle is None:
        return None
    return vehicle


def _linked(user) -> Q:
    """Vehicles the account linked by proving possession, while their owner is still the one the
    proof was made for (a change of owner ends the link)."""
    return Q(links__user=user, links__owner_nik=F("owner_nik"))


def vehicles_for_citizen(user) -> QuerySet[Vehicle]:
    """A citizen's own vehicles: registered to their NIK when the account is *verified*
    (ARCHITECTURE invariant 8: a NIK typed at sign-up proves nothing), plus the vehicles the account
    linked by proving possession (plate, chassis tail, STNK expiry date) at any level."""
    if getattr(user, "citizen", None) is None:
        return Vehicle.objects.none()
    mine = _linked(user)
    nik = register_nik(user, IdentityLevel.VERIFIED)
    if nik is not None:
        mine |= Q(owner_nik=nik)
    return Vehicle.objects.filter(mine, status=VehicleStatus.ACTIVE).distinct().order_by("plate")


def mask_code(value: str) -> str:
    """A chassis or engine number shown to a matched (not verified) account: the maker's first
    three characters only. Never the tail: the last five characters of the chassis number are the
    possession proof of ``vehicle_by_plate_and_tail``."""
    return value[:3] + "*" * max(0, len(value) - 3)


def vehicles_on_nik_masked(user) -> list[dict]:
    """For a *matched* account: the vehicles registered to its NIK that it has not linked, masked
    (make, model, year; chassis and engine numbers masked; no plate, owner name or address), so the
    citizen knows what verification or a possession proof will open."""
    nik = register_nik(user, IdentityLevel.MATCHED)
    if nik is None or register_nik(user, IdentityLevel.VERIFIED) is not None:
        return []
    vehicles = (Vehicle.objects.filter(owner_nik=nik, status=VehicleStatus.ACTIVE).exclude(_linked(user))
                .order_by("year", "pk"))
    return [{"make": v.make, "model": v.model, "year": v.year, "category": v.get_category_display(),
             "chassis_number": mask_code(v.chassis_number), "engine_number": mask_code(v.engine_number)}
            for v in vehicles]


def vehicles_for_staff(user, *, query: str = "") -> QuerySet[Vehicle]:
    """Vehicles registered in the officer's jurisdiction (all of Jatim for admins)."""
    qs = Vehicle.objects.all()
    if user.role not in WHOLE_PROVINCE_ROLES:
        staff = getattr(user, "staff", None)
        codes = list(staff.jurisdiction.values_list("code", flat=True)) if staff else []
        qs = qs.filter(regency_code__in=codes)
    query = (query or "").strip()
    if query:
        try:
            qs = qs.filter(plate=normalise_plate(query))
        except PlateError:
            qs = qs.filter(Q(chassis_number__iexact=query) | Q(engine_number__iexact=query))
    return qs.order_by("plate")


def active_block(vehicle: Vehicle) -> VehicleBlock | None:
    return vehicle.blocks.filter(lifted_at__isnull=True).order_by("-created_at").first()


def progressive_candidates(vehicle: Vehicle) -> QuerySet[Vehicle]:
    """Vehicles of the same owner: same NIK and same address (REFERENCE §3.3)."""
    return Vehicle.objects.filter(owner_nik=vehicle.owner_nik, owner_address_key=vehicle.owner_address_key,
                                  status=VehicleStatus.ACTIVE, use="private")


def ownership_order(vehicle: Vehicle) -> int:
    """The vehicle's place among the owner's vehicles that progressive rates apply to, by date of
    ownership (then registration order). Vehicles that are not progressive (ordinary motorcycles,
    special uses) neither count nor get counted: the order only ever raises a progressive rate.
    UNCONFIRMED for Jatim (rules_seed.UNCONFIRMED); the bulk path computes the same with a window."""
    facts = engine.VehicleFacts(category=vehicle.category, cc=vehicle.cc, use=vehicle.use, njkb=0)
    threshold = progressive_threshold_on(vehicle.due_date)  # the rule row the engine applies to this vehicle
    if not engine.is_progressive(facts, threshold):
        return 1
    earlier = 0
    for other in progressive_candidates(vehicle).exclude(pk=vehicle.pk).only("category", "cc", "use", "owned_since"):
        other_facts = engine.VehicleFacts(category=other.category, cc=other.cc, use=other.use, njkb=0)
        if engine.is_progressive(other_facts, threshold) and (other.owned_since, other.pk) < (vehicle.owned_since, vehicle.pk):
            earlier += 1
    return earlier + 1


def vehicle_facts(vehicle: Vehicle, *, day: date, order: int | None = None) -> engine.VehicleFacts | None:
    """The engine's facts of a vehicle whose first unpaid tax year is due on ``day``. A vehicle's own
    NJKB (``Vehicle.njkb``) holds for every year; otherwise each tax year is valued at the dated
    NJKB row of its make/model/year in force on its due date (engine.njkb_for). None
    when no NJKB row is in force on or before ``day``."""
    schedule: tuple[engine.NjkbValue, ...] = ()
    if vehicle.njkb is not None:
        njkb = vehicle.njkb
    else:
        schedule = njkb_schedule(make=vehicle.make, model=vehicle.model, year=vehicle.year)
        used = engine.njkb_for(schedule, day)
        if used is None:
            return None
        njkb = used.amount
    return engine.VehicleFacts(category=vehicle.category, cc=vehicle.cc, use=vehicle.use, njkb=njkb,
                               ownership_order=order if order is not None else ownership_order(vehicle),
                               regency_code=vehicle.regency_code, njkb_schedule=schedule)


def etbpkp_for(payment_code: str):
    """The valid e-TBPKP of a paid bill, or None."""
    return (Document.objects.filter(subject_type=ETBPKP_SUBJECT, subject_id=payment_code, doc_type="e_tbpkp",
                                    status="valid").order_by("-version").first())


def staff_may_read_etbpkp(user, payment_code: str) -> bool:
    """An e-TBPKP (subject: its bill's payment code) follows the bill's scope (payments, invariant 5)."""
    bill = Bill.objects.filter(payment_code=payment_code).only("regency_code").first()
    return bill is not None and staff_may_see_bill(user, bill)


def tax_bills_for_vehicle(vehicle: Vehicle):
    return vehicle.tax_bills.select_related("bill").order_by("-created_at")


def personal_data(user) -> list[dict]:
    """The citizen's vehicles and their tax bills for the UU PDP export, at the account's identity
    level (invariant 8): verified — every vehicle on their NIK and every linked one, in full;
    otherwise the linked vehicles (chassis and engine numbers masked) and, when matched, the
    masked list of the vehicles on the NIK. A NIK that is only claimed exports nothing of its own."""
    if getattr(user, "citizen", None) is None:
        return []
    full = register_nik(user, IdentityLevel.VERIFIED) is not None
    vehicles = vehicles_for_citizen(user).prefetch_related("tax_bills__bill")
    rows: list[dict] = []
    for v in vehicles:
        row: dict = {
            "plate": v.plate, "chassis_number": v.chassis_number if full else mask_code(v.chassis_number),
            "engine_number": v.engine_number if full else mask_code(v.engine_number),
            "category": v.category, "make": v.make, "model": v.model, "year": v.year, "colour": v.colour,
            "regency_code": v.regency_code, "stnk_valid_until": v.stnk_valid_until.isoformat(),
            "due_date": v.due_date.isoformat(), "status": v.status, "linked_by": "nik" if full and v.owner_nik ==
            user.citizen.nik else "possession",
            "tax_bills": [{"payment_code": t.bill.payment_code, "total": t.total, "status": t.bill.status,
                           "first_due": t.first_due.isoformat(), "last_due": t.last_due.isoformat(),
                           "assessed_on": t.assessed_on.isoformat()}
                          for t in sorted(v.tax_bills.all(), key=lambda t: t.created_at)],
        }
        if full:
            row.update({"owner_name": v.owner_name, "owner_address": v.owner_address,
                        "owned_since": v.owned_since.isoformat()})
        rows.append(row)
    rows += [{**masked, "linked_by": None} for masked in vehicles_on_nik_masked(user)]
    return rows
