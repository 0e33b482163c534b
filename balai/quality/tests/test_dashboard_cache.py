"""The public dashboard's figures are kept between refreshes (quality.dashboard_cache): a second
visit reads no summary table, a refresh run shows at once, and each language has its own."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from balai.cases.models import Office, Service
from balai.quality.models import CaseMonthStat, RefreshMark

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.QUALITY_DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def _visit(client, language="id"):
    client.cookies["django_language"] = language
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/dasbor/")
    assert response.status_code == 200
    summary = [q["sql"] for q in queries.captured_queries if "quality_casemonthstat" in q["sql"]]
    return response.context["current"].received, bool(summary), response.content.decode()


def test_figures_are_kept_until_the_next_refresh(client, cached):
    office = Office.objects.get_or_create(unit_type="other", regency_code="3578",
                                          defaults={"name": "Kantor uji dasbor"})[0]
    service = Service.objects.order_by("pk").first()
    received, reads, _page = _visit(client)
    assert reads
    stat = CaseMonthStat.objects.create(period=timezone.localdate().replace(day=1), office=office, service=service,
                                        regency_code=office.regency_code, received=7)
    assert _visit(client)[:2] == (received, False)  # kept: no summary table read
    mark, _created = RefreshMark.objects.get_or_create(name="cases")
    RefreshMark.objects.filter(pk=mark.pk).update(last_id=mark.last_id + 1, refreshed_at=timezone.now())
    assert _visit(client)[:2] == (received + 7, True)  # a refresh run: read again
    stat.delete()


def test_each_language_has_its_own_figures(client, cached):
    _visit(client, "id")
    _received, reads, page = _visit(client, "en")
    assert reads and "Applications received per month" in page


def test_off_by_default_under_tests(client, settings):
    assert not hasattr(settings, "QUALITY_DASHBOARD_CACHE_SECONDS")
    assert _visit(client)[1] and _visit(client)[1]
