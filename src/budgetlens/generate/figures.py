"""The figures a composed disclosure prints: table cells in 万元 with two decimals, narrative amounts with thousands
separators, shares and growth rates rounded half up to two decimals of a percent (as the checks compute them),
Chinese ordinal numbers and the 功能分类 names of a year. Shared by the budget and final-account composers.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from budgetlens.generate.printed import Cell
from budgetlens.model import classification

__all__ = ["CENT", "YUAN_PER_WAN", "Value", "amount_cell", "cn_num", "fmt", "function_name", "padded", "pct"]

CENT = Decimal("0.01")
YUAN_PER_WAN = Decimal(10_000)
Value = str | Decimal


def amount_cell(v: Value) -> Cell:
    """A table cell: 万元 with two decimals, no separators; zero prints as an empty cell."""
    if isinstance(v, str):
        return Cell(v, "text")
    return Cell("" if v == 0 else f"{v:.2f}", "amount", value=None if v == 0 else v)  # a zero is printed blank


def fmt(v: Decimal) -> str:
    """Narrative amounts: thousands separators, 0 for nothing."""
    return "0" if v == 0 else f"{v:,.2f}"


def pct(part: Decimal, whole: Decimal) -> str:
    return f"{(part * 100 / whole).quantize(CENT, ROUND_HALF_UP)}%"


def padded(row: list[Value], width: int) -> list[Value]:
    """``row`` with blank cells up to ``width``."""
    return [*row, *[""] * (width - len(row))]


def cn_num(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + ("" if ones == 0 else digits[ones])


def function_name(code: str, year: int) -> str:
    entry = classification.functional(code, year) if code else None
    return entry.name if entry else ""
