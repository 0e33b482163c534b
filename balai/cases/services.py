"""Case writes. Each public function runs in one transaction; side effects leave the process only
through ``transaction.on_commit`` (invariant 1).

This module creates, edits and deletes drafts; the rest lives beside it and is re-exported here,
so ``from balai.cases.services import …`` is the one import path for every case write:

- ``pins``: tracking numbers and PINs (``tracking_number_new``, ``pin_matches``, ``application_pin_reset``);
- ``routing``: the issuing office and its SLA (``office_for``, ``sla_days_for``);
- ``events``: the action log and the roles a user holds on a case (``actor_roles``, ``application_replay``);
- ``attachments``: files and their review (``attachment_add``, ``attachment_review``, ``missing_requirements``);
- ``workflow``: the engine (``application_act``, ``application_submit``, ``application_issue_outputs``);
- ``escalation``: overdue cases to supervisors (``escalate_office``, ``escalate_overdue``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts import email_verification
from balai.accounts.models import CitizenProfile, User
from balai.core import audit
from balai.core.api import ApiError
from balai.core.idempotency import key_reused

from . import counter, forms_schema
from .attachments import (
    active_attachments,
    attachment_add,
    attachment_review,
    missing_requirements,
    unverified_requirements,
)
from .escalation import escalate_office, escalate_overdue, overdue_queryset, supervisors_of
from .events import _append, _invalid_transition, _public_entry, _role_label, actor_roles, application_replay
from .handlers import handler_for
from .models import EDITABLE_STATES, Application, Attachment, CaseEvent, Notice, ServiceVersion, State
from .pins import (
    PIN_DIGITS,
    TRACKING_DIGITS,
    _pin_hash,
    application_pin_reset,
    pin_matches,
    pin_new,
    tracking_number_new,
)
from .routing import office_for, sla_days_for
from .workflow import Submitted, application_act, application_issue_outputs, application_submit

__all__ = [
    "PIN_DIGITS", "TRACKING_DIGITS", "Created", "Submitted", "active_attachments", "actor_roles",
    "application_act", "application_create", "application_delete_draft", "application_issue_outputs",
    "application_pin_reset", "application_replay", "application_submit", "application_update_data",
    "attachment_add", "attachment_review", "check_eligible", "escalate_office", "escalate_overdue",
    "missing_requirements", "office_for", "overdue_queryset", "pin_matches", "pin_new", "sla_days_for",
    "supervisors_of", "tracking_number_new", "unverified_requirements",
    "_pin_hash",  # the bench writes cases in bulk with it (bench/cases.py)
]


# --- creating and editing ---------------------------------------------------------------------

@dataclass(frozen=True)
class Created:
    application: Application
    pin: str | None  # None when an idempotent retry returned an existing case
    created: bool


def _validated_data(version: ServiceVersion, app: Application | None, data: Any) -> dict:
    handler = handler_for(version)
    schema = handler.form_fields(version)
    cleaned = forms_schema.validate_data(schema, data or {})
    return handler.validate(app, cleaned) if app is not None else cleaned


# The key column holds 80 characters; a longer key (the API allows 255) is kept as its digest, so two
# long keys that share a prefix stay two keys.
_KEY_COLUMN = 80


def _case_key(idempotency_key: str) -> str:
    key = (idempotency_key or "").strip()
    if len(key) <= _KEY_COLUMN:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def _same_request(existing: Application, version: ServiceVersion, filed_by: User | None) -> Created:
    """A key already on one of the applicant's cases: the same request (service, filer) gets that
    case back without its PIN; anything else is the error every Idempotency-Key gives."""
    if existing.service_id != version.service_id or existing.filed_by_id != (filed_by.pk if filed_by else None):
        raise key_reused()
    return Created(existing, None, False)


def application_create(*, version: ServiceVersion, by: User, data: Any = None, applicant_nik: str | None = None,
                       idempotency_key: str = "") -> Created:
    """Create a draft case, routed by the applicant's *current* address (never the NIK prefix,
    REFERENCE §1.1). Returns the plain PIN once. An ``idempotency_key`` already used by this
    applicant for the same service returns that case instead (without its PIN); used for another
    service or by another filer, it is refused (422 ``idempotency_key_reused``). The API compares
    whole requests first (``balai.core.idempotency``); this check is what stays after its 24 hours
    and what the HTML forms get."""
    applicant, filed_by = counter.applicant_for(by, applicant_nik)
    if filed_by is None:  # a citizen for themselves: only with a verified e-mail (403 email_unverified)
        email_verification.require_verified(applicant)
    idempotency_key = _case_key(idempotency_key)
    if idempotency_key:
        existing = Application.objects.filter(applicant=applicant, idempotency_key=idempotency_key).first()
        if existing is not None:
            return _same_request(existing, version, filed_by)
    check_eligible(version, applicant)
    try:
        with transaction.atomic():
            return _create(version, by, applicant, filed_by, data, idempotency_key)
    except IntegrityError:
        existing = Application.objects.filter(applicant=applicant, idempotency_key=idempotency_key).first()
        if idempotency_key and existing is not None:
            return _same_request(existing, version, filed_by)
        raise


def check_eligible(version: ServiceVersion, applicant: User) -> None:
    """Refuse (422 ``not_eligible``, the handler's reason) a service the applicant cannot use at all,
    before a draft exists: no orphan draft for a service the register already rules out."""
    reason = handler_for(version).eligibility(version, applicant)
    if reason:
        raise ApiError("not_eligible", str(reason), status_code=422)


def application_open(*, version: ServiceVersion, applicant: User, office, by: User | None, filed_by: User | None = None,
                     data: dict | None = None, subject_nik: str = "", audit_data: dict | None = None) -> Application:
    """A draft case that an app above opens for someone without a citizen profile (an ASN's staff
    file, filed by the unit's HR officer or by a daily task), routed by the caller to ``office``.
    No PIN is handed out: the person follows the case in their account. Call inside the
    transaction that writes the app's own record."""
    pin, number, now = pin_new(), tracking_number_new(), timezone.now()
    app = Application.objects.create(
        tracking_number=number, pin_hash=_pin_hash(number, pin), service_id=version.service_id,
        service_version=version, workflow_id=version.workflow_id, applicant=applicant, filed_by=filed_by,
        subject_nik=subject_nik, subject_name=applicant.full_name, office=office, regency_code=office.regency_code,
        village_code="", data=data or {}, state=State.DRAFT, created_at=now, updated_at=now,
        sla_days=sla_days_for(version, office), public_log=[_public_entry("create", State.DRAFT, now)])
    _append(app, action="create", from_state="", to_state=State.DRAFT, by=by, role=_role_label(by, app))
    audit.record(action="cases.created", actor=by, object_type="case", object_id=number,
                 data={"service": version.service.code, "version": version.version, "office": office.name,
                       "filed_by": filed_by.pk if filed_by else None, **(audit_data or {})})
    return app


@transaction.atomic
def application_delete_draft(*, application: Application, by: User) -> None:
    """Its applicant (or the counter officer filing it) deletes a draft. Only a draft: nothing was
    submitted, so nothing is kept but the audit entry; the uploaded files go after the commit."""
    app = Application.objects.select_for_update().select_related("service").get(pk=application.pk)
    if "applicant" not in actor_roles(by, app):
        raise _invalid_transition(app, "delete_draft")
    if app.state != State.DRAFT:
        raise ApiError("invalid_transition", _("Hanya draf yang dapat dihapus; permohonan yang sudah diajukan dapat "
                                               "dibatalkan."), status_code=409, fields={"state": app.state})
    attachments = list(Attachment.objects.filter(application=app))
    audit.record(action="cases.draft_deleted", actor=by, object_type="case", object_id=app.tracking_number,
                 data={"service": app.service.code, "attachments": len(attachments)})
    names = [a.file.name for a in attachments if a.file.name]
    storage = Attachment._meta.get_field("file").storage  # type: ignore[union-attr]
    Attachment.objects.filter(application=app).delete()
    CaseEvent.objects.filter(application=app).delete()
    Notice.objects.filter(application=app).delete()
    app.delete()

    def remove_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove_files)


def _create(version, by, applicant, filed_by, data, idempotency_key) -> Created:
    cleaned = _validated_data(version, None, data) if data else {}
    profile = CitizenProfile.objects.get(user=applicant)
    regency = profile.regency_code
    office = office_for(version.unit_type, regency)
    pin = pin_new()
    number = tracking_number_new()
    now = timezone.now()
    app = Application.objects.create(
        tracking_number=number, pin_hash=_pin_hash(number, pin), service_id=version.service_id,
        service_version=version, workflow_id=version.workflow_id, applicant=applicant, filed_by=filed_by,
        subject_nik=profile.nik, subject_name=applicant.full_name, office=office, regency_code=regency,
        village_code=profile.village_id, data=cleaned, state=State.DRAFT, created_at=now, updated_at=now,
        sla_days=sla_days_for(version, office), idempotency_key=idempotency_key,
        public_log=[_public_entry("create", State.DRAFT, now)],
    )
    if data:
        handler_for(version).validate(app, cleaned)  # may route the case by the family card's address
    if filed_by is not None:
        counter.check_scope(filed_by, app.regency_code)
    _append(app, action="create", from_state="", to_state=State.DRAFT, by=by, role=_role_label(by, app))
    audit.record(action="cases.created", actor=by, object_type="case", object_id=number,
                 data={"service": version.service.code, "version": version.version, "office": office.name,
                       "filed_by": filed_by.pk if filed_by else None})
    return Created(app, pin, True)


@transaction.atomic
def application_update_data(*, application: Application, by: User, data: Any) -> Application:
    app = Application.objects.select_for_update().select_related("service_version__service").get(pk=application.pk)
    if app.state not in EDITABLE_STATES:
        raise _invalid_transition(app, "edit")
    app.data = _validated_data(app.service_version, app, data)  # may route the case (civil handlers)
    acting_for_someone = app.filed_by_id is not None and by.pk == app.filed_by_id != app.applicant_id
    if acting_for_someone and not counter.in_scope(by, app.regency_code):
        # Raised inside this transaction: the routing the handler just did rolls back with it.
        raise ValidationError({"__all__": [counter.outside_jurisdiction_message()]})
    app.updated_at = timezone.now()
    app.save(update_fields=["data", "updated_at"])
    audit.record(action="cases.data_updated", actor=by, object_type="case", object_id=app.tracking_number,
                 data={"fields": sorted(app.data)})
    return app
