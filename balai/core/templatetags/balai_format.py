"""Template filters for Indonesian money and dates: ``{% load balai_format %}``,
``{{ total|rupiah }}``, ``{{ issued_at|tanggal }}``, ``{{ paid_at|tanggal_waktu }}``."""

from __future__ import annotations

import datetime as dt

from django import template

from balai.core import formatting

register = template.Library()


@register.filter
def rupiah(value):
    return "" if value in (None, "") else formatting.format_rupiah(value)


@register.filter
def angka(value):
    return "" if value in (None, "") else formatting.format_number(value)


@register.filter
def terbilang(value):
    return "" if value in (None, "") else formatting.rupiah_in_words(value)


def _date(value):
    # Document contexts travel as JSON (outbox, async issue): dates arrive as ISO strings.
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


@register.filter
def tanggal(value):
    return "" if not value else formatting.format_date_id(_date(value))


@register.filter
def tanggal_ui(value):
    """A date in words in the page's language (``2 Mei 2027`` / ``2 May 2027``); ``tanggal`` stays
    Indonesian for documents."""
    return "" if not value else formatting.format_date_ui(_date(value))


@register.filter
def tanggal_hari(value):
    return "" if not value else formatting.format_date_id(_date(value), weekday=True)


@register.filter
def tanggal_waktu(value):
    return "" if not value else formatting.format_datetime_id(value)


@register.filter
def jam(value):
    return "" if not value else formatting.format_time_id(value)
