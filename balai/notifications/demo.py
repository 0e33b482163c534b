"""Demo data (``balai seed_demo``, demo mode): the demo citizens get a verified phone number (from
their account's ``phone``, normalised) and WhatsApp + e-mail as channels, before the other
seeders run, so the notices of the demo cases and bills land in the sandbox inbox
(/sandbox-notify/); afterwards the day's reminders are sent (vehicle tax due, STNK expiring)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import conf
from .contacts import ContactError, normalise_phone
from .models import Channel, Preference, SandboxMessage


def seed_preferences(accounts: list[dict]) -> list[str]:
    if not conf.demo_mode():
        return ["not in demo mode: no sandbox phone numbers"]
    User = get_user_model()  # noqa: N806
    done = 0
    for user in User.objects.filter(username__in=[a["username"] for a in accounts], citizen__isnull=False):
        try:
            phone = normalise_phone(user.phone or "081234567890")
        except ContactError:
            continue
        Preference.objects.update_or_create(user=user, defaults={
            "phone": phone, "phone_verified_at": timezone.now(),
            "channels": [Channel.EMAIL, Channel.WHATSAPP]})
        done += 1
    return [f"{done} demo citizens reachable on WhatsApp (sandbox)"]


def seed_notifications(accounts: list[dict]) -> list[str]:
    if not conf.demo_mode():
        return []
    from .reminders import run

    result = run(cap=200, progress_bar=False)
    return [f"reminders: {result.notified} sent, {result.seen} seen",
            f"sandbox inbox: {SandboxMessage.objects.count()} messages at /sandbox-notify/"]
