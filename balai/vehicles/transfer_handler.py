"""The case-engine handlers of the ownership-transfer services (``transfer.py`` does the work):
the form, the checks against the register, the seller as the case's subject, and the completion on
the officer's approval (after the bill is paid and the cek fisik recorded).

Registered in ``VehiclesConfig.ready()``; the catalogue rows come from migration 0008.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.cases.handlers import CaseSubject, ServiceHandler, register_handler
from balai.core.masking import mask_nik

from . import transfer
from .models import BlockReason, Category, TransferKind, Vehicle
from .plates import PlateError, normalise_plate

ADDRESS = {"name": "buyer_address", "label": "Alamat pembeli (sesuai KTP-el)", "label_en": "Buyer's address (as on the KTP-el)",
           "type": "text", "required": True, "max_length": 250,
           "help": "Kendaraan dicatat dengan alamat ini; urutan kepemilikan progresif dihitung per NIK dan alamat.",
           "help_en": "The vehicle is registered at this address; the progressive ownership order counts per NIK "
                      "and address."}
USED_FIELDS = [
    {"name": "plate", "label": "Nomor polisi", "label_en": "Plate number", "type": "text", "required": True,
     "max_length": 12, "help": "Contoh: L 1234 AB", "help_en": "For example: L 1234 AB"},
    {"name": "bpkb_number", "label": "Nomor BPKB", "label_en": "BPKB number", "type": "text", "required": True,
     "max_length": 20},
    {"name": "seller_nik", "label": "NIK penjual (pemilik terdaftar)", "label_en": "Seller's NIK (registered owner)",
     "type": "nik", "required": True},
    {"name": "seller_name", "label": "Nama penjual", "label_en": "Seller's name", "type": "text", "required": True,
     "max_length": 150},
    {"name": "sale_date", "label": "Tanggal jual beli", "label_en": "Date of sale", "type": "date", "required": True},
    ADDRESS,
]
CATEGORY_CHOICES = [[c.value, str(c.label)] for c in Category if c.value != Category.HEAVY_EQUIPMENT]
CATEGORY_EN = {"motorcycle": "Motorcycle", "tricycle": "Three-wheeler", "sedan": "Sedan", "jeep": "Jeep",
               "minibus": "Minibus", "blind_van": "Blind van", "pickup": "Pick-up", "microbus": "Microbus",
               "bus": "Bus", "light_truck": "Light truck", "truck": "Truck", "tow_truck": "Tow truck"}
NEW_FIELDS = [
    {"name": "make", "label": "Merek", "label_en": "Make", "type": "text", "required": True, "max_length": 40},
    {"name": "model", "label": "Tipe", "label_en": "Model", "type": "text", "required": True, "max_length": 60},
    {"name": "year", "label": "Tahun pembuatan", "label_en": "Year of manufacture", "type": "integer",
     "required": True, "min": 1990, "max": 2100},
    {"name": "category", "label": "Jenis kendaraan", "label_en": "Vehicle type", "type": "choice", "required": True,
     "choices": [[value, label, CATEGORY_EN[value]] for value, label in CATEGORY_CHOICES]},
    {"name": "cc", "label": "Isi silinder (cc)", "label_en": "Engine capacity (cc)", "type": "integer",
     "required": True, "min": 0, "max": 20000},
    {"name": "colour", "label": "Warna", "label_en": "Colour", "type": "text", "required": True, "max_length": 30},
    {"name": "chassis_number", "label": "Nomor rangka", "label_en": "Chassis number", "type": "text",
     "required": True, "max_length": 25},
    {"name": "engine_number", "label": "Nomor mesin", "label_en": "Engine number", "type": "text", "required": True,
     "max_length": 25},
    {"name": "njkb", "label": "NJKB pada faktur (Rp)", "label_en": "NJKB on the invoice (Rp)", "type": "integer",
     "required": True, "min": 1, "max": 100_000_000_000,
     "help": "Bila daftar NJKB memuat merek, tipe, dan tahun ini, nilai daftar yang dipakai.",
     "help_en": "When the NJKB list holds this make, model and year, the list's value is used."},
    {"name": "invoice_date", "label": "Tanggal faktur", "label_en": "Invoice date", "type": "date", "required": True},
    {"name": "dealer", "label": "Nama dealer", "label_en": "Dealer's name", "type": "text", "required": True,
     "max_length": 150},
    ADDRESS,
]


def _error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def _route(app, regency_code: str) -> None:
    """The case goes to the Samsat (UPT PPD) of the vehicle's regency of registration."""
    if app.regency_code == regency_code:
        return
    from balai.cases.models import Application
    from balai.cases.services import office_for, sla_days_for

    office = office_for(app.service_version.unit_type, regency_code)
    app.office, app.regency_code, app.sla_days = office, regency_code, sla_days_for(app.service_version, office)
    Application.objects.filter(pk=app.pk).update(office=office, regency_code=regency_code, sla_days=app.sla_days)


