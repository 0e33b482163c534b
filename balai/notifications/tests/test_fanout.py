"""The reminders' bulk path (``fanout.notify_many``) writes exactly what ``notify`` writes for the
same rows — skipped reasons, channels, texts, outbox rows — and, like it, never twice."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from balai.core.models import OutboxTask
from balai.notifications.fanout import notify_many
from balai.notifications.models import Delivery, Notification, Preference
from balai.notifications.services import notify

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Row:
    event: str
    recipient: object
    context: dict
    key: str


def _people(make_citizen, with_phone, tag):
    plain = make_citizen(username=f"surel{tag}")
    phone = make_citizen(username=f"wa{tag}")
    with_phone(phone)
    out = make_citizen(username=f"tolak{tag}")
    Preference.objects.create(user=out, channels=["email"], opted_out=["applications"])
    english = make_citizen(username=f"en{tag}")
    Preference.objects.create(user=english, channels=["email"], opted_out=[], language="en")
    silent = make_citizen(username=f"bisu{tag}")
    type(silent).objects.filter(pk=silent.pk).update(email="")
    silent.refresh_from_db()
    return [plain, phone, out, english, silent]


def _written(users, key):
    out = []
    for user in users:
        for n in Notification.objects.filter(recipient=user, key=key).order_by("event"):
            deliveries = [(d.channel, d.address, d.subject, d.body, d.status, d.next_attempt_at is not None)
                          for d in n.deliveries.order_by("channel")]
            out.append((n.event, n.category, n.language, n.skipped, sorted(n.context.items()), deliveries))
    return out


def _rows(users, key, event="tests.ping"):
    return [Row(event, user, {"name": user.username, "nik": "3578084512990001", "url": "/lacak/"}, key)
            for user in users]


@pytest.mark.parametrize("hour", [10, 23])  # daytime, and quiet hours (WhatsApp held till morning)
def test_bulk_writes_what_notify_writes(make_citizen, with_phone, demo, monkeypatch, hour):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 3, 2, hour, 0, tzinfo=ZoneInfo("Asia/Jakarta")))
    one_by_one, bulk = _people(make_citizen, with_phone, "a"), _people(make_citizen, with_phone, "b")
    outbox_before = OutboxTask.objects.count()
    for row in _rows(one_by_one, "k") + _rows(one_by_one, "k", "tests.required"):
        notify(row.event, recipient=row.recipient, context=row.context, key=row.key)
    outbox_single = OutboxTask.objects.count() - outbox_before
    assert notify_many(_rows(bulk, "k") + _rows(bulk, "k", "tests.required")) == 10
    outbox_bulk = OutboxTask.objects.count() - outbox_before - outbox_single

    def normalised(users):
        return [(e, c, lang, skipped, [(k, v.replace(u.username, "NAME")) for k, v in ctx],
                 [(ch, "ADDR", s.replace(u.username, "NAME"), b.replace(u.username, "NAME"), st, due)
                  for ch, _a, s, b, st, due in ds])
                for u in users for (e, c, lang, skipped, ctx, ds) in _written([u], "k")]

    assert normalised(bulk) == normalised(one_by_one)
    assert outbox_bulk == outbox_single
    skipped = dict(Notification.objects.filter(recipient__in=bulk, event="tests.ping").values_list(
        "recipient__username", "skipped"))
    assert skipped == {"surelb": "", "wab": "", "tolakb": "opted_out", "enb": "", "bisub": "no_contact"}
    body = Delivery.objects.get(notification__recipient__username="surelb", notification__event="tests.ping").body
    assert "357808******0001" in body and "3578084512990001" not in body  # masked, as notify masks it
    held = Delivery.objects.get(notification__recipient__in=bulk, notification__event="tests.ping", channel="whatsapp")
    assert (held.next_attempt_at <= timezone.now()) == (hour == 10)  # quiet hours: held till the morning


def test_bulk_never_twice_and_skips_what_notify_already_sent(make_citizen, with_phone, demo, daytime):
    users = _people(make_citizen, with_phone, "c")
    first = _rows(users[:2], "k")
    notify(first[0].event, recipient=first[0].recipient, context=first[0].context, key="k")
    assert notify_many(_rows(users, "k") + _rows(users, "k")) == 4  # the repeat in one chunk counts once
    counts = (Notification.objects.count(), Delivery.objects.count(), OutboxTask.objects.count())
    assert notify_many(_rows(users, "k")) == 0
    assert (Notification.objects.count(), Delivery.objects.count(), OutboxTask.objects.count()) == counts
    assert notify_many([]) == 0
