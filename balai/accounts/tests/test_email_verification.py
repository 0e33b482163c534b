"""E-mail verification at sign-up and after an address change (balai.accounts.email_verification)."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest
from django.core import signing
from django.db import connection, connections
from django.test import Client

from balai.accounts import email_verification
from balai.accounts.identity_services import IdentityError, identity_verify_in_person
from balai.accounts.models import IdentityMatchAttempt, User
from balai.core.models import AuditEntry

pytestmark = pytest.mark.django_db

SIGNUP = {
    "full_name": "Budi", "nik": "3578081708850002", "username": "budi", "email": "budi@example.test",
    "phone": "081234567890", "password1": "kunci-rahasia-77", "password2": "kunci-rahasia-77",
    "province": "35", "regency": "3578", "district": "357808", "village": "3578081001",
    "street": "Jl. Kenanga 3", "rt": "1", "rw": "2",
}
PROFILE = {"phone": "081234567890", "province": "35", "regency": "3578", "district": "357808",
           "village": "3578081001", "street": "Jl. Kenanga 3", "rt": "1", "rw": "2"}
LINK = re.compile(r"https?://[^\s]+(/akun/verifikasi-email/[^\s/]+/)")


@pytest.fixture
def rates(settings):
    def set_rates(**rates):
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates}}

    return set_rates


def link_in(message) -> str:
    found = LINK.search(message.body)
    assert found, message.body
    return found.group(1)


def unverified(make_citizen, **kwargs) -> User:
    return make_citizen(email_verified=False, **kwargs)


def test_sign_up_mails_a_link_and_the_account_is_unverified_until_opened(client, mailoutbox,
                                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/daftar/", SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(username="budi")
    assert user.email_verified_at is None
    assert [m.to for m in mailoutbox] == [["budi@example.test"]]
    mail = mailoutbox[0]
    assert mail.subject == "Verifikasi alamat e-mail akun Balai Anda"  # Indonesian: no language stored
    assert "berlaku 3 hari" in mail.body and "hanya bisa dipakai sekali" in mail.body
    link_in(mail)
    page = client.get("/akun/profil/").content.decode()
    assert 'id="email-banner"' in page and "Periksa e-mail Anda" in page and "Kirim ulang tautan" in page
    assert client.get("/api/auth/me").json()["email_verified"] is False


def test_the_link_verifies_once(client, make_citizen, mailoutbox, django_capture_on_commit_callbacks):
    user = unverified(make_citizen)
    with django_capture_on_commit_callbacks(execute=True):
        email_verification.resend(user=user)
    path = link_in(mailoutbox[-1])
    shown = client.get(path)  # a mail scanner following the link verifies nothing
    assert shown.status_code == 200 and "Verifikasi e-mail saya" in shown.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None

    done = client.post(path)
    assert done.status_code == 200 and "E-mail terverifikasi" in done.content.decode()
    user.refresh_from_db()
    first = user.email_verified_at
    assert first is not None
    assert AuditEntry.objects.filter(action="account.email_verified", object_id=str(user.pk)).count() == 1

    again = client.post(path)
    assert "Tautan sudah dipakai" in again.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at == first
    assert AuditEntry.objects.filter(action="account.email_verified", object_id=str(user.pk)).count() == 1

    client.force_login(user)
    assert 'id="email-banner"' not in client.get("/akun/profil/").content.decode()
    assert client.get("/api/auth/me").json()["email_verified"] is True


def test_an_expired_link_gets_a_clear_page_and_verifies_nothing(client, make_citizen, monkeypatch, settings):
    settings.EMAIL_VERIFICATION_DAYS = 3
    user = unverified(make_citizen)
    real = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real() - 3 * 86400 - 60)
    token = email_verification.make_token(user)
    monkeypatch.setattr(signing.time, "time", real)
    client.force_login(user)
    response = client.post(f"/akun/verifikasi-email/{token}/")
    html = response.content.decode()
    assert response.status_code == 400
    assert "sudah kedaluwarsa (berlaku 3 hari)" in html and "Kirim ulang tautan verifikasi" in html
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_a_link_still_inside_its_days_works(client, make_citizen, monkeypatch):
    user = unverified(make_citizen)
    real = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real() - 2 * 86400)
    token = email_verification.make_token(user)
    monkeypatch.setattr(signing.time, "time", real)
    assert client.post(f"/akun/verifikasi-email/{token}/").status_code == 200
    user.refresh_from_db()
    assert user.email_verified_at is not None


@pytest.mark.parametrize("mangle", [
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # signature changed
    lambda t: "x" + t,  # payload changed
    lambda t: "bukan-tautan",
])
def test_a_tampered_link_gets_a_clear_page(client, make_citizen, mangle):
    user = unverified(make_citizen)
    response = client.post(f"/akun/verifikasi-email/{mangle(email_verification.make_token(user))}/")
    assert response.status_code == 400
    assert "Tautan verifikasi tidak valid" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_a_link_signed_for_another_account_state_does_not_verify(client, make_citizen):
    """A valid signature over someone else's id with a forged fingerprint is refused too."""
    user = unverified(make_citizen)
    token = signing.dumps([user.pk, "0" * 24], salt=email_verification.SALT)
    assert client.post(f"/akun/verifikasi-email/{token}/").status_code == 400
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_changing_the_email_resets_verification_and_mails_a_new_link(client, make_citizen, mailoutbox,
                                                                      django_capture_on_commit_callbacks):
    user = make_citizen()
    assert user.email_verified_at is not None
    old_token = email_verification.make_token(User.objects.get(pk=user.pk))
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/akun/profil/", {**PROFILE, "email": "baru@example.test"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "baru@example.test" and user.email_verified_at is None
    assert [m.to for m in mailoutbox] == [["baru@example.test"]]
    assert AuditEntry.objects.filter(action="account.email_verification_reset", object_id=str(user.pk)).exists()
    assert "tautan verifikasi ke alamat e-mail baru" in client.get("/akun/profil/").content.decode()
    # a link made before the change is for the old address: refused
    stale = client.post(f"/akun/verifikasi-email/{old_token}/")
    assert stale.status_code == 400 and "tidak lagi dipakai akun ini" in stale.content.decode()
    assert client.post(link_in(mailoutbox[0])).status_code == 200
    user.refresh_from_db()
    assert user.email_verified_at is not None


