"""Promotion proposals and retirement files of ASN: the domain record (the rule facts: period,
ranks, BUP, TMT) of a case on the case engine (``balai.cases``), one-to-one. The case carries the
state, the requirements, the routing (the unit's HR officer, then BKD), the SLA, the audit trail
and the decision letter; nothing of that is repeated here."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PromotionProposal(models.Model):
    """A regular promotion (KP reguler) proposal for one period."""

    profile = models.ForeignKey("asn.AsnProfile", on_delete=models.PROTECT, related_name="promotions")
    application = models.OneToOneField("cases.Application", on_delete=models.PROTECT, related_name="asn_promotion",
                                       verbose_name=_("permohonan"))
    period = models.DateField(_("periode (TMT pangkat baru)"))
    from_rank = models.CharField(max_length=5)
    to_rank = models.CharField(max_length=5)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("usul kenaikan pangkat")
        verbose_name_plural = _("usul kenaikan pangkat")
        constraints = [models.UniqueConstraint(fields=["profile", "period"], name="asn_promotion_once_per_period")]

    def __str__(self) -> str:
        return f"{self.profile} {self.from_rank}→{self.to_rank} {self.period}"

    @property
    def tmt(self):
        return self.period


class RetirementFile(models.Model):
    """A retirement (BUP) file, opened by the daily task a configurable number of months ahead."""

    profile = models.OneToOneField("asn.AsnProfile", on_delete=models.PROTECT, related_name="retirement")
    application = models.OneToOneField("cases.Application", on_delete=models.PROTECT, related_name="asn_retirement",
                                       verbose_name=_("permohonan"))
    retirement_age = models.PositiveSmallIntegerField()
    tmt = models.DateField(_("TMT pensiun"))
    opened_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("berkas pensiun")
        verbose_name_plural = _("berkas pensiun")

    def __str__(self) -> str:
        return f"{self.profile} TMT {self.tmt}"
