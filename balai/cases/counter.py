"""Filing at a counter: an officer or supervisor creates a case on a registered citizen's behalf.

The case is the citizen's (``applicant``); the officer is kept as ``filed_by``, acts as the applicant
for submit/resubmit, and their events carry the actor role ``counter`` so the timeline says who did
what for whom. A counter serves its own regencies only: the citizen's address, which routes the
case (the account's address at filing, the family card's once a civil handler has the data), must
be in the officer's jurisdiction, and the officer's access through ``filed_by`` lasts only while the
case stays there (``selectors.filer_in_scope``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from balai.accounts.models import HOLDING_LEVELS, CitizenProfile, Role, User
from balai.core.api import ApiError

from .selectors import staff_scope


def outside_jurisdiction_message() -> str:
    # The regency is not named: a NIK typed at the wrong counter must not tell where its holder lives.
    return _("Alamat warga ini (yang menentukan kantor tujuan) berada di luar wilayah kerja Anda. "
             "Permohonan diajukan di loket kabupaten/kota sesuai alamat KK warga.")


def in_scope(officer: User, regency_code: str) -> bool:
    return regency_code in staff_scope(officer).regencies


def check_scope(officer: User, regency_code: str) -> None:
    """422 ``applicant_outside_jurisdiction`` (at the NIK field) unless the case's regency is the
    officer's."""
    if not in_scope(officer, regency_code):
        raise ApiError("applicant_outside_jurisdiction", outside_jurisdiction_message(), status_code=422,
                       fields={"applicant_nik": [_("Alamat warga di luar wilayah kerja Anda.")]})


def applicant_for(by: User, applicant_nik: str | None) -> tuple[User, User | None]:
    """(applicant, filed_by) of a new case: a citizen files for themselves; an officer or a
    supervisor for the registered citizen with that NIK, inside their jurisdiction."""
    if by.role == Role.CITIZEN:
        if not hasattr(by, "citizen"):
            raise ApiError("no_citizen_profile", _("Akun belum memiliki profil warga."), status_code=403)
        return by, None
    if by.role in (Role.OFFICER, Role.SUPERVISOR):
        # The account that holds the NIK (matched or verified): several accounts may only *claim* it.
        profile = (CitizenProfile.objects.select_related("user")
                   .filter(nik=applicant_nik or "", identity_level__in=HOLDING_LEVELS).first())
        if profile is None:
            raise ApiError("unknown_applicant", _("Warga dengan NIK tersebut belum terdaftar di Balai atau identitasnya "
                                                  "belum cocok dengan data kependudukan."),
                           status_code=422, fields={"applicant_nik": [_("NIK tidak ditemukan.")]})
        check_scope(by, profile.regency_code)
        return profile.user, by
    raise ApiError("permission_denied", _("Peran Anda tidak dapat mengajukan permohonan."), status_code=403)
