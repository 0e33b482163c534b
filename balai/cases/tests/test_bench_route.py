"""The bench's bare view is routed by the one setting both benches use (``BENCH_URLS``, from
``BALAI_BENCH_URLS``), never by an environment variable read in a URLconf."""

import importlib

import pytest
from django.test import override_settings


def _bench_routed() -> bool:
    from balai.cases import urls

    importlib.reload(urls)
    try:
        return any(getattr(p, "name", None) == "bench-bare" for p in urls.urlpatterns)
    finally:
        with override_settings(BENCH_URLS=False):
            importlib.reload(urls)


@pytest.mark.parametrize("on", [True, False])
def test_bench_view_follows_the_setting(on, monkeypatch):
    monkeypatch.delenv("BALAI_BENCH", raising=False)
    with override_settings(BENCH_URLS=on):
        assert _bench_routed() is on
