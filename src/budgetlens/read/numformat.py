"""Spreadsheet numbers printed as the sheet shows them: decimals, thousands separators and % from the number format.

The formats come from openpyxl for .xlsx and from xlrd (the BIFF XF and FORMAT records) for .xls.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

Formats = dict[str, dict[tuple[int, int], str]]  # sheet -> 0-based (row, col) -> number format

_QUOTED = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')
_DECIMALS = re.compile(r"\.([0#?]+)")
_THOUSANDS = re.compile(r"[0#?],[0#?]")


def read_formats(path: Path) -> Formats:
    """The number formats of an .xlsx's numeric cells other than General (openpyxl, read-only).

    A sheet's declared dimension is ignored: a row is read up to its last cell, so a sheet that
    declares a million columns costs what its cells cost (the cells were counted before).
    """
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    formats: Formats = {}
    try:
        for ws in workbook.worksheets:
            found: dict[tuple[int, int], str] = {}
            ws.reset_dimensions()  # read-only worksheets: rows end at their last cell
            for row in ws.iter_rows():
                for cell in row:
                    fmt = getattr(cell, "number_format", "General")
                    if getattr(cell, "data_type", None) == "n" and fmt != "General" and cell.value is not None:
                        found[(cell.row - 1, cell.column - 1)] = fmt
            formats[ws.title] = found
    finally:
        workbook.close()
    return formats


def read_xls_formats(path: Path) -> Formats:
    """The number formats of an .xls's numeric cells other than General (xlrd with formatting_info)."""
    import xlrd  # type: ignore[import-untyped]

    workbook = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    formats: Formats = {}
    try:
        for index in range(workbook.nsheets):
            sheet = workbook.sheet_by_index(index)
            found: dict[tuple[int, int], str] = {}
            for r in range(sheet.nrows):
                for c, cell in enumerate(sheet.row(r)):
                    if cell.ctype not in (xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_DATE):
                        continue
                    xf = workbook.xf_list[cell.xf_index]
                    fmt = workbook.format_map[xf.format_key].format_str
                    if fmt != "General":
                        found[(r, c)] = fmt
            formats[sheet.name] = found
            workbook.unload_sheet(index)
    finally:
        workbook.release_resources()
    return formats


def quantize(value: float, decimals: int) -> Decimal:
    """A float rounded half-up as a spreadsheet displays it (from its shortest repr, so 2.675 -> 2.68)."""
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def general(value: float) -> str:
    """A number without a format: integers as integers, others in their shortest form (15 significant digits)."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = format(value, ".15g")
    return format(Decimal(text), "f") if "e" in text else text


def render_number(value: float, number_format: str | None) -> str:
    """``value`` printed with ``number_format`` (its first section); General or no format: :func:`general`."""
    section = _QUOTED.sub("", (number_format or "").split(";")[0]).strip()
    if not math.isfinite(value) or abs(value) >= 1e15:  # no amount: printed plainly, read as unreadable
        return general(value)
    if not section or section.lower() == "general" or section == "@" or not re.search(r"[0#?]", section):
        return general(value)
    percent = "%" in section
    m = _DECIMALS.search(section)
    decimals = len(m.group(1)) if m else 0
    amount = quantize(value * 100 if percent else value, decimals)
    text = f"{amount:,f}" if _THOUSANDS.search(section) else f"{amount:f}"
    return text + ("%" if percent else "")
