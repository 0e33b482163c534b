"""Settings of the notifications app (``getattr(settings, NAME, default)``; environment overrides
read here). Nothing here holds a credential of a real gateway: a real SMS/WhatsApp provider is a
plugin (``providers``) configured by its own environment variables."""

from __future__ import annotations

import os

from django.conf import settings


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def sms_provider() -> str:
    """The SMS provider's code (``providers.register_provider``); "" means no SMS channel.
    Default: the sandbox in demo mode, none otherwise."""
    return getattr(settings, "NOTIFY_SMS_PROVIDER", os.environ.get("NOTIFY_SMS_PROVIDER", "")) or _demo_default()


def whatsapp_provider() -> str:
    return (getattr(settings, "NOTIFY_WHATSAPP_PROVIDER", os.environ.get("NOTIFY_WHATSAPP_PROVIDER", ""))
            or _demo_default())


def _demo_default() -> str:
    return "sandbox" if demo_mode() else ""


def demo_mode() -> bool:
    """Whether the sandbox provider and its inbox may run (read at call time, like the sandbox bank)."""
    return bool(getattr(settings, "DEMO", False)) and not getattr(settings, "PRODUCTION", False)


def rate(provider: str) -> str | None:
    """Per-provider send rate (DRF notation) shared by every worker; None: unlimited."""
    rates = getattr(settings, "NOTIFY_PROVIDER_RATES", {})
    default = {"sandbox": os.environ.get("NOTIFY_SANDBOX_RATE", "6000/min"),
               "email": os.environ.get("NOTIFY_EMAIL_RATE", "600/min")}
    return rates.get(provider, default.get(provider, os.environ.get("NOTIFY_PROVIDER_RATE", "600/min")))


# Tries per channel before the channel counts as failed (then fail-over), and the back-off.
MAX_ATTEMPTS = getattr(settings, "NOTIFY_MAX_ATTEMPTS", {"whatsapp": 4, "sms": 5, "email": 6})
BACKOFF_SECONDS = getattr(settings, "NOTIFY_BACKOFF_SECONDS", (30, 120, 600, 1800, 3600, 7200))
# Quiet hours for SMS and WhatsApp, local time of TIME_ZONE-independent Asia/Jakarta.
QUIET_TIMEZONE = "Asia/Jakarta"
QUIET_START_HOUR = getattr(settings, "NOTIFY_QUIET_START_HOUR", 21)
QUIET_END_HOUR = getattr(settings, "NOTIFY_QUIET_END_HOUR", 7)
OTP_MINUTES = getattr(settings, "NOTIFY_OTP_MINUTES", 10)
OTP_MAX_TRIES = 5
OTP_RATE = getattr(settings, "NOTIFY_OTP_RATE", os.environ.get("NOTIFY_OTP_RATE", "10/hour"))
# Bulk reminders: cap per run of ``balai send_reminders``.
REMINDER_CAP = getattr(settings, "NOTIFY_REMINDER_CAP", _env_int("NOTIFY_REMINDER_CAP", 200_000))


def callback_secret() -> str:
    """Shared secret of the sandbox provider's signed status callbacks."""
    return getattr(settings, "NOTIFY_SANDBOX_SECRET", "") or f"sandbox-notify:{settings.SECRET_KEY}"


def site_url() -> str:
    return getattr(settings, "PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
