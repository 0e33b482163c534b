"""Login lockouts that cannot be turned against someone (settings: the "Lockout" block).

django-axes records every failed login per (username, client address) — ``AXES_LOCKOUT_PARAMETERS``
— and one row per failure in its failure log. This module decides what those records mean:

- **client lock**: after ``AXES_FAILURE_LIMIT`` failures for one username from one client, that
  client waits ``LOCKOUT_FIRST_DELAY`` seconds after its last failure, twice as long after each
  further failure, at most ``LOCKOUT_MAX_DELAY``. Another client — the officer at her desk — is
  not held up by a stranger's guesses. Tries refused during a lock are not counted (the password
  is not even checked), so waiting out a lock always works.
- **account lock**: only when at least ``ACCOUNT_LOCK_FAILURES`` failures from at least
  ``ACCOUNT_LOCK_CLIENTS`` different clients fall within ``ACCOUNT_LOCK_WINDOW`` (a distributed
  guess); it lasts until enough of them have left the window.

A successful login, a TOTP unlock (balai.accounts.recovery) and a completed password reset end both
(``account_cleared``). axes itself can only lock for a fixed cool-off (a callable cool-off is also
what it deletes *everyone's* records by), so axes keeps the records for ``AXES_COOLOFF_TIME`` (the
memory in which delays grow) and ``LockoutHandler.is_locked`` applies the rules above.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt, AccessFailureLog
from axes.signals import user_locked_out
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.throttling import wait_text


@dataclass(frozen=True)
class Lock:
    kind: str  # "client" (this username from this client) or "account" (from everywhere)
    until: datetime

    def seconds_left(self, now: datetime | None = None) -> int:
        return max(1, int((self.until - (now or timezone.now())).total_seconds() + 0.999))


def delay_after(failures: int) -> timedelta:
    """How long a client waits after its ``failures``-th failure (0 below the limit)."""
    over = failures - settings.AXES_FAILURE_LIMIT
    if over < 0:
        return timedelta(0)
    seconds = settings.LOCKOUT_FIRST_DELAY * 2 ** min(over, 30)  # min(): no huge integers from a long siege
    return timedelta(seconds=min(seconds, settings.LOCKOUT_MAX_DELAY))


def _cleared_key(username: str) -> str:
    return "lockout:cleared:" + hashlib.sha256(username.encode()).hexdigest()[:32]


def _cleared_at(username: str) -> datetime | None:
    stamp = cache.get(_cleared_key(username))
    return datetime.fromtimestamp(stamp, tz=timezone.get_current_timezone()) if stamp else None


def _client_until(handler: AxesDatabaseHandler, request: HttpRequest, credentials: dict | None) -> datetime | None:
    until = None
    limit = get_failure_limit(request, credentials)
    # one queryset per lockout parameter set; rows of one client differ only by user agent: summed
    for attempts in handler.get_user_attempts(request, credentials):
        seen = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        if (seen["failures"] or 0) >= limit:
            end = seen["last"] + delay_after(seen["failures"])
            until = end if until is None else max(until, end)
    return until


def _account_until(username: str, now: datetime) -> datetime | None:
    window = timedelta(seconds=settings.ACCOUNT_LOCK_WINDOW)
    since = now - window
    cleared = _cleared_at(username)
    if cleared is not None and cleared > since:
        since = cleared
    rows = list(AccessFailureLog.objects.filter(username=username, attempt_time__gte=since)
                .order_by("attempt_time").values_list("attempt_time", "ip_address"))
    need_failures, need_clients = settings.ACCOUNT_LOCK_FAILURES, settings.ACCOUNT_LOCK_CLIENTS
    # clients[i]: distinct addresses among rows[i:] — the failures still in the window once rows[:i] have left it
    clients, seen = [0] * (len(rows) + 1), set()
    for i in range(len(rows) - 1, -1, -1):
        seen.add(rows[i][1])
        clients[i] = len(seen)
    if len(rows) < need_failures or clients[0] < need_clients:
        return None
    for i in range(len(rows)):
        if len(rows) - (i + 1) < need_failures or clients[i + 1] < need_clients:
            return rows[i][0] + window  # the lock ends when this failure leaves the window
    return None  # not reached: the last step always breaks the rule


def lock_state(request: HttpRequest, credentials: dict | None = None,
               handler: AxesDatabaseHandler | None = None) -> Lock | None:
    """The lock that holds this request's username back from this client, if any (the account
    lock first: it is the one the client cannot wait out by changing address)."""
    AxesProxyHandler.update_request(request)
    username = get_client_username(request, credentials)
    if not username:
        return None
    now = getattr(request, "axes_attempt_time", None) or timezone.now()
    account = _account_until(username, now)
    if account is not None and account > now:
        return Lock("account", account)
    client = _client_until(handler or LockoutHandler(), request, credentials)
    if client is not None and client > now:
        return Lock("client", client)
    return None


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler with the rules of this module (settings.AXES_HANDLER)."""

    def is_locked(self, request, credentials=None) -> bool:
        return lock_state(request, credentials, handler=self) is not None

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or request.axes_locked_out:
            return
        username = get_client_username(request, credentials)
        if username and _account_until(username, request.axes_attempt_time):
            # this failure completed a distributed guess: refuse it as axes refuses a client lock
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send("axes", request=request, username=username, ip_address=request.axes_ip_address)

    def user_logged_in(self, sender, request, user, **kwargs):
        super().user_logged_in(sender, request, user, **kwargs)  # resets this client's failures
        _mark_cleared(user.get_username())

    def reset_attempts(self, *, ip_address=None, username=None, ip_or_username=False) -> int:
        """``balai axes_reset_username <name>`` (an administrator): the account lock ends too."""
        count = super().reset_attempts(ip_address=ip_address, username=username, ip_or_username=ip_or_username)
        if username:
            _mark_cleared(username)
        return count

    def remove_out_of_limit_failure_logs(self, *, username: str, limit: int | None = None) -> int:
        """Called by axes after each logged failure. axes would trim to a count per user (and
        trims the newest rows); the account lock needs the recent ones, so trim by age instead."""
        cutoff = timezone.now() - timedelta(days=settings.AXES_FAILURE_LOG_DAYS)
        count, _ = AccessFailureLog.objects.filter(username=username, attempt_time__lt=cutoff).delete()
        return count


