"""Printed amounts: thousands separators, blanks, dashes, parentheses for negatives."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_AMOUNT = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_BLANKS = frozenset({"", "-", "—", "－", "/"})


def is_amount(text: str) -> bool:
    t = text.replace(" ", "")
    if t.startswith(("(", "（")) and t.endswith((")", "）")):
        t = t[1:-1]
    return bool(_AMOUNT.match(t))


def is_blank(text: str) -> bool:
    return text.strip() in _BLANKS


def parse_amount(text: str) -> Decimal | None:
    """Decimal of a printed amount; None for a blank or dash. Raises ValueError when unreadable."""
    t = text.strip().replace(" ", "")
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
    return -value if negative else value
