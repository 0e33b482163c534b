"""Settings of the mobility app (SIM and passport), each overridable by a Django setting of the
same name. Values REFERENCE §5 leaves approximate or UNCONFIRMED live here, so a deployment follows
Polda Jatim's and Imigrasi's current practice without a code change."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # REFERENCE §5.1: renewal is allowed "from about 90 days before" expiry (Korlantas practice,
    # not a regulation's text: UNCONFIRMED, hence a setting).
    "MOBILITY_SIM_RENEWAL_WINDOW_DAYS": 90,
    # Reminders before a SIM's expiry (days): the window opening, then a last call.
    "MOBILITY_SIM_REMINDER_DAYS": (90, 14),
    # Where the SINAR route starts (the Digital Korlantas POLRI app). Balai only links there.
    "MOBILITY_SINAR_URL": "https://play.google.com/store/apps/details?id=id.go.polri.korlantas.sinar",
    # Where the passport route starts (the M-Paspor app of Ditjen Imigrasi).
    "MOBILITY_MPASPOR_URL": "https://play.google.com/store/apps/details?id=id.go.imigrasi.mpaspor",
    # REFERENCE §5.2: the SIMPONI billing code must be paid within 2 hours or the booking lapses.
    "MOBILITY_MPASPOR_PAYMENT_HOURS": 2,
    # Passport expiry reminders, months before (many countries refuse a passport valid < 6 months).
    "MOBILITY_PASSPORT_REMINDER_MONTHS": (9, 7),
    # The sandbox authority (plays status changes) runs only in demo mode.
    "MOBILITY_SANDBOX_AUTHORITY": None,  # None: follow settings.DEMO
}


class _Conf:
    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(name)
        return getattr(settings, name, DEFAULTS[name])


conf = _Conf()


def sandbox_enabled() -> bool:
    value = conf.MOBILITY_SANDBOX_AUTHORITY
    demo = bool(getattr(settings, "DEMO", False))
    return demo if value is None else bool(value) and demo