def test_saving_the_same_email_keeps_it_verified(client, make_citizen, mailoutbox,
                                                 django_capture_on_commit_callbacks):
    user = make_citizen()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/akun/profil/", {**PROFILE, "email": user.email.upper(), "street": "Jl. Melati 1"})
    user.refresh_from_db()
    assert user.email_verified_at is not None and mailoutbox == []


def test_resend_is_limited_per_account(client, make_citizen, mailoutbox, rates,
                                       django_capture_on_commit_callbacks):
    rates(email_verify_resend="2/hour", email_verify_resend_address="10/hour")
    user = unverified(make_citizen)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        codes = [client.post("/akun/verifikasi-email/kirim-ulang/", REMOTE_ADDR=f"198.51.100.{n}").status_code
                 for n in range(3)]
    assert codes == [302, 302, 429]  # a new address does not escape the account's limit
    assert len(mailoutbox) == 2
    assert AuditEntry.objects.filter(action="account.email_verification_resent", object_id=str(user.pk)).count() == 2


def test_resend_is_limited_per_address(make_citizen, mailoutbox, rates, django_capture_on_commit_callbacks):
    rates(email_verify_resend="5/hour", email_verify_resend_address="2/hour")
    clients = []
    for _n in range(3):  # three accounts behind one address
        clients.append(Client())
        clients[-1].force_login(unverified(make_citizen))
    with django_capture_on_commit_callbacks(execute=True):
        codes = [c.post("/akun/verifikasi-email/kirim-ulang/", REMOTE_ADDR="203.0.113.9").status_code for c in clients]
    assert codes == [302, 302, 429]
    assert len(mailoutbox) == 2


def test_resend_for_a_verified_address_sends_nothing(client, make_citizen, mailoutbox,
                                                     django_capture_on_commit_callbacks):
    client.force_login(make_citizen())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/akun/verifikasi-email/kirim-ulang/", {"next": "https://evil.example/"})
    assert response["Location"] == "/akun/profil/" and mailoutbox == []


def test_an_unverified_citizen_cannot_match_its_identity(client, make_citizen):
    user = unverified(make_citizen)
    client.force_login(user)
    response = client.post("/akun/identitas/", {"action": "match", "m-full_name": "Siti Aminah",
                                                "m-birth_date": "1999-12-05", "m-kk_number": "3578080101990001"},
                           follow=True)
    assert "Verifikasi alamat e-mail Anda dulu" in response.content.decode()
    assert not IdentityMatchAttempt.objects.filter(profile__user=user).exists()


def test_an_officer_cannot_verify_in_person_an_account_with_an_unverified_email(make_citizen, make_staff):
    user = unverified(make_citizen)
    with pytest.raises(IdentityError) as caught:
        identity_verify_in_person(staff=make_staff(role="officer"), profile=user.citizen, nik_on_card=user.citizen.nik,
                                  full_name=user.full_name, birth_date=dt.date(1999, 12, 5))
    assert caught.value.code == "email_unverified"


def test_the_page_after_verifying_shows_no_banner_to_the_signed_in_owner(client, make_citizen):
    user = unverified(make_citizen)
    client.force_login(user)
    html = client.post(f"/akun/verifikasi-email/{email_verification.make_token(user)}/").content.decode()
    assert "E-mail terverifikasi" in html and 'id="email-banner"' not in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_clicks_on_one_link_verify_once(make_citizen):
    user = unverified(make_citizen)
    token = email_verification.make_token(user)
    barrier = threading.Barrier(6)
    outcomes, errors = [], []

    def click():
        try:
            barrier.wait(timeout=30)
            outcomes.append(email_verification.verify(token).outcome)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(outcomes) == sorted([email_verification.Outcome.VERIFIED] + [email_verification.Outcome.USED] * 5)
    assert AuditEntry.objects.filter(action="account.email_verified", object_id=str(user.pk)).count() == 1
