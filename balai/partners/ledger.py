"""The double-entry cash ledger of the service points.

An entry is a list of transfers ``(debit account, credit account, amount > 0)``; an account's
balance is its debits less its credits. Because each transfer adds the same amount to one
account and takes it from another, every entry and the ledger as a whole sum to zero — not a
check run afterwards but the shape of the data (plus CHECK constraints in the database).

Signs: cash accounts (agent, point, bank clearing) are positive when they hold money; a
beneficiary account is negative while the money collected for it has not been settled to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.utils import timezone

from balai.payments.models import Beneficiary

from .models import AccountKind, Agent, EntryKind, LedgerAccount, LedgerEntry, LedgerTransfer, ServicePoint


@dataclass(frozen=True)
class Move:
    debit: LedgerAccount
    credit: LedgerAccount
    amount: int


def _account(code: str, kind: str, name: str, **links) -> LedgerAccount:
    account, _created = LedgerAccount.objects.get_or_create(code=code, defaults={"kind": kind, "name": name[:200],
                                                                                 **links})
    return account


def agent_cash(agent: Agent) -> LedgerAccount:
    return _account(f"agent_cash:{agent.pk}", AccountKind.AGENT_CASH, f"Kas agen {agent.user.full_name}",
                    agent=agent, point_id=agent.point_id)


def agent_receivable(agent: Agent) -> LedgerAccount:
    return _account(f"agent_receivable:{agent.pk}", AccountKind.AGENT_RECEIVABLE,
                    f"Piutang agen {agent.user.full_name}", agent=agent, point_id=agent.point_id)


def point_cash(point: ServicePoint) -> LedgerAccount:
    return _account(f"point_cash:{point.pk}", AccountKind.POINT_CASH, f"Kas {point.name}", point=point)


def point_adjustment(point: ServicePoint) -> LedgerAccount:
    return _account(f"point_adjustment:{point.pk}", AccountKind.POINT_ADJUSTMENT, f"Penyesuaian {point.name}",
                    point=point)


def bank_clearing(point: ServicePoint) -> LedgerAccount:
    return _account(f"bank_clearing:{point.pk}", AccountKind.BANK_CLEARING,
                    f"Kliring {point.bank_name} {point.bank_account_number}", point=point)


def beneficiary_account(beneficiary: Beneficiary | int) -> LedgerAccount:
    if isinstance(beneficiary, int):
        beneficiary = Beneficiary.objects.get(pk=beneficiary)
    return _account(f"beneficiary:{beneficiary.code}", AccountKind.BENEFICIARY, beneficiary.name,
                    beneficiary=beneficiary)


def entry_post(*, kind: EntryKind | str, point: ServicePoint, moves: Iterable[Move], actor=None, memo: str = "",
               collection=None, closing=None) -> LedgerEntry:
    """Append one entry. Call inside the transaction that makes the business change."""
    moves = [m for m in moves if m.amount != 0]
    for move in moves:
        if not isinstance(move.amount, int) or isinstance(move.amount, bool) or move.amount < 0:
            raise ValueError(f"ledger amounts are positive integer rupiah, got {move.amount!r}")
    if not moves:
        raise ValueError("an entry needs at least one non-zero transfer")
    entry = LedgerEntry.objects.create(kind=kind, point=point, actor=actor, memo=memo[:300],
                                       collection=collection, closing=closing, created_at=timezone.now())
    LedgerTransfer.objects.bulk_create([LedgerTransfer(entry=entry, debit=m.debit, credit=m.credit, amount=m.amount)
                                        for m in moves])
    return entry


def move(debit: LedgerAccount, credit: LedgerAccount, amount: int) -> Move:
    """``amount`` from ``credit`` to ``debit``; a negative amount flips the direction."""
    return Move(debit, credit, amount) if amount >= 0 else Move(credit, debit, -amount)


def balance(*accounts: LedgerAccount) -> int:
    """Sum of the balances (debits less credits) of ``accounts``."""
    ids = [a.pk for a in accounts]
    return balance_of(Q(pk__in=ids))


def balance_of(accounts: Q) -> int:
    matching = LedgerAccount.objects.filter(accounts).values("pk")
    debits = LedgerTransfer.objects.filter(debit__in=matching).aggregate(s=Sum("amount"))["s"] or 0
    credits = LedgerTransfer.objects.filter(credit__in=matching).aggregate(s=Sum("amount"))["s"] or 0
    return int(debits - credits)


def cash_on_hand_point(point: ServicePoint) -> int:
    """Cash physically at the point: every agent's open shift plus closed days not yet banked."""
    return balance_of(Q(point=point, kind__in=[AccountKind.AGENT_CASH, AccountKind.POINT_CASH]))


def cash_on_hand_agent(agent: Agent) -> int:
    return balance_of(Q(agent=agent, kind=AccountKind.AGENT_CASH))


def trial_balance() -> int:
    """Σ of every account's balance; zero by construction, asserted by the tests."""
    return balance_of(Q())
