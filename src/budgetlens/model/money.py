"""Money and printed numbers: Decimal values with their unit and printed precision."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, field_validator

from budgetlens.model.enums import ValueStatus

YUAN_PER_UNIT: dict[str, Decimal] = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}
# Integer digits of a readable number: 10^15 is far beyond any budget in any unit, and every value under it
# stays exact in yuan (× 10^8 for 亿元) and in the store's DECIMAL(38, 6) columns.
MAX_INTEGER_DIGITS = 15


def is_readable(value: Decimal) -> bool:
    """A finite number with at most ``MAX_INTEGER_DIGITS`` integer digits (anything larger is OCR or junk)."""
    return value.is_finite() and (value.is_zero() or value.adjusted() < MAX_INTEGER_DIGITS)


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

    @field_validator("value")
    @classmethod
    def _readable(cls, value: Decimal | None) -> Decimal | None:
        """An absurd value (beyond ``MAX_INTEGER_DIGITS``) is unread, as a cell whose printed text is no number."""
        return value if value is None or is_readable(value) else None

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
