"""Service handlers: the upward seam between the case engine and domain apps (ARCHITECTURE.md).

A domain app (``civil``, ``vehicles``, …) registers a handler per service code in its
``AppConfig.ready()``::

    from balai.cases.handlers import ServiceHandler, register_handler

    class BirthHandler(ServiceHandler):
        def form_fields(self, version): return [...]          # the form, in code
        def eligibility(self, version, applicant): ...        # a reason the user may not apply, or None
        def subjects(self, application): return [...]        # whom the case is about (the desk names them)
        def validate(self, application, data): ...            # domain checks on the data
        def on_approve(self, application, *, by): ...         # create the records
        def outputs(self, application): return [...]          # documents to issue

    register_handler("akta-kelahiran", BirthHandler())

A service without a registered handler uses the one named in its catalogue entry
(``ServiceVersion.handler``), by default ``generic``: an officer's decision and one letter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .models import Application, ServiceVersion


@dataclass(frozen=True)
class OutputSpec:
    """One document to issue when a case completes (arguments of ``documents.document_issue``)."""

    doc_type: str
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CaseSubject:
    """A person a case is about besides its applicant (a child, a spouse, a family member), as the
    desk shows them: the name, the relationship to the applicant in words, the masked NIK ("" when
    there is none yet, as for a birth) and the domain's audited full-read page ("" when none)."""

    name: str
    relationship: str
    nik_masked: str = ""
    reveal_url: str = ""


class ServiceHandler:
    """Base handler: the catalogue's form, no extra validation, no outputs."""

    def eligibility(self, version: ServiceVersion, applicant) -> str | None:
        """Why ``applicant`` (a User) cannot apply for this service at all, checked before a draft
        exists; None when they may. Field-level checks stay in ``validate``."""
        return None

    def subjects(self, application: Application) -> list[CaseSubject]:
        """The people the case is about besides the applicant (empty: the applicant themselves)."""
        return []

    def form_fields(self, version: ServiceVersion) -> list[dict]:
        return list(version.form_schema or [])

    def desk_facts(self, application: Application) -> list[tuple[str, str]]:
        """(label, value) from the records that the officer compares with the request (the
        register's value now beside the requested one), shown on the desk page after the
        application's data. Only desk staff of the case's office see that page."""
        return []

    def validate(self, application: Application, data: dict[str, Any]) -> dict[str, Any]:
        """Domain checks after the schema's type checks; raise ValidationError({field: [...]})."""
        return data

    def on_approve(self, application: Application, *, by) -> None:
        """Act on approval inside the approving transaction (create records, …)."""

    def outputs(self, application: Application) -> list[OutputSpec]:
        return []


class GenericLetterHandler(ServiceHandler):
    """"Other administration" services: an officer's decision, then one signed letter."""

    def outputs(self, application: Application) -> list[OutputSpec]:
        # The letter is the legal text: Indonesian (catalogue labels included), whatever the language
        # of the request whose commit issues it.
        with translation.override("id"):
            return self._letter(application)

    def _letter(self, application: Application) -> list[OutputSpec]:
        version = application.service_version
        from .forms_schema import display_rows

        rows = [[label, value] for label, value in display_rows(self.form_fields(version), application.data) if value]
        title = version.product or version.name_id
        return [OutputSpec(
            doc_type="letter",
            template="documents/pdf/letter.html",
            title=title,
            context={
                "title": title,
                "recipient": [application.subject_name],
                "subject": version.name_id,
                "opening": _("Menindaklanjuti permohonan nomor %(number)s yang diajukan melalui Balai,")
                % {"number": application.tracking_display},
                "paragraphs": [
                    _("%(office)s menerangkan bahwa permohonan %(service)s atas nama %(name)s telah diperiksa "
                      "dan disetujui dengan data sebagai berikut.")
                    % {"office": application.office.name, "service": version.name_id,
                       "name": application.subject_name},
                ],
                "facts": [[_("Nomor permohonan"), application.tracking_display], *rows],
                "closing": _("Demikian surat ini dibuat untuk dipergunakan sebagaimana mestinya."),
            },
        )]


_handlers: dict[str, ServiceHandler] = {}


def register_handler(key: str, handler: ServiceHandler) -> None:
    """Register ``handler`` for a service code or a handler name used in the catalogue."""
    _handlers[key] = handler


def handler_for(version: ServiceVersion) -> ServiceHandler:
    return _handlers.get(version.service.code) or _handlers.get(version.handler) or _handlers["generic"]


def known_handlers() -> list[str]:
    return sorted(_handlers)


register_handler("generic", GenericLetterHandler())
