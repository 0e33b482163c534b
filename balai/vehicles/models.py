"""Vehicle register, ownership, blocks, the tax-rule tables (dated data) and the vehicle timeline.

Money is integer rupiah (``BigIntegerField``). Rates are exact decimals (``DecimalField``) or
exact fractions (numerator/denominator): they become ``Fraction`` in the engine, never float.
Every rule row names its regulation and carries ``valid_from``/``valid_to`` (invariant 6).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .plates import display_plate


class Category(models.TextChoices):
    MOTORCYCLE = "motorcycle", _("Sepeda motor")
    TRICYCLE = "tricycle", _("Kendaraan roda tiga")
    SEDAN = "sedan", _("Sedan")
    JEEP = "jeep", _("Jip")
    MINIBUS = "minibus", _("Minibus")
    BLIND_VAN = "blind_van", _("Blind van")
    PICKUP = "pickup", _("Pikap")
    MICROBUS = "microbus", _("Mikrobus")
    BUS = "bus", _("Bus")
    LIGHT_TRUCK = "light_truck", _("Truk ringan")
    TRUCK = "truck", _("Truk")
    TOW_TRUCK = "tow_truck", _("Truk derek")
    HEAVY_EQUIPMENT = "heavy_equipment", _("Alat berat (traktor, buldoser, forklift)")


class Use(models.TextChoices):
    PRIVATE = "private", _("Pribadi")
    PUBLIC_TRANSPORT = "public_transport", _("Angkutan umum")
    GOVERNMENT = "government", _("Pemerintah/TNI/Polri")
    AMBULANCE = "ambulance", _("Ambulans")
    FIRE_ENGINE = "fire_engine", _("Pemadam kebakaran")
    HEARSE = "hearse", _("Mobil jenazah")
    SOCIAL = "social", _("Badan sosial/keagamaan")


class VehicleStatus(models.TextChoices):
    ACTIVE = "active", _("Aktif")
    DELETED = "deleted", _("Dihapus dari daftar (UU 22/2009 Pasal 74)")


class Vehicle(models.Model):
    plate = models.CharField(_("nomor polisi"), max_length=9, unique=True)
    chassis_number = models.CharField(_("nomor rangka"), max_length=25, unique=True)
    engine_number = models.CharField(_("nomor mesin"), max_length=25)
    category = models.CharField(_("jenis"), max_length=16, choices=Category.choices)
    cc = models.PositiveIntegerField(_("isi silinder (cc)"))
    make = models.CharField(_("merek"), max_length=40)
    model = models.CharField(_("tipe"), max_length=60)
    year = models.PositiveSmallIntegerField(_("tahun pembuatan"))
    colour = models.CharField(_("warna"), max_length=30)
    use = models.CharField(_("penggunaan"), max_length=20, choices=Use.choices, default=Use.PRIVATE)
    # NJKB of this vehicle when set; otherwise the dated price table (NjkbPrice) decides.
    njkb = models.BigIntegerField(_("NJKB khusus (Rp)"), null=True, blank=True)
    owner_nik = models.CharField(_("NIK pemilik"), max_length=16, db_index=True)
    owner_name = models.CharField(_("nama pemilik"), max_length=150)
    owner_address = models.CharField(_("alamat pemilik"), max_length=250)
    # Lower-case, single-spaced address: "same owner" = same NIK and same address (REFERENCE §3.3).
    owner_address_key = models.CharField(max_length=250, editable=False)
    owned_since = models.DateField(_("tanggal kepemilikan (BBN)"))
    regency_code = models.CharField(_("kabupaten/kota registrasi"), max_length=4, db_index=True)
    stnk_valid_until = models.DateField(_("STNK berlaku sampai"))
    due_date = models.DateField(_("jatuh tempo pajak berikutnya"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=VehicleStatus.choices,
                              default=VehicleStatus.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kendaraan")
        verbose_name_plural = _("kendaraan")
        indexes = [models.Index(fields=["owner_nik", "owner_address_key"])]
        constraints = [models.CheckConstraint(condition=Q(njkb__isnull=True) | Q(njkb__gte=0),
                                              name="vehicles_njkb_not_negative")]

    def __str__(self) -> str:
        return self.plate_display

    @property
    def plate_display(self) -> str:
        return display_plate(self.plate)

    @property
    def chassis_tail(self) -> str:
        return self.chassis_number[-5:]


class VehicleLink(models.Model):
    """A vehicle a citizen account linked by proving possession (plate, chassis tail and the
    STNK's expiry date) rather than by a verified NIK. It holds only while the vehicle still
    belongs to the owner it was proved for: a change of owner (BBN) ends it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vehicle_links")
    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, related_name="links")
    owner_nik = models.CharField(max_length=16)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kendaraan tertaut")
        verbose_name_plural = _("kendaraan tertaut")
        constraints = [models.UniqueConstraint(fields=["user", "vehicle"], name="vehicles_link_once_per_user")]

    def __str__(self) -> str:
        return f"{self.vehicle} ↔ {self.user_id}"


