"""Document numbers: a format per document type, a counter per (type, issuing unit, year).

The counter comes from ``balai.core.numbers.next_value`` (one atomic upsert, safe on PostgreSQL)
and is called inside the transaction that stores the document, so a rolled-back issuance gives its
number back. ``Document.number`` is unique as a second line of defence (invariant 4).

Formats are ``str.format`` patterns; override per type with the ``DOCUMENT_NUMBER_FORMATS``
setting (a JSON object in the environment). Each must contain ``{seq}``, ``{year}``, ``{unit}``
and ``{prefix}``: the counter restarts per type, unit and year, so a format without one of them
would repeat numbers.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from balai.core.formatting import roman_month
from balai.core.numbers import next_value

from .registry import doc_type as doc_type_registered

DEFAULT_FORMAT = "{prefix}/{unit}/{year}/{seq:06d}"
DEFAULT_FORMATS = {
    # Official letters follow the usual Indonesian pattern: serial/code/unit/month in Roman/year.
    "letter": "{seq:04d}/{prefix}/{unit}/{month_roman}/{year}",
}
_REQUIRED = ("{seq", "{year", "{unit", "{prefix")


def number_format(doc_type: str) -> str:
    fmt = settings.DOCUMENT_NUMBER_FORMATS.get(doc_type) or DEFAULT_FORMATS.get(doc_type) or DEFAULT_FORMAT
    missing = [p + "}" for p in _REQUIRED if p not in fmt]
    if missing:
        raise ImproperlyConfigured(f"document number format for {doc_type!r} lacks {', '.join(missing)}: {fmt!r}")
    return fmt


def unit_code(issuing_unit: str) -> str:
    """Configured short code of a unit, else the initials of its words: "Dispendukcapil Kota
    Surabaya" → "DKS"."""
    configured = settings.DOCUMENT_UNIT_CODES.get(issuing_unit)
    if configured:
        return configured
    words = re.findall(r"[A-Za-z0-9]+", issuing_unit)
    return "".join(w[0].upper() for w in words)[:10] or "BALAI"


def allocate_number(*, doc_type: str, issuing_unit: str, when: dt.datetime) -> str:
    """Next number for this type, unit and year. Call inside the issuing transaction."""
    fmt = number_format(doc_type)
    unit = unit_code(issuing_unit)
    seq = next_value(f"doc:{doc_type}:{unit}:{when.year}")
    registered = doc_type_registered(doc_type)
    prefix = registered.prefix if registered is not None else doc_type.upper()
    return fmt.format(prefix=prefix, unit=unit, year=when.year,
                      month=f"{when.month:02d}", month_roman=roman_month(when), seq=seq)
