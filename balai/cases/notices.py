"""Case notices (balai.notifications): to the applicant when a case is submitted, returned for
correction (with the officer's note), approved, rejected (with the reason) and completed — when
the case issued documents, completion is the "documents ready" notice with their links; to
officers when a case is assigned to them and to supervisors when cases pass their deadline.
``emit`` is called by the workflow engine inside the action's transaction."""

from __future__ import annotations

import hashlib

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from balai.notifications.registry import STAFF, Text, register_event
from balai.notifications.services import notify

_CASE = ("number", "service", "url")

register_event("cases.submitted", _("Permohonan diterima"), category="applications", placeholders=(*_CASE, "due_date"),
               templates={"email": {"id": Text("Permohonan {number} ({service}) sudah kami terima. Batas waktu "
                                               "layanan: {due_date}. Lacak: {url}", subject="Permohonan {number} diterima"),
                                    "en": Text("We received application {number} ({service}). Service deadline: "
                                               "{due_date}. Track it: {url}", subject="Application {number} received")},
                          "sms": {"id": "Balai: permohonan {number} diterima, selesai paling lambat {due_date}. {url}",
                                  "en": "Balai: application {number} received, due by {due_date}. {url}"}})
register_event("cases.returned", _("Permohonan dikembalikan untuk perbaikan"), category="applications",
               placeholders=(*_CASE, "note"),
               templates={"email": {"id": Text("Permohonan {number} ({service}) dikembalikan untuk perbaikan.\n\n"
                                               "Catatan petugas: {note}\n\nPerbaiki dan kirim ulang: {url}",
                                               subject="Permohonan {number} perlu diperbaiki"),
                                    "en": Text("Application {number} ({service}) was returned for correction.\n\n"
                                               "Officer's note: {note}\n\nFix it and resubmit: {url}",
                                               subject="Application {number} needs correction")},
                          "sms": {"id": "Balai: permohonan {number} perlu diperbaiki: {note}. {url}",
                                  "en": "Balai: application {number} needs correction: {note}. {url}"}})
register_event("cases.approved", _("Permohonan disetujui"), category="applications", placeholders=_CASE,
               templates={"email": {"id": Text("Permohonan {number} ({service}) disetujui. Dokumen sedang "
                                               "diterbitkan. Rincian: {url}", subject="Permohonan {number} disetujui"),
                                    "en": Text("Application {number} ({service}) was approved. The documents are "
                                               "being issued. Details: {url}", subject="Application {number} approved")},
                          "sms": {"id": "Balai: permohonan {number} disetujui. {url}",
                                  "en": "Balai: application {number} approved. {url}"}})
register_event("cases.rejected", _("Permohonan ditolak"), category="applications", placeholders=(*_CASE, "note"),
               templates={"email": {"id": Text("Permohonan {number} ({service}) ditolak.\n\nAlasan: {note}\n\n"
                                               "Rincian: {url}", subject="Permohonan {number} ditolak"),
                                    "en": Text("Application {number} ({service}) was rejected.\n\nReason: {note}\n\n"
                                               "Details: {url}", subject="Application {number} rejected")},
                          "sms": {"id": "Balai: permohonan {number} ditolak: {note}. {url}",
                                  "en": "Balai: application {number} rejected: {note}. {url}"}})
register_event("cases.completed", _("Permohonan selesai"), category="applications", placeholders=_CASE,
               templates={"email": {"id": Text("Permohonan {number} ({service}) selesai. Rincian: {url}",
                                               subject="Permohonan {number} selesai"),
                                    "en": Text("Application {number} ({service}) is complete. Details: {url}",
                                               subject="Application {number} complete")}})
register_event("cases.documents_ready", _("Dokumen siap diunduh"), category="documents",
               placeholders=(*_CASE, "documents"),
               templates={"email": {"id": Text("Dokumen permohonan {number} ({service}) sudah terbit dan "
                                               "ditandatangani elektronik: {documents}.\n\nUnduh di: {url}",
                                               subject="Dokumen {number} siap diunduh"),
                                    "en": Text("The documents of application {number} ({service}) are issued and "
                                               "electronically signed: {documents}.\n\nDownload them at: {url}",
                                               subject="Documents of {number} ready")},
                          "sms": {"id": "Balai: dokumen permohonan {number} siap diunduh. {url}",
                                  "en": "Balai: the documents of application {number} are ready. {url}"}})
register_event("cases.assigned", _("Permohonan ditugaskan kepada Anda"), category="work", audience=STAFF,
               placeholders=_CASE,
               templates={"email": {"id": Text("Permohonan {number} ({service}) ditugaskan kepada Anda. Buka: {url}",
                                               subject="Tugas baru: {number}"),
                                    "en": Text("Application {number} ({service}) was assigned to you. Open: {url}",
                                               subject="New assignment: {number}")}})
register_event("cases.escalated", _("Permohonan melewati batas waktu"), category="work", audience=STAFF,
               placeholders=("count", "office", "numbers", "url"),
               templates={"email": {"id": Text("{count} permohonan melewati batas waktu layanan di {office}: "
                                               "{numbers}. Buka antrean kerja: {url}",
                                               subject="{count} permohonan melewati batas waktu di {office}"),
                                    "en": Text("{count} applications passed their service deadline at {office}: "
                                               "{numbers}. Open the work queue: {url}",
                                               subject="{count} applications overdue at {office}")}})

_APPLICANT_EVENTS = {"submit": "cases.submitted", "return": "cases.returned", "approve": "cases.approved",
                     "reject": "cases.rejected", "complete": "cases.completed"}


def emit(app, action: str, note: str = "") -> None:
    """The notices of one workflow action (inside its transaction, after its event was appended)."""
    event = _APPLICANT_EVENTS.get(action)
    if action == "reassign" and app.assignee_id:
        _case_notice("cases.assigned", app, app.assignee, reverse("cases:desk_case", args=[app.tracking_number]))
        return
    if event is None or app.applicant is None:
        return
    extra: dict = {}
    if action in ("return", "reject"):
        extra["note"] = note or "-"
    if action == "submit":
        extra["due_date"] = app.due_date or "-"
    if action == "complete" and app.outputs:
        event = "cases.documents_ready"
        extra["documents"] = ", ".join(str(o.get("title", "")) for o in app.outputs)
    _case_notice(event, app, app.applicant, reverse("cases:application", args=[app.tracking_number]), extra)


def _case_notice(event: str, app, recipient, url: str, extra: dict | None = None) -> None:
    seq = app.events.order_by("-seq").values_list("seq", flat=True).first() or 0
    notify(event, recipient=recipient, key=f"{app.tracking_number}:{seq}", context={
        "number": app.tracking_display, "service": app.service_version.name, "url": url, **(extra or {})})


def escalated(*, office, cases, supervisors) -> None:
    """One notice per supervisor for the cases of one escalation run at ``office``."""
    numbers = sorted(c.tracking_display for c in cases)
    key = f"{office.pk}:" + hashlib.sha256(",".join(numbers).encode()).hexdigest()[:24]
    for supervisor in supervisors:
        notify("cases.escalated", recipient=supervisor, key=key, context={
            "count": len(cases), "office": office.name, "numbers": ", ".join(numbers[:20]),
            "url": reverse("cases:desk_queue")})
