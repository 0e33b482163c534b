"""The workflow engine. ``application_act`` reads the rules from the case's pinned workflow
version: who may act (roles), from which states, whether a note is required, whether requirements
must be complete or verified first. Every accepted action appends one ``CaseEvent``; the case's
``state`` is a projection of those events (``events.application_replay``).

Each public function runs in one transaction; side effects leave the process only through the
outbox or ``transaction.on_commit`` (invariant 1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import Role, User
from balai.core import audit
from balai.core.api import ApiError, invalid_text
from balai.core.calendar import add_working_days, working_days_between
from balai.core.text import text_or_raise

from . import notices
from .attachments import missing_requirements, unverified_requirements
from .events import _append, _invalid_transition, _public_entry, actor_roles
from .handlers import handler_for
from .models import (
    FINAL_STATES,
    PUBLIC_ACTIONS,
    ActorRole,
    Application,
    Notice,
    Requirement,
    State,
    WorkflowAction,
)
from .pins import application_pin_reset


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
        acting_role = _allowed_role(app, rule, by, action)
        _check_preconditions(app, rule, note)
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


def _allowed_role(app: Application, rule: WorkflowAction, by: User | None, action: str) -> str:
    """The role ``by`` performs ``rule`` in, or the refusal: not a role of the rule (409
    ``invalid_transition``), not from this state (``already_claimed`` for a claimed case), not the
    holder of a case the rule keeps to its holder (``not_holder``)."""
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
    return acting_role


def _check_preconditions(app: Application, rule: WorkflowAction, note: str) -> None:
    """What the rule asks for before it runs: a note (400 ``note_required``), every required
    document uploaded (422 ``missing_requirements``) or verified (``requirements_not_verified``)."""
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

        if not staff_scope(assignee).covers(app):
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
    notices.emit(app, action, note)  # e-mail / SMS / WhatsApp (balai.notifications)


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
