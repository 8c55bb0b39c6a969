"""Printed amounts: thousands separators, blanks, dashes, parentheses for negatives."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from budgetlens.model.money import is_readable

_AMOUNT = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_BLANKS = frozenset({"", "-", "—", "－", "/"})
# Blanks that typesetting and OCR leave inside a number ("2066.　25"): spaces of every width, no-break and
# zero-width ones included.
SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u2060\u3000\ufeff]+")


def without_spaces(text: str) -> str:
    """``text`` with every kind of space removed."""
    return SPACES.sub("", text)


def is_amount(text: str) -> bool:
    t = without_spaces(text)
    if t.startswith(("(", "（")) and t.endswith((")", "）")):
        t = t[1:-1]
    return bool(_AMOUNT.match(t))


def is_blank(text: str) -> bool:
    return text.strip() in _BLANKS


def parse_amount(text: str) -> Decimal | None:
    """Decimal of a printed amount; None for a blank or dash. Raises ValueError when unreadable.

    Spaces inside the number are ignored; a number of more than ``MAX_INTEGER_DIGITS`` integer digits is
    unreadable (no budget is that large).
    """
    t = without_spaces(text)
    if t in _BLANKS:
        return None
    negative = False
    if t.startswith(("(", "（")) and t.endswith((")", "）")):
        t, negative = t[1:-1], True
    t = t.replace("−", "-")
    if not _AMOUNT.match(t):
        raise ValueError(text)
    try:
        value = Decimal(t.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid decimals
        raise ValueError(text) from exc
    if not is_readable(value):
        raise ValueError(text)
    return -value if negative else value


def amount_or_none(text: str) -> Decimal | None:
    """``parse_amount``, with None for a text it cannot read (the caller reports the printed text)."""
    try:
        return parse_amount(text)
    except ValueError:
        return None
