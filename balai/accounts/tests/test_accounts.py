import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from balai.accounts.models import ApiToken, CitizenProfile
from balai.conftest import totp_code
from balai.core.models import AuditEntry

User = get_user_model()

SIGNUP = {
    "full_name": "Budi", "nik": "3578081708850002", "username": "budi", "email": "budi@example.test",
    "phone": "081234567890", "password1": "kunci-rahasia-77", "password2": "kunci-rahasia-77",
    "province": "35", "regency": "3578", "district": "357808", "village": "3578081001",
    "street": "Jl. Kenanga 3", "rt": "1", "rw": "2",
}


@pytest.mark.django_db
def test_signup_creates_citizen_and_logs_in(client):
    response = client.post("/daftar/", SIGNUP)
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="budi")
    assert user.role == "citizen" and user.full_name == "Budi"
    assert user.citizen.nik == "3578081708850002" and user.citizen.rt == "001"
    assert user.password.startswith(("md5$", "argon2"))
    profile = client.get("/akun/profil/")
    assert "357808******0002" in profile.content.decode()
    assert "3578081708850002" not in profile.content.decode()
    assert AuditEntry.objects.filter(action="account.signup", object_id=str(user.pk)).exists()


@pytest.mark.django_db
def test_signup_invalid_nik_shows_specific_reason_in_indonesian_and_english(client):
    response = client.post("/daftar/", {**SIGNUP, "nik": "3578083212850002"})
    assert response.status_code == 200
    assert "Tanggal lahir pada NIK (digit 7–12) bukan tanggal yang ada." in response.content.decode()
    english = Client()
    english.cookies["django_language"] = "en"
    response = english.post("/daftar/", {**SIGNUP, "nik": "3578083212850002"})
    assert "The date of birth in the NIK (digits 7–12) is not a real date." in response.content.decode()
    assert not User.objects.filter(username="budi").exists()


@pytest.mark.django_db
def test_signup_with_a_nik_another_account_claimed_is_accepted_as_a_claim(client, make_citizen):
    # A claim never blocks the real owner (identity levels; accounts/tests/test_identity.py).
    make_citizen(nik="3578081708850002")
    response = client.post("/daftar/", SIGNUP)
    assert response.status_code == 302
    assert "NIK ini sudah terdaftar" not in response.content.decode()
    assert CitizenProfile.objects.filter(nik="3578081708850002").count() == 2
    assert User.objects.get(username="budi").citizen.identity_level == "claimed"


@pytest.mark.django_db
def test_signup_single_name_with_apostrophe_is_fine(client):
    response = client.post("/daftar/", {**SIGNUP, "full_name": "Ma'ruf"})
    assert response.status_code == 302
    assert User.objects.get(username="budi").full_name == "Ma'ruf"


@pytest.mark.django_db
def test_signup_village_outside_chosen_district_is_refused(client):
    response = client.post("/daftar/", {**SIGNUP, "village": "3507012001"})
    assert response.status_code == 200
    assert not User.objects.filter(username="budi").exists()


@pytest.mark.django_db
def test_forms_are_csrf_protected(make_citizen):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/daftar/", SIGNUP).status_code == 403
    assert client.post("/masuk/", {"username": "x", "password": "y"}).status_code == 403


@pytest.mark.django_db
def test_citizen_login_without_otp(client, make_citizen):
    user = make_citizen()
    response = client.post("/masuk/", {"username": user.username, "password": user.raw_password})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/akun/profil/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["officer", "supervisor", "agent", "admin"])
def test_staff_need_totp_to_reach_staff_pages(client, make_staff, role):
    user = make_staff(role=role)
    response = client.post("/masuk/", {"username": user.username, "password": user.raw_password})
    assert response["Location"] == "/masuk/verifikasi/"
    # password alone opens nothing
    assert client.get("/petugas/").status_code == 302
    assert client.post("/masuk/verifikasi/", {"code": "000000"}).status_code == 200
    assert client.get("/petugas/").status_code == 302
    # django-otp throttles the device after a failure (1 s, doubling); let that window pass
    TOTPDevice.objects.filter(user=user).update(throttling_failure_timestamp=None, throttling_failure_count=0)
    response = client.post("/masuk/verifikasi/", {"code": totp_code(user)})
    assert response.status_code == 302
    assert client.get("/petugas/").status_code == 200


