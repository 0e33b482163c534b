"""Adminduk services on the case engine: one handler per service code, registered in
``CivilConfig.ready()``. A handler reads the applicant's family from the register (nothing the
register knows is asked again), checks the request against REFERENCE §2, routes the case to the
Disdukcapil of the family's current address, changes the register on approval, and names the
documents to issue (the ``documents`` app renders and signs them).

The register facts a case acted on are kept in ``application.data["_civil"]`` (written on
approval; the form schema never shows them).

By service: ``handlers_birth`` (birth certificate), ``handlers_family`` (family card),
``handlers_ktp`` (KTP-el, ending with a visit booked through ``balai.appointments``); the shared
pieces are in ``handlers_common``. This module keeps the names callers import from it.
"""

from __future__ import annotations

from balai.cases.handlers import register_handler

from .handlers_birth import BirthHandler, birth_certificate_context
from .handlers_common import KEY, applicant_card, applicant_person, family_card_context, route_to
from .handlers_family import ELEMENT_FIELDS, ChangeDataHandler, NewFamilyHandler, ReplacementHandler
from .handlers_ktp import DATE_FIELD, KtpChangeHandler, KtpHandler, KtpReplaceHandler
from .ktp import register_kinds

__all__ = ["DATE_FIELD", "ELEMENT_FIELDS", "HANDLERS", "KEY", "BirthHandler", "ChangeDataHandler", "KtpChangeHandler",
           "KtpHandler", "KtpReplaceHandler", "NewFamilyHandler", "ReplacementHandler", "applicant_card",
           "applicant_person", "birth_certificate_context", "family_card_context", "register", "route_to"]

HANDLERS = {
    "akta-kelahiran": BirthHandler(),
    "kk-baru": NewFamilyHandler(),
    "kk-perubahan-data": ChangeDataHandler(),
    "kk-hilang-rusak": ReplacementHandler(),
    "ktp-el-baru": KtpHandler(),
    "ktp-el-ganti": KtpReplaceHandler(),
    "ktp-el-perubahan": KtpChangeHandler(),
}


def register() -> None:
    register_kinds()
    for code, handler in HANDLERS.items():
        register_handler(code, handler)