def address_key(address: str) -> str:
    return " ".join((address or "").lower().replace(".", " ").replace(",", " ").split())


class BlockReason(models.TextChoices):
    SOLD = "sold", _("Lapor jual")
    STOLEN = "stolen", _("Dilaporkan hilang/dicuri")
    CRIMINAL = "criminal", _("Terkait perkara pidana")
    ACCIDENT = "accident", _("Terkait kecelakaan")
    DAMAGED = "damaged", _("Rusak berat")
    COURT = "court", _("Sengketa/putusan pengadilan")


class VehicleBlock(models.Model):
    """A block (blokir) stops online payment and endorsement until an officer lifts it."""

    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="blocks")
    reason = models.CharField(_("alasan"), max_length=12, choices=BlockReason.choices)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")

    class Meta:
        verbose_name = _("blokir")
        verbose_name_plural = _("blokir")
        indexes = [models.Index(fields=["vehicle", "lifted_at"])]

    def __str__(self) -> str:
        return f"{self.vehicle_id}: {self.reason}"


class VehicleEvent(models.Model):
    """The vehicle's timeline: registration, bills, endorsements, blocks and corrections with
    their reason. Inserted, never changed (invariant 2)."""

    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=40)
    reason = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["vehicle", "created_at"])]

    def __str__(self) -> str:
        return f"{self.vehicle_id}: {self.kind}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("VehicleEvent is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("VehicleEvent is append-only")


class TaxBill(models.Model):
    """Which tax years a payments bill covers for a vehicle (the bill itself lives in payments)."""

    class Source(models.TextChoices):
        ONLINE = "online", _("Daring (warga)")
        ANNUAL = "annual", _("Penetapan tahunan massal")
        OFFICER = "officer", _("Petugas Samsat")

    bill = models.OneToOneField("payments.Bill", on_delete=models.PROTECT, related_name="vehicle_tax")
    # Indexed by (vehicle, last_due) below, which also serves the foreign key.
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="tax_bills", db_index=False)
    first_due = models.DateField()
    last_due = models.DateField()
    assessed_on = models.DateField()
    total = models.BigIntegerField()
    source = models.CharField(max_length=8, choices=Source.choices)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["vehicle", "last_due"])]

    def __str__(self) -> str:
        return f"{self.vehicle_id}: {self.first_due}–{self.last_due}"


class Endorsement(models.Model):
    """The annual STNK endorsement (pengesahan) of one tax year. Its e-TBPKP is a documents row
    with subject ("vehicle_tax_bill", payment code): one proof per payment, however many years."""

    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="endorsements")
    due_date = models.DateField(_("tahun pajak (jatuh tempo)"))
    bill = models.ForeignKey("payments.Bill", on_delete=models.PROTECT, related_name="+")
    paid_at = models.DateTimeField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-due_date"]
        constraints = [models.UniqueConstraint(fields=["vehicle", "due_date"], name="vehicles_one_endorsement_per_year")]

    def __str__(self) -> str:
        return f"{self.vehicle_id}: {self.due_date}"


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
