from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditChain(models.Model):
    """The head of one audit chain: its last sequence number and hash. Writers of one chain
    lock this row; writers of other chains never wait for them (see audit.py)."""

    stream = models.CharField(max_length=40, primary_key=True)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")

    class Meta:
        verbose_name = _("rantai audit")

    def __str__(self) -> str:
        return f"{self.stream} (#{self.last_seq})"


class AuditEntry(models.Model):
    """Append-only audit record. Never updated or deleted; ``balai verify_audit`` proves it."""

    stream = models.CharField(max_length=40)
    seq = models.PositiveBigIntegerField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", db_constraint=False)
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=80, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("catatan audit")
        verbose_name_plural = _("catatan audit")
        constraints = [models.UniqueConstraint(fields=["stream", "seq"], name="audit_stream_seq_unique")]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor", "created_at"]),
            models.Index(fields=["created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.stream}#{self.seq} {self.action}"


class Counter(models.Model):
    """Named counters for reference numbers (see numbers.py). ``key`` e.g. ``tracking``,
    ``doc:kk:3578:2026``."""

    key = models.CharField(max_length=120, primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("penghitung nomor")

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"


class Holiday(models.Model):
    """A correction to the national working-day calendar (see calendar.py): a local holiday or an
    extra cuti bersama (``is_holiday=True``), or a day declared a working day after all
    (``is_holiday=False``, e.g. a cuti bersama that was cancelled). Empty ``regency_code`` = the
    whole province. Editable in the admin."""

    date = models.DateField(_("tanggal"))
    name = models.CharField(_("nama"), max_length=150)
    regency_code = models.CharField(_("kode kabupaten/kota"), max_length=4, blank=True,
                                    help_text=_("Kosongkan untuk seluruh provinsi."))
    is_holiday = models.BooleanField(_("hari libur"), default=True,
                                     help_text=_("Hapus centang untuk menetapkan hari kerja (koreksi)."))
    basis = models.CharField(_("dasar hukum"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("hari libur lokal / cuti bersama")
        verbose_name_plural = _("hari libur lokal / cuti bersama")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["date", "regency_code"], name="holiday_date_regency_unique")]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class OutboxTask(models.Model):
    """Work asked for by a committed change and not done yet (see outbox.py): the row exists if
    and only if the change committed, so a crash after the commit cannot lose the work."""

    task = models.CharField(max_length=200)  # a registered Celery task's name
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField()
    available_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("pekerjaan tertunda")
        verbose_name_plural = _("pekerjaan tertunda")
        indexes = [models.Index(fields=["available_at", "id"], name="core_outbox_due_idx")]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk}"
