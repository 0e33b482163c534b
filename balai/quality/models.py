"""Survey responses (SKM), complaints and the summary tables behind the public dashboard.

Anonymity of the survey (PermenPANRB 14/2017: the SKM is anonymous): a ``SurveyResponse`` holds
no reference to an application, a person or a moment finer than its month, and its key is
random (no insertion order to line up with anything). The separate ``SurveyAnswered`` mark,
which holds the application and nothing else, is what refuses a second response.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from balai.cases.models import Application, Office, Service

# PermenPANRB 14/2017, Lampiran: the nine elements (unsur) of the SKM.
ELEMENTS: tuple[tuple[str, object], ...] = (
    ("u1", _("Persyaratan")),
    ("u2", _("Sistem, mekanisme, dan prosedur")),
    ("u3", _("Waktu penyelesaian")),
    ("u4", _("Biaya/tarif")),
    ("u5", _("Produk spesifikasi jenis pelayanan")),
    ("u6", _("Kompetensi pelaksana")),
    ("u7", _("Perilaku pelaksana")),
    ("u8", _("Penanganan pengaduan, saran, dan masukan")),
    ("u9", _("Sarana dan prasarana")),
)
ELEMENT_CODES = tuple(code for code, _label in ELEMENTS)
# The 1–4 scale of PermenPANRB 14/2017.
SCALE = ((1, _("Tidak sesuai")), (2, _("Kurang sesuai")), (3, _("Sesuai")), (4, _("Sangat sesuai")))


class SurveyChannel(models.TextChoices):
    ONLINE = "online", _("Daring (setelah layanan selesai)")
    PAPER = "paper", _("Kuesioner kertas")
    KIOSK = "kiosk", _("Kios/anjungan di kantor")


class AgeGroup(models.TextChoices):
    UNDER_20 = "lt20", _("di bawah 20 tahun")
    A20_35 = "20_35", _("20–35 tahun")
    A36_50 = "36_50", _("36–50 tahun")
    OVER_50 = "gt50", _("di atas 50 tahun")


class Sex(models.TextChoices):
    MALE = "l", _("Laki-laki")
    FEMALE = "p", _("Perempuan")


class Education(models.TextChoices):
    SD = "sd", _("SD atau lebih rendah")
    SMP = "smp", _("SMP")
    SMA = "sma", _("SMA/SMK")
    D = "diploma", _("Diploma")
    S1 = "s1", _("S1 atau lebih tinggi")


class Occupation(models.TextChoices):
    ASN = "asn", _("PNS/TNI/Polri")
    PRIVATE = "private", _("Pegawai swasta")
    SELF = "self", _("Wiraswasta")
    STUDENT = "student", _("Pelajar/mahasiswa")
    OTHER = "other", _("Lainnya")


def _score_field(label) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(label, null=True, blank=True, choices=SCALE)


class SurveyResponse(models.Model):
    """One anonymous answer sheet. Deliberately without: application, user, timestamp."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    period = models.DateField(_("periode (bulan)"))  # always the first day of a month
    channel = models.CharField(_("cara pengisian"), max_length=8, choices=SurveyChannel.choices)
    u1 = _score_field(ELEMENTS[0][1])
    u2 = _score_field(ELEMENTS[1][1])
    u3 = _score_field(ELEMENTS[2][1])
    u4 = _score_field(ELEMENTS[3][1])
    u5 = _score_field(ELEMENTS[4][1])
    u6 = _score_field(ELEMENTS[5][1])
    u7 = _score_field(ELEMENTS[6][1])
    u8 = _score_field(ELEMENTS[7][1])
    u9 = _score_field(ELEMENTS[8][1])
    age_group = models.CharField(_("usia"), max_length=6, choices=AgeGroup.choices, blank=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices, blank=True)
    education = models.CharField(_("pendidikan"), max_length=8, choices=Education.choices, blank=True)
    occupation = models.CharField(_("pekerjaan"), max_length=8, choices=Occupation.choices, blank=True)
    suggestion = models.TextField(_("saran"), blank=True)

    class Meta:
        verbose_name = _("jawaban survei")
        verbose_name_plural = _("jawaban survei")
        constraints = [models.CheckConstraint(condition=Q(**{f"{c}__isnull": True}) | Q(**{f"{c}__gte": 1, f"{c}__lte": 4}),
                                              name=f"survey_{c}_scale") for c in ELEMENT_CODES]
        indexes = [models.Index(fields=["office", "period"], name="survey_office_period_idx")]

    def __str__(self) -> str:
        return f"{self.office_id}/{self.service_id} {self.period:%Y-%m}"


