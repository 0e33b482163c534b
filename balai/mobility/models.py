"""SIM licences and passports as the citizen's records, the fee tables as dated rows, the M-Paspor
bookings a citizen records, the birth/marriage certificate a citizen holds outside Balai's
register, and SIM Keliling visits (REFERENCE §5).

Balai issues neither licences nor passports: a licence row is what the citizen's card says (typed
with a photo of the card and confirmed by an officer, or imported), a passport row what the
passport says. Fees are dated rows with the regulation named beside the amount (ARCHITECTURE
invariant 6); the values come from the data migration and are edited in the admin afterwards.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import rules


class DatedRow(models.Model):
    valid_from = models.DateField(_("berlaku mulai"))
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    regulation = models.CharField(_("dasar hukum"), max_length=300)
    unconfirmed = models.BooleanField(_("belum terkonfirmasi"), default=False)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-valid_from"]

    def covers(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class LicenceClass(models.Model):
    """A SIM class (Perpol 5/2021): data, so a new class needs no release."""

    code = models.CharField(_("kode"), max_length=12, unique=True)
    name = models.CharField(_("nama"), max_length=60)
    description = models.CharField(_("untuk"), max_length=200, blank=True)
    # SINAR renews SIM A and SIM C online (REFERENCE §5.1); the others need a visit.
    online_renewal = models.BooleanField(_("dapat diperpanjang lewat SINAR"), default=False)
    # Years from the date of issue (REFERENCE §5.1): 5 (Perpol 5/2021 Art. 4), the international SIM 3.
    validity_years = models.PositiveSmallIntegerField(_("masa berlaku (tahun)"), default=rules.SIM_VALIDITY_YEARS,
                                                      validators=[MinValueValidator(1)])
    validity_regulation = models.CharField(_("dasar hukum masa berlaku"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("golongan SIM")
        verbose_name_plural = _("golongan SIM")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class FeeKind(models.TextChoices):
    NEW = "new", _("SIM baru")
    RENEWAL = "renewal", _("Perpanjangan")


class SimFee(DatedRow):
    """PNBP for one SIM class and kind (PP 76/2020)."""

    licence_class = models.ForeignKey(LicenceClass, on_delete=models.PROTECT, related_name="fees")
    kind = models.CharField(_("jenis"), max_length=10, choices=FeeKind.choices)
    amount = models.PositiveIntegerField(_("tarif (Rp)"))

    class Meta(DatedRow.Meta):
        verbose_name = _("tarif PNBP SIM")
        verbose_name_plural = _("tarif PNBP SIM")

    def __str__(self) -> str:
        return f"{self.licence_class} {self.kind} {self.amount} ({self.regulation})"


class PassportItem(models.TextChoices):
    ORDINARY_5 = "biasa_5", _("Paspor biasa non-elektronik, 5 tahun")
    ORDINARY_10 = "biasa_10", _("Paspor biasa non-elektronik, 10 tahun")
    ELECTRONIC_5 = "elektronik_5", _("Paspor elektronik, 5 tahun")
    ELECTRONIC_10 = "elektronik_10", _("Paspor elektronik, 10 tahun")
    SPLP_CITIZEN = "splp_wni", _("SPLP (Surat Perjalanan Laksana Paspor) untuk WNI")
    SPLP_FOREIGNER = "splp_wna", _("SPLP (Surat Perjalanan Laksana Paspor) untuk orang asing")
    ACCELERATION = "percepatan", _("Layanan percepatan (selesai di hari yang sama), tambahan")
    LOST = "hilang", _("Tambahan karena paspor hilang")
    DAMAGED = "rusak", _("Tambahan karena paspor rusak")


PASSPORT_TYPES = (PassportItem.ORDINARY_5, PassportItem.ORDINARY_10, PassportItem.ELECTRONIC_5,
                  PassportItem.ELECTRONIC_10)
# A travel document in lieu of a passport: a fee on the fees page, not a passport a citizen applies for.
SPLP_ITEMS = (PassportItem.SPLP_CITIZEN, PassportItem.SPLP_FOREIGNER)
VALIDITY_YEARS = {PassportItem.ORDINARY_5: 5, PassportItem.ORDINARY_10: 10, PassportItem.ELECTRONIC_5: 5,
                  PassportItem.ELECTRONIC_10: 10}


class PassportFee(DatedRow):
    """Immigration PNBP for one passport type, SPLP or surcharge (PP 45/2024)."""

    item = models.CharField(_("jenis"), max_length=16, choices=PassportItem.choices)
    amount = models.PositiveIntegerField(_("tarif (Rp)"))

    class Meta(DatedRow.Meta):
        verbose_name = _("tarif paspor")
        verbose_name_plural = _("tarif paspor")

    def __str__(self) -> str:
        return f"{self.item} {self.amount} ({self.regulation})"


class LicenceStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu pemeriksaan petugas")
    CONFIRMED = "confirmed", _("Sudah diperiksa petugas")
    REJECTED = "rejected", _("Ditolak petugas")


class LicenceSource(models.TextChoices):
    PHOTO = "photo", _("Diisi pemilik dengan foto kartu")
    IMPORT = "import", _("Diimpor")


def licence_photo_path(instance: DrivingLicence, filename: str) -> str:
    """Random storage name; the client's file name never reaches the file system."""
    ext = {"image/jpeg": "jpg", "image/png": "png"}.get(instance.photo_type, "bin")
    return f"mobility/sim/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class DrivingLicence(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="driving_licences")
    licence_class = models.ForeignKey(LicenceClass, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("golongan"))
    number = models.CharField(_("nomor SIM"), max_length=16)
    issued_on = models.DateField(_("tanggal terbit"))
    status = models.CharField(_("status"), max_length=10, choices=LicenceStatus.choices,
                              default=LicenceStatus.PENDING, db_index=True)
    source = models.CharField(_("sumber"), max_length=8, choices=LicenceSource.choices,
                              default=LicenceSource.PHOTO)
    photo = models.FileField(upload_to=licence_photo_path, max_length=200, blank=True)
    photo_type = models.CharField(max_length=20, blank=True)
    photo_sha256 = models.CharField(max_length=64, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(_("catatan petugas"), max_length=300, blank=True)
    # The citizen's own word that they started the renewal on SINAR (Balai cannot see SINAR).
    renewal_started_on = models.DateField(_("mulai perpanjangan"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("SIM")
        verbose_name_plural = _("SIM")
        ordering = ["licence_class__order", "-issued_on"]
        constraints = [models.UniqueConstraint(fields=["owner", "licence_class", "number"],
                                               name="licence_once_per_owner")]

    def __str__(self) -> str:
        return f"{self.licence_class} {self.number}"

    @property
    def expires_on(self):
        return rules.sim_expiry(self.issued_on, self.licence_class.validity_years)


class Passport(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="passports")
    kind = models.CharField(_("jenis paspor"), max_length=16, choices=[(t.value, t.label) for t in PASSPORT_TYPES])
    number = models.CharField(_("nomor paspor"), max_length=9)
    issued_on = models.DateField(_("tanggal terbit"))
    expires_on = models.DateField(_("berlaku sampai"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("paspor")
        verbose_name_plural = _("paspor")
        ordering = ["-expires_on"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "number"], name="passport_once_per_owner"),
            models.CheckConstraint(condition=Q(expires_on__gt=models.F("issued_on")), name="passport_expires_after_issue"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.expires_on})"


class PassportBooking(models.Model):
    """An M-Paspor booking as the citizen typed it (Balai does not see M-Paspor)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="passport_bookings")
    office = models.CharField(_("kantor imigrasi"), max_length=150)
    visit_date = models.DateField(_("tanggal datang"))
    billing_code = models.CharField(_("kode billing"), max_length=15)
    billing_at = models.DateTimeField(_("waktu kode billing muncul"))
    paid_at = models.DateTimeField(_("dibayar"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("jadwal M-Paspor")
        verbose_name_plural = _("jadwal M-Paspor")
        ordering = ["-visit_date"]
        constraints = [models.CheckConstraint(condition=Q(billing_code__regex=r"^[0-9]{15}$"),
                                              name="passport_billing_code_15_digits")]

    def __str__(self) -> str:
        return f"{self.office} {self.visit_date}"


class CertificateKind(models.TextChoices):
    BIRTH = "akta_kelahiran", _("Akta kelahiran")
    MARRIAGE = "akta_perkawinan", _("Akta perkawinan / buku nikah")


class HeldCertificate(models.Model):
    """The birth or marriage certificate a citizen holds when Balai's register has none: what is
    printed on it, as the citizen typed it, so the passport check can compare it."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("jenis akta"), max_length=16, choices=CertificateKind.choices)
    number = models.CharField(_("nomor akta"), max_length=40)
    full_name = models.CharField(_("nama pada akta"), max_length=150)
    birth_place = models.CharField(_("tempat lahir pada akta"), max_length=100)
    birth_date = models.DateField(_("tanggal lahir pada akta"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("akta yang dimiliki warga")
        verbose_name_plural = _("akta yang dimiliki warga")
        constraints = [models.UniqueConstraint(fields=["owner"], name="held_certificate_one_per_owner")]

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"
