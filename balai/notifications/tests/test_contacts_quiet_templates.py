from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from balai.notifications.contacts import (
    ContactError,
    confirm_phone,
    normalise_phone,
    start_phone_verification,
)
from balai.notifications.models import Delivery, SandboxMessage
from balai.notifications.quiet import allowed_from, is_quiet
from balai.notifications.registry import get_event
from balai.notifications.rendering import render, sms_segments
from balai.notifications.services import notify, save_template

JKT = ZoneInfo("Asia/Jakarta")


@pytest.mark.parametrize("raw", ["081234567890", "0812-3456-7890", "+62 812 3456 7890", "6281234567890",
                                 "(0812) 3456.7890"])
def test_indonesian_forms_become_e164(raw):
    assert normalise_phone(raw) == "+6281234567890"


@pytest.mark.parametrize("raw", ["", "12345", "812345678901", "+6581234567", "0812345", "08abc4567890",
                                 "+1 650 253 0000", "0211234567"])  # 021…: a Jakarta landline, not a mobile
def test_anything_else_is_a_field_error(raw):
    with pytest.raises(ContactError) as exc:
        normalise_phone(raw)
    assert "phone" in exc.value.fields


def jkt(h, m=0, day=2):
    return datetime(2026, 3, day, h, m, tzinfo=JKT)


@pytest.mark.parametrize("moment, expected", [
    (jkt(20, 59), jkt(20, 59)),  # before 21:00: now
    (jkt(21, 0), jkt(7, 0, day=3)),  # evening: the next morning
    (jkt(23, 30), jkt(7, 0, day=3)),
    (jkt(0, 30, day=3), jkt(7, 0, day=3)),  # after midnight: the same morning
    (jkt(6, 59, day=3), jkt(7, 0, day=3)),
    (jkt(7, 0, day=3), jkt(7, 0, day=3)),
])
def test_quiet_hours_across_midnight(moment, expected):
    assert allowed_from("sms", moment) == expected
    assert allowed_from("whatsapp", moment) == expected
    assert allowed_from("email", moment) == moment  # e-mail has no quiet hours


@given(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(JKT)))
def test_quiet_hours_property(moment):
    when = allowed_from("sms", moment)
    assert when >= moment and not is_quiet(when)
    assert (when - moment).total_seconds() <= 10 * 3600
    assert when == moment or when.astimezone(JKT).hour == 7 and when.minute == 0


@pytest.mark.django_db
def test_whatsapp_at_night_waits_for_the_morning_email_goes_now(commit, make_citizen, demo, with_phone, clock):
    from balai.notifications.delivery import dispatch_due

    clock.now = jkt(22, 15)
    user = make_citizen()
    with_phone(user)
    with commit():
        notify("tests.ping", recipient=user, context={"name": "A", "nik": "-", "url": "/"}, key="night")
    wa = Delivery.objects.get(channel="whatsapp")
    assert wa.status == "queued" and wa.next_attempt_at == jkt(7, 0, day=3)
    assert Delivery.objects.get(channel="email").status == "sent"
    clock.now = jkt(6, 59, day=3)
    assert dispatch_due() == 0
    clock.now = jkt(7, 1, day=3)
    with commit():
        assert dispatch_due() == 1
    assert Delivery.objects.get(channel="whatsapp").status == "delivered"


@pytest.mark.django_db
def test_phone_otp_through_the_sandbox(commit, make_citizen, demo):
    user = make_citizen()
    with commit():
        start_phone_verification(user, "0812 1111 2222", "whatsapp")
    body = SandboxMessage.objects.get(to="+6281211112222").body
    code = next(word.rstrip(".") for word in body.split() if word.rstrip(".").isdigit() and len(word.rstrip(".")) == 6)
    with pytest.raises(ContactError):
        confirm_phone(user, "000000" if code != "000000" else "111111")
    pref = confirm_phone(user, code)
    assert pref.phone == "+6281211112222" and pref.phone_verified_at is not None
    assert "whatsapp" in pref.channels
    with pytest.raises(ContactError):  # a code works once
        confirm_phone(user, code)


def test_sms_segments():
    assert sms_segments("a" * 160) == (1, "GSM-7")
    assert sms_segments("a" * 161) == (2, "GSM-7")
    assert sms_segments("a" * 306) == (2, "GSM-7") and sms_segments("a" * 307) == (3, "GSM-7")
    assert sms_segments("€" * 80) == (1, "GSM-7") and sms_segments("€" * 81) == (2, "GSM-7")  # 2 units each
    assert sms_segments("ş" * 70) == (1, "UCS-2") and sms_segments("ş" * 71) == (2, "UCS-2")


@pytest.mark.django_db
def test_templates_are_versioned_and_refuse_unknown_placeholders():
    event = get_event("tests.ping")
    with pytest.raises(ValueError):
        save_template(event=event, channel="sms", language="id", body="Halo {nama}")
    first = save_template(event=event, channel="sms", language="id", body="V1 {name}")
    second = save_template(event=event, channel="sms", language="id", body="V2 {name} {url}")
    assert (first.version, second.version) == (1, 2)
    text = render(event, "sms", "id", {"name": "Siti", "url": "u"})
    assert (text.body, text.version) == ("V2 Siti u", 2)
    assert render(event, "whatsapp", "id", {"name": "Siti", "url": "u"}).body == "V2 Siti u"  # SMS text borrowed
