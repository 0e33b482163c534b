"""Notifications: one ``Notification`` per (event, key, recipient) — however often the caller's event
is retried — and one ``Delivery`` per channel of it (at most once per channel: a unique pair).
Templates are versioned rows (the newest one of an event/channel/language is used, else the
registry's default); preferences and verified phone numbers are per person."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")


class Status(models.TextChoices):
    QUEUED = "queued", _("Dalam antrean")
    SENT = "sent", _("Terkirim ke penyedia")
    DELIVERED = "delivered", _("Diterima")
    FAILED = "failed", _("Gagal")


class Notification(models.Model):
    event = models.CharField(_("peristiwa"), max_length=80)
    key = models.CharField(_("kunci"), max_length=120)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
                                  verbose_name=_("penerima"))
    category = models.CharField(_("kategori"), max_length=40)
    context = models.JSONField(_("isi"), default=dict)  # masked (no full NIK/KK), JSON-safe
    language = models.CharField(_("bahasa"), max_length=5, default="id")
    # Set when nothing was sent: the person opted out of the category, or has no usable contact.
    skipped = models.CharField(_("tidak dikirim"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("dibuat"), db_index=True)

    class Meta:
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")
        constraints = [models.UniqueConstraint(fields=["event", "key", "recipient"], name="notification_once")]
        indexes = [models.Index(fields=["recipient", "-created_at"]), models.Index(fields=["event", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.event} {self.key}"

    @property
    def event_label(self):
        from .registry import get_event

        try:
            return get_event(self.event).label
        except LookupError:
            return _("Pemberitahuan")


class Delivery(models.Model):
    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    reason = models.CharField(_("alasan"), max_length=300, blank=True)
    address = models.CharField(_("alamat"), max_length=254)  # e-mail or E.164 number
    provider = models.CharField(_("penyedia"), max_length=40, blank=True)
    provider_ref = models.CharField(_("referensi penyedia"), max_length=80, blank=True, db_index=True)
    subject = models.CharField(_("subjek"), max_length=200, blank=True)
    body = models.TextField(_("isi pesan"), blank=True)
    template_version = models.PositiveIntegerField(_("versi templat"), default=0)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), null=True, blank=True, db_index=True)
    failover_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("dibuat"))
    sent_at = models.DateTimeField(_("dikirim"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("diterima"), null=True, blank=True)
    updated_at = models.DateTimeField(_("diperbarui"))

    class Meta:
        verbose_name = _("pengiriman")
        verbose_name_plural = _("pengiriman")
        constraints = [models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once_per_channel")]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.notification_id}/{self.channel}"


class Template(models.Model):
    """One version of an event's text on one channel in one language (rows are never edited:
    a change is a new version)."""

    event = models.CharField(_("peristiwa"), max_length=80)
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    language = models.CharField(_("bahasa"), max_length=5, choices=settings.LANGUAGES)
    version = models.PositiveIntegerField(_("versi"))
    subject = models.CharField(_("subjek"), max_length=200, blank=True)
    body = models.TextField(_("isi"))
    whatsapp_template = models.CharField(_("nama templat WhatsApp (disetujui)"), max_length=80, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("dibuat"))

    class Meta:
        verbose_name = _("templat pemberitahuan")
        verbose_name_plural = _("templat pemberitahuan")
        constraints = [models.UniqueConstraint(fields=["event", "channel", "language", "version"],
                                               name="template_version_once")]

    def __str__(self) -> str:
        return f"{self.event} {self.channel} {self.language} v{self.version}"


class Preference(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_preference")
    channels = models.JSONField(_("saluran"), default=list)  # subset of Channel values
    language = models.CharField(_("bahasa"), max_length=5, default="id")
    opted_out = models.JSONField(_("kategori yang tidak diinginkan"), default=list)
    phone = models.CharField(_("nomor HP (E.164)"), max_length=20, blank=True)
    phone_verified_at = models.DateTimeField(_("nomor HP diverifikasi"), null=True, blank=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("preferensi pemberitahuan")
        verbose_name_plural = _("preferensi pemberitahuan")

    def __str__(self) -> str:
        return str(self.user_id)


class PhoneChallenge(models.Model):
    """A one-time code sent to a phone number being verified (stored as a salted hash)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    phone = models.CharField(max_length=20)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    code_hash = models.CharField(max_length=128)
    attempts = models.PositiveSmallIntegerField(default=0)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.user_id} {self.channel}"


class SandboxMessage(models.Model):
    """What the sandbox SMS/WhatsApp provider would have sent (demo mode and tests only)."""

    ref = models.CharField(max_length=80, unique=True)  # the delivery's reference: a resend is the same row
    channel = models.CharField(max_length=10, choices=Channel.choices)
    to = models.CharField(max_length=20)
    body = models.TextField()
    status = models.CharField(max_length=10, default="accepted")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("pesan sandbox")
        verbose_name_plural = _("pesan sandbox")

    def __str__(self) -> str:
        return self.ref


class ReminderRun(models.Model):
    """How far ``balai send_reminders`` got with one source on one day (resumable runs)."""

    day = models.DateField()
    source = models.CharField(max_length=60)
    position = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "source"], name="reminder_run_once")]

    def __str__(self) -> str:
        return f"{self.source} {self.day}"
