"""Dates on web pages follow the page's language; documents keep Indonesian dates."""

import datetime as dt

from django.template import Template
from django.template.context import Context
from django.utils import translation

from balai.core.formatting import format_date_ui


def test_format_date_ui_follows_the_active_language():
    day = dt.date(2027, 5, 2)
    with translation.override("id"):
        assert format_date_ui(day) == "2 Mei 2027"
    with translation.override("en"):
        assert format_date_ui(day) == "2 May 2027"
    assert format_date_ui(day, language="en") == "2 May 2027"
    assert format_date_ui(day, language="id") == "2 Mei 2027"


def test_tanggal_ui_filter_is_language_aware_and_tanggal_stays_indonesian():
    template = Template("{% load balai_format %}{{ d|tanggal_ui }} | {{ d|tanggal }} | {{ iso|tanggal_ui }} | "
                        "{{ none|tanggal_ui }}.")
    context = {"d": dt.date(2026, 12, 4), "iso": "2027-05-02", "none": None}
    with translation.override("en"):
        assert template.render(Context(context)) == "4 December 2026 | 4 Desember 2026 | 2 May 2027 | ."
    with translation.override("id"):
        assert template.render(Context(context)) == "4 Desember 2026 | 4 Desember 2026 | 2 Mei 2027 | ."
