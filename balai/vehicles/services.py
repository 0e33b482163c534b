"""Writes of the vehicles app: register, corrections and blocks (events with a reason), a vehicle's
PKB bill (from its assessment, ``assessment.py``), and the "on paid" handler (annual endorsement +
e-TBPKP).

Locking: a vehicle's due date and endorsements change only under ``select_for_update()`` on the
vehicle row. The on-paid handler runs inside payments' posting transaction, under the bill lock.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import CitizenProfile, IdentityLevel
from balai.core import audit
from balai.core.formatting import format_rupiah
from balai.core.text import text_or_raise
from balai.documents.services import document_issue_async
from balai.payments.models import Beneficiary, Bill
from balai.payments.services import LineSpec, bill_issue
from balai.payments.states import BillStatus
from balai.regions.models import Region

from . import engine, lines, selectors
from .assessment import (  # noqa: F401  (re-exported: callers import them from services)
    VehicleAssessment,
    VehicleTaxError,
    online_refusal,
    samsat_office,
    vehicle_assess,
)
from .lines import TAX_HEADS  # noqa: F401  (re-exported)
from .models import (
    BlockReason,
    Endorsement,
    TaxBill,
    Vehicle,
    VehicleBlock,
    VehicleEvent,
    address_key,
)
from .plates import normalise_plate
from .rules import rules_load

log = logging.getLogger("balai.vehicles")

BILL_KIND = "vehicle_tax"
ETBPKP_SUBJECT = selectors.ETBPKP_SUBJECT
ETBPKP_TEMPLATE = "vehicles/pdf/e_tbpkp.html"

# Fields an officer may correct (each correction is an event with a reason).
CORRECTABLE = ("owner_name", "owner_address", "colour", "engine_number", "njkb", "due_date", "stnk_valid_until",
               "regency_code", "use", "cc", "make", "model", "year")


def _issuing_unit() -> str:
    return getattr(settings, "VEHICLES_ISSUING_UNIT", "Bapenda Provinsi Jawa Timur")


def _event(vehicle: Vehicle, kind: str, *, actor=None, reason: str = "", data: dict | None = None) -> VehicleEvent:
    return VehicleEvent.objects.create(vehicle=vehicle, kind=kind, actor=actor, reason=reason[:300],
                                       data=data or {}, created_at=timezone.now())


# --- register ----------------------------------------------------------------------------------

@transaction.atomic
def vehicle_register(*, plate: str, chassis_number: str, engine_number: str, category: str, cc: int, make: str,
                     model: str, year: int, colour: str, owner_nik: str, owner_name: str, owner_address: str,
                     owned_since: date, regency_code: str, stnk_valid_until: date, due_date: date,
                     use: str = "private", njkb: int | None = None, by=None) -> Vehicle:
    vehicle = Vehicle(plate=normalise_plate(plate), chassis_number=chassis_number.strip().upper(),
                      engine_number=engine_number.strip().upper(), category=category, cc=cc, make=make, model=model,
                      year=year, colour=colour, use=use, njkb=njkb, owner_nik=owner_nik, owner_name=owner_name,
                      owner_address=owner_address, owner_address_key=address_key(owner_address),
                      owned_since=owned_since, regency_code=regency_code, stnk_valid_until=stnk_valid_until,
                      due_date=due_date)
    vehicle.full_clean()
    vehicle.save()
    _event(vehicle, "registered", actor=by, data={"plate": vehicle.plate})
    audit.record(action="vehicles.registered", actor=by, object_type="vehicle", object_id=vehicle.plate,
                 data={"regency": regency_code})
    return vehicle


@transaction.atomic
def vehicle_correct(*, vehicle: Vehicle, by, changes: dict, reason: str) -> VehicleEvent:
    """A register correction by a Samsat officer: an event with the reason and old/new values."""
    if not reason.strip():
        raise VehicleTaxError("reason_required", _("Alasan koreksi wajib diisi."))
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise VehicleTaxError("not_correctable", _("Kolom ini tidak dapat dikoreksi: %(f)s") % {"f": ", ".join(unknown)})
    vehicle = Vehicle.objects.select_for_update().get(pk=vehicle.pk)
    diff = {}
    for name, value in changes.items():
        old = getattr(vehicle, name)
        if old != value:
            diff[name] = [str(old), str(value)]
            setattr(vehicle, name, value)
    if not diff:
        raise VehicleTaxError("no_change", _("Tidak ada perubahan."))
    vehicle.owner_address_key = address_key(vehicle.owner_address)
    vehicle.full_clean()
    vehicle.save()
    event = _event(vehicle, "corrected", actor=by, reason=reason, data=diff)
    audit.record(action="vehicles.corrected", actor=by, object_type="vehicle", object_id=vehicle.plate,
                 data={"fields": sorted(diff), "reason": reason})
    return event


@transaction.atomic
def vehicle_block(*, vehicle: Vehicle, reason: str, note: str = "", by=None) -> VehicleBlock:
    if reason not in BlockReason.values:
        raise VehicleTaxError("invalid_reason", _("Alasan blokir tidak dikenal."))
    vehicle = Vehicle.objects.select_for_update().get(pk=vehicle.pk)
    block = VehicleBlock.objects.create(vehicle=vehicle, reason=reason, note=note[:300], created_at=timezone.now(),
                                        created_by=by)
    _event(vehicle, "blocked", actor=by, reason=note, data={"reason": reason})
    audit.record(action="vehicles.blocked", actor=by, object_type="vehicle", object_id=vehicle.plate,
                 data={"reason": reason})
    return block


@transaction.atomic
def vehicle_unblock(*, block: VehicleBlock, by, reason: str) -> VehicleBlock:
    reason = text_or_raise(reason, VehicleTaxError)  # balai.core.text: the page posts it raw
    if not reason.strip():
        raise VehicleTaxError("reason_required", _("Alasan membuka blokir wajib diisi."))
    block = VehicleBlock.objects.select_for_update().select_related("vehicle").get(pk=block.pk)
    if block.lifted_at is not None:
        raise VehicleTaxError("already_lifted", _("Blokir ini sudah dibuka."))
    block.lifted_at, block.lifted_by = timezone.now(), by
    block.save(update_fields=["lifted_at", "lifted_by"])
    _event(block.vehicle, "unblocked", actor=by, reason=reason, data={"block": block.pk})
    audit.record(action="vehicles.unblocked", actor=by, object_type="vehicle", object_id=block.vehicle.plate,
                 data={"reason": reason})
    return block


def bill_lines(assessment: engine.Assessment, *, regency_name: str = "") -> list[LineSpec]:
    """The bill's lines (``lines.bill_lines``, shared with the annual run)."""
    beneficiaries = {b.code: b for b in Beneficiary.objects.filter(
        code__in={line.beneficiary for line in assessment.lines})}
    return [LineSpec(tax_head=head, label=label, amount=amount, beneficiary=owner)
            for head, label, amount, owner in lines.bill_lines(assessment, beneficiaries=beneficiaries,
                                                               regency_name=regency_name)]


