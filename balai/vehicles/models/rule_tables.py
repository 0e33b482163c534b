"""The tax-rule tables (dated data, invariant 6): every row names its regulation and carries
``valid_from``/``valid_to``. Rates are exact decimals or fractions; the engine reads them as
``Fraction`` (never float)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .register import Category

# --- dated rules ------------------------------------------------------------------------------

class DatedRule(models.Model):
    valid_from = models.DateField(_("berlaku mulai"))
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    regulation = models.CharField(_("dasar hukum"), max_length=300)
    unconfirmed = models.BooleanField(_("belum terkonfirmasi"), default=False,
                                      help_text=_("Nilai belum dikonfirmasi dari teks peraturan (REFERENCE §10)."))
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-valid_from"]

    rule_prefix = "rule"

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.valid_from}–{self.valid_to or '…'} ({self.regulation})"

    @property
    def rule_id(self) -> str:
        return f"{self.rule_prefix}:{self.pk}"


class PkbRate(DatedRule):
    rule_prefix = "pkb_rate"
    ownership_order = models.PositiveSmallIntegerField(_("urutan kepemilikan"),
                                                       help_text=_("Urutan tertinggi berlaku juga untuk seterusnya."))
    rate_percent = models.DecimalField(_("tarif (%)"), max_digits=6, decimal_places=3)

    class Meta(DatedRule.Meta):
        verbose_name = _("tarif PKB")
        verbose_name_plural = _("tarif PKB")


class TaxKind(models.TextChoices):
    PKB = "pkb", _("PKB")
    BBNKB = "bbnkb", _("BBNKB")


class OpsenRate(DatedRule):
    rule_prefix = "opsen_rate"
    tax = models.CharField(_("pajak"), max_length=5, choices=TaxKind.choices, default=TaxKind.PKB)
    rate_percent = models.DecimalField(_("opsen (%)"), max_digits=6, decimal_places=3)

    class Meta(DatedRule.Meta):
        verbose_name = _("opsen")
        verbose_name_plural = _("opsen")


class BaseRelief(DatedRule):
    """Reduction of the tax base (keringanan dasar pengenaan) as an exact fraction."""

    rule_prefix = "base_relief"
    tax = models.CharField(_("pajak"), max_length=5, choices=TaxKind.choices, default=TaxKind.PKB)
    ownership_order = models.PositiveSmallIntegerField(_("urutan kepemilikan"), null=True, blank=True,
                                                       help_text=_("Kosong: semua urutan."))
    factor_numerator = models.PositiveBigIntegerField(_("faktor: pembilang"))
    factor_denominator = models.PositiveBigIntegerField(_("faktor: penyebut"))

    class Meta(DatedRule.Meta):
        verbose_name = _("keringanan dasar pengenaan")
        verbose_name_plural = _("keringanan dasar pengenaan")
        constraints = [models.CheckConstraint(condition=Q(factor_denominator__gt=0), name="vehicles_relief_den_positive")]


class Bobot(DatedRule):
    rule_prefix = "bobot"
    category = models.CharField(_("jenis"), max_length=16, choices=Category.choices)
    factor = models.DecimalField(_("bobot"), max_digits=6, decimal_places=3)

    class Meta(DatedRule.Meta):
        verbose_name = _("bobot")
        verbose_name_plural = _("bobot")


class SwdklljTariff(DatedRule):
    rule_prefix = "swdkllj"
    class_code = models.CharField(_("kelas"), max_length=24)
    label = models.CharField(_("uraian"), max_length=150)
    contribution = models.BigIntegerField(_("sumbangan wajib (Rp)"))
    card_fee = models.BigIntegerField(_("biaya kartu KD (Rp)"))

    class Meta(DatedRule.Meta):
        verbose_name = _("tarif SWDKLLJ")
        verbose_name_plural = _("tarif SWDKLLJ")


class SwdklljLateBracket(DatedRule):
    rule_prefix = "swdkllj_late"
    days_from = models.PositiveIntegerField(_("terlambat dari (hari)"))
    days_to = models.PositiveIntegerField(_("sampai (hari)"), null=True, blank=True)
    rate_percent = models.DecimalField(_("denda (%)"), max_digits=6, decimal_places=3)
    cap = models.BigIntegerField(_("maksimum (Rp)"))

    class Meta(DatedRule.Meta):
        verbose_name = _("denda SWDKLLJ")
        verbose_name_plural = _("denda SWDKLLJ")


class PenaltyRule(DatedRule):
    """Late-payment sanction on PKB (and opsen): monthly rate as an exact fraction."""

    rule_prefix = "penalty"
    monthly_numerator = models.PositiveIntegerField(_("tarif per bulan: pembilang"))
    monthly_denominator = models.PositiveIntegerField(_("tarif per bulan: penyebut"))
    max_months = models.PositiveSmallIntegerField(_("paling lama (bulan)"), null=True, blank=True,
                                                  help_text=_("Kosong: tanpa batas."))
    max_months_unconfirmed = models.BooleanField(
        _("batas bulan belum terkonfirmasi"), default=False,
        help_text=_("Halaman simulasi menyebutkannya bila batas ini mengubah jumlah."))

    class Meta(DatedRule.Meta):
        verbose_name = _("sanksi keterlambatan PKB")
        verbose_name_plural = _("sanksi keterlambatan PKB")
        constraints = [models.CheckConstraint(condition=Q(monthly_denominator__gt=0),
                                              name="vehicles_penalty_den_positive")]


class SwdklljClassRule(DatedRule):
    """Which SWDKLLJ class a vehicle falls in (PMK 16/PMK.010/2017, REFERENCE §3.5): the first row
    by ``position`` whose jenis, penggunaan and cc match; class ``exempt`` pays nothing."""

    rule_prefix = "swdkllj_class"
    position = models.PositiveSmallIntegerField(_("urutan pemeriksaan"))
    categories = models.CharField(_("jenis"), max_length=200, blank=True,
                                  help_text=_("Kode jenis dipisah koma; kosong: semua jenis."))
    uses = models.CharField(_("penggunaan"), max_length=200, blank=True,
                            help_text=_("Kode penggunaan dipisah koma; kosong: semua."))
    cc_up_to = models.PositiveIntegerField(_("isi silinder paling besar (cc)"), null=True, blank=True,
                                           help_text=_("Kosong: berapa pun."))
    class_code = models.CharField(_("kelas"), max_length=24)

    class Meta(DatedRule.Meta):
        verbose_name = _("penggolongan SWDKLLJ")
        verbose_name_plural = _("penggolongan SWDKLLJ")
        ordering = ["position"]


class ProgressiveRule(DatedRule):
    """Which vehicles progressive PKB rates apply to: private 4-wheelers and 2/3-wheelers above
    ``cc_threshold`` (REFERENCE §3.3)."""

    rule_prefix = "progressive"
    cc_threshold = models.PositiveIntegerField(_("batas cc progresif roda 2/3"),
                                               help_text=_("Roda 2/3 di atas batas ini dikenai tarif progresif."))

    class Meta(DatedRule.Meta):
        verbose_name = _("batas progresif")
        verbose_name_plural = _("batas progresif")


class Treasury(models.TextChoices):
    PROVINCE = "province", _("Kas daerah provinsi")
    REGENCY = "regency", _("Kas daerah kabupaten/kota registrasi")


class PenaltyBeneficiary(DatedRule):
    """Which treasury a penalty line goes to (split payment, REFERENCE §3.3, §4.5)."""

    rule_prefix = "penalty_beneficiary"
    line_code = models.CharField(_("baris"), max_length=24, choices=[
        ("pkb_penalty", _("Sanksi administratif PKB")), ("opsen_pkb_penalty", _("Sanksi administratif opsen PKB"))])
    treasury = models.CharField(_("penerima"), max_length=10, choices=Treasury.choices)

    class Meta(DatedRule.Meta):
        verbose_name = _("penerima sanksi")
        verbose_name_plural = _("penerima sanksi")


class BbnkbRate(DatedRule):
    """BBNKB (transfer-of-ownership tax) as a percentage of NJKB (REFERENCE §3.3, §3.4)."""

    rule_prefix = "bbnkb_rate"
    transfer = models.CharField(_("penyerahan"), max_length=6, choices=[
        ("first", _("Penyerahan pertama (kendaraan baru)")), ("later", _("Penyerahan kedua dan seterusnya"))])
    rate_percent = models.DecimalField(_("tarif (%)"), max_digits=6, decimal_places=3)

    class Meta(DatedRule.Meta):
        verbose_name = _("tarif BBNKB")
        verbose_name_plural = _("tarif BBNKB")


class PnbpFee(DatedRule):
    rule_prefix = "pnbp"
    item = models.CharField(_("jenis"), max_length=20)
    wheel_group = models.CharField(_("roda"), max_length=4, choices=[("2-3", _("Roda 2/3")), ("4+", _("Roda 4+"))])
    amount = models.BigIntegerField(_("jumlah (Rp)"))

    class Meta(DatedRule.Meta):
        verbose_name = _("PNBP perpanjangan 5 tahunan")
        verbose_name_plural = _("PNBP perpanjangan 5 tahunan")


class ReliefProgramme(DatedRule):
    """A pemutihan / incentive programme, chosen by the pay date. Eligibility that needs outside
    data (P3KE/DTSEN households, ojol riders) is not automated: see ``note``."""

    rule_prefix = "programme"
    name = models.CharField(_("nama program"), max_length=150)
    waive_pkb_penalty = models.BooleanField(_("hapus sanksi PKB"), default=False)
    waive_swdkllj_penalty = models.BooleanField(_("hapus denda SWDKLLJ"), default=False)
    waive_progressive = models.BooleanField(_("hapus tarif progresif"), default=False)
    swdkllj_arrears_one_year = models.BooleanField(_("tunggakan SWDKLLJ cukup satu tahun"), default=False)
    discount_percent_two_three_wheel = models.DecimalField(_("diskon PKB roda 2/3 (%)"), max_digits=5,
                                                           decimal_places=2, default=0)
    discount_percent_four_wheel = models.DecimalField(_("diskon PKB roda 4+ (%)"), max_digits=5,
                                                      decimal_places=2, default=0)
    wheel_groups = models.CharField(_("berlaku untuk roda"), max_length=10, blank=True,
                                    help_text=_("Kosong: semua; atau 2-3 / 4+ dipisah koma."))

    class Meta(DatedRule.Meta):
        verbose_name = _("program keringanan (pemutihan)")
        verbose_name_plural = _("program keringanan (pemutihan)")


class NjkbPrice(DatedRule):
    """NJKB price list (Permendagri on the tax base + Pergub), per make, model and year."""

    rule_prefix = "njkb"
    make = models.CharField(_("merek"), max_length=40)
    model = models.CharField(_("tipe"), max_length=60)
    year = models.PositiveSmallIntegerField(_("tahun pembuatan"))
    category = models.CharField(_("jenis"), max_length=16, choices=Category.choices)
    njkb = models.BigIntegerField(_("NJKB (Rp)"))

    class Meta(DatedRule.Meta):
        verbose_name = _("NJKB")
        verbose_name_plural = _("NJKB")
        indexes = [models.Index(fields=["make", "model", "year"])]


RULE_MODELS = (PkbRate, OpsenRate, BaseRelief, Bobot, SwdklljTariff, SwdklljLateBracket, PenaltyRule, PnbpFee,
               ReliefProgramme, NjkbPrice, SwdklljClassRule, ProgressiveRule, PenaltyBeneficiary, BbnkbRate)
