"""Account writes: citizen sign-up, staff creation, TOTP enrolment, API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from balai.core import audit
from balai.core.names import clean_person_name
from balai.core.nik import parse_nik
from balai.regions.models import Level, Region

from . import email_verification
from .models import STAFF_ROLES, ApiToken, CitizenProfile, Role, StaffProfile, User
from .usernames import username_check

TOKEN_PREFIX = "blai_"  # noqa: S105 - a public prefix, not a secret


@dataclass(frozen=True)
class Address:
    village_code: str
    street: str
    rt: str
    rw: str


def validate_nik_for_signup(nik: str) -> None:
    """Raise ValidationError with the specific, translated reason (stable code as error code).
    A NIK that other accounts claim is accepted: a claim shows nothing from the register and
    never blocks the real owner (identity levels, balai/accounts/identity.py)."""
    result = parse_nik(nik, today=timezone.localdate())
    if not result.valid:
        raise ValidationError([ValidationError(e.message, code=e.code) for e in result.errors])


def validate_address(address: Address) -> Region:
    village = Region.objects.filter(code=address.village_code, level=Level.VILLAGE).first()
    if village is None:
        raise ValidationError({"village": _("Pilih desa/kelurahan yang valid.")}, code="unknown_village")
    for field in ("rt", "rw"):
        value = getattr(address, field)
        if not (value.isdigit() and 1 <= len(value) <= 3 and int(value) > 0):
            raise ValidationError({field: _("%(f)s harus berupa angka 1–999.") % {"f": field.upper()}},
                                  code="invalid")
    return village


@contextmanager
def _username_race(username: str) -> Iterator[None]:
    """Create an account in a savepoint: when a concurrent sign-up took the name or a look-alike of it
    first (the username and skeleton constraints), say which, as if this one had come second."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        username_check(username)  # the winner is committed now: raises "taken" or "too similar"
        raise ValidationError({"username": _("Nama pengguna ini sudah dipakai.")}, code="duplicate") from exc


@transaction.atomic
def citizen_register(*, username: str, password: str, full_name: str, nik: str, email: str,
                     phone: str, address: Address) -> User:
    """Create a citizen account with its profile, or nothing (one transaction)."""
    username = username_check(username)
    validate_nik_for_signup(nik)
    village = validate_address(address)
    full_name = clean_person_name(full_name)  # NFC, letters only (balai.core.names)
    with _username_race(username):
        user = User.objects.create_user(username=username, password=password, email=email,
                                        full_name=full_name, phone=phone, role=Role.CITIZEN)
        CitizenProfile.objects.create(user=user, nik=nik, village=village, street=address.street.strip(),
                                      rt=address.rt.zfill(3), rw=address.rw.zfill(3))
    audit.record(action="account.signup", actor=user, object_type="user", object_id=user.pk,
                 data={"role": user.role, "nik": nik})
    email_verification.send_after_commit(user)  # the link that makes the account "claimed" (docs/identity.md)
    return user


@transaction.atomic
def staff_create(*, username: str, password: str, full_name: str, email: str, role: str, unit: str,
                 nip: str = "", jurisdiction: list[str] | tuple[str, ...] = (), by: User | None = None) -> User:
    if role not in STAFF_ROLES:
        raise ValidationError(_("Peran petugas tidak dikenal."), code="invalid_role")
    username = username_check(username)
    with _username_race(username):
        user = User.objects.create_user(username=username, password=password, email=email, full_name=full_name,
                                        role=role, is_staff=(role == Role.ADMIN), is_superuser=(role == Role.ADMIN))
    profile = StaffProfile.objects.create(user=user, unit=unit, nip=nip)
    regencies = list(Region.objects.filter(code__in=jurisdiction, level=Level.REGENCY))
    if len(regencies) != len(set(jurisdiction)):
        raise ValidationError(_("Wilayah kerja harus kode kabupaten/kota yang valid."), code="invalid_jurisdiction")
    profile.jurisdiction.set(regencies)
    audit.record(action="account.staff_created", actor=by, object_type="user", object_id=user.pk,
                 data={"role": role, "unit": unit, "jurisdiction": sorted(jurisdiction)})
    return user


def totp_device_for(user: User, *, confirmed: bool | None = True) -> TOTPDevice | None:
    qs = TOTPDevice.objects.filter(user=user)
    if confirmed is not None:
        qs = qs.filter(confirmed=confirmed)
    return qs.order_by("-id").first()


@transaction.atomic
def totp_enrol(*, user: User) -> TOTPDevice:
    """An unconfirmed device to show as a QR code; confirmed by the first valid code."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)


def totp_verify(*, device: TOTPDevice, code: str) -> bool:
    """Check a code; django-otp throttles repeated failures on the device itself."""
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit():
        return False
    ok = device.verify_token(code)
    if ok and not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit.record(action="account.totp_confirmed", actor=device.user, object_type="user",
                     object_id=device.user_id)
    return bool(ok)


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_issue(*, user: User, name: str = "") -> str:
    """Create a token and return the raw value; it is shown once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=_hash_token(raw), prefix=raw[:12], name=name[:100])
    audit.record(action="account.token_issued", actor=user, object_type="user", object_id=user.pk,
                 data={"prefix": raw[:12]})
    return raw


@transaction.atomic
def token_revoke(*, token: ApiToken, by: User) -> None:
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if updated:
        audit.record(action="account.token_revoked", actor=by, object_type="user", object_id=token.user_id,
                     data={"prefix": token.prefix})


@transaction.atomic
def citizen_update_profile(*, user: User, email: str, phone: str, address: Address) -> bool:
    """Save the contact and address; True when the e-mail changed (its verification starts over)."""
    village = validate_address(address)
    profile = CitizenProfile.objects.select_for_update().get(user=user)
    before = {"village": profile.village_id, "email": user.email, "phone": user.phone}
    user.email, user.phone = email, phone
    user.save(update_fields=["email", "phone"])
    email_changed = email_verification.reset_on_change(user, before["email"])
    profile.village, profile.street = village, address.street.strip()
    profile.rt, profile.rw = address.rt.zfill(3), address.rw.zfill(3)
    profile.save(update_fields=["village", "street", "rt", "rw"])
    audit.record(action="account.profile_updated", actor=user, object_type="user", object_id=user.pk,
                 data={"before": before, "after": {"village": village.code, "email": email, "phone": phone}})
    return email_changed
