"""The promotion API: a proposal before eligibility is 422 naming the earliest period; an eligible
one is a draft case routed to the unit's HR officers, completed through the applications API."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from balai.asn.models import PromotionProposal
from balai.asn.services import profile_save
from balai.cases.models import Application

pytestmark = pytest.mark.django_db
UNIT = "Dinas Kominfo Provinsi Jawa Timur"


def _asn(make_staff, *, nip, role="officer", unit=UNIT, **extra):
    user = make_staff(role=role, unit=unit)
    data = {"nip": nip, "kind": "pns", "position_type": "administrative", "functional_level": "",
            "position_name": "Analis", "rank": "III/b", "rank_tmt": "2022-04-15", "birth_date": "1980-01-01",
            "education": "s1", "skp_last": "baik", "skp_previous": "baik"}
    data.update(extra)
    return profile_save(user=user, data=data).profile


def _client(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user=user)
    return api


def test_a_proposal_before_eligibility_is_422_with_the_earliest_period(make_staff):
    hr = _asn(make_staff, nip="197501012000031001", is_hr_officer="on")
    profile = _asn(make_staff, nip="198001012005011001", rank_tmt="2025-04-01")  # eligible from April 2029
    response = _client(hr.user).post("/api/asn/promotions/", {"nip": profile.nip, "period": "2026-04-01"},
                                     format="json")
    assert response.status_code == 422
    body = response.json()["error"]
    assert body["code"] == "not_eligible" and body["fields"]["earliest_period"] == "2029-04-01"
    assert "01-04-2029" in body["message"]
    assert not PromotionProposal.objects.exists() and not Application.objects.filter(applicant=profile.user).exists()


def test_an_eligible_proposal_is_a_draft_case_for_the_asn(make_staff):
    hr = _asn(make_staff, nip="197501012000031001", is_hr_officer="on")
    profile = _asn(make_staff, nip="198001012005011001")
    response = _client(hr.user).post("/api/asn/promotions/", {"nip": profile.nip}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["state"], body["from_rank"], body["to_rank"], body["office"]) == ("draft", "III/b", "III/c", UNIT)
    assert date.fromisoformat(body["period"]) >= date(2026, 6, 1)
    detail = _client(hr.user).get(f"/api/applications/{body['tracking_number']}/")  # the filer sees the case
    assert detail.status_code == 200 and detail.json()["service"] == "asn-kenaikan-pangkat"


def test_only_staff_of_the_unit_may_propose(make_staff, make_citizen):
    profile = _asn(make_staff, nip="198001012005011001")
    outsider = make_staff(role="supervisor", unit="Unit lain")
    assert _client(outsider).post("/api/asn/promotions/", {"nip": profile.nip}, format="json").status_code == 403
    assert _client(make_citizen()).post("/api/asn/promotions/", {"nip": profile.nip},
                                        format="json").status_code == 403
    unknown = _client(outsider).post("/api/asn/promotions/", {"nip": "199901012020011001"}, format="json")
    assert unknown.status_code == 404