class UsedTransferHandler(ServiceHandler):
    """A used vehicle bought from its registered owner (seller, buyer, plate, BPKB, proof of sale)."""

    def form_fields(self, version) -> list[dict]:
        return [dict(spec) for spec in USED_FIELDS]

    def validate(self, application, data: dict[str, Any]) -> dict[str, Any]:
        try:
            data["plate"] = normalise_plate(data.get("plate", ""))
        except PlateError as exc:
            raise _error("plate", str(exc.message)) from None
        vehicle = Vehicle.objects.filter(plate=data["plate"], status="active").first()
        if vehicle is None:
            raise _error("plate", _("Kendaraan dengan nomor polisi ini tidak terdaftar di Jawa Timur."))
        if data.get("seller_nik") != vehicle.owner_nik:
            raise _error("seller_nik", _("NIK penjual tidak sama dengan pemilik terdaftar kendaraan ini."))
        if application.subject_nik == vehicle.owner_nik:
            raise _error("seller_nik", _("Kendaraan ini sudah terdaftar atas nama Anda."))
        if vehicle.blocks.filter(lifted_at__isnull=True).exclude(reason=BlockReason.SOLD).exists():
            raise _error("plate", _("Kendaraan ini diblokir; silakan datang ke Samsat."))
        sale = date.fromisoformat(str(data["sale_date"]))
        if sale > timezone.localdate():
            raise _error("sale_date", _("Tanggal jual beli tidak boleh di masa depan."))
        if sale < vehicle.owned_since:
            raise _error("sale_date", _("Tanggal jual beli sebelum penjual memiliki kendaraan ini."))
        _route(application, vehicle.regency_code)
        return data

    def subjects(self, application) -> list[CaseSubject]:
        data = application.data or {}
        if not data.get("seller_nik"):
            return []
        return [CaseSubject(name=data.get("seller_name", ""), relationship=_("Penjual (pemilik terdaftar)"),
                            nik_masked=mask_nik(data["seller_nik"]),
                            reveal_url=reverse("vehicles:staff_transfer", args=[application.tracking_number]))]

    def on_approve(self, application, *, by) -> None:
        found = transfer.transfer_for(application)
        if found is None:
            from balai.core.api import ApiError

            raise ApiError("not_billed", _("Tagihan balik nama belum diterbitkan dan dibayar."), status_code=409)
        transfer.transfer_complete(transfer=found, by=by)


class NewVehicleHandler(UsedTransferHandler):
    """A new vehicle's first registration, from the dealer's invoice."""

    def form_fields(self, version) -> list[dict]:
        return [dict(spec) for spec in NEW_FIELDS]

    def validate(self, application, data: dict[str, Any]) -> dict[str, Any]:
        for name in ("chassis_number", "engine_number"):
            data[name] = "".join(str(data.get(name, "")).split()).upper()
        if Vehicle.objects.filter(chassis_number=data["chassis_number"]).exists():
            raise _error("chassis_number", _("Nomor rangka ini sudah terdaftar."))
        invoice = date.fromisoformat(str(data["invoice_date"]))
        if invoice > timezone.localdate():
            raise _error("invoice_date", _("Tanggal faktur tidak boleh di masa depan."))
        if int(data["year"]) > invoice.year + 1:
            raise _error("year", _("Tahun pembuatan tidak cocok dengan tanggal faktur."))
        return data

    def subjects(self, application) -> list[CaseSubject]:
        return [CaseSubject(name=str(application.data.get("dealer", "")), relationship=_("Dealer (penjual)"),
                            reveal_url=reverse("vehicles:staff_transfer", args=[application.tracking_number]))]


def register() -> None:
    register_handler(transfer.SERVICE_USED, UsedTransferHandler())
    register_handler(transfer.SERVICE_NEW, NewVehicleHandler())


__all__ = ["NewVehicleHandler", "TransferKind", "UsedTransferHandler", "register"]
