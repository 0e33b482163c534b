from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
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

    objects = UserManager()  # type: ignore[misc]

    REQUIRED_FIELDS = ["email"]

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.username

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES


class CitizenProfile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="citizen")
    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("desa/kelurahan"))
    street = models.CharField(_("alamat (jalan, nomor)"), max_length=200)
    rt = models.CharField(_("RT"), max_length=3)
    rw = models.CharField(_("RW"), max_length=3)

    class Meta:
        verbose_name = _("profil warga")
        verbose_name_plural = _("profil warga")

    def __str__(self) -> str:
        return f"{self.user.full_name} ({self.nik_masked})"

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
