"""The final account's data workbook (FinalData, generate/final_data.py): its sheets, instructions and the way to
and from them.

The department's sheets (部门, 内设机构和职责, 单位, 基本支出: generate/sheets.py); list sheets 项目支出 (per project:
项, 资金来源, 万元), 收入 (per 项 and source), 年初结转和结余 (per fund, and 项 for 政府性基金 and 国有资本经营),
年初预算支出 (一般公共预算财政拨款 per 项); key/value sheets 三公经费决算, 年初预算 (“三公” and 机关运行经费),
政府采购, 国有资产, 上年数, 说明文字. Every amount is 万元; 年末结转和结余 is computed, never filled in.
"""

from __future__ import annotations

from typing import Any

from budgetlens.generate.sheets import DEPARTMENT_SHEETS, CellError, Field, Layout, Reading, Sheets, department_records
from budgetlens.generate.sources import FUNDS, SOURCES

__all__ = ["FINAL", "SHEETS"]


def _three_public(prefix: str) -> list[Field]:
    return [
        Field("因公出国（境）费（万元）", f"{prefix}abroad", "wan"),
        Field("公务接待费（万元）", f"{prefix}hosting", "wan"),
        Field("公务用车购置费（万元）", f"{prefix}car_purchase", "wan"),
        Field("公务用车运行维护费（万元）", f"{prefix}car_running", "wan"),
    ]


SHEETS: Sheets = {
    **DEPARTMENT_SHEETS,
    "项目支出": (
        "list",
        [
            Field("单位名称", "unit", required=True, width=24),
            Field("项目名称", "name", required=True, width=28),
            Field("功能分类项", "code", "functional", required=True, width=11),
            Field("资金来源", "source", choices=SOURCES, width=14),
            Field("金额（万元）", "amount", "wan", required=True, width=14),
        ],
    ),
    "收入": (
        "list",
        [
            Field("功能分类项", "code", "functional", required=True, width=11),
            Field("收入来源", "source", required=True, choices=SOURCES, width=14),
            Field("金额（万元）", "amount", "wan", required=True, width=14),
        ],
    ),
    "年初结转和结余": (
        "list",
        [
            Field("资金", "fund", required=True, choices=FUNDS, width=14),
            Field("功能分类项", "code", "functional", width=11),
            Field("金额（万元）", "amount", "wan", required=True, width=14),
        ],
    ),
    "三公经费决算": ("keys", _three_public("")),
    "年初预算": ("keys", [*_three_public("three_public."), Field("机关运行经费（万元）", "running", "wan")]),
    "年初预算支出": (
        "list",
        [
            Field("功能分类项", "code", "functional", required=True, width=11),
            Field("年初预算（万元）", "amount", "wan", width=16),
            Field("决算数与年初预算数差异原因", "reason", width=40),
        ],
    ),
    "政府采购": (
        "keys",
        [
            Field("政府采购货物支出（万元）", "goods", "wan"),
            Field("政府采购工程支出（万元）", "works", "wan"),
            Field("政府采购服务支出（万元）", "services", "wan"),
        ],
    ),
    "国有资产": (
        "keys",
        [
            Field("车辆（辆）", "vehicles", "count"),
            Field("单位价值50万元以上通用设备（台、套）", "general_equipment", "count"),
            Field("单位价值100万元以上专用设备（台、套）", "special_equipment", "count"),
        ],
    ),
    "上年数": (
        "keys",
        [
            Field("收入支出总计（万元）", "total", "wan", required=True),
            Field("财政拨款收入支出总计（万元）", "fiscal", "wan", required=True),
            Field("一般公共预算财政拨款支出（万元）", "general", "wan", required=True),
            *_three_public("three_public."),
        ],
    ),
    "说明文字": (
        "keys",
        [
            Field("收入支出总计变动原因", "total_reason"),
            Field("财政拨款收入支出总计变动原因", "fiscal_reason"),
            Field("一般公共预算财政拨款支出变动原因", "general_reason"),
            Field("决算数与年初预算数差异原因", "budget_reason"),
            Field("“三公”经费变动原因", "three_public_reason"),
            Field("绩效管理工作情况", "performance"),
            Field("国有资产占用情况补充说明", "assets"),
            Field("其他说明", "other"),
        ],
    ),
}

