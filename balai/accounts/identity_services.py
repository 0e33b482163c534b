"""Identity assurance writes: matching with the register, activation letters, verification (by
letter, in person, through IKD) and the takeover of a NIK from unverified accounts.

Every write runs in one transaction with its audit entry. A failed match or a wrong letter code
is *recorded* (it counts toward the lock), so those paths return an outcome instead of raising:
an exception would roll the record back and make the lock toothless.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from balai.core import audit

from .identity import ikd_adapter, register_source
from .models import (
    HOLDING_LEVELS,
    STAFF_ROLES,
    ActivationLetter,
    CitizenProfile,
    IdentityEvent,
    IdentityLevel,
    IdentityMatchAttempt,
    Role,
    User,
)

# Crockford-style alphabet without 0/O, 1/I/L, U: a code read from paper is typed without doubt.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
Method = IdentityEvent.Method
Kind = IdentityEvent.Kind


class IdentityError(ValidationError):
    """A refused identity step, with a stable ``code`` and a message for the citizen/officer."""

    def __init__(self, code: str, message: str):
        super().__init__(message, code=code)


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


# --- matching ------------------------------------------------------------------------------------

class MatchOutcome(StrEnum):
    MATCHED = "matched"  # the account now holds the NIK at matched level
    HELD_BY_MATCHED = "held_by_matched"  # data right, but another unverified account holds the NIK
    HELD_BY_VERIFIED = "held_by_verified"  # data right, but a verified account holds the NIK
    MISMATCH = "mismatch"  # never says which field
    LOCKED = "locked"
    ALREADY = "already"
    RELEASED = "released"
    UNAVAILABLE = "unavailable"  # no register is installed


@dataclass(frozen=True)
class MatchResult:
    outcome: MatchOutcome
    remaining: int | None = None  # attempts left before the lock (after a mismatch)
    locked_until: dt.datetime | None = None


def match_lock_until(profile: CitizenProfile, *, now: dt.datetime | None = None) -> dt.datetime | None:
    """When matching opens again for this account, or None when it is open. Locked after
    ``IDENTITY_MATCH_MAX_FAILURES`` failures of the account since its last success, or
    ``IDENTITY_MATCH_MAX_FAILURES_PER_NIK`` failures on its NIK by any account, within
    ``IDENTITY_MATCH_LOCK_HOURS`` (so a squatter cannot guess with many accounts)."""
    now = now or timezone.now()
    window = dt.timedelta(hours=_setting("IDENTITY_MATCH_LOCK_HOURS", 24))
    recent = IdentityMatchAttempt.objects.filter(created_at__gt=now - window)
    last_success = (recent.filter(profile=profile, succeeded=True).order_by("-created_at")
                    .values_list("created_at", flat=True).first())
    own = recent.filter(profile=profile, succeeded=False)
    if last_success is not None:
        own = own.filter(created_at__gt=last_success)
    for failures, limit in ((own, _setting("IDENTITY_MATCH_MAX_FAILURES", 5)),
                            (recent.filter(nik=profile.nik, succeeded=False),
                             _setting("IDENTITY_MATCH_MAX_FAILURES_PER_NIK", 10))):
        times = list(failures.order_by("-created_at").values_list("created_at", flat=True)[:limit])
        if len(times) >= limit:
            return times[0] + window
    return None


def _failures_left(profile: CitizenProfile, now: dt.datetime) -> int:
    window = dt.timedelta(hours=_setting("IDENTITY_MATCH_LOCK_HOURS", 24))
    recent = IdentityMatchAttempt.objects.filter(profile=profile, created_at__gt=now - window)
    last_success = recent.filter(succeeded=True).order_by("-created_at").values_list("created_at", flat=True).first()
    failures = recent.filter(succeeded=False)
    if last_success is not None:
        failures = failures.filter(created_at__gt=last_success)
    return max(0, _setting("IDENTITY_MATCH_MAX_FAILURES", 5) - failures.count())


def holder_of(nik: str, *, exclude: CitizenProfile | None = None) -> CitizenProfile | None:
    """The one account that holds ``nik`` at matched or verified level, if any."""
    qs = CitizenProfile.objects.select_related("user").filter(nik=nik, identity_level__in=HOLDING_LEVELS)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.first()


def _event(profile: CitizenProfile, kind: str, *, method: str = "", by: User | None = None,
           data: dict | None = None, now: dt.datetime | None = None) -> IdentityEvent:
    return IdentityEvent.objects.create(profile=profile, kind=kind, method=method, nik=profile.nik, by=by,
                                        data=data or {}, created_at=now or timezone.now())


def identity_match(*, user: User, full_name: str, birth_date: dt.date, kk_number: str) -> MatchResult:
    """Match the account's NIK, with the name, date of birth and KK number the citizen typed,
    against the register. The answer never says which field was wrong."""
    source = register_source()
    if source is None:
        return MatchResult(MatchOutcome.UNAVAILABLE)
    with transaction.atomic():
        profile = CitizenProfile.objects.select_for_update().get(user=user)
        now = timezone.now()
        if profile.nik_released_at is not None:
            return MatchResult(MatchOutcome.RELEASED)
        if profile.identity_level != IdentityLevel.CLAIMED:
            return MatchResult(MatchOutcome.ALREADY)
        locked = match_lock_until(profile, now=now)
        if locked is not None:
            return MatchResult(MatchOutcome.LOCKED, locked_until=locked)
        ok = source.matches(nik=profile.nik, full_name=full_name, birth_date=birth_date,
                            kk_number="".join(kk_number.split()))
        IdentityMatchAttempt.objects.create(profile=profile, nik=profile.nik, succeeded=ok, created_at=now)
        if not ok:
            audit.record(action="account.identity_match_failed", actor=user, object_type="user", object_id=user.pk,
                         data={"nik": profile.nik})
            locked = match_lock_until(profile, now=now)
            if locked is not None:
                _event(profile, Kind.LOCKED, data={"until": locked.isoformat()}, now=now)
                audit.record(action="account.identity_match_locked", actor=user, object_type="user",
                             object_id=user.pk, data={"nik": profile.nik, "until": locked.isoformat()})
                return MatchResult(MatchOutcome.LOCKED, locked_until=locked)
            return MatchResult(MatchOutcome.MISMATCH, remaining=_failures_left(profile, now))
        profile.matched_at = now
        holder = holder_of(profile.nik, exclude=profile)
        if holder is None:
            profile.identity_level, profile.identity_changed_at = IdentityLevel.MATCHED, now
        try:
            with transaction.atomic():  # a concurrent match of the same NIK by another account
                profile.save(update_fields=["matched_at", "identity_level", "identity_changed_at"])
        except IntegrityError:
            profile.identity_level = IdentityLevel.CLAIMED
            profile.save(update_fields=["matched_at"])
            holder = holder_of(profile.nik, exclude=profile)
        if holder is None:
            outcome = MatchOutcome.MATCHED
        elif holder.identity_level == IdentityLevel.VERIFIED:
            outcome = MatchOutcome.HELD_BY_VERIFIED
        else:
            outcome = MatchOutcome.HELD_BY_MATCHED
        _event(profile, Kind.MATCHED if outcome == MatchOutcome.MATCHED else Kind.MATCH_HELD, now=now)
        audit.record(action="account.identity_matched", actor=user, object_type="user", object_id=user.pk,
                     data={"nik": profile.nik, "outcome": outcome.value})
        return MatchResult(outcome)


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


def letter_cancel(*, letter: ActivationLetter, reason: str) -> None:
    """Inside the caller's transaction: a letter that can no longer serve (account verified or
    released, address gone, too many wrong codes)."""
    now = timezone.now()
    ActivationLetter.objects.filter(pk=letter.pk).update(status=ActivationLetter.Status.CANCELLED, cancelled_at=now,
                                                          cancel_reason=reason[:40])
    _event(letter.profile, Kind.LETTER_CANCELLED, method=Method.LETTER, data={"reason": reason}, now=now)
    audit.record(action="account.activation_letter_cancelled", object_type="user", object_id=letter.profile.user_id,
                 data={"letter": letter.pk, "reason": reason})


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


# --- verification and takeover -------------------------------------------------------------------

def identity_verify(*, profile: CitizenProfile, method: str, by: User | None,
                    evidence: dict | None = None) -> list[CitizenProfile]:
    """Make ``profile`` the verified holder of its NIK, inside the caller's transaction or its own.
    Every other account that claims or holds the NIK unverified is released (the link moves;
    both sides are told by e-mail and on their identity page). Refused when another account is
    verified for the NIK already: that needs an officer to look into it, never an automatic swap.
    Returns the released profiles."""
    with transaction.atomic():
        # Lock every account of the NIK in one order, so two verifications cannot cross.
        rows = list(CitizenProfile.objects.select_for_update().filter(nik=profile.nik).order_by("pk"))
        me = next(p for p in rows if p.pk == profile.pk)
        if me.nik_released_at is not None:
            raise IdentityError("released", _("NIK akun ini sudah dilepas; verifikasi tidak dapat dilakukan."))
        if me.identity_level == IdentityLevel.VERIFIED:
            return []
        others = [p for p in rows if p.pk != me.pk and p.nik_released_at is None]
        if any(p.identity_level == IdentityLevel.VERIFIED for p in others):
            raise IdentityError("conflict", _("NIK ini sudah diverifikasi pada akun lain. Hubungi Disdukcapil untuk "
                                              "pemeriksaan."))
        now = timezone.now()
        for other in others:
            previous = other.identity_level
            other.identity_level, other.identity_changed_at, other.nik_released_at = (
                IdentityLevel.CLAIMED, now, now)
            other.save(update_fields=["identity_level", "identity_changed_at", "nik_released_at"])
            for letter in ActivationLetter.objects.filter(profile=other, status__in=[
                    ActivationLetter.Status.REQUESTED, ActivationLetter.Status.PRINTED]):
                letter_cancel(letter=letter, reason="nik_released")
            _event(other, Kind.RELEASED, method=method, data={"by_account": me.user_id}, now=now)
            audit.record(action="account.nik_released", actor=by, object_type="user", object_id=other.user_id,
                         data={"nik": other.nik, "to_account": me.user_id, "method": method,
                               "previous_level": previous})
        me.identity_level, me.identity_changed_at = IdentityLevel.VERIFIED, now
        me.save(update_fields=["identity_level", "identity_changed_at"])
        for letter in ActivationLetter.objects.filter(profile=me, status=ActivationLetter.Status.REQUESTED):
            letter_cancel(letter=letter, reason="verified")
        _event(me, Kind.VERIFIED, method=method, by=by, data=evidence or {}, now=now)
        audit.record(action="account.identity_verified", actor=by or me.user, object_type="user",
                     object_id=me.user_id, data={"nik": me.nik, "method": method, "evidence": evidence or {},
                                                 "by_staff": by.pk if by else None})
        if others:
            _event(me, Kind.TOOK_OVER, method=method, data={"released": len(others)}, now=now)
            audit.record(action="account.nik_takeover", actor=by or me.user, object_type="user",
                         object_id=me.user_id, data={"nik": me.nik, "released_accounts": [p.user_id for p in others],
                                                     "method": method})
        profile.identity_level, profile.identity_changed_at = me.identity_level, now
        transaction.on_commit(lambda: _tell_takeover(me, others))
        return others


def _mail(user: User, template: str, context: dict) -> None:
    if not user.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"accounts/email/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=True)


def _tell_takeover(winner: CitizenProfile, released: list[CitizenProfile]) -> None:
    """After commit: e-mail both sides of a takeover (the identity pages already show it)."""
    base = settings.PUBLIC_BASE_URL
    for other in released:
        _mail(other.user, "nik_released", {"user": other.user, "nik": other.nik_masked, "base_url": base})
    if released:
        _mail(winner.user, "nik_taken_over", {"user": winner.user, "nik": winner.nik_masked, "base_url": base,
                                              "count": len(released)})


def staff_may_verify(staff: User, profile: CitizenProfile) -> bool:
    """Officers, supervisors and OPOP agents verify in person the accounts whose address lies in
    their jurisdiction; administrators everywhere."""
    if staff.role == Role.ADMIN:
        return True
    if staff.role not in STAFF_ROLES:
        return False
    info = getattr(staff, "staff", None)
    return info is not None and info.jurisdiction.filter(code=profile.regency_code).exists()


def identity_verify_in_person(*, staff: User, profile: CitizenProfile, nik_on_card: str, full_name: str,
                              birth_date: dt.date, note: str = "") -> list[CitizenProfile]:
    """An officer or OPOP agent saw the citizen's KTP-el and face: the NIK, name and date of birth
    read from the card must be the account's NIK and match the register."""
    if not staff_may_verify(staff, profile):
        raise IdentityError("out_of_scope", _("Akun ini di luar wilayah kerja Anda."))
    if "".join(nik_on_card.split()) != profile.nik:
        raise IdentityError("nik_differs", _("NIK pada KTP-el berbeda dengan NIK akun ini. Jangan verifikasi."))
    source = register_source()
    if source is None or not source.matches(nik=profile.nik, full_name=full_name, birth_date=birth_date,
                                            kk_number=None):
        raise IdentityError("no_match", _("Data KTP-el tidak cocok dengan data kependudukan. Arahkan warga ke "
                                          "Disdukcapil untuk pemeriksaan data."))
    with transaction.atomic():
        return identity_verify(profile=profile, method=Method.IN_PERSON, by=staff,
                               evidence={"document": "ktp-el", "note": note[:200], "unit": getattr(
                                   getattr(staff, "staff", None), "unit", "")})


def identity_verify_ikd(*, user: User, nik: str, reference: str) -> list[CitizenProfile]:
    """The configured IKD adapter confirmed ``nik`` for the returning citizen."""
    if ikd_adapter() is None:
        raise IdentityError("ikd_unavailable", _("Verifikasi IKD tidak tersedia."))
    profile = CitizenProfile.objects.get(user=user)
    if nik != profile.nik:
        with transaction.atomic():
            audit.record(action="account.identity_ikd_mismatch", actor=user, object_type="user", object_id=user.pk,
                         data={"reference": reference[:100]})
        raise IdentityError("nik_differs", _("NIK dari IKD berbeda dengan NIK akun Anda."))
    with transaction.atomic():
        return identity_verify(profile=profile, method=Method.IKD, by=None, evidence={"reference": reference[:100]})
