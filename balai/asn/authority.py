"""The national HR system (SIASN, BKN) has no public API: an adapter point only (REFERENCE §12).

``PersonnelAuthority`` is what Balai asks of an HR system of record; ``LocalRegister`` answers
from Balai's own ASN profiles and is the only implementation. ``ASN_PERSONNEL_AUTHORITY`` (a
dotted path) names another one, should BKN ever publish an API; no fake BKN calls are made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class PersonnelRecord:
    nip: str
    name: str
    kind: str
    rank: str
    rank_tmt: date
    birth_date: date
    position_type: str
    functional_level: str
    unit: str


class PersonnelAuthority:
    """The HR system of record: look a civil servant up, hear of a decided promotion/retirement."""

    name = "base"

    def lookup(self, nip: str) -> PersonnelRecord | None:
        raise NotImplementedError

    def record_decision(self, *, nip: str, kind: str, effective: date, reference: str) -> None:
        """A promotion or retirement decided in Balai (the local register has it already)."""
        raise NotImplementedError


class LocalRegister(PersonnelAuthority):
    """Balai's own register: the ``AsnProfile`` rows (imported by CSV or edited in the admin)."""

    name = "local"

    def lookup(self, nip: str) -> PersonnelRecord | None:
        from .models import AsnProfile

        profile = AsnProfile.objects.select_related("user", "user__staff").filter(nip=nip).first()
        if profile is None:
            return None
        return PersonnelRecord(nip=profile.nip, name=profile.user.full_name, kind=profile.kind, rank=profile.rank,
                               rank_tmt=profile.rank_tmt, birth_date=profile.birth_date,
                               position_type=profile.position_type, functional_level=profile.functional_level,
                               unit=profile.unit)

    def record_decision(self, *, nip: str, kind: str, effective: date, reference: str) -> None:
        return None  # the decision's own rows are the record


def authority() -> PersonnelAuthority:
    path = getattr(settings, "ASN_PERSONNEL_AUTHORITY", "balai.asn.authority.LocalRegister")
    return import_string(path)()
