"""Interval arithmetic for printed numbers (the rounding rule of XBRL Calculations 1.1).

A printed value with d decimals stands for [v − ½·10⁻ᵈ, v + ½·10⁻ᵈ]; a blank cell is exactly 0.
A total is inconsistent with its parts only when the interval of the sum misses the interval of
the printed total. No fixed tolerance is used anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from budgetlens.model import Amount
from budgetlens.model.enums import ValueStatus
from budgetlens.model.money import decimals_of, interval

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


# --------------------------------------------------------------------------------------------------
# The precision a document practises
#
# Forms exported from a spreadsheet in its "General" format drop trailing zeros: 6.00 prints as 6 and
# 57.80 as 57.8, beside 45.56 and 1,633.94 in the same column. Read at its own printed precision such
# a 6 stands for 5.5–6.5 and lets real errors through. A group of printed figures of one kind (a table
# column, the amounts of a document's performance forms, the percentages of a narrative) shows that
# practice when
#   * at least PRACTICE_EVIDENCE figures print exactly D decimals (1 ≤ D ≤ PRACTICE_MAX_DECIMALS),
#   * no figure prints more than D decimals, some print fewer, and
#   * no printed fraction ends in 0 (a group that prints 57.80 keeps its zeros, so its 6 is a rounded 6).
# Then every figure of the group is read at D decimals. Anything else (all integers, all at D, too few
# figures at D, a trailing zero) keeps each figure at its own printed precision. In typed prose the
# shorter figures must moreover be rare (PRACTICE_RARE), since a writer rounds 0.42% to 0.4% at will.

PRACTICE_EVIDENCE = 3
PRACTICE_MAX_DECIMALS = 2
PRACTICE_RARE = Decimal("0.25")  # in prose: at most a quarter of the figures print fewer decimals


def _fraction(printed: str) -> str:
    digits = printed.replace(" ", "").replace(",", "").strip().rstrip("%")
    return digits.rsplit(".", 1)[1] if "." in digits else ""


def practised_decimals(printed: Iterable[str], rare: bool = False) -> int | None:
    """The decimals a group of printed figures practises by dropping trailing zeros, or None (no such practice).

    ``printed`` is the text of each figure as printed ("45.56%", "1,633.94", "6"); blanks are ignored.
    ``rare``: for typed prose, where a writer may round at will, the figures with fewer decimals must
    also be few (at most PRACTICE_RARE of the group), as they are when only trailing zeros are dropped.
    """
    fractions = [_fraction(p) for p in printed if p and p.strip()]
    if not fractions:
        return None
    most = max(len(f) for f in fractions)
    if not 1 <= most <= PRACTICE_MAX_DECIMALS:
        return None
    if any(f.endswith("0") for f in fractions):
        return None  # the group prints its trailing zeros: a shorter figure is rounded, not trimmed
    at_most = sum(1 for f in fractions if len(f) == most)
    if at_most < PRACTICE_EVIDENCE or at_most == len(fractions):
        return None
    if rare and len(fractions) - at_most > PRACTICE_RARE * len(fractions):
        return None
    return most


def practice_interval(value: Decimal, printed: str, practice: int | None) -> Bounds:
    """The interval of a printed figure read at its group's practice (never coarser than as printed)."""
    own = decimals_of(printed) if printed else 2
    return interval(value, max(own, practice) if practice is not None else own)


def practice_bounds(amount: Amount, practice: int | None) -> Bounds:
    """``Amount.bounds()`` at the group's practice; a blank is exactly 0 and a repaired value keeps its own."""
    if amount.value is None or practice is None or amount.status is not ValueStatus.PRINTED or not amount.printed:
        return amount.bounds()
    return practice_interval(amount.value, amount.printed, practice)


def amounts_practice(amounts: Iterable[Amount | None]) -> int | None:
    """The practice of a group of printed amounts (blank and repaired cells give no evidence)."""
    return practised_decimals(
        a.printed for a in amounts if a is not None and a.value is not None and a.status is ValueStatus.PRINTED
    )


def column_practice(rows: Iterable[Mapping[str, Amount]]) -> dict[str, int | None]:
    """The practice of each column of a table, from the cells of its rows (key → decimals or None)."""
    by_key: dict[str, list[Amount]] = {}
    for cells in rows:
        for key, amount in cells.items():
            by_key.setdefault(key, []).append(amount)
    return {key: amounts_practice(cells) for key, cells in by_key.items()}


def sum_consistent_at(total: tuple[Amount, int | None], parts: Iterable[tuple[Amount, int | None]]) -> bool:
    """``sum_consistent`` with each figure read at its group's practice: (amount, practised decimals) pairs."""
    return overlaps(practice_bounds(*total), add(practice_bounds(a, d) for a, d in parts))
