"""Text utilities for noisy final-account documents (OCR text, pdftotext with doubled glyphs).

The printed text's own noise (overprinted bold, watermark scraps) is cleaned by ``read.noise``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from budgetlens.model.money import is_readable
from budgetlens.parse.numbers import without_spaces

# Amounts in final-account tables always print two decimals; OCR may put a space after the point.
AMOUNT = re.compile(r"^\d{1,3}(?:,\d{3})+\.\s?\d{2}$|^\d+\.\s?\d{2}$")
AMOUNT_IN_TEXT = re.compile(r"\d{1,3}(?:,\d{3})+\.\d{2}|\d+\.\d{2}")
ROW_NUMBER = re.compile(r"^\d{1,2}(?:\.00)?$")
FUNCTION_CODE = re.compile(r"^(?:\d{3}|\d{5}|\d{7})$")
CODE_PART = re.compile(r"^\d{2}$")  # a 款 or 项 printed in a column of its own


def amount(text: str) -> Decimal | None:
    """Decimal of a cell that is an amount (two decimals, OCR space allowed), else None."""
    t = text.strip()
    if not AMOUNT.match(t):
        return None
    value = Decimal(without_spaces(t).replace(",", ""))
    return value if is_readable(value) else None


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def split_code(fields: list[str], at: int) -> tuple[str, int]:
    """A code printed over 类|款|项 columns (``205 | 02 | 99``) joined to 2050299, and the index of its last part.

    ``fields[at]`` is the 类 (3 digits); the next fields are taken while they are two-digit 款/项 parts.
    """
    code, last = fields[at].strip(), at
    if len(code) != 3:
        return code, last
    for part in fields[at + 1 : at + 3]:
        if not CODE_PART.match(part.strip()):
            break
        code, last = code + part.strip(), last + 1
    return code, last
