"""Identity assurance of citizen accounts: the levels, the register registry and the IKD plug-in
point (ARCHITECTURE invariant 8: identity before personal data).

A NIK typed at sign-up is only a *claim* (``IdentityLevel.CLAIMED``). The account reaches
*matched* when NIK, full name, date of birth and KK number match the population register, and
*verified* by an activation letter, an officer who saw the KTP-el, or an IKD/Dukcapil adapter.
Consumers of register data tied to a NIK never read ``profile.nik`` directly: they ask
``register_nik(user, level)``, which answers the NIK only when the account reaches that level.

The register lives in ``civil`` (layer 6), above this app: civil registers a ``RegisterSource``
in its ``ready()``. The IKD adapter is named by the setting ``IDENTITY_IKD_ADAPTER`` (a dotted path
to an ``IkdAdapter`` subclass); with none configured the option is not offered.
"""

from __future__ import annotations

import abc
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from .models import IdentityLevel

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .models import CitizenProfile

__all__ = ["IdentityLevel", "IkdAdapter", "IkdAssertion", "LetterAddress", "RegisterSource", "ikd_adapter",
           "level_of", "profile_of", "register_nik", "register_source", "set_register_source"]


@dataclass(frozen=True)
class LetterAddress:
    """Where an activation letter for a NIK goes: the register's name and current KK address."""

    full_name: str
    lines: tuple[str, ...]  # street + RT/RW, village, district, regency + postal code
    regency_code: str
    public_hint: str  # what the citizen may be told ("Kel. Airlangga, Kota Surabaya"): no street


class RegisterSource(Protocol):
    """What accounts needs from the population register. civil implements it."""

    def matches(self, *, nik: str, full_name: str, birth_date: dt.date, kk_number: str | None) -> bool:
        """True when an active register record has this NIK, this name (normalised), this date of
        birth and, unless ``kk_number`` is None (an officer holding the KTP-el), this active KK."""

    def letter_address(self, nik: str) -> LetterAddress | None:
        """The register's name and address for an activation letter, or None when unknown."""


_source: RegisterSource | None = None


def set_register_source(source: RegisterSource | None) -> None:
    global _source
    _source = source


def register_source() -> RegisterSource | None:
    return _source


# --- levels --------------------------------------------------------------------------------------

def profile_of(user) -> CitizenProfile | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "citizen", None)


def level_of(user) -> IdentityLevel | None:
    """The account's effective level (claimed for a released NIK); None for non-citizens."""
    profile = profile_of(user)
    if profile is None:
        return None
    if profile.nik_released_at is not None:
        return IdentityLevel.CLAIMED
    return IdentityLevel(profile.identity_level)


def register_nik(user, level: str) -> str | None:
    """The NIK whose register data this account may see at ``level`` (matched: masked data;
    verified: full data), or None. The one door from an account to the register."""
    profile = profile_of(user)
    if profile is None or level == IdentityLevel.CLAIMED or not profile.has_level(level):
        return None
    return profile.nik


# --- IKD / Dukcapil plug-in point ----------------------------------------------------------------

@dataclass(frozen=True)
class IkdAssertion:
    """What an identity provider asserted about the citizen who came back from it."""

    nik: str
    reference: str  # the provider's transaction id, kept in the audit entry


class IkdAdapter(abc.ABC):
    """Verification through Identitas Kependudukan Digital (IKD, Dukcapil) or another provider
    that authenticates the holder of a NIK. Balai ships no implementation: a deployment with an
    agreement with Dukcapil sets ``IDENTITY_IKD_ADAPTER = "package.module.ClassName"``.

    The flow: ``start`` returns the provider URL the citizen is sent to (the adapter keeps what it
    needs, e.g. a state value, in ``request.session``); the provider sends the citizen back to
    ``callback_url`` (``accounts:identity_ikd_return``), where ``finish`` checks the answer and
    returns the asserted NIK, or None when the provider did not confirm anyone. Balai verifies the
    account only when the asserted NIK equals the account's NIK."""

    label: str = "IKD"

    @abc.abstractmethod
    def start(self, request: HttpRequest, *, callback_url: str) -> str:
        """URL of the provider to redirect the citizen to."""

    @abc.abstractmethod
    def finish(self, request: HttpRequest) -> IkdAssertion | None:
        """The provider's confirmed answer for the returning citizen, or None."""


def ikd_adapter() -> IkdAdapter | None:
    """The configured adapter, or None (then the IKD option is not offered anywhere)."""
    path = getattr(settings, "IDENTITY_IKD_ADAPTER", "")
    if not path:
        return None
    adapter = import_string(path)()
    if not isinstance(adapter, IkdAdapter):
        raise TypeError(f"IDENTITY_IKD_ADAPTER {path!r} is not an IkdAdapter")
    return adapter
