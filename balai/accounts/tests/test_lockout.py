"""Lockouts that cannot be used against someone (balai.accounts.lockout, balai.accounts.recovery)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.db.models import F
from django.test import Client
from django.utils import timezone

from balai.conftest import totp_code
from balai.core.models import AuditEntry

pytestmark = pytest.mark.django_db

OFFICE = "10.20.30.40"  # the officer's own desk
STRANGER = "198.51.100.66"


def login(client, username, password, ip):
    return client.post("/masuk/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail(username, ip, times=1, path="/masuk/"):
    client = Client()
    response = None
    for _ in range(times):
        if path == "/masuk/":
            response = login(client, username, "salah-sekali-123", ip)
        else:
            response = client.post(path, {"username": username, "password": "salah-sekali-123"},
                                   content_type="application/json", REMOTE_ADDR=ip)
    return response


def age(seconds):
    """Move every recorded failure ``seconds`` into the past (as if that much time had passed)."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=seconds))
    AccessFailureLog.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=seconds))


def finish_otp(client, user, ip=OFFICE):
    return client.post("/masuk/verifikasi/", {"code": totp_code(user)}, REMOTE_ADDR=ip)


def test_a_strangers_wrong_passwords_do_not_lock_the_officer_out(make_staff):
    officer = make_staff()
    locked = fail(officer.username, STRANGER, times=5)
    assert locked.status_code == 403  # the stranger's client is held back…
    assert login(Client(), officer.username, officer.raw_password, STRANGER).status_code == 403
    # …the officer at her own desk is not
    client = Client()
    response = login(client, officer.username, officer.raw_password, OFFICE)
    assert response.status_code == 302 and response["Location"] == "/masuk/verifikasi/"
    assert finish_otp(client, officer).status_code == 302
    assert client.get("/petugas/").status_code == 200


def test_a_lock_on_one_client_does_not_block_the_right_client(make_citizen):
    citizen = make_citizen()
    fail(citizen.username, STRANGER, times=5)
    assert login(Client(), citizen.username, citizen.raw_password, "203.0.113.5").status_code == 302
    # and the API's token endpoint follows the same rule
    fail(citizen.username, "198.51.100.77", times=5, path="/api/auth/token")
    api = Client().post("/api/auth/token", {"username": citizen.username, "password": citizen.raw_password},
                        content_type="application/json", REMOTE_ADDR="203.0.113.6")
    assert api.status_code == 201


def test_delays_grow_from_one_minute_doubling_to_at_most_thirty(make_citizen):
    citizen = make_citizen()
    client = Client()
    for _ in range(4):
        assert login(client, citizen.username, "salah-sekali-123", STRANGER).status_code == 200
    fifth = login(client, citizen.username, "salah-sekali-123", STRANGER)
    assert fifth.status_code == 403 and 55 <= int(fifth["Retry-After"]) <= 60
    assert login(client, citizen.username, citizen.raw_password, STRANGER).status_code == 403
    age(61)
    sixth = login(client, citizen.username, "salah-sekali-123", STRANGER)  # allowed to try, wrong again
    assert sixth.status_code == 403 and 115 <= int(sixth["Retry-After"]) <= 120
    age(61)
    assert login(client, citizen.username, citizen.raw_password, STRANGER).status_code == 403  # 2 min now
    age(60)
    for expected in (240, 480, 960, 1800, 1800):
        response = login(client, citizen.username, "salah-sekali-123", STRANGER)
        assert response.status_code == 403 and expected - 5 <= int(response["Retry-After"]) <= expected
        age(expected + 1)
    assert login(client, citizen.username, citizen.raw_password, STRANGER).status_code == 302
    assert not AccessAttempt.objects.filter(username=citizen.username).exists()  # a success forgets


def test_tries_during_a_lock_do_not_extend_it(make_citizen):
    citizen = make_citizen()
    fail(citizen.username, STRANGER, times=5)
    for _ in range(10):
        fail(citizen.username, STRANGER)
    assert AccessAttempt.objects.get(username=citizen.username).failures_since_start == 5
    age(61)
    assert login(Client(), citizen.username, citizen.raw_password, STRANGER).status_code == 302


def test_the_account_locks_only_after_failures_from_many_clients(make_staff):
    officer = make_staff()
    # 20 failures from 4 clients: each client is held back, the account is not
    for n in range(4):
        fail(officer.username, f"198.51.100.{n + 1}", times=5)
    assert login(Client(), officer.username, officer.raw_password, OFFICE).status_code == 302
    AccessAttempt.objects.all().delete()
    AccessFailureLog.objects.all().delete()
    # 20 failures from 5 clients (4 each, none of them locked on its own): a distributed guess
    for n in range(5):
        last = fail(officer.username, f"203.0.113.{n + 1}", times=4)
    assert last.status_code == 403  # the 20th failure itself is refused
    refused = login(Client(), officer.username, officer.raw_password, OFFICE)
    assert refused.status_code == 403 and "banyak tempat" in refused.content.decode()
    assert 3500 <= int(refused["Retry-After"]) <= 3600
    age(3601)  # the failures leave the hour
    assert login(Client(), officer.username, officer.raw_password, OFFICE).status_code == 302


