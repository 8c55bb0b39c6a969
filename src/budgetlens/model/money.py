"""Money and printed numbers: Decimal values with their unit and printed precision."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from budgetlens.model.enums import ValueStatus

YUAN_PER_UNIT: dict[str, Decimal] = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}


def decimals_of(text: str) -> int:
    """Number of decimals printed in ``text`` ("1,633.94" -> 2, "5,400,000" -> 0)."""
    digits = text.replace(" ", "").replace(",", "").strip().rstrip("%")
    if "." not in digits:
        return 0
    return len(digits.rsplit(".", 1)[1])


def interval(value: Decimal, decimals: int) -> tuple[Decimal, Decimal]:
    """The interval a printed value stands for: value ± half a unit of its last printed place."""
    half = Decimal(5).scaleb(-(decimals + 1))
    return value - half, value + half


class Amount(BaseModel):
    """A printed money value (or a blank cell) in a declared unit.

    ``value`` is None for a blank cell. ``printed`` keeps the text exactly as the document prints it,
    so that a repaired value can always be compared with what was on the page.
    """

    model_config = ConfigDict(frozen=True)

    value: Decimal | None
    unit: str = "万元"
    printed: str = ""
    status: ValueStatus = ValueStatus.PRINTED
    constraint: str | None = None  # for repaired values: the identity used to rebuild it

    @property
    def decimals(self) -> int:
        return decimals_of(self.printed) if self.printed else 2

    @property
    def yuan(self) -> Decimal | None:
        factor = YUAN_PER_UNIT.get(self.unit)
        if self.value is None or factor is None:  # blank, or a count (辆, 台(套)) rather than money
            return None
        return (self.value * factor).quantize(Decimal("0.01"))

    def bounds(self) -> tuple[Decimal, Decimal]:
        """Interval of the printed value; a blank cell is exactly zero."""
        if self.value is None:
            return Decimal(0), Decimal(0)
        return interval(self.value, self.decimals)
