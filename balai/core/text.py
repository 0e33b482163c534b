"""The one validator for free text, at every boundary (forms, API fields, JSON ``data``, imports).

``clean_text(value, max_length=..., multiline=...)`` returns the text in NFC or raises Django's
``ValidationError`` with a stable code:

- ``invalid_character``: a lone UTF-16 surrogate (U+D800–U+DFFF: Python can hold one, JSON can
  carry one as ``"\\ud800"``, but it cannot be encoded as UTF-8, so the page, the JSON answer or the
  PostgreSQL row that holds it fails), a control character (C0/C1, DEL, NUL) other than tab and,
  where the field is multi-line, newline; or a Unicode noncharacter (U+FFFE, U+FDD0…).
- ``too_long``: more characters than ``max_length`` (counted after NFC).
- ``invalid``: the value is not text at all.

Carriage returns are not refused in multi-line text: browsers send a textarea's line breaks as
CR LF, so CR LF and a lone CR become LF. Whitespace is not stripped (form fields strip already).

``clean_json`` walks a JSON value (the ``data`` of an application) and cleans every string in it,
keys included, reporting errors by their path (``anak.0.nama``). ``text_problems`` and
``repair_text`` serve the repair command for rows stored before this validator existed.
"""

from __future__ import annotations

import re
import types
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

ALLOWED_CONTROLS = frozenset("\t")
MULTILINE_CONTROLS = frozenset("\t\n")


def _is_noncharacter(cp: int) -> bool:
    return 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE


def is_bad_character(ch: str, *, multiline: bool = False) -> bool:
    """True for a character no stored text may hold (see the module docstring)."""
    cp = ord(ch)
    if 0xD800 <= cp <= 0xDFFF:
        return True
    if unicodedata.category(ch) == "Cc":
        return ch not in (MULTILINE_CONTROLS if multiline else ALLOWED_CONTROLS)
    return _is_noncharacter(cp)


def describe_character(ch: str) -> str:
    """``U+0000``-style name of a character, safe to show (the character itself may be invisible)."""
    return f"U+{ord(ch):04X}"


