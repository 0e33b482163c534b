import pytest
from django.core import mail
from django.db import transaction

from balai.notifications.models import Delivery, Notification, Preference, SandboxMessage
from balai.notifications.registry import register_event
from balai.notifications.services import notify

pytestmark = pytest.mark.django_db
CTX = {"name": "Siti", "nik": "3578010101900001", "url": "/lacak/ABC/"}


def test_email_is_sent_once_per_key_and_masks_the_nik(commit, make_citizen, daytime):
    user = make_citizen()
    mail.outbox.clear()
    for _ in range(3):
        with transaction.atomic(), commit():
            notify("tests.ping", recipient=user, context=CTX, key="k1")
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "3578010101900001" not in body and "357801" in body
    assert "http://" in body and "/lacak/ABC/" in body
    d = Delivery.objects.get()
    assert (d.channel, d.status) == ("email", "sent")
    assert "3578010101900001" not in str(Notification.objects.get().context)


def test_nothing_leaves_when_the_caller_rolls_back(commit, make_citizen, daytime):
    user = make_citizen()
    mail.outbox.clear()
    with commit(), pytest.raises(RuntimeError), transaction.atomic():
        notify("tests.ping", recipient=user, context=CTX, key="k1")
        raise RuntimeError
    assert not mail.outbox and not Notification.objects.exists()


def test_language_preference_picks_the_english_text(commit, make_citizen, daytime):
    user = make_citizen()
    mail.outbox.clear()
    Preference.objects.create(user=user, language="en", channels=["email"], opted_out=[])
    with commit():
        notify("tests.ping", recipient=user, context=CTX, key="k1")
    assert mail.outbox[0].subject == "Test Siti"


def test_opt_out_skips_but_a_required_notice_is_sent(commit, make_citizen, daytime):
    user = make_citizen()
    mail.outbox.clear()
    Preference.objects.create(user=user, channels=["email"], opted_out=["applications"])
    with commit():
        assert notify("tests.ping", recipient=user, context=CTX, key="a").skipped == "opted_out"
    with commit():
        notify("tests.required", recipient=user, context={"name": "Siti"}, key="a")
    assert [m.subject for m in mail.outbox] == ["Wajib"]


def test_missing_placeholder_and_unknown_event_are_programming_errors(commit, make_citizen):
    user = make_citizen()
    mail.outbox.clear()
    with pytest.raises(ValueError):
        notify("tests.ping", recipient=user, context={"name": "x"}, key="a")
    with pytest.raises(LookupError):
        notify("tests.nope", recipient=user, context={}, key="a")


def test_registration_refuses_unknown_placeholders():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        register_event("tests.bad", "x", category="applications", placeholders=("a",),
                       templates={"email": {"id": "{a} {b}"}})


def test_whatsapp_through_the_sandbox_is_delivered_by_the_signed_report(commit, make_citizen, daytime, demo, with_phone):
    user = make_citizen()
    mail.outbox.clear()
    with_phone(user)
    with commit():
        notify("tests.ping", recipient=user, context=CTX, key="k1")
    wa = Delivery.objects.get(channel="whatsapp")
    assert wa.status == "delivered" and wa.provider == "sandbox"
    assert SandboxMessage.objects.get().to == "+6281234567890"
    assert Delivery.objects.get(channel="email").status == "sent"


def test_unreachable_whatsapp_fails_over_to_sms_then_email(commit, make_citizen, daytime, demo, with_phone):
    user = make_citizen()
    mail.outbox.clear()
    with_phone(user, phone="+6281200000000", channels=("whatsapp",))
    with commit():
        notify("tests.ping", recipient=user, context=CTX, key="k1")
    rows = {d.channel: d for d in Delivery.objects.all()}
    assert rows["whatsapp"].status == "failed" and "jangkau" in rows["whatsapp"].reason
    assert rows["sms"].status == "failed" and rows["sms"].failover_of == rows["whatsapp"]
    assert rows["email"].status == "sent" and rows["email"].failover_of == rows["sms"]
    assert len(mail.outbox) == 1
