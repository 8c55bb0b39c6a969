"""Totals of a department's budget data: amounts per 功能分类 项 (基本支出, 项目支出, 上年结转) and per 经济科目.

Every figure a composed disclosure prints is a sum of the data's amounts in Decimal 万元, so each total is exact
and the same sums the checks add up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from budgetlens.generate.data import BudgetData, Unit
from budgetlens.model import classification

ZERO = Decimal(0)
PERSONNEL, GOODS, HOUSEHOLD = "301", "302", "303"  # 部门经济科目 类: 工资福利, 商品和服务, 对个人和家庭的补助


def item_class(item: str) -> str:
    entry = classification.economic_dept_by_name(item)
    assert entry is not None and entry.parent is not None  # validated by the data model
    return entry.parent


def item_code(item: str) -> str:
    entry = classification.economic_dept_by_name(item)
    assert entry is not None
    return entry.code


def gov_item(item: str, kind: str) -> str:
    """The 政府预算经济科目 an item of a 行政 or 事业 unit maps to (事业: 505 对事业单位经常性补助 where it does)."""
    codes = classification.crosswalk(item_code(item), "机关" if kind == "行政" else "事业")
    if kind == "事业":
        codes = sorted(codes, key=lambda c: not c.startswith("505"))
    entry = classification.economic(codes[0]) if codes else None
    return entry.name if entry else ""


def function_of(unit: Unit, item: str, template: dict[str, Any], retired: dict[str, str]) -> str:
    fixed = template.get(item)
    if isinstance(fixed, dict):
        return str(fixed[unit.kind])
    if fixed:
        return str(fixed)
    return retired[unit.kind] if item_class(item) == HOUSEHOLD else unit.main_code


@dataclass
class Ledger:
    """Amounts (万元) per 项 code: 基本支出 (and its 人员经费), 本年项目支出 and 上年结转 (all 一般公共预算)."""

    data: BudgetData
    basic: dict[str, Decimal] = field(default_factory=dict)
    staff: dict[str, Decimal] = field(default_factory=dict)  # 人员经费: 工资福利 and 对个人和家庭的补助
    project: dict[str, Decimal] = field(default_factory=dict)
    carry: dict[str, Decimal] = field(default_factory=dict)

    @staticmethod
    def build(data: BudgetData, function_of_item: dict[str, Any], retired: dict[str, str]) -> Ledger:
        led = Ledger(data)
        for unit in data.units:
            for item, amount in unit.basic.items():
                code = function_of(unit, item, function_of_item, retired)
                led.basic[code] = led.basic.get(code, ZERO) + amount
                if item_class(item) != GOODS:
                    led.staff[code] = led.staff.get(code, ZERO) + amount
        for book, projects in ((led.project, data.projects), (led.carry, data.carry_over)):
            for p in projects:
                book[p.code] = book.get(p.code, ZERO) + p.amount
        return led

    @staticmethod
    def total(book: dict[str, Decimal], prefix: str) -> Decimal:
        return sum((v for k, v in book.items() if k.startswith(prefix)), ZERO)

    def codes(self) -> list[str]:
        """类, 款 and 项 codes in pre-order: prefix codes sort before their children."""
        return sorted({c[:n] for c in (*self.basic, *self.project, *self.carry) for n in (3, 5, 7)})

    def b(self, prefix: str = "") -> Decimal:
        return self.total(self.basic, prefix)

    def s(self, prefix: str = "") -> Decimal:
        return self.total(self.staff, prefix)

    def p(self, prefix: str = "") -> Decimal:
        return self.total(self.project, prefix)

    def c(self, prefix: str = "") -> Decimal:
        return self.total(self.carry, prefix)

    def items(self) -> list[str]:
        """The economic items any unit spends on, in code order."""
        return sorted({i for u in self.data.units for i in u.basic}, key=item_code)

    def item_total(self, item: str, kind: str | None = None) -> Decimal:
        return sum((u.basic.get(item, ZERO) for u in self.data.units if kind in (None, u.kind)), ZERO)

    def econ_rows(self) -> list[tuple[str, str, str, Decimal]]:
        """表六 款 rows: (部门款, 政府款, 类 code, amount), 行政 mapping before 事业 mapping; equal pairs merge."""
        rows: dict[tuple[str, str], Decimal] = {}
        for name in self.items():
            for kind in ("行政", "事业"):
                if amount := self.item_total(name, kind):
                    key = (name, gov_item(name, kind))
                    rows[key] = rows.get(key, ZERO) + amount
        return [(name, gov, item_class(name), v) for (name, gov), v in rows.items()]

    def goods_of(self, unit: Unit) -> Decimal:
        return sum((v for k, v in unit.basic.items() if item_class(k) == GOODS), ZERO)
