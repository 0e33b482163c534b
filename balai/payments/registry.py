"""Registries filled by higher apps in ``AppConfig.ready()`` (layers, ARCHITECTURE.md).

``register_on_paid(kind, handler)``: ``handler(bill=..., payment=...)`` runs inside the posting
transaction, under the bill's row lock, so the domain effect (e.g. the annual endorsement for
vehicle tax) commits or rolls back together with the money. It must not call out of the process;
use ``transaction.on_commit`` for that.

``register_on_reversed(kind, handler)``: the undo of the on-paid effect, called by
``payment_reverse`` under the same lock. A bill kind with an on-paid handler but no on-reversed
handler cannot be reversed (its domain effect would stay behind).

``register_tax_head(code, label, beneficiary_kind)`` and ``register_line_labels(...)``: below.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import translation

OnPaidHandler = Callable[..., Any]
_on_paid: dict[str, OnPaidHandler] = {}


def register_on_paid(kind: str, handler: OnPaidHandler) -> None:
    existing = _on_paid.get(kind)
    if existing is not None and existing is not handler:
        raise ValueError(f"an on-paid handler for bill kind {kind!r} is already registered")
    _on_paid[kind] = handler


def unregister_on_paid(kind: str) -> None:
    _on_paid.pop(kind, None)


def on_paid_handler(kind: str) -> OnPaidHandler | None:
    return _on_paid.get(kind)


_on_reversed: dict[str, OnPaidHandler] = {}


def register_on_reversed(kind: str, handler: OnPaidHandler) -> None:
    existing = _on_reversed.get(kind)
    if existing is not None and existing is not handler:
        raise ValueError(f"an on-reversed handler for bill kind {kind!r} is already registered")
    _on_reversed[kind] = handler


def unregister_on_reversed(kind: str) -> None:
    _on_reversed.pop(kind, None)


def on_reversed_handler(kind: str) -> OnPaidHandler | None:
    return _on_reversed.get(kind)


# --- tax heads ---------------------------------------------------------------------------------
# ``register_tax_head(code, label, beneficiary_kind)``: a revenue head a bill line may carry and the
# kind of beneficiary account that owns it by default (``services.beneficiary_for``). The app whose
# bills use the head registers it (vehicles: PKB, opsen, SWDKLLJ, their penalties, BBNKB, PNBP);
# payments names none itself.

@dataclass(frozen=True)
class TaxHead:
    code: str
    label: str
    beneficiary_kind: str


_tax_heads: dict[str, TaxHead] = {}


def register_tax_head(code: str, label: str, beneficiary_kind: str) -> None:
    head = TaxHead(code, str(label), str(beneficiary_kind))
    existing = _tax_heads.get(code)
    if existing is not None and existing != head:
        raise ValueError(f"tax head {code!r} is already registered as {existing}")
    _tax_heads[code] = head


def tax_head(code: str) -> TaxHead | None:
    return _tax_heads.get(code)


def tax_heads() -> dict[str, TaxHead]:
    return dict(_tax_heads)


# --- line labels in the reader's language ------------------------------------------------------
# A bill line keeps the label it was issued with, in Indonesian ("Opsen PKB Kota Surabaya 2026"):
# that text is the record. Pages show it in the reader's language: the app that writes the lines
# registers its label stems with their translations (lazy gettext), and ``line_label_display``
# swaps the stem; what follows it (a regency's name, a tax year) is kept as written.

_line_labels: dict[str, Any] = {}


def register_line_labels(labels: Mapping[str, Any]) -> None:
    """``{"Opsen PKB": gettext_lazy("Opsen PKB"), ...}``: the Indonesian stem and its translation."""
    _line_labels.update(labels)


def line_label_display(label: str) -> str:
    if (translation.get_language() or "id").startswith("id"):
        return label
    for stem in sorted(_line_labels, key=len, reverse=True):
        if label == stem or label.startswith(stem + " "):
            return str(_line_labels[stem]) + label[len(stem):]
    return label
