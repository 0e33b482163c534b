"""Activation letters (DigiD's model): a matched account asks for one, the batch command
(``balai activation_letters``, in civil) gives it a one-time code and prints it, and the code,
typed within ``IDENTITY_LETTER_VALID_DAYS`` by the account that asked, verifies the account
(``identity_services.identity_verify``, with the takeover of the NIK). Only a keyed hash of a code
is stored; a wrong code is recorded (it counts toward cancelling the letter), so that path returns
an outcome instead of raising."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit

from .identity import register_source
from .identity_services import (
    IdentityError,
    Kind,
    Method,
    _event,
    _setting,
    holder_of,
    identity_verify,
    letter_cancel,
)
from .models import ActivationLetter, CitizenProfile, IdentityLevel, User

# Crockford-style alphabet without 0/O, 1/I/L, U: a code read from paper is typed without doubt.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12

# --- activation letters --------------------------------------------------------------------------

def _code_hash(letter_id: int, code: str) -> str:
    normalised = "".join(code.split()).replace("-", "").upper()
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"activation:{letter_id}:{normalised}".encode(), hashlib.sha256).hexdigest()


def format_code(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def open_letter(profile: CitizenProfile, *, now: dt.datetime | None = None) -> ActivationLetter | None:
    """The account's letter that is waiting to be printed or whose code can still be used."""
    now = now or timezone.now()
    return (ActivationLetter.objects.filter(profile=profile)
            .filter(Q(status=ActivationLetter.Status.REQUESTED)
                    | Q(status=ActivationLetter.Status.PRINTED, expires_at__gt=now))
            .order_by("-requested_at").first())


def may_request_letter(profile: CitizenProfile) -> bool:
    """A letter goes only to accounts that proved they know the register data of their NIK
    (matched, or matched while another *unverified* account holds it: the letter is how the
    real owner takes the NIK back)."""
    if profile.nik_released_at is not None or profile.identity_level == IdentityLevel.VERIFIED:
        return False
    if profile.matched_at is None:
        return False
    other = holder_of(profile.nik, exclude=profile)
    return other is None or other.identity_level != IdentityLevel.VERIFIED


@transaction.atomic
def letter_request(*, user: User) -> ActivationLetter:
    profile = CitizenProfile.objects.select_for_update().get(user=user)
    if not may_request_letter(profile):
        raise IdentityError("not_allowed", _("Surat aktivasi hanya untuk akun yang datanya sudah cocok dengan "
                                             "data kependudukan dan belum terverifikasi."))
    if open_letter(profile) is not None:
        raise IdentityError("letter_open", _("Surat aktivasi Anda masih dalam proses atau kodenya masih berlaku."))
    source = register_source()
    if source is None or source.letter_address(profile.nik) is None:
        raise IdentityError("no_address", _("Alamat Anda di data kependudukan tidak ditemukan; pilih verifikasi "
                                            "tatap muka."))
    letter = ActivationLetter.objects.create(profile=profile, nik=profile.nik)
    _event(profile, Kind.LETTER_REQUESTED, method=Method.LETTER)
    audit.record(action="account.activation_letter_requested", actor=user, object_type="user", object_id=user.pk,
                 data={"letter": letter.pk, "nik": profile.nik})
    return letter


def letters_to_print():
    """Letters waiting for the post, oldest first (the batch command's queue)."""
    return (ActivationLetter.objects.filter(status=ActivationLetter.Status.REQUESTED)
            .select_related("profile", "profile__user").order_by("id"))


def letter_issue_code(*, letter: ActivationLetter, batch: str, part: int,
                      now: dt.datetime | None = None) -> str:
    """Inside the batch's transaction: give a requested letter its one-time code (returned once,
    for the printed page; only its keyed hash is stored) and start its validity."""
    now = now or timezone.now()
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    valid = dt.timedelta(days=_setting("IDENTITY_LETTER_VALID_DAYS", 30))
    updated = (ActivationLetter.objects.filter(pk=letter.pk, status=ActivationLetter.Status.REQUESTED)
               .update(status=ActivationLetter.Status.PRINTED, code_hash=_code_hash(letter.pk, code), batch=batch,
                       part=part, printed_at=now, expires_at=now + valid))
    if not updated:
        raise IdentityError("not_requested", "letter is no longer waiting to be printed")
    audit.record(action="account.activation_letter_printed", object_type="user", object_id=letter.profile.user_id,
                 data={"letter": letter.pk, "batch": batch, "part": part})
    return code


class LetterOutcome(StrEnum):
    VERIFIED = "verified"
    WRONG = "wrong"
    BLOCKED = "blocked"  # too many wrong codes: the letter is cancelled
    EXPIRED = "expired"
    NO_LETTER = "no_letter"
    ALREADY = "already"
    CONFLICT = "conflict"  # another account is already verified for this NIK


@dataclass(frozen=True)
class LetterResult:
    outcome: LetterOutcome
    remaining: int | None = None
    took_over: int = 0


def letter_redeem(*, user: User, code: str, now: dt.datetime | None = None) -> LetterResult:
    """Check the code of the account's printed letter: once, within its validity, a few tries."""
    now = now or timezone.now()
    nik = CitizenProfile.objects.filter(user=user).values_list("nik", flat=True).get()
    with transaction.atomic():
        # Every account of the NIK, locked in the order identity_verify locks them: two owners'
        # letters redeemed at the same moment wait for each other instead of deadlocking.
        rows = list(CitizenProfile.objects.select_for_update().filter(nik=nik).order_by("pk"))
        profile = next(p for p in rows if p.user_id == user.pk)
        if profile.identity_level == IdentityLevel.VERIFIED:
            return LetterResult(LetterOutcome.ALREADY)
        letter = (ActivationLetter.objects.select_for_update().filter(profile=profile,
                                                                       status=ActivationLetter.Status.PRINTED)
                  .order_by("-printed_at").first())
        if letter is None or profile.nik_released_at is not None or letter.nik != profile.nik:
            return LetterResult(LetterOutcome.NO_LETTER)
        if letter.expires_at is None or now >= letter.expires_at:
            return LetterResult(LetterOutcome.EXPIRED)
        if not hmac.compare_digest(letter.code_hash, _code_hash(letter.pk, code or "")):
            letter.failed_attempts += 1
            letter.save(update_fields=["failed_attempts"])
            audit.record(action="account.activation_code_failed", actor=user, object_type="user", object_id=user.pk,
                         data={"letter": letter.pk, "failed": letter.failed_attempts})
            left = _setting("IDENTITY_LETTER_MAX_CODE_ATTEMPTS", 5) - letter.failed_attempts
            if left <= 0:
                letter_cancel(letter=letter, reason="too_many_wrong_codes")
                return LetterResult(LetterOutcome.BLOCKED)
            return LetterResult(LetterOutcome.WRONG, remaining=left)
        try:
            with transaction.atomic():
                letter.status, letter.used_at = ActivationLetter.Status.USED, now
                letter.save(update_fields=["status", "used_at"])
                released = identity_verify(profile=profile, method=Method.LETTER, by=None,
                                           evidence={"letter": letter.pk, "batch": letter.batch})
        except IdentityError:
            return LetterResult(LetterOutcome.CONFLICT)
        return LetterResult(LetterOutcome.VERIFIED, took_over=len(released))
