"""A department budget's figures, the input of ``budgetlens generate``: what the department decides, nothing computed.

Amounts are Decimal: basic expenditure in 万元 per 部门经济科目 款 (named as the classification names it), project
funds in 元. Classification names (功能分类 类/款/项, 经济分类) come from budgetlens' classification data, never from
the data file. ``load_data`` reads YAML, JSON or the data workbook (generate/workbook.py) and
reports the first bad field in one line (ConfigError).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from budgetlens.errors import ConfigError
from budgetlens.model import classification

__all__ = ["BudgetData", "Department", "Funds", "Indicator", "Project", "Unit", "load_data"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Department(_Strict):
    name: str = Field(min_length=1)
    code: str = Field(pattern=r"^\d{3,}$")  # 主管部门代码
    region: str = Field(min_length=1)  # the city or district, e.g. 示例市
    year: int = Field(ge=2000, le=2100)
    offices: list[str] = Field(min_length=1)  # 内设机构 (科室)
    duties: list[str] = Field(min_length=1)  # 本部门职责, one item each, without its （一） number


class Unit(_Strict):
    name: str = Field(min_length=1)
    kind: Literal["行政", "事业"]
    status: str  # how 机构设置 describes it, e.g. 本级，行政单位 | 公益一类事业单位
    main_code: str = Field(pattern=r"^\d{7}$")  # the 项 that carries the unit's running costs
    basic: dict[str, Decimal]  # 部门经济科目 款 name -> 万元

    @field_validator("basic")
    @classmethod
    def _known_items(cls, basic: dict[str, Decimal]) -> dict[str, Decimal]:
        for item, amount in basic.items():
            entry = classification.economic_dept_by_name(item)
            if entry is None or entry.level != 2:
                raise ValueError(f"不是部门经济分类的款：{item}")
            if amount < 0 or amount.as_tuple().exponent < -2:  # type: ignore[operator]
                raise ValueError(f"{item} 的金额须为非负、至多两位小数的万元数：{amount}")
        return basic


class Funds(_Strict):
    """A project's funds by source, in 元 (whole hundreds, so that 万元 with two decimals is exact)."""

    central: int = Field(ge=0, multiple_of=100)
    provincial: int = Field(ge=0, multiple_of=100)
    local: int = Field(ge=0, multiple_of=100)

    @property
    def total(self) -> int:
        return self.central + self.provincial + self.local

    def parts(self) -> tuple[int, int, int]:
        return self.central, self.provincial, self.local


class Indicator(_Strict):
    second: str  # 二级指标, e.g. 数量指标
    third: str  # 三级指标
    year: str  # 年度指标值
    period: str = ""  # 实施期指标值 ("" = same as the year's)


class Purchase(_Strict):
    kind: Literal["货物", "工程", "服务"]
    amount: Decimal = Field(ge=0)  # 万元


class Project(_Strict):
    unit: str
    name: str = Field(min_length=1)
    code: str = Field(pattern=r"^\d{7}$")  # 功能分类 项
    category: Literal["其他运转类", "特定目标类"]
    recurring: bool = False
    funds: Funds  # 年度资金
    period: Funds | None = None  # 实施期资金; None = the year's
    summary: str = ""
    basis: str = ""
    goal: str = ""
    indicators: list[Indicator] = Field(default_factory=list)
    purchase: Purchase | None = None
    filed: str = ""  # 填报日期 as printed under the project's target table

    @property
    def amount(self) -> Decimal:
        """万元, exact (funds are whole hundreds of 元)."""
        return Decimal(self.funds.total) / 10000


class ThreePublic(_Strict):
    abroad: Decimal = Decimal(0)
    hosting: Decimal = Decimal(0)
    car_purchase: Decimal = Decimal(0)
    car_running: Decimal = Decimal(0)


