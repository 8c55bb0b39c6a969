"""The data workbook's layout, and reading it: one sheet per part of ``BudgetData`` (generate/data.py).

``read_sheets(path)`` gives the dict ``BudgetData`` validates, each field's cell (``sheet!A1``) and the template named
on the 说明 sheet; ``generate.workbook`` writes the layout. The sheets map
one-to-one onto the model: key/value sheets (部门, 上年数, 整体绩效目标, 说明文字) hold one field a row (label in
column A, value in B); list sheets hold one record a row under a header row (单位, 基本支出 — one row per unit ×
部门经济科目 款, 项目, 结转项目, 绩效指标 keyed by project name, 整体绩效指标); 内设机构和职责 holds two lists.
Codes are text cells; 元 whole numbers, 万元 decimals; the kinds, the 款 names and the 项 codes are drop-down lists
(the last two from the classification data, listed on the 代码表 sheet). A bad cell is one line naming the sheet
and the cell (ConfigError).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from budgetlens.errors import ConfigError
from budgetlens.model import classification

__all__ = ["INSTRUCTIONS", "SHEETS", "Loc", "read_sheets"]

Kind = Literal["text", "code", "yuan", "wan", "count", "yesno", "item", "functional"]
README_SHEET, CODES_SHEET = "说明", "代码表"
TEMPLATE_LABEL = "模板"
ROWS = 1000  # the rows of a list sheet that get the validations and the text format
Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Field:
    """A column of a list sheet, or a row of a key/value sheet: its label, its path in the model, its kind."""

    label: str
    key: str  # dotted path inside the record, e.g. funds.central
    kind: Kind = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    width: int = 14


def _funds(prefix: str, label: str) -> list[Field]:
    return [
        Field(f"{label}中央（元）", f"{prefix}.central", "yuan", width=12),
        Field(f"{label}省级（元）", f"{prefix}.provincial", "yuan", width=12),
        Field(f"{label}本级（元）", f"{prefix}.local", "yuan", width=12),
    ]


PROJECT_FIELDS = [
    Field("单位名称", "unit", required=True, width=22),
    Field("项目名称", "name", required=True, width=28),
    Field("功能分类项", "code", "functional", required=True, width=11),
    Field("项目类别", "category", required=True, choices=("其他运转类", "特定目标类"), width=12),
    Field("经常性项目", "recurring", "yesno", choices=("是", "否"), width=10),
    *_funds("funds", "年度"),
    *_funds("period", "实施期"),
    Field("项目概述", "summary", width=30),
    Field("立项依据", "basis", width=30),
    Field("年度目标", "goal", width=30),
    Field("采购品目", "purchase.kind", choices=("货物", "工程", "服务"), width=10),
    Field("采购金额（万元）", "purchase.amount", "wan", width=12),
    Field("填报日期", "filed", "code", width=16),
]

# sheet name -> ("list" | "keys", fields)
SHEETS: dict[str, tuple[str, list[Field]]] = {
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
    "项目": ("list", PROJECT_FIELDS),
    "结转项目": ("list", PROJECT_FIELDS),
    "绩效指标": (
        "list",
        [
            Field("项目名称", "project", required=True, width=28),
            Field("二级指标", "second", required=True, width=18),
            Field("三级指标", "third", required=True, width=24),
            Field("年度指标值", "year", required=True, width=18),
            Field("实施期指标值", "period", width=18),
        ],
    ),
    "上年数": (
        "keys",
        [
            Field("收入总计（万元）", "total", "wan", required=True),
            Field("一般公共预算当年支出（万元）", "general", "wan", required=True),
            Field("机关运行经费（万元）", "running", "wan", required=True),
            Field("因公出国（境）费（万元）", "three_public.abroad", "wan"),
            Field("公务接待费（万元）", "three_public.hosting", "wan"),
            Field("公务用车购置费（万元）", "three_public.car_purchase", "wan"),
            Field("公务用车运行维护费（万元）", "three_public.car_running", "wan"),
        ],
    ),
    "整体绩效目标": (
        "keys",
        [
            Field("部门职能概述", "duties", required=True),
            Field("中长期战略规划", "strategy", required=True),
            Field("核心业务", "core", required=True),
            Field("年度主要任务", "tasks", required=True),
            Field("年度总体目标", "target", required=True),
            Field("核定的人员编制数", "establishment", "count", required=True),
            Field("实际在职人员总数", "in_post", "count", required=True),
            Field("其中：在编人员数", "on_staff", "count", required=True),
            Field("其他人员数", "others", "count", required=True),
        ],
    ),
    "整体绩效指标": (
        "list",
        [
            Field("二级指标", "second", required=True, width=18),
            Field("三级指标", "third", required=True, width=28),
            Field("指标值", "value", required=True, width=20),
        ],
    ),
    "说明文字": (
        "keys",
        [
            Field("收入总计变动原因", "change_reason"),
            Field("公务接待费减少原因", "hosting_reason"),
            Field("机关运行经费减少原因", "running_reason"),
            Field("公务用车情况", "vehicles"),
            Field("房屋情况", "buildings"),
            Field("其他资产情况", "other_assets"),
            Field("政府购买服务事项", "services"),
            Field("其他说明", "other"),
        ],
    ),
}

INSTRUCTIONS = [
    "本工作簿是 budgetlens generate 的部门预算数据：填好后运行 budgetlens generate 本文件 --format pdf，"
    "生成的公开文件可用 budgetlens check 复核。",
    "上面“模板”一格是生成时默认使用的模板（--template 可另选）。",
    "部门：每行一项，B 列填值；主管部门代码按文本填写（保留前导 0）。",
    "内设机构和职责：A 列每行一个内设机构，B 列每行一条部门职责（不写序号）。",
    "单位：每个单位一行；单位类型选“行政”或“事业”；主要功能分类项为承担该单位运转经费的 7 位项代码。",
    "基本支出：每个单位 × 部门经济科目款一行，金额以万元为单位、至多两位小数；款名从下拉列表选择。",
    "项目、结转项目：每个项目一行；资金以元为单位，按中央、省级、本级填写整数（百元的整数倍）；"
    "实施期资金不填则与年度资金相同；有政府采购的填采购品目和金额（万元）。项目名称在两张表中不能重复。",
    "绩效指标：每个指标一行，按项目名称对应到项目或结转项目；实施期指标值不填则与年度指标值相同。",
    "上年数：上年度的收入总计、一般公共预算当年支出、机关运行经费和“三公”经费（万元）。",
    "整体绩效目标、整体绩效指标：部门整体支出绩效目标申报表的内容和人数。",
    "说明文字：只有部门能说明的内容，如变动原因、资产情况；不填的按模板的表述。",
    "代码表：部门经济科目款和功能分类项的代码与名称（供查阅，下拉列表取自此表）。",
    "合计、占比和增减率都由程序计算，不需要填写。",
]

# ---------------------------------------------------------------- reading


class _CellError(Exception):
    def __init__(self, where: str, zh: str, en: str) -> None:
        super().__init__(zh)
        self.where, self.zh, self.en = where, zh, en


def read_sheets(path: Path) -> tuple[dict[str, Any], dict[Loc, str], str | None]:
    """The dict BudgetData validates, each field's cell by its location in it, and the template on the 说明 sheet;
    ConfigError (one line naming the sheet and cell) when a cell cannot be read as its field."""
    try:
        book = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a file that is not a workbook
        raise ConfigError(f"无法读取数据工作簿 {path}：{exc}", f"cannot read data workbook {path}: {exc}") from None
    try:
        raw, cells = _read(book)
    except _CellError as exc:
        where = exc.where
        raise ConfigError(f"数据工作簿 {path}：{where}：{exc.zh}", f"data workbook {path}: {where}: {exc.en}") from None
    return raw, cells, _template(book)


def _template(book: Any) -> str | None:
    if README_SHEET not in book.sheetnames:
        return None
    for row in book[README_SHEET].iter_rows(max_col=2):
        if row[0].value == TEMPLATE_LABEL and row[1].value:
            return str(row[1].value).strip()
    return None


def _read(book: Any) -> tuple[dict[str, Any], dict[Loc, str]]:
    """The dict BudgetData validates, and each field's cell (``sheet!A1``) by its location in that dict."""
    cells: dict[Loc, str] = {}
    sheets: dict[str, list[tuple[dict[str, Any], dict[str, str]]]] = {}
    for name, (layout, fields) in SHEETS.items():
        if name not in book.sheetnames:
            raise _CellError(name, "缺少这张工作表", "the sheet is missing")
        read = _read_keys if layout == "keys" else _read_list
        sheets[name] = read(book[name], name, fields)

    def record(sheet: str, at: Loc, index: int = 0) -> dict[str, Any]:
        values, refs = sheets[sheet][index]
        for key, ref in refs.items():
            cells[(*at, *key.split("."))] = ref
        cells.setdefault(at, next(iter(refs.values()), sheet))
        return _nest(values)

    dept = record("部门", ("department",)) if sheets["部门"] else {}
    dept["offices"] = [v["offices"] for v, _ in sheets["内设机构和职责"] if v.get("offices")]
    dept["duties"] = [v["duties"] for v, _ in sheets["内设机构和职责"] if v.get("duties")]
    year = dept.get("year") if isinstance(dept.get("year"), int) else None
    units = [record("单位", ("units", i), i) for i in range(len(sheets["单位"]))]
    by_unit = {u.get("name"): u for u in units}
    for u in units:
        u["basic"] = {}
    for values, refs in sheets["基本支出"]:
        unit = by_unit.get(values["unit"])
        if unit is None:
            raise _CellError(refs["unit"], f"单位不在“单位”表中：{values['unit']}", f"not a unit: {values['unit']}")
        entry = classification.economic_dept_by_name(values["item"])
        if entry is None or entry.level != 2:
            raise _CellError(refs["item"], f"不是部门经济分类的款：{values['item']}", f"not an item: {values['item']}")
        amount = values["amount"]
        if amount < 0 or int(amount.as_tuple().exponent) < -2:
            raise _CellError(
                refs["amount"],
                f"须为非负、至多两位小数的万元数：{amount}",
                f"must be 万元, ≥ 0, two decimals: {amount}",
            )
        if values["item"] in unit["basic"]:
            raise _CellError(refs["item"], f"同一单位的款重复：{values['item']}", f"item twice: {values['item']}")
        index = units.index(unit)
        cells[("units", index, "basic", values["item"])] = refs["amount"]
        unit["basic"][values["item"]] = values["amount"]
    for u, (_, refs) in zip(units, sheets["单位"], strict=True):
        _known_code(u.get("main_code"), year, refs.get("main_code"))
    projects: dict[str, dict[str, Any]] = {}
    lists: dict[str, list[dict[str, Any]]] = {"projects": [], "carry_over": []}
    for sheet, key in (("项目", "projects"), ("结转项目", "carry_over")):
        for i, (values, refs) in enumerate(sheets[sheet]):
            p = record(sheet, (key, i), i)
            if values["name"] in projects:
                raise _CellError(
                    refs["name"], f"项目名称重复：{values['name']}", f"project name twice: {values['name']}"
                )
            if values["unit"] not in by_unit:
                raise _CellError(refs["unit"], f"单位不在“单位”表中：{values['unit']}", f"not a unit: {values['unit']}")
            _known_code(values.get("code"), year, refs["code"])
            _whole_funds(p)
            p["indicators"] = []
            lists[key].append(p)
            projects[values["name"]] = p
    for values, refs in sheets["绩效指标"]:
        target = projects.get(values["project"])
        if target is None:
            raise _CellError(
                refs["project"], f"没有这个项目：{values['project']}", f"no such project: {values['project']}"
            )
        where = next((k, i) for k in lists for i, p in enumerate(lists[k]) if p is target)
        n = len(target["indicators"])
        for key, ref in refs.items():
            cells[(*where, "indicators", n, key)] = ref
        target["indicators"].append({k: v for k, v in values.items() if k != "project"})
    overall = record("整体绩效目标", ("overall",)) if sheets["整体绩效目标"] else {}
    overall["indicators"] = [
        record("整体绩效指标", ("overall", "indicators", i), i) for i in range(len(sheets["整体绩效指标"]))
    ]
    raw: dict[str, Any] = {
        "department": dept,
        "units": units,
        **lists,
        "prior": record("上年数", ("prior",)) if sheets["上年数"] else {},
        "overall": overall,
        "narrative": record("说明文字", ("narrative",)) if sheets["说明文字"] else {},
    }
    return raw, cells


