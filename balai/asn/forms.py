"""Forms of the asn app (all from balai.core.forms: free text goes through clean_text)."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from balai.core.forms import Form, ModelForm

from . import nip as nip_rules
from .models import AsnProfile, Decision, PositionType


class ProfileForm(ModelForm):
    """An ASN profile's fields; a wrong NIP length is a field error, its layout only warns."""

    nip = forms.CharField(label=_("NIP"), max_length=30, help_text=_("18 angka; spasi boleh."))

    class Meta:
        model = AsnProfile
        fields = ["nip", "kind", "position_type", "functional_level", "position_name", "rank", "rank_tmt",
                  "birth_date", "education", "skp_last", "skp_previous", "is_hr_officer"]

    def clean_nip(self) -> str:
        return nip_rules.check_length(self.cleaned_data.get("nip", ""))

    def clean(self) -> dict:
        data = super().clean() or {}
        functional = data.get("position_type") == PositionType.FUNCTIONAL
        if functional and not data.get("functional_level"):
            self.add_error("functional_level", _("Jenjang wajib diisi untuk jabatan fungsional."))
        if not functional and data.get("functional_level"):
            self.add_error("functional_level", _("Jenjang hanya untuk jabatan fungsional."))
        return data

    @property
    def warnings(self) -> list[str]:
        data = getattr(self, "cleaned_data", {})
        if "nip" not in data:
            return []
        return nip_rules.layout_warnings(data["nip"], kind=data.get("kind", "pns"), birth_date=data.get("birth_date"))


class QuizForm(Form):
    """One radio group per question; built from the course's questions."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        english = get_language() == "en"

        def text(obj) -> str:
            return (obj.text_en or obj.text) if english else obj.text

        for question in questions:
            self.fields[f"q{question.pk}"] = forms.ChoiceField(
                label=text(question), widget=forms.RadioSelect, required=False,
                choices=[(str(c.pk), text(c)) for c in question.choices.all()])


class PracticeDecisionForm(Form):
    decision = forms.ChoiceField(label=_("Keputusan"), choices=Decision.choices, widget=forms.RadioSelect)
    requirement = forms.CharField(label=_("Persyaratan yang bermasalah"), required=False, max_length=40)


class PromotionForm(Form):
    period = forms.DateField(label=_("Periode yang diusulkan"), required=False,
                             help_text=_("Kosongkan untuk periode paling awal yang memenuhi syarat."))
