"""SNAP response codes, in one table.

A response code is 7 characters: HTTP status (3) + service code (2) + case code (2), e.g.
``2002400`` = 200, service 24 (VA inquiry), case 00 (success) — that format, and service codes 24
(inquiry) and 25 (payment), are what REFERENCE §4.6 gives as the standard's. Every case code is
UNCONFIRMED against the BI/ASPI table (REFERENCE §4.6: "case codes above are from gateway
documentation"); ``source`` says how far each entry goes:

- ``reference`` — quoted in REFERENCE §4.6 from gateway documentation (still UNCONFIRMED);
- ``gateway-doc`` — the general cases (400xx00–02, 401xx01, 500xx00 and 200xx00 as such) as
  several banks' and gateways' SNAP documentation quote them, not in REFERENCE (UNCONFIRMED);
- ``bank-doc`` — taken from one bank's or gateway's documentation (UNCONFIRMED).

Check them all with the bank at onboarding and change them here only.
"""

from __future__ import annotations

from dataclasses import dataclass

# Service codes: 24 and 25 per REFERENCE §4.6; 73 (token) and 26 (status) from gateway
# documentation — UNCONFIRMED (REFERENCE numbers the bank-side services 27–33, also unconfirmed).
ACCESS_TOKEN = "73"  # noqa: S105 - a service code, not a secret
VA_INQUIRY = "24"
VA_PAYMENT = "25"
VA_STATUS = "26"
SERVICES = {VA_INQUIRY: "inquiry", VA_PAYMENT: "payment", VA_STATUS: "status"}


@dataclass(frozen=True)
class Case:
    http: int
    case: str
    message: str
    source: str  # "reference" | "gateway-doc" | "bank-doc" (all UNCONFIRMED, see above)


CASES: dict[str, Case] = {
    "success": Case(200, "00", "Successful", "reference"),
    "bad_request": Case(400, "00", "Bad Request", "gateway-doc"),
    "invalid_field": Case(400, "01", "Invalid Field Format", "gateway-doc"),
    "missing_field": Case(400, "02", "Invalid Mandatory Field", "gateway-doc"),
    "unauthorized": Case(401, "00", "Unauthorized", "reference"),
    "invalid_token": Case(401, "01", "Invalid Token (B2B)", "gateway-doc"),
    "not_allowed": Case(403, "01", "Feature Not Allowed", "bank-doc"),
    "transaction_not_found": Case(404, "01", "Transaction Not Found", "bank-doc"),
    "bill_not_found": Case(404, "12", "Invalid Bill/Virtual Account", "reference"),
    "invalid_amount": Case(404, "13", "Invalid Amount", "reference"),
    "bill_paid": Case(404, "14", "Paid Bill", "reference"),
    "inconsistent": Case(404, "18", "Inconsistent Request", "bank-doc"),
    "bill_expired": Case(404, "19", "Invalid Bill/Virtual Account [Expired]", "bank-doc"),
    "duplicate_external_id": Case(409, "00", "Conflict", "reference"),
    "general_error": Case(500, "00", "General Error", "reference"),
}


def response_code(service: str, case: str) -> str:
    c = CASES[case]
    return f"{c.http}{service}{c.case}"


def answer(service: str, case: str, detail: str = "") -> tuple[int, dict[str, str]]:
    """(HTTP status, ``{"responseCode", "responseMessage"}``) of a case; ``detail`` goes in the
    message in brackets, as the standard's messages do (``Invalid Mandatory Field {customerNo}``)."""
    c = CASES[case]
    message = c.message if not detail else f"{c.message} [{detail}]"
    return c.http, {"responseCode": response_code(service, case), "responseMessage": message}
