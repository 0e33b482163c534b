"""Case writes. Each public function runs in one transaction; side effects leave the process only
through ``transaction.on_commit`` (invariant 1).

The engine (``application_act``) reads the rules from the case's pinned workflow version:
who may act (roles), from which states, whether a note is required, whether requirements must
be complete or verified first. Every accepted action appends one ``CaseEvent``; the case's
``state`` is a projection of those events (``application_replay``).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from balai.accounts import email_verification
from balai.accounts.models import CitizenProfile, Role, User
from balai.core import audit
from balai.core.api import ApiError, invalid_text
from balai.core.calendar import add_working_days, working_days_between
from balai.core.formatting import format_date_ui
from balai.core.idempotency import key_reused
from balai.core.numbers import next_value, scramble, with_check_digit
from balai.core.text import text_or_raise
from balai.regions.models import Region

from . import counter, forms_schema
from .handlers import handler_for
from .labels import action_label
from .models import (
    EDITABLE_STATES,
    FINAL_STATES,
    PUBLIC_ACTIONS,
    UNIT_NAME_PREFIX,
    ActorRole,
    Application,
    Attachment,
    CaseEvent,
    Notice,
    Office,
    OfficeServiceSLA,
    Requirement,
    ReviewStatus,
    ServiceVersion,
    State,
    WorkflowAction,
)
from .uploads import check_file

log = logging.getLogger(__name__)

TRACKING_DIGITS = 9  # + 1 Damm check digit = 10 digits, shown as 1234-5678-90
PIN_DIGITS = 6


# --- numbers and PINs -----------------------------------------------------------------------

def tracking_number_new() -> str:
    """Counter → keyed permutation → Damm check digit: unique, short, not guessable in sequence."""
    return with_check_digit(f"{scramble(next_value('cases:tracking'), digits=TRACKING_DIGITS, domain='cases.tracking'):0{TRACKING_DIGITS}d}")


def _pin_hash(tracking_number: str, pin: str) -> str:
    # Keyed hash: a leaked table alone does not let anyone test the 10**6 PINs offline, and a
    # check costs microseconds, so the public tracking endpoint stays fast.
    return salted_hmac("balai.cases.pin", f"{tracking_number}:{pin}", algorithm="sha256").hexdigest()


def pin_new() -> str:
    return f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"


def pin_matches(app: Application, pin: str) -> bool:
    pin = (pin or "").strip()
    if not (pin.isdigit() and len(pin) == PIN_DIGITS):
        return False
    return hmac.compare_digest(app.pin_hash, _pin_hash(app.tracking_number, pin))


@transaction.atomic
def application_pin_reset(*, application: Application, by: User) -> str:
    """A new PIN for the receipt (the old one stops working). Returned once, never stored."""
    pin = pin_new()
    Application.objects.filter(pk=application.pk).update(pin_hash=_pin_hash(application.tracking_number, pin))
    application.pin_hash = _pin_hash(application.tracking_number, pin)
    audit.record(action="cases.pin_reset", actor=by, object_type="case", object_id=application.tracking_number)
    return pin


# --- routing and SLA --------------------------------------------------------------------------

def office_for(unit_type: str, regency_code: str) -> Office:
    """The issuing office of ``unit_type`` for a regency, created on first use with the name
    staff profiles use ("Dispendukcapil Kota Surabaya")."""
    office = Office.objects.filter(unit_type=unit_type, regency_code=regency_code).first()
    if office is not None:
        return office
    region = Region.objects.filter(code=regency_code).first()
    name = f"{UNIT_NAME_PREFIX.get(unit_type, '')} {region.name if region else regency_code}".strip()
    Office.objects.bulk_create([Office(unit_type=unit_type, regency_code=regency_code, name=name)],
                               ignore_conflicts=True)
    return Office.objects.get(unit_type=unit_type, regency_code=regency_code)


def sla_days_for(version: ServiceVersion, office: Office) -> int:
    override = OfficeServiceSLA.objects.filter(service_id=version.service_id, office=office).first()
    return override.sla_days if override else version.sla_days


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


# --- attachments ------------------------------------------------------------------------------

def attachment_add(*, application: Application, requirement_code: str, upload, by: User) -> Attachment:
    """Check the file by content (413/415/400), then store it under a random name. The earlier
    file for the same requirement is superseded, not deleted (the history stays)."""
    requirement = Requirement.objects.filter(service_version_id=application.service_version_id,
                                             code=requirement_code).first()
    if requirement is None:
        raise ApiError("unknown_requirement", _("Persyaratan tidak dikenal untuk layanan ini."), status_code=400,
                       fields={"requirement": [_("Pilih persyaratan dari daftar layanan.")]})
    checked, content = check_file(upload, allowed=list(requirement.formats), max_bytes=requirement.max_size_kb * 1024)
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk)
        if app.state not in EDITABLE_STATES:
            raise _invalid_transition(app, "upload")
        Attachment.objects.filter(application=app, requirement=requirement, superseded=False).update(superseded=True)
        attachment = Attachment(application=app, requirement=requirement, original_name=checked.safe_name,
                                content_type=checked.content_type, size=checked.size, sha256=checked.sha256,
                                uploaded_by=by)
        attachment.file.save("upload", ContentFile(content), save=False)
        try:
            attachment.save(force_insert=True)
            app.updated_at = timezone.now()
            app.save(update_fields=["updated_at"])
            audit.record(action="cases.attachment_added", actor=by, object_type="case",
                         object_id=app.tracking_number,
                         data={"requirement": requirement.code, "sha256": checked.sha256, "size": checked.size})
        except Exception:
            attachment.file.storage.delete(attachment.file.name or "")  # nothing half-written: no orphan file
            raise
    return attachment


def active_attachments(app: Application) -> list[Attachment]:
    return [a for a in app.attachments.all() if not a.superseded]


def missing_requirements(app: Application, requirements: list[Requirement] | None = None,
                         attachments: list[Attachment] | None = None) -> list[Requirement]:
    """Required documents with no usable file (neither the document nor an accepted alternative)."""
    requirements = requirements if requirements is not None else list(app.service_version.requirements.all())
    attachments = attachments if attachments is not None else list(
        app.attachments.filter(superseded=False).exclude(status=ReviewStatus.REJECTED))
    have = {a.requirement_id for a in attachments if a.status != ReviewStatus.REJECTED and not a.superseded}
    return _unmet(requirements, have)


def unverified_requirements(app: Application) -> list[Requirement]:
    """Required documents whose current file (or an alternative's) is not verified yet."""
    verified = {a.requirement_id for a in app.attachments.filter(superseded=False, status=ReviewStatus.VERIFIED)}
    return _unmet(list(app.service_version.requirements.all()), verified)


def _unmet(requirements: list[Requirement], met: set[int]) -> list[Requirement]:
    """The required documents of which neither the document nor an accepted alternative is in ``met``."""
    return [req for req in requirements if req.required and not req.alternative_of_id
            and not ({req.pk} | {r.pk for r in requirements if r.alternative_of_id == req.pk}) & met]


@transaction.atomic
def attachment_review(*, application: Application, attachment_id: int, by: User, decision: str,
                      reason: str = "") -> Attachment:
    """The case holder marks one file as matching the requirement or not (with a reason)."""
    app = Application.objects.select_for_update().get(pk=application.pk)
    if app.state != State.IN_REVIEW or (app.assignee_id != by.pk and by.role != Role.SUPERVISOR):
        raise ApiError("invalid_transition", _("Klaim berkas ini dulu sebelum memeriksa persyaratan."),
                       status_code=409)
    attachment = Attachment.objects.filter(application=app, pk=attachment_id, superseded=False).first()
    if attachment is None:
        raise ApiError("not_found", _("Lampiran tidak ditemukan."), status_code=404)
    if decision not in (ReviewStatus.VERIFIED, ReviewStatus.REJECTED):
        raise ApiError("invalid", _("Keputusan tidak dikenal."), status_code=400,
                       fields={"decision": [_("Pilih sesuai atau tidak sesuai.")]})
    reason = text_or_raise((reason or "").strip(), invalid_text("reason"))  # web posts it raw
    if decision == ReviewStatus.REJECTED and not reason:
        raise ApiError("note_required", _("Alasan wajib diisi bila persyaratan tidak sesuai."), status_code=400,
                       fields={"reason": [_("Wajib diisi.")]})
    attachment.status, attachment.review_note = decision, reason[:300]
    attachment.reviewed_by, attachment.reviewed_at = by, timezone.now()
    attachment.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
    _append(app, action="verify" if decision == ReviewStatus.VERIFIED else "reject_requirement",
            from_state=app.state, to_state=app.state, by=by, role=by.role, note=reason,  # always at the desk
            data={"requirement": attachment.requirement.code, "attachment": attachment.pk})
    return attachment


# --- the engine -------------------------------------------------------------------------------

def _role_label(user: User | None, app: Application) -> str:
    if user is None:
        return ActorRole.SYSTEM
    if user.pk == app.applicant_id:
        return ActorRole.APPLICANT
    if user.pk == app.filed_by_id:
        return ActorRole.COUNTER
    return user.role


def actor_roles(user: User | None, app: Application) -> set[str]:
    """Every workflow role the user holds on this case (an officer filing at a counter acts as
    the applicant for submit/resubmit while the case stays in their jurisdiction, and as an
    officer for the desk)."""
    if user is None:
        return {ActorRole.SYSTEM}
    from .selectors import filer_in_scope, staff_scope

    roles: set[str] = set()
    if user.pk == app.applicant_id or filer_in_scope(user, app):
        roles.add(ActorRole.APPLICANT)
    if user.role in (Role.OFFICER, Role.SUPERVISOR) and app.office_id in staff_scope(user).office_ids:
        roles.add(user.role)
    return roles


def _invalid_transition(app: Application, action: str) -> ApiError:
    return ApiError("invalid_transition",
                    _("Aksi '%(action)s' tidak diizinkan untuk permohonan berstatus '%(state)s'.")
                    % {"action": action_label(action, app.workflow_id), "state": app.state_label}, status_code=409,
                    fields={"state": app.state, "action": action})


def _append(app: Application, *, action: str, from_state: str, to_state: str, by: User | None, role: str,
            note: str = "", data: dict | None = None, transaction_id: str = "") -> CaseEvent:
    """Insert the next event. Call while holding the case row lock (seq is max + 1)."""
    last = app.events.aggregate(m=Max("seq"))["m"] or 0
    return CaseEvent.objects.create(application=app, seq=last + 1, action=action, from_state=from_state,
                                    to_state=to_state, actor=by, actor_role=role, note=note, data=data or {},
                                    transaction_id=transaction_id)


def _public_entry(action: str, state: str, at) -> dict:
    return {"action": action, "state": state, "at": at.isoformat()}


def _requirement_fields(reqs: list[Requirement], message: str) -> dict[str, list[str]]:
    return {r.code: [f"{r.name}: {message}"] for r in reqs}


def _notify(user_id: int, app: Application, kind: str, title: str, body: str = "") -> None:
    Notice.objects.create(user_id=user_id, application=app, kind=kind, title=title, body=body)


def application_act(*, application: Application, by: User | None, action: str, note: str = "",
                    transaction_id: str = "", assignee: User | None = None) -> Application:
    """Perform one workflow action. Raises ApiError 409 ``invalid_transition`` (state or role),
    409 ``already_claimed``, 422 ``missing_requirements`` / ``requirements_not_verified``, 400
    ``note_required``. A retry with the same ``transaction_id`` returns the case unchanged."""
    return _act(application=application, by=by, action=action, note=note, transaction_id=transaction_id,
                assignee=assignee)[0]


@dataclass(frozen=True)
class Submitted:
    application: Application
    pin: str | None  # the tracking PIN, only on the request that first submitted the case


def application_submit(*, application: Application, by: User, transaction_id: str = "") -> Submitted:
    """Submit (or resubmit) from the web wizard. The first submission issues the tracking PIN
    and returns it once, in the same transaction as the submission (the draft's PIN was never
    shown on the web); a resubmission or a replay of the same ``transaction_id`` returns none."""
    action = "submit" if application.state == State.DRAFT else "resubmit"
    with transaction.atomic():
        app, done = _act(application=application, by=by, action=action, transaction_id=transaction_id)
        if not (done and action == "submit"):
            return Submitted(app, None)
        return Submitted(app, application_pin_reset(application=app, by=by))


def _act(*, application: Application, by: User | None, action: str, note: str = "", transaction_id: str = "",
         assignee: User | None = None) -> tuple[Application, bool]:
    """``application_act``; the flag is False when the request was a replay (nothing done)."""
    note = text_or_raise((note or "").strip(), invalid_text("note"))  # the desk posts it raw
    transaction_id = text_or_raise((transaction_id or "").strip()[:80], invalid_text("transaction_id"))
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk)
        if transaction_id and app.events.filter(action=action, transaction_id=transaction_id).exists():
            return app, False  # idempotent retry: the first request already did it
        rule = WorkflowAction.objects.filter(workflow_id=app.workflow_id, code=action).first()
        if rule is None:
            raise _invalid_transition(app, action)
        roles = actor_roles(by, app)
        if not roles & set(rule.roles):
            raise _invalid_transition(app, action)
        if app.state not in rule.from_states:
            if action == "claim" and app.state == State.IN_REVIEW and app.assignee_id:
                holder = User.objects.filter(pk=app.assignee_id).values_list("full_name", flat=True).first()
                raise ApiError("already_claimed", _("Berkas ini sudah ditangani oleh %(name)s.") % {"name": holder},
                               status_code=409, fields={"assignee": holder})
            raise _invalid_transition(app, action)
        acting_role = next(r for r in (ActorRole.SYSTEM, ActorRole.SUPERVISOR, ActorRole.OFFICER, ActorRole.APPLICANT)
                           if r in roles and r in rule.roles)
        if rule.requires_holder and acting_role == ActorRole.OFFICER:
            assert by is not None  # the officer role comes from actor_roles(by); None (the system) has only SYSTEM
            if app.assignee_id != by.pk:
                raise ApiError("not_holder", _("Hanya petugas yang mengklaim berkas ini yang dapat melakukannya."),
                               status_code=409)
        if rule.note_required and not note:
            raise ApiError("note_required", _("Alasan atau catatan wajib diisi."), status_code=400,
                           fields={"note": [_("Wajib diisi.")]})
        if rule.requires_complete:
            missing = missing_requirements(app)
            if missing:
                raise ApiError("missing_requirements", _("Persyaratan wajib belum diunggah."), status_code=422,
                               fields=_requirement_fields(missing, _("belum diunggah.")))
        if rule.requires_verified:
            pending = unverified_requirements(app)
            if pending:
                raise ApiError("requirements_not_verified", _("Semua persyaratan wajib harus diverifikasi dulu."),
                               status_code=422, fields=_requirement_fields(pending, _("belum diverifikasi.")))
        from_state = app.state
        to_state = rule.to_state or from_state
        data = _apply_effects(app, action, by, to_state, assignee)
        app.state = to_state
        app.updated_at = timezone.now()
        if action in PUBLIC_ACTIONS:
            app.public_log = [*app.public_log, _public_entry(action, to_state, app.updated_at)]
        app.save()
        if acting_role == ActorRole.APPLICANT and by is not None and by.pk != app.applicant_id:
            acting_role = ActorRole.COUNTER  # the counter officer, on the applicant's behalf
        _append(app, action=action, from_state=from_state, to_state=to_state, by=by, role=acting_role, note=note,
                data=data, transaction_id=transaction_id)
        _after(app, action, note)
        audit.record(action=f"cases.{action}", actor=by, object_type="case", object_id=app.tracking_number,
                     data={"from": from_state, "to": to_state, **data})
    return app, True


