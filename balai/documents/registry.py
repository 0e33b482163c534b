"""Document types, registered by the app that issues them (layers, ARCHITECTURE.md).

``register_doc_type(code, label, prefix)`` in ``AppConfig.ready()``: ``label`` is shown wherever
the document is (Indonesian, lazily translated), ``prefix`` opens its number (``numbering.py``).
Documents registers only its own generic types (payment receipt, letter, application receipt);
civil, vehicles and partners register theirs. ``document_issue`` refuses an unregistered type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DocType:
    code: str
    label: Any  # a lazy translation
    prefix: str


_types: dict[str, DocType] = {}


def register_doc_type(code: str, label: Any, prefix: str) -> None:
    if not code or len(code) > 32:
        raise ValueError(f"document type code {code!r}: 1–32 characters")
    existing = _types.get(code)
    if existing is not None and (existing.prefix != prefix or str(existing.label) != str(label)):
        raise ValueError(f"document type {code!r} is already registered as {existing}")
    _types[code] = DocType(code, label, prefix)


def doc_type(code: str) -> DocType | None:
    return _types.get(code)


def doc_type_label(code: str) -> str:
    found = _types.get(code)
    return str(found.label) if found is not None else code


def doc_types() -> dict[str, DocType]:
    return dict(_types)
