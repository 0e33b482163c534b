"""Applications (cases), their append-only action log (OpenCRVS's ``CaseEvent``), attachments
and in-app notices."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .catalogue import Office, Requirement, Service, ServiceVersion
from .workflow import ActorRole, Workflow


class State(models.TextChoices):
    """The default workflow's states, for labels and filters (the workflow rows are the rules)."""

    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    IN_REVIEW = "in_review", _("Diperiksa")
    RETURNED = "returned", _("Dikembalikan untuk perbaikan")
    RESUBMITTED = "resubmitted", _("Diajukan ulang")
    APPROVED = "approved", _("Disetujui")
    COMPLETED = "completed", _("Selesai")
    REJECTED = "rejected", _("Ditolak")
    CANCELLED = "cancelled", _("Dibatalkan")


STATE_LABELS = {s.value: s.label for s in State}
FINAL_STATES = frozenset({State.COMPLETED, State.REJECTED, State.CANCELLED})
# States in an officer's queue (the queue's partial index covers exactly these).
QUEUE_STATES = (State.SUBMITTED, State.IN_REVIEW, State.RETURNED, State.RESUBMITTED, State.APPROVED)
EDITABLE_STATES = frozenset({State.DRAFT, State.RETURNED})


class Application(models.Model):
    """A case. ``state`` is a projection of the ``CaseEvent`` log (replay equals it)."""

    tracking_number = models.CharField(_("nomor pelacakan"), max_length=10, unique=True)
    pin_hash = models.CharField(max_length=64)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    service_version = models.ForeignKey(ServiceVersion, on_delete=models.PROTECT, related_name="applications")
    workflow = models.ForeignKey(Workflow, on_delete=models.PROTECT, related_name="+")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", help_text=_("Petugas loket yang mengajukan atas nama warga."))
    subject_nik = models.CharField(_("NIK yang bersangkutan"), max_length=16)
    subject_name = models.CharField(_("nama yang bersangkutan"), max_length=150)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="applications")
    regency_code = models.CharField(max_length=4)
    village_code = models.CharField(max_length=10)
    data = models.JSONField(default=dict, blank=True)
    state = models.CharField(_("status"), max_length=30, default=State.DRAFT)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    sla_days = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    due_date = models.DateField(_("batas waktu"), null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outputs = models.JSONField(default=list, blank=True)
    # Projection of the public part of the log (action, state, time): public tracking reads one row.
    public_log = models.JSONField(default=list, blank=True)
    idempotency_key = models.CharField(max_length=80, blank=True)

    class Meta:
        verbose_name = _("permohonan")
        verbose_name_plural = _("permohonan")
        indexes = [
            models.Index(fields=["applicant", "-created_at"], name="case_applicant_idx"),
            models.Index(fields=["office", "state", "due_date"], name="case_office_state_due_idx",
                         condition=Q(state__in=list(QUEUE_STATES))),
            # The queue's order (due date) straight from an index: LIMIT 50 reads 50 entries, not the
            # whole office's open cases (bench: 30 ms → 0.2 ms at 1M cases). The index above serves
            # the counts per state as an index-only scan.
            models.Index(fields=["office", "due_date", "id"], name="case_queue_due_idx",
                         condition=Q(state__in=list(QUEUE_STATES))),
            # The queue's "overdue" filter: its count of matching cases (the pager) is an index-only
            # scan and its page an ordered index scan (bench, 1M cases: count 20 ms → 0.5 ms).
            models.Index(fields=["office", "due_date", "id"], name="case_queue_overdue_idx",
                         condition=Q(state__in=["submitted", "in_review", "resubmitted"], paused_at__isnull=True)),
            models.Index(fields=["due_date"], name="case_overdue_idx",
                         condition=Q(escalated_at__isnull=True, state__in=["submitted", "in_review", "resubmitted"])),
        ]
        constraints = [
            models.UniqueConstraint(fields=["applicant", "idempotency_key"], condition=~Q(idempotency_key=""),
                                    name="case_idempotency_unique"),
        ]

    def __str__(self) -> str:
        return self.tracking_number

    @property
    def tracking_display(self) -> str:
        n = self.tracking_number
        return f"{n[:4]}-{n[4:8]}-{n[8:]}"

    def is_overdue(self, today=None) -> bool:
        if self.due_date is None or self.state in FINAL_STATES or self.paused_at is not None:
            return False
        if self.state in (State.DRAFT, State.APPROVED):
            return False
        return self.due_date < (today or timezone.localdate())

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS.get(self.state, self.state))


# Actions shown on the public timeline (claims, releases and reviews are internal).
PUBLIC_ACTIONS = frozenset({"create", "submit", "claim", "return", "resubmit", "approve", "complete",
                            "reject", "cancel"})


class CaseEvent(models.Model):
    """Append-only action log: inserted, never updated or deleted (invariant 2).
    ``transaction_id`` makes a retried request idempotent per (case, action)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    action = models.CharField(max_length=30)
    from_state = models.CharField(max_length=30, blank=True)
    to_state = models.CharField(max_length=30)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    actor_role = models.CharField(max_length=12, choices=ActorRole.choices)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    transaction_id = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("riwayat permohonan")
        verbose_name_plural = _("riwayat permohonan")
        ordering = ["application", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["application", "seq"], name="case_event_seq_unique"),
            models.UniqueConstraint(fields=["application", "action", "transaction_id"],
                                    condition=~Q(transaction_id=""), name="case_event_txid_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}#{self.seq} {self.action}"


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Belum diperiksa")
    VERIFIED = "verified", _("Sesuai")
    REJECTED = "rejected", _("Tidak sesuai")


def attachment_path(instance: Attachment, filename: str) -> str:
    """Random storage name; the client's file name never reaches the file system."""
    now = timezone.now()
    ext = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(instance.content_type, "bin")
    return f"cases/{now:%Y/%m}/{uuid.uuid4().hex}.{ext}"


class Attachment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="attachments")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    superseded = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING)
    review_note = models.CharField(max_length=300, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")
        ordering = ["application", "requirement__order", "id"]

    def __str__(self) -> str:
        return self.original_name


class Notice(models.Model):
    """An in-app notice (e.g. an escalation to a supervisor, a state change to an applicant)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_notices")
    application = models.ForeignKey(Application, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"], name="notice_user_idx")]
        constraints = [
            # The escalation task is idempotent: one escalation notice per case per person.
            models.UniqueConstraint(fields=["user", "application", "kind"], condition=Q(kind="escalation"),
                                    name="notice_escalation_once"),
        ]

    def __str__(self) -> str:
        return self.title


# Labels of actions in timelines (the workflow rows carry the rules; these are display only).
ACTION_LABELS = {
    "create": _("Permohonan dibuat"),
    "submit": _("Diajukan"),
    "cancel": _("Dibatalkan oleh pemohon"),
    "claim": _("Diperiksa petugas"),
    "release": _("Dilepas ke antrean"),
    "reassign": _("Dialihkan ke petugas lain"),
    "return": _("Dikembalikan untuk perbaikan"),
    "resubmit": _("Diajukan ulang"),
    "approve": _("Disetujui"),
    "reject": _("Ditolak"),
    "complete": _("Selesai, dokumen terbit"),
    "verify": _("Persyaratan diverifikasi"),
    "reject_requirement": _("Persyaratan tidak sesuai"),
}
