from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.core.forms import Form
from balai.core.names import clean_person_name

DATE = forms.DateInput(attrs={"type": "date"})
DIGITS = {"inputmode": "numeric", "autocomplete": "off"}


def _birth_date(value: dt.date) -> dt.date:
    if not dt.date(1900, 1, 1) <= value <= timezone.localdate():
        raise ValidationError(_("Tanggal lahir tidak masuk akal."), code="invalid")
    return value


def _sixteen_digits(value: str) -> str:
    digits = "".join(value.split())
    if not (digits.isdigit() and len(digits) == 16):
        raise ValidationError(_("Tulis 16 angka."), code="invalid")
    return digits


class MatchForm(Form):
    """The citizen's own data as on their KK. The answer never says which one was wrong."""

    full_name = forms.CharField(label=_("Nama lengkap (sesuai KK)"), max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=DATE)
    kk_number = forms.CharField(label=_("Nomor KK"), max_length=20,
                                help_text=_("16 angka di bagian atas Kartu Keluarga."), widget=forms.TextInput(DIGITS))

    def clean_full_name(self) -> str:
        return clean_person_name(self.cleaned_data["full_name"], max_length=150)

    def clean_birth_date(self) -> dt.date:
        return _birth_date(self.cleaned_data["birth_date"])

    def clean_kk_number(self) -> str:
        return _sixteen_digits(self.cleaned_data["kk_number"])


class LetterCodeForm(Form):
    code = forms.CharField(label=_("Kode aktivasi (12 karakter, dari surat)"), max_length=20,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters",
                                                         "spellcheck": "false"}))

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split()).replace("-", "").upper()
        if len(code) != 12 or not code.isalnum():
            raise ValidationError(_("Kode aktivasi terdiri dari 12 huruf dan angka, seperti ABCD-EFGH-JKMN."),
                                  code="invalid")
        return code


class StaffLookupForm(Form):
    username = forms.CharField(label=_("Nama pengguna akun warga"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}))


class InPersonForm(Form):
    """What the officer reads from the KTP-el in front of them."""

    username = forms.CharField(widget=forms.HiddenInput, max_length=150)
    nik = forms.CharField(label=_("NIK pada KTP-el"), max_length=20, widget=forms.TextInput(DIGITS))
    full_name = forms.CharField(label=_("Nama pada KTP-el"), max_length=150)
    birth_date = forms.DateField(label=_("Tanggal lahir pada KTP-el"), widget=DATE)
    seen = forms.BooleanField(label=_("Saya sudah memegang KTP-el asli dan wajah pemohon sesuai foto pada kartu."))
    note = forms.CharField(label=_("Catatan (opsional)"), max_length=200, required=False)

    def clean_nik(self) -> str:
        return _sixteen_digits(self.cleaned_data["nik"])

    def clean_full_name(self) -> str:
        return clean_person_name(self.cleaned_data["full_name"], max_length=150)

    def clean_birth_date(self) -> dt.date:
        return _birth_date(self.cleaned_data["birth_date"])
