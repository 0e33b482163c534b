"""Registries filled by higher apps in ``AppConfig.ready()`` (layers, ARCHITECTURE.md).

``register_on_paid(kind, handler)``: ``handler(bill=..., payment=...)`` runs inside the posting
transaction, under the bill's row lock, so the domain effect (e.g. the annual endorsement for
vehicle tax) commits or rolls back together with the money. It must not call out of the process;
use ``transaction.on_commit`` for that.

``register_on_reversed(kind, handler)``: the undo of the on-paid effect, called by
``payment_reverse`` under the same lock. A bill kind with an on-paid handler but no on-reversed
handler cannot be reversed (its domain effect would stay behind).

``register_tax_head(code, label, beneficiary_kind)``: below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
