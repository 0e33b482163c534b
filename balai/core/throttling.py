"""Rate limits that hold across processes, counted by atomic increments.

Every gunicorn worker (and every host) reads and writes the same counters in the default cache
(Redis in production, the database cache of the embedded default: settings.CACHES), so "30/min"
means 30 whatever worker answers. Counters move only by ``cache.incr``, which is atomic on Redis,
on LocMem and on ``balai.core.cache.DatabaseCache``: two requests at the same moment cannot both
take the last slot. (DRF's own ``SimpleRateThrottle`` reads a list of timestamps, appends and
writes it back, so concurrent requests overwrite each other's entries.)

A window of length W is counted in buckets of W/6: a request passes when the current bucket and
the six before it — everything since at least W ago — hold no more than N accepted requests. That
never admits more than N in any W (it may ask a client to wait up to one bucket longer), and a
refused request takes its slot back, so hammering does not push the wait further out.

Rates use DRF's notation (``"20/min"``, ``"5/hour"``) and live in
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (each with an environment override in settings.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import wraps
from typing import cast

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

BUCKETS = 6
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _now() -> float:
    """Seam for tests."""
    return time.time()


def parse_rate(rate: str) -> tuple[int, int]:
    """``"20/min"`` → (20, 60): DRF's notation, the period read from its first letter."""
    number, period = rate.split("/")
    return int(number), _PERIODS[period.strip()[0]]


def rate_for(scope: str) -> str | None:
    rates = cast("dict[str, str | None]", api_settings.DEFAULT_THROTTLE_RATES)
    return rates.get(scope)


# --- the client's address -------------------------------------------------------------------

def client_address(request) -> str | None:
    """The address rate limits and lockouts key on, by the API throttles' rule (DRF
    ``NUM_PROXIES``): behind N trusted proxies the N-th address from the right of X-Forwarded-For
    (the one our proxy appended), else the peer address; what a client writes into the header
    itself is never used. An IPv6 client counts as its /64: one subscriber line gets a whole /64
    and could otherwise take a fresh address for every try. None when there is no usable address."""
    meta = request.META
    remote = (meta.get("REMOTE_ADDR") or "").strip()
    candidate = remote
    forwarded = meta.get("HTTP_X_FORWARDED_FOR")
    num_proxies = api_settings.NUM_PROXIES
    if num_proxies and forwarded:
        hops = forwarded.split(",")
        candidate = hops[-min(num_proxies, len(hops))].strip()
    for value in (candidate, remote):
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            continue
        if isinstance(address, ipaddress.IPv6Address):
            if address.ipv4_mapped is not None:
                return str(address.ipv4_mapped)
            return str(ipaddress.IPv6Network(f"{address}/64", strict=False).network_address)
        return str(address)
    return None


# --- counting ---------------------------------------------------------------------------------

def _digest(ident: str) -> str:
    # Keys stay short and hold no address, e-mail or tracking number in clear (Redis keys are listable).
    return hashlib.sha256(ident.encode()).hexdigest()[:32]


def _add(key: str, delta: int, timeout: int) -> int:
    try:
        return cache.incr(key, delta)
    except ValueError:  # first request of this bucket
        if cache.add(key, delta, timeout):
            return delta
        return cache.incr(key, delta)  # another process created it a moment ago


@dataclass
class Ticket:
    """The answer for one request: allowed, or refused with the seconds until a slot frees up.
    An allowed ticket can be handed back (``refund``) when the request turns out not to count."""

    allowed: bool
    retry_after: int = 0
    _key: str | None = field(default=None, repr=False)

    def refund(self) -> None:
        if self._key is not None:
            key, self._key = self._key, None
            with contextlib.suppress(ValueError):  # the bucket expired meanwhile: nothing to give back
                cache.incr(key, -1)


