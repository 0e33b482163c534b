"""Builders for partners tests."""

from __future__ import annotations

import secrets

from balai.partners.services import point_create
from balai.payments.services import LineSpec, bill_issue

PKB_LINES = [("pkb", "PKB pokok", 135_542), ("opsen_pkb", "Opsen PKB", 89_458), ("swdkllj", "SWDKLLJ", 35_000)]


def make_point(supervisor, *, cash_limit: int = 2_000_000, village_code: str = "3578081001", **kwargs):
    defaults = {"name": "Koppontren Uji", "address": "Jl. Uji 1", "contact_name": "Pak Uji",
                "contact_phone": "0311234567", "samsat_unit": "UPT PPD Surabaya Timur",
                "bank_name": "Bank Jatim", "bank_account_number": "001", "bank_account_name": "Koppontren Uji"}
    return point_create(by=supervisor, village_code=village_code, cash_limit=cash_limit, **{**defaults, **kwargs})


def make_bill(*, lines=PKB_LINES, regency_code: str = "3578", kind: str = "test", **kwargs):
    return bill_issue(kind=kind, subject_type="test", subject_id=secrets.token_hex(4), payer_name="Siti Aminah",
                      description="PKB tahunan L 1234 AB", regency_code=regency_code,
                      lines=[LineSpec(tax_head=h, label=label, amount=a) for h, label, a in lines], **kwargs)


def key() -> str:
    return secrets.token_hex(16)
