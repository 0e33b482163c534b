"""The register itself: persons and family cards (KK) with their versions and memberships.

A family card is never edited in place for a printed element: every change is a new
``FamilyCardVersion`` with its print date and a snapshot of what was printed. ``Membership`` is
the current, queryable truth; its partial unique constraint keeps a person on exactly one active
card (UU 23/2006 Art. 97 makes a second KK an offence)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from balai.core.masking import mask_kk, mask_nik


class Sex(models.TextChoices):
    MALE = "M", _("Laki-laki")
    FEMALE = "F", _("Perempuan")


class Religion(models.TextChoices):
    ISLAM = "islam", _("Islam")
    KRISTEN = "kristen", _("Kristen")
    KATOLIK = "katolik", _("Katolik")
    HINDU = "hindu", _("Hindu")
    BUDDHA = "buddha", _("Buddha")
    KHONGHUCU = "khonghucu", _("Khonghucu")
    # Constitutional Court Decision 97/PUU-XIV/2016: believers are recorded as such.
    KEPERCAYAAN = "kepercayaan", _("Kepercayaan terhadap Tuhan YME")


class MaritalStatus(models.TextChoices):
    SINGLE = "belum_kawin", _("Belum kawin")
    MARRIED = "kawin", _("Kawin")
    # Perpres 96/2018 / Permendagri 9/2016: a marriage stated by SPTJM, not yet recorded.
    MARRIED_UNRECORDED = "kawin_belum_tercatat", _("Kawin belum tercatat")
    DIVORCED = "cerai_hidup", _("Cerai hidup")
    WIDOWED = "cerai_mati", _("Cerai mati")


MARRIED_STATES = frozenset({MaritalStatus.MARRIED, MaritalStatus.MARRIED_UNRECORDED,
                            MaritalStatus.DIVORCED, MaritalStatus.WIDOWED})


class Education(models.TextChoices):
    NONE = "tidak_sekolah", _("Tidak/belum sekolah")
    SD_NOT_FINISHED = "belum_tamat_sd", _("Belum tamat SD/sederajat")
    SD = "sd", _("Tamat SD/sederajat")
    SLTP = "sltp", _("SLTP/sederajat")
    SLTA = "slta", _("SLTA/sederajat")
    D1_D2 = "d1_d2", _("Diploma I/II")
    D3 = "d3", _("Akademi/Diploma III/Sarjana Muda")
    S1 = "s1", _("Diploma IV/Strata I")
    S2 = "s2", _("Strata II")
    S3 = "s3", _("Strata III")


class BloodType(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    AB = "AB", "AB"
    O = "O", "O"  # noqa: E741 - the blood type
    UNKNOWN = "", _("Tidak tahu")


class Citizenship(models.TextChoices):
    WNI = "WNI", _("WNI")
    WNA = "WNA", _("WNA")


class RecordStatus(models.TextChoices):
    ACTIVE = "active", _("Aktif")
    # A likely duplicate waiting for an officer's decision (see DuplicateReview).
    HELD = "held", _("Ditahan (dugaan ganda)")
    DUPLICATE = "duplicate", _("Ganda (tidak berlaku)")


class Person(models.Model):
    """One resident. ``full_name`` is one field: a single name is normal in Indonesia. The date
    of birth and sex here are authoritative; the NIK's embedded ones are not (REFERENCE §1.1)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    birth_place = models.CharField(_("tempat lahir"), max_length=100)
    birth_date = models.DateField(_("tanggal lahir"), db_index=True)
    religion = models.CharField(_("agama"), max_length=12, choices=Religion.choices)
    marital_status = models.CharField(_("status perkawinan"), max_length=22, choices=MaritalStatus.choices,
                                      default=MaritalStatus.SINGLE)
    education = models.CharField(_("pendidikan"), max_length=16, choices=Education.choices,
                                 default=Education.NONE)
    occupation = models.CharField(_("pekerjaan"), max_length=100, blank=True)
    blood_type = models.CharField(_("golongan darah"), max_length=2, choices=BloodType.choices, blank=True)
    citizenship = models.CharField(_("kewarganegaraan"), max_length=3, choices=Citizenship.choices,
                                   default=Citizenship.WNI)
    father_name = models.CharField(_("nama ayah"), max_length=150, blank=True)
    mother_name = models.CharField(_("nama ibu"), max_length=150, blank=True)
    # Links to the parents' own records when they are in the register (deduplication, births).
    mother = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("ibu (data penduduk)"))
    father = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("ayah (data penduduk)"))
    is_alive = models.BooleanField(_("hidup"), default=True)
    death_date = models.DateField(_("tanggal meninggal"), null=True, blank=True)
    record_status = models.CharField(_("status data"), max_length=10, choices=RecordStatus.choices,
                                     default=RecordStatus.ACTIVE, db_index=True)
    # KTP-el: biometric recording is in person (UU 24/2013 Art. 63); dates come from the office.
    biometric_recorded_at = models.DateField(_("tanggal perekaman KTP-el"), null=True, blank=True)
    ktp_issued_at = models.DateField(_("tanggal cetak KTP-el"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("penduduk")
        verbose_name_plural = _("penduduk")
        constraints = [
            models.CheckConstraint(condition=Q(is_alive=False) | Q(death_date__isnull=True),
                                   name="person_death_date_only_if_deceased"),
        ]
        indexes = [models.Index(fields=["birth_date", "full_name"], name="civil_person_dob_name")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.nik_masked})"

    @property
    def nik_masked(self) -> str:
        return mask_nik(self.nik)


class Relationship(models.TextChoices):
    """Relationship to the head of family as printed on the KK (Permendagri 109/2019 form)."""

    HEAD = "kepala", _("Kepala Keluarga")
    HUSBAND = "suami", _("Suami")
    WIFE = "istri", _("Istri")
    CHILD = "anak", _("Anak")
    CHILD_IN_LAW = "menantu", _("Menantu")
    GRANDCHILD = "cucu", _("Cucu")
    PARENT = "orang_tua", _("Orang Tua")
    PARENT_IN_LAW = "mertua", _("Mertua")
    OTHER_RELATIVE = "famili_lain", _("Famili Lain")
    HOUSEHOLD_HELP = "pembantu", _("Pembantu")
    OTHER = "lainnya", _("Lainnya")


class FamilyCardStatus(models.TextChoices):
    ACTIVE = "active", _("Aktif")
    # No members left (all moved to new cards) or replaced by a card with another head.
    INACTIVE = "inactive", _("Tidak aktif")


class FamilyCard(models.Model):
    """A Kartu Keluarga. The number stays across re-issues; a new head or family gets a new
    number (REFERENCE §1.2)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kk_number = models.CharField(_("nomor KK"), max_length=16, unique=True)
    street = models.CharField(_("alamat"), max_length=200)
    rt = models.CharField(_("RT"), max_length=3)
    rw = models.CharField(_("RW"), max_length=3)
    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("desa/kelurahan"))
    postal_code = models.CharField(_("kode pos"), max_length=5, blank=True)
    head = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="headed_cards",
                             verbose_name=_("kepala keluarga"))
    status = models.CharField(_("status"), max_length=10, choices=FamilyCardStatus.choices,
                              default=FamilyCardStatus.ACTIVE, db_index=True)
    current_version = models.PositiveIntegerField(_("versi terakhir"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kartu keluarga")
        verbose_name_plural = _("kartu keluarga")
        constraints = [models.CheckConstraint(condition=Q(kk_number__regex=r"^[0-9]{16}$"),
                                              name="family_card_number_16_digits")]

    def __str__(self) -> str:
        return self.kk_masked

    @property
    def kk_masked(self) -> str:
        return mask_kk(self.kk_number)

    @property
    def regency_code(self) -> str:
        """Routing follows the current address, never the number's prefix (REFERENCE §1.1)."""
        return self.village_id[:4]

    @property
    def district_code(self) -> str:
        return self.village_id[:6]


class Membership(models.Model):
    """A person on a family card. Ended memberships stay (``is_active=False``) as history."""

    family_card = models.ForeignKey(FamilyCard, on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    relationship = models.CharField(_("hubungan dalam keluarga"), max_length=12, choices=Relationship.choices)
    is_active = models.BooleanField(default=True)
    from_version = models.PositiveIntegerField(_("sejak versi"))
    to_version = models.PositiveIntegerField(_("sampai versi"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("anggota keluarga")
        verbose_name_plural = _("anggota keluarga")
        ordering = ["order", "id"]
        constraints = [
            # UU 23/2006 Art. 97: a resident is on one KK only.
            models.UniqueConstraint(fields=["person"], condition=Q(is_active=True),
                                    name="person_one_active_family_card"),
            models.UniqueConstraint(fields=["family_card"], condition=Q(is_active=True, relationship="kepala"),
                                    name="family_card_one_active_head"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_relationship_display()}"


class VersionReason(models.TextChoices):
    NEW_FAMILY = "new_family", _("KK baru (keluarga baru)")
    IMPORT = "import", _("Impor data penduduk")
    BIRTH = "birth", _("Perubahan data: kelahiran")
    DATA_CHANGE = "data_change", _("Perubahan data")
    MEMBER_LEFT = "member_left", _("Anggota pindah ke KK lain")
    ADDRESS = "address", _("Perubahan alamat")
    LOST = "lost", _("Penggantian karena hilang")
    DAMAGED = "damaged", _("Penggantian karena rusak")


class FamilyCardVersion(models.Model):
    """One printing of a family card: what was on it (``snapshot``) and when (``printed_at``)."""

    family_card = models.ForeignKey(FamilyCard, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("versi"))
    printed_at = models.DateField(_("tanggal dikeluarkan"))
    reason = models.CharField(_("alasan"), max_length=12, choices=VersionReason.choices)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    snapshot = models.JSONField(_("isi kartu"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the service handler once the signed PDF exists (documents.Document id).
    document_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("versi kartu keluarga")
        verbose_name_plural = _("versi kartu keluarga")
        ordering = ["family_card", "-number"]
        constraints = [models.UniqueConstraint(fields=["family_card", "number"], name="family_card_version_unique")]

    def __str__(self) -> str:
        return f"{self.family_card} v{self.number}"
