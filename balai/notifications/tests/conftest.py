import pytest
from django.utils import timezone

from balai.notifications.models import Preference
from balai.notifications.registry import Text, register_event


@pytest.fixture(autouse=True)
def _ping_event():
    register_event(
        "tests.ping", "Uji coba", category="applications", placeholders=("name", "nik", "url"),
        templates={"email": {"id": Text("Halo {name}, NIK {nik}: {url}", subject="Uji {name}"),
                             "en": Text("Hello {name}, NIK {nik}: {url}", subject="Test {name}")},
                   "sms": {"id": "Halo {name} {url}", "en": "Hello {name} {url}"}})
    register_event("tests.required", "Wajib", category="applications", required=True, placeholders=("name",),
                   templates={"email": {"id": Text("Wajib {name}", subject="Wajib")}})


@pytest.fixture
def daytime(monkeypatch):
    """10:00 Asia/Jakarta: outside quiet hours."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    fixed = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    monkeypatch.setattr(timezone, "now", lambda: fixed)
    return fixed


@pytest.fixture
def demo(settings):
    settings.DEMO = True
    return settings


@pytest.fixture
def with_phone():
    def give(user, phone="+6281234567890", channels=("email", "whatsapp")):
        return Preference.objects.update_or_create(user=user, defaults={
            "phone": phone, "phone_verified_at": timezone.now(), "channels": list(channels), "opted_out": []})[0]
    return give



@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """``with commit(): notify(...)``: run the outbox's on-commit work at the end of the block, as
    a commit would (fast tests inside the test's transaction)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


class ScriptedProvider:
    """A provider double whose answers are scripted per channel: "ok", "temp", "perm", or "crash"
    (the message is accepted, then the worker dies before its commit). Idempotent on the message
    reference, as the provider interface requires. ``accepted`` records every distinct message."""

    code = "scripted"

    def __init__(self):
        self.script: dict[str, list[str]] = {}
        self.accepted: dict[str, tuple[str, str]] = {}  # ref -> (channel, to)
        self.handovers = 0

    def send(self, message):
        from balai.notifications.providers import PermanentFailure, TemporaryFailure

        self.handovers += 1
        queue = self.script.get(message.channel) or ["ok"]
        outcome = queue.pop(0) if len(queue) > 1 else queue[0]
        if outcome == "temp":
            raise TemporaryFailure("gateway time-out")
        if outcome == "perm":
            raise PermanentFailure("unreachable")
        self.accepted.setdefault(message.ref, (message.channel, message.to))
        if outcome == "crash":
            raise SystemError("worker killed after the hand-over")
        return f"scripted-{message.ref}"


@pytest.fixture
def scripted(settings):
    """Every channel (e-mail too) through one ScriptedProvider, without rate limits."""
    from balai.notifications import delivery, providers

    provider = ScriptedProvider()
    providers.register_provider("scripted", lambda: provider)
    settings.NOTIFY_SMS_PROVIDER = settings.NOTIFY_WHATSAPP_PROVIDER = "scripted"
    settings.NOTIFY_PROVIDER_RATES = {"scripted": None}
    original = delivery.provider_code
    delivery.provider_code = lambda channel: "scripted"
    yield provider
    delivery.provider_code = original


class Clock:
    def __init__(self, start):
        self.now = start

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    c = Clock(datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta")))
    monkeypatch.setattr(timezone, "now", c)
    return c
