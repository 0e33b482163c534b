from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from balai.core import forms as core_forms

from .models import PASSPORT_TYPES, CertificateKind, LicenceClass

# A date field with a value must render it as YYYY-MM-DD, or the browser's date picker shows it empty.
ISO_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LicenceForm(core_forms.Form):
    licence_class = forms.ChoiceField(label=_("Golongan SIM"), choices=())
    number = forms.CharField(label=_("Nomor SIM"), max_length=24,
                             help_text=_("12 sampai 16 angka, seperti tertulis di kartu (tanda hubung boleh)."))
    issued_on = forms.DateField(label=_("Tanggal terbit"), widget=ISO_DATE,
                                help_text=_("Tanggal pembuatan SIM di kartu. SIM berlaku 5 tahun sejak tanggal ini."))
    photo = forms.FileField(label=_("Foto kartu SIM (JPEG atau PNG, paling besar 5 MB)"),
                            help_text=_("Petugas mencocokkan foto dengan isian Anda."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["licence_class"].choices = [(c.code, gettext(c.name)) for c in LicenceClass.objects.all()]


class ReviewForm(core_forms.Form):
    decision = forms.ChoiceField(label=_("Keputusan"), widget=forms.RadioSelect,
                                 choices=[("confirm", _("Sesuai dengan foto kartu")),
                                          ("reject", _("Tidak sesuai: tolak"))])
    note = forms.CharField(label=_("Catatan (wajib bila ditolak)"), max_length=300, required=False)


class RenewalStartedForm(core_forms.Form):
    on = forms.DateField(label=_("Tanggal mulai perpanjangan di SINAR"), widget=ISO_DATE)


class PassportForm(core_forms.Form):
    kind = forms.ChoiceField(label=_("Jenis paspor"), choices=[(t.value, t.label) for t in PASSPORT_TYPES])
    number = forms.CharField(label=_("Nomor paspor"), max_length=12)
    issued_on = forms.DateField(label=_("Tanggal terbit"), widget=ISO_DATE)
    expires_on = forms.DateField(label=_("Tanggal habis berlaku"), widget=ISO_DATE)


class PassportBookingForm(core_forms.Form):
    office = forms.CharField(label=_("Kantor imigrasi"), max_length=150,
                             help_text=_("Contoh: Kantor Imigrasi Kelas I Khusus TPI Surabaya."))
    visit_date = forms.DateField(label=_("Tanggal datang"), widget=ISO_DATE)
    billing_code = forms.CharField(label=_("Kode billing SIMPONI (15 angka)"), max_length=20)


class CertificateForm(core_forms.Form):
    kind = forms.ChoiceField(label=_("Jenis akta"), choices=CertificateKind.choices)
    number = forms.CharField(label=_("Nomor akta"), max_length=40)
    full_name = forms.CharField(label=_("Nama seperti tertulis di akta"), max_length=150)
    birth_place = forms.CharField(label=_("Tempat lahir seperti tertulis di akta"), max_length=100)
    birth_date = forms.DateField(label=_("Tanggal lahir seperti tertulis di akta"), widget=ISO_DATE)


def _regencies() -> list[tuple[str, str]]:
    from balai.regions.selectors import regency_choices

    return [(r.code, r.name) for r in regency_choices()]


class RegencyFilterForm(core_forms.Form):
    kabupaten = forms.ChoiceField(label=_("Kabupaten/kota"), required=False, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kabupaten"].choices = [("", _("Semua kabupaten/kota"))] + _regencies()


class VisitForm(core_forms.Form):
    regency_code = forms.ChoiceField(label=_("Kabupaten/kota"), choices=())
    place = forms.CharField(label=_("Tempat"), max_length=150, help_text=_("Contoh: Alun-alun Sidoarjo."))
    address = forms.CharField(label=_("Alamat"), max_length=250)
    date = forms.DateField(label=_("Tanggal"), widget=ISO_DATE)
    opens = forms.TimeField(label=_("Jam mulai"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    closes = forms.TimeField(label=_("Jam selesai"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    capacity_per_hour = forms.IntegerField(label=_("Kapasitas per jam (orang)"), min_value=1, max_value=500)

    def __init__(self, *args, regencies: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _regencies()
        field = self.fields["regency_code"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [c for c in choices if regencies is None or c[0] in regencies]


class SlotForm(core_forms.Form):
    slot = forms.ChoiceField(label=_("Pilih jam datang"), widget=forms.RadioSelect, choices=())

    def __init__(self, *args, slots: list[tuple[str, str]] = (), **kwargs):  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        field = self.fields["slot"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = list(slots)
