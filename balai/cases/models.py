"""Service catalogue, workflow definitions, applications (cases), their action log and attachments.

Shapes: Open Zaak's case types (SLA as fields on the type), DIGIT's workflow configuration
(states and actions as rows), OpenCRVS's append-only actions (``CaseEvent``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .catalogue_text import english, localized


class UnitType(models.TextChoices):
    DUKCAPIL = "dukcapil", _("Dinas Kependudukan dan Pencatatan Sipil kabupaten/kota")
    BAPENDA = "bapenda", _("UPT PPD Bapenda (Samsat)")
    PROVINCE = "province", _("Perangkat daerah provinsi")
    OTHER = "other", _("Unit layanan lainnya")


# Office names follow the staff profile's ``unit`` field, e.g. "Dispendukcapil Kota Surabaya".
UNIT_NAME_PREFIX: dict[str, str] = {
    UnitType.DUKCAPIL: "Dispendukcapil",
    UnitType.BAPENDA: "UPT PPD",
    UnitType.PROVINCE: "Pemprov Jatim —",
    UnitType.OTHER: "Unit Layanan",
}


class Office(models.Model):
    """An issuing office: the unit of one type that serves one regency. Staff see the cases of
    offices whose name equals their ``StaffProfile.unit`` within their jurisdiction."""

    unit_type = models.CharField(_("jenis unit"), max_length=12, choices=UnitType.choices)
    regency_code = models.CharField(_("kode kabupaten/kota"), max_length=4)
    name = models.CharField(_("nama kantor"), max_length=150, db_index=True)
    email = models.EmailField(_("e-mail kantor"), blank=True)

    class Meta:
        verbose_name = _("kantor layanan")
        verbose_name_plural = _("kantor layanan")
        constraints = [models.UniqueConstraint(fields=["unit_type", "regency_code"], name="office_unit_regency_unique")]

    def __str__(self) -> str:
        return self.name


# --- Workflow definitions (data, versioned) ---------------------------------------------------

class Workflow(models.Model):
    """A versioned workflow. A case keeps the version it started with; a change is a new version."""

    code = models.SlugField(_("kode"), max_length=40)
    version = models.PositiveIntegerField(_("versi"), default=1)
    name = models.CharField(_("nama"), max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("alur kerja")
        verbose_name_plural = _("alur kerja")
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="workflow_code_version_unique")]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class WorkflowState(models.Model):
    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="states")
    code = models.SlugField(_("kode"), max_length=30)
    name = models.CharField(_("nama"), max_length=80)
    is_initial = models.BooleanField(_("awal"), default=False)
    is_terminal = models.BooleanField(_("akhir"), default=False)
    clock_runs = models.BooleanField(_("jam SLA berjalan"), default=False)
    sla_days = models.PositiveSmallIntegerField(_("SLA tahap (hari kerja)"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("status alur")
        verbose_name_plural = _("status alur")
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["workflow", "code"], name="workflow_state_unique")]

    def __str__(self) -> str:
        return self.code


class ActorRole(models.TextChoices):
    APPLICANT = "applicant", _("Pemohon")
    COUNTER = "counter", _("Petugas loket atas nama pemohon")
    OFFICER = "officer", _("Petugas")
    SUPERVISOR = "supervisor", _("Supervisor")
    SYSTEM = "system", _("Sistem")


class WorkflowAction(models.Model):
    """An edge of the workflow. ``to_state`` empty = the state does not change (e.g. reassign)."""

    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="actions")
    code = models.SlugField(_("kode"), max_length=30)
    name = models.CharField(_("nama"), max_length=80)
    from_states = models.JSONField(_("dari status"), default=list)
    to_state = models.CharField(_("ke status"), max_length=30, blank=True)
    roles = models.JSONField(_("peran yang boleh"), default=list)
    note_required = models.BooleanField(_("wajib catatan"), default=False)
    requires_complete = models.BooleanField(_("wajib persyaratan lengkap"), default=False)
    requires_verified = models.BooleanField(_("wajib persyaratan terverifikasi"), default=False)
    requires_holder = models.BooleanField(_("hanya pemegang berkas"), default=False)

    class Meta:
        verbose_name = _("aksi alur")
        verbose_name_plural = _("aksi alur")
        constraints = [models.UniqueConstraint(fields=["workflow", "code"], name="workflow_action_unique")]

    def __str__(self) -> str:
        return self.code


# --- Service catalogue (versioned) ------------------------------------------------------------

class Service(models.Model):
    """The stable identity of a service; its content lives in ``ServiceVersion``."""

    code = models.SlugField(_("kode layanan"), max_length=40, unique=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=100)

    class Meta:
        verbose_name = _("layanan")
        verbose_name_plural = _("layanan")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.code


class ServiceVersion(models.Model):
    """One published version of a service: the six service-standard components that citizens
    see before applying (UU 25/2009 Art. 21; PermenPANRB 15/2014), the SLA and the form.
    A version that has applications is frozen; changes go into a new version."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(_("versi"), default=1)
    published_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True)
    name_id = models.CharField(_("nama (Indonesia)"), max_length=150)
    name_en = models.CharField(_("nama (Inggris)"), max_length=150, blank=True)
    description = models.TextField(_("uraian"), blank=True)
    description_en = models.TextField(_("uraian (Inggris)"), blank=True)
    unit_type = models.CharField(_("unit pelaksana"), max_length=12, choices=UnitType.choices,
                                 default=UnitType.DUKCAPIL)
    handler = models.CharField(_("penangan"), max_length=40, default="generic",
                               help_text=_("Kode penangan terdaftar; 'generic' menerbitkan surat keputusan."))
    workflow = models.ForeignKey(Workflow, on_delete=models.PROTECT, related_name="+")
    is_adminduk = models.BooleanField(_("layanan Adminduk"), default=False,
                                      help_text=_("Layanan Adminduk selalu gratis (UU 24/2013 Pasal 79A)."))
    # 1. requirements: rows of Requirement, plus a free note
    requirements_note = models.TextField(_("catatan persyaratan"), blank=True)
    requirements_note_en = models.TextField(_("catatan persyaratan (Inggris)"), blank=True)
    # 2. system, mechanism and procedure: one step per line
    procedure = models.TextField(_("sistem, mekanisme, dan prosedur"))
    procedure_en = models.TextField(_("sistem, mekanisme, dan prosedur (Inggris)"), blank=True,
                                    help_text=_("Satu langkah per baris, sama banyak dengan versi Indonesia."))
    # 3. completion time
    sla_days = models.PositiveSmallIntegerField(_("jangka waktu (hari kerja)"))
    # 4. cost: integer rupiah
    fee = models.BigIntegerField(_("biaya (rupiah)"), default=0)
    cost_note = models.CharField(_("keterangan biaya"), max_length=200, blank=True)
    cost_note_en = models.CharField(_("keterangan biaya (Inggris)"), max_length=200, blank=True)
    # 5. product
    product = models.CharField(_("produk layanan"), max_length=200)
    product_en = models.CharField(_("produk layanan (Inggris)"), max_length=200, blank=True)
    # 6. complaints, suggestions and input
    complaint_channel = models.TextField(_("penanganan pengaduan, saran, dan masukan"))
    complaint_channel_en = models.TextField(_("penanganan pengaduan, saran, dan masukan (Inggris)"), blank=True)
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    legal_basis_en = models.TextField(_("dasar hukum (Inggris)"), blank=True)
    form_schema = models.JSONField(_("formulir (skema)"), default=list, blank=True,
                                   help_text=_("Daftar isian: name, label, label_en, type, required, "
                                               "choices ([nilai, label, label Inggris]), help, help_en, …"))

    class Meta:
        verbose_name = _("versi layanan")
        verbose_name_plural = _("versi layanan")
        ordering = ["service", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["service", "version"], name="service_version_unique"),
            models.CheckConstraint(condition=Q(fee__gte=0), name="service_fee_not_negative"),
            # UU 24/2013 Art. 79A: issuing population documents is free, without exception.
            models.CheckConstraint(condition=Q(is_adminduk=False) | Q(fee=0), name="adminduk_service_is_free"),
        ]

    def __str__(self) -> str:
        return f"{self.service.code} v{self.version}"

    def clean(self) -> None:
        if self.is_adminduk and self.fee:
            raise ValidationError({"fee": _("Layanan Adminduk tidak boleh dikenai biaya (UU 24/2013 Pasal 79A).")},
                                  code="adminduk_fee")
        if self.fee < 0:
            raise ValidationError({"fee": _("Biaya tidak boleh negatif.")})
        if self.procedure_en and len(localized_steps(self.procedure_en)) != len(localized_steps(self.procedure)):
            raise ValidationError({"procedure_en": _("Jumlah langkah versi Inggris harus sama dengan versi Indonesia.")},
                                  code="procedure_steps")
        from .forms_schema import schema_errors

        errors = schema_errors(self.form_schema)
        if errors:
            raise ValidationError({"form_schema": errors})

    @property
    def name(self) -> str:
        """The name in the active language (English when filled, else Indonesian)."""
        return self.name_en if english() and self.name_en else self.name_id

    @property
    def procedure_steps(self) -> list[str]:
        return localized_steps(localized(self, "procedure"))


