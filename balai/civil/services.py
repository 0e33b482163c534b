"""Writes to the population register, by responsibility:

- ``cards``: family cards and persons (every change of a printed element is a new KK version);
- ``births``: birth registration and duplicate reviews;
- ``ktp``: who must hold a KTP-el, and the visit booked through ``balai.appointments``.

This module keeps the one import path callers use (``from balai.civil.services import …``).
"""

from __future__ import annotations

from .births import (
    BirthOutcome,
    DuplicatePending,
    birth_is_late,
    birth_precheck,
    birth_register,
    birth_registration_number,
    duplicate_decide,
    duplicate_review_open,
)
from .cards import (
    CHANGEABLE_FIELDS,
    SNAPSHOT_PERSON_FIELDS,
    CardAddress,
    PersonData,
    RegisterError,
    card_snapshot,
    family_card_add_member,
    family_card_change_address,
    family_card_create,
    family_card_reissue,
    person_change_data,
    person_snapshot,
    region_names,
    validate_village,
)
from .ktp import SlotsFull, ktp_desk, ktp_eligibility, ktp_print_from, ktp_recording_early, ktp_visit_book

__all__ = [
    "CHANGEABLE_FIELDS", "SNAPSHOT_PERSON_FIELDS", "BirthOutcome", "CardAddress", "DuplicatePending", "PersonData",
    "RegisterError", "SlotsFull", "birth_is_late", "birth_precheck", "birth_register", "birth_registration_number",
    "card_snapshot", "duplicate_decide", "duplicate_review_open", "family_card_add_member",
    "family_card_change_address", "family_card_create", "family_card_reissue", "ktp_desk", "ktp_eligibility",
    "ktp_print_from", "ktp_recording_early", "ktp_visit_book", "person_change_data", "person_snapshot",
    "region_names", "validate_village",
]
