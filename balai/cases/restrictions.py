"""Services that not every desk officer of an office may handle, and services that staff file for
someone rather than citizens applying themselves. Registered by the app that owns the service
(``asn`` registers its personnel files: only its HR officers, BKD and supervisors handle them, as
they hold a civil servant's family and health documents); the case engine applies them wherever it
decides who sees a case: ``selectors.staff_scope`` (queue, counts, case pages, documents) and the
reassignment check.
"""

from __future__ import annotations

from collections.abc import Callable

_may_handle: dict[str, Callable[[object], bool]] = {}
_staff_filed: set[str] = set()


def register_staff_restriction(service_code: str, may_handle: Callable[[object], bool]) -> None:
    """Only desk users for whom ``may_handle(user)`` is true see and handle cases of this service
    (inside their offices, as for every service)."""
    _may_handle[service_code] = may_handle


def register_staff_filed(service_code: str) -> None:
    """Cases of this service are opened by staff for someone: the public catalogue does not list it."""
    _staff_filed.add(service_code)


def refused_services(user) -> list[str]:
    """The codes of the restricted services ``user`` may not handle."""
    return sorted(code for code, may in _may_handle.items() if not may(user))


def staff_filed_services() -> frozenset[str]:
    return frozenset(_staff_filed)
