"""The registry of events: higher apps say what they notify about (in ``<app>/notices.py``,
imported from their ``AppConfig.ready()``); ``notifications`` imports none of them.

An event has a stable code (``"cases.returned"``), a label for people (lazy, Indonesian), a
category (the unit of opting out), an audience (citizen or staff), the placeholders its texts may
use, whether the law requires it (then nobody can opt out), and default texts per channel and
language. Admins can replace a text with a new template version (``models.Template``); the
defaults here stay the fallback.

Texts use ``{placeholder}`` fields (only plain names: no attribute or index access).
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CITIZEN = "citizen"
STAFF = "staff"
CHANNELS = ("email", "sms", "whatsapp")
LANGUAGES = ("id", "en")

# Categories people opt out of (an app may use others; they are shown with their code's label
# when registered with ``register_category``).
_categories: dict[str, Any] = {
    "applications": _("Permohonan layanan"),
    "documents": _("Dokumen terbit"),
    "payments": _("Tagihan dan pembayaran"),
    "vehicles": _("Pajak dan STNK kendaraan"),
    "appointments": _("Janji temu"),
    "licences": _("SIM dan paspor"),
    "surveys": _("Survei kepuasan"),
    "work": _("Pekerjaan petugas"),
}


@dataclass(frozen=True)
class Text:
    """One default text: ``subject`` is used by e-mail only; ``whatsapp_template`` names a
    pre-approved WhatsApp template (Meta requires approved templates outside a 24-hour session)."""

    body: str
    subject: str = ""
    whatsapp_template: str = ""


@dataclass(frozen=True)
class Event:
    code: str
    label: Any
    category: str
    audience: str
    placeholders: tuple[str, ...]
    required: bool
    # templates[channel][language] -> Text
    templates: Mapping[str, Mapping[str, Text]] = field(default_factory=dict)

    def default(self, channel: str, language: str) -> Text | None:
        per_language = self.templates.get(channel) or {}
        return per_language.get(language) or per_language.get("id")


_events: dict[str, Event] = {}


def placeholders_in(text: str) -> list[str]:
    """The ``{name}`` fields of ``text``; ValueError for a malformed one (``{``, ``{a.b}``, ``{0}``)."""
    names = []
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(name or "{}")
        names.append(name)
    return names


def unknown_placeholders(text: str, allowed: Iterable[str]) -> list[str]:
    """Fields of ``text`` that are not in ``allowed`` (a malformed field counts as unknown)."""
    try:
        names = placeholders_in(text)
    except ValueError as exc:
        return [str(exc)]
    allowed = set(allowed)
    return sorted({n for n in names if n not in allowed})


def _coerce(templates: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Text]]:
    out: dict[str, dict[str, Text]] = {}
    for channel, per_language in templates.items():
        if channel not in CHANNELS:
            raise ImproperlyConfigured(f"unknown channel {channel!r}")
        out[channel] = {}
        for language, text in per_language.items():
            if language not in LANGUAGES:
                raise ImproperlyConfigured(f"unknown language {language!r}")
            if isinstance(text, str):
                text = Text(body=text)
            elif isinstance(text, Mapping):
                text = Text(**text)
            out[channel][language] = text
    return out


def register_event(code: str, label: str | Promise, *, category: str, audience: str = CITIZEN,
                   placeholders: Iterable[str] = (), required: bool = False,
                   templates: Mapping[str, Mapping[str, Any]]) -> Event:
    """Register an event. ``templates`` maps channel → language → text (a string, a ``Text`` or a
    dict with ``body``/``subject``/``whatsapp_template``); every channel needs an ``id`` text and
    should have an ``en`` one. Registering the same code twice with the same definition is a
    no-op (``ready()`` may run twice in tests); a different definition is an error."""
    if audience not in (CITIZEN, STAFF):
        raise ImproperlyConfigured(f"audience must be citizen or staff, not {audience!r}")
    if category not in _categories:
        raise ImproperlyConfigured(f"unknown category {category!r} (register_category first)")
    texts = _coerce(templates)
    if "email" not in texts:
        raise ImproperlyConfigured(f"{code}: an e-mail text is required (the channel of last resort)")
    names = tuple(placeholders)
    for channel, per_language in texts.items():
        if "id" not in per_language:
            raise ImproperlyConfigured(f"{code}: {channel} has no Indonesian text")
        for language, text in per_language.items():
            bad = unknown_placeholders(text.body + text.subject, names)
            if bad:
                raise ImproperlyConfigured(f"{code} {channel}/{language}: unknown placeholders {bad}")
    event = Event(code, label, category, audience, names, required, texts)
    existing = _events.get(code)
    if existing is not None and existing != event:
        raise ImproperlyConfigured(f"event {code!r} is already registered differently")
    _events[code] = event
    return event


def register_category(code: str, label: str | Promise) -> None:
    _categories.setdefault(code, label)


def get_event(code: str) -> Event:
    try:
        return _events[code]
    except KeyError:
        raise LookupError(f"notification event {code!r} is not registered") from None


def events() -> list[Event]:
    return sorted(_events.values(), key=lambda e: e.code)


def categories() -> dict[str, Any]:
    return dict(_categories)
