"""The service catalogue (versioned, Open Zaak's case types: the SLA as fields on the type),
its requirements, and the issuing offices with their own published completion times."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..catalogue_text import english, localized
from .workflow import Workflow


class UnitType(models.TextChoices):
    DUKCAPIL = "dukcapil", _("Dinas Kependudukan dan Pencatatan Sipil kabupaten/kota")
    BAPENDA = "bapenda", _("UPT PPD Bapenda (Samsat)")
    PROVINCE = "province", _("Perangkat daerah provinsi")
    OTHER = "other", _("Unit layanan lainnya")


# Office names follow the staff profile's ``unit`` field, e.g. "Dispendukcapil Kota Surabaya".
UNIT_NAME_PREFIX: dict[str, str] = {
    UnitType.DUKCAPIL: "Dispendukcapil",
    UnitType.BAPENDA: "UPT PPD",
    UnitType.PROVINCE: "Pemprov Jatim —",
    UnitType.OTHER: "Unit Layanan",
}


class Office(models.Model):
    """An issuing office: the unit of one type that serves one regency. Staff see the cases of
    offices whose name equals their ``StaffProfile.unit`` within their jurisdiction."""

    unit_type = models.CharField(_("jenis unit"), max_length=12, choices=UnitType.choices)
    regency_code = models.CharField(_("kode kabupaten/kota"), max_length=4)
    name = models.CharField(_("nama kantor"), max_length=150, db_index=True)
    email = models.EmailField(_("e-mail kantor"), blank=True)

    class Meta:
        verbose_name = _("kantor layanan")
        verbose_name_plural = _("kantor layanan")
        constraints = [models.UniqueConstraint(fields=["unit_type", "regency_code"], name="office_unit_regency_unique")]

    def __str__(self) -> str:
        return self.name

class Service(models.Model):
    """The stable identity of a service; its content lives in ``ServiceVersion``."""

    code = models.SlugField(_("kode layanan"), max_length=40, unique=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=100)

    class Meta:
        verbose_name = _("layanan")
        verbose_name_plural = _("layanan")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.code


class ServiceVersion(models.Model):
    """One published version of a service: the six service-standard components that citizens
    see before applying (UU 25/2009 Art. 21; PermenPANRB 15/2014), the SLA and the form.
    A version that has applications is frozen; changes go into a new version."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(_("versi"), default=1)
    published_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True)
    name_id = models.CharField(_("nama (Indonesia)"), max_length=150)
    name_en = models.CharField(_("nama (Inggris)"), max_length=150, blank=True)
    description = models.TextField(_("uraian"), blank=True)
    description_en = models.TextField(_("uraian (Inggris)"), blank=True)
    unit_type = models.CharField(_("unit pelaksana"), max_length=12, choices=UnitType.choices,
                                 default=UnitType.DUKCAPIL)
    handler = models.CharField(_("penangan"), max_length=40, default="generic",
                               help_text=_("Kode penangan terdaftar; 'generic' menerbitkan surat keputusan."))
    workflow = models.ForeignKey(Workflow, on_delete=models.PROTECT, related_name="+")
    is_adminduk = models.BooleanField(_("layanan Adminduk"), default=False,
                                      help_text=_("Layanan Adminduk selalu gratis (UU 24/2013 Pasal 79A)."))
    # 1. requirements: rows of Requirement, plus a free note
    requirements_note = models.TextField(_("catatan persyaratan"), blank=True)
    requirements_note_en = models.TextField(_("catatan persyaratan (Inggris)"), blank=True)
    # 2. system, mechanism and procedure: one step per line
    procedure = models.TextField(_("sistem, mekanisme, dan prosedur"))
    procedure_en = models.TextField(_("sistem, mekanisme, dan prosedur (Inggris)"), blank=True,
                                    help_text=_("Satu langkah per baris, sama banyak dengan versi Indonesia."))
    # 3. completion time
    sla_days = models.PositiveSmallIntegerField(_("jangka waktu (hari kerja)"))
    # 4. cost: integer rupiah
    fee = models.BigIntegerField(_("biaya (rupiah)"), default=0)
    cost_note = models.CharField(_("keterangan biaya"), max_length=200, blank=True)
    cost_note_en = models.CharField(_("keterangan biaya (Inggris)"), max_length=200, blank=True)
    # 5. product
    product = models.CharField(_("produk layanan"), max_length=200)
    product_en = models.CharField(_("produk layanan (Inggris)"), max_length=200, blank=True)
    # 6. complaints, suggestions and input
    complaint_channel = models.TextField(_("penanganan pengaduan, saran, dan masukan"))
    complaint_channel_en = models.TextField(_("penanganan pengaduan, saran, dan masukan (Inggris)"), blank=True)
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    legal_basis_en = models.TextField(_("dasar hukum (Inggris)"), blank=True)
    form_schema = models.JSONField(_("formulir (skema)"), default=list, blank=True,
                                   help_text=_("Daftar isian: name, label, label_en, type, required, "
                                               "choices ([nilai, label, label Inggris]), help, help_en, …"))

    class Meta:
        verbose_name = _("versi layanan")
        verbose_name_plural = _("versi layanan")
        ordering = ["service", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["service", "version"], name="service_version_unique"),
            models.CheckConstraint(condition=Q(fee__gte=0), name="service_fee_not_negative"),
            # UU 24/2013 Art. 79A: issuing population documents is free, without exception.
            models.CheckConstraint(condition=Q(is_adminduk=False) | Q(fee=0), name="adminduk_service_is_free"),
        ]

    def __str__(self) -> str:
        return f"{self.service.code} v{self.version}"

    def clean(self) -> None:
        if self.is_adminduk and self.fee:
            raise ValidationError({"fee": _("Layanan Adminduk tidak boleh dikenai biaya (UU 24/2013 Pasal 79A).")},
                                  code="adminduk_fee")
        if self.fee < 0:
            raise ValidationError({"fee": _("Biaya tidak boleh negatif.")})
        if self.procedure_en and len(localized_steps(self.procedure_en)) != len(localized_steps(self.procedure)):
            raise ValidationError({"procedure_en": _("Jumlah langkah versi Inggris harus sama dengan versi Indonesia.")},
                                  code="procedure_steps")
        from .forms_schema import schema_errors

        errors = schema_errors(self.form_schema)
        if errors:
            raise ValidationError({"form_schema": errors})

    @property
    def name(self) -> str:
        """The name in the active language (English when filled, else Indonesian)."""
        return self.name_en if english() and self.name_en else self.name_id

    @property
    def procedure_steps(self) -> list[str]:
        return localized_steps(localized(self, "procedure"))


