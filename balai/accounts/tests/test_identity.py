"""Identity assurance: claims, matching, activation letters, in-person and IKD
verification, and the takeover of a NIK. The register here is a small in-test ``RegisterSource``
(accounts sits below civil); civil's own tests run the same flows on the population register."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.test import override_settings
from django.utils import timezone

from balai.accounts import identity
from balai.accounts.identity_letters import (
    CODE_ALPHABET,
    LetterOutcome,
    letter_issue_code,
    letter_redeem,
    letter_request,
)
from balai.accounts.identity_services import (
    IdentityError,
    MatchOutcome,
    identity_match,
    identity_verify_in_person,
)
from balai.accounts.models import ActivationLetter, CitizenProfile, IdentityEvent, IdentityLevel
from balai.core.models import AuditEntry

NIK = "3578084512990001"
KK = "3578080101200001"
DOB = dt.date(1999, 12, 5)


class FakeRegister:
    """One person: Siti Aminah, born 5 Dec 1999, on KK 3578080101200001, in Gubeng, Surabaya."""

    def __init__(self):
        self.people = {NIK: ("SITI AMINAH", DOB, KK)}

    def matches(self, *, nik, full_name, birth_date, kk_number):
        row = self.people.get(nik)
        if row is None:
            return False
        name, born, kk = row
        return (" ".join(full_name.upper().split()) == name and born == birth_date
                and (kk_number is None or kk_number == kk))

    def letter_address(self, nik):
        if nik not in self.people:
            return None
        return identity.LetterAddress(full_name="Siti Aminah", lines=("Jl. Raya Gubeng No. 12, RT 003/RW 005",
                                                                       "Kel. Airlangga", "Kota Surabaya 60281"),
                                      regency_code="3578", public_hint="Kel. Airlangga, Kota Surabaya")


@pytest.fixture
def register():
    previous = identity.register_source()
    fake = FakeRegister()
    identity.set_register_source(fake)
    yield fake
    identity.set_register_source(previous)


def _match(user, **overrides):
    values = {"full_name": "Siti Aminah", "birth_date": DOB, "kk_number": KK, **overrides}
    return identity_match(user=user, **values)


def _printed_code(user) -> str:
    letter = letter_request(user=user)
    return letter_issue_code(letter=letter, batch="t", part=1)


# --- claims ---------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_two_accounts_may_claim_a_nik_but_only_one_may_hold_it(make_citizen):
    a = make_citizen(nik=NIK)
    b = make_citizen(nik=NIK)
    assert a.citizen.identity_level == b.citizen.identity_level == IdentityLevel.CLAIMED
    CitizenProfile.objects.filter(pk=a.citizen.pk).update(identity_level=IdentityLevel.MATCHED)
    with pytest.raises(IntegrityError), transaction.atomic():
        CitizenProfile.objects.filter(pk=b.citizen.pk).update(identity_level=IdentityLevel.VERIFIED)


@pytest.mark.django_db
def test_a_claim_gives_no_register_nik(make_citizen):
    user = make_citizen(nik=NIK)
    assert identity.register_nik(user, IdentityLevel.MATCHED) is None
    assert identity.register_nik(user, IdentityLevel.VERIFIED) is None
    matched = make_citizen(identity="matched")
    assert identity.register_nik(matched, IdentityLevel.MATCHED) == matched.citizen.nik
    assert identity.register_nik(matched, IdentityLevel.VERIFIED) is None


# --- matching -------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_matching_raises_the_level_and_is_audited(register, make_citizen):
    user = make_citizen(nik=NIK)
    assert _match(user).outcome == MatchOutcome.MATCHED
    user.citizen.refresh_from_db()
    assert user.citizen.identity_level == IdentityLevel.MATCHED and user.citizen.matched_at is not None
    assert AuditEntry.objects.filter(action="account.identity_matched", object_id=str(user.pk)).exists()
    assert _match(user).outcome == MatchOutcome.ALREADY


@pytest.mark.django_db
@pytest.mark.parametrize("wrong", [{"full_name": "Siti Aminah Putri"}, {"birth_date": dt.date(1999, 12, 6)},
                                   {"kk_number": "3578080101200002"}])
def test_a_mismatch_never_says_which_field(register, make_citizen, client, wrong):
    user = make_citizen(nik=NIK)
    result = _match(user, **wrong)
    assert result.outcome == MatchOutcome.MISMATCH and result.remaining == 4
    # the page's message is the same whatever was wrong
    client.force_login(make_citizen(nik=NIK))
    data = {"action": "match", "m-full_name": "Siti Aminah", "m-birth_date": "1999-12-05", "m-kk_number": KK}
    data.update({f"m-{k}": (v.isoformat() if isinstance(v, dt.date) else v) for k, v in wrong.items()})
    html = client.post("/akun/identitas/", data).content.decode()
    assert "tidak cocok dengan data kependudukan" in html and "Sisa percobaan: 4" in html
    for field_word in ("Nama lengkap salah", "Tanggal lahir salah", "Nomor KK salah"):
        assert field_word not in html


@pytest.mark.django_db
def test_matching_locks_after_repeated_failures_even_for_right_data(register, make_citizen, settings):
    settings.IDENTITY_MATCH_MAX_FAILURES = 3
    user = make_citizen(nik=NIK)
    outcomes = [_match(user, kk_number="3578080101209999").outcome for _ in range(3)]
    assert outcomes == [MatchOutcome.MISMATCH, MatchOutcome.MISMATCH, MatchOutcome.LOCKED]
    locked = _match(user)
    assert locked.outcome == MatchOutcome.LOCKED and locked.locked_until > timezone.now()
    assert IdentityEvent.objects.filter(profile=user.citizen, kind="locked").exists()
    assert AuditEntry.objects.filter(action="account.identity_match_locked").exists()


@pytest.mark.django_db
def test_the_lock_opens_after_the_window(register, make_citizen, settings):
    settings.IDENTITY_MATCH_MAX_FAILURES = 2
    user = make_citizen(nik=NIK)
    _match(user, full_name="X"), _match(user, full_name="X")
    assert _match(user).outcome == MatchOutcome.LOCKED
    user.citizen.match_attempts.update(created_at=timezone.now() - dt.timedelta(hours=25))
    assert _match(user).outcome == MatchOutcome.MATCHED


@pytest.mark.django_db
def test_many_accounts_guessing_one_nik_lock_that_nik(register, make_citizen, settings):
    settings.IDENTITY_MATCH_MAX_FAILURES_PER_NIK = 4
    for _ in range(2):
        guesser = make_citizen(nik=NIK)
        _match(guesser, kk_number="3578080101209998"), _match(guesser, kk_number="3578080101209997")
    fresh = make_citizen(nik=NIK)
    assert _match(fresh).outcome == MatchOutcome.LOCKED


@pytest.mark.django_db
def test_right_data_while_another_unverified_account_holds_the_nik(register, make_citizen):
    squatter = make_citizen(nik=NIK)
    owner = make_citizen(nik=NIK)
    assert _match(squatter).outcome == MatchOutcome.MATCHED
    assert _match(owner).outcome == MatchOutcome.HELD_BY_MATCHED
    owner.citizen.refresh_from_db()
    assert owner.citizen.identity_level == IdentityLevel.CLAIMED and owner.citizen.matched_at is not None


@pytest.mark.django_db
def test_the_page_tells_a_held_nik_once(register, make_citizen, client):
    squatter = make_citizen(nik=NIK)
    assert _match(squatter).outcome == MatchOutcome.MATCHED
    client.force_login(make_citizen(nik=NIK))
    data = {"action": "match", "m-full_name": "Siti Aminah", "m-birth_date": DOB.isoformat(), "m-kk_number": KK}
    html = client.post("/akun/identitas/", data, follow=True).content.decode()
    assert html.count("sudah dicocokkan oleh akun lain") == 1 and 'id="nik-held"' in html


# --- activation letters ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_letter_needs_matched_data_first(register, make_citizen):
    user = make_citizen(nik=NIK)
    with pytest.raises(IdentityError) as exc:
        letter_request(user=user)
    assert exc.value.code == "not_allowed"
    _match(user)
    letter = letter_request(user=user)
    assert letter.status == ActivationLetter.Status.REQUESTED and not letter.code_hash
    with pytest.raises(IdentityError) as exc:
        letter_request(user=user)
    assert exc.value.code == "letter_open"


@pytest.mark.django_db
def test_letter_code_verifies_once(register, make_citizen):
    user = make_citizen(nik=NIK)
    _match(user)
    code = _printed_code(user)
    assert len(code) == 12 and set(code) <= set(CODE_ALPHABET)
    letter = ActivationLetter.objects.get(profile=user.citizen)
    assert code not in letter.code_hash and letter.expires_at - letter.printed_at == dt.timedelta(days=30)
    spaced = f"{code[:4].lower()}-{code[4:8]} {code[8:]}"  # typed from paper: case and separators do not matter
    assert letter_redeem(user=user, code=spaced).outcome == LetterOutcome.VERIFIED
    user.citizen.refresh_from_db()
    assert user.citizen.identity_level == IdentityLevel.VERIFIED
    assert letter_redeem(user=user, code=code).outcome == LetterOutcome.ALREADY
    letter.refresh_from_db()
    assert letter.status == ActivationLetter.Status.USED and letter.used_at is not None


@pytest.mark.django_db
def test_a_used_code_cannot_verify_again_after_a_release(register, make_citizen):
    user = make_citizen(nik=NIK)
    _match(user)
    code = _printed_code(user)
    letter_redeem(user=user, code=code)
    CitizenProfile.objects.filter(pk=user.citizen.pk).update(identity_level=IdentityLevel.MATCHED)
    assert letter_redeem(user=user, code=code).outcome == LetterOutcome.NO_LETTER


@pytest.mark.django_db
def test_letter_code_expires_after_30_days(register, make_citizen):
    user = make_citizen(nik=NIK)
    _match(user)
    code = _printed_code(user)
    printed = ActivationLetter.objects.get(profile=user.citizen).printed_at
    late = printed + dt.timedelta(days=30, seconds=1)
    assert letter_redeem(user=user, code=code, now=late).outcome == LetterOutcome.EXPIRED
    in_time = printed + dt.timedelta(days=29, hours=23)
    assert letter_redeem(user=user, code=code, now=in_time).outcome == LetterOutcome.VERIFIED


@pytest.mark.django_db
def test_wrong_codes_cancel_the_letter(register, make_citizen, settings):
    settings.IDENTITY_LETTER_MAX_CODE_ATTEMPTS = 3
    user = make_citizen(nik=NIK)
    _match(user)
    code = _printed_code(user)
    wrong = "".join("2" if c != "2" else "3" for c in code)
    first = letter_redeem(user=user, code=wrong)
    assert first.outcome == LetterOutcome.WRONG and first.remaining == 2
    assert letter_redeem(user=user, code=wrong).outcome == LetterOutcome.WRONG
    assert letter_redeem(user=user, code=wrong).outcome == LetterOutcome.BLOCKED
    assert letter_redeem(user=user, code=code).outcome == LetterOutcome.NO_LETTER
    assert ActivationLetter.objects.get(profile=user.citizen).status == ActivationLetter.Status.CANCELLED


@pytest.mark.django_db
def test_one_accounts_code_does_not_verify_another(register, make_citizen):
    owner, other = make_citizen(nik=NIK), make_citizen(nik=NIK)
    _match(owner)
    code = _printed_code(owner)
    assert letter_redeem(user=other, code=code).outcome == LetterOutcome.NO_LETTER


# --- takeover -------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_verified_claim_takes_the_nik_over(register, make_citizen, mailoutbox, django_capture_on_commit_callbacks):
    squatter = make_citizen(nik=NIK, username="penyerobot")
    idle_claim = make_citizen(nik=NIK, username="klaim")
    owner = make_citizen(nik=NIK, username="pemilik")
    assert _match(squatter).outcome == MatchOutcome.MATCHED
    assert _match(owner).outcome == MatchOutcome.HELD_BY_MATCHED
    code = _printed_code(owner)
    with django_capture_on_commit_callbacks(execute=True):
        result = letter_redeem(user=owner, code=code)
    assert result.outcome == LetterOutcome.VERIFIED and result.took_over == 2
    for user in (squatter, idle_claim, owner):
        user.citizen.refresh_from_db()
    assert owner.citizen.identity_level == IdentityLevel.VERIFIED
    for released in (squatter, idle_claim):
        assert released.citizen.identity_level == IdentityLevel.CLAIMED
        assert released.citizen.nik_released_at is not None
        assert identity.register_nik(released, IdentityLevel.MATCHED) is None
        assert IdentityEvent.objects.filter(profile=released.citizen, kind="released").exists()
    assert IdentityEvent.objects.filter(profile=owner.citizen, kind="took_over").exists()
    takeover = AuditEntry.objects.get(action="account.nik_takeover")
    assert sorted(takeover.data["released_accounts"]) == sorted([squatter.pk, idle_claim.pk])
    assert NIK not in str(takeover.data)  # masked in the audit log
    assert AuditEntry.objects.filter(action="account.nik_released").count() == 2
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == sorted([squatter.email, idle_claim.email, owner.email])
    released_mail = next(m for m in mailoutbox if m.to == [squatter.email])
    assert "dilepas" in released_mail.subject and "357808******0001" in released_mail.body
    assert NIK not in released_mail.body


@pytest.mark.django_db
def test_a_released_account_shows_the_nik_as_released_and_cannot_match_again(register, make_citizen, client):
    squatter = make_citizen(nik=NIK)
    owner = make_citizen(nik=NIK)
    _match(squatter), _match(owner)
    letter_redeem(user=owner, code=_printed_code(owner))
    assert _match(squatter).outcome == MatchOutcome.RELEASED
    client.force_login(squatter)
    html = client.get("/akun/identitas/").content.decode()
    assert 'id="nik-released"' in html and "357808******0001" in html
    assert 'id="match-form"' not in html and 'id="letter-form"' not in html
    profile = client.get("/akun/profil/").content.decode()
    assert "NIK dilepas" in profile


@pytest.mark.django_db
def test_nobody_takes_over_from_a_verified_account(register, make_citizen, make_staff):
    owner = make_citizen(nik=NIK)
    _match(owner)
    letter_redeem(user=owner, code=_printed_code(owner))
    other = make_citizen(nik=NIK)
    assert _match(other).outcome == MatchOutcome.HELD_BY_VERIFIED
    officer = make_staff(role="officer", jurisdiction=("3578",))
    with pytest.raises(IdentityError) as exc:
        identity_verify_in_person(staff=officer, profile=other.citizen, nik_on_card=NIK, full_name="Siti Aminah",
                                  birth_date=DOB)
    assert exc.value.code == "conflict"
    owner.citizen.refresh_from_db()
    assert owner.citizen.identity_level == IdentityLevel.VERIFIED


# --- in person ------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_in_person_verification_within_jurisdiction(register, make_citizen, make_staff):
    user = make_citizen(nik=NIK, village="3578081001")
    outside = make_staff(role="officer", jurisdiction=("3507",))
    with pytest.raises(IdentityError) as exc:
        identity_verify_in_person(staff=outside, profile=user.citizen, nik_on_card=NIK, full_name="Siti Aminah",
                                  birth_date=DOB)
    assert exc.value.code == "out_of_scope"
    agent = make_staff(role="agent", jurisdiction=("3578",), unit="Samsat OPOP Al-Hikmah")
    with pytest.raises(IdentityError) as exc:
        identity_verify_in_person(staff=agent, profile=user.citizen, nik_on_card="3578084512990002",
                                  full_name="Siti Aminah", birth_date=DOB)
    assert exc.value.code == "nik_differs"
    with pytest.raises(IdentityError) as exc:
        identity_verify_in_person(staff=agent, profile=user.citizen, nik_on_card=NIK, full_name="Siti Aminah",
                                  birth_date=dt.date(1999, 12, 6))
    assert exc.value.code == "no_match"
    identity_verify_in_person(staff=agent, profile=user.citizen, nik_on_card=NIK, full_name="siti  aminah",
                              birth_date=DOB, note="KTP-el dilihat")
    user.citizen.refresh_from_db()
    assert user.citizen.identity_level == IdentityLevel.VERIFIED
    entry = AuditEntry.objects.get(action="account.identity_verified")
    assert entry.actor_id == agent.pk and entry.data["method"] == "in_person"
    assert IdentityEvent.objects.get(profile=user.citizen, kind="verified").by == agent


@pytest.mark.django_db
def test_staff_page_finds_accounts_only_in_jurisdiction_and_verifies(register, make_citizen, staff_client):
    citizen = make_citizen(nik=NIK, username="siti")
    make_citizen(username="orang.malang", village="3507012001")
    client, officer = staff_client(role="officer", jurisdiction=("3578",))
    assert 'id="not-found"' in client.get("/petugas/verifikasi-identitas/", {"username": "orang.malang"}).content.decode()
    page = client.get("/petugas/verifikasi-identitas/", {"username": "siti"}).content.decode()
    assert 'id="verify-form"' in page and NIK not in page and "357808******0001" in page
    form = {"username": "siti", "nik": NIK, "full_name": "Siti Aminah", "birth_date": "1999-12-05", "note": ""}
    refused = client.post("/petugas/verifikasi-identitas/", form)  # the "seen the card" box is required
    assert refused.status_code == 200 and 'id="verify-form"' in refused.content.decode()
    done = client.post("/petugas/verifikasi-identitas/", {**form, "seen": "on"})
    assert done.status_code == 302
    citizen.citizen.refresh_from_db()
    assert citizen.citizen.identity_level == IdentityLevel.VERIFIED
    assert "siti" in client.get("/petugas/verifikasi-identitas/").content.decode()  # in their recent list


# --- IKD plug-in point ----------------------------------------------------------------------------

class RecordedIkd(identity.IkdAdapter):
    """A test adapter: the provider's answer is what the test put in the session."""

    label = "IKD (uji)"

    def start(self, request, *, callback_url):
        return "https://ikd.example.test/authorize?return=" + callback_url

    def finish(self, request):
        nik = request.session.get("test_ikd_nik")
        return identity.IkdAssertion(nik=nik, reference="IKD-1") if nik else None


