"""Personal data held about a person, for the data subject's right of access and portability
(UU 27/2022 on Personal Data Protection, Art. 7 and 13; REFERENCE §7.1).

Each app that stores personal data registers an exporter in ``AppConfig.ready()``:
``register_exporter("payments", fn)`` where ``fn(user) -> dict | list`` returns what that app holds
about the user (as the data subject, not as staff). ``export_for(user)`` gathers them into one
JSON-serialisable document; the export itself is an audited action.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from . import audit

Exporter = Callable[[Any], Any]
_exporters: dict[str, Exporter] = {}

# How long records are kept, by kind (configurable per deployment; see docs/privacy.md). Adminduk
# records are kept for life by law (UU 24/2013); the others follow the archives retention schedule.
DEFAULT_RETENTION_DAYS = {
    "audit_log": 10 * 365,
    "case_attachments_after_completion": 2 * 365,
    "payment_records": 10 * 365,
    "idempotency_keys": 1,
    "sessions": 14,
}


def register_exporter(name: str, exporter: Exporter) -> None:
    _exporters[name] = exporter


def exporters() -> dict[str, Exporter]:
    return dict(sorted(_exporters.items()))


def export_for(user) -> dict[str, Any]:
    document: dict[str, Any] = {
        "generated_at": timezone.now().isoformat(),
        "controller": "Pemerintah Provinsi Jawa Timur — Balai",
        "legal_basis": "UU 27/2022 tentang Pelindungan Data Pribadi, Pasal 7 dan 13",
        "sections": {},
    }
    for name, exporter in exporters().items():
        document["sections"][name] = exporter(user)
    audit.record(action="privacy.export", actor=user, object_type="user", object_id=user.pk,
                 data={"sections": sorted(document["sections"])})
    return document
