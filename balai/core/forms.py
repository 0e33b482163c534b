"""Bases of every project form: text fields go through ``balai.core.text.clean_text``.

Use ``balai.core.forms.Form`` / ``ModelForm`` instead of Django's; ``balai/core/tests/test_text_forms.py``
fails when a project form does not. The admin's forms (generated from ``ModelAdmin.form``) get the
same check through ``check_admin_forms``, called when the apps are ready.
"""

from __future__ import annotations

from django import forms

from balai.core.text import CleanTextFormMixin


class Form(CleanTextFormMixin, forms.Form):
    pass


class ModelForm(CleanTextFormMixin, forms.ModelForm):
    pass


def _with_check(form_class: type[forms.BaseForm]) -> type[forms.BaseForm]:
    if issubclass(form_class, CleanTextFormMixin):
        return form_class
    return type(form_class.__name__, (CleanTextFormMixin, form_class), {"__module__": form_class.__module__})


def check_admin_forms(site) -> None:
    """Give every Balai ModelAdmin (its change/add forms and its inlines) the text check."""
    for model, model_admin in site._registry.items():
        if not model.__module__.startswith("balai."):
            continue
        for attr in ("form", "add_form"):
            if isinstance(getattr(model_admin, attr, None), type):
                setattr(model_admin, attr, _with_check(getattr(model_admin, attr)))
        for inline in model_admin.inlines:
            inline.form = _with_check(inline.form)
