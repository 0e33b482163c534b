"""The catalogue's text in the active language.

Catalogue rows carry Indonesian in the plain column and English in a ``<field>_en`` column beside it
(``ServiceVersion.name_id``/``name_en``, ``description``/``description_en``, ``Requirement.name``/
``name_en``, …). A form field definition (``ServiceVersion.form_schema`` or a handler's
``form_fields()``) carries ``label_en``/``help_en`` and choices as ``[value, label, label_en]``.
A domain app whose form is code (a handler's ``form_fields()``) may instead register its English per
Indonesian text with ``register_form_english({...})`` in its ``AppConfig.ready()``.
English is shown when the page is in English and the English text is filled; otherwise Indonesian.
Official documents (PDFs) are rendered with Indonesian active (``documents.services``), so they keep
the Indonesian text.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

# Indonesian form text → English, registered by domain apps whose forms are code.
_FORM_ENGLISH: dict[str, str] = {}


def register_form_english(texts: dict[str, str]) -> None:
    _FORM_ENGLISH.update(texts)


def _form_text(indonesian: str, english_text: str | None) -> str:
    if not english():
        return indonesian
    return english_text or _FORM_ENGLISH.get(indonesian) or indonesian


def english() -> bool:
    return (get_language() or "id").startswith("en")


def localized(obj: Any, field: str) -> str:
    """``obj.<field>`` in the active language: ``<field>_en`` when English is active and filled."""
    if english():
        value = getattr(obj, f"{field}_en", "")
        if value:
            return value
    value = getattr(obj, field)
    return "" if value is None else value


def field_label(spec: dict) -> str:
    return _form_text(spec.get("label", ""), spec.get("label_en"))


def field_help(spec: dict) -> str:
    return _form_text(spec.get("help", ""), spec.get("help_en"))


def choice_pairs(spec: dict) -> list[tuple[str, str]]:
    """(value, label) of a choice field; a choice is ``value``, ``[value, label]`` or
    ``[value, label, label_en]``."""
    pairs = []
    for choice in spec.get("choices") or []:
        if isinstance(choice, list | tuple):
            label = _form_text(str(choice[1]), str(choice[2]) if len(choice) > 2 else None)
            pairs.append((str(choice[0]), label))
        else:
            pairs.append((str(choice), str(choice)))
    return pairs


def localized_schema(schema: list[dict]) -> list[dict]:
    """A schema with ``label``/``help`` in the active language (for pages that list the fields)."""
    return [{**spec, "label": field_label(spec), "help": field_help(spec)} for spec in schema]
