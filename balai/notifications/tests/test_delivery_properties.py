"""Any interleaving of worker runs (the same task twice, the dispatcher racing the outbox),
temporary and permanent provider failures, crashes between hand-over and commit, delivery reports
and time passing: each notification reaches each channel at most once, and at least one channel
unless every channel it could use failed."""

import contextlib
import itertools
from datetime import timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balai.notifications import delivery
from balai.notifications.models import Delivery, Preference
from balai.notifications.services import notify

pytestmark = pytest.mark.django_db
KEYS = itertools.count()

OUTCOMES = st.lists(st.sampled_from(["ok", "temp", "perm", "crash"]), min_size=1, max_size=8)
STEP = st.one_of(
    st.tuples(st.just("send"), st.integers(0, 5)),  # a worker runs one delivery's task (maybe again)
    st.tuples(st.just("dispatch"), st.just(0)),  # the periodic dispatcher
    st.tuples(st.just("wait"), st.integers(1, 7200)),  # seconds pass
    st.tuples(st.just("report"), st.integers(0, 5)),  # the gateway reports delivered or failed
    st.tuples(st.just("repeat"), st.just(0)),  # the caller's event is retried
)


@pytest.fixture
def person(make_citizen):
    user = make_citizen(username="prop")
    Preference.objects.create(user=user, phone="+6281234567890", phone_verified_at="2026-01-01T00:00:00Z",
                              channels=["email", "sms", "whatsapp"], opted_out=[])
    return user


def _run(step, arg, notification, clock, scripted, person, report_failed):
    rows = list(Delivery.objects.filter(notification=notification).order_by("id"))
    if step == "send" and rows:
        # the worker died; the outbox row's savepoint is rolled back, the row stays and runs again
        with contextlib.suppress(SystemError), transaction.atomic():
            delivery.send(rows[arg % len(rows)].pk)
    elif step == "dispatch":
        with contextlib.suppress(SystemError):
            delivery.dispatch_due()
    elif step == "wait":
        clock.now += timedelta(seconds=arg)
    elif step == "report":
        sent = [d for d in rows if d.status == "sent"]
        if sent:
            d = sent[arg % len(sent)]
            delivery.record_status(d.provider, d.provider_ref, "failed" if report_failed else "delivered", "bounce")
    elif step == "repeat":
        notify("tests.ping", recipient=person, context={"name": "A", "nik": "-", "url": "/"}, key=notification.key)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(wa=OUTCOMES, sms=OUTCOMES, email=OUTCOMES, steps=st.lists(STEP, max_size=25), report_failed=st.booleans())
def test_at_most_once_per_channel_and_at_least_once_unless_all_failed(
        person, scripted, clock, wa, sms, email, steps, report_failed):
    key = next(KEYS)  # a new event each example (hypothesis examples share the test's database)
    scripted.script = {"whatsapp": list(wa), "sms": list(sms), "email": list(email)}
    scripted.accepted.clear()
    notification = notify("tests.ping", recipient=person, context={"name": "A", "nik": "-", "url": "/"}, key=str(key))
    for step, arg in steps:
        _run(step, arg, notification, clock, scripted, person, report_failed)
    for _ in range(60):  # then the workers keep going until nothing is left to do
        clock.now += timedelta(hours=3)
        for d in Delivery.objects.filter(notification=notification, status="queued"):
            with contextlib.suppress(SystemError), transaction.atomic():
                delivery.send(d.pk)
    rows = list(Delivery.objects.filter(notification=notification))
    assert not [d for d in rows if d.status == "queued"] or all(
        scripted.script[c][-1] == "crash" for c in {d.channel for d in rows if d.status == "queued"})

    # at most once per channel: one delivery row per channel, one distinct message per channel
    channels = [d.channel for d in rows]
    assert len(channels) == len(set(channels))
    refs = {f"balai-n{d.pk}": d.channel for d in rows}
    per_channel: dict[str, int] = {}
    for ref, (channel, _to) in scripted.accepted.items():
        if ref in refs:
            per_channel[channel] = per_channel.get(channel, 0) + 1
    assert all(n <= 1 for n in per_channel.values())

    # at least once on some channel unless every channel failed
    reached = [d for d in rows if d.status in ("sent", "delivered")]
    stuck = [d for d in rows if d.status == "queued"]  # only a provider that crashes forever
    if not reached and not stuck:
        assert {d.channel for d in rows} == {"whatsapp", "sms", "email"}
        assert all(d.status == "failed" for d in rows)
    # a sent or delivered delivery was accepted by the provider
    for d in reached:
        assert f"balai-n{d.pk}" in scripted.accepted
