"""The public dashboard's figures, kept in the shared cache between two refreshes.

The figures come from summary tables that the refresh task rewrites every few minutes, while the
page is public and may be opened by thousands at once (a news item, a regent's speech). So the
computed figures of one (scope, month, language) are kept in the shared cache (Redis in
production) under a key that includes the refresh marks: a refresh run changes the key, and a
survey answer or complaint (counted at once into their tables) shows within
``QUALITY_DASHBOARD_CACHE_SECONDS`` (default 60; 0 turns the cache off, the default under tests).
Only figures are cached, never a rendered page (which holds the visitor's CSRF token).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Sum
from django.utils.translation import get_language

from .models import RefreshMark


def seconds() -> int:
    return int(getattr(settings, "QUALITY_DASHBOARD_CACHE_SECONDS", 0 if settings.TESTING else 60))


def _marks() -> tuple:
    row = RefreshMark.objects.aggregate(n=Count("id"), ids=Sum("last_id"), at=Max("refreshed_at"))
    return row["n"], row["ids"], row["at"].isoformat() if row["at"] else ""


def figures(parts: tuple, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """``compute()``, or what it gave for the same ``parts`` since the last refresh."""
    ttl = seconds()
    if ttl <= 0:
        return compute()
    raw = repr((_marks(), get_language(), getattr(settings, "DEMO", False), *parts))
    key = "quality:dashboard:" + hashlib.sha256(raw.encode()).hexdigest()[:32]
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, ttl)
    return found
