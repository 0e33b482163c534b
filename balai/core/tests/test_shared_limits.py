"""Rate limits hold across processes (balai.core.throttling, balai.core.cache, settings.CACHES)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.test import RequestFactory

from balai.core import throttling
from balai.core.cache import CACHE_TABLE, DatabaseCache

ROOT = Path(__file__).resolve().parents[3]

# One process of the test below: the real settings (no pytest in the process), a Django test client,
# `n` calls of a rate-limited endpoint once the start file appears; prints the status codes.
WORKER = textwrap.dedent("""
    import json, os, sys, time
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.settings")
    import django
    django.setup()
    from django.test import Client
    start, n = sys.argv[1], int(sys.argv[2])
    client = Client()
    client.get("/healthz")  # warm up (imports, the database connection) before the race
    print("ready", flush=True)
    while not os.path.exists(start):
        time.sleep(0.002)
    codes = [client.post("/api/nik/parse", {"nik": "3578084512990001"},
                         content_type="application/json").status_code for _ in range(n)]
    print(json.dumps(codes), flush=True)
""")


@pytest.fixture(scope="module")
def embedded_var(tmp_path_factory):
    """A fresh embedded-default installation: SQLite file in its own var/, migrated (the
    migrations create the cache table)."""
    var = tmp_path_factory.mktemp("embedded")
    env = _env(var)
    subprocess.run([sys.executable, "-m", "balai", "migrate", "--noinput", "-v0"], env=env, cwd=ROOT,
                   check=True, timeout=300, capture_output=True)
    return var


def _env(var: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_URL", "CACHE_URL", "REDIS_URL", "CACHE_KEY_PREFIX", "DJANGO_SETTINGS_MODULE"}
           and not key.startswith(("PYTEST", "THROTTLE_"))}
    return {**env, "BALAI_VAR_DIR": str(var), "THROTTLE_NIK_PARSE": "30/min", **extra}


def _race(env: dict[str, str], tmp_path: Path, processes: int = 2, each: int = 30) -> list[list[int]]:
    start = tmp_path / f"go-{uuid.uuid4().hex}"
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, str(start), str(each)], env=env, text=True, cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(processes)]
    try:
        for worker in workers:
            assert worker.stdout.readline().strip() == "ready", worker.stderr.read()
        start.touch()  # both processes fire at once
        results = []
        for worker in workers:
            out, err = worker.communicate(timeout=120)
            assert worker.returncode == 0, err
            results.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
    return results


def test_two_processes_share_one_limit_on_the_embedded_default(embedded_var, tmp_path):
    """Two gunicorn workers are two processes: "30/min" must be 30 across both, not 30 each —
    even when both count at the same moment (atomic increments in the database cache)."""
    results = _race(_env(embedded_var), tmp_path)
    assert sum(code == 200 for codes in results for code in codes) == 30
    assert sum(code == 429 for codes in results for code in codes) == 30


def _redis_url() -> str | None:
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001 - no Redis here: the test is skipped
        return None
    return url


def test_two_processes_share_one_limit_on_redis(embedded_var, tmp_path):
    url = _redis_url()
    if url is None:
        pytest.skip("no Redis reachable")
    # a key prefix of its own: nothing else in that Redis database is read, written or flushed
    env = _env(embedded_var, CACHE_URL=url, CACHE_KEY_PREFIX=f"balai-test-{uuid.uuid4().hex}")
    results = _race(env, tmp_path)
    assert sum(code == 200 for codes in results for code in codes) == 30


# --- the database cache ------------------------------------------------------------------------

@pytest.fixture
def db_cache(db):
    cache = DatabaseCache(CACHE_TABLE, {})
    cache.clear()
    yield cache
    cache.clear()


def test_database_cache_table_comes_from_the_migrations(db):
    assert CACHE_TABLE in connection.introspection.table_names()


def test_database_cache_incr_keeps_value_type_and_expiry(db_cache):
    assert db_cache.add("k", 5, timeout=60)
    assert db_cache.incr("k") == 6
    assert db_cache.incr("k", -2) == 4 and db_cache.decr("k") == 3
    assert db_cache.get("k") == 3
    with pytest.raises(ValueError):
        db_cache.incr("missing")
    db_cache.set("old", 1, timeout=-1)  # already expired
    with pytest.raises(ValueError):
        db_cache.incr("old")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks under concurrency: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_database_cache_increments_from_many_threads_all_count():
    from .threads import at_once

    cache = DatabaseCache(CACHE_TABLE, {})
    cache.clear()
    cache.add("n", 0, timeout=60)

    def bump():
        for _ in range(25):
            cache.incr("n")

    at_once(bump, 8)
    assert cache.get("n") == 200  # Django's own incr (read, then write) loses some of these
    cache.clear()


# --- the window ----------------------------------------------------------------------------------

@pytest.fixture
def clock(monkeypatch):
    now = {"t": 1_000_000.0}
    monkeypatch.setattr(throttling, "_now", lambda: now["t"])
    return now


def test_never_more_than_the_rate_in_any_window_and_refusals_do_not_count(clock):
    allowed_at = []
    for _ in range(600):  # one try every 2 s for 20 minutes against 5/min
        clock["t"] += 2
        if throttling.hit("t", "client", "5/min").allowed:
            allowed_at.append(clock["t"])
    for i, t in enumerate(allowed_at):
        assert sum(1 for u in allowed_at[i:] if u < t + 60) <= 5
    # hammering does not starve the client: about 5 a minute keep getting through
    assert len(allowed_at) >= 5 * 20 * 6 // 7


def test_retry_after_says_when_the_next_try_passes(clock):
    for _ in range(3):
        assert throttling.hit("t", "c", "3/min").allowed
    refused = throttling.hit("t", "c", "3/min")
    assert not refused.allowed and 60 <= refused.retry_after <= 70
    clock["t"] += refused.retry_after - 1
    assert not throttling.hit("t", "c", "3/min").allowed
    clock["t"] += 1
    assert throttling.hit("t", "c", "3/min").allowed


def test_one_ident_does_not_use_up_another(clock):
    for _ in range(3):
        throttling.hit("t", "a", "3/min")
    assert not throttling.hit("t", "a", "3/min").allowed
    assert throttling.hit("t", "b", "3/min").allowed
    assert throttling.hit("other", "a", "3/min").allowed


def test_a_refunded_slot_is_free_again(clock):
    tickets = [throttling.hit("t", "c", "2/min") for _ in range(2)]
    tickets[0].refund()
    tickets[0].refund()  # twice is once
    assert throttling.hit("t", "c", "2/min").allowed
    assert not throttling.hit("t", "c", "2/min").allowed


# --- the client's address --------------------------------------------------------------------------

def _request(**meta):
    return RequestFactory().get("/", **meta)


def test_client_address_ignores_a_forged_forwarded_for_without_a_trusted_proxy(settings):
    assert throttling.client_address(_request(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")) == "10.0.0.2"


def test_client_address_behind_one_trusted_proxy(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    request = _request(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9")
    assert throttling.client_address(request) == "203.0.113.9"  # what our proxy appended, not the client's words
    garbage = _request(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-address")
    assert throttling.client_address(garbage) == "10.0.0.2"


def test_an_ipv6_client_is_one_client_per_64():
    a = throttling.client_address(_request(REMOTE_ADDR="2001:db8:1:2::1"))
    b = throttling.client_address(_request(REMOTE_ADDR="2001:db8:1:2:ffff:1:2:3"))
    assert a == b == "2001:db8:1:2::"
    assert throttling.client_address(_request(REMOTE_ADDR="2001:db8:1:3::1")) != a
    assert throttling.client_address(_request(REMOTE_ADDR="::ffff:192.0.2.1")) == "192.0.2.1"


def test_wait_text_in_indonesian():
    assert throttling.wait_text(45) == "45 detik"
    assert throttling.wait_text(61) == "2 menit"
    assert throttling.wait_text(3599) == "60 menit"
    assert throttling.wait_text(3600) == "1 jam"
    assert throttling.wait_text(3601) == "2 jam"


@pytest.mark.django_db
def test_api_throttle_answer_is_indonesian_with_retry_after(client):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, "nik_parse": "1/min"}
    try:
        client.post("/api/nik/parse", {"nik": "3578084512990001"}, content_type="application/json")
        refused = client.post("/api/nik/parse", {"nik": "3578084512990001"}, content_type="application/json")
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 70
    body = refused.json()["error"]
    assert body["code"] == "throttled" and body["message"].startswith("Terlalu banyak permintaan")
    assert "Expected" not in body["message"]


def _views(patterns):
    from django.urls import URLPattern, URLResolver

    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _views(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            yield entry.callback


def test_every_api_throttle_counts_on_the_shared_atomic_counters():
    """DRF's own throttles read, append and write back a list: two workers at the same moment both
    take the last slot. Every throttle a route uses must count with balai.core.throttling."""
    from django.urls import get_resolver
    from rest_framework.settings import api_settings

    from balai.documents.views import UploadThrottle

    classes = {UploadThrottle, *api_settings.DEFAULT_THROTTLE_CLASSES}
    for callback in _views(get_resolver().url_patterns):
        view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        classes.update(getattr(view_class, "throttle_classes", ()) or ())
    shared = [c for c in classes if not issubclass(c, throttling.SharedRateThrottle)]
    assert shared == [], f"throttles counting outside the shared atomic counters: {shared}"