def localized_steps(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class FileFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"


def default_formats() -> list[str]:
    return ["pdf", "jpeg", "png"]


class Requirement(models.Model):
    """A document a service asks for. ``alternative_of`` links an accepted substitute to the
    requirement it replaces (Permendagri 9/2016: SPTJM instead of a birth letter)."""

    service_version = models.ForeignKey(ServiceVersion, on_delete=models.CASCADE, related_name="requirements")
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama dokumen"), max_length=200)
    name_en = models.CharField(_("nama dokumen (Inggris)"), max_length=200, blank=True)
    description = models.CharField(_("keterangan"), max_length=300, blank=True)
    description_en = models.CharField(_("keterangan (Inggris)"), max_length=300, blank=True)
    formats = models.JSONField(_("format yang diterima"), default=default_formats)
    max_size_kb = models.PositiveIntegerField(_("ukuran maksimum (KB)"), default=5120)
    required = models.BooleanField(_("wajib"), default=True)
    alternative_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                                       related_name="alternatives", verbose_name=_("pengganti untuk"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("persyaratan")
        verbose_name_plural = _("persyaratan")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["service_version", "code"], name="requirement_code_unique")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        bad = set(self.formats or []) - set(FileFormat.values)
        if bad or not self.formats:
            raise ValidationError({"formats": _("Format harus salah satu dari: pdf, jpeg, png.")})
        if self.alternative_of is not None and self.alternative_of.service_version_id != self.service_version_id:
            raise ValidationError({"alternative_of": _("Pengganti harus dari versi layanan yang sama.")})


class OfficeServiceSLA(models.Model):
    """A published completion time of one issuing office for one service (REFERENCE §2.2: each
    Disdukcapil publishes its own standar pelayanan). Overrides ``ServiceVersion.sla_days``."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="office_slas")
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="slas")
    sla_days = models.PositiveSmallIntegerField(_("jangka waktu (hari kerja)"))
    basis = models.CharField(_("dasar (standar pelayanan kantor)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("SLA per kantor")
        verbose_name_plural = _("SLA per kantor")
        constraints = [models.UniqueConstraint(fields=["service", "office"], name="office_sla_unique")]

    def __str__(self) -> str:
        return f"{self.office} — {self.sla_days}"


# --- Applications ------------------------------------------------------------------------------

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
