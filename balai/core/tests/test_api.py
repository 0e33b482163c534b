import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_nik_parse_golden(client):
    r = client.post("/api/nik/parse", {"nik": "3578084512990001"}, content_type="application/json")
    assert r.status_code == 200
    assert r.json() == {
        "valid": True,
        "province": {"code": "35", "name": "Jawa Timur"},
        "regency": {"code": "35.78", "name": "Kota Surabaya"},
        "district": {"code": "35.78.08", "name": "Gubeng"},
        "birth_date": "1999-12-05", "sex": "F", "serial": "0001", "warnings": [],
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("nik", "code"), [("123", "length"), ("3578084512990000", "serial_zero"),
                                           ("3578083212990001", "invalid_date")])
def test_nik_parse_errors_are_422_with_codes(client, nik, code):
    r = client.post("/api/nik/parse", {"nik": nik}, content_type="application/json")
    assert r.status_code == 422
    body = r.json()["error"]
    assert body["code"] == code
    assert code in [e["code"] for e in body["fields"]["nik"]]


@pytest.mark.django_db
def test_nik_parse_bad_body_is_400_with_field(client):
    r = client.post("/api/nik/parse", {"number": "x"}, content_type="application/json")
    assert r.status_code == 400
    assert "nik" in r.json()["error"]["fields"]


@pytest.mark.django_db
def test_nik_parse_is_rate_limited(client, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, "nik_parse": "3/min"}
    try:
        codes = [client.post("/api/nik/parse", {"nik": "3578084512990001"},
                             content_type="application/json").status_code for _ in range(4)]
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original
    assert codes == [200, 200, 200, 429]


@pytest.mark.django_db
def test_rate_limit_is_not_escaped_by_a_forged_x_forwarded_for(client):
    """Per-IP rates key on the connecting address; a client that sends a new X-Forwarded-For with
    every request is still one client (DRF's default would key on the raw header)."""
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, "nik_parse": "3/min"}
    try:
        codes = [client.post("/api/nik/parse", {"nik": "3578084512990001"}, content_type="application/json",
                             HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(4)]
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original
    assert codes == [200, 200, 200, 429]


def test_client_address_behind_the_production_proxy(settings):
    """Behind one trusted proxy (production), the address that proxy appended counts."""
    from django.test import RequestFactory

    from balai.core.api import IPRateThrottle

    class Public(IPRateThrottle):
        scope = "public"

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9", REMOTE_ADDR="10.0.0.2")
    assert Public().get_ident(request) == "203.0.113.9"


def test_audit_context_records_the_same_client_address_as_the_throttles(settings):
    from django.test import RequestFactory

    from balai.core.middleware import client_ip

    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9", REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == "10.0.0.2"  # no trusted proxy: the header is the client's own words
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    assert client_ip(request) == "203.0.113.9"  # the address the proxy appended, not the forged one
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"


@pytest.mark.django_db
def test_healthz_ok(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_503_when_database_is_down(client, monkeypatch):
    from django.db import OperationalError

    def fail(*args, **kwargs):
        raise OperationalError("database is down")

    monkeypatch.setattr("balai.core.views.connection.cursor", fail)
    r = client.get("/healthz")
    assert r.status_code == 503 and r.json()["database"] == "unavailable"


def test_openapi_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert (tmp_path / "schema.yaml").stat().st_size > 1000


@pytest.mark.django_db
def test_docs_served_offline(client):
    r = client.get("/api/docs/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "cdn" not in html.lower() and "/static/drf_spectacular_sidecar/" in html


@pytest.mark.django_db
def test_request_id_echoed(client):
    r = client.get("/healthz", HTTP_X_REQUEST_ID="abc12345-req")
    assert r["X-Request-ID"] == "abc12345-req"
    assert len(client.get("/healthz", HTTP_X_REQUEST_ID="bad id!")["X-Request-ID"]) == 32
