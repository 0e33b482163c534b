"""Writes of the asn app: profiles. Training is in ``training.py``, the practice desk in
``practice.py``, promotion and retirement files in ``files.py``."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.core import audit
from balai.core.errors import DomainError, DomainValidationError

from .forms import ProfileForm
from .models import AsnProfile


class AsnError(DomainError):
    default_code = "asn_refused"
    status_code = 422


@dataclass(frozen=True)
class Saved:
    profile: AsnProfile
    created: bool
    warnings: list[str]


def profile_save(*, user, data: dict, by=None) -> Saved:
    """Create or update the ASN profile of a staff account from form data (strings as a form or a
    CSV row gives them). Field errors raise ``DomainValidationError`` (422, ``fields``); the NIP
    layout only adds warnings, kept on the profile and returned."""
    if not hasattr(user, "staff"):
        raise AsnError("not_staff", _("Profil ASN hanya untuk akun petugas."), fields={"user": [
            str(_("Akun ini bukan akun petugas."))]})
    existing = AsnProfile.objects.filter(user=user).first()
    form = ProfileForm(data, instance=existing)
    if not form.is_valid():
        raise DomainValidationError({k: list(v) for k, v in form.errors.items()}, code="invalid_profile",
                                    status_code=422)
    warnings = form.warnings
    with transaction.atomic():
        profile = form.save(commit=False)
        profile.user = user
        profile.nip_warnings = warnings
        profile.updated_at = timezone.now()
        try:
            profile.save()
        except Exception as exc:  # the unique NIP, raced
            if AsnProfile.objects.filter(nip=profile.nip).exclude(user=user).exists():
                raise DomainValidationError({"nip": [_("NIP ini sudah dipakai profil lain.")]}, code="nip_taken",
                                            status_code=422) from exc
            raise
        audit.record(action="asn.profile_saved", actor=by, object_type="asn_profile", object_id=profile.pk,
                     data={"nip": profile.nip, "created": existing is None, "warnings": len(warnings)})
    return Saved(profile, existing is None, warnings)


def nip_taken_elsewhere(nip: str, user) -> bool:
    return AsnProfile.objects.filter(nip=nip).exclude(user=user).exists()


def validation_messages(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}
