"""Per-address limits on sign-in, sign-up and password reset (balai.accounts.limits)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    def set_rates(**rates):
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates}}

    return set_rates


def test_sign_in_is_limited_per_address_with_an_indonesian_429(rates, make_citizen):
    rates(login="3/min")
    citizen = make_citizen()
    client = Client()
    codes = [client.post("/masuk/", {"username": f"nama{n}", "password": "apa-saja-123"},
                         REMOTE_ADDR="198.51.100.5").status_code for n in range(3)]
    refused = client.post("/masuk/", {"username": citizen.username, "password": citizen.raw_password},
                          REMOTE_ADDR="198.51.100.5")
    assert codes == [200, 200, 200] and refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 70
    assert "Terlalu banyak permintaan dari jaringan Anda" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    # the form itself still shows, and another address is not affected
    assert client.get("/masuk/", REMOTE_ADDR="198.51.100.5").status_code == 200
    other = Client().post("/masuk/", {"username": citizen.username, "password": citizen.raw_password},
                          REMOTE_ADDR="203.0.113.5")
    assert other.status_code == 302


def test_a_forged_forwarded_for_does_not_escape_the_sign_in_limit(rates):
    rates(login="2/min")
    client = Client()
    codes = [client.post("/masuk/", {"username": "x", "password": "y"}, REMOTE_ADDR="198.51.100.5",
                         HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(3)]
    assert codes == [200, 200, 429]


def test_the_token_endpoint_is_limited_per_address(rates, make_citizen):
    rates(auth_token="2/min")
    citizen = make_citizen()
    client = Client()
    body = {"username": citizen.username, "password": "salah-sekali-123"}
    codes = [client.post("/api/auth/token", body, content_type="application/json",
                         REMOTE_ADDR="198.51.100.5").status_code for _ in range(3)]
    assert codes == [401, 401, 429]


SIGNUP = {
    "full_name": "Budi", "nik": "3578081708850002", "username": "budi", "email": "budi@example.test",
    "phone": "081234567890", "password1": "kunci-rahasia-77", "password2": "kunci-rahasia-77",
    "province": "35", "regency": "3578", "district": "357808", "village": "3578081001",
    "street": "Jl. Kenanga 3", "rt": "1", "rw": "2",
}


def test_sign_up_is_limited_per_address_and_region_refills_do_not_count(rates):
    rates(signup="2/hour")
    client = Client()
    for _ in range(3):  # the no-JS region selects re-post the form: not a sign-up attempt
        assert client.post("/daftar/", {**SIGNUP, "_cascade": "1"}, REMOTE_ADDR="198.51.100.5").status_code == 200
    bad = {**SIGNUP, "nik": "123"}
    codes = [client.post("/daftar/", bad, REMOTE_ADDR="198.51.100.5").status_code for _ in range(2)]
    refused = client.post("/daftar/", SIGNUP, REMOTE_ADDR="198.51.100.5")
    assert codes == [200, 200] and refused.status_code == 429 and int(refused["Retry-After"]) > 60
    assert Client().post("/daftar/", SIGNUP, REMOTE_ADDR="203.0.113.5").status_code == 302


def test_password_reset_is_limited_per_address_typed(rates, make_citizen, mailoutbox):
    rates(password_reset_address="2/hour")
    citizen = make_citizen()
    codes = [Client().post("/akun/lupa-sandi/", {"email": email}, REMOTE_ADDR=f"203.0.113.{n}").status_code
             for n, email in enumerate([citizen.email, citizen.email.upper(), citizen.email])]
    assert codes == [302, 302, 429]  # from three addresses: the victim's mailbox gets two links, not more
    assert len(mailoutbox) == 2
    # an address nobody has is limited the same way: the answer says nothing about accounts
    codes = [Client().post("/akun/lupa-sandi/", {"email": "tidak.ada@example.test"},
                           REMOTE_ADDR=f"198.51.100.{n}").status_code for n in range(3)]
    assert codes == [302, 302, 429]


def test_password_reset_is_limited_per_client_address(rates):
    rates(password_reset="3/hour")
    client = Client()
    codes = [client.post("/akun/lupa-sandi/", {"email": f"orang{n}@example.test"},
                         REMOTE_ADDR="198.51.100.5").status_code for n in range(4)]
    assert codes == [302, 302, 302, 429]


def test_a_request_refused_by_one_rule_costs_nothing_under_the_other(rates):
    rates(password_reset="3/hour", password_reset_address="1/hour")
    client = Client()
    emails = ["a@example.test", "a@example.test", "a@example.test", "b@example.test", "c@example.test",
              "d@example.test"]
    codes = [client.post("/akun/lupa-sandi/", {"email": e}, REMOTE_ADDR="198.51.100.5").status_code for e in emails]
    assert codes == [302, 429, 429, 302, 302, 429]  # the two refusals of a@ used none of the three
