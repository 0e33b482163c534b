from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.core.masking import mask_nik


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Warga")
    OFFICER = "officer", _("Petugas")
    SUPERVISOR = "supervisor", _("Supervisor")
    AGENT = "agent", _("Agen layanan")
    ADMIN = "admin", _("Administrator")


# Every role but citizen must log in with a TOTP second factor.
STAFF_ROLES = frozenset({Role.OFFICER, Role.SUPERVISOR, Role.AGENT, Role.ADMIN})


class User(AbstractUser):
    """Balai account. One name field: a single name is normal in Indonesia."""

    first_name = None  # type: ignore[assignment,misc]
    last_name = None  # type: ignore[assignment,misc]
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    role = models.CharField(_("peran"), max_length=12, choices=Role.choices, default=Role.CITIZEN, db_index=True)
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    # When the owner opened the link mailed to ``email`` (balai.accounts.email_verification); reset
    # when the address changes. A citizen without it may not start applications or climb identity levels.
    email_verified_at = models.DateTimeField(_("e-mail diverifikasi pada"), null=True, blank=True)
    # What the username looks like (balai.accounts.usernames.skeleton), kept on every save: look-alikes
    # are found by one indexed lookup, and two sign-ups racing for look-alike names cannot both win.
    # Empty only for an account that already shared its skeleton with an older one when the column
    # was added (migration 0004); that older account holds it.
    username_skeleton = models.CharField(max_length=150, blank=True, default="", editable=False)

    objects = UserManager()  # type: ignore[misc]

    class Meta(AbstractUser.Meta):
        constraints = [
            models.UniqueConstraint(fields=["username_skeleton"], condition=~models.Q(username_skeleton=""),
                                    name="accounts_user_username_skeleton_unique"),
        ]

    def save(self, *args, **kwargs):
        from .usernames import skeleton

        self.username_skeleton = skeleton(self.username)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "username" in update_fields:
            kwargs["update_fields"] = {*update_fields, "username_skeleton"}
        super().save(*args, **kwargs)

    REQUIRED_FIELDS = ["email"]

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.username

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES


class IdentityLevel(models.TextChoices):
    """Identity assurance of a citizen account (NIST SP 800-63A IAL1/IAL2; ARCHITECTURE invariant 8).

    claimed: the NIK was typed at sign-up; nothing from the register is shown for it.
    matched: NIK, full name, date of birth and KK number match the population register; register
    data is shown masked. verified: an activation letter, an officer who saw the KTP-el, or IKD
    confirmed the person; full register data."""

    CLAIMED = "claimed", _("Diklaim")
    MATCHED = "matched", _("Cocok dengan data kependudukan")
    VERIFIED = "verified", _("Terverifikasi")


LEVEL_RANK = {IdentityLevel.CLAIMED: 0, IdentityLevel.MATCHED: 1, IdentityLevel.VERIFIED: 2}
# At most one account holds a NIK at these levels (a claim alone never blocks anyone).
HOLDING_LEVELS = (IdentityLevel.MATCHED, IdentityLevel.VERIFIED)


class CitizenProfile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="citizen")
    # Not unique: several accounts may *claim* a NIK; the constraint below lets one *hold* it.
    nik = models.CharField(_("NIK"), max_length=16, db_index=True)
    identity_level = models.CharField(_("tingkat identitas"), max_length=10, choices=IdentityLevel.choices,
                                      default=IdentityLevel.CLAIMED)
    identity_changed_at = models.DateTimeField(_("tingkat identitas berubah"), null=True, blank=True)
    # Last time this account proved it knows the register data of its NIK (matched or not held).
    matched_at = models.DateTimeField(_("data cocok pada"), null=True, blank=True)
    # Set when a verified account took this NIK over: the claim is dead and stays visible as such.
    nik_released_at = models.DateTimeField(_("NIK dilepas pada"), null=True, blank=True)
    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("desa/kelurahan"))
    street = models.CharField(_("alamat (jalan, nomor)"), max_length=200)
    rt = models.CharField(_("RT"), max_length=3)
    rw = models.CharField(_("RW"), max_length=3)

    class Meta:
        verbose_name = _("profil warga")
        verbose_name_plural = _("profil warga")
        constraints = [
            models.UniqueConstraint(fields=["nik"], condition=models.Q(identity_level__in=HOLDING_LEVELS),
                                    name="accounts_citizen_one_holder_per_nik"),
            models.CheckConstraint(condition=models.Q(nik_released_at__isnull=True)
                                   | models.Q(identity_level=IdentityLevel.CLAIMED),
                                   name="accounts_citizen_released_is_claimed"),
        ]

    def __str__(self) -> str:
        return f"{self.user.full_name} ({self.nik_masked})"

    def has_level(self, level: str) -> bool:
        """Whether the account's identity reaches ``level`` (a released NIK reaches nothing)."""
        if self.nik_released_at is not None:
            return level == IdentityLevel.CLAIMED
        return LEVEL_RANK[IdentityLevel(self.identity_level)] >= LEVEL_RANK[IdentityLevel(level)]

    @property
    def nik_masked(self) -> str:
        return mask_nik(self.nik)

    @property
    def regency_code(self) -> str:
        """Current address decides routing (never the NIK prefix, REFERENCE §1.1)."""
        return self.village_id[:4]


