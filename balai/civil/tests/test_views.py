"""Officer and citizen pages; the demo seeder."""

from __future__ import annotations

import pytest

from balai.core.models import AuditEntry

from .factories import make_family


@pytest.mark.django_db
def test_officer_search_and_person_page_masked_until_reason(staff_client):
    card, head, wife = make_family()
    c, user = staff_client()
    page = c.post("/petugas/kependudukan/", {"nik": wife.nik})
    assert page.status_code == 200
    html = page.content.decode()
    table = html[html.index("<table"):html.index("</table>")]
    assert "Siti Aminah" in table and wife.nik_masked in table and wife.nik not in table
    person = c.get(f"/petugas/kependudukan/penduduk/{wife.public_id}/").content.decode()
    assert wife.nik not in person
    full = c.post(f"/petugas/kependudukan/penduduk/{wife.public_id}/", {"reason": "service", "detail": "KK-123"})
    assert wife.nik in full.content.decode()
    assert AuditEntry.objects.filter(action="civil.person.read_full", actor=user).exists()


@pytest.mark.django_db
def test_family_card_page_and_version_history(staff_client):
    card, head, wife = make_family()
    c, _user = staff_client()
    html = c.get(f"/petugas/kependudukan/kk/{card.public_id}/").content.decode()
    assert card.kk_masked in html and "Versi 1" in html
    assert c.get(f"/petugas/kependudukan/kk/{card.public_id}/versi/1/").status_code == 200
    assert c.get(f"/petugas/kependudukan/kk/{card.public_id}/versi/9/").status_code == 404


@pytest.mark.django_db
def test_officer_of_another_regency_gets_404(staff_client):
    card, head, wife = make_family()
    c, _user = staff_client(jurisdiction=("3507",), unit="Dispendukcapil Kabupaten Malang")
    assert c.get(f"/petugas/kependudukan/kk/{card.public_id}/").status_code == 404


@pytest.mark.django_db
def test_citizen_sees_own_card_others_masked(client, make_citizen):
    card, head, wife = make_family()
    user = make_citizen(nik=wife.nik, full_name="Siti Aminah")
    client.force_login(user)
    html = client.get("/kependudukan/kk-saya/").content.decode()
    assert card.kk_number in html and wife.nik in html
    assert head.nik not in html and head.nik_masked in html


@pytest.mark.django_db
def test_citizen_with_a_foreign_name_is_not_linked(client, make_citizen):
    card, head, wife = make_family()
    user = make_citizen(nik=wife.nik, full_name="Orang Lain")
    client.force_login(user)
    html = client.get("/kependudukan/kk-saya/").content.decode()
    assert card.kk_number not in html and "belum terhubung" in html


@pytest.mark.django_db
def test_demo_seeder_is_idempotent(make_citizen):
    from balai.civil.demo import seed_demo_family
    from balai.civil.models import FamilyCard
    from balai.civil.selectors import person_for_citizen, prefill_for_citizen

    lines = list(seed_demo_family([]))
    assert "Gubeng" in lines[0]
    seed_demo_family([])
    assert FamilyCard.objects.count() == 1
    warga = make_citizen(nik="3578084512990001", full_name="Siti Aminah")
    person = person_for_citizen(warga)
    assert person.full_name == "Siti Aminah"
    prefill = prefill_for_citizen(warga)
    assert prefill["relationship"] == "istri" and prefill["kk_number"] == FamilyCard.objects.get().kk_number


def test_english_catalogue_is_complete():
    from pathlib import Path

    import polib

    po = polib.pofile(str(Path(__file__).resolve().parents[1] / "locale/en/LC_MESSAGES/django.po"))
    assert len(po) > 100
    assert [e.msgid for e in po if not e.msgstr or "fuzzy" in e.flags] == []
