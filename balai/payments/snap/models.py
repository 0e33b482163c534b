"""Banks that call Balai through SNAP, and what Balai remembers of their calls.

Imported by ``balai.payments.models`` (app label ``payments``; migrations in payments)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import crypto


class SnapPartner(models.Model):
    """A bank (or payment provider) configured in the admin: how it signs and what it may do."""

    code = models.SlugField(_("kode"), max_length=20, unique=True,
                            help_text=_("Nama pendek; kanal pembayarannya menjadi snap:<kode>."))
    name = models.CharField(_("nama"), max_length=120)
    partner_id = models.CharField(_("partner ID (X-PARTNER-ID)"), max_length=36, unique=True)
    client_key = models.CharField(_("client key (X-CLIENT-KEY)"), max_length=64, unique=True)
    channel_ids = models.CharField(_("channel ID (CHANNEL-ID)"), max_length=200,
                                   help_text=_("Dipisah koma, mis. 95221,95231."))
    partner_service_id = models.CharField(_("partnerServiceId (prefiks VA)"), max_length=8, unique=True,
                                          help_text=_("Kode perusahaan dari bank, paling banyak 8 karakter."))
    public_key = models.TextField(_("kunci publik bank (PEM)"))
    client_secret_encrypted = models.TextField(_("client secret (terenkripsi)"), editable=False)
    service_codes = models.CharField(_("kode layanan yang diizinkan"), max_length=60, default="24,25,26",
                                     help_text=_("24 inquiry, 25 payment, 26 status; dipisah koma."))
    sandbox = models.BooleanField(_("sandbox"), default=False,
                                  help_text=_("Bank simulasi untuk demo; hanya berlaku dalam mode demo."))
    active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "payments"
        ordering = ["code"]
        verbose_name = _("bank mitra SNAP")
        verbose_name_plural = _("bank mitra SNAP")

    def __str__(self) -> str:
        return self.name

    @property
    def channel(self) -> str:
        """The payments' ``channel`` of this bank's postings (settlement files are matched on it)."""
        return f"snap:{self.code}"

    def set_client_secret(self, secret: str) -> None:
        self.client_secret_encrypted = crypto.encrypt(secret)

    def client_secret(self) -> str:
        return crypto.decrypt(self.client_secret_encrypted)

    def channels(self) -> set[str]:
        return {c.strip() for c in self.channel_ids.split(",") if c.strip()}

    def services(self) -> set[str]:
        return {c.strip() for c in self.service_codes.split(",") if c.strip()}


class SnapExternalId(models.Model):
    """``X-EXTERNAL-ID`` seen per bank per (Jakarta) day: the same one again is a replay (409).
    Rows older than a few days answer nothing and may be purged."""

    partner = models.ForeignKey(SnapPartner, on_delete=models.PROTECT, related_name="+", db_index=False)
    day = models.DateField()
    external_id = models.CharField(max_length=36)
    received_at = models.DateTimeField()

    class Meta:
        app_label = "payments"
        constraints = [models.UniqueConstraint(fields=["partner", "day", "external_id"],
                                               name="payments_snap_external_id_unique")]

    def __str__(self) -> str:
        return f"{self.partner_id}:{self.day}:{self.external_id}"


class SnapPaymentFlag(models.Model):
    """One payment flag (by the bank's ``paymentRequestId``) and the answer it got: a retry gets
    the same answer and never posts again."""

    partner = models.ForeignKey(SnapPartner, on_delete=models.PROTECT, related_name="+", db_index=False)
    payment_request_id = models.CharField(max_length=128)
    request_hash = models.CharField(max_length=64)
    payment_code = models.CharField(max_length=20)
    received_at = models.DateTimeField()
    http_status = models.PositiveSmallIntegerField(default=0)
    response = models.JSONField(default=dict)

    class Meta:
        app_label = "payments"
        constraints = [models.UniqueConstraint(fields=["partner", "payment_request_id"],
                                               name="payments_snap_flag_unique")]

    def __str__(self) -> str:
        return f"{self.partner_id}:{self.payment_request_id}"