def _valid_until(vehicle: Vehicle, total: int, today: date, rules: engine.RuleSet) -> datetime:
    """The bill's expiry (``lines.amount_valid_through``, shared with the annual run)."""
    facts = selectors.vehicle_facts(vehicle, day=vehicle.due_date)
    assert facts is not None  # vehicle_assess found them for this vehicle and day
    return lines.end_of_day(lines.amount_valid_through(facts, due_date=vehicle.due_date, pay_date=today,
                                                       total=total, rules=rules))


def _payer_for(vehicle: Vehicle):
    """The account the bill shows up for: only one *verified* for the owner's NIK (invariant 8: an
    account that merely claims the NIK must not see the owner's bills). Anyone may still pay by
    the payment code."""
    profile = (CitizenProfile.objects.filter(nik=vehicle.owner_nik, identity_level=IdentityLevel.VERIFIED)
               .select_related("user").first())
    return profile.user if profile else None


@transaction.atomic
def vehicle_bill_issue(*, vehicle: Vehicle, by=None, today: date | None = None,
                       source: str = TaxBill.Source.ONLINE) -> Bill:
    """A PKB bill for every unpaid year up to today. The same request again, while the open bill
    still has the same amount, returns that bill (no second payment code)."""
    today = today or timezone.localdate()
    vehicle = Vehicle.objects.select_for_update().get(pk=vehicle.pk)
    rules = rules_load()
    result = vehicle_assess(vehicle=vehicle, pay_date=today, rules=rules)
    if result.refusal is not None:
        raise result.refusal
    assessment = result.assessment
    assert assessment is not None
    first, last = assessment.due_dates[0], assessment.due_dates[-1]
    existing = (TaxBill.objects.select_related("bill")
                .filter(vehicle=vehicle, first_due=first, last_due=last, total=assessment.total,
                        bill__status=BillStatus.OPEN, bill__expires_at__gt=timezone.now()).first())
    if existing is not None:
        return existing.bill
    region = Region.objects.filter(code=vehicle.regency_code).first()
    years = lines.bill_years(assessment)
    bill = bill_issue(kind=BILL_KIND, subject_type="vehicle", subject_id=str(vehicle.pk), payer=_payer_for(vehicle),
                      payer_name=vehicle.owner_name, description=lines.bill_description(vehicle.plate, assessment),
                      lines=bill_lines(assessment, regency_name=region.name.title() if region else ""),
                      regency_code=vehicle.regency_code, period=years,
                      expires_at=_valid_until(vehicle, assessment.total, today, rules), by=by)
    TaxBill.objects.create(bill=bill, vehicle=vehicle, first_due=first, last_due=last, assessed_on=today,
                           total=assessment.total, source=source, created_at=timezone.now())
    _event(vehicle, "bill_issued", actor=by, data={"payment_code": bill.payment_code, "total": bill.total,
                                                   "years": [d.isoformat() for d in assessment.due_dates]})
    return bill