def _apply_effects(app: Application, action: str, by: User | None, to_state: str, assignee: User | None) -> dict:
    """Side effects of the default actions on the case row (the same in every workflow version)."""
    now = timezone.now()
    today = timezone.localdate()
    data: dict[str, Any] = {}
    if action == "submit":
        app.submitted_at = now
        app.due_date = add_working_days(today, app.sla_days, regency_code=app.regency_code)
        data["due_date"] = app.due_date.isoformat()
    elif action == "claim":
        assert by is not None  # a person claims: the system (by=None) only ever runs "complete"
        app.assignee = by
        data["assignee"] = by.pk
    elif action == "release":
        app.assignee = None
    elif action == "reassign":
        if assignee is None or assignee.role not in (Role.OFFICER, Role.SUPERVISOR):
            raise ApiError("invalid", _("Pilih petugas tujuan."), status_code=400, fields={"assignee": [_("Wajib diisi.")]})
        from .selectors import staff_scope

        if app.office_id not in staff_scope(assignee).office_ids:
            raise ApiError("invalid", _("Petugas tujuan tidak bertugas di kantor ini."), status_code=400,
                           fields={"assignee": [_("Di luar wilayah/unit kerja.")]})
        app.assignee = assignee
        data["assignee"] = assignee.pk
    elif action == "return":
        app.paused_at = now  # the SLA clock stops while the applicant fixes the file
        app.assignee = None
    elif action == "resubmit":
        if app.paused_at is not None and app.due_date is not None:
            paused = working_days_between(timezone.localtime(app.paused_at).date(), today,
                                          regency_code=app.regency_code)
            app.due_date = add_working_days(app.due_date, paused, regency_code=app.regency_code) if paused else app.due_date
            data.update(paused_working_days=paused, due_date=app.due_date.isoformat())
        app.paused_at = None
        app.escalated_at = None
    elif action == "approve":
        handler_for(app.service_version).on_approve(app, by=by)
    elif action == "complete":
        app.closed_at = now
    if to_state in FINAL_STATES:
        app.closed_at = app.closed_at or now
    return data


