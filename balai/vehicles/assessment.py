"""A vehicle's assessment as of a day, and whether it may be paid online now.

Three rules decide what a citizen (and an agent, and the API) is offered:
- the payment window: a tax year is billed only from ``VEHICLES_PAYMENT_WINDOW_DAYS`` before its
  due date; earlier the answer is the next due date and the day payment opens (right after a
  payment the next year is not a debt yet, so asking for it would invite paying twice);
- blocks and the 5-yearly STNK renewal need a Samsat office (REFERENCE §3.7, §4.3);
- the STNK notice: an owner hears that the STNK has expired, or ends within
  ``VEHICLES_STNK_NOTICE_DAYS``, and not before (REFERENCE §9 item 5: warn owners before STNK expiry).
Messages carry dates in words in the page's language (``core.formatting.format_date_ui``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.errors import DomainError
from balai.core.formatting import format_date_ui
from balai.regions.models import Region

from . import engine, selectors
from .models import Vehicle
from .rules import rules_load


class VehicleTaxError(DomainError):
    """A refusal with a stable code (the API answers 409); ``office`` names where to go instead
    when relevant; ``payable_from`` is the first day a tax year not yet due may be paid (code
    ``not_due_yet``). Both are in ``fields`` as plain values, as the API has always sent them."""

    status_code = 409

    def __init__(self, code: str, message: str, *, office: str = "", payable_from: date | None = None):
        self.office, self.payable_from = office, payable_from
        fields: dict = {"office": office}
        if payable_from is not None:
            fields["payable_from"] = payable_from.isoformat()
        super().__init__(code, message, fields=fields)


def samsat_office(vehicle: Vehicle) -> str:
    """The Kantor Bersama Samsat of the registration regency (REFERENCE §4.1: one Samsat induk per
    regency/city; street addresses are not in our reference data)."""
    region = Region.objects.filter(code=vehicle.regency_code).first()
    name = region.name.title() if region else vehicle.regency_code
    return _("Kantor Bersama Samsat %(name)s (UPT PPD Bapenda Jatim)") % {"name": name}


def payment_opens_on(due_date: date) -> date:
    """The first day the tax year due on ``due_date`` may be billed."""
    return due_date - timedelta(days=settings.VEHICLES_PAYMENT_WINDOW_DAYS)


def stnk_notice(vehicle: Vehicle, *, today: date) -> str:
    """What the owner should know about the STNK today: that it has expired, or that it ends
    within the notice period; "" otherwise."""
    until = vehicle.stnk_valid_until
    if until < today:
        return _("STNK sudah habis masa berlakunya sejak %(date)s. Perpanjangan 5 tahunan dilakukan di Samsat "
                 "dengan cek fisik kendaraan.") % {"date": format_date_ui(until)}
    if until <= today + timedelta(days=settings.VEHICLES_STNK_NOTICE_DAYS):
        return _("STNK berakhir pada %(date)s. Perpanjangan 5 tahunan dilakukan di Samsat dengan cek fisik "
                 "kendaraan.") % {"date": format_date_ui(until)}
    return ""


@dataclass
class VehicleAssessment:
    vehicle: Vehicle
    assessment: engine.Assessment | None
    refusal: VehicleTaxError | None
    renewal_fees: list[engine.PnbpFee]
    payable_from: date | None = None  # set while the next tax year is not open for payment yet
    stnk_notice: str = field(default="")

    @property
    def payable_online(self) -> bool:
        return self.refusal is None and self.assessment is not None and self.assessment.total > 0

    @property
    def not_due_yet(self) -> bool:
        return self.payable_from is not None


def vehicle_assess(*, vehicle: Vehicle, pay_date: date | None = None,
                   rules: engine.RuleSet | None = None) -> VehicleAssessment:
    """The breakdown for a vehicle as of ``pay_date`` and whether it may be paid online."""
    pay_date = pay_date or timezone.localdate()
    notice = stnk_notice(vehicle, today=pay_date)
    opens = payment_opens_on(vehicle.due_date)
    if pay_date < opens:
        not_yet = _block_refusal(vehicle) or VehicleTaxError(
            "not_due_yet", _("Pajak tahun %(year)s belum dapat dibayar. Jatuh tempo berikutnya: %(due)s; "
                             "pembayaran dibuka mulai %(opens)s.")
            % {"year": vehicle.due_date.year, "due": format_date_ui(vehicle.due_date),
               "opens": format_date_ui(opens)}, payable_from=opens)
        return VehicleAssessment(vehicle, None, not_yet, [], payable_from=opens, stnk_notice=notice)
    rules = rules or rules_load()
    facts = selectors.vehicle_facts(vehicle, day=vehicle.due_date)
    if facts is None:
        return VehicleAssessment(vehicle, None, VehicleTaxError(
            "njkb_unknown", _("NJKB kendaraan ini belum ada di daftar harga. Silakan datang ke Samsat."),
            office=samsat_office(vehicle)), [], stnk_notice=notice)
    result = engine.assess(facts, due_date=vehicle.due_date, pay_date=pay_date, rules=rules)
    refusal = online_refusal(vehicle, result, today=pay_date)
    fees = engine.renewal_fees(facts, day=pay_date, rules=rules) if refusal and refusal.code == "renewal_due" else []
    if refusal is not None and refusal.code == "renewal_due":
        notice = ""  # the refusal says it, with what to do
    return VehicleAssessment(vehicle, result, refusal, fees, stnk_notice=notice)


def _block_refusal(vehicle: Vehicle) -> VehicleTaxError | None:
    block = selectors.active_block(vehicle)
    if block is None:
        return None
    return VehicleTaxError("blocked", _("Kendaraan diblokir (%(r)s). Pembayaran daring tidak dapat dilakukan; "
                                        "silakan datang ke Samsat untuk pemeriksaan.")
                           % {"r": block.get_reason_display()}, office=samsat_office(vehicle))


def online_refusal(vehicle: Vehicle, assessment: engine.Assessment, *, today: date) -> VehicleTaxError | None:
    """Blocked vehicles and the 5-yearly renewal need a Samsat office (REFERENCE §3.7, §4.3). A tax
    year whose due date falls after the STNK's end is paid together with the renewal."""
    blocked = _block_refusal(vehicle)
    if blocked is not None:
        return blocked
    until = vehicle.stnk_valid_until
    if until <= max(today, assessment.due_dates[-1]):
        if until < today:
            message = _("STNK sudah habis masa berlakunya sejak %(date)s: perpanjangan 5 tahunan wajib cek fisik "
                        "kendaraan di Samsat, tidak dapat dilakukan daring.")
        else:
            message = _("STNK berakhir pada %(date)s: pajak tahun ini dibayar bersama perpanjangan 5 tahunan, "
                        "yang wajib cek fisik kendaraan di Samsat, tidak dapat dilakukan daring.")
        return VehicleTaxError("renewal_due", message % {"date": format_date_ui(until)},
                               office=samsat_office(vehicle))
    return None
