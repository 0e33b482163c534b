"""API bearer tokens: how long they live, who they let in, and the owner's own list.

A staff session ends after ``STAFF_IDLE_TIMEOUT`` idle seconds; a staff bearer token used to live
for ever. Now:

- a staff token ends ``API_TOKEN_STAFF_IDLE_SECONDS`` (30 min, like the session) after it was last
  used, and ``API_TOKEN_STAFF_MAX_AGE_SECONDS`` (12 h, one working day) after it was issued,
  whichever comes first: a device at a service point signs in again each morning;
- a citizen's token ends ``API_TOKEN_CITIZEN_MAX_AGE_SECONDS`` (30 days) after it was issued.

Both are computed from ``ApiToken.created_at`` and ``last_used_at`` (nothing stored: a changed
setting applies to the tokens already out). The role is the account's *now*: a citizen account
made staff gets the staff limits on its old tokens at once. ``last_used_at`` is written at most once
a minute, so it may be up to a minute behind the last request: an idle deadline computed from it
comes at most a minute early, never late.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import status

from .models import ApiToken, User
from .services import _hash_token

# Write ``last_used_at`` at most this often per token (not on every request).
TOUCH_EVERY = timedelta(minutes=1)


class TokenStatus:
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


def token_expires_at(token: ApiToken, user: User | None = None) -> datetime:
    """When ``token`` stops working (if not revoked first)."""
    user = user or token.user
    if user.is_staff_role:
        absolute = token.created_at + timedelta(seconds=settings.API_TOKEN_STAFF_MAX_AGE_SECONDS)
        idle = (token.last_used_at or token.created_at) + timedelta(seconds=settings.API_TOKEN_STAFF_IDLE_SECONDS)
        return min(absolute, idle)
    return token.created_at + timedelta(seconds=settings.API_TOKEN_CITIZEN_MAX_AGE_SECONDS)


def token_status(token: ApiToken, *, now: datetime | None = None, user: User | None = None) -> str:
    if token.revoked_at is not None:
        return TokenStatus.REVOKED
    now = now or timezone.now()
    return TokenStatus.ACTIVE if now < token_expires_at(token, user) else TokenStatus.EXPIRED


def token_authenticate(raw: str, *, now: datetime | None = None) -> ApiToken:
    """The token for ``Authorization: Bearer <raw>``, or ``ApiError`` 401 (``invalid_token``: unknown,
    revoked or of an inactive account; ``token_expired``). Marks the token used (once a minute)."""
    # Imported here: DRF loads this module (through the authentication class) while balai.core.api
    # itself is being imported.
    from balai.core.api import ApiError

    token = (ApiToken.objects.select_related("user")
             .filter(key_hash=_hash_token(raw), revoked_at__isnull=True, user__is_active=True).first())
    if token is None:
        raise ApiError("invalid_token", _("Token tidak valid atau sudah dicabut."),
                       status_code=status.HTTP_401_UNAUTHORIZED)
    now = now or timezone.now()
    if now >= token_expires_at(token):
        raise ApiError("token_expired", _("Token sudah kedaluwarsa. Masuk lagi untuk mendapat token baru."),
                       status_code=status.HTTP_401_UNAUTHORIZED)
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


# --- the owner's list ---------------------------------------------------------------------------

@dataclass(frozen=True)
class TokenRow:
    """One of the owner's tokens as the list shows it (never the secret: it is not stored)."""

    id: int
    prefix: str
    name: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime
    revoked_at: datetime | None
    status: str
    current: bool


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """``user``'s own tokens, newest first (revoked and expired ones stay as a record)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def token_rows(user: User, tokens: Iterable[ApiToken], *, current: ApiToken | None = None,
               now: datetime | None = None) -> list[TokenRow]:
    now = now or timezone.now()
    return [TokenRow(id=t.pk, prefix=t.prefix, name=t.name, created_at=t.created_at, last_used_at=t.last_used_at,
                     expires_at=token_expires_at(t, user), revoked_at=t.revoked_at,
                     status=token_status(t, now=now, user=user), current=current is not None and t.pk == current.pk)
            for t in tokens]


def access_own_token(user: User, token_id: int) -> ApiToken | None:
    """``user``'s token ``token_id``; ``None`` for anyone else's (the caller answers 404)."""
    return ApiToken.objects.filter(user=user, pk=token_id).first()