@pytest.mark.django_db
def test_ikd_is_not_offered_without_an_adapter(register, make_citizen, client):
    client.force_login(make_citizen(nik=NIK))
    assert "ikd" not in client.get("/akun/identitas/").content.decode().lower()
    assert client.post("/akun/identitas/ikd/").status_code == 404
    assert client.get("/akun/identitas/ikd/kembali/").status_code == 404


@pytest.mark.django_db
@override_settings(IDENTITY_IKD_ADAPTER="balai.accounts.tests.test_identity.RecordedIkd")
def test_a_configured_ikd_adapter_verifies_the_matching_nik(register, make_citizen, client):
    user = make_citizen(nik=NIK)
    client.force_login(user)
    assert "IKD (uji)" in client.get("/akun/identitas/").content.decode()
    start = client.post("/akun/identitas/ikd/")
    assert start.status_code == 302 and start["Location"].startswith("https://ikd.example.test/")
    session = client.session
    session["test_ikd_nik"] = "3578084512990002"  # someone else's NIK
    session.save()
    client.get("/akun/identitas/ikd/kembali/")
    user.citizen.refresh_from_db()
    assert user.citizen.identity_level == IdentityLevel.CLAIMED
    client.post("/akun/identitas/ikd/")
    session = client.session
    session["test_ikd_nik"] = NIK
    session.save()
    assert client.get("/akun/identitas/ikd/kembali/").status_code == 302
    user.citizen.refresh_from_db()
    assert user.citizen.identity_level == IdentityLevel.VERIFIED
    assert AuditEntry.objects.get(action="account.identity_verified").data["evidence"] == {"reference": "IKD-1"}


