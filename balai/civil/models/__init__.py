"""Population register: persons, family cards (KK) with versions, memberships, the birth register,
duplicate reviews, KTP-el recording slots and import runs (REFERENCE §1–2).

A family card is never edited in place for a printed element: every change is a new
``FamilyCardVersion`` with its print date and a snapshot of what was printed, so the history of
a card can be shown and re-printed. ``Membership`` is the current, queryable truth; the
partial unique constraint on it is what keeps a person on exactly one active card
(UU 23/2006 Art. 97 makes a second KK an offence).

One module per part (``register``, ``records``, ``reviews``); everything is re-exported here, so
``balai.civil.models.<name>`` keeps working.
"""

from .records import BirthRecord, KtpBooking, KtpSlot, SlotPurpose
from .register import (
    MARRIED_STATES,
    BloodType,
    Citizenship,
    Education,
    FamilyCard,
    FamilyCardStatus,
    FamilyCardVersion,
    MaritalStatus,
    Membership,
    Person,
    RecordStatus,
    Relationship,
    Religion,
    Sex,
    VersionReason,
)
from .reviews import DuplicateAction, DuplicateReview, ImportRun, ReviewStatus

__all__ = [
    "MARRIED_STATES", "BirthRecord", "BloodType", "Citizenship", "DuplicateAction", "DuplicateReview", "Education",
    "FamilyCard", "FamilyCardStatus", "FamilyCardVersion", "ImportRun", "KtpBooking", "KtpSlot", "MaritalStatus",
    "Membership", "Person", "RecordStatus", "Relationship", "Religion", "ReviewStatus", "Sex", "SlotPurpose",
    "VersionReason",
]