def test_an_administrator_can_clear_an_account_lock(make_citizen):
    from django.core.management import call_command

    citizen = make_citizen()
    _lock_account(citizen.username)
    assert login(Client(), citizen.username, citizen.raw_password, OFFICE).status_code == 403
    call_command("axes_reset_username", citizen.username)
    assert login(Client(), citizen.username, citizen.raw_password, OFFICE).status_code == 302


def test_the_account_lock_answers_the_api_too(make_citizen):
    citizen = make_citizen()
    for n in range(5):
        fail(citizen.username, f"203.0.113.{n + 1}", times=4, path="/api/auth/token")
    r = Client().post("/api/auth/token", {"username": citizen.username, "password": citizen.raw_password},
                      content_type="application/json", REMOTE_ADDR=OFFICE)
    assert r.status_code == 403 and r.json()["error"]["code"] == "locked" and int(r["Retry-After"]) > 3000


def _lock_account(username):
    for n in range(5):
        fail(username, f"203.0.113.{n + 1}", times=4)


def test_staff_unlock_their_own_account_with_password_and_totp(make_staff):
    officer = make_staff()
    _lock_account(officer.username)
    client = Client()
    page = login(client, officer.username, officer.raw_password, OFFICE)
    assert page.status_code == 403
    body = page.content.decode()
    assert 'action="/masuk/buka-kunci/"' in body and 'name="code"' in body and "/akun/lupa-sandi/" in body
    response = client.post("/masuk/buka-kunci/", {"username": officer.username, "password": officer.raw_password,
                                                   "code": totp_code(officer)}, REMOTE_ADDR=OFFICE)
    assert response.status_code == 302 and response["Location"] == "/petugas/"
    assert client.get("/petugas/").status_code == 200  # signed in, second factor verified
    entry = AuditEntry.objects.get(action="account.unlock")
    assert entry.actor_id == officer.pk and entry.data == {"method": "totp", "lock": "account"}
    # the account lock is over: the next normal sign-in works
    again = Client()
    assert login(again, officer.username, officer.raw_password, "192.0.2.10")["Location"] == "/masuk/verifikasi/"


def test_unlock_refuses_a_wrong_code_a_citizen_and_an_unknown_name_alike(make_staff, make_citizen):
    officer, citizen = make_staff(), make_citizen()
    _lock_account(officer.username)
    client = Client()
    answers = [
        client.post("/masuk/buka-kunci/", {"username": officer.username, "password": officer.raw_password,
                                            "code": "000000"}, REMOTE_ADDR=OFFICE),
        client.post("/masuk/buka-kunci/", {"username": officer.username, "password": "salah-sekali-123",
                                            "code": totp_code(officer)}, REMOTE_ADDR=OFFICE),
        client.post("/masuk/buka-kunci/", {"username": citizen.username, "password": citizen.raw_password,
                                            "code": "123456"}, REMOTE_ADDR=OFFICE),
        client.post("/masuk/buka-kunci/", {"username": "tidak-ada", "password": "apa-saja-123",
                                           "code": "123456"}, REMOTE_ADDR=OFFICE),
    ]
    messages = {re.search(r'<div class="error-summary".*?</div>', a.content.decode(), re.S).group(0) for a in answers}
    assert all(a.status_code == 200 for a in answers) and len(messages) == 1
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="account.unlock_failed").count() == 3  # the unknown name has no row
    assert login(Client(), officer.username, officer.raw_password, OFFICE).status_code == 403  # still locked


def test_unlock_is_rate_limited_per_address(make_staff, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "unlock": "2/hour"}}
    officer = make_staff()
    client = Client()
    codes = [client.post("/masuk/buka-kunci/", {"username": officer.username, "password": "x" * 12,
                                                 "code": "000000"}, REMOTE_ADDR=STRANGER).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_a_completed_password_reset_ends_a_citizens_locks(make_citizen, mailoutbox):
    citizen = make_citizen()
    _lock_account(citizen.username)
    fail(citizen.username, OFFICE, times=5)  # and her own phone mistyped too
    client = Client()
    assert login(client, citizen.username, citizen.raw_password, OFFICE).status_code == 403
    client.post("/akun/lupa-sandi/", {"email": citizen.email}, REMOTE_ADDR=OFFICE)
    link = re.search(r"https?://[^/]+(/akun/reset/\S+)", mailoutbox[-1].body).group(1)
    form = client.get(link, follow=True)
    new = "kata-sandi-baru-987"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, REMOTE_ADDR=OFFICE)
    assert done.status_code == 302
    assert login(Client(), citizen.username, new, OFFICE).status_code == 302
    assert AuditEntry.objects.filter(action="account.lock_cleared", actor=citizen).exists()


def test_failure_log_is_trimmed_by_age_not_by_count(make_citizen, settings):
    citizen = make_citizen()
    fail(citizen.username, STRANGER, times=3)
    AccessFailureLog.objects.update(attempt_time=timezone.now() - timedelta(days=settings.AXES_FAILURE_LOG_DAYS + 1))
    fail(citizen.username, "203.0.113.9")
    assert list(AccessFailureLog.objects.values_list("ip_address", flat=True)) == ["203.0.113.9"]