def _mark_cleared(username: str) -> None:
    # failures before this moment no longer count toward the account lock (kept as long as they could)
    cache.set(_cleared_key(username), timezone.now().timestamp(), timeout=settings.ACCOUNT_LOCK_WINDOW)


def account_cleared(*, user, reason: str) -> None:
    """The owner has proven themselves another way (a completed password reset): forget every
    client's failures for the account and end the account lock. Audited when something was locked."""
    username = user.get_username()
    with transaction.atomic():
        removed, _ = AccessAttempt.objects.filter(username=username).delete()
        if removed:
            audit.record(action="account.lock_cleared", actor=user, object_type="user", object_id=user.pk,
                         data={"reason": reason, "clients": removed})
    _mark_cleared(username)


def _posted_username(request: HttpRequest) -> str | None:
    data = getattr(request, "data", None) or request.POST
    value = data.get("username") if hasattr(data, "get") else None
    return value if isinstance(value, str) else None


def locked_response(request: HttpRequest, original_response: HttpResponse | None = None,
                    credentials: dict | None = None) -> HttpResponse:
    """settings.AXES_LOCKOUT_CALLABLE: 403 with Retry-After — the API's error JSON under /api/,
    else the page that says how long, and how staff (TOTP) and citizens (reset) get back in."""
    credentials = credentials or getattr(request, "axes_credentials", None) or {"username": _posted_username(request)}
    lock = lock_state(request, credentials)
    seconds = lock.seconds_left() if lock else settings.LOCKOUT_FIRST_DELAY
    if lock is not None and lock.kind == "account":
        message = _("Akun ini menerima terlalu banyak percobaan masuk yang gagal dari banyak tempat, jadi "
                    "dikunci sementara. Coba lagi dalam %(wait)s.") % {"wait": wait_text(seconds)}
    else:
        message = _("Terlalu banyak percobaan masuk yang gagal untuk akun ini dari perangkat Anda. "
                    "Coba lagi dalam %(wait)s.") % {"wait": wait_text(seconds)}
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"error": {"code": "locked", "message": message, "fields": {}}}, status=403)
    else:
        from .recovery import UnlockForm

        username = (credentials or {}).get("username") or ""
        response = render(request, "accounts/locked.html", {
            "message": message, "form": UnlockForm(initial={"username": username}), "locked": True,
            "kind": lock.kind if lock else "client",
        }, status=403)
    response["Retry-After"] = str(seconds)
    return response
