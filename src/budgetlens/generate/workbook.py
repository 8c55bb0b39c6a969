"""The data workbook written: ``write_workbook(data, path, template)`` (empty with ``data=None``, for
``generate --init budget|final``) lays out the data model's sheets (generate/sheets.py: BudgetData's or FinalData's
layout) with drop-down lists drawn from the classification data, number checks and text cells for codes;
``read_workbook(path)`` reads one back as the model of the template named inside, with that template's name."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from budgetlens.generate.budget_sheets import BUDGET, SHEETS
from budgetlens.generate.data import load_data
from budgetlens.generate.layouts import layout_for
from budgetlens.generate.sheets import (
    CODES_SHEET,
    README_SHEET,
    ROWS,
    TEMPLATE_LABEL,
    Field,
    Layout,
    workbook_template,
)
from budgetlens.generate.templates import data_model, load_template
from budgetlens.model import classification

__all__ = ["CODES_SHEET", "SHEETS", "read_workbook", "write_workbook"]

DEFAULT_TEMPLATE = "shanxi-city-budget"  # a workbook that names no template holds a budget


def read_workbook(path: Path) -> tuple[BaseModel, str | None]:
    """The workbook's data, as the model of the template named on its 说明 sheet (BudgetData when it names none),
    and that template's name; ConfigError (one line) on a bad cell."""
    template = workbook_template(path)
    return load_data(path, data_model(load_template(template or DEFAULT_TEMPLATE))), template


_HEAD_FONT = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_MESSAGES = {
    "yuan": "请填写不小于 0 的整数（元）",
    "wan": "请填写不小于 0 的数（万元）",
    "count": "请填写不小于 0 的整数",
}


# ---------------------------------------------------------------- writing


def write_workbook(
    data: BaseModel | None, path: Path, template: str, year: int | None = None, layout: Layout | None = None
) -> None:
    """The workbook layout at ``path``, filled with ``data`` (empty when None: the layout is ``layout``, else the
    budget's); code lists for ``year`` (the data's, else this year + the layout's years ahead)."""
    book_layout = layout_for(type(data)) if data is not None else (layout or BUDGET)
    if data is not None:
        year = data.department.year  # type: ignore[attr-defined]  # every data model has its department
    year = year or datetime.date.today().year + book_layout.years_ahead
    book = Workbook()
    readme = book.active
    assert readme is not None
    readme.title = README_SHEET
    _write_readme(readme, template, book_layout)
    records = book_layout.records(data) if data is not None else {}
    for name, (shape, fields) in book_layout.sheets.items():
        sheet = book.create_sheet(name)
        if shape == "keys":
            _write_keys(sheet, fields, records.get(name, [{}])[0] if records.get(name) else {})
        else:
            _write_list(sheet, fields, records.get(name, []))
    items, codes = _write_codes(book.create_sheet(CODES_SHEET), year)
    for name, (shape, fields) in book_layout.sheets.items():
        _validate(book[name], shape, fields, items, codes)
    book.save(path)


def _write_readme(sheet: Worksheet, template: str, layout: Layout) -> None:
    sheet["A1"] = layout.title
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A3"], sheet["B3"] = TEMPLATE_LABEL, template
    sheet["A3"].font = _HEAD_FONT
    for i, line in enumerate(layout.instructions, start=5):
        sheet.cell(i, 1, line)
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 24


def _write_keys(sheet: Worksheet, fields: list[Field], record: dict[str, Any]) -> None:
    sheet.append(["项目", "值"])
    for f in fields:
        value = _flat(record).get(f.key)
        sheet.append([f.label + ("（必填）" if f.required else ""), _cell_value(value)])
        if f.kind == "code":
            sheet.cell(sheet.max_row, 2).number_format = "@"
        sheet.cell(sheet.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    _style_head(sheet, 2)
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 80


def _write_list(sheet: Worksheet, fields: list[Field], records: list[dict[str, Any]]) -> None:
    sheet.append([f.label for f in fields])
    for record in records:
        flat = _flat(record)
        sheet.append([_cell_value(flat.get(f.key)) for f in fields])
    for col, f in enumerate(fields, start=1):
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = f.width
        if f.kind in ("code", "functional", "text", "item"):
            for row in range(2, ROWS + 1):
                sheet.cell(row, col).number_format = "@"
    _style_head(sheet, len(fields))
    sheet.freeze_panes = "A2"


def _style_head(sheet: Worksheet, columns: int) -> None:
    for col in range(1, columns + 1):
        cell = sheet.cell(1, col)
        cell.font, cell.fill = _HEAD_FONT, _HEAD_FILL


def _write_codes(sheet: Worksheet, year: int) -> tuple[str, str]:
    """The 款 names and 项 codes valid in ``year``; the two ranges the drop-down lists use."""
    items = [e for e in classification.all_entries("economic_dept") if e.level == 2 and e.valid_in(year)]
    codes = [e for e in classification.all_entries("functional") if e.level == 3 and e.valid_in(year)]
    sheet.append(["部门经济科目款", "款代码", "功能分类项代码", "项名称"])
    for i in range(max(len(items), len(codes))):
        row: list[str | None] = [items[i].name, items[i].code] if i < len(items) else [None, None]
        row += [codes[i].code, codes[i].name] if i < len(codes) else [None, None]
        sheet.append(row)
    for col in ("B", "C"):
        for cell in sheet[col]:
            cell.number_format = "@"
    _style_head(sheet, 4)
    for letter, width in zip("ABCD", (30, 10, 16, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    return f"'{CODES_SHEET}'!$A$2:$A${len(items) + 1}", f"'{CODES_SHEET}'!$C$2:$C${len(codes) + 1}"


def _validate(sheet: Worksheet, layout: str, fields: list[Field], items: str, codes: str) -> None:
    for i, f in enumerate(fields):
        dv = _validation(f, items, codes)
        if dv is None:
            continue
        sheet.add_data_validation(dv)
        if layout == "keys":
            dv.add(f"B{i + 2}")
        else:
            letter = get_column_letter(i + 1)
            dv.add(f"{letter}2:{letter}{ROWS}")


def _validation(f: Field, items: str, codes: str) -> DataValidation | None:
    if f.choices:
        dv = DataValidation(type="list", formula1='"' + ",".join(f.choices) + '"', allow_blank=True)
        dv.error = "请从下拉列表中选择：" + "、".join(f.choices)
    elif f.kind == "item":
        dv = DataValidation(type="list", formula1=items, allow_blank=True)
        dv.error = "请选择部门经济科目的款名称（见代码表）"
    elif f.kind == "functional":
        dv = DataValidation(type="list", formula1=codes, allow_blank=True)
        dv.error = "请填写功能分类的 7 位项代码（见代码表）"
    elif f.kind in _MESSAGES:
        dv = DataValidation(
            type="decimal" if f.kind == "wan" else "whole",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
        )
        dv.error = _MESSAGES[f.kind]
    else:
        return None
    dv.errorTitle = f.label
    dv.showErrorMessage = True
    return dv


def _flat(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            out |= _flat(value, f"{prefix}{key}.")
        else:
            out[prefix + key] = value
    return out


def _cell_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "是" if value else "否"
    if value == "" or isinstance(value, list):
        return None
    return value
