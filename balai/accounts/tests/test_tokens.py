"""Bearer tokens expire (staff: 30 min idle, 12 h after issue; citizens: 30 days
after issue), and their owner lists and revokes them (/akun/token/, GET /api/auth/tokens,
POST /api/auth/tokens/<id>/revoke)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from balai.accounts.models import ApiToken
from balai.accounts.services import token_issue
from balai.conftest import totp_code
from balai.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _staff_token(make_staff, role: str = "agent") -> tuple[str, ApiToken]:
    user = make_staff(role=role)
    response = Client().post("/api/auth/token", {"username": user.username, "password": user.raw_password,
                                                  "otp": totp_code(user)}, content_type="application/json")
    assert response.status_code == 201, response.content
    raw = response.json()["token"]
    return raw, ApiToken.objects.get(user=user)


def _age(token: ApiToken, *, created: timedelta, used: timedelta | None) -> None:
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(created_at=now - created,
                                                last_used_at=None if used is None else now - used)


def _me(raw: str):
    return Client().get("/api/auth/me", **_bearer(raw))


# --- lifetimes ------------------------------------------------------------------------------------

def test_staff_token_ends_after_30_idle_minutes(make_staff):
    raw, token = _staff_token(make_staff)
    assert _me(raw).status_code == 200
    _age(token, created=timedelta(hours=2), used=timedelta(minutes=29))
    assert _me(raw).status_code == 200  # used within the idle window: still good, and marked used again
    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < timedelta(minutes=1)
    _age(token, created=timedelta(hours=2), used=timedelta(minutes=31))
    response = _me(raw)
    assert response.status_code == 401 and response.json()["error"]["code"] == "token_expired"
    assert "kedaluwarsa" in response.json()["error"]["message"]


def test_staff_token_never_used_ends_30_minutes_after_issue(make_staff):
    raw, token = _staff_token(make_staff, role="supervisor")
    _age(token, created=timedelta(minutes=31), used=None)
    assert _me(raw).status_code == 401


def test_staff_token_ends_12_hours_after_issue_however_busy(make_staff):
    raw, token = _staff_token(make_staff)
    _age(token, created=timedelta(hours=11, minutes=58), used=timedelta(seconds=30))
    assert _me(raw).status_code == 200
    _age(token, created=timedelta(hours=12, seconds=1), used=timedelta(seconds=30))
    assert _me(raw).json()["error"]["code"] == "token_expired"


def test_citizen_token_lasts_30_days_idle_or_not(make_citizen):
    citizen = make_citizen()
    raw = token_issue(user=citizen, name="ponsel")
    token = ApiToken.objects.get(user=citizen)
    _age(token, created=timedelta(days=29, hours=23), used=timedelta(days=20))
    assert _me(raw).status_code == 200
    _age(token, created=timedelta(days=30, seconds=1), used=timedelta(minutes=1))
    assert _me(raw).json()["error"]["code"] == "token_expired"


def test_lifetimes_come_from_settings(make_staff, settings):
    settings.API_TOKEN_STAFF_IDLE_SECONDS = 60
    raw, token = _staff_token(make_staff)
    _age(token, created=timedelta(minutes=5), used=timedelta(minutes=2))
    assert _me(raw).status_code == 401


def test_unknown_and_revoked_tokens_keep_their_own_code(make_citizen):
    citizen = make_citizen()
    raw = token_issue(user=citizen)
    ApiToken.objects.filter(user=citizen).update(revoked_at=timezone.now())
    for value in (raw, "blai_tidak-ada"):
        response = _me(value)
        assert response.status_code == 401 and response.json()["error"]["code"] == "invalid_token"


# --- the owner's list: API ------------------------------------------------------------------------

def test_api_lists_only_my_tokens_with_expiry(make_citizen):
    me, other = make_citizen(), make_citizen()
    first = token_issue(user=me, name="ponsel lama")
    second = token_issue(user=me, name="ponsel baru")
    token_issue(user=other, name="punya orang lain")
    ApiToken.objects.filter(user=me, name="ponsel lama").update(revoked_at=timezone.now())
    response = Client().get("/api/auth/tokens", **_bearer(second))
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    rows = {row["name"]: row for row in data["results"]}
    assert set(rows) == {"ponsel lama", "ponsel baru"}
    assert rows["ponsel baru"]["current"] is True and rows["ponsel baru"]["status"] == "active"
    assert rows["ponsel baru"]["prefix"] == second[:12] and second not in response.content.decode()
    assert rows["ponsel lama"]["status"] == "revoked" and rows["ponsel lama"]["current"] is False
    token = ApiToken.objects.get(user=me, name="ponsel baru")
    expected = token.created_at + timedelta(days=30)
    assert rows["ponsel baru"]["expires_at"].startswith(timezone.localtime(expected).isoformat()[:16])
    assert _me(first).status_code == 401


def test_api_list_pages_and_checks_its_parameters(make_citizen):
    me = make_citizen()
    raw = token_issue(user=me, name="satu")
    token_issue(user=me, name="dua")
    client = Client()
    page = client.get("/api/auth/tokens", {"limit": 1}, **_bearer(raw)).json()
    assert page["count"] == 2 and len(page["results"]) == 1 and page["next"]
    for query in ("limit=abc", "offset=-1", "limit=0", "offset=1&offset=2"):
        response = client.get(f"/api/auth/tokens?{query}", **_bearer(raw))
        assert response.status_code == 400 and response.json()["error"]["fields"], query


def test_api_revokes_my_token_and_not_someone_elses(make_citizen):
    me, other = make_citizen(), make_citizen()
    raw = token_issue(user=me, name="laptop")
    spare = token_issue(user=me, name="cadangan")
    theirs = token_issue(user=other, name="milik orang lain")
    mine = ApiToken.objects.get(user=me, name="cadangan")
    foreign = ApiToken.objects.get(user=other)
    client = Client()
    refused = client.post(f"/api/auth/tokens/{foreign.pk}/revoke", **_bearer(raw))
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "not_found"
    assert _me(theirs).status_code == 200
    done = client.post(f"/api/auth/tokens/{mine.pk}/revoke", **_bearer(raw))
    assert done.status_code == 200 and done.json()["status"] == "revoked" and done.json()["current"] is False
    assert _me(spare).status_code == 401 and _me(raw).status_code == 200
    again = client.post(f"/api/auth/tokens/{mine.pk}/revoke", **_bearer(raw))
    assert again.status_code == 200 and again.json()["revoked_at"] == done.json()["revoked_at"]
    assert AuditEntry.objects.filter(action="account.token_revoked", data__prefix=mine.prefix).count() == 1


def test_api_needs_a_login(client):
    assert client.get("/api/auth/tokens").status_code in (401, 403)
    assert client.post("/api/auth/tokens/1/revoke").status_code in (401, 403)


def test_schema_documents_the_token_operations(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "get" in schema["paths"]["/api/auth/tokens"]
    assert "post" in schema["paths"]["/api/auth/tokens/{token_id}/revoke"]


# --- the owner's list: page -----------------------------------------------------------------------

def test_citizen_sees_and_revokes_tokens_on_the_page(client, make_citizen):
    citizen = make_citizen()
    raw = token_issue(user=citizen, name="aplikasi ponsel")
    client.force_login(citizen)
    assert 'href="/akun/token/"' in client.get("/akun/profil/").content.decode()  # the way in
    page = client.get("/akun/token/").content.decode()
    assert raw[:12] in page and "aplikasi ponsel" in page and "Berlaku sampai" in page and raw not in page
    token = ApiToken.objects.get(user=citizen)
    response = client.post(f"/akun/token/{token.pk}/cabut/", follow=True)
    assert "sudah dicabut" in response.content.decode()
    assert _me(raw).status_code == 401


def test_staff_page_and_someone_elses_token(staff_client, make_citizen):
    client, officer = staff_client("officer")
    token_issue(user=officer, name="perangkat loket")
    page = client.get("/akun/token/").content.decode()
    assert "perangkat loket" in page and "30 menit" in page and "12 jam" in page
    other = make_citizen()
    token_issue(user=other)
    foreign = ApiToken.objects.get(user=other)
    assert client.post(f"/akun/token/{foreign.pk}/cabut/").status_code == 404
    assert ApiToken.objects.get(pk=foreign.pk).revoked_at is None


def test_page_needs_a_login(client):
    response = client.get("/akun/token/")
    assert response.status_code == 302 and "/masuk/" in response["Location"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_tokens_page_in_a_browser(new_page, axe, make_citizen):
    citizen = make_citizen(full_name="Siti Aminah")
    token_issue(user=citizen, name="Aplikasi Balai di ponsel Android milik keluarga")
    raw = token_issue(user=citizen, name="laptop")
    ApiToken.objects.filter(user=citizen, name="laptop").update(revoked_at=timezone.now())
    page = new_page()
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill(citizen.username)
    page.get_by_label("Kata sandi").fill(citizen.raw_password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: not url.endswith("/masuk/"))
    page.goto("/akun/profil/")
    page.get_by_role("link", name="Token API saya: lihat dan cabut akses aplikasi").click()
    page.get_by_role("heading", name="Token API saya").wait_for()
    assert axe(page, "accounts-tokens") == []
    page.get_by_role("button", name=re.compile("^Cabut token")).click()
    page.get_by_text("sudah dicabut").wait_for()
    assert ApiToken.objects.filter(user=citizen, revoked_at__isnull=True).count() == 0
    assert raw[:12] in page.content()
    assert axe(page, "accounts-tokens-revoked") == []