class SurveyAnswered(models.Model):
    """The mark that the survey of one application was answered: no link to the answers."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("tanda survei terjawab")
        verbose_name_plural = _("tanda survei terjawab")

    def __str__(self) -> str:
        return f"answered {self.application_id}"


class SurveyStat(models.Model):
    """Raw sums per month, office and service (the IKM is computed from these, never from rounded
    figures). Written in the same transaction as each response."""

    period = models.DateField()
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    regency_code = models.CharField(max_length=4)
    responses = models.PositiveIntegerField(default=0)
    sums = models.JSONField(default=dict)  # {"u1": 131, ...}
    counts = models.JSONField(default=dict)  # {"u1": 40, ...}: respondents who answered the element
    synthetic = models.BooleanField(default=False)  # demo history, labelled wherever shown

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "office", "service", "synthetic"],
                                               name="survey_stat_unique")]
        indexes = [models.Index(fields=["period", "regency_code"], name="survey_stat_period_idx")]

    def __str__(self) -> str:
        return f"{self.office_id}/{self.service_id} {self.period:%Y-%m}"


# --- complaints --------------------------------------------------------------------------------

class ComplaintSubject(models.TextChoices):
    APPLICATION = "application", _("Permohonan layanan")
    DOCUMENT = "document", _("Dokumen terbitan")
    PAYMENT = "payment", _("Pembayaran")
    SERVICE_POINT = "service_point", _("Titik layanan")
    GENERAL = "general", _("Umum")


class ComplaintCategory(models.TextChoices):
    DELAY = "delay", _("Layanan terlambat")
    STAFF = "staff", _("Sikap atau perilaku petugas")
    FEE = "fee", _("Biaya atau pungutan")
    ERROR = "error", _("Kesalahan data atau dokumen")
    ACCESS = "access", _("Sulit diakses (situs, loket, antrean)")
    OTHER = "other", _("Lainnya")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    IN_PROGRESS = "in_progress", _("Ditindaklanjuti")
    EXTENDED = "extended", _("Diperpanjang")
    ANSWERED = "answered", _("Dijawab")
    CLOSED = "closed", _("Selesai")
    FORWARDED = "forwarded", _("Bukan kewenangan (diteruskan)")


OPEN_COMPLAINT_STATES = frozenset({ComplaintStatus.RECEIVED, ComplaintStatus.IN_PROGRESS, ComplaintStatus.EXTENDED})


class Complaint(models.Model):
    number = models.CharField(_("nomor pengaduan"), max_length=12, unique=True)
    follow_key_hash = models.CharField(max_length=64)  # the link a reporter without an account keeps
    subject_kind = models.CharField(_("tentang"), max_length=16, choices=ComplaintSubject.choices)
    subject_ref = models.CharField(_("nomor rujukan"), max_length=40, blank=True)
    category = models.CharField(_("kategori"), max_length=10, choices=ComplaintCategory.choices)
    # Routed to the unit of this type in this regency (its Office row when one exists).
    unit_type = models.CharField(_("unit"), max_length=12)
    regency_code = models.CharField(max_length=4)
    office = models.ForeignKey(Office, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    anonymous = models.BooleanField(_("rahasiakan identitas pelapor"), default=False)
    text = models.TextField(_("isi pengaduan"))
    status = models.CharField(_("status"), max_length=12, choices=ComplaintStatus.choices,
                              default=ComplaintStatus.RECEIVED)
    received_at = models.DateTimeField()
    due_date = models.DateField(_("batas waktu jawaban"))
    extended = models.BooleanField(default=False)
    resolved_at = models.DateTimeField(null=True, blank=True)
    lapor_number = models.CharField(_("nomor tiket LAPOR!"), max_length=30, blank=True)
    public_summary = models.TextField(_("ringkasan untuk publik"), blank=True)

    class Meta:
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["regency_code", "status", "due_date"], name="complaint_desk_idx"),
                   models.Index(fields=["status", "-resolved_at"], name="complaint_register_idx")]

    def __str__(self) -> str:
        return self.number


class ComplaintMessage(models.Model):
    """The complaint's conversation and status log: appended, never edited."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="messages")
    by_reporter = models.BooleanField(default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    status = models.CharField(max_length=12, choices=ComplaintStatus.choices)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["complaint", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.status}"


# --- dashboard summary tables ------------------------------------------------------------------

class CaseMonthStat(models.Model):
    """Case figures per month, office and service, added to by the refresh task as the case log
    grows (never recounted per page view)."""

    period = models.DateField()
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    regency_code = models.CharField(max_length=4)
    received = models.PositiveIntegerField(default=0)
    received_counter = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    completed_in_sla = models.PositiveIntegerField(default=0)
    completed_returned = models.PositiveIntegerField(default=0)  # completed after at least one return
    days_histogram = models.JSONField(default=dict)  # {"working days": completed cases}
    synthetic = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "office", "service", "synthetic"],
                                               name="case_month_stat_unique")]
        indexes = [models.Index(fields=["period", "regency_code"], name="case_stat_period_idx")]

    def __str__(self) -> str:
        return f"{self.office_id}/{self.service_id} {self.period:%Y-%m}"


