"""E-mail verification of citizen accounts (the *claimed* level of docs/identity.md).

Sign-up and every change of address mail a link; opening it (and confirming) stores
``User.email_verified_at``. Until then a citizen browses, simulates, pays by code and tracks, but
cannot start an application (403 ``email_unverified``) or match/verify its identity.

The link is ``django.core.signing`` data — the account's id and a fingerprint of its state (the
address and its verification time) — signed with a timestamp and valid
``settings.EMAIL_VERIFICATION_DAYS`` days. Verifying changes the state, so a used link dies; so does
every link to an address the account no longer has.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from balai.core import audit

from .models import Role, User

SALT = "balai.accounts.email_verification"


class Outcome(StrEnum):
    VERIFIED = "verified"  # this request verified the address
    USED = "used"  # the link already verified this address
    EXPIRED = "expired"
    STALE = "stale"  # the account's address changed since the link was sent
    INVALID = "invalid"  # not a link we signed (mangled, tampered, unknown account)


@dataclass(frozen=True)
class Check:
    outcome: Outcome
    user: User | None = None


def max_age_seconds() -> int:
    return int(getattr(settings, "EMAIL_VERIFICATION_DAYS", 3)) * 86400


def needs_verification(user) -> bool:
    """A signed-in citizen whose current address is not verified (staff are created by an admin)."""
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.CITIZEN
                and user.email_verified_at is None)


def require_verified(user) -> None:
    """Refuse (403 ``email_unverified``) what an unverified citizen may not do."""
    from balai.core.api import ApiError  # imports DRF, whose settings import this app's authentication

    if needs_verification(user):
        raise ApiError("email_unverified", _("Verifikasi alamat e-mail Anda dulu: buka tautan yang kami kirim ke "
                                             "e-mail Anda, atau kirim ulang tautannya dari halaman profil."),
                       status_code=403)


def _fingerprint(user: User, verified_at=None) -> str:
    state = f"{(user.email or '').strip().lower()}|{verified_at.isoformat() if verified_at else ''}"
    return salted_hmac(SALT, f"{user.pk}|{state}").hexdigest()[:24]


def make_token(user: User) -> str:
    return signing.dumps([user.pk, _fingerprint(user, user.email_verified_at)], salt=SALT)


def link_for(user: User) -> str:
    return settings.PUBLIC_BASE_URL + reverse("accounts:email_verify", args=[make_token(user)])


def check_token(token: str) -> Check:
    """What the link would do, without doing it."""
    try:
        pk, fingerprint = signing.loads(token, salt=SALT, max_age=max_age_seconds())
    except signing.SignatureExpired:
        return Check(Outcome.EXPIRED)
    except (signing.BadSignature, ValueError, TypeError):
        return Check(Outcome.INVALID)
    user = User.objects.filter(pk=pk, is_active=True).first() if isinstance(pk, int) else None
    if user is None or not isinstance(fingerprint, str):
        return Check(Outcome.INVALID)
    if user.email_verified_at is None:
        if constant_time_compare(fingerprint, _fingerprint(user)):
            return Check(Outcome.VERIFIED, user)
        return Check(Outcome.STALE, user)
    # verified: the link was for the unverified state of the same address, so it has been used
    if constant_time_compare(fingerprint, _fingerprint(user)):
        return Check(Outcome.USED, user)
    return Check(Outcome.STALE, user)


def verify(token: str) -> Check:
    """Verify the address the link was sent to, once (row lock: two clicks verify once)."""
    with transaction.atomic():
        first = check_token(token)
        if first.outcome != Outcome.VERIFIED or first.user is None:
            return first
        user = User.objects.select_for_update().get(pk=first.user.pk)
        if user.email_verified_at is not None or not constant_time_compare(
                _fingerprint(user), _fingerprint(first.user)):
            return check_token(token)
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
        audit.record(action="account.email_verified", actor=user, object_type="user", object_id=user.pk,
                     data={"email": user.email})
        return Check(Outcome.VERIFIED, user)


def _language(user: User) -> str:
    """The account's language if it stores one, else Indonesian (the site's default)."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def _send(user_pk: int) -> None:
    user = User.objects.filter(pk=user_pk).first()
    if user is None or not user.email or user.email_verified_at is not None:
        return
    context = {"user": user, "link": link_for(user), "days": int(getattr(settings, "EMAIL_VERIFICATION_DAYS", 3))}
    with translation.override(_language(user)):
        subject = render_to_string("accounts/email/verify_email_subject.txt", context).strip()
        body = render_to_string("accounts/email/verify_email.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=True)


def send_after_commit(user: User) -> None:
    """Mail the link once the caller's transaction has committed (a failed sign-up mails nothing)."""
    pk = user.pk
    transaction.on_commit(lambda: _send(pk))


@transaction.atomic
def resend(*, user: User) -> bool:
    """Mail a fresh link (the rate limits are the view's). False when there is nothing to verify."""
    if not needs_verification(user) or not user.email:
        return False
    audit.record(action="account.email_verification_resent", actor=user, object_type="user", object_id=user.pk,
                 data={"email": user.email})
    send_after_commit(user)
    return True


def reset_on_change(user: User, old_email: str) -> bool:
    """Inside the caller's transaction, after ``user.email`` changed: unverify, mail a new link.
    True when the address changed (case and surrounding spaces do not count)."""
    if (old_email or "").strip().lower() == (user.email or "").strip().lower():
        return False
    user.email_verified_at = None
    user.save(update_fields=["email_verified_at"])
    audit.record(action="account.email_verification_reset", actor=user, object_type="user", object_id=user.pk,
                 data={"before": old_email, "after": user.email})
    if user.role == Role.CITIZEN:
        send_after_commit(user)
    return True


def mark_verified(user: User) -> None:
    """Demo data and fixtures: an account whose address is known good (audited like a click)."""
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
        audit.record(action="account.email_verified", actor=None, object_type="user", object_id=user.pk,
                     data={"email": user.email, "method": "seeded"})
