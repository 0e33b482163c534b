"""The catalogue's text in the active language (issue #14 item 3).

Catalogue rows carry Indonesian in the plain column and English in a ``<field>_en`` column beside it
(``ServiceVersion.name_id``/``name_en``, ``description``/``description_en``, ``Requirement.name``/
``name_en``, …). A form field definition (``ServiceVersion.form_schema`` or a handler's
``form_fields()``) carries ``label_en``/``help_en`` and choices as ``[value, label, label_en]``.
English is shown when the page is in English and the English text is filled; otherwise Indonesian.
Official documents (PDFs) are rendered with Indonesian active (``documents.services``), so they keep
the Indonesian text.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language


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
    return (english() and spec.get("label_en")) or spec.get("label", "")


def field_help(spec: dict) -> str:
    return (english() and spec.get("help_en")) or spec.get("help", "")


def choice_pairs(spec: dict) -> list[tuple[str, str]]:
    """(value, label) of a choice field; a choice is ``value``, ``[value, label]`` or
    ``[value, label, label_en]``."""
    pairs = []
    use_en = english()
    for choice in spec.get("choices") or []:
        if isinstance(choice, list | tuple):
            label = choice[2] if use_en and len(choice) > 2 and choice[2] else choice[1]
            pairs.append((str(choice[0]), str(label)))
        else:
            pairs.append((str(choice), str(choice)))
    return pairs


def localized_schema(schema: list[dict]) -> list[dict]:
    """A schema with ``label``/``help`` in the active language (for pages that list the fields)."""
    return [{**spec, "label": field_label(spec), "help": field_help(spec)} for spec in schema]
