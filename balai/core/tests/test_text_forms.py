"""Every project form and every API request body puts its text through balai.core.text."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import forms
from rest_framework import serializers

import balai
from balai.core import forms as core_forms
from balai.core.api import RequestSerializer, TextField, is_checked_api_field, is_raw_api_field
from balai.core.text import CleanTextFormMixin, is_raw_field


def _project_modules():
    for info in pkgutil.walk_packages(balai.__path__, "balai."):
        name = info.name
        if ".tests" in name or ".migrations" in name or name.endswith(("conftest", "__main__", "wsgi", "celery")):
            continue
        importlib.import_module(name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_project_form_cleans_its_text():
    _project_modules()
    forms_found = {f for f in _subclasses(forms.BaseForm) if f.__module__.startswith("balai.")
                   and ".tests" not in f.__module__}
    assert len(forms_found) > 20
    bypassing = sorted(f"{f.__module__}.{f.__qualname__}" for f in forms_found
                       if not issubclass(f, CleanTextFormMixin))
    assert bypassing == [], "derive these from balai.core.forms.Form/ModelForm: " + ", ".join(bypassing)
    passwords = [(f, name, field) for f in forms_found for name, field in f.base_fields.items()
                 if "password" in name and isinstance(field, forms.CharField)]
    assert passwords and all(is_raw_field(field) for _, _, field in passwords)  # hashed as typed


def test_every_request_serializer_text_field_is_checked():
    _project_modules()
    checked = 0
    for cls in _subclasses(RequestSerializer):
        if not cls.__module__.startswith("balai.") or ".tests" in cls.__module__:
            continue
        for name, field in cls().fields.items():
            if isinstance(field, serializers.CharField | serializers.JSONField | serializers.DictField
                          | serializers.ListField) and not field.read_only:
                assert is_checked_api_field(field) or is_raw_api_field(field), f"{cls.__name__}.{name}"
                if "password" in name:  # hashed as typed: normalising would lock people out
                    assert is_raw_api_field(field) and not is_checked_api_field(field), f"{cls.__name__}.{name}"
                checked += 1
    assert checked > 20


class SampleForm(core_forms.Form):
    name = forms.CharField(max_length=5)
    note = forms.CharField(widget=forms.Textarea, required=False)
    password = forms.CharField(widget=forms.PasswordInput, strip=False, required=False)
    extra = forms.JSONField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["late"] = forms.CharField(required=False)  # added after the base's __init__


@pytest.mark.parametrize(("data", "field"), [
    ({"name": "a\x00"}, "name"), ({"name": "a\nb"}, "name"), ({"name": "x", "late": "\x1b"}, "late"),
    ({"name": "x", "note": "a\x07"}, "note"), ({"name": "x", "extra": '{"a": ["\\ud800"]}'}, "extra"),
    ({"name": "e\u0301e\u0301e\u0301"}, None), ({"name": "abcdef"}, "name"),
])
def test_form_fields_go_through_clean_text(data, field):
    form = SampleForm(data=data)
    if field is None:
        assert form.is_valid(), form.errors
        assert form.cleaned_data["name"] == "\u00e9\u00e9\u00e9"
    else:
        assert not form.is_valid() and list(form.errors) == [field]


def test_form_keeps_passwords_and_allows_lines_in_textareas():
    form = SampleForm(data={"name": "x", "note": "satu\r\ndua", "password": " e\u0301\x01 "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["note"] == "satu\ndua"
    assert form.cleaned_data["password"] == " e\u0301\x01 "  # hashed as typed, never normalised


class SampleRequest(RequestSerializer):
    name = serializers.CharField(max_length=5)
    note = TextField(multiline=True, required=False)
    password = serializers.CharField(style={"input_type": "password"}, required=False)
    tags = serializers.ListField(child=serializers.CharField(max_length=3), required=False)
    data = serializers.DictField(required=False)


@pytest.mark.parametrize(("body", "errors"), [
    ({"name": "a\ud800"}, {"name"}), ({"name": "a\nb"}, {"name"}), ({"name": "abcdef"}, {"name"}),
    ({"name": "x", "tags": ["ok", "\x00"]}, {"tags"}), ({"name": "x", "data": {"a": {"b": "\ud800"}}}, {"data"}),
    ({"name": "x", "note": "a\x0cb"}, {"note"}),
])
def test_request_serializer_refuses_bad_text_at_the_field(body, errors):
    serializer = SampleRequest(data=body)
    assert not serializer.is_valid()
    assert set(serializer.errors) == errors
    if "data" in errors:
        assert set(serializer.errors["data"]) == {"a.b"}


def test_request_serializer_normalises_and_keeps_passwords():
    serializer = SampleRequest(data={"name": "e\u0301", "note": "a\r\nb", "password": "e\u0301",
                                     "data": {"k": ["e\u0301"]}})
    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data == {"name": "\u00e9", "note": "a\nb", "password": "e\u0301",
                                         "data": {"k": ["\u00e9"]}}


def test_case_action_note_is_multi_line_like_the_desk_textarea():
    from balai.cases.api import ActionSerializer

    body = ActionSerializer(data={"action": "return", "note": "Foto buram.\r\nUnggah ulang."})
    assert body.is_valid(), body.errors
    assert body.validated_data["note"] == "Foto buram.\nUnggah ulang."
    body = ActionSerializer(data={"action": "return", "note": "Foto\x00buram."})
    assert not body.is_valid() and set(body.errors) == {"note"}


def test_admin_forms_check_text_too(rf, django_user_model):
    from django.contrib import admin

    from balai.core.models import Holiday

    request = rf.get("/admin/")
    request.user = django_user_model(is_superuser=True, is_staff=True)
    balai_admins = [(m, a) for m, a in admin.site._registry.items() if m.__module__.startswith("balai.")]
    assert len(balai_admins) > 10
    for model, model_admin in balai_admins:
        assert issubclass(model_admin.get_form(request), CleanTextFormMixin), model
        for inline in model_admin.inlines:
            assert issubclass(inline.form, CleanTextFormMixin), inline
    form_class = admin.site._registry[Holiday].get_form(request)
    form = form_class(data={"date": "2025-08-17", "name": "HUT\x00 RI", "is_holiday": "on"})
    assert not form.is_valid() and "name" in form.errors
