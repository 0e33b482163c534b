"""Counting document verifications for the public dashboard ("documents verified by QR").

One counter row per day (Asia/Jakarta), document type, issuing unit and channel
(``VerificationDay``), incremented in the database: public QR scans can be many, so there is no
row per scan, and nothing about who verified (no user, no IP address, no user agent) is stored.

What counts: a successful verification of a known (published) document — the public page opened
from a genuine QR token (``qr``: GET of the page), a PDF upload whose bytes match an issued
document (``upload``: the upload page, or the file check on the QR page), and the API (``api``:
lookup by token, or a file that matches). An unknown or tampered token, an upload that matches no
document, a rejected file and a throttled request count nothing. A superseded or revoked
document is still a known document: its verification (which tells the reader so) is counted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import Document, VerificationChannel, VerificationDay

JAKARTA = ZoneInfo("Asia/Jakarta")


def verification_day(moment: dt.datetime | None = None) -> dt.date:
    """The Asia/Jakarta calendar day of ``moment`` (now by default), whatever TIME_ZONE says."""
    return timezone.localtime(moment or timezone.now(), JAKARTA).date()


def verification_count(*, document: Document, channel: str, moment: dt.datetime | None = None) -> None:
    """Add one to the counter of ``document``'s type and unit on this channel and day.

    ``UPDATE … SET count = count + 1`` first; when no row exists yet, insert it inside a savepoint.
    A concurrent insert of the same key makes ours fail on the unique constraint (on PostgreSQL it
    waits for the other transaction first): the savepoint is rolled back and the update retried,
    which now finds the row. No increment is lost and the caller's transaction stays usable."""
    VerificationChannel(channel)  # ValueError for an unknown channel
    key = {"day": verification_day(moment), "doc_type": document.doc_type,
           "issuing_unit": document.issuing_unit, "channel": channel}
    for _attempt in range(3):
        if VerificationDay.objects.filter(**key).update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                VerificationDay.objects.create(**key, count=1)
            return
        except IntegrityError:
            continue
    raise RuntimeError(f"verification counter {key} could be neither updated nor created")


def verifications_since(day: dt.date) -> list[dict[str, Any]]:
    """The counter rows from ``day`` on (inclusive): day, doc_type, issuing_unit, channel, count.
    Read by balai.quality's dashboard refresh."""
    return [dict(row) for row in VerificationDay.objects.filter(day__gte=day).order_by("day", "doc_type", "issuing_unit", "channel")
                .values("day", "doc_type", "issuing_unit", "channel", "count")]
