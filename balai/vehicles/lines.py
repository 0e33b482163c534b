"""What a PKB bill says, from the engine's assessment: one builder for the single bill
(``services.vehicle_bill_issue``) and the annual run (``bulk``), so both give a vehicle the same
lines (tax heads, labels, beneficiaries), description and expiry.

The vehicle tax heads are registered into payments here (``register_tax_heads``, called from
``VehiclesConfig.ready``): payments knows a head only by what its app registered.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy

from balai.payments.models import BeneficiaryKind

from . import engine
from .plates import display_plate

# Engine line code → payments tax head.
TAX_HEADS = {
    engine.PKB: "pkb",
    engine.OPSEN: "opsen_pkb",
    engine.PKB_PENALTY: "pkb_sanksi",
    engine.OPSEN_PENALTY: "opsen_pkb_sanksi",
    engine.SWDKLLJ: "swdkllj",
    engine.SWDKLLJ_PENALTY: "swdkllj_denda",
}
# Every head a vehicle bill may carry and the beneficiary kind that owns it by default
# (REFERENCE §3.3, §3.5, §3.6, §4.5). BBNKB and PNBP come with registration and renewal.
HEADS: list[tuple[str, str, str]] = [
    ("pkb", "PKB", BeneficiaryKind.PROVINCE_TREASURY),
    ("pkb_sanksi", "Sanksi administratif PKB", BeneficiaryKind.PROVINCE_TREASURY),
    ("bbnkb", "BBNKB", BeneficiaryKind.PROVINCE_TREASURY),
    ("opsen_pkb", "Opsen PKB", BeneficiaryKind.REGENCY_TREASURY),
    ("opsen_pkb_sanksi", "Sanksi administratif opsen PKB", BeneficiaryKind.REGENCY_TREASURY),
    ("opsen_bbnkb", "Opsen BBNKB", BeneficiaryKind.REGENCY_TREASURY),
    ("swdkllj", "SWDKLLJ", BeneficiaryKind.JASA_RAHARJA),
    ("swdkllj_denda", "Denda SWDKLLJ", BeneficiaryKind.JASA_RAHARJA),
    ("pnbp", "PNBP", BeneficiaryKind.STATE_TREASURY),
]


def register_tax_heads() -> None:
    from balai.payments.registry import register_line_labels, register_tax_head

    for code, label, kind in HEADS:
        register_tax_head(code, label, kind)
    # The stems of the labels vehicle bill lines are issued with, for pages in another language
    # (their translations are in this app's catalogue).
    stems = [*engine.LABELS.values(), "BBNKB", "Opsen BBNKB", *PNBP_LABELS.values()]
    register_line_labels({stem: gettext_lazy(stem) for stem in stems})  # noqa: INT001 - msgids in the .po


B = TypeVar("B")


def line_label(line: engine.Line, regency_name: str = "") -> str:
    # A line to the regency's treasury names the regency (the opsen; a penalty whose treasury row says so).
    if line.beneficiary not in (engine.PROVINCE, engine.JASA_RAHARJA) and regency_name:
        return f"{line.label} {regency_name} {line.tax_year}"
    return f"{line.label} {line.tax_year}"


def bill_lines(assessment: engine.Assessment, *, beneficiaries: Mapping[str, B],
               regency_name: str = "") -> list[tuple[str, str, int, B]]:
    """(tax head, label, amount, beneficiary) per line; ``beneficiaries`` maps the engine's
    beneficiary codes (``RKUD-35``, ``RKUD-3578``, ``JR-JATIM``) to accounts or their ids."""
    return [(TAX_HEADS[line.code], line_label(line, regency_name), line.amount, beneficiaries[line.beneficiary])
            for line in assessment.lines]


# A transfer's lines: BBNKB (engine.assess_bbnkb) and the police fees of PnbpFee rows.
TRANSFER_HEADS = {engine.BBNKB: "bbnkb", engine.OPSEN_BBNKB: "opsen_bbnkb"}
PNBP_LABELS = {"stnk": "PNBP STNK", "tnkb": "PNBP TNKB", "bpkb": "PNBP BPKB"}
STATE_TREASURY = "KAS-NEGARA"


def transfer_bill_lines(quote, *, beneficiaries: Mapping[str, B], regency_name: str = "") -> list[tuple[str, str, int, B]]:
    """(tax head, label, amount, beneficiary) of a transfer's bill (``transfer.TransferQuote``):
    BBNKB and its opsen when not 0, a new vehicle's first tax year (``bill_lines``), the PNBP fees."""
    out = [(TRANSFER_HEADS[line.code], line_label(line, regency_name), line.amount, beneficiaries[line.beneficiary])
           for line in quote.bbnkb.lines if line.amount]
    if quote.pkb is not None:
        out += bill_lines(quote.pkb, beneficiaries=beneficiaries, regency_name=regency_name)
    out += [("pnbp", PNBP_LABELS[fee.item], fee.amount, beneficiaries[STATE_TREASURY]) for fee in quote.pnbp]
    return out


def transfer_description(quote) -> str:
    what = "BBN kendaraan baru" if quote.kind == "new" else "Balik nama kendaraan"
    return f"{what} {quote.day.year}"


def transfer_valid_days() -> int:
    return int(settings.PAYMENTS_BILL_VALID_DAYS)


def bill_years(assessment: engine.Assessment) -> str:
    first, last = assessment.due_dates[0].year, assessment.due_dates[-1].year
    return f"{first}" if first == last else f"{first}–{last}"


def bill_description(plate: str, assessment: engine.Assessment) -> str:
    """``plate``: as stored (normalised)."""
    return f"PKB {display_plate(plate)} {bill_years(assessment)}"


def amount_valid_through(facts: engine.VehicleFacts, *, due_date: date, pay_date: date, total: int,
                         rules: engine.RuleSet) -> date:
    """A bill's amount is fixed, so it expires before the amount would change (a new month of
    sanction, a new SWDKLLJ bracket, a new tax year), and after at most PAYMENTS_BILL_VALID_DAYS
    from ``pay_date``: the last such day."""
    last = pay_date
    for days in range(1, settings.PAYMENTS_BILL_VALID_DAYS + 1):
        day = pay_date + timedelta(days=days)
        if engine.assess(facts, due_date=due_date, pay_date=day, rules=rules).total != total:
            break
        last = day
    return last


def end_of_day(day: date, cache: dict[date, datetime] | None = None) -> datetime:
    """23:59:59 local time of ``day`` (``cache``: make_aware is slow in a loop of thousands)."""
    if cache is not None and day in cache:
        return cache[day]
    value = timezone.make_aware(datetime.combine(day, time(23, 59, 59)))
    if cache is not None:
        cache[day] = value
    return value
