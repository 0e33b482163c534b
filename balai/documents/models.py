from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from balai.core.masking import mask_name


class DocType(models.TextChoices):
    """Documents' own types. Other apps register theirs (``registry.register_doc_type``); the
    column has no fixed choices."""

    PAYMENT_RECEIPT = "payment_receipt", _("Bukti Pembayaran")
    APPLICATION_RECEIPT = "application_receipt", _("Tanda Terima Permohonan")
    LETTER = "letter", _("Surat")


OWN_PREFIXES = {"payment_receipt": "KWT", "application_receipt": "TTP", "letter": "SRT"}


class Status(models.TextChoices):
    # A row exists before its PDF does: the verification token (printed in the QR) needs the id.
    # Such a row is invisible to verification until it is complete; a retry completes it.
    ISSUING = "issuing", _("Sedang diterbitkan")
    VALID = "valid", _("Sah")
    SUPERSEDED = "superseded", _("Sudah digantikan")
    REVOKED = "revoked", _("Dicabut")


# Statuses shown to the public; an ``issuing`` row is reported as "not found".
PUBLISHED_STATUSES = frozenset({Status.VALID, Status.SUPERSEDED, Status.REVOKED})


class Paper(models.TextChoices):
    A4 = "a4", _("A4 tegak")
    RECEIPT58 = "receipt58", _("Struk 58 mm")


class Document(models.Model):
    """An issued, signed PDF. The file is stored exactly as signed and never re-rendered; only the
    status changes afterwards (superseded by a newer version, or revoked with a reason)."""

    doc_type = models.CharField(_("jenis"), max_length=32)  # registry.register_doc_type
    number = models.CharField(_("nomor"), max_length=100, unique=True)
    version = models.PositiveIntegerField(_("versi"), default=1)
    # What the document is about, as the calling app names it ("case", "bill", "family_card", …).
    subject_type = models.CharField(_("jenis subjek"), max_length=40)
    subject_id = models.CharField(_("id subjek"), max_length=64)
    subject_name = models.CharField(_("nama subjek"), max_length=150, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="documents", verbose_name=_("pemilik"))
    issuing_unit = models.CharField(_("kantor penerbit"), max_length=150)
    signer_name = models.CharField(_("nama penanda tangan"), max_length=150)
    signer_title = models.CharField(_("jabatan penanda tangan"), max_length=150, blank=True)
    signer_nip = models.CharField(_("NIP penanda tangan"), max_length=18, blank=True)
    signer_plugin = models.CharField(_("penyedia tanda tangan"), max_length=40, blank=True)
    certificate_subject = models.CharField(_("subjek sertifikat"), max_length=255, blank=True)
    certificate_serial = models.CharField(_("nomor seri sertifikat"), max_length=64, blank=True)
    template = models.CharField(_("templat"), max_length=200)
    paper = models.CharField(_("kertas"), max_length=12, choices=Paper.choices, default=Paper.A4)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ISSUING,
                              db_index=True)
    issued_at = models.DateTimeField(_("waktu terbit"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)
    storage_key = models.CharField(_("lokasi berkas"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("ukuran (bita)"), default=0)
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="supersedes", verbose_name=_("digantikan oleh"))
    superseded_at = models.DateTimeField(_("waktu digantikan"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("waktu dicabut"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("dicabut oleh"))
    revocation_reason = models.TextField(_("alasan pencabutan"), blank=True)

    class Meta:
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")
        ordering = ["-issued_at", "-id"]
        constraints = [
            # Issuance is idempotent per (subject, type, version): a retried or concurrent task
            # meets this constraint and picks up the existing row instead of making a second one.
            models.UniqueConstraint(fields=["subject_type", "subject_id", "doc_type", "version"],
                                    name="document_subject_type_version_unique"),
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id", "doc_type", "status"])]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} {self.number}"

    def get_doc_type_display(self) -> str:
        """The registered label of the type (the code if none is registered)."""
        from .registry import doc_type_label

        return doc_type_label(self.doc_type)

    @property
    def token(self) -> str:
        from .tokens import make_token

        return make_token(self.pk)

    @property
    def verify_url(self) -> str:
        return settings.PUBLIC_BASE_URL + reverse("documents:verify", args=[self.token])

    @property
    def download_path(self) -> str:
        return reverse("documents:download", args=[self.pk])

    @property
    def subject_name_masked(self) -> str:
        return mask_name(self.subject_name)

    @property
    def is_published(self) -> bool:
        return self.status in PUBLISHED_STATUSES


class VerificationChannel(models.TextChoices):
    QR = "qr", _("Halaman verifikasi dari kode QR")
    UPLOAD = "upload", _("Unggah PDF untuk diperiksa")
    API = "api", _("API verifikasi")


class VerificationDay(models.Model):
    """How many times documents were verified, per day (Asia/Jakarta), type, issuing unit and
    channel: a counter, never a row per scan, and nothing about who verified (no user, no IP).
    Incremented by ``verification_counts.verification_count`` on each successful verification of a
    known document; unknown tokens and files that match no document are not counted."""

    day = models.DateField(_("tanggal"))
    doc_type = models.CharField(_("jenis"), max_length=32)
    issuing_unit = models.CharField(_("kantor penerbit"), max_length=150)
    channel = models.CharField(_("kanal"), max_length=8, choices=VerificationChannel.choices)
    count = models.PositiveIntegerField(_("jumlah"), default=0)

    class Meta:
        verbose_name = _("verifikasi dokumen per hari")
        verbose_name_plural = _("verifikasi dokumen per hari")
        constraints = [models.UniqueConstraint(fields=["day", "doc_type", "issuing_unit", "channel"],
                                               name="verification_day_unique")]

    def __str__(self) -> str:
        return f"{self.day} {self.doc_type} {self.issuing_unit} {self.channel}: {self.count}"