INSTRUCTIONS = [
    "本工作簿是 budgetlens generate 的部门决算数据：填好后运行 budgetlens generate 本文件 --format pdf，"
    "生成的公开文件可用 budgetlens check 复核。",
    "上面“模板”一格是生成时默认使用的模板（--template 可另选）。所有金额以万元为单位、至多两位小数。",
    "部门：每行一项，B 列填值；主管部门代码按文本填写（保留前导 0）；预算年度填决算所属年度。",
    "内设机构和职责：A 列每行一个内设机构，B 列每行一条部门职责（不写序号）。",
    "单位：每个单位一行；单位类型选“行政”或“事业”；主要功能分类项为承担该单位运转经费的 7 位项代码，"
    "基本支出记在该项下。",
    "基本支出：每个单位 × 部门经济科目款一行，均为一般公共预算财政拨款；款名从下拉列表选择。",
    "项目支出：每个项目一行，填功能分类项、资金来源（不填为一般公共预算）和支出金额。",
    "收入：本年收入按功能分类项 × 收入来源每行一条。",
    "年初结转和结余：按资金每行一条；政府性基金和国有资本经营须填功能分类项。年末结转和结余由程序计算。",
    "三公经费决算：“三公”经费的决算数，不小于基本支出中相应的款。",
    "年初预算、年初预算支出：情况说明与决算数比较的年初预算（“三公”经费、机关运行经费，"
    "一般公共预算财政拨款支出按项每行一条，可同时填该项决算数与年初预算数差异的原因；年初未安排预算的项可只填原因）。",
    "政府采购、国有资产：政府采购支出和年末车辆、大型设备数量。",
    "上年数：上年度决算的收入支出总计、财政拨款收入支出总计、一般公共预算财政拨款支出和“三公”经费。",
    "说明文字：只有部门能说明的内容，如变动原因、绩效管理工作；不填的按模板的表述。",
    "代码表：部门经济科目款和功能分类项的代码与名称（供查阅，下拉列表取自此表）。",
    "合计、结转结余、占比和增减率都由程序计算，不需要填写。",
]


def _assemble(reading: Reading) -> dict[str, Any]:
    """The dict FinalData validates."""
    dept, units = reading.department()
    for values, refs in reading.rows["项目支出"]:
        reading.unit_of(values, refs)
    general: dict[str, Any] = {}
    reasons: dict[str, Any] = {}
    seen: set[str] = set()
    for values, refs in reading.rows["年初预算支出"]:
        code = values["code"]
        if code in seen:
            raise CellError(refs["code"], f"项重复：{code}", f"项 twice: {code}")
        seen.add(code)
        if values.get("amount") is not None:
            general[code] = values["amount"]
            reading.cells[("budgeted", "general", code)] = refs["amount"]
        if values.get("reason"):
            reasons[code] = values["reason"]
            reading.cells[("narrative", "item_reasons", code)] = refs["reason"]
    budgeted = reading.single("年初预算", ("budgeted",)) or {}
    if general:
        budgeted["general"] = general
    raw: dict[str, Any] = {
        "kind": "final",
        "department": dept,
        "units": units,
        "projects": reading.records("项目支出", ("projects",)),
        "income": reading.records("收入", ("income",)),
        "carry_in": reading.records("年初结转和结余", ("carry_in",)),
        "budgeted": budgeted,
        "prior": reading.single("上年数", ("prior",)) or {},
    }
    for sheet, key in (("三公经费决算", "three_public"), ("政府采购", "procurement"), ("国有资产", "assets"),
                       ("说明文字", "narrative")):  # fmt: skip
        record = reading.single(sheet, (key,))
        if record is not None:
            raw[key] = record
    if reasons:
        raw.setdefault("narrative", {})["item_reasons"] = reasons
    return raw


def _records(data: Any) -> dict[str, list[dict[str, Any]]]:
    """Each sheet's records as dicts keyed by the fields' paths."""
    dump = data.model_dump()
    budgeted, reasons = dump["budgeted"], dump["narrative"]["item_reasons"]
    return {
        **department_records(dump),
        "项目支出": dump["projects"],
        "收入": dump["income"],
        "年初结转和结余": dump["carry_in"],
        "三公经费决算": [dump["three_public"]],
        "年初预算": [{"three_public": budgeted["three_public"], "running": budgeted["running"]}],
        "年初预算支出": [
            {"code": code, "amount": budgeted["general"].get(code), "reason": reasons.get(code, "")}
            for code in [*budgeted["general"], *(c for c in reasons if c not in budgeted["general"])]
        ],
        "政府采购": [dump["procurement"]],
        "国有资产": [dump["assets"]],
        "上年数": [dump["prior"]],
        "说明文字": [dump["narrative"]],
    }


FINAL = Layout("部门决算数据（budgetlens generate）", SHEETS, INSTRUCTIONS, _assemble, _records, years_ahead=-1)
