"""Interval arithmetic for printed numbers (the rounding rule of XBRL Calculations 1.1).

A printed value with d decimals stands for [v − ½·10⁻ᵈ, v + ½·10⁻ᵈ]; a blank cell is exactly 0.
A total is inconsistent with its parts only when the interval of the sum misses the interval of
the printed total. No fixed tolerance is used anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from budgetlens.model import Amount

Bounds = tuple[Decimal, Decimal]


def add(bounds: Iterable[Bounds]) -> Bounds:
    lo = hi = Decimal(0)
    for a, b in bounds:
        lo, hi = lo + a, hi + b
    return lo, hi


def overlaps(a: Bounds, b: Bounds) -> bool:
    return not (a[1] < b[0] or b[1] < a[0])


def sum_consistent(total: Amount, parts: Iterable[Amount]) -> bool:
    """Does the printed total agree with the printed parts, allowing only rounding?"""
    return overlaps(total.bounds(), add(p.bounds() for p in parts))


def point_sum(parts: Iterable[Amount]) -> Decimal:
    return sum((p.value or Decimal(0) for p in parts), Decimal(0))


def shown(amount: Amount) -> str:
    """How a value is shown in a message: as printed, or 空 for a blank cell."""
    return amount.printed if amount.printed else "空"
