"""Workflow definitions: data, versioned (DIGIT's workflow configuration: states and actions
as rows). A case keeps the workflow version it started with."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
