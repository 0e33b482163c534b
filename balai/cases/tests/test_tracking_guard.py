"""The per-number lock after repeated wrong tracking PINs (balai.cases.tracking_guard)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def pin_rate(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "tracking_pin": "3/hour"}}


def wrong(pin: str) -> str:
    return "000000" if pin != "000000" else "111111"


def track(number: str, pin: str, n: int):
    # every try from a different address: the per-address rate never applies, only the per-number lock
    return Client().get(f"/api/track/{number}/?pin={pin}", REMOTE_ADDR=f"198.51.100.{n}")


def test_wrong_pins_from_many_addresses_lock_the_number_for_everyone(pin_rate, make_case):
    app = make_case()
    number = app.tracking_number
    assert [track(number, wrong(app.pin), n).status_code for n in range(3)] == [404, 404, 404]
    locked = track(number, app.pin, 10)  # the right PIN, from yet another address
    assert locked.status_code == 429 and locked.json()["error"]["code"] == "tracking_locked"
    assert 3000 <= int(locked["Retry-After"]) <= 4200
    assert "PIN" in locked.json()["error"]["message"]
    # another case is not affected
    other = make_case()
    assert track(other.tracking_number, other.pin, 11).status_code == 200


def test_an_unknown_number_gets_the_same_answers(pin_rate, make_case):
    app = make_case()
    unknown = "1234567890" if app.tracking_number != "1234567890" else "1234567891"
    real = [track(app.tracking_number, wrong(app.pin), n) for n in range(4)]
    fake = [track(unknown, "123456", n + 20) for n in range(4)]
    assert [r.status_code for r in real] == [r.status_code for r in fake] == [404, 404, 404, 429]
    assert real[-1].json() == fake[-1].json() and real[0].json() == fake[0].json()
    assert real[-1]["Retry-After"] == fake[-1]["Retry-After"]


def test_right_pins_do_not_count(pin_rate, make_case):
    app = make_case()
    for n in range(6):
        assert track(app.tracking_number, app.pin, n).status_code == 200
    assert [track(app.tracking_number, wrong(app.pin), n).status_code for n in range(4)] == [404, 404, 404, 429]


def test_the_tracking_page_shows_the_lock(pin_rate, make_case):
    app = make_case()
    for n in range(3):
        Client().post("/lacak", {"nomor": app.tracking_number, "pin": wrong(app.pin)}, REMOTE_ADDR=f"203.0.113.{n}")
    page = Client().post("/lacak", {"nomor": app.tracking_display, "pin": app.pin}, REMOTE_ADDR="203.0.113.50")
    assert page.status_code == 429 and int(page["Retry-After"]) > 3000
    body = page.content.decode()
    assert "dikunci sementara" in body and "Diajukan" not in body
