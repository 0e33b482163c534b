from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.core import forms as core_forms
from balai.payments.beneficiaries import JATIM_REGENCIES

from .models import BlockReason, Category, Use
from .plates import PlateError, parse_plate

DATE = forms.DateInput(attrs={"type": "date"})
# A date field with a value must render it as YYYY-MM-DD, or the browser's date picker shows it empty.
ISO_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SimulatorForm(core_forms.Form):
    category = forms.ChoiceField(label=_("Jenis kendaraan"), choices=Category.choices, initial=Category.MOTORCYCLE)
    cc = forms.IntegerField(label=_("Isi silinder (cc)"), min_value=1, max_value=20_000, initial=125)
    njkb = forms.IntegerField(label=_("NJKB (Rp)"), min_value=0, max_value=100_000_000_000, initial=15_000_000,
                              help_text=_("Nilai Jual Kendaraan Bermotor, tertera di notice pajak tahun lalu."))
    use = forms.ChoiceField(label=_("Penggunaan"), choices=Use.choices, initial=Use.PRIVATE)
    ownership_order = forms.IntegerField(label=_("Kepemilikan ke-"), min_value=1, max_value=99, initial=1,
                                         help_text=_("Mobil pribadi ke-2 dan seterusnya dikenai tarif progresif."))
    due_date = forms.DateField(label=_("Tanggal jatuh tempo"), widget=ISO_DATE)
    pay_date = forms.DateField(label=_("Tanggal bayar"), widget=ISO_DATE)
    regency_code = forms.ChoiceField(label=_("Kabupaten/kota registrasi"), choices=JATIM_REGENCIES, initial="3578")

    def clean(self):
        data = super().clean()
        for name in ("due_date", "pay_date"):
            value = data.get(name)
            if value and not date(1990, 1, 1) <= value <= date(2100, 12, 31):
                self.add_error(name, _("Tanggal harus antara 1990 dan 2100."))
        return data

    @classmethod
    def initial_dates(cls) -> dict:
        today = timezone.localdate()
        return {"due_date": today, "pay_date": today}


class BbnkbSimulatorForm(core_forms.Form):
    """The BBNKB section of the simulator page (fields prefixed ``bbnkb-``)."""

    njkb = forms.IntegerField(label=_("NJKB (Rp)"), min_value=0, max_value=100_000_000_000, initial=15_000_000)
    transfer = forms.ChoiceField(label=_("Penyerahan"), choices=[
        ("first", _("Penyerahan pertama (kendaraan baru)")), ("later", _("Penyerahan kedua atau berikutnya"))],
        initial="first")
    transfer_date = forms.DateField(label=_("Tanggal penyerahan"), widget=ISO_DATE)
    regency_code = forms.ChoiceField(label=_("Kabupaten/kota registrasi"), choices=JATIM_REGENCIES, initial="3578")

    def clean_transfer_date(self):
        value = self.cleaned_data["transfer_date"]
        if not date(1990, 1, 1) <= value <= date(2100, 12, 31):
            raise forms.ValidationError(_("Tanggal harus antara 1990 dan 2100."))
        return value


class FindVehicleForm(core_forms.Form):
    plate = forms.CharField(label=_("Nomor polisi"), max_length=12, help_text=_("Contoh: L 1234 AB"))
    chassis_tail = forms.CharField(label=_("5 karakter terakhir nomor rangka"), min_length=5, max_length=5,
                                   help_text=_("Lihat STNK atau BPKB."))

    def clean_plate(self) -> str:
        try:
            return parse_plate(self.cleaned_data["plate"]).normalised
        except PlateError as exc:
            raise forms.ValidationError(exc.message) from None


class CorrectionForm(core_forms.Form):
    field = forms.ChoiceField(label=_("Kolom"), choices=[
        ("owner_name", _("Nama pemilik")), ("owner_address", _("Alamat pemilik")), ("colour", _("Warna")),
        ("engine_number", _("Nomor mesin")), ("njkb", _("NJKB khusus")), ("due_date", _("Jatuh tempo (YYYY-MM-DD)")),
        ("stnk_valid_until", _("STNK berlaku sampai (YYYY-MM-DD)"))])
    value = forms.CharField(label=_("Nilai baru"), max_length=250)
    reason = forms.CharField(label=_("Alasan koreksi"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        name, value = data.get("field"), data.get("value")
        if name and value is not None:
            try:
                if name in ("due_date", "stnk_valid_until"):
                    data["parsed"] = date.fromisoformat(value.strip())
                elif name == "njkb":
                    data["parsed"] = int(value.strip())
                    if data["parsed"] < 0:
                        raise ValueError
                else:
                    data["parsed"] = value.strip()
            except ValueError:
                self.add_error("value", _("Nilai tidak sesuai format kolom."))
        return data


class BlockForm(core_forms.Form):
    reason = forms.ChoiceField(label=_("Alasan blokir"), choices=BlockReason.choices)
    note = forms.CharField(label=_("Catatan"), max_length=300, required=False)


class LinkVehicleForm(FindVehicleForm):
    """Possession proof: the plate and chassis tail of ``FindVehicleForm`` plus the STNK's expiry."""

    stnk_valid_until = forms.DateField(label=_("STNK berlaku sampai"), widget=DATE,
                                       help_text=_("Tanggal masa berlaku yang tertera di STNK."))
