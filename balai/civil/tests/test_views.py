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
def test_verified_citizen_sees_own_card_others_masked(client, make_citizen):
    card, head, wife = make_family()
    user = make_citizen(nik=wife.nik, full_name="Siti Aminah", identity="verified")
    client.force_login(user)
    html = client.get("/kependudukan/kk-saya/").content.decode()
    assert card.kk_number in html and wife.nik in html and card.street in html
    assert head.nik not in html and head.nik_masked in html and head.full_name in html


@pytest.mark.django_db
def test_matched_citizen_sees_the_card_masked(client, make_citizen):
    card, head, wife = make_family()
    user = make_citizen(nik=wife.nik, full_name="Siti Aminah", identity="matched")
    client.force_login(user)
    html = client.get("/kependudukan/kk-saya/").content.decode()
    assert card.kk_number not in html and card.kk_masked in html and card.street not in html
    assert head.nik not in html and head.full_name not in html and head.nik_masked in html
    assert 'id="masked-notice"' in html


@pytest.mark.django_db
def test_a_claimed_nik_shows_nothing_from_the_register(client, make_citizen):
    """Regression: a stranger who signs up with another person's NIK and name saw their
    family card. A claim alone opens nothing, whatever name the account carries."""
    card, head, wife = make_family()
    user = make_citizen(nik=wife.nik, full_name="Siti Aminah")
    client.force_login(user)
    html = client.get("/kependudukan/kk-saya/").content.decode()
    for secret in (card.kk_number, card.kk_masked, card.street, head.full_name, head.nik_masked):
        assert secret not in html
    assert 'id="identity-needed"' in html and "/akun/identitas/" in html


@pytest.mark.django_db
def test_demo_seeder_is_idempotent(make_citizen):
    from balai.civil.demo import seed_demo_family
    from balai.civil.models import FamilyCard
    from balai.civil.selectors import person_for_citizen, prefill_for_citizen

    lines = list(seed_demo_family([]))
    assert "Gubeng" in lines[0]
    seed_demo_family([])
    assert FamilyCard.objects.count() == 1
    warga = make_citizen(nik="3578084512990001", full_name="Siti Aminah", identity="matched")
    person = person_for_citizen(warga)
    assert person.full_name == "Siti Aminah"
    prefill = prefill_for_citizen(warga)
    assert prefill["relationship"] == "istri" and prefill["kk_number"] == FamilyCard.objects.get().kk_number


def test_english_catalogue_is_complete():
    from pathlib import Path

    import polib

    po = polib.pofile(str(Path(__file__).resolve().parents[1] / "locale/en/LC_MESSAGES/django.po"))
    assert len(po) > 100
    def translated(e) -> bool:
        return all(e.msgstr_plural.values()) if e.msgid_plural else bool(e.msgstr)

    assert [e.msgid for e in po if not translated(e) or "fuzzy" in e.flags] == []


@pytest.mark.django_db
def test_admin_pages_mask_the_register(client, make_staff):
    from balai.civil.models import KtpSlot

    card, head, wife = make_family()
    admin_user = make_staff(role="admin", jurisdiction=())
    client.force_login(admin_user)
    # OTPAdminSite needs a verified device: the admin pages themselves are covered by accounts tests;
    # here only the list configuration is checked.
    from django.contrib import admin as django_admin

    from balai.civil.models import Person

    person_admin = django_admin.site._registry[Person]
    assert "nik" not in person_admin.list_display and "nik" not in person_admin.fields
    assert KtpSlot in django_admin.site._registry


@pytest.mark.django_db
def test_supervisor_reviews_full_reads_in_the_jurisdiction_only(make_staff):
    import datetime as dt

    from django.test import Client
    from django.utils import timezone

    from balai.civil.selectors import record_full_read
    from balai.conftest import totp_code

    card, head, wife = make_family()
    officer = make_staff(role="officer", username="petugas.satu")
    record_full_read(user=officer, object_type="person", obj=wife, reason="service: KK-123")
    record_full_read(user=officer, object_type="family_card", obj=card, reason="verification: surat 7")

    def login(user) -> Client:
        c = Client()
        c.post("/masuk/", {"username": user.username, "password": user.raw_password})
        assert c.post("/masuk/verifikasi/", {"code": totp_code(user)}).status_code == 302
        return c

    url = "/petugas/kependudukan/pembacaan-data/"
    here = login(make_staff(role="supervisor")).get(url)
    html = here.content.decode()
    assert here.status_code == 200 and "2 pembacaan" in html
    assert "service: KK-123" in html and "verification: surat 7" in html and "petugas.satu" in html
    assert wife.nik_masked in html and card.kk_masked in html
    assert wife.nik not in html and card.kk_number not in html  # the review itself reveals nothing

    supervisor = make_staff(role="supervisor")
    c = login(supervisor)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert "0 pembacaan" in c.get(url, {"since": tomorrow}).content.decode()
    assert "0 pembacaan" in c.get(url, {"officer": "orang.lain"}).content.decode()
    assert "2 pembacaan" in c.get(url, {"officer": "SATU", "until": timezone.localdate().isoformat()}).content.decode()
    bad = c.get(url, {"since": tomorrow, "until": timezone.localdate().isoformat()}).content.decode()
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in bad

    elsewhere = login(make_staff(role="supervisor", jurisdiction=("3507",), unit="Dispendukcapil Kabupaten Malang"))
    assert "0 pembacaan" in elsewhere.get(url).content.decode()
    assert login(make_staff(role="officer")).get(url).status_code == 403


@pytest.mark.django_db
def test_a_read_stays_in_the_review_of_the_regency_it_happened_in(make_staff):
    from balai.civil.selectors import full_reads_for_supervisor, record_full_read
    from balai.civil.services import CardAddress, family_card_change_address

    from .factories import MALANG_VILLAGE

    card, head, wife = make_family()
    surabaya, malang = make_staff(role="supervisor"), make_staff(role="supervisor", jurisdiction=("3507",))
    record_full_read(user=make_staff(role="officer"), object_type="person", obj=wife, reason="service: KK-1")
    family_card_change_address(card=card, address=CardAddress(street="Jl. Baru 1", rt="1", rw="2",
                                                              village_code=MALANG_VILLAGE), by=None)
    assert full_reads_for_supervisor(surabaya).count() == 1  # read while the family lived in Surabaya
    assert full_reads_for_supervisor(malang).count() == 0
    card.refresh_from_db()
    record_full_read(user=make_staff(role="officer", jurisdiction=("3507",)), object_type="family_card", obj=card,
                     reason="verification: 2")
    assert full_reads_for_supervisor(malang).count() == 1 and full_reads_for_supervisor(surabaya).count() == 1

