"""The register's quality: duplicate reviews (with each decision as an action) and the runs of
the population import."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .register import Person


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu keputusan")
    DUPLICATE = "duplicate", _("Ganda")
    NOT_DUPLICATE = "not_duplicate", _("Bukan ganda")


class DuplicateReview(models.Model):
    """A new person that matched one or more existing persons under the configured rules.
    The decision is taken by an officer and recorded as ``DuplicateAction`` rows."""

    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews",
                               help_text=_("Data baru yang ditahan (kosong bila belum dibuat)."))
    subject = models.JSONField(_("data yang dicek"), default=dict)
    candidates = models.ManyToManyField(Person, related_name="+")
    matches = models.JSONField(_("aturan yang cocok"), default=list)
    source = models.CharField(_("sumber"), max_length=20)  # "import", "birth", "register"
    source_ref = models.CharField(max_length=60, blank=True, db_index=True)
    regency_code = models.CharField(max_length=4, db_index=True)
    fingerprint = models.CharField(max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=14, choices=ReviewStatus.choices,
                              default=ReviewStatus.PENDING, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dugaan data ganda")
        verbose_name_plural = _("dugaan data ganda")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.source} {self.status}"


class DuplicateAction(models.Model):
    """Append-only log of a review: flagged, then the officer's decision."""

    review = models.ForeignKey(DuplicateReview, on_delete=models.PROTECT, related_name="actions")
    action = models.CharField(max_length=20)  # flagged / duplicate / not_duplicate
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                           related_name="+")
    note = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.review_id}: {self.action}"


class ImportRun(models.Model):
    """One ``import_population`` file: progress is committed with each batch, so a run resumes
    after the last committed row."""

    file_sha256 = models.CharField(max_length=64, unique=True)
    file_name = models.CharField(max_length=300)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    last_row = models.PositiveIntegerField(default=0)
    persons_imported = models.PositiveIntegerField(default=0)
    cards_imported = models.PositiveIntegerField(default=0)
    rows_failed = models.PositiveIntegerField(default=0)
    persons_held = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("impor data penduduk")
        verbose_name_plural = _("impor data penduduk")

    def __str__(self) -> str:
        return self.file_name
