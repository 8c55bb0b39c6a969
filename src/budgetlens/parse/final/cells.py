"""Cells of a final-account table line in either flavour, and a typed token stream across lines.

TAB flavour (OCR text): the cells are the TAB fields. Space flavour (pdftotext): fields are
separated by one space and an empty field is an empty cell; amounts can be glued to the next
field (``44592816.01一、一般公共服务支出``, ``6798345.0830201``), so fields are split again by type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from budgetlens.parse.final.text import AMOUNT, ROW_NUMBER
from budgetlens.read.noise import collapse_doubled, is_watermark
from budgetlens.read.raw import Line

_GLUED = re.compile(r"(\d+\.\d{2})(?=\S)")


class Kind(Enum):
    AMOUNT = "amount"
    NUMBER = "number"  # a bare integer or a 行次 like 12.00
    CODE = "code"  # a 3/5/7-digit classification code
    TEXT = "text"
    EMPTY = "empty"


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    text: str
    line: int
    eol: bool = False  # the last token of its line


def is_tab_flavour(lines: list[Line]) -> bool:
    return sum(len(ln.cells) > 1 for ln in lines) * 2 > len(lines)


def split_fields(text: str) -> list[str]:
    """Positional fields of a space-flavour line, with glued amounts split off."""
    fields: list[str] = []
    for field in text.rstrip("\n").split(" "):
        parts = _GLUED.split(field)
        fields.extend(p for p in parts if p) if len(parts) > 1 else fields.append(field)
    return fields


def kind_of(text: str) -> Kind:
    t = text.strip()
    if not t:
        return Kind.EMPTY
    if AMOUNT.match(t):
        return Kind.AMOUNT
    if re.fullmatch(r"\d{3}(?:\d{2}){0,2}", t):
        return Kind.CODE
    if ROW_NUMBER.match(t):
        return Kind.NUMBER
    return Kind.TEXT


def line_cells(line: Line, tab: bool) -> list[str]:
    return [c.strip() for c in line.cells] if tab else split_fields(line.text)


def tokens(lines: list[Line], tab: bool) -> list[Token]:
    """Typed tokens of all lines in order; label text is de-doubled, watermark scraps dropped."""
    out: list[Token] = []
    for line in lines:
        cells = line_cells(line, tab)
        row: list[Token] = []
        for cell in cells:
            kind = kind_of(cell)
            if kind is Kind.TEXT:
                if is_watermark(cell):
                    kind, cell = Kind.EMPTY, ""
                else:
                    cell = collapse_doubled(cell)
            row.append(Token(kind, cell.strip(), line.no))
        while row and row[-1].kind is Kind.EMPTY and not tab:
            row.pop()  # a trailing space marks a blank last cell; positions are read from the left
        if row:
            row[-1] = Token(row[-1].kind, row[-1].text, row[-1].line, eol=True)
        out.extend(row)
    return out
