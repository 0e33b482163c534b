"""Ownership transfer (balik nama) and a new vehicle's first registration: the vehicle side of a
case (``cases.Application``) of the services ``kendaraan-baru`` and ``balik-nama-kendaraan``.

A row is made when the case's BBNKB bill is issued; it keeps the seller as registered at that time
(name, NIK, address, date of ownership), so the vehicle's ownership history is the list of its
completed transfers (``Vehicle.transfers``), oldest first.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .register import Vehicle


class TransferKind(models.TextChoices):
    NEW = "new", _("Kendaraan baru (penyerahan pertama)")
    USED = "used", _("Balik nama kendaraan bekas (penyerahan kedua dan seterusnya)")


class OwnershipTransfer(models.Model):
    application = models.OneToOneField("cases.Application", on_delete=models.PROTECT, related_name="vehicle_transfer")
    kind = models.CharField(_("jenis"), max_length=4, choices=TransferKind.choices)
    # The existing vehicle (used); for a new vehicle, the register row made on completion.
    vehicle = models.ForeignKey(Vehicle, null=True, blank=True, on_delete=models.PROTECT, related_name="transfers")
    seller_nik = models.CharField(_("NIK penjual"), max_length=16, blank=True)
    seller_name = models.CharField(_("nama penjual"), max_length=150, blank=True)
    seller_address = models.CharField(_("alamat penjual"), max_length=250, blank=True)
    seller_since = models.DateField(_("dimiliki penjual sejak"), null=True, blank=True)
    buyer_nik = models.CharField(_("NIK pembeli"), max_length=16, db_index=True)
    buyer_name = models.CharField(_("nama pembeli"), max_length=150)
    buyer_address = models.CharField(_("alamat pembeli"), max_length=250)
    njkb = models.BigIntegerField(_("NJKB (Rp)"))
    assessed_on = models.DateField(_("tanggal penetapan"))
    bill = models.OneToOneField("payments.Bill", on_delete=models.PROTECT, related_name="vehicle_transfer")
    cek_fisik_booking = models.CharField(_("kode booking cek fisik"), max_length=12, blank=True)
    cek_fisik_at = models.DateTimeField(_("cek fisik selesai"), null=True, blank=True)
    cek_fisik_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    cek_fisik_note = models.CharField(_("catatan cek fisik"), max_length=300, blank=True)
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("balik nama kendaraan")
        verbose_name_plural = _("balik nama kendaraan")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(njkb__gte=0), name="vehicles_transfer_njkb_not_negative"),
            models.CheckConstraint(condition=Q(kind="new") | Q(vehicle__isnull=False),
                                   name="vehicles_used_transfer_has_vehicle"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.application_id}"
