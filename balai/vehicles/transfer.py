"""Ownership transfer (balik nama) and a new vehicle's first registration, on the case engine.

The case (``cases.Application`` of ``kendaraan-baru`` or ``balik-nama-kendaraan``, handler in
``transfer_handler.py``) carries the request; this module carries the money and the register:

- ``transfer_quote``: what the transfer costs on a day — BBNKB and opsen BBNKB through the engine
  (``engine.assess_bbnkb``, dated rows), for a new vehicle its first tax year (``engine.assess`` at
  the buyer's progressive order), and the police fees (PnbpFee rows): STNK and BPKB, plus the
  plates (TNKB) for a new vehicle (REFERENCE §3.3, §3.6, §3.10 E);
- ``transfer_bill_issue``: the bill with its beneficiaries through payments (``lines.transfer_bill_lines``);
- ``transfer_cek_fisik_record``: the Samsat's physical check (a new vehicle gets its plate there);
- ``transfer_complete`` (on the officer's approval): the buyer in the register, the seller kept in
  the transfer row (the ownership history), the progressive order of both owners' vehicles recomputed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.text import text_or_raise
from balai.payments.models import Beneficiary, Bill
from balai.payments.services import LineSpec, bill_issue
from balai.payments.states import BillStatus
from balai.regions.models import Region

from . import engine, lines, selectors
from .assessment import VehicleTaxError
from .models import (
    Endorsement,
    OwnershipTransfer,
    TransferKind,
    Vehicle,
    VehicleEvent,
    VehicleStatus,
    address_key,
)
from .plates import PlateError, normalise_plate
from .rules import njkb_schedule, rules_load

BILL_KIND = "vehicle_transfer"
SERVICE_NEW, SERVICE_USED = "kendaraan-baru", "balik-nama-kendaraan"
SERVICE_KINDS = {SERVICE_NEW: TransferKind.NEW, SERVICE_USED: TransferKind.USED}
BILLABLE_STATES = ("submitted", "in_review", "resubmitted")
PNBP_ITEMS: dict[str, tuple[str, ...]] = {TransferKind.NEW: ("stnk", "tnkb", "bpkb"), TransferKind.USED: ("stnk", "bpkb")}


@dataclass(frozen=True)
class TransferQuote:
    kind: str
    day: date  # the date of the sale (used) or of the dealer's invoice (new): the BBNKB rate's date
    assessed_on: date
    njkb: int
    njkb_from_row: bool  # the NJKB list had a row (else the invoice's value)
    regency_code: str
    bbnkb: engine.TransferAssessment
    pkb: engine.Assessment | None  # a new vehicle's first tax year
    pnbp: tuple[engine.PnbpFee, ...]
    buyer_order: int

    @property
    def total(self) -> int:
        return self.bbnkb.total + (self.pkb.total if self.pkb else 0) + sum(fee.amount for fee in self.pnbp)


def kind_of(application) -> str:
    return SERVICE_KINDS[application.service_version.service.code]


def vehicle_of(data: dict) -> Vehicle | None:
    try:
        plate = normalise_plate(data.get("plate", ""))
    except PlateError:  # a malformed plate is "not found"
        return None
    return Vehicle.objects.filter(plate=plate, status=VehicleStatus.ACTIVE).first()


def _progressive_count(nik: str, address: str, day: date, *, exclude: int | None = None) -> int:
    """How many of an owner's vehicles progressive rates apply to (same NIK and address)."""
    threshold = engine.progressive_threshold(rules_load(), day)
    others = Vehicle.objects.filter(owner_nik=nik, owner_address_key=address_key(address),
                                    status=VehicleStatus.ACTIVE, use="private")
    if exclude is not None:
        others = others.exclude(pk=exclude)
    return sum(1 for v in others.only("category", "cc", "use")
               if engine.is_progressive(engine.VehicleFacts(category=v.category, cc=v.cc, use=v.use, njkb=0),
                                        threshold))


def _pnbp(rules: engine.RuleSet, kind: str, wheel_group: str, day: date) -> tuple[engine.PnbpFee, ...]:
    fees = []
    for item in PNBP_ITEMS[kind]:
        found = [f for f in rules.pnbp_fees if f.item == item and f.wheel_group == wheel_group and f.covers(day)]
        if not found:
            raise engine.RuleError(f"no PNBP {item} rule on {day.isoformat()}")
        fees.append(max(found, key=lambda f: f.valid_from))
    return tuple(fees)


