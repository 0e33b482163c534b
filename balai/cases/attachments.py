"""Attachments of a case: adding a file for a requirement, the desk's review of it, and which
required documents are still missing or unverified (the engine's completeness checks)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import Role, User
from balai.core import audit
from balai.core.api import ApiError, invalid_text
from balai.core.text import text_or_raise

from .events import _append, _invalid_transition
from .models import EDITABLE_STATES, Application, Attachment, Requirement, ReviewStatus, State
from .uploads import check_file


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
