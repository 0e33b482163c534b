"""Texts of a notification: the newest template version of (event, channel, language), else the
registry's default; ``{placeholder}`` fields filled from the (already masked) context. SMS length is
counted in segments (GSM 03.38: 160 characters, 153 per part when split; any other character makes
the message UCS-2: 70, 67 per part)."""

from __future__ import annotations

import math
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from .models import Template
from .registry import Event, placeholders_in

GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM_EXTENDED = set("^{}\\[~]|€\f")


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    version: int  # 0: the registry's default
    whatsapp_template: str = ""


def sms_segments(text: str) -> tuple[int, str]:
    """(segments, encoding) of an SMS: ``"GSM-7"`` or ``"UCS-2"``."""
    if all(ch in GSM_BASIC or ch in GSM_EXTENDED for ch in text):
        units = sum(2 if ch in GSM_EXTENDED else 1 for ch in text)
        return (1 if units <= 160 else math.ceil(units / 153)), "GSM-7"
    units = sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)  # UTF-16 code units
    return (1 if units <= 70 else math.ceil(units / 67)), "UCS-2"


def fill(text: str, context: dict) -> str:
    """``text`` with its fields replaced (a field missing from ``context`` stays visible as ``{name}``
    rather than failing a delivery; registration and the template form refuse unknown ones)."""
    out = []
    for literal, name, _spec, _conv in _parse(text):
        out.append(literal)
        if name is not None:
            out.append(str(context.get(name, "{" + name + "}")))
    return "".join(out)


def _parse(text: str):
    import string

    placeholders_in(text)  # raises on a malformed field
    return string.Formatter().parse(text)


_batch_templates: ContextVar[dict | None] = ContextVar("notify_batch_templates", default=None)


@contextmanager
def templates_cached():
    """Within the block, each (event, channel, language) template row is read once (a fan-out of
    thousands of reminders renders the same few texts); outside, every render reads the newest."""
    token = _batch_templates.set({})
    try:
        yield
    finally:
        _batch_templates.reset(token)


def current_template(event: str, channel: str, language: str) -> Template | None:
    cache = _batch_templates.get()
    if cache is not None and (event, channel, language) in cache:
        return cache[(event, channel, language)]
    row = (Template.objects.filter(event=event, channel=channel, language=language)
           .order_by("-version").first())
    if cache is not None:
        cache[(event, channel, language)] = row
    return row


TEXT_FALLBACK = {"whatsapp": "sms", "sms": "email"}


def render(event: Event, channel: str, language: str, context: dict) -> Rendered | None:
    """The texts for one channel: its own, else WhatsApp takes the SMS text and SMS the e-mail
    body (the registry requires an e-mail text)."""
    own = _render(event, channel, language, context)
    if own is None and channel in TEXT_FALLBACK:
        borrowed = render(event, TEXT_FALLBACK[channel], language, context)
        return Rendered("", borrowed.body, borrowed.version) if borrowed else None
    return own


def _render(event: Event, channel: str, language: str, context: dict) -> Rendered | None:
    row = current_template(event.code, channel, language)
    if row is None and language != "id":
        default = event.default(channel, language)
        if default is None or language not in (event.templates.get(channel) or {}):
            row = current_template(event.code, channel, "id")
    if row is not None:
        return Rendered(fill(row.subject, context), fill(row.body, context), row.version, row.whatsapp_template)
    default = event.default(channel, language)
    if default is None:
        return None
    return Rendered(fill(default.subject, context), fill(default.body, context), 0, default.whatsapp_template)
