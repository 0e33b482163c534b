"""The one refusal of the payment services: a stable code and a message; the API answers 409.

Re-exported by ``balai.payments.services`` (the path every caller imports it from)."""

from __future__ import annotations

from balai.core.errors import DomainError


class PaymentError(DomainError):
    """A refusal with a stable code (the API answers 409 with it)."""

    status_code = 409

    def __init__(self, code: str, message: str):
        super().__init__(code, message)