def hit(scope: str, ident: str, rate: str | tuple[int, int] | None = None) -> Ticket:
    """Take one slot of ``scope`` for ``ident`` (an address, an e-mail, a tracking number…).
    ``rate`` defaults to the scope's configured rate; no rate means no limit."""
    rate = rate if rate is not None else rate_for(scope)
    if rate is None:
        return Ticket(True)
    limit, window = parse_rate(rate) if isinstance(rate, str) else rate
    span = window / BUCKETS
    now = _now()
    current = int(now // span)
    base = f"rl:{scope}:{window}:{_digest(ident)}"
    keys = [f"{base}:{bucket}" for bucket in range(current - BUCKETS, current + 1)]
    mine = _add(keys[-1], 1, math.ceil(window + span) + 1)
    earlier = cache.get_many(keys[:-1])
    counts = [int(earlier.get(key, 0)) for key in keys[:-1]]
    if sum(counts) + mine <= limit:
        return Ticket(True, 0, keys[-1])
    Ticket(True, 0, keys[-1]).refund()  # a refused request does not count
    counts.append(mine - 1)
    return Ticket(False, _retry_after(counts, current, span, now, limit))


def _retry_after(counts: list[int], current: int, span: float, now: float, limit: int) -> int:
    """Seconds until the oldest buckets have left the window enough for one more request."""
    remaining, free_at = sum(counts), now
    first = current - BUCKETS
    for offset, count in enumerate(counts):
        if remaining < limit:
            break
        remaining -= count
        free_at = (first + offset + BUCKETS + 1) * span  # when that bucket stops being counted
    return max(1, math.ceil(free_at - now))


def check(request: HttpRequest, rules: Iterable[tuple[str, str | None]]) -> Ticket:
    """Take a slot in every ``(scope, ident)`` rule (an ident of None skips its rule). If one
    refuses, the slots already taken are handed back: a refused request costs nothing."""
    taken: list[Ticket] = []
    for scope, ident in rules:
        if ident is None:
            continue
        ticket = hit(scope, ident)
        if not ticket.allowed:
            for earlier in taken:
                earlier.refund()
            return ticket
        taken.append(ticket)
    return Ticket(True)


# --- answers ----------------------------------------------------------------------------------

def wait_text(seconds: int) -> str:
    """``"3 menit"`` / ``"45 detik"`` / ``"2 jam"``: how long to wait, rounded up."""
    if seconds < 60:
        return ngettext("%(n)d detik", "%(n)d detik", seconds) % {"n": seconds}
    if seconds < 3600:
        minutes = math.ceil(seconds / 60)
        return ngettext("%(n)d menit", "%(n)d menit", minutes) % {"n": minutes}
    hours = math.ceil(seconds / 3600)
    return ngettext("%(n)d jam", "%(n)d jam", hours) % {"n": hours}


def too_many_requests(request: HttpRequest, retry_after: int, message: str | None = None) -> HttpResponse:
    """429 with Retry-After: the API's error JSON under /api/, a page elsewhere."""
    message = message or _("Terlalu banyak permintaan dari jaringan Anda. Coba lagi dalam %(wait)s.") % {
        "wait": wait_text(retry_after)}
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"error": {"code": "throttled", "message": message, "fields": {}}}, status=429)
    else:
        response = render(request, "core/too_many_requests.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def limit_posts(*rules: tuple[str, Callable[[HttpRequest], str | None]]) -> Callable:
    """View decorator: a POST takes a slot in each ``(scope, ident_of(request))`` rule first and
    gets the 429 page when one is used up. GETs (showing the form) are never limited."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST":
                ticket = check(request, [(scope, ident_of(request)) for scope, ident_of in rules])
                if not ticket.allowed:
                    return too_many_requests(request, ticket.retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def by_address(request: HttpRequest) -> str:
    return client_address(request) or "unknown"


# --- DRF --------------------------------------------------------------------------------------

_IMPORTED_RATES = SimpleRateThrottle.THROTTLE_RATES


class SharedRateThrottle(SimpleRateThrottle):
    """A DRF throttle on the shared, atomic counters above. The rate is DRF's usual
    ``THROTTLE_RATES[scope]``; subclasses say whom to count (``get_cache_key`` returns the ident)."""

    _wait = 0

    def get_rate(self) -> str | None:
        # DRF copies the rates into the class when it is imported; read the settings of the moment
        # (override_settings in tests, a reload) unless a test has patched the class's own copy.
        rates = cast("dict[str, str | None]", self.THROTTLE_RATES if self.THROTTLE_RATES is not _IMPORTED_RATES
                     else api_settings.DEFAULT_THROTTLE_RATES)
        scope = str(self.scope)
        if scope not in rates:
            raise ImproperlyConfigured(f"No rate for throttle scope {scope!r} in DEFAULT_THROTTLE_RATES")
        return rates[scope]

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        ident = self.get_cache_key(request, view)
        if ident is None:
            return True
        ticket = hit(str(self.scope), ident, (self.num_requests, self.duration))  # type: ignore[attr-defined]
        self._wait = ticket.retry_after
        return ticket.allowed

    def wait(self) -> float | None:
        return self._wait or None


class IPRateThrottle(SharedRateThrottle):
    """Per-client-address rate for public endpoints; subclasses set ``scope`` (a key of
    REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])."""

    def get_cache_key(self, request, view) -> str:
        return by_address(request)