def test_a_wrong_adapter_setting_is_refused():
    with override_settings(IDENTITY_IKD_ADAPTER="balai.accounts.tests.test_identity.FakeRegister"), \
            pytest.raises(TypeError):
        identity.ikd_adapter()


# --- concurrency (PostgreSQL) ---------------------------------------------------------------------

@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_matches_and_verifications_leave_one_holder(register, make_citizen):
    """Eight accounts claim one NIK and match at the same moment, then four of them redeem their
    letters at once: at every step at most one account holds the NIK, and one verified account
    ends holding it with the others released."""
    users = [make_citizen(nik=NIK) for _ in range(8)]
    barrier = threading.Barrier(len(users))
    outcomes, errors = [], []

    def run(fn, user):
        try:
            barrier.wait(timeout=30)
            outcomes.append(fn(user))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    def go(fn, group):
        threads = [threading.Thread(target=run, args=(fn, u)) for u in group]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    go(lambda u: _match(u).outcome, users)
    assert errors == [] and sorted(outcomes).count(MatchOutcome.MATCHED) == 1
    assert CitizenProfile.objects.filter(nik=NIK, identity_level__in=["matched", "verified"]).count() == 1
    contenders = [u for u in users if CitizenProfile.objects.get(user=u).identity_level != "matched"][:4]
    codes = {u.pk: _printed_code(u) for u in contenders}
    outcomes.clear()
    barrier = threading.Barrier(len(contenders))
    go(lambda u: letter_redeem(user=u, code=codes[u.pk]).outcome, contenders)
    assert errors == []
    assert sorted(outcomes) == sorted([LetterOutcome.VERIFIED] + [LetterOutcome.NO_LETTER] * 3)
    holders = CitizenProfile.objects.filter(nik=NIK, identity_level__in=["matched", "verified"])
    assert [p.identity_level for p in holders] == ["verified"]
    assert CitizenProfile.objects.filter(nik=NIK, nik_released_at__isnull=False).count() == 7


