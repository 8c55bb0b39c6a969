"""A department final account's figures (部门决算), the input of ``budgetlens generate`` with a final template.

What a department reports for the year, in Decimal 万元 with at most two decimals: per unit its basic expenditure by
部门经济分类 款 (all from 一般公共预算财政拨款, booked to the 功能分类 项 the template maps each 款 to), its projects'
expenditure by 功能分类 项 and fund source, its income by 项 and source, the balances carried in from last year; the
年初预算 the narrative compares (一般公共预算财政拨款 per 项, “三公” and 机关运行经费), the “三公” expenditure,
政府采购, last year's totals and the reasons the narrative gives. 年末结转和结余 is computed (carried in + income −
expenditure per fund), never stated. ``load_final`` reports the first bad field in one line (ConfigError).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from budgetlens.generate.data import Department, ThreePublic, Unit
from budgetlens.generate.sources import FISCAL, SOURCES, Fund, Source
from budgetlens.model import classification

__all__ = ["FISCAL", "SOURCES", "FinalData", "FinalProject", "Income", "fund_of"]


# basic-expenditure items that are “三公” spending: the “三公” 决算数 includes them (and any projects' share)
THREE_PUBLIC_ITEMS = {"因公出国（境）费用": "abroad", "公务接待费": "hosting", "公务用车运行维护费": "car_running",
                      "公务用车购置": "car_purchase"}  # fmt: skip


def fund_of(source: str) -> str:
    """The fund a source's money is balanced in: each 财政拨款 fund on its own, every other source together."""
    return source if source in FISCAL else "非财政拨款"


def _wan(value: Decimal) -> Decimal:
    if value < 0 or value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError(f"金额须为非负、至多两位小数的万元数：{value}")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FinalProject(_Strict):
    """A project's expenditure in the year (万元), booked to a 功能分类 项 and paid from one source."""

    unit: str
    name: str = Field(min_length=1)
    code: str = Field(pattern=r"^\d{7}$")
    source: Source = "一般公共预算"
    amount: Decimal

    _amount = field_validator("amount")(lambda v: _wan(v))


class Income(_Strict):
    """Income received in the year (万元) by 功能分类 项 and source."""

    code: str = Field(pattern=r"^\d{7}$")
    source: Source
    amount: Decimal

    _amount = field_validator("amount")(lambda v: _wan(v))


class CarryIn(_Strict):
    """年初结转和结余 (万元) of a fund; the 政府性基金 and 国有资本经营 tables print it per 项 (``code``)."""

    fund: Fund
    code: str = Field(default="", pattern=r"^(\d{7})?$")
    amount: Decimal

    _amount = field_validator("amount")(lambda v: _wan(v))


class Budgeted(_Strict):
    """年初预算 (万元) the narrative compares the outturn with."""

    general: dict[str, Decimal] = Field(default_factory=dict)  # 一般公共预算财政拨款 per 项 code
    three_public: ThreePublic = ThreePublic()
    running: Decimal = Decimal(0)  # 机关运行经费


class Procurement(_Strict):
    goods: Decimal = Decimal(0)
    works: Decimal = Decimal(0)
    services: Decimal = Decimal(0)


class Assets(_Strict):
    """国有资产占用情况 at the year's end: counts the narrative states."""

    vehicles: int = Field(default=0, ge=0)  # 车辆
    general_equipment: int = Field(default=0, ge=0)  # 单位价值50万元以上通用设备
    special_equipment: int = Field(default=0, ge=0)  # 单位价值100万元以上专用设备


class FinalPrior(_Strict):
    """Last year's final-account figures the narrative compares with (万元)."""

    total: Decimal = Field(gt=0)  # 收入支出总计
    fiscal: Decimal = Field(gt=0)  # 财政拨款收入支出总计
    general: Decimal = Field(gt=0)  # 一般公共预算财政拨款支出
    three_public: ThreePublic = ThreePublic()


