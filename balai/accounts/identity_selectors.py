"""Identity assurance reads: what a citizen's identity page shows, and the staff lookup for the
in-person check (scoped to the staff member's jurisdiction)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from .identity import ikd_adapter, level_of, register_source
from .identity_letters import may_request_letter, open_letter
from .identity_services import holder_of, match_lock_until
from .models import ActivationLetter, CitizenProfile, IdentityEvent, IdentityLevel, Role, User


@dataclass(frozen=True)
class IdentityStatus:
    profile: CitizenProfile
    level: IdentityLevel
    released: bool
    locked_until: dt.datetime | None
    held_elsewhere: str  # "", "matched" or "verified": another account holds this NIK
    letter: ActivationLetter | None  # waiting to be printed, or printed and still valid
    may_request_letter: bool
    address_hint: str  # the register's village and regency for the letter (no street)
    ikd_label: str  # "" when no IKD adapter is configured
    events: list[IdentityEvent]

    @property
    def may_match(self) -> bool:
        return not self.released and self.level == IdentityLevel.CLAIMED and self.locked_until is None

    @property
    def letter_printed(self) -> bool:
        return self.letter is not None and self.letter.status == ActivationLetter.Status.PRINTED


def identity_status(user: User) -> IdentityStatus:
    profile = CitizenProfile.objects.select_related("village").get(user=user)
    level = level_of(user) or IdentityLevel.CLAIMED
    released = profile.nik_released_at is not None
    other = None if released else holder_of(profile.nik, exclude=profile)
    source = register_source()
    address = source.letter_address(profile.nik) if source and profile.matched_at and not released else None
    adapter = ikd_adapter()
    return IdentityStatus(
        profile=profile, level=level, released=released,
        locked_until=None if released or level != IdentityLevel.CLAIMED else match_lock_until(profile),
        held_elsewhere=other.identity_level if other else "",
        letter=None if released else open_letter(profile),
        may_request_letter=may_request_letter(profile), address_hint=address.public_hint if address else "",
        ikd_label=adapter.label if adapter and level != IdentityLevel.VERIFIED and not released else "",
        events=list(profile.identity_events.all()[:20]),
    )


def profile_for_staff(staff: User, username: str) -> CitizenProfile | None:
    """A citizen account by its exact username, when its address lies in the staff member's
    jurisdiction (administrators: anywhere)."""
    qs = CitizenProfile.objects.select_related("user", "village", "village__parent", "village__parent__parent")
    profile = qs.filter(user__username__iexact=(username or "").strip(), user__role=Role.CITIZEN).first()
    if profile is None:
        return None
    if staff.role == Role.ADMIN:
        return profile
    info = getattr(staff, "staff", None)
    codes = set(info.jurisdiction.values_list("code", flat=True)) if info else set()
    return profile if profile.regency_code in codes else None


def verifications_by(staff: User, *, days: int = 30) -> list[IdentityEvent]:
    """The in-person verifications this staff member recorded lately (their own record)."""
    since = timezone.now() - dt.timedelta(days=days)
    return list(IdentityEvent.objects.filter(by=staff, kind=IdentityEvent.Kind.VERIFIED, created_at__gte=since)
                .select_related("profile__user").order_by("-created_at")[:50])