def transfer_quote(application, *, today: date | None = None, rules: engine.RuleSet | None = None) -> TransferQuote:
    """What the transfer asked in ``application`` costs when billed on ``today``. Raises
    VehicleTaxError when the data no longer match the register or no rule row covers the date."""
    today = today or timezone.localdate()
    rules = rules or rules_load()
    kind, data = kind_of(application), application.data
    try:
        return _quote(application, kind, data, today, rules)
    except engine.RuleError:
        raise VehicleTaxError("no_rule", _("Tarif untuk tanggal ini belum tersedia; silakan datang ke Samsat.")) \
            from None


def _quote(application, kind: str, data: dict, today: date, rules: engine.RuleSet) -> TransferQuote:
    buyer_address = data.get("buyer_address", "")
    if kind == TransferKind.USED:
        vehicle = vehicle_of(data)
        if vehicle is None:
            raise VehicleTaxError("vehicle_not_found", _("Kendaraan tidak ditemukan."))
        day = date.fromisoformat(data["sale_date"])
        category, cc, use, regency = vehicle.category, vehicle.cc, vehicle.use, vehicle.regency_code
        schedule = () if vehicle.njkb is not None else njkb_schedule(make=vehicle.make, model=vehicle.model,
                                                                       year=vehicle.year)
        fallback = vehicle.njkb or 0
        order = _progressive_count(application.subject_nik, buyer_address, today, exclude=vehicle.pk) + 1
    else:
        day = date.fromisoformat(data["invoice_date"])
        category, cc, use, regency = data["category"], int(data["cc"]), "private", application.regency_code
        schedule = njkb_schedule(make=data["make"], model=data["model"], year=int(data["year"]))
        fallback = int(data["njkb"])
        order = _progressive_count(application.subject_nik, buyer_address, today) + 1
    used = engine.njkb_for(schedule, day) if schedule else None
    njkb = used.amount if used is not None else fallback
    transfer = engine.FIRST_TRANSFER if kind == TransferKind.NEW else engine.LATER_TRANSFER
    bbnkb = engine.assess_bbnkb(njkb=njkb, transfer=transfer, day=day, regency_code=regency, rules=rules)
    facts = engine.VehicleFacts(category=category, cc=cc, use=use, njkb=njkb, ownership_order=order,
                                regency_code=regency, njkb_schedule=schedule)
    pkb = engine.assess(facts, due_date=day, pay_date=today, rules=rules) if kind == TransferKind.NEW else None
    return TransferQuote(kind=kind, day=day, assessed_on=today, njkb=njkb, njkb_from_row=used is not None,
                         regency_code=regency, bbnkb=bbnkb, pkb=pkb, pnbp=_pnbp(rules, kind, facts.wheel_group, today),
                         buyer_order=order if pkb is None or pkb.progressive else 1)


def _region_name(code: str) -> str:
    region = Region.objects.filter(code=code).first()
    return region.name.title() if region else ""


def samsat_for(regency_code: str) -> str:
    """The Samsat of a regency, as ``assessment.samsat_office`` names a vehicle's."""
    name = _region_name(regency_code) or regency_code
    return _("Kantor Bersama Samsat %(name)s (UPT PPD Bapenda Jatim)") % {"name": name}


def transfer_for(application) -> OwnershipTransfer | None:
    return OwnershipTransfer.objects.filter(application=application).select_related("bill", "vehicle").first()


