"""Staff API: scoped, masked, audited full reads, documented errors."""

from __future__ import annotations

import datetime as dt

import pytest

from balai.core.models import AuditEntry

from .factories import MALANG_VILLAGE, make_family


@pytest.fixture
def api(client, staff_client):
    def login(**kwargs):
        c, user = staff_client(**kwargs)
        return c, user
    return login


@pytest.mark.django_db
def test_search_by_nik_masked_and_scoped(api):
    card, head, wife = make_family()
    c, _user = api()
    r = c.get("/api/civil/persons/", {"nik": wife.nik})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["nik_masked"] == wife.nik[:6] + "******" + wife.nik[-4:]
    assert wife.nik not in r.content.decode()


@pytest.mark.django_db
def test_other_regency_is_invisible(api):
    card, head, wife = make_family(village=MALANG_VILLAGE)
    c, _user = api()  # Surabaya officer
    assert c.get("/api/civil/persons/", {"nik": wife.nik}).json()["count"] == 0
    r = c.get(f"/api/civil/persons/{wife.public_id}/")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert c.get(f"/api/civil/family-cards/{card.public_id}/").status_code == 404


@pytest.mark.django_db
def test_search_needs_criteria(api):
    c, _user = api()
    r = c.get("/api/civil/persons/", {"name": "Siti"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "search_criteria"


@pytest.mark.django_db
def test_search_by_name_and_birth_date(api):
    card, head, wife = make_family()
    c, _user = api()
    r = c.get("/api/civil/persons/", {"name": "siti", "birth_date": "1999-12-05"})
    assert [p["full_name"] for p in r.json()["results"]] == ["Siti Aminah"]


@pytest.mark.django_db
def test_reveal_requires_reason_and_is_audited(api):
    card, head, wife = make_family()
    c, user = api()
    r = c.post(f"/api/civil/persons/{wife.public_id}/reveal/", {}, content_type="application/json")
    assert r.status_code == 400 and "reason" in r.json()["error"]["fields"]
    r = c.post(f"/api/civil/persons/{wife.public_id}/reveal/", {"reason": "Permohonan KK nomor 123"},
               content_type="application/json")
    assert r.status_code == 200 and r.json()["nik"] == wife.nik and r.json()["kk_number"] == card.kk_number
    entry = AuditEntry.objects.filter(action="civil.person.read_full", actor=user).get()
    assert entry.data["reason"] == "Permohonan KK nomor 123"


@pytest.mark.django_db
def test_family_card_with_history_and_reveal(api):
    from balai.civil.services import PersonData, birth_register

    card, head, wife = make_family()
    birth_register(card=card, by=None, district_code="357808", registered_on=dt.date(2026, 3, 20),
                   child=PersonData("Aisyah", "F", "Surabaya", dt.date(2026, 3, 5), "islam", mother_id=wife.pk))
    c, user = api()
    r = c.get("/api/civil/family-cards/", {"kk_number": card.kk_number})
    assert r.json()["count"] == 1
    data = c.get(f"/api/civil/family-cards/{card.public_id}/").json()
    assert data["kk_number"].count("*") == 6 and len(data["members"]) == 3
    assert [v["number"] for v in data["versions"]] == [2, 1]
    assert data["members"][2]["relationship"] == "anak"
    full = c.post(f"/api/civil/family-cards/{card.public_id}/reveal/", {"reason": "Verifikasi data penduduk"},
                  content_type="application/json").json()
    assert full["kk_number"] == card.kk_number
    assert AuditEntry.objects.filter(action="civil.family_card.read_full").count() == 1


@pytest.mark.django_db
def test_citizens_and_agents_are_refused(client, make_citizen, staff_client):
    citizen = make_citizen()
    client.force_login(citizen)
    assert client.get("/api/civil/persons/", {"nik": "3578084512990001"}).status_code == 403
    c, _agent = staff_client(role="agent")
    assert c.get("/api/civil/persons/", {"nik": "3578084512990001"}).status_code == 403


@pytest.mark.django_db
def test_duplicate_decision_through_the_api(api):
    from balai.civil.models import DuplicateReview
    from balai.civil.services import PersonData, birth_register

    card, head, wife = make_family()
    child = PersonData("Aisyah", "F", "Surabaya", dt.date(2026, 3, 5), "islam", mother_id=wife.pk)
    birth_register(card=card, by=None, district_code="357808", registered_on=dt.date(2026, 3, 20), child=child)
    twin = birth_register(card=card, by=None, district_code="357808", registered_on=dt.date(2026, 3, 20),
                          child=PersonData("Annisa", "F", "Surabaya", dt.date(2026, 3, 5), "islam", mother_id=wife.pk))
    assert twin.held
    c, user = api()
    listed = c.get("/api/civil/duplicates/").json()
    assert listed["count"] == 1
    review_id = listed["results"][0]["id"]
    r = c.post(f"/api/civil/duplicates/{review_id}/decision/", {"is_duplicate": False, "note": "Kembar"},
               content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "not_duplicate"
    twin.child.refresh_from_db()
    assert twin.child.record_status == "active"
    card.refresh_from_db()
    assert card.current_version == 3  # the held twin's birth completed on the decision
    assert list(DuplicateReview.objects.get().actions.values_list("action", flat=True)) == ["flagged", "not_duplicate"]
    again = c.post(f"/api/civil/duplicates/{review_id}/decision/", {"is_duplicate": True},
                   content_type="application/json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_decided"


@pytest.mark.django_db
def test_schema_documents_the_civil_api(client):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/civil/persons/{public_id}/reveal/" in schema
    assert "/api/civil/duplicates/{review_id}/decision/" in schema
