"""The budget's data workbook (BudgetData, generate/data.py): its sheets, instructions and the way to and from them.

Key/value sheets 部门, 上年数, 整体绩效目标, 说明文字; list sheets 内设机构和职责, 单位, 基本支出 (one row per unit ×
部门经济科目 款), 项目, 结转项目, 绩效指标 (keyed by project name), 整体绩效指标. The machinery is generate/sheets.py.
"""

from __future__ import annotations

from typing import Any

from budgetlens.generate.sheets import DEPARTMENT_SHEETS, CellError, Field, Layout, Reading, Sheets, department_records

__all__ = ["BUDGET", "SHEETS"]


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

SHEETS: Sheets = {
    **DEPARTMENT_SHEETS,
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


def _assemble(reading: Reading) -> dict[str, Any]:
    """The dict BudgetData validates."""
    dept, units = reading.department()
    sheets = reading.rows
    projects: dict[str, dict[str, Any]] = {}
    lists: dict[str, list[dict[str, Any]]] = {"projects": [], "carry_over": []}
    for sheet, key in (("项目", "projects"), ("结转项目", "carry_over")):
        for i, (values, refs) in enumerate(sheets[sheet]):
            p = reading.record(sheet, (key, i), i)
            if values["name"] in projects:
                raise CellError(
                    refs["name"], f"项目名称重复：{values['name']}", f"project name twice: {values['name']}"
                )
            reading.unit_of(values, refs)
            _whole_funds(p)
            p["indicators"] = []
            lists[key].append(p)
            projects[values["name"]] = p
    for values, refs in sheets["绩效指标"]:
        target = projects.get(values["project"])
        if target is None:
            raise CellError(
                refs["project"], f"没有这个项目：{values['project']}", f"no such project: {values['project']}"
            )
        where = next((k, i) for k in lists for i, p in enumerate(lists[k]) if p is target)
        n = len(target["indicators"])
        for key, ref in refs.items():
            reading.cells[(*where, "indicators", n, key)] = ref
        target["indicators"].append({k: v for k, v in values.items() if k != "project"})
    overall = reading.single("整体绩效目标", ("overall",)) or {}
    overall["indicators"] = reading.records("整体绩效指标", ("overall", "indicators"))
    return {
        "department": dept,
        "units": units,
        **lists,
        "prior": reading.single("上年数", ("prior",)) or {},
        "overall": overall,
        "narrative": reading.single("说明文字", ("narrative",)) or {},
    }


def _whole_funds(project: dict[str, Any]) -> None:
    """A project's year funds with empty sources as 0; its period funds likewise when any of them is filled."""
    sources = ("central", "provincial", "local")
    project["funds"] = {k: project.get("funds", {}).get(k, 0) for k in sources}
    if "period" in project:
        project["period"] = {k: project["period"].get(k, 0) for k in sources}


def _records(data: Any) -> dict[str, list[dict[str, Any]]]:
    """Each sheet's records as dicts keyed by the fields' paths."""
    dump = data.model_dump()
    indicators = [
        {"project": p["name"], **ind} for p in (*dump["projects"], *dump["carry_over"]) for ind in p["indicators"]
    ]
    return {
        **department_records(dump),
        "项目": dump["projects"],
        "结转项目": dump["carry_over"],
        "绩效指标": indicators,
        "上年数": [dump["prior"]],
        "整体绩效目标": [dump["overall"]],
        "整体绩效指标": dump["overall"]["indicators"],
        "说明文字": [dump["narrative"]],
    }


BUDGET = Layout("部门预算数据（budgetlens generate）", SHEETS, INSTRUCTIONS, _assemble, _records, years_ahead=1)
