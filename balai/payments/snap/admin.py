"""Banks in the admin: the client secret is typed once and stored encrypted (never shown again);
the public key is checked to be an RSA key of at least 2048 bits."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from balai.core.forms import ModelForm

from . import crypto
from .models import SnapPartner


class SnapPartnerForm(ModelForm):
    client_secret = forms.CharField(label=_("client secret"), required=False, strip=True,
                                    widget=forms.PasswordInput(render_value=False),
                                    help_text=_("Diisi saat mendaftar atau mengganti; disimpan terenkripsi."))

    class Meta:
        model = SnapPartner
        fields = ["code", "name", "partner_id", "client_key", "channel_ids", "partner_service_id", "public_key",
                  "service_codes", "sandbox", "active"]

    def clean_public_key(self):
        value = self.cleaned_data["public_key"].strip()
        problem = crypto.public_key_problem(value)
        if problem:
            raise forms.ValidationError(_("Kunci publik tidak dapat dipakai: %(p)s.") % {"p": problem})
        return value + "\n"

    def clean(self):
        data = super().clean()
        if not self.instance.client_secret_encrypted and not data.get("client_secret"):
            self.add_error("client_secret", _("Client secret wajib diisi untuk bank baru."))
        return data

    def save(self, commit=True):
        partner = super().save(commit=False)
        if self.cleaned_data.get("client_secret"):
            partner.set_client_secret(self.cleaned_data["client_secret"])
        if commit:
            partner.save()
        return partner


@admin.register(SnapPartner)
class SnapPartnerAdmin(admin.ModelAdmin):
    form = SnapPartnerForm
    list_display = ("code", "name", "partner_id", "partner_service_id", "service_codes", "sandbox", "active")
    list_filter = ("active", "sandbox")
    search_fields = ("code", "name", "partner_id")