# --- paid: endorsement + e-TBPKP -------------------------------------------------------------------

def vehicle_tax_on_paid(*, bill: Bill, payment) -> None:
    """payments' on-paid handler for ``vehicle_tax`` bills: runs inside the posting transaction
    (bill row locked). Records the annual endorsement of every year the bill covers, moves the
    due date a year past the last of them, and issues the e-TBPKP after commit."""
    link = TaxBill.objects.filter(bill=bill).first()
    if link is None:
        log.error("vehicle_tax bill %s has no TaxBill link", bill.payment_code)
        return
    vehicle = Vehicle.objects.select_for_update().get(pk=link.vehicle_id)
    dues = engine.due_dates_until(link.first_due, link.last_due)
    now = timezone.now()
    for due in dues:
        Endorsement.objects.get_or_create(vehicle=vehicle, due_date=due,
                                          defaults={"bill": bill, "paid_at": payment.paid_at, "created_at": now})
    next_due = engine.add_years(link.last_due, 1)
    if vehicle.due_date < next_due:
        vehicle.due_date = next_due
        vehicle.save(update_fields=["due_date", "updated_at"])
    _event(vehicle, "endorsed", data={"payment_code": bill.payment_code, "receipt_number": payment.receipt_number,
                                      "years": [d.isoformat() for d in dues], "next_due": next_due.isoformat()})
    audit.record(action="vehicles.endorsed", object_type="vehicle", object_id=vehicle.plate,
                 data={"payment_code": bill.payment_code, "years": [d.year for d in dues]})
    etbpkp_issue(bill=bill, payment=payment, vehicle=vehicle, dues=dues, next_due=next_due)


def vehicle_tax_on_reversed(*, bill: Bill, payment) -> None:
    """payments' undo for a reversed (same-day voided) payment: the endorsements this bill made
    go, and the due date returns to the first year the bill covered. An e-TBPKP already issued
    stays until a supervisor revokes it in documents (the event says so)."""
    link = TaxBill.objects.filter(bill=bill).first()
    if link is None:
        return
    vehicle = Vehicle.objects.select_for_update().get(pk=link.vehicle_id)
    removed, _count = Endorsement.objects.filter(vehicle=vehicle, bill=bill).delete()
    if vehicle.due_date == engine.add_years(link.last_due, 1):
        vehicle.due_date = link.first_due
        vehicle.save(update_fields=["due_date", "updated_at"])
    _event(vehicle, "endorsement_reversed", data={"payment_code": bill.payment_code, "endorsements": removed,
                                                  "due_date": vehicle.due_date.isoformat(),
                                                  "etbpkp": "revoke in documents if issued"})
    audit.record(action="vehicles.endorsement_reversed", object_type="vehicle", object_id=vehicle.plate,
                 data={"payment_code": bill.payment_code})


def etbpkp_context(*, bill: Bill, payment, vehicle: Vehicle, dues: list[date], next_due: date) -> dict:
    """JSON-only context of the e-TBPKP template (documents renders it later, in a task)."""
    from balai.payments.receipts import channel_label

    paid_at = timezone.localtime(payment.paid_at)
    return {
        "plate": vehicle.plate_display, "owner_name": vehicle.owner_name, "make": vehicle.make,
        "model": vehicle.model, "year": vehicle.year, "colour": vehicle.colour,
        "category": vehicle.get_category_display(), "chassis_tail": vehicle.chassis_tail,
        "tax_years": [d.strftime("%d-%m-%Y") for d in dues], "next_due": next_due.strftime("%d-%m-%Y"),
        "stnk_valid_until": vehicle.stnk_valid_until.strftime("%d-%m-%Y"),
        "lines": [{"label": line.label, "amount": format_rupiah(line.amount), "beneficiary": line.beneficiary.name}
                  for line in bill.lines.select_related("beneficiary").order_by("position")],
        "total": format_rupiah(bill.total), "payment_code": bill.payment_code,
        "receipt_number": payment.receipt_number or "", "paid_at": paid_at.strftime("%d-%m-%Y %H:%M WIB"),
        "channel": channel_label(payment.channel),
    }


def etbpkp_issue(*, bill: Bill, payment, vehicle: Vehicle, dues: list[date], next_due: date) -> None:
    """Queue the signed e-TBPKP (through the documents outbox) for after the commit."""
    document_issue_async(doc_type="e_tbpkp", subject_type=ETBPKP_SUBJECT, subject_id=bill.payment_code,
                         template=ETBPKP_TEMPLATE, issuing_unit=_issuing_unit(), subject_name=vehicle.owner_name,
                         owner=bill.payer,
                         context=etbpkp_context(bill=bill, payment=payment, vehicle=vehicle, dues=dues,
                                                next_due=next_due))
