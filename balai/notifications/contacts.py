"""Contacts: phone numbers in the forms Indonesians write them (``08…``, ``+62…``, ``62…``, with
spaces or dashes) normalised to E.164 with ``phonenumbers``; anything else is a field error. A
number is used for SMS/WhatsApp only after the person typed the one-time code sent to it (through
the channel chosen: SMS or WhatsApp). E-mail addresses are verified by accounts' link
(``balai.accounts.email_verification``)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

import phonenumbers
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.core.errors import DomainError
from balai.core.outbox import enqueue

from . import conf
from .delivery import provider_code
from .models import Channel, PhoneChallenge, Preference
from .providers import OutgoingMessage


class ContactError(DomainError):
    default_code = "invalid_contact"


def normalise_phone(raw: str) -> str:
    """E.164 (``+62812…``) of an Indonesian mobile number, else ContactError at ``phone``."""
    text = "".join(ch for ch in (raw or "").strip() if ch not in " -.()")
    error = ContactError("invalid_phone", _("Tulis nomor HP Indonesia, misalnya 0812 3456 7890 atau +62 812 3456 7890."),
                         fields={"phone": [_("Nomor HP tidak dikenali.")]})
    if not text.isdigit() and not (text.startswith("+") and text[1:].isdigit()):
        raise error
    if text.startswith("62"):
        text = "+" + text
    if not (text.startswith("+62") or text.startswith("08")):
        raise error
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException:
        raise error from None
    if (not phonenumbers.is_valid_number(number)
            or phonenumbers.number_type(number) not in (phonenumbers.PhoneNumberType.MOBILE,
                                                        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)):
        raise error
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _hash(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()


def start_phone_verification(user, raw_phone: str, channel: str = Channel.SMS) -> PhoneChallenge:
    """Send a six-digit code to the number through ``channel`` (SMS or WhatsApp)."""
    phone = normalise_phone(raw_phone)
    if channel not in (Channel.SMS, Channel.WHATSAPP) or not provider_code(channel):
        raise ContactError("channel_unavailable", _("Saluran ini belum tersedia."), fields={"channel": [
            _("Saluran ini belum tersedia.")]})
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    with transaction.atomic():
        PhoneChallenge.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
        challenge = PhoneChallenge.objects.create(user=user, phone=phone, channel=channel, code_hash=_hash(code),
                                                  expires_at=now + timedelta(minutes=conf.OTP_MINUTES), created_at=now)
        body = str(_("Kode verifikasi Balai: %(code)s. Berlaku %(minutes)s menit. Jangan berikan kepada siapa pun.")
                   % {"code": code, "minutes": conf.OTP_MINUTES})
        enqueue("balai.notifications.tasks.send_code", robust=True, challenge_id=challenge.pk, body=body)
    return challenge


def send_code(challenge_id: int, body: str) -> str:
    """Outbox task body: hand the code over (not a Delivery: a code is never logged or retried)."""
    from .providers import get_provider

    challenge = PhoneChallenge.objects.get(pk=challenge_id)
    message = OutgoingMessage(ref=f"balai-otp{challenge.pk}", channel=challenge.channel, to=challenge.phone, body=body)
    return get_provider(provider_code(challenge.channel)).send(message)


def confirm_phone(user, code: str) -> Preference:
    """The code typed back: the number becomes the person's verified phone."""
    now = timezone.now()
    bad = ContactError("invalid_code", _("Kode salah atau sudah kedaluwarsa."),
                       fields={"code": [_("Kode salah atau sudah kedaluwarsa.")]})
    with transaction.atomic():
        challenge = (PhoneChallenge.objects.select_for_update()
                     .filter(user=user, used_at__isnull=True, expires_at__gt=now).order_by("-created_at").first())
        if challenge is None:
            raise bad
        challenge.attempts += 1
        if not hmac.compare_digest(challenge.code_hash, _hash((code or "").strip())):
            if challenge.attempts >= conf.OTP_MAX_TRIES:
                challenge.used_at = now
            challenge.save(update_fields=["attempts", "used_at"])
            raise bad
        challenge.used_at = now
        challenge.save(update_fields=["attempts", "used_at"])
        pref, _created = Preference.objects.get_or_create(user=user, defaults={"channels": [], "opted_out": []})
        pref.phone, pref.phone_verified_at = challenge.phone, now
        if Channel.WHATSAPP not in pref.channels and Channel.SMS not in pref.channels:
            pref.channels = [*pref.channels, challenge.channel] if pref.channels else [Channel.EMAIL, challenge.channel]
        pref.save()
    return pref


def save_preferences(user, *, channels: list[str], language: str, opted_out: list[str]) -> Preference:
    from .registry import categories

    pref, _created = Preference.objects.get_or_create(user=user, defaults={"channels": [], "opted_out": []})
    pref.channels = [c for c in Channel.values if c in channels]
    pref.language = language if language in dict(settings.LANGUAGES) else "id"
    pref.opted_out = [c for c in categories() if c in opted_out]
    pref.save()
    return pref
