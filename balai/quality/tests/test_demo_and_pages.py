"""The demo's synthetic history (labelled on the dashboard), and the public pages in both languages."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from balai.quality.demo import seed_demo_quality
from balai.quality.models import CaseMonthStat, PaymentDayStat, VerificationMonthStat

pytestmark = pytest.mark.django_db


def test_demo_history_is_synthetic_and_labelled(client, settings, make_case):
    make_case(submit=False)  # an office and a service exist
    settings.DEMO = False
    assert seed_demo_quality([]) == ["not in demo mode: no synthetic history"]
    settings.DEMO = True
    seed_demo_quality([])
    assert CaseMonthStat.objects.filter(synthetic=True).count() >= 12
    assert not PaymentDayStat.objects.filter(synthetic=False, amount__gt=0).exists()
    assert seed_demo_quality([])[-1] == "synthetic dashboard history already present"
    page = client.get(reverse("quality:dashboard")).content.decode()
    assert "Data sintetis" in page and "<svg" in page and 'role="img"' in page
    data = json.loads(client.get(reverse("quality:dashboard_file", args=["json"])).content)
    assert data["synthetic"] is True and "SINTETIS" in data["licence"] and len(data["months"]) == 12
    assert not VerificationMonthStat.objects.filter(synthetic=False).exists()
    assert all(m["documents_verified_by_qr"] > 0 for m in data["months"])  # labelled synthetic counts
    settings.DEMO = False
    page = client.get(reverse("quality:dashboard")).content.decode()
    assert "Data sintetis" not in page  # outside demo mode the synthetic rows are not read


def test_dashboard_csv_has_the_licence_note(client):
    body = client.get(reverse("quality:dashboard_file", args=["csv"]), {"wilayah": "3578"}).content.decode()
    first, header = body.splitlines()[:2]
    assert first.startswith("# ") and "CC BY 4.0" in first
    assert header.startswith("month,applications_received,online_share_pct")


def test_public_pages_in_english(client):
    client.cookies["django_language"] = "en"
    for name in ("quality:dashboard", "quality:complaint_new", "quality:complaint_register"):
        assert client.get(reverse(name)).status_code == 200
    page = client.get(reverse("quality:dashboard")).content.decode()
    assert "Applications received" in page and "Permohonan diterima" not in page