def _unify_newlines(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def clean_text(value: Any, *, max_length: int | None = None, multiline: bool = False) -> str:
    """The text in NFC; ValidationError (``invalid``, ``invalid_character``, ``too_long``)."""
    if not isinstance(value, str):
        raise ValidationError(_("Nilai harus berupa teks."), code="invalid")
    if multiline:
        value = _unify_newlines(value)
    for position, ch in enumerate(value, 1):
        if is_bad_character(ch, multiline=multiline):
            if ch in "\n\r" and not multiline:
                message = _("Isian ini hanya satu baris: baris baru tidak diizinkan (posisi %(position)d).")
            else:
                message = _("Teks memuat karakter yang tidak diizinkan (%(char)s pada posisi %(position)d). "
                            "Hapus karakter itu lalu kirim ulang.")
            raise ValidationError(message, code="invalid_character",
                                  params={"char": describe_character(ch), "position": position})
    value = unicodedata.normalize("NFC", value)
    if max_length is not None and len(value) > max_length:
        raise ValidationError(
            ngettext("Paling banyak %(limit)d karakter (sekarang %(length)d).",
                     "Paling banyak %(limit)d karakter (sekarang %(length)d).", max_length),
            code="too_long", params={"limit": max_length, "length": len(value)})
    return value


def text_or_raise(value: Any, make_error: Callable[[str, str], Exception], *, max_length: int | None = None,
                  multiline: bool = True) -> str:
    """``clean_text`` for a service that receives text straight from a view or a task: the refusal
    becomes the caller's own error, ``make_error(code, message)`` (``PartnerError``, ``ApiError``…).
    Multi-line by default: a service is the backstop for characters no text may hold; whether a
    field is one line is its form's or serializer's rule."""
    try:
        return clean_text("" if value is None else value, max_length=max_length, multiline=multiline)
    except ValidationError as exc:
        raise make_error(exc.error_list[0].code or "invalid", exc.messages[0]) from None


def clean_json(value: Any, *, max_length: int | None = None, path: str = "") -> Any:
    """``value`` with every string (values and object keys) passed through ``clean_text``
    (multi-line allowed: a JSON string may come from a textarea; single-line rules are the
    schema's business). Raises ValidationError whose ``error_dict`` is keyed by the dotted path of
    each bad string (``anak.0.nama``; ``""`` for a bare string at the top)."""
    errors: dict[str, list[ValidationError]] = {}

    def walk(item: Any, where: str) -> Any:
        if isinstance(item, str):
            try:
                return clean_text(item, max_length=max_length, multiline=True)
            except ValidationError as exc:
                errors.setdefault(where, []).extend(exc.error_list)
                return item
        if isinstance(item, dict):
            out = {}
            for key, child in item.items():
                child_where = f"{where}.{key}" if where else str(key)
                if isinstance(key, str):
                    try:
                        key = clean_text(key, max_length=200)
                    except ValidationError as exc:
                        child_where = f"{where}.{key!a}" if where else ascii(key)
                        errors.setdefault(child_where, []).extend(exc.error_list)
                out[key] = walk(child, child_where)
            return out
        if isinstance(item, list | tuple):
            return [walk(child, f"{where}.{i}" if where else str(i)) for i, child in enumerate(item)]
        return item

    cleaned = walk(value, path)
    if errors:
        raise ValidationError(errors)
    return cleaned


def text_problems(value: str, *, multiline: bool = True) -> list[str]:
    """Stable codes of what is wrong with stored text: ``surrogate``, ``control``,
    ``noncharacter``, ``not_nfc`` (for the repair command's report)."""
    found = []
    for ch in _unify_newlines(value) if multiline else value:
        cp = ord(ch)
        if 0xD800 <= cp <= 0xDFFF:
            found.append("surrogate")
        elif is_bad_character(ch, multiline=multiline):
            found.append("control" if unicodedata.category(ch) == "Cc" else "noncharacter")
    problems = sorted(set(found))
    if "surrogate" not in problems and not unicodedata.is_normalized("NFC", value):
        problems.append("not_nfc")
    return problems


def repair_text(value: str, *, multiline: bool = True) -> str:
    """What ``clean_text`` would accept, made from stored text: bad characters dropped (a
    single-line value's line breaks become a space), NFC. Length is not touched (cutting text is
    not a repair); ``clean_text(repair_text(v)) == repair_text(v)`` when the length fits."""
    if multiline:
        value = _unify_newlines(value)
    elif "\n" in value or "\r" in value:
        value = " ".join(part for part in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    kept = "".join(ch for ch in value if not is_bad_character(ch, multiline=multiline))
    return unicodedata.normalize("NFC", kept)


def repair_json(value: Any) -> Any:
    """``repair_text`` applied to every string of a JSON value (keys included)."""
    if isinstance(value, str):
        return repair_text(value)
    if isinstance(value, dict):
        return {repair_text(k, multiline=False) if isinstance(k, str) else k: repair_json(v)
                for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [repair_json(v) for v in value]
    return value


def iter_strings(value: Any) -> Iterator[str]:
    """Every string of a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, child in value.items():
            if isinstance(key, str):
                yield key
            yield from iter_strings(child)
    elif isinstance(value, list | tuple):
        for child in value:
            yield from iter_strings(child)


_SURROGATES = re.compile("[\ud800-\udfff]")


def replace_surrogates(value: str) -> str:
    """``value`` with each lone surrogate replaced by U+FFFD, so it can be encoded as UTF-8: for
    the read side (answers, exports) when a row stored before ``clean_text`` still holds one."""
    return _SURROGATES.sub("\ufffd", value)


# --- Django forms -------------------------------------------------------------------------------

def is_raw_field(field: forms.Field) -> bool:
    """Fields left as typed: passwords (hashed, never shown; normalising would change them) and
    fields that opt out with ``field.raw_text = True``."""
    return getattr(field, "raw_text", False) or isinstance(field.widget, forms.PasswordInput)


def field_is_multiline(field: Any) -> bool:
    """A form field is multi-line when it says so (``field.multiline``) or renders as a textarea."""
    explicit = getattr(field, "multiline", None)
    if explicit is not None:
        return bool(explicit)
    return isinstance(getattr(field, "widget", None), forms.Textarea)


def _checked_to_python(self: forms.Field, value: Any) -> Any:
    value = type(self).to_python(self, value)
    if isinstance(value, str) and value not in self.empty_values:
        return clean_text(value, max_length=getattr(self, "max_length", None), multiline=field_is_multiline(self))
    if isinstance(self, forms.JSONField) and value is not None:
        try:
            return clean_json(value)
        except ValidationError as exc:  # one field: the paths go into the messages
            raise ValidationError([f"{path}: {message}" if path else message
                                   for path, messages in exc.message_dict.items() for message in messages],
                                  code="invalid_character") from None
    return value


def check_form_field(field: forms.Field) -> forms.Field:
    """Make a form field's value pass ``clean_text`` (or ``clean_json``) before its validators.
    The check is bound to the field instance (deep copies keep it), so every field of a form
    goes through it, declared, model-generated or added in ``__init__``."""
    if isinstance(field, forms.CharField) and not is_raw_field(field) and not is_checked_field(field):
        # Binding a check to this one instance is the point (deep copies keep it); mypy has no way
        # to accept an instance attribute shadowing a method, as in balai.core.api.check_api_field.
        field.to_python = types.MethodType(_checked_to_python, field)  # type: ignore[method-assign]
    return field


def is_checked_field(field: forms.Field) -> bool:
    method = field.__dict__.get("to_python")
    return getattr(method, "__func__", None) is _checked_to_python


class CleanTextFormMixin:
    """Base of every project form (``balai.core.forms.Form`` / ``ModelForm``): each text field
    goes through ``clean_text`` with its own ``max_length`` and multi-line-ness (a textarea)."""

    def full_clean(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            check_form_field(field)
        super().full_clean()  # type: ignore[misc]
