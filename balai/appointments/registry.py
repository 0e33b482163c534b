"""Kinds of bookable service, registered by the apps that need a visit in person.

The booking engine sits below civil, vehicles and mobility, so it never names them: each
registers the kinds it books in ``AppConfig.ready()``::

    from balai.appointments.registry import register_service
    register_service("cek-fisik", label=_("Cek fisik kendaraan"),
                     location_kinds=["samsat"], on_event=my_handler)

A ``BookableService`` row at a location then offers that kind with its slot windows and capacity.

- ``location_kinds``: the location kinds (``LocationKind`` values) where staff may offer it;
  empty means any.
- ``subject_required``: a booking needs a subject reference (a plate, a tracking number).
- ``check_subject(user, ref)``: optional; raises ``DomainError`` when the caller may not book for
  ``ref`` (the engine calls it before booking).
- ``subject_label(ref)``: optional; what people see for the subject (default: the reference).
- ``on_event(booking, event)``: optional; called inside the transaction after ``booked``,
  ``moved``, ``cancelled``, ``checked_in`` or ``no_show``.
- ``public``: listed on the public booking page (a citizen may book it without coming from the
  registering app's page).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

Label = str | Promise


@dataclass(frozen=True)
class ServiceKind:
    kind: str
    label: Label
    description: Label = ""
    location_kinds: tuple[str, ...] = ()
    subject_required: bool = False
    public: bool = True
    check_subject: Callable[[Any, str], None] | None = None
    subject_label: Callable[[str], str] | None = None
    on_event: Callable[[Any, str], None] | None = field(default=None, compare=False)

    def subject_text(self, ref: str) -> str:
        if not ref:
            return ""
        return self.subject_label(ref) if self.subject_label else ref


_kinds: dict[str, ServiceKind] = {}


def register_service(kind: str, *, label: Label, description: Label = "", location_kinds: Iterable[str] = (),
                     subject_required: bool = False, public: bool = True,
                     check_subject: Callable[[Any, str], None] | None = None,
                     subject_label: Callable[[str], str] | None = None,
                     on_event: Callable[[Any, str], None] | None = None) -> ServiceKind:
    """Register (or replace: ``ready()`` may run twice) a bookable service kind."""
    if not kind or len(kind) > 40 or not kind.replace("-", "").isalnum() or kind != kind.lower():
        raise ValueError(f"a service kind is a short lower-case slug: {kind!r}")
    entry = ServiceKind(kind=kind, label=label, description=description, location_kinds=tuple(location_kinds),
                        subject_required=subject_required, public=public, check_subject=check_subject,
                        subject_label=subject_label, on_event=on_event)
    _kinds[kind] = entry
    return entry


def get(kind: str) -> ServiceKind | None:
    return _kinds.get(kind)


def kinds() -> list[ServiceKind]:
    return sorted(_kinds.values(), key=lambda k: k.kind)


def choices() -> list[tuple[str, Label]]:
    return [(k.kind, k.label) for k in kinds()]


def notify(booking: Any, event: str) -> None:
    entry = _kinds.get(booking.kind)
    if entry is not None and entry.on_event is not None:
        entry.on_event(booking, event)
