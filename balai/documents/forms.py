from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from balai.core import forms as core_forms


class VerifyFileForm(core_forms.Form):
    file = forms.FileField(
        label=_("Berkas PDF"),
        # Lazy: formatted when shown, in the page's language (not once at import, in Indonesian).
        help_text=lazy(lambda: _("Berkas PDF yang Anda terima, paling besar %(mb)s MB. Berkas tidak disimpan.")
                       % {"mb": settings.DOCUMENT_VERIFY_MAX_BYTES // (1024 * 1024)}, str)(),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class RevokeForm(core_forms.Form):
    reason = forms.CharField(label=_("Alasan pencabutan"), min_length=5, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))