@transaction.atomic
def transfer_bill_issue(*, application, by=None, today: date | None = None) -> Bill:
    """The transfer's bill, once the case is submitted. The same request again returns the open
    (or paid) bill; an expired unpaid one is replaced by a new bill at today's amount."""
    from balai.cases.models import Application

    today = today or timezone.localdate()
    app = Application.objects.select_for_update().select_related("service_version__service").get(pk=application.pk)
    existing = transfer_for(app)
    if existing is not None and (existing.bill.status == BillStatus.PAID or (
            existing.bill.status == BillStatus.OPEN and existing.bill.expires_at > timezone.now())):
        return existing.bill
    if app.state not in BILLABLE_STATES:
        raise VehicleTaxError("not_billable", _("Tagihan terbit setelah permohonan diajukan dan sebelum selesai."))
    quote = transfer_quote(app, today=today)
    regency_name = _region_name(quote.regency_code)
    owners = {b.code: b for b in Beneficiary.objects.all()}
    specs = [LineSpec(tax_head=head, label=label, amount=amount, beneficiary=owner)
             for head, label, amount, owner in lines.transfer_bill_lines(quote, beneficiaries=owners,
                                                                         regency_name=regency_name)]
    bill = bill_issue(kind=BILL_KIND, subject_type="vehicle_transfer", subject_id=app.tracking_number,
                      payer=app.applicant, payer_name=app.subject_name, description=lines.transfer_description(quote),
                      lines=specs, regency_code=quote.regency_code, period=str(quote.day.year),
                      expires_at=lines.end_of_day(today + timedelta(days=lines.transfer_valid_days())), by=by)
    if existing is not None:
        existing.bill, existing.njkb, existing.assessed_on = bill, quote.njkb, today
        existing.save(update_fields=["bill", "njkb", "assessed_on"])
        return bill
    vehicle = vehicle_of(app.data) if quote.kind == TransferKind.USED else None
    OwnershipTransfer.objects.create(
        application=app, kind=quote.kind, vehicle=vehicle, seller_nik=vehicle.owner_nik if vehicle else "",
        seller_name=vehicle.owner_name if vehicle else "", seller_address=vehicle.owner_address if vehicle else "",
        seller_since=vehicle.owned_since if vehicle else None, buyer_nik=app.subject_nik, buyer_name=app.subject_name,
        buyer_address=app.data.get("buyer_address", ""), njkb=quote.njkb, assessed_on=today, bill=bill,
        created_at=timezone.now())
    audit.record(action="vehicles.transfer_billed", actor=by, object_type="case", object_id=app.tracking_number,
                 data={"payment_code": bill.payment_code, "total": bill.total})
    return bill


def transfer_on_paid(*, bill: Bill, payment) -> None:
    """payments' on-paid handler: the case may go to the cek fisik (nothing changes in the register yet)."""
    transfer = OwnershipTransfer.objects.filter(bill=bill).select_related("application").first()
    if transfer is not None:
        audit.record(action="vehicles.transfer_paid", object_type="case", object_id=transfer.application.tracking_number,
                     data={"payment_code": bill.payment_code})


@transaction.atomic
def transfer_cek_fisik_record(*, transfer: OwnershipTransfer, by, plate: str = "", note: str = "") -> OwnershipTransfer:
    """The Samsat officer's physical check (REFERENCE §3.7: chassis and engine numbers rubbed and
    compared). A new vehicle gets its plate here. Only after the bill is paid."""
    transfer = OwnershipTransfer.objects.select_for_update().select_related("bill").get(pk=transfer.pk)
    note = text_or_raise(note or "", VehicleTaxError).strip()
    if transfer.bill.status != BillStatus.PAID:
        raise VehicleTaxError("not_paid", _("Tagihan balik nama belum dibayar."))
    if transfer.completed_at is not None:
        raise VehicleTaxError("completed", _("Balik nama ini sudah selesai."))
    if transfer.kind == TransferKind.NEW:
        normalised = normalise_plate(plate)
        if Vehicle.objects.filter(plate=normalised).exists():
            raise VehicleTaxError("plate_taken", _("Nomor polisi ini sudah terdaftar."))
        transfer.application.data = {**transfer.application.data, "plate": normalised}
        transfer.application.save(update_fields=["data"])
    transfer.cek_fisik_at, transfer.cek_fisik_by, transfer.cek_fisik_note = timezone.now(), by, note[:300]
    transfer.save(update_fields=["cek_fisik_at", "cek_fisik_by", "cek_fisik_note"])
    audit.record(action="vehicles.cek_fisik", actor=by, object_type="case",
                 object_id=transfer.application.tracking_number, data={"kind": transfer.kind})
    return transfer


def _orders(nik: str, address: str) -> dict[int, int]:
    vehicles = Vehicle.objects.filter(owner_nik=nik, owner_address_key=address_key(address),
                                      status=VehicleStatus.ACTIVE)
    return {v.pk: selectors.ownership_order(v) for v in vehicles}


