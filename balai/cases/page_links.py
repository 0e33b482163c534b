"""Links a higher app adds to a citizen's application page (the upward seam, like handlers.py).

An app registers ``register_application_link(label, url_for)`` in ``AppConfig.ready()``;
``url_for(application)`` returns the link's address, or ``None`` where it does not apply (the
satisfaction survey, say, only once the service is completed). The page renders what was
registered, so cases names no higher app's page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class ApplicationLink:
    label: str | Promise
    url_for: Callable[[Any], str | None]


_LINKS: list[ApplicationLink] = []


def register_application_link(label: str | Promise, url_for: Callable[[Any], str | None]) -> None:
    if not any(link.url_for is url_for for link in _LINKS):
        _LINKS.append(ApplicationLink(label, url_for))


def application_links(application) -> list[tuple[str | Promise, str]]:
    """(label, url) of every registered link that applies to this application."""
    found = ((link.label, link.url_for(application)) for link in _LINKS)
    return [(label, url) for label, url in found if url]


# --- links on a service's public page (the catalogue entry with its service standard) -------------

@dataclass(frozen=True)
class ServiceLink:
    label: str | Promise
    url_for: Callable[[Any], str | None]


_SERVICE_LINKS: list[ServiceLink] = []


def register_service_link(label: str | Promise, url_for: Callable[[Any], str | None]) -> None:
    """A link a higher app adds to a service's page, under the standard's complaint handling
    (component 6): ``url_for(version)`` gets the ``ServiceVersion`` shown and returns the address,
    or ``None`` where it does not apply."""
    if not any(link.url_for is url_for for link in _SERVICE_LINKS):
        _SERVICE_LINKS.append(ServiceLink(label, url_for))


def service_links(version) -> list[tuple[str | Promise, str]]:
    """(label, url) of every registered link that applies to this service version."""
    found = ((link.label, link.url_for(version)) for link in _SERVICE_LINKS)
    return [(label, url) for label, url in found if url]
