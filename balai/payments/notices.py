"""Bill notices (balai.notifications): a bill issued to an account, a bill about to expire (from
``balai send_reminders``: open bills whose payment window ends within a day) and a bill paid (sent
with the receipt, off the posting path: the receipt's outbox task emits it)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.notifications.registry import Text, register_event
from balai.notifications.reminders import Reminder, register_reminder_source
from balai.notifications.services import notify

_BILL = ("code", "description", "total", "url")

register_event("payments.bill_issued", _("Tagihan terbit"), category="payments", placeholders=(*_BILL, "expires_at"),
               templates={"email": {"id": Text("Tagihan {description}: Rp {total}. Kode bayar {code}, berlaku sampai "
                                               "{expires_at}. Bayar: {url}", subject="Tagihan Rp {total} ({code})"),
                                    "en": Text("Bill {description}: Rp {total}. Payment code {code}, valid until "
                                               "{expires_at}. Pay: {url}", subject="Bill Rp {total} ({code})")},
                          "sms": {"id": "Balai: tagihan Rp {total}, kode bayar {code}, s.d. {expires_at}. {url}",
                                  "en": "Balai: bill Rp {total}, payment code {code}, until {expires_at}. {url}"}})
register_event("payments.bill_expiring", _("Tagihan segera kedaluwarsa"), category="payments",
               placeholders=(*_BILL, "expires_at"),
               templates={"email": {"id": Text("Kode bayar {code} ({description}, Rp {total}) berakhir {expires_at}. "
                                               "Bayar sebelum itu: {url}", subject="Kode bayar {code} segera berakhir"),
                                    "en": Text("Payment code {code} ({description}, Rp {total}) ends {expires_at}. "
                                               "Pay before then: {url}", subject="Payment code {code} ends soon")},
                          "sms": {"id": "Balai: kode bayar {code} (Rp {total}) berakhir {expires_at}. {url}",
                                  "en": "Balai: payment code {code} (Rp {total}) ends {expires_at}. {url}"}})
register_event("payments.paid", _("Pembayaran diterima"), category="payments", placeholders=(*_BILL, "receipt"),
               templates={"email": {"id": Text("Pembayaran Rp {total} untuk {description} ({code}) diterima. Bukti "
                                               "bayar {receipt}: {url}", subject="Pembayaran {code} diterima"),
                                    "en": Text("Payment of Rp {total} for {description} ({code}) received. Receipt "
                                               "{receipt}: {url}", subject="Payment {code} received")},
                          "sms": {"id": "Balai: pembayaran Rp {total} ({code}) diterima. Bukti: {receipt}",
                                  "en": "Balai: payment of Rp {total} ({code}) received. Receipt: {receipt}"}})


def _context(bill) -> dict:
    return {"code": bill.payment_code, "description": bill.description, "total": bill.total,
            "url": reverse("payments:bill", args=[bill.payment_code])}


def bill_issued(bill) -> None:
    if bill.payer_id:
        notify("payments.bill_issued", recipient=bill.payer, key=bill.payment_code,
               context={**_context(bill), "expires_at": bill.expires_at})


def paid(payment, receipt) -> None:
    bill = payment.bill
    if bill.payer_id and receipt is not None:
        notify("payments.paid", recipient=bill.payer, key=f"{bill.payment_code}:{payment.pk}",
               context={**_context(bill), "total": payment.amount, "receipt": payment.receipt_number})


def expiring(today: date) -> Iterator[Reminder]:
    from .models import Bill
    from .states import BillStatus

    start = timezone.make_aware(datetime.combine(today, time(0)))
    bills = (Bill.objects.filter(status=BillStatus.OPEN, payer__isnull=False, expires_at__gte=start,
                                 expires_at__lt=start + timedelta(days=2))
             .select_related("payer").order_by("id"))
    for bill in bills.iterator(chunk_size=1000):
        yield Reminder("payments.bill_expiring", bill.payer, {**_context(bill), "expires_at": bill.expires_at},
                       bill.payment_code)


register_reminder_source("payments", expiring)
