"""Bases of every project form: text fields go through ``balai.core.text.clean_text``.

Use ``balai.core.forms.Form`` / ``ModelForm`` instead of Django's; ``balai/core/tests/test_text_forms.py``
fails when a project form does not.
"""

from __future__ import annotations

from django import forms

from balai.core.text import CleanTextFormMixin


class Form(CleanTextFormMixin, forms.Form):
    pass


class ModelForm(CleanTextFormMixin, forms.ModelForm):
    pass