class PaymentDayStat(models.Model):
    """PKB collected per day, regency and channel group; a day is rebuilt whole by the task."""

    day = models.DateField()
    regency_code = models.CharField(max_length=4)
    channel_group = models.CharField(max_length=8)  # bank | qris | opop | counter
    payments = models.PositiveIntegerField(default=0)
    amount = models.BigIntegerField(default=0)  # integer rupiah
    synthetic = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "regency_code", "channel_group", "synthetic"],
                                               name="payment_day_stat_unique")]

    def __str__(self) -> str:
        return f"{self.day} {self.regency_code} {self.channel_group}"


class ComplaintMonthStat(models.Model):
    """Complaints received (month of receipt) and resolved (month of resolution) per unit."""

    period = models.DateField()
    unit_type = models.CharField(max_length=12)
    regency_code = models.CharField(max_length=4)
    received = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    resolved_in_time = models.PositiveIntegerField(default=0)
    synthetic = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "unit_type", "regency_code", "synthetic"],
                                               name="complaint_month_stat_unique")]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} {self.unit_type} {self.regency_code}"


class VerificationMonthStat(models.Model):
    """Documents verified per month, regency and channel (qr | upload | api), rebuilt by the refresh
    task from balai.documents' daily counters. ``regency_code`` is "" for an issuing unit that
    is no known office (a province-level unit): counted in the province total only."""

    period = models.DateField()
    regency_code = models.CharField(max_length=4, blank=True)
    channel = models.CharField(max_length=8)
    verifications = models.PositiveIntegerField(default=0)
    synthetic = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "regency_code", "channel", "synthetic"],
                                               name="verification_month_stat_unique")]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} {self.regency_code or '-'} {self.channel}"


class RefreshMark(models.Model):
    """How far the refresh task has read a source log (its last id)."""

    name = models.CharField(max_length=40, unique=True)
    last_id = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} {self.last_id}"


# --- maklumat pelayanan and ASN fluency ---------------------------------------------------------

class ServicePledge(models.Model):
    """One issued maklumat pelayanan of a unit (UU 25/2009 Art. 22; PermenPANRB 15/2014): the
    text as signed, who signed it, and the signed PDF. A reissue is the next version; the newest
    one whose document is still valid is the unit's current pledge."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    text = models.TextField(_("isi maklumat"))
    head_name = models.CharField(_("nama kepala unit"), max_length=150)
    head_title = models.CharField(_("jabatan"), max_length=150)
    head_nip = models.CharField(_("NIP"), max_length=18, blank=True)
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+")
    # None: seeded by the demo (``balai seed_demo``), not issued by a person
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    issued_at = models.DateTimeField()

    class Meta:
        verbose_name = _("maklumat pelayanan")
        verbose_name_plural = _("maklumat pelayanan")
        ordering = ["office", "-version"]
        constraints = [models.UniqueConstraint(fields=["office", "version"], name="pledge_office_version_unique")]

    def __str__(self) -> str:
        return f"{self.office_id} v{self.version}"


class FluencyStat(models.Model):
    """A unit's ASN fluency counts for a year (balai.asn.selectors.unit_fluency), copied by an
    hourly task (services/fluency.py) so that the public dashboard reads a table, never the training records."""

    year = models.PositiveSmallIntegerField()
    unit = models.CharField(max_length=150)
    regency_code = models.CharField(max_length=4, blank=True)  # "" for a province-level unit
    asn = models.PositiveIntegerField(default=0)
    with_required_jp = models.PositiveIntegerField(default=0)
    passed_practice = models.PositiveIntegerField(default=0)
    refreshed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "unit"], name="fluency_stat_unique")]

    def __str__(self) -> str:
        return f"{self.year} {self.unit}"