def _after(app: Application, action: str, note: str) -> None:
    if action == "approve":
        from balai.core import outbox

        from .tasks import issue_outputs

        outbox.enqueue(issue_outputs, robust=True, application_id=app.pk)
    titles = {
        "return": _("Permohonan %(n)s dikembalikan untuk perbaikan"),
        "reject": _("Permohonan %(n)s ditolak"),
        "complete": _("Permohonan %(n)s selesai"),
        "approve": _("Permohonan %(n)s disetujui"),
    }
    if action in titles:
        _notify(app.applicant_id, app, action, titles[action] % {"n": app.tracking_display}, note)


def application_issue_outputs(*, application_id: int) -> Application | None:
    """Issue the handler's documents for an approved case, then complete it (system action).
    Idempotent: a case that is no longer ``approved`` is left alone."""
    from balai.documents.services import document_issue

    with transaction.atomic():
        app = (Application.objects.select_for_update().select_related("service_version__service", "office",
                                                                       "applicant").get(pk=application_id))
        if app.state != State.APPROVED:
            return None
        outputs = []
        for spec in handler_for(app.service_version).outputs(app):
            doc = document_issue(doc_type=spec.doc_type, subject_type="case", subject_id=app.tracking_number,
                                 template=spec.template, context=spec.context, issuing_unit=app.office.name,
                                 subject_name=app.subject_name, owner=app.applicant)
            outputs.append({"title": spec.title, "document_id": doc.pk, "verify_url": doc.verify_url,
                            "download_path": doc.download_path})
        app.outputs = outputs
        app.save(update_fields=["outputs"])
        return application_act(application=app, by=None, action="complete",
                               transaction_id=f"outputs-{app.pk}")