@pytest.mark.django_db
def test_staff_session_without_verified_otp_is_ended(client, make_staff):
    user = make_staff()
    client.force_login(user)  # e.g. a session made by some other path, without OTP
    response = client.get("/petugas/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_citizen_cannot_reach_staff_pages(client, make_citizen):
    user = make_citizen()
    client.force_login(user)
    assert client.get("/petugas/").status_code == 403


@pytest.mark.django_db
def test_first_staff_login_enrols_totp(client, make_staff):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = make_staff(with_totp=False)
    response = client.post("/masuk/", {"username": user.username, "password": user.raw_password})
    assert response["Location"] == "/masuk/aktivasi-2fa/"
    page = client.get("/masuk/aktivasi-2fa/")
    assert b"data:image/svg+xml" in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    code = f"{totp(device.bin_key):06d}"
    assert client.post("/masuk/aktivasi-2fa/", {"code": code}).status_code == 302
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/petugas/").status_code == 200


@pytest.mark.django_db
def test_lockout_after_repeated_failures(client, make_citizen):
    user = make_citizen()
    for _ in range(5):
        client.post("/masuk/", {"username": user.username, "password": "wrong-password"})
    response = client.post("/masuk/", {"username": user.username, "password": user.raw_password})
    assert response.status_code == 403
    assert "dikunci" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_api_token_for_citizen_and_revocation(client, make_citizen):
    user = make_citizen()
    response = client.post("/api/auth/token", {"username": user.username, "password": user.raw_password},
                           content_type="application/json")
    assert response.status_code == 201
    token = response.json()["token"]
    assert not ApiToken.objects.filter(key_hash=token).exists()  # only the hash is stored
    me = client.get("/api/auth/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert me.status_code == 200 and me.json()["nik_masked"].endswith("0001")
    assert client.delete("/api/auth/token/revoke", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 204
    assert client.get("/api/auth/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


@pytest.mark.django_db
def test_api_token_for_staff_requires_valid_otp(client, make_staff):
    user = make_staff()
    body = {"username": user.username, "password": user.raw_password}
    r = client.post("/api/auth/token", body, content_type="application/json")
    assert r.status_code == 401 and r.json()["error"]["code"] == "otp_required"
    r = client.post("/api/auth/token", {**body, "otp": "123456"}, content_type="application/json")
    assert r.status_code == 401 and r.json()["error"]["code"] == "otp_invalid"
    TOTPDevice.objects.filter(user=user).update(throttling_failure_timestamp=None, throttling_failure_count=0)
    r = client.post("/api/auth/token", {**body, "otp": totp_code(user)}, content_type="application/json")
    assert r.status_code == 201


@pytest.mark.django_db
def test_api_token_wrong_password_and_lockout(client, make_citizen):
    user = make_citizen()
    for attempt in range(1, 6):
        r = client.post("/api/auth/token", {"username": user.username, "password": "nope"},
                        content_type="application/json")
        assert r.status_code == (401 if attempt < 5 else 403)
    r = client.post("/api/auth/token", {"username": user.username, "password": user.raw_password},
                    content_type="application/json")
    assert r.status_code == 403 and r.json()["error"]["code"] == "locked"


@pytest.mark.django_db
def test_profile_update_changes_address_in_one_step(client, make_citizen):
    user = make_citizen()
    client.force_login(user)
    response = client.post("/akun/profil/", {"email": "baru@example.test", "phone": "08111222333",
                                              "province": "35", "regency": "3507", "district": "350701",
                                              "village": "3507012001", "street": "Jl. Baru", "rt": "4", "rw": "7"})
    assert response.status_code == 302
    profile = CitizenProfile.objects.get(user=user)
    assert profile.village_id == "3507012001" and profile.regency_code == "3507"


@pytest.mark.django_db
def test_password_reset_sends_mail(client, make_citizen, mailoutbox):
    user = make_citizen()
    response = client.post("/akun/lupa-sandi/", {"email": user.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and "/akun/reset/" in mailoutbox[0].body


@pytest.mark.django_db
def test_staff_session_ends_after_idle_timeout(staff_client, settings):
    client, user = staff_client("officer")
    assert client.get("/petugas/").status_code == 200
    session = client.session
    session["balai_last_seen"] = session["balai_last_seen"] - settings.STAFF_IDLE_TIMEOUT - 5
    session.save()
    response = client.get("/petugas/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


@pytest.mark.django_db
def test_citizen_downloads_all_personal_data(client, make_citizen):
    user = make_citizen(nik="3578081708850002")
    client.force_login(user)
    assert client.get("/akun/data-saya/").status_code == 200
    response = client.post("/akun/data-saya/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    import json

    data = json.loads(response.content)
    assert data["sections"]["account"]["citizen_profile"]["nik"] == "3578081708850002"
    assert data["sections"]["account"]["username"] == user.username
    assert AuditEntry.objects.filter(action="privacy.export", actor=user).exists()
