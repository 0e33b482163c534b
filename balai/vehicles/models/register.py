"""Vehicle register, ownership, blocks, tax bills, endorsements and the vehicle timeline.

Money is integer rupiah (``BigIntegerField``). Rates are exact decimals (``DecimalField``) or
exact fractions (numerator/denominator): they become ``Fraction`` in the engine, never float.
Every rule row names its regulation and carries ``valid_from``/``valid_to`` (invariant 6).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..plates import display_plate


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
