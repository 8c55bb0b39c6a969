"""Text utilities for noisy final-account documents (OCR text, pdftotext with doubled glyphs)."""

from __future__ import annotations

import re
from decimal import Decimal

# Amounts in final-account tables always print two decimals; OCR may put a space after the point.
AMOUNT = re.compile(r"^\d{1,3}(?:,\d{3})+\.\s?\d{2}$|^\d+\.\s?\d{2}$")
AMOUNT_IN_TEXT = re.compile(r"\d{1,3}(?:,\d{3})+\.\d{2}|\d+\.\d{2}")
ROW_NUMBER = re.compile(r"^\d{1,2}(?:\.00)?$")
FUNCTION_CODE = re.compile(r"^(?:\d{3}|\d{5}|\d{7})$")
CODE_PART = re.compile(r"^\d{2}$")  # a 款 or 项 printed in a column of its own
WATERMARK_CHARS = frozenset(
    "以及又仅风其从义供烘拱排批内內为部軍审核權隊模林群樣單庫於校物构榜解析實施等用運開料語形節特事構"
)
WATERMARK_CORE = frozenset("供烘拱排批内內为部")


def collapse_doubled(text: str) -> str:
    """Undo overprinted bold: 'XX' -> 'X' for the whole text and for each space-separated token.

    Only label text is collapsed (two or more characters per half); amounts are never passed here.
    """
    text = text.strip()
    half = len(text) // 2
    if len(text) % 2 == 0 and half >= 2 and text[:half] == text[half:]:
        return text[:half]
    tokens: list[str] = []
    for token in text.split():
        h = len(token) // 2
        if len(token) % 2 == 0 and h >= 2 and token[:h] == token[h:] and not token.replace(".", "").isdigit():
            token = token[:h]
        if tokens and token == tokens[-1] and not token.replace(".", "").isdigit():
            continue  # a doubled word printed as two tokens: 第三部分 第三部分
        tokens.append(token)
    return " ".join(tokens)


def is_watermark(text: str) -> bool:
    """A short scrap of the OCR'd watermark 仅供内部审核 (e.g. 以供内部群林, 又供内部軍)."""
    if not WATERMARK_CORE.intersection(text):
        return False
    compact = re.sub(r"\s+", "", text)
    if not compact or len(compact) > 8 or any(ch.isdigit() for ch in compact):
        return False
    return sum(ch in WATERMARK_CHARS for ch in compact) >= 3 and sum(ch in WATERMARK_CORE for ch in compact) >= 2


def amount(text: str) -> Decimal | None:
    """Decimal of a cell that is an amount (two decimals, OCR space allowed), else None."""
    t = text.strip()
    if not AMOUNT.match(t):
        return None
    return Decimal(t.replace(" ", "").replace(",", ""))


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
