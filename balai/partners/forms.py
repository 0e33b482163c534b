from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.accounts.forms import password_rules_check
from balai.core import forms as core_forms
from balai.core.names import clean_person_name

from .models import CommissionKind, PointKind, ResolutionKind


class RupiahField(forms.IntegerField):
    """Whole rupiah typed as digits, optionally with thousand dots (``1.500.000``); never a decimal."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(".", "").replace(" ", "")
            if value.lower().startswith("rp"):
                value = value[2:]
        return super().to_python(value)


class DepositForm(core_forms.Form):
    amount = RupiahField(label=_("Jumlah yang disetor (Rp)"), min_value=1,
                         widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    bank_reference = forms.CharField(label=_("Nomor referensi / slip bank"), max_length=60,
                                     widget=forms.TextInput(attrs={"autocomplete": "off"}))
    # ISO in the value: a type=date input ignores any other format.
    deposit_date = forms.DateField(label=_("Tanggal setor"),
                                   widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    slip = forms.FileField(label=_("Foto slip setoran (opsional)"), required=False,
                           help_text=_("JPEG, PNG atau WebP, maks. 5 MB."),
                           widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deposit_date"].initial = timezone.localdate()


class PointForm(core_forms.Form):
    name = forms.CharField(label=_("Nama titik layanan"), max_length=150)
    kind = forms.ChoiceField(label=_("Jenis"), choices=PointKind.choices)
    village_code = forms.CharField(label=_("Kode desa/kelurahan (10 digit)"), min_length=10, max_length=10)
    address = forms.CharField(label=_("Alamat"), max_length=200)
    contact_name = forms.CharField(label=_("Narahubung"), max_length=150)
    contact_phone = forms.CharField(label=_("Telepon narahubung"), max_length=20)
    samsat_unit = forms.CharField(label=_("Unit Samsat pembina"), max_length=150)
    opening_hours = forms.CharField(label=_("Jam layanan"), max_length=120, required=False)
    cash_limit = RupiahField(label=_("Batas uang tunai (Rp)"), min_value=0)
    bank_name = forms.CharField(label=_("Bank setoran"), max_length=80)
    bank_account_number = forms.CharField(label=_("Nomor rekening setoran"), max_length=40)
    bank_account_name = forms.CharField(label=_("Nama rekening setoran"), max_length=150)
    commission_kind = forms.ChoiceField(label=_("Jenis komisi"), choices=CommissionKind.choices)
    commission_value = forms.IntegerField(label=_("Nilai komisi"), min_value=0, initial=0,
                                          help_text=_("Rupiah per transaksi, atau basis poin (100 = 1%). "
                                                      "Besaran resmi belum dipublikasikan: bawaan 0."))


class AgentForm(core_forms.Form):
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    username = forms.CharField(label=_("Nama pengguna"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    phone = forms.CharField(label=_("Nomor HP"), max_length=20, required=False)
    password = forms.CharField(
        label=_("Kata sandi awal"), min_length=10, widget=forms.PasswordInput,
        help_text=_("Paling sedikit 10 karakter; bukan kata sandi umum, bukan seluruhnya angka, dan tidak mirip "
                    "nama, nama pengguna, atau email agen."))

    def clean_full_name(self) -> str:
        return clean_person_name(self.cleaned_data["full_name"])

    def clean(self):
        """The staff password rules (settings.AUTH_PASSWORD_VALIDATORS) apply to agents too: an agent
        account moves cash, so "1234567890" or the agent's own name is refused like anywhere else."""
        cleaned = super().clean()
        if cleaned.get("password"):
            password_rules_check(self, "password")
        return cleaned


class ResolveForm(core_forms.Form):
    kind = forms.ChoiceField(label=_("Penyelesaian"), choices=ResolutionKind.choices)
    note = forms.CharField(label=_("Alasan / catatan"), max_length=300)


class StatementForm(core_forms.Form):
    file = forms.FileField(label=_("Rekening koran (CSV)"),
                           help_text=_("Kolom: tanggal, referensi, jumlah. Satu baris per setoran."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))
