"""The population register behind identity matching and activation letters, the
gated family-card export, the activation-letter batch and the demo identities."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from balai.accounts.identity_letters import LetterOutcome, letter_redeem, letter_request
from balai.accounts.identity_services import MatchOutcome, identity_match
from balai.accounts.models import ActivationLetter, IdentityLevel
from balai.civil.identity import PopulationRegister, same_name
from balai.civil.selectors import personal_data
from balai.core.personal_data import export_for

from .factories import make_family, make_person

WIFE_DOB = dt.date(1999, 12, 5)


@pytest.mark.django_db
def test_register_matches_all_four_facts_or_nothing():
    card, head, wife = make_family()
    register = PopulationRegister()
    right = {"nik": wife.nik, "full_name": "siti  aminah", "birth_date": WIFE_DOB, "kk_number": card.kk_number}
    assert register.matches(**right)
    assert not register.matches(**{**right, "full_name": "Siti Aminah Putri"})
    assert not register.matches(**{**right, "birth_date": WIFE_DOB + dt.timedelta(days=1)})
    assert not register.matches(**{**right, "kk_number": card.kk_number[:-1] + "9"})
    assert not register.matches(**{**right, "nik": head.nik})
    assert register.matches(**{**right, "kk_number": None})  # the officer's check with the KTP-el
    loner = make_person(full_name="Tanpa KK", birth_date=dt.date(1990, 1, 2))
    assert not register.matches(nik=loner.nik, full_name="Tanpa KK", birth_date=dt.date(1990, 1, 2),
                                kk_number="0" * 16)


def test_names_in_other_scripts_are_compared_not_waved_through():
    assert same_name("Nguyễn Văn A", "NGUYEN VAN A")
    assert same_name("Ма", "ма")
    assert not same_name("Ма", "Ли")  # both normalise to "" by the ASCII rule: compared case-folded instead
    assert not same_name("", "")


@pytest.mark.django_db
def test_letter_address_comes_from_the_family_card():
    card, _head, wife = make_family()
    address = PopulationRegister().letter_address(wife.nik)
    assert address.full_name == "Siti Aminah" and address.regency_code == "3578"
    assert address.lines[0] == "Jl. Raya Gubeng No. 12, RT 003/RW 005"
    assert "Surabaya" in address.lines[-1] and "60281" in address.lines[-1]
    assert "Gubeng No. 12" not in address.public_hint and "Surabaya" in address.public_hint


@pytest.mark.django_db
def test_family_card_export_follows_the_identity_level(make_citizen):
    """Regression: the personal-data export handed a stranger who signed up with another
    person's NIK and name that person's whole family card."""
    card, head, wife = make_family()
    stranger = make_citizen(nik=wife.nik, full_name="Siti Aminah")
    assert personal_data(stranger) is None
    assert card.kk_number not in str(export_for(stranger))
    matched = make_citizen(nik=head.nik, full_name="Sutrisno", identity="matched")
    masked = personal_data(matched)
    assert masked["identity_level"] == "matched"
    assert masked["family_card"]["kk_number"] == card.kk_masked and "address" not in masked["family_card"]
    other = next(m for m in masked["family_card"]["members"] if m["relationship"] == "istri")
    assert other == {"full_name": "S*** A*****", "nik": wife.nik_masked, "relationship": "istri"}
    assert "mother_name" not in masked["person"]
    verified_wife = make_citizen(nik=wife.nik, full_name="Siti Aminah", identity="verified")
    full = personal_data(verified_wife)
    assert full["family_card"]["kk_number"] == card.kk_number and full["person"]["mother_name"] is not None


def _codes_in(pdf_path) -> list[str]:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_path.read_bytes())).pages)
    return re.findall(r"\b[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}\b", text)


def _matched_with_letter(make_citizen, card, person, **kw):
    user = make_citizen(nik=person.nik, full_name=person.full_name, **kw)
    outcome = identity_match(user=user, full_name=person.full_name, birth_date=person.birth_date,
                             kk_number=card.kk_number).outcome
    assert outcome in (MatchOutcome.MATCHED, MatchOutcome.HELD_BY_MATCHED)
    letter_request(user=user)
    return user


@pytest.mark.django_db
def test_activation_letters_batch_prints_codes_that_verify(make_citizen, tmp_path):
    card, head, wife = make_family()
    owner = _matched_with_letter(make_citizen, card, wife, username="siti")
    husband = _matched_with_letter(make_citizen, card, head, username="sutrisno")
    out = io.StringIO()
    call_command("activation_letters", "--batch", "b1", "--out", str(tmp_path), "--part-size", "1",
                 "--no-progress", stdout=out)
    parts = sorted((tmp_path / "b1").glob("part-*.pdf"))
    assert [p.name for p in parts] == ["part-0001.pdf", "part-0002.pdf"]
    assert "2 letters printed in 2 parts" in out.getvalue()
    text = PdfReader(io.BytesIO(parts[0].read_bytes())).pages[0].extract_text()
    assert "Jl. Raya Gubeng No. 12" in text and "siti" in text and wife.nik not in text
    assert wife.nik_masked in text
    (code_wife,), (code_head,) = _codes_in(parts[0]), _codes_in(parts[1])
    assert letter_redeem(user=husband, code=code_wife).outcome == LetterOutcome.WRONG  # tied to its account
    assert letter_redeem(user=owner, code=code_wife).outcome == LetterOutcome.VERIFIED
    assert letter_redeem(user=husband, code=code_head).outcome == LetterOutcome.VERIFIED
    letters = ActivationLetter.objects.order_by("id")
    assert [(x.batch, x.part, x.status) for x in letters] == [("b1", 1, "used"), ("b1", 2, "used")]
    assert all(code_wife not in x.code_hash for x in letters)


@pytest.mark.django_db
def test_activation_letters_resume_and_cancel_what_no_longer_serves(make_citizen, tmp_path):
    card, head, wife = make_family()
    first = _matched_with_letter(make_citizen, card, wife)
    call_command("activation_letters", "--batch", "b2", "--out", str(tmp_path), "--limit", "1", "--no-progress",
                 stdout=io.StringIO())
    _matched_with_letter(make_citizen, card, head)
    gone = make_person(full_name="Tanpa Alamat", birth_date=dt.date(1990, 1, 2))
    loner = make_citizen(nik=gone.nik, full_name="Tanpa Alamat", identity="matched")
    ActivationLetter.objects.create(profile=loner.citizen, nik=gone.nik)  # the register lost the address
    out = io.StringIO()
    call_command("activation_letters", "--batch", "b2", "--out", str(tmp_path), "--no-progress", stdout=out)
    assert "1 letters printed in 1 parts, 1 cancelled" in out.getvalue()
    assert sorted(p.name for p in (tmp_path / "b2").glob("*.pdf")) == ["part-0001.pdf", "part-0002.pdf"]
    assert ActivationLetter.objects.get(profile=first.citizen).part == 1  # not printed twice
    assert ActivationLetter.objects.get(profile=loner.citizen).cancel_reason == "no_address"
    again = io.StringIO()
    call_command("activation_letters", "--batch", "b2", "--out", str(tmp_path), "--no-progress", stdout=again)
    assert "0 letters printed in 0 parts" in again.getvalue()


@pytest.mark.django_db
def test_demo_identities_are_reached_through_the_services(make_citizen, make_staff):
    from balai.civil.demo import HUSBAND, WIFE, seed_demo_family, seed_demo_identities

    list(seed_demo_family([]))
    warga = make_citizen(username="warga", nik=WIFE["nik"], full_name="Siti Aminah")
    warga2 = make_citizen(username="warga2", nik=HUSBAND["nik"], full_name="Sutrisno")
    make_staff(username="petugas", jurisdiction=("3578",))
    lines = list(seed_demo_identities([]))
    assert lines == ["warga2: identity matched — /akun/identitas/", "warga: identity verified — /akun/identitas/"]
    assert list(seed_demo_identities([])) == lines  # idempotent
    warga.citizen.refresh_from_db(), warga2.citizen.refresh_from_db()
    assert (warga.citizen.identity_level, warga2.citizen.identity_level) == (IdentityLevel.VERIFIED,
                                                                            IdentityLevel.MATCHED)
