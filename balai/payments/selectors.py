"""Scoped reads: bills by payment code, supervisor tasks, collection reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from balai.accounts.models import Role
from balai.core.masking import mask_name, mask_plates
from balai.core.numbers import damm_valid

from .models import Allocation, Bill, ReviewTask
from .states import PaymentStatus

REPORT_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})


def bill_for_code(code: str) -> Bill | None:
    """A bill by its payment code; a code that fails the check digit is not even looked up."""
    code = (code or "").strip().replace(" ", "")
    if not damm_valid(code):
        return None
    return Bill.objects.filter(payment_code=code).first()


def bill_inquiry(bill: Bill) -> dict:
    """What a channel (bank, agent, public page) may see: the payer's name masked."""
    return {
        "payment_code": bill.payment_code,
        "status": bill.status,
        "kind": bill.kind,
        "description": bill.description,
        "period": bill.period,
        "payer_name": mask_name(bill.payer_name),
        "total": bill.total,
        "currency": "IDR",
        "issued_at": bill.issued_at,
        "expires_at": bill.expires_at,
        "lines": [{"tax_head": line.tax_head, "label": line.label, "amount": line.amount,
                   "beneficiary": line.beneficiary.name}
                  for line in bill.lines.select_related("beneficiary").order_by("position")],
    }


def bill_description_for(user, bill: Bill) -> str:
    """The description as ``user`` may read it. Anyone with the payment code can open a bill, so
    a plate in it (``PKB L 1234 AB 2026``) is masked unless the reader is the payer or staff who
    may see the bill; the number would lead from a code to a vehicle and its owner."""
    reader = user is not None and user.is_authenticated
    if reader and (bill.payer_id == user.pk or (user.is_staff_role and staff_may_see_bill(user, bill))):
        return bill.description
    return mask_plates(bill.description)


def _regencies(user) -> list[str] | None:
    """None = every regency (admin); else the staff member's jurisdiction."""
    if user.role == Role.ADMIN:
        return None
    staff = getattr(user, "staff", None)
    return list(staff.jurisdiction.values_list("code", flat=True)) if staff else []


def staff_may_see_bill(user, bill: Bill) -> bool:
    """Invariant 5 for one bill: admins everywhere, other staff in the bill's regency only."""
    regencies = _regencies(user)
    return regencies is None or bill.regency_code in regencies


def staff_may_read_receipt_document(user, payment_id: str) -> bool:
    """A payment receipt (subject "payment", the payment's id) follows its bill's scope."""
    if not (payment_id.isascii() and payment_id.isdigit()):
        return False
    bill = Bill.objects.filter(payments__pk=int(payment_id)).only("regency_code").first()
    return bill is not None and staff_may_see_bill(user, bill)


def tasks_for_staff(*, user, open_only: bool = True) -> QuerySet[ReviewTask]:
    qs = ReviewTask.objects.select_related("bill", "payment").order_by("-created_at")
    regencies = _regencies(user)
    if regencies is not None:
        qs = qs.filter(regency_code__in=regencies)
    if open_only:
        qs = qs.filter(resolved_at__isnull=True)
    return qs


@dataclass(frozen=True)
class CollectionRow:
    day: date
    channel: str
    beneficiary: str
    beneficiary_code: str
    payments: int
    amount: int


def collections_report(*, user, start: date, end: date) -> list[CollectionRow]:
    """Posted money per day (Asia/Jakarta), channel and beneficiary, within the caller's scope."""
    tz = timezone.get_current_timezone()
    lo = timezone.make_aware(datetime.combine(start, time.min), tz)
    hi = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz)
    qs = Allocation.objects.filter(payment__status=PaymentStatus.POSTED, payment__paid_at__gte=lo,
                                   payment__paid_at__lt=hi)
    regencies = _regencies(user)
    if regencies is not None:
        qs = qs.filter(payment__bill__regency_code__in=regencies)
    rows = (qs.annotate(day=TruncDate("payment__paid_at", tzinfo=tz))
            .values("day", "payment__channel", "beneficiary__name", "beneficiary__code")
            .annotate(amount=Sum("amount"), payments=Count("payment", distinct=True))
            .order_by("day", "payment__channel", "beneficiary__code"))
    return [CollectionRow(day=r["day"], channel=r["payment__channel"], beneficiary=r["beneficiary__name"],
                          beneficiary_code=r["beneficiary__code"], payments=r["payments"], amount=int(r["amount"]))
            for r in rows]


def personal_data(user) -> list[dict]:
    """Bills where the user is the payer, with their lines and payments, for the UU PDP export."""
    bills = (Bill.objects.filter(payer=user).prefetch_related("lines", "payments").order_by("issued_at", "id"))
    return [{
        "payment_code": b.payment_code, "kind": b.kind, "description": b.description, "period": b.period,
        "payer_name": b.payer_name, "total": b.total, "status": b.status, "issued_at": b.issued_at.isoformat(),
        "expires_at": b.expires_at.isoformat(), "closed_at": b.closed_at.isoformat() if b.closed_at else None,
        "lines": [{"label": line.label, "amount": line.amount} for line in sorted(b.lines.all(), key=lambda x: x.position)],
        "payments": [{"channel": p.channel, "amount": p.amount, "status": p.status, "paid_at": p.paid_at.isoformat(),
                      "receipt_number": p.receipt_number} for p in sorted(b.payments.all(), key=lambda x: x.pk)],
    } for b in bills]
