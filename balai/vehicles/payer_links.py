"""The e-TBPKP of a paid vehicle-tax bill through the payer's signed link (
``balai.payments.return_links``): the link names the payment; this adds its bill's e-TBPKP."""

from __future__ import annotations

from collections.abc import Iterator

from balai.payments.return_links import payment_of

from .selectors import ETBPKP_SUBJECT
from .services import BILL_KIND


def etbpkp_subjects(reference: str) -> Iterator[tuple[str, str]]:
    payment = payment_of(reference)
    if payment is not None and payment.bill.kind == BILL_KIND:
        yield (ETBPKP_SUBJECT, payment.bill.payment_code)
