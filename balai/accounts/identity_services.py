"""Identity assurance writes: matching with the register, verification (in person, through IKD;
by letter in ``identity_letters.py``) and the takeover of a NIK from unverified accounts.

Every write runs in one transaction with its audit entry. A failed match or a wrong letter code
is *recorded* (it counts toward the lock), so those paths return an outcome instead of raising:
an exception would roll the record back and make the lock toothless.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.errors import DomainValidationError

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

Method = IdentityEvent.Method
Kind = IdentityEvent.Kind


class IdentityError(DomainValidationError):
    """A refused identity step, with a stable ``code`` and a message for the citizen/officer
    (still a Django ``ValidationError`` for callers that catch one)."""

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


# --- letters: cancelling (the rest is identity_letters.py) ----------------------------------------

def letter_cancel(*, letter: ActivationLetter, reason: str) -> None:
    """Inside the caller's transaction: a letter that can no longer serve (account verified or
    released, address gone, too many wrong codes)."""
    now = timezone.now()
    ActivationLetter.objects.filter(pk=letter.pk).update(status=ActivationLetter.Status.CANCELLED, cancelled_at=now,
                                                          cancel_reason=reason[:40])
    _event(letter.profile, Kind.LETTER_CANCELLED, method=Method.LETTER, data={"reason": reason}, now=now)
    audit.record(action="account.activation_letter_cancelled", object_type="user", object_id=letter.profile.user_id,
                 data={"letter": letter.pk, "reason": reason})


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
    if profile.user.email_verified_at is None:
        raise IdentityError("email_unverified", _("Alamat e-mail akun ini belum diverifikasi. Minta warga membuka "
                                                  "tautan verifikasi di e-mailnya (atau mengirim ulang dari halaman "
                                                  "profil), lalu ulangi."))
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