def transfer_complete(*, transfer: OwnershipTransfer, by) -> Vehicle:
    """Put the buyer in the register (inside the approving transaction). Refused until the bill is
    paid and the cek fisik recorded."""
    from balai.core.api import ApiError

    transfer = OwnershipTransfer.objects.select_for_update().select_related("bill", "application").get(pk=transfer.pk)
    if transfer.bill.status != BillStatus.PAID:
        raise ApiError("not_paid", _("Tagihan balik nama belum dibayar."), status_code=409)
    if transfer.cek_fisik_at is None:
        raise ApiError("cek_fisik_missing", _("Cek fisik kendaraan belum dicatat."), status_code=409)
    if transfer.completed_at is not None and transfer.vehicle is not None:
        return transfer.vehicle
    app, today, now = transfer.application, timezone.localdate(), timezone.now()
    before = _orders(transfer.seller_nik, transfer.seller_address) if transfer.seller_nik else {}
    before |= _orders(transfer.buyer_nik, transfer.buyer_address)
    vehicle = _register_new(transfer, by, today) if transfer.kind == TransferKind.NEW else _hand_over(transfer, today)
    transfer.vehicle, transfer.completed_at = vehicle, now
    transfer.save(update_fields=["vehicle", "completed_at"])
    _event(vehicle, "ownership_transferred", by, {"case": app.tracking_number, "kind": transfer.kind,
                                                  "payment_code": transfer.bill.payment_code})
    after = _orders(transfer.buyer_nik, transfer.buyer_address)
    if transfer.seller_nik:
        after |= _orders(transfer.seller_nik, transfer.seller_address)
    for pk, order in after.items():
        if before.get(pk) is not None and before[pk] != order:
            _event(Vehicle.objects.get(pk=pk), "ownership_order_changed", by,
                   {"from": before[pk], "to": order, "case": app.tracking_number})
    audit.record(action="vehicles.ownership_transferred", actor=by, object_type="vehicle", object_id=vehicle.plate,
                 data={"case": app.tracking_number, "kind": transfer.kind})
    return vehicle


def _event(vehicle: Vehicle, kind: str, by, data: dict) -> None:
    VehicleEvent.objects.create(vehicle=vehicle, kind=kind, actor=by, data=data, created_at=timezone.now())


def _hand_over(transfer: OwnershipTransfer, today: date) -> Vehicle:
    assert transfer.vehicle_id is not None  # a used vehicle's transfer names it (check constraint)
    vehicle = Vehicle.objects.select_for_update().get(pk=transfer.vehicle_id)
    if vehicle.owner_nik != transfer.seller_nik:
        from balai.core.api import ApiError

        raise ApiError("owner_changed", _("Pemilik terdaftar kendaraan ini sudah berubah."), status_code=409)
    vehicle.owner_nik, vehicle.owner_name = transfer.buyer_nik, transfer.buyer_name
    vehicle.owner_address, vehicle.owner_address_key = transfer.buyer_address, address_key(transfer.buyer_address)
    vehicle.owned_since = today
    vehicle.save(update_fields=["owner_nik", "owner_name", "owner_address", "owner_address_key", "owned_since",
                                "updated_at"])
    return vehicle


def _register_new(transfer: OwnershipTransfer, by, today: date) -> Vehicle:
    from .services import vehicle_register

    data, app = transfer.application.data, transfer.application
    first_due = date.fromisoformat(data["invoice_date"])
    vehicle = vehicle_register(
        plate=data["plate"], chassis_number=data["chassis_number"], engine_number=data["engine_number"],
        category=data["category"], cc=int(data["cc"]), make=data["make"], model=data["model"], year=int(data["year"]),
        colour=data.get("colour", ""), owner_nik=transfer.buyer_nik, owner_name=transfer.buyer_name,
        owner_address=transfer.buyer_address, owned_since=today, regency_code=app.regency_code,
        stnk_valid_until=engine.add_years(today, 5), due_date=engine.add_years(first_due, 1),
        njkb=None if _has_row(data) else transfer.njkb, by=by)
    # The bill paid the first tax year: it is that year's endorsement.
    payment = transfer.bill.payments.order_by("id").first()
    Endorsement.objects.create(vehicle=vehicle, due_date=first_due, bill=transfer.bill,
                               paid_at=payment.paid_at if payment else timezone.now(), created_at=timezone.now())
    return vehicle


def _has_row(data: dict) -> bool:
    return bool(njkb_schedule(make=data["make"], model=data["model"], year=int(data["year"])))
