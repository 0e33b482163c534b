"""Apportioning an amount to a bill's lines (DIGIT's tax-head apportioning), in integer rupiah.

``apportion`` always returns shares that add up to exactly the amount: floor of the proportional
share, then the rupiah left over go one each to the largest remainders (ties to the earlier line).
When the amount equals the bill total — the only case Balai posts — every line gets exactly its
own amount. No float is used (invariant 7).
"""

from __future__ import annotations

from collections.abc import Sequence


def apportion(amount: int, weights: Sequence[int]) -> list[int]:
    if amount < 0 or not weights or any(w < 0 for w in weights):
        raise ValueError("amount and weights must be non-negative and weights non-empty")
    total = sum(weights)
    if total == 0:
        raise ValueError("weights must not all be zero")
    shares, remainders = [], []
    for index, weight in enumerate(weights):
        quotient, remainder = divmod(amount * weight, total)
        shares.append(quotient)
        remainders.append((-remainder, index))
    left = amount - sum(shares)
    for _, index in sorted(remainders)[:left]:
        shares[index] += 1
    return shares
