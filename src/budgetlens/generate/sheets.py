"""The data workbook's layouts, and reading one: a sheet per part of the data model, described per model.

A ``Layout`` names a model's sheets (key/value sheets hold one field a row, label in column A and value in B; list
sheets hold one record a row under a header row), the title and Chinese instructions of its 说明 sheet, how the
sheets read assemble into the dict the model validates and how the model's data lays out on them. The budget's
layout (BudgetData) is in generate/budget_sheets.py, the final account's (FinalData) in generate/final_sheets.py;
both share the department's sheets here (部门, 内设机构和职责, 单位, 基本支出); generate/layouts.py gives a model's.
``read_sheets(path, layout)`` gives the dict, each field's cell (``sheet!A1``) and the template named on the 说明
sheet; ``generate.workbook`` writes the layout. Codes are text cells; 元 whole numbers, 万元 decimals (≥ 0, two
decimals at most); the kinds, the 款 names and the 项 codes are drop-down lists (the last two from the
classification data, listed on the 代码表 sheet), a 项 code is one of the year's. A bad cell is one line naming
the sheet and the cell (ConfigError).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from budgetlens.errors import ConfigError
from budgetlens.model import classification

__all__ = [
    "DEPARTMENT_SHEETS",
    "CellError",
    "Field",
    "Layout",
    "Loc",
    "Reading",
    "Sheets",
    "department_records",
    "read_sheets",
    "workbook_template",
]

Kind = Literal["text", "code", "yuan", "wan", "count", "yesno", "item", "functional"]
README_SHEET, CODES_SHEET = "说明", "代码表"
TEMPLATE_LABEL = "模板"
ROWS = 1000  # the rows of a list sheet that get the validations and the text format
Loc = tuple[str | int, ...]
Row = tuple[dict[str, Any], dict[str, str]]  # a record's values by field path, and each one's cell


@dataclass(frozen=True)
class Field:
    """A column of a list sheet, or a row of a key/value sheet: its label, its path in the model, its kind."""

    label: str
    key: str  # dotted path inside the record, e.g. funds.central
    kind: Kind = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    width: int = 14


Sheets = dict[str, tuple[str, list[Field]]]  # sheet name -> ("list" | "keys", fields)


@dataclass(frozen=True)
class Layout:
    """A data model's workbook: its sheets, the 说明 sheet's title and instructions, and the way to and from it."""

    title: str  # the 说明 sheet's heading
    sheets: Sheets
    instructions: list[str]
    assemble: Callable[[Reading], dict[str, Any]]  # the sheets read -> the dict the model validates
    records: Callable[[Any], dict[str, list[dict[str, Any]]]]  # the model's data -> each sheet's records
    years_ahead: int  # the year an empty workbook's code lists are for: this year + years_ahead


DEPARTMENT_SHEETS: Sheets = {
    "部门": (
        "keys",
        [
            Field("部门名称", "name", required=True),
            Field("主管部门代码", "code", "code", required=True),
            Field("地区", "region", required=True),
            Field("预算年度", "year", "count", required=True),
        ],
    ),
    "内设机构和职责": ("list", [Field("内设机构", "offices", width=24), Field("部门职责", "duties", width=80)]),
    "单位": (
        "list",
        [
            Field("单位名称", "name", required=True, width=24),
            Field("单位类型", "kind", required=True, choices=("行政", "事业"), width=10),
            Field("机构设置", "status", required=True, width=24),
            Field("主要功能分类项", "main_code", "functional", required=True, width=14),
        ],
    ),
    "基本支出": (
        "list",
        [
            Field("单位名称", "unit", required=True, width=24),
            Field("部门经济科目款", "item", "item", required=True, width=30),
            Field("金额（万元）", "amount", "wan", required=True, width=14),
        ],
    ),
}


class CellError(Exception):
    """A cell that cannot be read as its field: where (``sheet!A1``), and why in Chinese and English."""

    def __init__(self, where: str, zh: str, en: str) -> None:
        super().__init__(zh)
        self.where, self.zh, self.en = where, zh, en


class Reading:
    """The sheets read (each sheet's rows), and each model field's cell as a layout assembles the model's dict."""

    def __init__(self, rows: dict[str, list[Row]]) -> None:
        self.rows = rows
        self.cells: dict[Loc, str] = {}

    def record(self, sheet: str, at: Loc, index: int = 0) -> dict[str, Any]:
        """Row ``index`` of ``sheet`` as the nested dict at ``at`` in the model's dict, its cells noted."""
        values, refs = self.rows[sheet][index]
        for key, ref in refs.items():
            self.cells[(*at, *key.split("."))] = ref
        self.cells.setdefault(at, next(iter(refs.values()), sheet))
        return _nest(values)

    def records(self, sheet: str, at: Loc) -> list[dict[str, Any]]:
        """Every row of a list sheet, at ``(*at, i)``."""
        return [self.record(sheet, (*at, i), i) for i in range(len(self.rows[sheet]))]

    def single(self, sheet: str, at: Loc) -> dict[str, Any] | None:
        """A key/value sheet's record, or None when it is empty."""
        return self.record(sheet, at) if self.rows[sheet] else None

    def department(self) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The department (部门 with 内设机构和职责) and its units with their basic expenditure (基本支出)."""
        dept = self.single("部门", ("department",)) or {}
        offices = self.rows["内设机构和职责"]
        dept["offices"] = [v["offices"] for v, _ in offices if v.get("offices")]
        dept["duties"] = [v["duties"] for v, _ in offices if v.get("duties")]
        units = self.records("单位", ("units",))
        by_unit = {u.get("name"): u for u in units}
        for u in units:
            u["basic"] = {}
        for values, refs in self.rows["基本支出"]:
            unit = by_unit.get(values["unit"])
            if unit is None:
                raise CellError(refs["unit"], f"单位不在“单位”表中：{values['unit']}", f"not a unit: {values['unit']}")
            entry = classification.economic_dept_by_name(values["item"])
            if entry is None or entry.level != 2:
                item = values["item"]
                raise CellError(refs["item"], f"不是部门经济分类的款：{item}", f"not an item: {item}")
            if values["item"] in unit["basic"]:
                raise CellError(refs["item"], f"同一单位的款重复：{values['item']}", f"item twice: {values['item']}")
            self.cells[("units", units.index(unit), "basic", values["item"])] = refs["amount"]
            unit["basic"][values["item"]] = values["amount"]
        return dept, units

    def unit_of(self, values: dict[str, Any], refs: dict[str, str]) -> None:
        """CellError when a record's 单位名称 is not on the 单位 sheet."""
        names = {v.get("name") for v, _ in self.rows["单位"]}
        if values["unit"] not in names:
            raise CellError(refs["unit"], f"单位不在“单位”表中：{values['unit']}", f"not a unit: {values['unit']}")


def department_records(dump: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The department's sheets' records from a model's ``model_dump()``."""
    dept = dump["department"]
    lists = [dept["offices"], dept["duties"]]
    offices = [
        {"offices": lists[0][i] if i < len(lists[0]) else None, "duties": lists[1][i] if i < len(lists[1]) else None}
        for i in range(max(len(x) for x in lists))
    ]
    basic = [{"unit": u["name"], "item": k, "amount": v} for u in dump["units"] for k, v in u["basic"].items()]
    return {"部门": [dept], "内设机构和职责": offices, "单位": dump["units"], "基本支出": basic}


def read_sheets(path: Path, layout: Layout) -> tuple[dict[str, Any], dict[Loc, str], str | None]:
    """The dict the layout's model validates, each field's cell by its location in it, and the template on the 说明
    sheet; ConfigError (one line naming the sheet and cell) when a cell cannot be read as its field."""
    try:
        book = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a file that is not a workbook
        raise ConfigError(f"无法读取数据工作簿 {path}：{exc}", f"cannot read data workbook {path}: {exc}") from None
    try:
        reading = Reading(_read_rows(book, layout.sheets))
        raw = layout.assemble(reading)
    except CellError as exc:
        where = exc.where
        raise ConfigError(f"数据工作簿 {path}：{where}：{exc.zh}", f"data workbook {path}: {where}: {exc.en}") from None
    return raw, reading.cells, _template(book)


def workbook_template(path: Path) -> str | None:
    """The template named on a data workbook's 说明 sheet (None when it names none)."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a file that is not a workbook
        raise ConfigError(f"无法读取数据工作簿 {path}：{exc}", f"cannot read data workbook {path}: {exc}") from None
    try:
        return _template(book)
    finally:
        book.close()


def _template(book: Any) -> str | None:
    if README_SHEET not in book.sheetnames:
        return None
    for row in book[README_SHEET].iter_rows(max_col=2):
        if len(row) == 2 and row[0].value == TEMPLATE_LABEL and row[1].value:
            return str(row[1].value).strip()
    return None


def _read_rows(book: Any, sheets: Sheets) -> dict[str, list[Row]]:
    """Each sheet's rows; a 项 code that is not one of the year's (部门!预算年度) is a CellError."""
    rows: dict[str, list[Row]] = {}
    for name, (layout, fields) in sheets.items():
        if name not in book.sheetnames:
            raise CellError(name, "缺少这张工作表", "the sheet is missing")
        read = _read_keys if layout == "keys" else _read_list
        rows[name] = read(book[name], name, fields)
    year = rows["部门"][0][0].get("year") if rows.get("部门") else None
    if isinstance(year, int):
        for name, (_, fields) in sheets.items():
            codes = [f.key for f in fields if f.kind == "functional"]
            for values, refs in rows[name]:
                for key in codes:
                    _known_code(values.get(key), year, refs.get(key))
    return rows


def _known_code(code: object, year: int | None, ref: str | None) -> None:
    if isinstance(code, str) and year is not None and ref and classification.functional(code, year) is None:
        raise CellError(ref, f"不是{year}年功能分类的项：{code}", f"not a {year} functional 项: {code}")


def _nest(flat: dict[str, Any]) -> dict[str, Any]:
    """``{"funds.central": 1}`` as ``{"funds": {"central": 1}}``."""
    out: dict[str, Any] = {}
    for key, value in flat.items():
        head, _, tail = key.partition(".")
        if tail:
            out.setdefault(head, {})[tail] = value
        else:
            out[key] = value
    return out


def _read_keys(sheet: Worksheet, name: str, fields: list[Field]) -> list[tuple[dict[str, Any], dict[str, str]]]:
    by_label = {f.label: f for f in fields}
    values: dict[str, Any] = {}
    refs: dict[str, str] = {}
    for row in sheet.iter_rows(min_row=2, max_col=2):
        label = str(row[0].value or "").strip().removesuffix("（必填）")
        if not label:
            continue
        f = by_label.get(label)
        where = f"{name}!{row[0].coordinate}"
        if f is None:
            raise CellError(where, f"不认识的项目：{label}", f"unknown row label: {label}")
        refs[f.key] = f"{name}!{row[1].coordinate}"
        value = _convert(row[1].value, f, refs[f.key])
        if value is not None:
            values[f.key] = value
    for f in fields:
        if f.required and f.key not in values:
            raise CellError(refs.get(f.key, name), f"“{f.label}”不能为空", f"{f.key} must be filled in")
    return [(values, refs)] if values else []


def _read_list(sheet: Worksheet, name: str, fields: list[Field]) -> list[tuple[dict[str, Any], dict[str, str]]]:
    header = [str(c.value or "").strip() for c in next(sheet.iter_rows(max_row=1), ())]
    for i, f in enumerate(fields):
        if i >= len(header) or header[i] != f.label:
            col = get_column_letter(i + 1)
            raise CellError(f"{name}!{col}1", f"表头应为“{f.label}”", f"the header must be {f.label}")
    records = []
    for row in sheet.iter_rows(min_row=2, max_col=len(fields)):
        if all(c.value is None or str(c.value).strip() == "" for c in row):
            continue
        values: dict[str, Any] = {}
        refs: dict[str, str] = {}
        for f, cell in zip(fields, row, strict=False):
            refs[f.key] = f"{name}!{cell.coordinate}"
            value = _convert(cell.value, f, refs[f.key])
            if value is not None:
                values[f.key] = value
            elif f.required and name != "内设机构和职责":
                raise CellError(refs[f.key], f"“{f.label}”不能为空", f"{f.key} must be filled in")
        _purchase_pair(values, refs)
        records.append((values, refs))
    return records


def _purchase_pair(values: dict[str, Any], refs: dict[str, str]) -> None:
    kind, amount = values.get("purchase.kind"), values.get("purchase.amount")
    if (kind is None) != (amount is None):
        missing = "purchase.amount" if amount is None else "purchase.kind"
        raise CellError(refs[missing], "采购品目和采购金额须同时填写", "purchase kind and amount go together")


def _convert(value: Any, f: Field, where: str) -> Any:
    """A cell's value as the model takes it (None when empty); CellError when it cannot be one."""
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return None
    if value is None:
        return None
    if f.kind in ("text", "item"):
        return _text(value)
    if f.kind in ("code", "functional"):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value)
    if f.kind == "yesno":
        if value in ("是", True):
            return True
        if value in ("否", False):
            return False
        raise CellError(where, f"须填“是”或“否”：{value}", f"must be 是 or 否: {value}")
    if f.kind == "wan":
        try:
            amount = Decimal(repr(value) if isinstance(value, float) else str(value).replace(",", ""))
        except InvalidOperation:
            raise CellError(where, f"须为数字（万元）：{value}", f"must be a number (万元): {value}") from None
        if not amount.is_finite():
            raise CellError(where, f"须为数字（万元）：{value}", f"must be a number (万元): {value}")
        if amount < 0 or int(amount.as_tuple().exponent) < -2:
            raise CellError(
                where, f"须为非负、至多两位小数的万元数：{value}", f"must be 万元, ≥ 0, two decimals: {value}"
            )
        return amount
    number = value
    if isinstance(value, str):
        try:
            number = int(value.replace(",", ""))
        except ValueError:
            number = None
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    if not isinstance(number, int) or isinstance(number, bool):
        unit = "（元）" if f.kind == "yuan" else ""
        raise CellError(where, f"须为整数{unit}：{value}", f"must be a whole number: {value}")
    return number


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)