@pytest.mark.django_db
def test_identity_pages_speak_english_too(register, make_citizen, client):
    client.cookies["django_language"] = "en"
    client.force_login(make_citizen(nik=NIK))
    html = client.get("/akun/identitas/").content.decode()
    for text in ("Identity verification", "What each level means", "Step 1: match your data with your family card",
                 "Match my data", "Claimed", "Verified"):
        assert text in html
    profile = client.get("/akun/profil/").content.decode()
    assert "Identity levels and how to verify" in profile and "Register data masked" in profile


@pytest.mark.django_db
def test_the_api_and_the_export_tell_the_level(register, make_citizen, client):
    squatter, owner = make_citizen(nik=NIK), make_citizen(nik=NIK)
    _match(squatter), _match(owner)
    letter_redeem(user=owner, code=_printed_code(owner))
    client.force_login(squatter)
    me = client.get("/api/auth/me").json()
    assert me["identity_level"] == "claimed" and me["nik_released"] is True
    client.force_login(owner)
    assert client.get("/api/auth/me").json()["identity_level"] == "verified"
    exported = json.loads(client.post("/akun/data-saya/").content)["sections"]["account"]["citizen_profile"]
    assert exported["identity"]["level"] == "verified"
    assert [e["kind"] for e in exported["identity"]["events"]] == ["match_held", "letter_requested", "verified",
                                                                  "took_over"]
    assert exported["identity"]["activation_letters"][0]["status"] == "used"
