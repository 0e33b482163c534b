"""ASN (civil servants): profiles, the dated rules of REFERENCE §12, training, the practice desk,
promotion proposals and retirement files.

Practice cases live in this app's own tables (``PracticeCase``): nothing of a practice run is
ever written to the case engine, the audit chain, the outbox or notifications (ARCHITECTURE
invariant 10)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmployeeKind(models.TextChoices):
    PNS = "pns", _("PNS")
    PPPK = "pppk", _("PPPK")


class PositionType(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Jabatan administrasi")
    FUNCTIONAL = "functional", _("Jabatan fungsional")
    SENIOR_EXECUTIVE = "senior_executive", _("Jabatan pimpinan tinggi")


class FunctionalLevel(models.TextChoices):
    SKILLED = "skilled", _("Keterampilan")
    FIRST = "ahli_pertama", _("Ahli pertama")
    JUNIOR = "ahli_muda", _("Ahli muda")
    MIDDLE = "ahli_madya", _("Ahli madya")
    MAIN = "ahli_utama", _("Ahli utama")


class Rank(models.TextChoices):
    """Pangkat, golongan/ruang (REFERENCE §12): 17 steps, in order."""

    I_A = "I/a", _("Juru Muda, I/a")
    I_B = "I/b", _("Juru Muda Tingkat I, I/b")
    I_C = "I/c", _("Juru, I/c")
    I_D = "I/d", _("Juru Tingkat I, I/d")
    II_A = "II/a", _("Pengatur Muda, II/a")
    II_B = "II/b", _("Pengatur Muda Tingkat I, II/b")
    II_C = "II/c", _("Pengatur, II/c")
    II_D = "II/d", _("Pengatur Tingkat I, II/d")
    III_A = "III/a", _("Penata Muda, III/a")
    III_B = "III/b", _("Penata Muda Tingkat I, III/b")
    III_C = "III/c", _("Penata, III/c")
    III_D = "III/d", _("Penata Tingkat I, III/d")
    IV_A = "IV/a", _("Pembina, IV/a")
    IV_B = "IV/b", _("Pembina Tingkat I, IV/b")
    IV_C = "IV/c", _("Pembina Utama Muda, IV/c")
    IV_D = "IV/d", _("Pembina Utama Madya, IV/d")
    IV_E = "IV/e", _("Pembina Utama, IV/e")


RANK_ORDER = [code for code, _label in Rank.choices]


class SkpRating(models.TextChoices):
    """Annual performance rating (PermenPANRB 6/2022), best first."""

    VERY_GOOD = "sangat_baik", _("Sangat Baik")
    GOOD = "baik", _("Baik")
    NEEDS_IMPROVEMENT = "butuh_perbaikan", _("Butuh Perbaikan")
    POOR = "kurang", _("Kurang")
    VERY_POOR = "sangat_kurang", _("Sangat Kurang")


RATING_ORDER = [code for code, _label in SkpRating.choices]


class Education(models.TextChoices):
    SMA = "sma", _("SMA/SMK")
    D3 = "d3", _("Diploma III")
    D4_S1 = "s1", _("Diploma IV/Sarjana")
    S2 = "s2", _("Magister")
    S3 = "s3", _("Doktor")


class AsnProfile(models.Model):
    """The HR record of a staff account. The unit is the staff profile's (accounts)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="asn")
    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    kind = models.CharField(_("jenis ASN"), max_length=4, choices=EmployeeKind.choices, default=EmployeeKind.PNS)
    position_type = models.CharField(_("jenis jabatan"), max_length=20, choices=PositionType.choices)
    functional_level = models.CharField(_("jenjang jabatan fungsional"), max_length=14,
                                        choices=FunctionalLevel.choices, blank=True)
    position_name = models.CharField(_("nama jabatan"), max_length=150, blank=True)
    rank = models.CharField(_("pangkat, golongan/ruang"), max_length=5, choices=Rank.choices)
    rank_tmt = models.DateField(_("TMT pangkat"))
    birth_date = models.DateField(_("tanggal lahir"))
    education = models.CharField(_("pendidikan"), max_length=4, choices=Education.choices)
    skp_last = models.CharField(_("SKP tahun lalu"), max_length=16, choices=SkpRating.choices)
    skp_previous = models.CharField(_("SKP dua tahun lalu"), max_length=16, choices=SkpRating.choices)
    is_hr_officer = models.BooleanField(_("pengelola kepegawaian unit"), default=False)
    nip_warnings = models.JSONField(_("peringatan NIP"), default=list, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("profil ASN")
        verbose_name_plural = _("profil ASN")
        constraints = [models.CheckConstraint(
            condition=models.Q(position_type="functional", functional_level__gt="")
            | (~models.Q(position_type="functional") & models.Q(functional_level="")),
            name="asn_profile_level_iff_functional")]

    def __str__(self) -> str:
        return f"{self.user.full_name} ({self.nip})"

    @property
    def unit(self) -> str:
        staff = getattr(self.user, "staff", None)
        return staff.unit if staff is not None else ""


class RuleKey(models.TextChoices):
    RETIREMENT_AGE = "retirement_age", _("Batas usia pensiun (tahun)")
    PENSION_TMT = "pension_tmt", _("TMT pensiun")
    PROMOTION_YEARS = "promotion_years", _("Masa kerja minimal dalam pangkat (tahun)")
    PROMOTION_RATING = "promotion_rating", _("Predikat SKP minimal dua tahun terakhir")
    PROMOTION_MONTHS = "promotion_months", _("Periode kenaikan pangkat (bulan)")
    TRAINING_JP = "training_jp", _("Jam pelajaran pengembangan kompetensi per tahun")


class AsnRule(models.Model):
    """One dated rule row (ARCHITECTURE invariant 6). ``qualifier`` narrows a rule (the retirement
    age of ``functional:ahli_madya``; empty: every case); ``value`` is the number, list or code."""

    key = models.CharField(_("aturan"), max_length=20, choices=RuleKey.choices)
    qualifier = models.CharField(_("berlaku untuk"), max_length=40, blank=True)
    value = models.JSONField(_("nilai"))
    valid_from = models.DateField(_("berlaku mulai"))
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    regulation = models.CharField(_("dasar hukum"), max_length=300)
    unconfirmed = models.BooleanField(_("belum terkonfirmasi"), default=False,
                                      help_text=_("Nilai belum dikonfirmasi dari teks peraturan (REFERENCE §12)."))
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("aturan ASN")
        verbose_name_plural = _("aturan ASN")
        ordering = ["key", "qualifier", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.get_key_display()} {self.qualifier} {self.valid_from}–{self.valid_to or '…'}"


class ImportRun(models.Model):
    """One CSV import of profiles: resumable (``rows_done`` rows are skipped on the next run)."""

    file_sha256 = models.CharField(max_length=64, unique=True)
    file_name = models.CharField(max_length=200)
    rows_done = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("impor data ASN")
        verbose_name_plural = _("impor data ASN")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows_done})"


from .models_files import PromotionProposal, RetirementFile  # noqa: E402,F401
from .models_training import (  # noqa: E402,F401  (models of this app, in modules of their own)
    Choice,
    Completion,
    CompletionKind,
    Course,
    Decision,
    Lesson,
    PracticeCase,
    PracticeRun,
    Question,
    QuizAttempt,
    Scenario,
)
