"""Configuration of the civil app, with defaults. Each value may be overridden by a Django
setting of the same name (``CIVIL_…``). Items marked UNCONFIRMED in REFERENCE §10 live here so a
deployment can follow its own office's practice without a code change."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # UU 23/2006 as amended, Art. 27: a birth is reported within 60 days. Later = late
    # registration on the decision of the head of the Disdukcapil; never a fine.
    "CIVIL_BIRTH_DEADLINE_DAYS": 60,
    # Registration number of the Kutipan Akta Kelahiran. Placeholders: {regency} (4 digits),
    # {kind} (LU on time / LT late), {date} (registration date), {year}, {seq}.
    # The sequence runs per regency and year.
    "CIVIL_BIRTH_REGISTRATION_NUMBER_FORMAT": "{regency}-{kind}-{date:%d%m%Y}-{seq:04d}",
    "CIVIL_BIRTH_KIND_CODES": {"on_time": "LU", "late": "LT"},
    # KK number: region + DDMMYY + serial (Dukcapil guidance; REFERENCE §1.2, UNCONFIRMED in a
    # primary text: positions 7–16 are opaque and this only decides how *we* allocate).
    "CIVIL_KK_DATE_FORMAT": "%d%m%y",
    # Deduplication rules (OpenCRVS users complain of rigid rules: these are data).
    # mother: "link" = the same mother record (mother_id, or mother's NIK), "name" = the same
    # normalised mother's name, None = not compared. name_similarity: minimum ratio 0–1 of the
    # normalised full names, None = not compared. Every rule compares the birth date.
    "CIVIL_DEDUP_RULES": [
        {"code": "same_mother_birth_date", "mother": "link", "name_similarity": None, "same_sex": False},
        {"code": "similar_name_birth_date_mother", "mother": "name", "name_similarity": 0.85, "same_sex": False},
    ],
    # KTP-el: UU 24/2013 Art. 63 — 17 years or married. Recording from 16 is Disdukcapil practice
    # (REFERENCE §2.4): a single 16-year-old may book biometric recording; the card is printed at 17.
    # Set it equal to CIVIL_KTP_MIN_AGE where an office does not record early.
    "CIVIL_KTP_MIN_AGE": 17,
    "CIVIL_KTP_RECORDING_MIN_AGE": 16,
    # UNCONFIRMED (REFERENCE §2.4, §10 item 8): whether a lost KTP-el needs a police report.
    # Regency code → bool; missing regencies use the default.
    "CIVIL_LOST_KTP_POLICE_REPORT": {},
    "CIVIL_LOST_KTP_POLICE_REPORT_DEFAULT": True,
    # A lost KK needs a police report (Dirjen Dukcapil, March 2024; REFERENCE §2.3).
    "CIVIL_LOST_KK_POLICE_REPORT": True,
    # Default daily capacity of a KTP-el recording/pick-up desk when no KtpSlot row exists yet.
    "CIVIL_KTP_DEFAULT_DAILY_CAPACITY": 40,
    "CIVIL_KTP_BOOKING_HORIZON_DAYS": 30,
    # Import: rows per committed batch (cut at family-card boundaries).
    "CIVIL_IMPORT_BATCH_SIZE": 5000,
}


def conf(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])
