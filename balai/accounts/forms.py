from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from balai.core import forms as core_forms
from balai.core.names import clean_person_name
from balai.regions.models import Level, Region

from .models import CitizenProfile, User
from .services import Address, validate_address, validate_nik_for_signup
from .usernames import validate_username


def password_rules_check(form: forms.Form, field: str) -> None:
    """settings.AUTH_PASSWORD_VALIDATORS on ``form``'s cleaned ``field``, judged against the
    account being made (its username, email and full name); the errors go onto ``field``."""
    cleaned = form.cleaned_data
    probe = User(username=cleaned.get("username", ""), email=cleaned.get("email", ""),
                 full_name=cleaned.get("full_name", ""))
    try:
        password_validation.validate_password(cleaned[field], probe)
    except ValidationError as exc:
        form.add_error(field, exc)


class LoginForm(core_forms.Form):
    username = forms.CharField(label=_("Nama pengguna"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}))
    password = forms.CharField(label=_("Kata sandi"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class OtpForm(core_forms.Form):
    code = forms.CharField(label=_("Kode OTP (6 digit)"), max_length=8,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                         "pattern": "[0-9 ]*"}))


class RegionCascadeMixin(core_forms.Form):
    """Province → regency → district → village. The village is the value that counts; the upper
    selects only narrow the choices (htmx fills them, and a plain POST re-renders them)."""

    province = forms.ChoiceField(label=_("Provinsi"), required=False)
    regency = forms.ChoiceField(label=_("Kabupaten/kota"), required=False)
    district = forms.ChoiceField(label=_("Kecamatan"), required=False)
    village = forms.ChoiceField(label=_("Desa/kelurahan"))

    cascade = ("province", "regency", "district", "village")

    def _setup_cascade(self, initial_village: str | None = None) -> None:
        data = self.data if self.is_bound else {}
        chosen: dict[str, str] = {}
        if initial_village and not self.is_bound:
            code = initial_village
            chosen = {"province": code[:2], "regency": code[:4], "district": code[:6], "village": code}
            for name, value in chosen.items():
                self.initial[name] = value
        else:
            chosen = {name: str(data.get(self.add_prefix(name), "") or "") for name in self.cascade}
        parent: str | None = None
        for name in self.cascade:
            if name == "province":
                qs = Region.objects.filter(level=Level.PROVINCE)
            elif parent:
                qs = Region.objects.filter(parent_id=parent)
            else:
                qs = Region.objects.none()
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", _("— pilih —")), *qs.order_by("code").values_list("code", "name")]
            value = chosen.get(name, "")
            parent = value if value and (parent is None or value.startswith(parent)) else None
            self.fields[name].widget.attrs.update({"data-level": name})


class SignupForm(RegionCascadeMixin):
    full_name = forms.CharField(label=_("Nama lengkap (sesuai KTP)"), max_length=150,
                                help_text=_("Nama satu kata juga boleh."),
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    nik = forms.CharField(label=_("NIK"), max_length=16, min_length=1,
                          help_text=_("16 digit, tertera di KTP-el atau Kartu Keluarga."),
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    username = forms.CharField(label=_("Nama pengguna"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}))
    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.RegexField(label=_("Nomor HP"), regex=r"^\+?[0-9]{9,15}$", max_length=16,
                             error_messages={"invalid": _("Nomor HP hanya angka, 9–15 digit.")},
                             widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    street = forms.CharField(label=_("Alamat (jalan, nomor rumah)"), max_length=200,
                             widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    rt = forms.CharField(label=_("RT"), max_length=3, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    rw = forms.CharField(label=_("RW"), max_length=3, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    password1 = forms.CharField(label=_("Kata sandi"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=_("Minimal 10 karakter, bukan hanya angka."))
    password2 = forms.CharField(label=_("Ulangi kata sandi"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    field_order = ["full_name", "nik", "username", "email", "phone", "password1", "password2",
                   "province", "regency", "district", "village", "street", "rt", "rw"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_cascade()
        self.order_fields(self.field_order)

    def clean_nik(self) -> str:
        nik = self.cleaned_data["nik"].strip()
        validate_nik_for_signup(nik)
        return nik

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        validate_username(username)  # ASCII, and not a look-alike of an existing name (usernames.py)
        return username

    def clean_full_name(self) -> str:
        return clean_person_name(self.cleaned_data["full_name"])

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        elif p1:
            password_rules_check(self, "password1")
        if cleaned.get("village"):
            try:
                validate_address(self.address())
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
        return cleaned

    def address(self) -> Address:
        c = self.cleaned_data
        return Address(village_code=c.get("village", ""), street=c.get("street", ""), rt=c.get("rt", ""),
                       rw=c.get("rw", ""))


class ProfileForm(RegionCascadeMixin):
    email = forms.EmailField(label=_("E-mail"))
    phone = SignupForm.base_fields["phone"]
    street = SignupForm.base_fields["street"]
    rt = SignupForm.base_fields["rt"]
    rw = SignupForm.base_fields["rw"]

    def __init__(self, *args, profile: CitizenProfile, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_cascade(initial_village=profile.village_id)
        self.order_fields(["email", "phone", "province", "regency", "district", "village", "street", "rt", "rw"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("village"):
            try:
                validate_address(Address(cleaned["village"], cleaned.get("street", ""),
                                         cleaned.get("rt", ""), cleaned.get("rw", "")))
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
        return cleaned
