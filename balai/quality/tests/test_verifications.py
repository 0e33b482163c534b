"""Documents verified by QR on the dashboard: balai.documents' daily counters read by the refresh
task into month rows per regency (a unit that is no office: the province total only), shown as a
figure, a chart with its table, and in the CSV/JSON downloads."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from balai.documents.models import Document, VerificationDay
from balai.documents.verification_counts import verification_count
from balai.quality.models import RefreshMark, VerificationMonthStat
from balai.quality.services.refresh import VERIFICATIONS_MARK, refresh_dashboard, refresh_verifications

pytestmark = pytest.mark.django_db


def _count(unit: str, channel: str, times: int, moment=None) -> None:
    for _ in range(times):
        verification_count(document=Document(doc_type="letter", issuing_unit=unit), channel=channel, moment=moment)


def _this_month(client, **params) -> dict:
    data = json.loads(client.get(reverse("quality:dashboard_file", args=["json"]), params).content)
    return data["months"][-1]


def test_refresh_maps_units_to_regencies_and_the_dashboard_shows_the_figure(client, make_case):
    office = make_case(submit=False).office
    _count(office.name, "qr", 3)
    _count(office.name.lower(), "qr", 1)  # the unit's name as another issuer spelled it
    _count(office.name, "upload", 2)  # not a QR verification
    _count("Bapenda Provinsi Jawa Timur", "qr", 4)  # no office: the province only
    assert refresh_dashboard()["verification_rows"] == 3
    assert _this_month(client)["documents_verified_by_qr"] == 8
    assert _this_month(client, wilayah=office.regency_code)["documents_verified_by_qr"] == 4
    assert _this_month(client, wilayah="3573")["documents_verified_by_qr"] == 0
    page = client.get(reverse("quality:dashboard")).content.decode()
    assert "belum diukur" not in page
    assert 'id="h-qr"' in page and 'id="chart-qr-t"' in page
    summary = page.split("Dokumen diverifikasi lewat QR</dt>", 1)[1].split("</dd>", 1)[0]
    assert "8" in summary
    body = client.get(reverse("quality:dashboard_file", args=["csv"])).content.decode()
    rows = list(csv.DictReader(io.StringIO(body.split("\n", 1)[1])))
    assert rows[-1]["documents_verified_by_qr"] == "8" and "belum diukur" not in body


def test_refresh_is_incremental_and_counts_nothing_twice(make_case):
    office = make_case(submit=False).office
    today = timezone.localdate()
    old = today.replace(day=1) - timedelta(days=70)
    _count(office.name, "qr", 2, moment=timezone.make_aware(datetime.combine(old, time(10))))
    _count(office.name, "qr", 5)
    refresh_verifications(today=today)
    refresh_verifications(today=today)
    assert sorted(VerificationMonthStat.objects.values_list("period", "verifications")) == [
        (old.replace(day=1), 2), (today.replace(day=1), 5)]
    assert RefreshMark.objects.get(name=VERIFICATIONS_MARK).last_id == today.toordinal()
    # a later run reads from the month of the day before its mark: an old counter is not read again
    VerificationDay.objects.filter(day=old).update(count=99)
    _count(office.name, "qr", 1)
    refresh_verifications(today=today)
    assert sorted(VerificationMonthStat.objects.values_list("period", "verifications")) == [
        (old.replace(day=1), 2), (today.replace(day=1), 6)]
