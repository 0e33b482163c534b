"""Reads of the notifications app."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from .models import Delivery, Notification, SandboxMessage, Template
from .registry import Event, events, get_event


def mine(user, *, limit: int = 100) -> QuerySet[Notification]:
    """A person's own notifications, newest first, with their deliveries."""
    return (Notification.objects.filter(recipient=user)
            .prefetch_related(Prefetch("deliveries", queryset=Delivery.objects.order_by("id")))
            .order_by("-created_at", "-id")[:limit])


def event_summaries() -> list[dict]:
    """Every registered event with its deliveries counted per status (staff overview)."""
    counts: dict[str, dict[str, int]] = {}
    for row in Delivery.objects.values("notification__event", "status").annotate(n=Count("id")):
        counts.setdefault(row["notification__event"], {})[row["status"]] = row["n"]
    return [{"event": e, "counts": counts.get(e.code, {}), "total": sum(counts.get(e.code, {}).values())}
            for e in events()]


def event_or_none(code: str) -> Event | None:
    try:
        return get_event(code)
    except LookupError:
        return None


def event_deliveries(code: str, *, status: str = "", limit: int = 200) -> QuerySet[Delivery]:
    qs = Delivery.objects.filter(notification__event=code).select_related("notification")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")[:limit]


def template_versions(code: str, channel: str, language: str) -> QuerySet[Template]:
    return Template.objects.filter(event=code, channel=channel, language=language).order_by("-version")


def sandbox_inbox(*, limit: int = 200) -> QuerySet[SandboxMessage]:
    return SandboxMessage.objects.order_by("-created_at", "-id")[:limit]


def masked_address(address: str) -> str:
    """An address for a staff list: ``si***@example.id``, ``+62812****7890``."""
    if "@" in address:
        name, _at, domain = address.partition("@")
        return f"{name[:2]}***@{domain}"
    return address[:6] + "****" + address[-4:] if len(address) > 10 else "****"


def personal_data(user) -> dict:
    """UU PDP export: preferences and every notification with its deliveries."""
    from .models import Preference

    pref = Preference.objects.filter(user=user).first()
    return {
        "preferences": None if pref is None else {
            "channels": pref.channels, "language": pref.language, "opted_out": pref.opted_out, "phone": pref.phone,
            "phone_verified_at": pref.phone_verified_at.isoformat() if pref.phone_verified_at else None},
        "notifications": [{
            "event": n.event, "created_at": n.created_at.isoformat(), "skipped": n.skipped,
            "deliveries": [{"channel": d.channel, "address": d.address, "status": d.status, "reason": d.reason,
                            "body": d.body} for d in n.deliveries.all()],
        } for n in Notification.objects.filter(recipient=user).prefetch_related("deliveries").order_by("created_at")],
    }
