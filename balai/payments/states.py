"""The bill's state graph, as data (GOV.UK Pay's ``PaymentGatewayStateTransitions``, STYLE §7).

Every edge names the event it appends; anything not in the table is refused. ``paid``,
``expired`` and ``cancelled`` are final: re-billing issues a new bill with a new payment code.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class BillStatus(models.TextChoices):
    OPEN = "open", _("Belum dibayar")
    PAID = "paid", _("Lunas")
    EXPIRED = "expired", _("Kedaluwarsa")
    CANCELLED = "cancelled", _("Dibatalkan")


class BillAction(models.TextChoices):
    PAY = "pay", _("bayar")
    EXPIRE = "expire", _("kedaluwarsa")
    CANCEL = "cancel", _("batalkan")


# (from, action) -> (to, event kind appended with the change)
TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    (BillStatus.OPEN, BillAction.PAY): (BillStatus.PAID, "bill.paid"),
    (BillStatus.OPEN, BillAction.EXPIRE): (BillStatus.EXPIRED, "bill.expired"),
    (BillStatus.OPEN, BillAction.CANCEL): (BillStatus.CANCELLED, "bill.cancelled"),
}
FINAL_STATES = frozenset({BillStatus.PAID, BillStatus.EXPIRED, BillStatus.CANCELLED})

# Not an action of the graph above but a correction with dual control: reversing a posted
# payment (``services.payment_reverse``) takes a paid bill back to open, with this event.
REVERSAL: tuple[str, str, str] = (BillStatus.PAID, BillStatus.OPEN, "bill.reopened")


class IllegalTransition(Exception):
    def __init__(self, current: str, action: str):
        super().__init__(f"bill in state {current!r} cannot {action!r}")
        self.current, self.action = current, action


def transition(current: str, action: str) -> tuple[str, str]:
    """Return ``(new_state, event_kind)`` or raise ``IllegalTransition``."""
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        raise IllegalTransition(current, action) from None


class PaymentStatus(models.TextChoices):
    # Money that arrived and settled the bill.
    POSTED = "posted", _("Dibukukan")
    # Money that arrived for a bill that could not take it (expired, cancelled, already paid):
    # kept as a record and handed to a supervisor to refund (REFERENCE §4.5: dual control).
    REFUND_REQUIRED = "refund_required", _("Perlu dikembalikan")
    # The amount differed from the bill's fixed total: not posted, flagged.
    REJECTED = "rejected", _("Ditolak")
    # A posted payment undone by an approved correction (a same-day void at a cash service
    # point): the money went back to the payer and the bill was reopened (``payment_reverse``).
    REVERSED = "reversed", _("Dibatalkan (dikembalikan)")


class AttemptStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu pembayaran")
    PAID = "paid", _("Dibayar")
    FAILED = "failed", _("Gagal")
    EXPIRED = "expired", _("Kedaluwarsa")
