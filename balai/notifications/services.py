"""Writes of the notifications app. ``notify`` is the one entry point for every app above:

    notify("cases.returned", recipient=user, context={...}, key=case.tracking_number)

called inside the caller's transaction. It records one ``Notification`` per (event, key,
recipient) — a retried or repeated call with the same key returns the existing one and sends
nothing again — and one ``Delivery`` per channel, each sent through ``balai.core.outbox`` (so
nothing leaves if the caller's transaction rolls back). Context values are made JSON-safe and any
NIK/KK number in them is masked before anything is stored or sent.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation

from balai.core.masking import mask_identity_numbers
from balai.core.outbox import enqueue

from . import conf
from .models import Channel, Delivery, Notification, Preference
from .quiet import allowed_from
from .registry import STAFF, Event, get_event
from .rendering import render

SEND_TASK = "balai.notifications.tasks.send_delivery"
FAILOVER_ORDER = (Channel.WHATSAPP, Channel.SMS, Channel.EMAIL)


def _safe(value: Any) -> str:
    if isinstance(value, datetime):
        value = formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    elif isinstance(value, date):
        value = formats.date_format(value, "DATE_FORMAT")
    elif isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:,}".replace(",", ".")
    text = mask_identity_numbers(str(value))
    if text.startswith("/"):  # a site path: a full link for a message read outside the site
        text = conf.site_url() + text
    return text


def clean_context(event: Event, context: dict, language: str) -> dict[str, str]:
    missing = [name for name in event.placeholders if name not in context]
    if missing:
        raise ValueError(f"{event.code}: context lacks {missing}")
    with translation.override(language):
        return {name: _safe(value) for name, value in context.items()}


def preference(user) -> Preference:
    pref = getattr(user, "_notify_preference", None)
    if pref is None:
        pref = Preference.objects.filter(user=user).first() or Preference(user=user, channels=[], opted_out=[])
        user._notify_preference = pref
    return pref


def addresses(user, pref: Preference) -> dict[str, str]:
    """The channels this person can be reached on, with the address of each."""
    out: dict[str, str] = {}
    if user.email:
        out[Channel.EMAIL] = user.email
    if pref.phone and pref.phone_verified_at:
        if conf.whatsapp_provider():
            out[Channel.WHATSAPP] = pref.phone
        if conf.sms_provider():
            out[Channel.SMS] = pref.phone
    return out


def chosen_channels(user, pref: Preference, event: Event) -> list[str]:
    reachable = addresses(user, pref)
    wanted = [c for c in (pref.channels or [Channel.EMAIL, Channel.WHATSAPP]) if c in reachable]
    if event.audience == STAFF and not pref.channels:
        wanted = [c for c in (Channel.EMAIL,) if c in reachable]
    if not wanted and reachable:  # never silent when the person can be reached somehow
        wanted = [next(c for c in reversed(FAILOVER_ORDER) if c in reachable)]
    return [c for c in FAILOVER_ORDER if c in wanted]


def notify(event_code: str, *, recipient, context: dict, key: str) -> Notification:
    """Notify ``recipient`` of ``event_code`` (at most once per (event, key, recipient, channel)).
    Call inside the caller's transaction; returns the Notification (new or the earlier one)."""
    event = get_event(event_code)
    pref = preference(recipient)
    language = pref.language or "id"
    safe = clean_context(event, context, language)
    now = timezone.now()
    try:
        with transaction.atomic():
            notification, created = Notification.objects.get_or_create(
                event=event.code, key=str(key)[:120], recipient=recipient,
                defaults={"category": event.category, "context": safe, "language": language, "created_at": now})
    except IntegrityError:  # the same event committed by a concurrent transaction a moment ago
        return Notification.objects.get(event=event.code, key=str(key)[:120], recipient=recipient)
    if not created:
        return notification
    notification.skipped, channels = plan(event, recipient, pref)
    for channel in channels:
        add_delivery(notification, event, channel, addresses(recipient, pref)[channel], now=now)
    if notification.skipped:
        notification.save(update_fields=["skipped"])
    return notification


def plan(event: Event, recipient, pref: Preference) -> tuple[str, list[str]]:
    """(why nothing is sent — "" when something is —, the channels to send on)."""
    if event.category in (pref.opted_out or []) and not event.required:
        return "opted_out", []
    channels = chosen_channels(recipient, pref, event)
    return ("" if channels else "no_contact"), channels


def build_delivery(notification: Notification, event: Event, channel: str, address: str, *, now: datetime,
                   failover_of: Delivery | None = None) -> Delivery | None:
    """The unsaved queued delivery on ``channel``, its text rendered; None when the event has no
    text for the channel. Held until the morning during quiet hours (``next_attempt_at``)."""
    text = render(event, channel, notification.language, notification.context)
    if text is None:
        return None
    return Delivery(notification=notification, channel=channel, address=address, subject=text.subject[:200],
                    body=text.body, template_version=text.version, next_attempt_at=allowed_from(channel, now),
                    failover_of=failover_of, created_at=now, updated_at=now)


def add_delivery(notification: Notification, event: Event, channel: str, address: str, *, now: datetime,
                 failover_of: Delivery | None = None) -> Delivery | None:
    """A queued delivery and its outbox row (none during quiet hours: the dispatcher sends it in
    the morning). None when the event has no text for the channel."""
    delivery = build_delivery(notification, event, channel, address, now=now, failover_of=failover_of)
    if delivery is None:
        return None
    delivery.save(force_insert=True)
    if delivery.next_attempt_at and delivery.next_attempt_at <= now:
        enqueue(SEND_TASK, robust=True, delivery_id=delivery.pk)
    return delivery


def save_template(*, event: Event, channel: str, language: str, body: str, subject: str = "",
                  whatsapp_template: str = "", by=None):
    """A new version of an event's text (earlier versions stay, for the log of what was sent)."""
    from django.db.models import Max

    from .models import Template
    from .registry import unknown_placeholders

    bad = unknown_placeholders(subject + body, event.placeholders)
    if bad:
        raise ValueError(f"unknown placeholders {bad}")
    with transaction.atomic():
        Template.objects.select_for_update().filter(event=event.code, channel=channel, language=language).exists()
        last = (Template.objects.filter(event=event.code, channel=channel, language=language)
                .aggregate(v=Max("version"))["v"] or 0)
        return Template.objects.create(event=event.code, channel=channel, language=language, version=last + 1,
                                       subject=subject, body=body, whatsapp_template=whatsapp_template,
                                       created_by=by, created_at=timezone.now())