def application_replay(app: Application) -> str:
    """Fold the action log; raises ValueError if an event does not start where the last ended."""
    state = ""
    for event in app.events.order_by("seq"):
        if event.from_state != state:
            raise ValueError(f"event #{event.seq} starts at {event.from_state!r}, log is at {state!r}")
        state = event.to_state
    return state


# --- escalation -------------------------------------------------------------------------------

def overdue_queryset(today):
    return Application.objects.filter(
        escalated_at__isnull=True, paused_at__isnull=True, due_date__lt=today,
        state__in=[State.SUBMITTED, State.IN_REVIEW, State.RESUBMITTED])


def supervisors_of(office: Office) -> list[User]:
    """Supervisors of the office's unit in its regency; else any supervisor of the regency."""
    base = User.objects.filter(role=Role.SUPERVISOR, is_active=True, staff__jurisdiction=office.regency_code)
    same_unit = list(base.filter(staff__unit__iexact=office.name))
    return same_unit or list(base)


def escalate_office(*, office: Office, today, send_mail_fn=None) -> int:
    """Mark the office's overdue cases and tell its supervisors, in one transaction. Idempotent:
    an escalated case is not escalated again until it is resubmitted."""
    from django.core.mail import send_mail

    send = send_mail_fn or send_mail
    with transaction.atomic():
        cases = list(overdue_queryset(today).filter(office=office).select_for_update(skip_locked=True)
                     .order_by("due_date")[:500])
        if not cases:
            return 0
        now = timezone.now()
        Application.objects.filter(pk__in=[c.pk for c in cases]).update(escalated_at=now)
        supervisors = supervisors_of(office)
        numbers = ", ".join(c.tracking_display for c in cases[:20])
        title = _("%(n)s permohonan melewati batas waktu di %(office)s") % {"n": len(cases), "office": office.name}
        notices = [Notice(user=s, application=c, kind="escalation", title=title,
                          body=_("Permohonan %(number)s melewati batas waktu %(due)s.")
                          % {"number": c.tracking_display, "due": format_date_ui(c.due_date)})
                   for s in supervisors for c in cases]
        Notice.objects.bulk_create(notices, ignore_conflicts=True)
        audit.record(action="cases.escalated", object_type="office", object_id=office.pk,
                     data={"cases": [c.tracking_number for c in cases], "supervisors": [s.pk for s in supervisors]})
        recipients = [s.email for s in supervisors if s.email]
        if recipients:
            body = _("Permohonan berikut melewati batas waktu layanan: %(numbers)s. Buka antrean kerja di Balai.") % {
                "numbers": numbers}
            transaction.on_commit(lambda: send(title, body, None, recipients, fail_silently=False))
        if not supervisors:
            log.warning("no supervisor for office %s; %d overdue cases marked", office.pk, len(cases))
    return len(cases)


def escalate_overdue(*, today=None) -> dict[str, int]:
    """Every office with overdue cases, each in its own transaction: one failing office is
    logged and skipped, the others are still escalated."""
    today = today or timezone.localdate()
    office_ids = sorted(set(overdue_queryset(today).values_list("office_id", flat=True).distinct()))
    result = {"offices": 0, "cases": 0, "failed": 0}
    for office in Office.objects.filter(pk__in=office_ids).order_by("pk"):
        try:
            n = escalate_office(office=office, today=today)
        except Exception:
            log.exception("escalation failed for office %s", office.pk)
            result["failed"] += 1
            continue
        result["offices"] += 1
        result["cases"] += n
    return result