class StaffProfile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="staff")
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    unit = models.CharField(_("unit kerja"), max_length=150)
    jurisdiction = models.ManyToManyField("regions.Region", blank=True, related_name="+",
                                          verbose_name=_("wilayah kerja (kabupaten/kota)"),
                                          limit_choices_to={"level": "regency"})

    class Meta:
        verbose_name = _("profil petugas")
        verbose_name_plural = _("profil petugas")

    def __str__(self) -> str:
        return f"{self.user.full_name} — {self.unit}"


class ApiToken(models.Model):
    """A bearer token for API clients. Only its SHA-256 is stored; revoked tokens stay as record."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class IdentityMatchAttempt(models.Model):
    """One try at matching an account's NIK with the register: the rate limit and the lock count
    these (per account and per NIK). Append-only; which field was wrong is never stored."""

    profile = models.ForeignKey(CitizenProfile, on_delete=models.CASCADE, related_name="match_attempts")
    nik = models.CharField(max_length=16, db_index=True)
    succeeded = models.BooleanField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("percobaan pencocokan data")
        verbose_name_plural = _("percobaan pencocokan data")

    def __str__(self) -> str:
        return f"{mask_nik(self.nik)} {'ok' if self.succeeded else 'gagal'} {self.created_at:%Y-%m-%d %H:%M}"


class ActivationLetter(models.Model):
    """A one-time code posted to the address in the register (DigiD's activation letter). Only a
    hash of the code is kept; the code exists in clear only in the printed batch PDF."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Menunggu dicetak")
        PRINTED = "printed", _("Dikirim")
        USED = "used", _("Sudah dipakai")
        CANCELLED = "cancelled", _("Dibatalkan")

    profile = models.ForeignKey(CitizenProfile, on_delete=models.CASCADE, related_name="activation_letters")
    nik = models.CharField(max_length=16)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED, db_index=True)
    requested_at = models.DateTimeField(default=timezone.now)
    code_hash = models.CharField(max_length=64, blank=True)
    batch = models.CharField(max_length=40, blank=True, db_index=True)
    part = models.PositiveIntegerField(null=True, blank=True)
    printed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=40, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("surat aktivasi")
        verbose_name_plural = _("surat aktivasi")

    def __str__(self) -> str:
        return f"{self.pk} {mask_nik(self.nik)} {self.status}"


class IdentityEvent(models.Model):
    """What happened to an account's identity, shown on its identity page (the takeover notice
    among them). Append-only; the audit log holds the same facts hash-chained."""

    class Kind(models.TextChoices):
        MATCHED = "matched", _("Data cocok dengan data kependudukan")
        MATCH_HELD = "match_held", _("Data cocok, tetapi NIK dipegang akun lain")
        LOCKED = "locked", _("Pencocokan dikunci sementara")
        LETTER_REQUESTED = "letter_requested", _("Surat aktivasi diminta")
        LETTER_CANCELLED = "letter_cancelled", _("Surat aktivasi dibatalkan")
        VERIFIED = "verified", _("Identitas terverifikasi")
        TOOK_OVER = "took_over", _("NIK diambil alih dari akun lain yang belum terverifikasi")
        RELEASED = "released", _("NIK dilepas karena pemiliknya memverifikasi identitas")

    class Method(models.TextChoices):
        LETTER = "letter", _("surat aktivasi")
        IN_PERSON = "in_person", _("tatap muka dengan KTP-el")
        IKD = "ikd", _("Identitas Kependudukan Digital (IKD)")

    profile = models.ForeignKey(CitizenProfile, on_delete=models.CASCADE, related_name="identity_events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    method = models.CharField(max_length=10, choices=Method.choices, blank=True)
    nik = models.CharField(max_length=16)
    by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("peristiwa identitas")
        verbose_name_plural = _("peristiwa identitas")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {mask_nik(self.nik)} {self.created_at:%Y-%m-%d %H:%M}"
