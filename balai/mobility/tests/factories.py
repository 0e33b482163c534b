"""A family in the register whose printed KK lags behind a corrected name: the commonest
passport refusal (REFERENCE §5.2), built through civil's own services."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from balai.civil.models import Person
from balai.civil.services import person_change_data
from balai.civil.tests.factories import make_family


def mismatched_family():
    """(card, head, wife): the wife's KTP-el and record say "Siti Aminatun"; the KK still
    printed says "Siti Aminah" (the record was corrected without re-issuing the card)."""
    card, head, wife = make_family()
    Person.objects.filter(pk__in=[head.pk, wife.pk]).update(ktp_issued_at=dt.date(2020, 5, 4))
    person_change_data(person=wife, changes={"full_name": "Siti Aminatun"}, by=None, reissue=False)
    wife.refresh_from_db()
    head.refresh_from_db()
    return card, head, wife


def card_photo(name: str = "sim.jpg", *, fmt: str = "JPEG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (30, 90, 160)).save(buffer, fmt)
    content_type = "image/jpeg" if fmt == "JPEG" else "image/png"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def ensure_rules() -> None:
    """The rows of the data migrations (0002, 0004) again, for a transactional test that flushed them."""
    import importlib

    from django.apps import apps

    from balai.mobility.models import LicenceClass

    if not LicenceClass.objects.exists():
        importlib.import_module("balai.mobility.migrations.0002_rules").load(apps, None)
        importlib.import_module("balai.mobility.migrations.0004_validity_and_splp_rows").load(apps, None)
