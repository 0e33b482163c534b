"""Form schemas: the structured data a service asks for, as typed fields.

A schema is a list of dicts, kept in ``ServiceVersion.form_schema`` (editable in the admin) or
returned by a domain handler's ``form_fields()`` (code). Each field::

    {"name": "reason", "label": "Alasan pindah", "type": "choice", "required": true,
     "choices": [["kerja", "Pekerjaan"], ...], "max_length": 200, "min": 1, "max": 20, "help": "..."}

``type`` is one of FIELD_TYPES. The same schema drives the portal form (``build_form``) and the
API validation (``validate_data``), so both reject the same input.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import forms as core_forms
from balai.core.masking import mask_nik
from balai.core.nik import parse_nik
from balai.core.text import replace_surrogates

from .catalogue_text import choice_pairs, field_help, field_label

FIELD_TYPES = ("text", "textarea", "integer", "date", "choice", "boolean", "nik", "email", "phone")
_NAME_OK = set("abcdefghijklmnopqrstuvwxyz0123456789_")


def schema_errors(schema: Any) -> list[str]:
    """Problems in a schema definition (admin validation)."""
    if not isinstance(schema, list):
        return [_("Skema formulir harus berupa daftar isian.")]
    errors, seen = [], set()
    for i, spec in enumerate(schema, 1):
        if not isinstance(spec, dict):
            errors.append(_("Isian #%(n)s harus berupa objek.") % {"n": i})
            continue
        name = spec.get("name", "")
        if not name or not set(name) <= _NAME_OK or name in seen:
            errors.append(_("Isian #%(n)s: nama kosong, tidak unik, atau memakai karakter selain a-z, 0-9, _.")
                          % {"n": i})
        seen.add(name)
        if spec.get("type") not in FIELD_TYPES:
            errors.append(_("Isian #%(n)s: jenis harus salah satu dari %(types)s.")
                          % {"n": i, "types": ", ".join(FIELD_TYPES)})
        if spec.get("type") == "choice" and not spec.get("choices"):
            errors.append(_("Isian #%(n)s: pilihan wajib diisi untuk jenis choice.") % {"n": i})
        if not spec.get("label"):
            errors.append(_("Isian #%(n)s: label wajib diisi.") % {"n": i})
    return errors


def _choices(spec: dict) -> list[tuple[str, str]]:
    return choice_pairs(spec)  # labels in the page's language (catalogue_text)


def _nik_validator(value: str) -> None:
    result = parse_nik(value, today=timezone.localdate())
    if not result.valid:
        raise ValidationError([e.message for e in result.errors], code="invalid_nik")


def form_field(spec: dict) -> forms.Field:
    kind = spec["type"]
    common: dict[str, Any] = {"label": field_label(spec), "required": bool(spec.get("required")),
                              "help_text": field_help(spec)}
    if kind in ("text", "textarea"):
        widget = forms.Textarea(attrs={"rows": 3}) if kind == "textarea" else None
        return forms.CharField(max_length=int(spec.get("max_length") or (2000 if kind == "textarea" else 200)),
                               widget=widget, **common)
    if kind == "integer":
        return forms.IntegerField(min_value=spec.get("min"), max_value=spec.get("max"), **common)
    if kind == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == "choice":
        return forms.ChoiceField(choices=[("", _("— pilih —")), *_choices(spec)], **common)
    if kind == "boolean":
        return forms.BooleanField(**common)
    if kind == "nik":
        return forms.CharField(min_length=16, max_length=16, validators=[_nik_validator],
                               widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}), **common)
    if kind == "email":
        return forms.EmailField(**common)
    if kind == "phone":
        return forms.RegexField(regex=r"^\+?[0-9]{8,15}$", widget=forms.TextInput(attrs={"inputmode": "tel"}),
                                **common)
    raise ValueError(kind)


def build_form(schema: list[dict], *, data=None, initial: dict | None = None) -> forms.Form:
    # A lone surrogate stored before balai.core.text would fail the page: shown as U+FFFD instead.
    initial = {k: replace_surrogates(v) if isinstance(v, str) else v for k, v in (initial or {}).items()}
    form = core_forms.Form(data=data, initial=initial, prefix="d")  # text through balai.core.text
    for spec in schema:
        form.fields[spec["name"]] = form_field(spec)
    return form


def to_json(schema: list[dict], cleaned: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for spec in schema:
        value = cleaned.get(spec["name"])
        if value in (None, "") and spec["type"] != "boolean":
            continue
        out[spec["name"]] = value.isoformat() if value is not None and hasattr(value, "isoformat") else value
    return out


def validate_data(schema: list[dict], data: Any) -> dict[str, Any]:
    """Validate API input against a schema. Unknown keys are refused (a typo must not pass
    silently). Raises ``ValidationError`` with a dict of field errors."""
    if not isinstance(data, dict):
        raise ValidationError({"data": [_("Harus berupa objek.")]})
    unknown = set(data) - {spec["name"] for spec in schema}
    raw = {k: ("on" if v is True else "" if v is False else v) for k, v in data.items()}
    form = build_form(schema, data={f"d-{k}": v for k, v in raw.items()})
    errors: dict[str, list[str]] = {}
    if not form.is_valid():
        errors.update({name: [str(e) for e in errs] for name, errs in form.errors.items()})
    for name in sorted(unknown):
        errors[name] = [_("Isian tidak dikenal.")]
    if errors:
        raise ValidationError(errors)
    return to_json(schema, form.cleaned_data)


def display_rows(schema: list[dict], data: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) pairs for review pages; choice values shown by their label."""
    rows = []
    for spec in schema:
        value = data.get(spec["name"], "")
        if spec["type"] == "choice":
            value = dict(_choices(spec)).get(str(value), value)
        elif spec["type"] == "boolean":
            value = _("Ya") if value else _("Tidak")
        elif spec["type"] == "nik" and value:
            value = mask_nik(str(value))  # lists and pages never show a full NIK
        elif spec["type"] == "date" and value:
            value = _date_words(value)
        rows.append((field_label(spec), "" if value is None else replace_surrogates(str(value))))
    return rows


def _date_words(value: Any) -> str:
    """A stored ISO date in words in the page's language (``20 November 2026``); anything else as stored."""
    import datetime as dt

    from balai.core.formatting import format_date_ui

    try:
        return format_date_ui(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)
