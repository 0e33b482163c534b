"""Forms of the booking pages (project bases: text passes ``clean_text``)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.core.forms import Form, ModelForm

from .models import BookableService, Closure, Location


class SlotForm(Form):
    date = forms.DateField(label=_("Tanggal"))
    start = forms.TimeField(label=_("Jam"))


class CodeForm(Form):
    code = forms.CharField(label=_("Kode booking"), max_length=40)


class LocationForm(ModelForm):
    class Meta:
        model = Location
        fields = ["kind", "name", "regency", "address", "opens", "closes", "weekdays", "follows_calendar", "active"]
        widgets = {"opens": forms.TimeInput(attrs={"type": "time"}), "closes": forms.TimeInput(attrs={"type": "time"})}

    def __init__(self, *args, regencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if regencies is not None:
            self.fields["regency"].queryset = self.fields["regency"].queryset.filter(code__in=regencies)

    def clean_weekdays(self) -> str:
        value = "".join(sorted(set(self.cleaned_data["weekdays"])))
        if not value or any(ch not in "1234567" for ch in value):
            raise forms.ValidationError(_("Tulis angka hari 1–7, mis. 12345 untuk Senin–Jumat."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("opens") and data.get("closes") and data["opens"] >= data["closes"]:
            self.add_error("closes", _("Jam tutup harus setelah jam buka."))
        return data


class ServiceForm(ModelForm):
    class Meta:
        model = BookableService
        fields = ["kind", "slot_minutes", "capacity", "opens", "closes", "valid_from", "valid_to", "active"]
        widgets = {"opens": forms.TimeInput(attrs={"type": "time"}), "closes": forms.TimeInput(attrs={"type": "time"}),
                   "valid_from": forms.DateInput(attrs={"type": "date"}),
                   "valid_to": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(label=_("Layanan"), choices=list(kinds))


class ClosureForm(ModelForm):
    class Meta:
        model = Closure
        fields = ["date_from", "date_to", "reason"]
        widgets = {"date_from": forms.DateInput(attrs={"type": "date"}),
                   "date_to": forms.DateInput(attrs={"type": "date"})}

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        if data.get("date_to") and data["date_to"] < timezone.localdate():
            self.add_error("date_to", _("Penutupan harus di masa depan."))
        return data
