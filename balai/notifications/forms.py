from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from balai.core.forms import Form

from .models import Channel
from .registry import Event, categories, events, unknown_placeholders
from .rendering import sms_segments


class PreferencesForm(Form):
    channels = forms.MultipleChoiceField(label=_("Kirim pemberitahuan lewat"), choices=Channel.choices,
                                         widget=forms.CheckboxSelectMultiple, required=False)
    language = forms.ChoiceField(label=_("Bahasa pesan"), choices=settings.LANGUAGES)
    opted_out = forms.MultipleChoiceField(label=_("Saya tidak ingin menerima pemberitahuan tentang"),
                                          widget=forms.CheckboxSelectMultiple, required=False,
                                          help_text=_("Pemberitahuan yang diwajibkan peraturan tetap dikirim."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        optional = {e.category for e in events() if not e.required and e.audience == "citizen"}
        self.fields["opted_out"].choices = [(c, label) for c, label in categories().items() if c in optional]


class PhoneForm(Form):
    phone = forms.CharField(label=_("Nomor HP"), max_length=24,
                            help_text=_("Misalnya 0812 3456 7890 atau +62 812 3456 7890."),
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    channel = forms.ChoiceField(label=_("Kirim kode lewat"), choices=[(Channel.SMS, _("SMS")),
                                                                      (Channel.WHATSAPP, _("WhatsApp"))])


class CodeForm(Form):
    code = forms.CharField(label=_("Kode verifikasi (6 angka)"), max_length=6, min_length=6,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))


class TemplateForm(Form):
    subject = forms.CharField(label=_("Subjek (e-mail)"), max_length=200, required=False)
    body = forms.CharField(label=_("Isi pesan"), widget=forms.Textarea(attrs={"rows": 8}))
    whatsapp_template = forms.CharField(label=_("Nama templat WhatsApp yang disetujui"), max_length=80,
                                        required=False)

    def __init__(self, *args, event: Event, channel: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.event, self.channel = event, channel
        if channel != Channel.EMAIL:
            del self.fields["subject"]
        if channel != Channel.WHATSAPP:
            del self.fields["whatsapp_template"]

    def clean(self):
        data = super().clean()
        for name in ("subject", "body"):
            bad = unknown_placeholders(data.get(name) or "", self.event.placeholders)
            if bad:
                self.add_error(name, _("Isian tidak dikenal: %(names)s. Yang tersedia: %(allowed)s.") % {
                    "names": ", ".join("{" + b + "}" for b in bad),
                    "allowed": ", ".join("{" + p + "}" for p in self.event.placeholders) or "-"})
        return data

    def segments(self) -> tuple[int, str] | None:
        if self.channel != Channel.SMS or not self.is_valid():
            return None
        return sms_segments(self.cleaned_data["body"])