def localized_steps(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class FileFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"


def default_formats() -> list[str]:
    return ["pdf", "jpeg", "png"]


class Requirement(models.Model):
    """A document a service asks for. ``alternative_of`` links an accepted substitute to the
    requirement it replaces (Permendagri 9/2016: SPTJM instead of a birth letter)."""

    service_version = models.ForeignKey(ServiceVersion, on_delete=models.CASCADE, related_name="requirements")
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama dokumen"), max_length=200)
    name_en = models.CharField(_("nama dokumen (Inggris)"), max_length=200, blank=True)
    description = models.CharField(_("keterangan"), max_length=300, blank=True)
    description_en = models.CharField(_("keterangan (Inggris)"), max_length=300, blank=True)
    formats = models.JSONField(_("format yang diterima"), default=default_formats)
    max_size_kb = models.PositiveIntegerField(_("ukuran maksimum (KB)"), default=5120)
    required = models.BooleanField(_("wajib"), default=True)
    alternative_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                                       related_name="alternatives", verbose_name=_("pengganti untuk"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("persyaratan")
        verbose_name_plural = _("persyaratan")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["service_version", "code"], name="requirement_code_unique")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        bad = set(self.formats or []) - set(FileFormat.values)
        if bad or not self.formats:
            raise ValidationError({"formats": _("Format harus salah satu dari: pdf, jpeg, png.")})
        if self.alternative_of is not None and self.alternative_of.service_version_id != self.service_version_id:
            raise ValidationError({"alternative_of": _("Pengganti harus dari versi layanan yang sama.")})


class OfficeServiceSLA(models.Model):
    """A published completion time of one issuing office for one service (REFERENCE §2.2: each
    Disdukcapil publishes its own standar pelayanan). Overrides ``ServiceVersion.sla_days``."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="office_slas")
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="slas")
    sla_days = models.PositiveSmallIntegerField(_("jangka waktu (hari kerja)"))
    basis = models.CharField(_("dasar (standar pelayanan kantor)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("SLA per kantor")
        verbose_name_plural = _("SLA per kantor")
        constraints = [models.UniqueConstraint(fields=["service", "office"], name="office_sla_unique")]

    def __str__(self) -> str:
        return f"{self.office} — {self.sla_days}"