def _known_code(code: object, year: int | None, ref: str | None) -> None:
    if isinstance(code, str) and year is not None and ref and classification.functional(code, year) is None:
        raise _CellError(ref, f"不是{year}年功能分类的项：{code}", f"not a {year} functional 项: {code}")


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


def _whole_funds(project: dict[str, Any]) -> None:
    """A project's year funds with empty sources as 0; its period funds likewise when any of them is filled."""
    sources = ("central", "provincial", "local")
    project["funds"] = {k: project.get("funds", {}).get(k, 0) for k in sources}
    if "period" in project:
        project["period"] = {k: project["period"].get(k, 0) for k in sources}


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
            raise _CellError(where, f"不认识的项目：{label}", f"unknown row label: {label}")
        refs[f.key] = f"{name}!{row[1].coordinate}"
        value = _convert(row[1].value, f, refs[f.key])
        if value is not None:
            values[f.key] = value
    for f in fields:
        if f.required and f.key not in values:
            raise _CellError(refs.get(f.key, name), f"“{f.label}”不能为空", f"{f.key} must be filled in")
    return [(values, refs)] if values else []


def _read_list(sheet: Worksheet, name: str, fields: list[Field]) -> list[tuple[dict[str, Any], dict[str, str]]]:
    header = [str(c.value or "").strip() for c in next(sheet.iter_rows(max_row=1), ())]
    for i, f in enumerate(fields):
        if i >= len(header) or header[i] != f.label:
            col = get_column_letter(i + 1)
            raise _CellError(f"{name}!{col}1", f"表头应为“{f.label}”", f"the header must be {f.label}")
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
                raise _CellError(refs[f.key], f"“{f.label}”不能为空", f"{f.key} must be filled in")
        _purchase_pair(values, refs)
        records.append((values, refs))
    return records


def _purchase_pair(values: dict[str, Any], refs: dict[str, str]) -> None:
    kind, amount = values.get("purchase.kind"), values.get("purchase.amount")
    if (kind is None) != (amount is None):
        missing = "purchase.amount" if amount is None else "purchase.kind"
        raise _CellError(refs[missing], "采购品目和采购金额须同时填写", "purchase kind and amount go together")


def _convert(value: Any, f: Field, where: str) -> Any:
    """A cell's value as the model takes it (None when empty); _CellError when it cannot be one."""
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
        raise _CellError(where, f"须填“是”或“否”：{value}", f"must be 是 or 否: {value}")
    if f.kind == "wan":
        try:
            amount = Decimal(repr(value) if isinstance(value, float) else str(value).replace(",", ""))
        except InvalidOperation:
            raise _CellError(where, f"须为数字（万元）：{value}", f"must be a number (万元): {value}") from None
        if not amount.is_finite():
            raise _CellError(where, f"须为数字（万元）：{value}", f"must be a number (万元): {value}")
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
        raise _CellError(where, f"须为整数{unit}：{value}", f"must be a whole number: {value}")
    return number


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)
