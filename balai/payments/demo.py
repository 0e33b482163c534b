"""Demo bills for the demo citizen ``warga`` (idempotent: open demo bills are reused)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from balai.accounts.models import User

from .models import Bill
from .services import LineSpec, bill_issue
from .states import BillStatus

DEMO_BILLS = [
    # (subject id, description, lines): PNBP per PP 76/2020 (REFERENCE §3.6), SWDKLLJ per PMK 16/2017 (§3.5).
    ("DEMO-PNBP-STNK", "PNBP penerbitan STNK dan TNKB (sepeda motor)",
     [("pnbp", "PNBP STNK baru (roda 2)", 100_000), ("pnbp", "PNBP TNKB (roda 2)", 60_000)]),
    ("DEMO-PKB-L1234AB", "PKB tahunan L 1234 AB (contoh)",
     [("pkb", "PKB pokok", 135_542), ("opsen_pkb", "Opsen PKB Kota Surabaya", 89_458),
      ("swdkllj", "SWDKLLJ + kartu dana", 35_000)]),
]


def seed_demo_bills(accounts: list[dict]) -> Iterable[str]:
    user = User.objects.filter(username="warga").select_related("citizen").first()
    if user is None:
        return ["warga not found: no demo bills"]
    lines_out = []
    for subject_id, description, lines in DEMO_BILLS:
        bill = Bill.objects.filter(subject_type="demo", subject_id=subject_id, status=BillStatus.OPEN,
                                   expires_at__gt=timezone.now()).first()
        if bill is None:
            bill = bill_issue(kind="demo", subject_type="demo", subject_id=subject_id, payer=user,
                              payer_name=user.full_name, description=description, regency_code="3578",
                              lines=[LineSpec(tax_head=h, label=label, amount=a) for h, label, a in lines])
        lines_out.append(f"open bill for warga: kode bayar {bill.payment_code} — {description} — "
                         f"Rp {bill.total:,}".replace(",", ".") + f" — /bayar/{bill.payment_code}/")
    return lines_out