class FinalNarrative(_Strict):
    """What only the department can say: the reasons of the changes, its performance work, assets, other notes."""

    total_reason: str = ""  # why 收入支出总计 changed from last year
    fiscal_reason: str = ""
    general_reason: str = ""
    budget_reason: str = ""  # why 一般公共预算财政拨款支出 differs from its 年初预算
    item_reasons: dict[str, str] = Field(default_factory=dict)  # 项 code -> why its 决算 differs from its 年初预算
    three_public_reason: str = ""
    performance: str = ""
    assets: str = ""  # printed after the template's sentence on the counts of ``assets``
    other: str = ""


class FinalData(_Strict):
    kind: Literal["final"] = "final"
    department: Department
    units: list[Unit] = Field(min_length=1)  # basic: 万元 per 部门经济分类 款, all 一般公共预算财政拨款
    projects: list[FinalProject] = Field(default_factory=list)
    income: list[Income] = Field(default_factory=list)
    carry_in: list[CarryIn] = Field(default_factory=list)
    three_public: ThreePublic = ThreePublic()  # 决算数
    budgeted: Budgeted = Budgeted()
    procurement: Procurement = Procurement()
    assets: Assets = Assets()
    prior: FinalPrior
    narrative: FinalNarrative = FinalNarrative()

    @model_validator(mode="after")
    def _consistent(self) -> FinalData:
        names = [u.name for u in self.units]
        if len(set(names)) != len(names):
            raise ValueError("单位名称重复")
        year = self.department.year
        codes = [u.main_code for u in self.units] + [p.code for p in self.projects] + [i.code for i in self.income]
        codes += (
            [c.code for c in self.carry_in if c.code] + list(self.budgeted.general) + list(self.narrative.item_reasons)
        )
        for code in codes:
            if classification.functional(code, year) is None:
                raise ValueError(f"不是{year}年功能分类的项：{code}")
        for p in self.projects:
            if p.unit not in names:
                raise ValueError(f"项目“{p.name}”的单位不在 units 中：{p.unit}")
        for c in self.carry_in:
            if c.fund in ("政府性基金", "国有资本经营") and not c.code:
                raise ValueError(f"{c.fund}的年初结转和结余须写明功能分类的项（code）")
        for item, field in THREE_PUBLIC_ITEMS.items():
            basic = sum((u.basic.get(item, Decimal(0)) for u in self.units), Decimal(0))
            if getattr(self.three_public, field) < basic:
                raise ValueError(f"“三公”经费决算数 {field} 小于基本支出中的“{item}”{basic}万元")
        for (fund, code), left in self.carry_out().items():
            if left < 0:
                where = f"（{code}）" if code else ""
                raise ValueError(f"{fund}{where}的支出超过年初结转和结余与本年收入之和：差{-left}万元")
        return self

    def carry_out(self) -> dict[tuple[str, str], Decimal]:
        """年末结转和结余 per (fund, 项): carried in + income − expenditure; 项 only for 政府性基金 and 国有资本经营
        (their tables print each 项's balance), "" for the 一般公共预算 and the non-fiscal funds."""

        def key(fund: str, code: str) -> tuple[str, str]:
            return (fund, code if fund in ("政府性基金", "国有资本经营") else "")

        out: dict[tuple[str, str], Decimal] = {("一般公共预算", ""): Decimal(0)}
        for c in self.carry_in:
            k = key(c.fund, c.code)
            out[k] = out.get(k, Decimal(0)) + c.amount
        for i in self.income:
            k = key(fund_of(i.source), i.code)
            out[k] = out.get(k, Decimal(0)) + i.amount
        for u in self.units:
            out[("一般公共预算", "")] -= sum(u.basic.values(), Decimal(0))
        for p in self.projects:
            k = key(fund_of(p.source), p.code)
            out[k] = out.get(k, Decimal(0)) - p.amount
        return out