class Prior(_Strict):
    """The previous year's figures the narrative compares with (万元)."""

    total: Decimal = Field(gt=0)  # 收入总计
    general: Decimal = Field(gt=0)  # 一般公共预算当年支出
    running: Decimal = Field(ge=0)  # 机关运行经费
    three_public: ThreePublic = ThreePublic()


class OverallIndicator(_Strict):
    second: str
    third: str
    value: str


class Overall(_Strict):
    """The 整体支出绩效目标申报表's texts and headcounts."""

    duties: str
    strategy: str
    core: str
    tasks: str
    target: str
    indicators: list[OverallIndicator] = Field(default_factory=list)
    establishment: int = Field(ge=0)  # 核定的人员编制数
    in_post: int = Field(ge=0)  # 实际在职人员总数
    on_staff: int = Field(ge=0)  # 其中：在编人员数
    others: int = Field(ge=0)  # 其他人员数


class Narrative(_Strict):
    """What only the department can say: reasons for changes, assets, the services it buys."""

    change_reason: str = ""  # why 收入总计 changed from the prior year
    hosting_reason: str = ""  # printed when 公务接待费 fell
    running_reason: str = ""  # printed when 机关运行经费 fell
    vehicles: str = ""
    buildings: str = ""
    other_assets: str = ""
    services: str = ""  # the matters bought as 政府购买服务
    other: str = ""  # 其他说明 (the template's phrase when empty)


class BudgetData(_Strict):
    department: Department
    units: list[Unit] = Field(min_length=1)
    projects: list[Project] = Field(default_factory=list)
    carry_over: list[Project] = Field(default_factory=list)  # 上年结转 projects (all 一般公共预算)
    prior: Prior
    overall: Overall
    narrative: Narrative = Narrative()

    @model_validator(mode="after")
    def _consistent(self) -> BudgetData:
        names = [u.name for u in self.units]
        if len(set(names)) != len(names):
            raise ValueError("单位名称重复")
        year = self.department.year
        codes = [u.main_code for u in self.units] + [p.code for p in (*self.projects, *self.carry_over)]
        for code in codes:
            if classification.functional(code, year) is None:
                raise ValueError(f"不是{year}年功能分类的项：{code}")
        for p in (*self.projects, *self.carry_over):
            if p.unit not in names:
                raise ValueError(f"项目“{p.name}”的单位不在 units 中：{p.unit}")
        return self


Model = TypeVar("Model", bound=BaseModel)


def load_data(path: Path, model: type[Model] = BudgetData) -> Model:  # type: ignore[assignment]
    """A data file (YAML, JSON by its .json suffix, or the workbook layout of ``generate.workbook`` by .xlsx) as
    ``model`` (BudgetData, or the final account's FinalData: ``templates.data_model`` names the template's);
    ConfigError (one line) when it is not one."""
    if path.suffix.lower() == ".xlsx":
        return _load_workbook(path, model)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"无法读取数据文件 {path}：{exc}", f"cannot read data file {path}: {exc}") from None
    try:
        raw = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(f"数据文件 {path} 格式有误：{line}", f"data file {path} is malformed: {line}") from None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "（顶层）"
        msg = err["msg"].removeprefix("Value error, ")
        raise ConfigError(f"数据文件 {path}：{where}：{msg}", f"data file {path}: {where}: {msg}") from None


def _load_workbook(path: Path, model: type[Model]) -> Model:
    """The data workbook (generate/sheets.py: the model's layout) as ``model``; a bad field is named by its sheet
    and cell."""
    from budgetlens.generate.layouts import layout_for
    from budgetlens.generate.sheets import read_sheets

    raw, cells, _ = read_sheets(path, layout_for(model))
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        cell = next((cells[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in cells), None)
        where = cell or ".".join(str(p) for p in loc) or "（顶层）"
        msg = err["msg"].removeprefix("Value error, ")
        raise ConfigError(f"数据工作簿 {path}：{where}：{msg}", f"data workbook {path}: {where}: {msg}") from None
