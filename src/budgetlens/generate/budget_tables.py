"""A budget template's tables from the data: the builders its ``build:`` names (the city, district and Ministry
forms), each returning the rows of one table, every total computed in Decimal 万元 from the ledger.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from budgetlens.generate.data import BudgetData, Project
from budgetlens.generate.figures import YUAN_PER_WAN, Value, amount_cell, cn_num, fmt, function_name, padded, pct
from budgetlens.generate.ledger import GOODS, HOUSEHOLD, PERSONNEL, ZERO, Ledger, item_code
from budgetlens.generate.printed import Cell, Heading, Paragraph, PrintedTable
from budgetlens.generate.templates import Template, header_columns
from budgetlens.model import classification

__all__ = ["BudgetTables"]


class BudgetTables:
    """The composer's state (data, template, ledger, the blocks composed so far) and the budget tables."""

    def __init__(self, data: BudgetData, template: Template) -> None:
        self.data, self.t = data, template
        self.dept, self.year = data.department.name, data.department.year
        self.led = Ledger.build(data, template["function_of_item"], template["retired_function"])
        self.blocks: list[Any] = []
        self.fill = {"year": self.year, "dept": self.dept, "region": data.department.region}

    # ------------------------------------------------------------ helpers
    def phrase(self, section: str, key: str, **values: object) -> str:
        return str(self.t[section][key]).format(**self.fill, **values)

    def para(self, *texts: str) -> None:
        self.blocks.extend(Paragraph(t) for t in texts)

    def change(self, cur: Decimal, prev: Decimal) -> str:
        if cur == prev:
            return self.phrase("notes", "same")
        diff = abs(cur - prev)
        if prev == 0:  # no rate on a base of nothing
            return self.phrase("notes", "more_from_nothing", diff=fmt(diff))
        return self.phrase("notes", "more" if cur > prev else "less", diff=fmt(diff), rate=pct(diff, prev))

    def table(self, key: str, rows: list[list[Value]], label: str) -> PrintedTable:
        spec = self.t.table(key)
        header = self.t.header(key, **self.fill)
        columns = header_columns(header)
        unit = spec.get("unit", self.t["unit"])
        scale = YUAN_PER_WAN if unit == "元" else Decimal(1)  # the data is in 万元
        body = [[amount_cell(c if isinstance(c, str) else c * scale) for c in r] for r in rows]
        note = spec.get("note")
        if not any(cell.value for row in body for cell in row):  # nothing to print: the template's empty table
            body = []
            note = note or self.t["empty_note"]
        body += [[Cell(c) for c in [*r, *[""] * (columns - len(r))]] for r in spec.get("empty_rows", [])]
        table = PrintedTable(
            label=label,
            title=spec["title"].format(**self.fill),
            kind=spec["kind"],
            unit=unit,
            department_line=self.t["department_line"].format(**self.fill),
            header=header,
            columns=columns,
            rows=body,
            note=note,
        )
        self.blocks.append(table)
        return table

    def function_rows(self, carry: bool, total_last: bool = False, split: bool = True) -> list[list[Value]]:
        """合计 and each 类/款/项 spent: [code, name, total, basic, projects] (``split=False``: [code, name, total])."""
        led, rows = self.led, []
        for code in ["", *led.codes()]:
            proj = led.p(code) + (led.c(code) if carry else ZERO)
            total_label: Value = code or "合计"
            row: list[Value] = [total_label, function_name(code, self.year), led.b(code) + proj]
            rows.append([*row, led.b(code), proj] if split else row)
        return [*rows[1:], rows[0]] if total_last else rows

    def classes(self) -> list[tuple[str, str]]:
        """(类 code, name) of the template's 30 classes that the department spends on, in the template's order."""
        spent = {c[:3] for c in self.led.codes()}
        return [(c, function_name(c, self.year)) for c in sorted(spent)]

    def class_side(self, i: int) -> tuple[str, Decimal, Decimal]:
        names: list[str] = self.t["expenditure_classes"]
        code = next((c for c, n in self.classes() if n == names[i]), "")
        name = f"{cn_num(i + 1)}、{names[i]}"
        led = self.led
        return (name, led.b(code) + led.p(code), led.c(code)) if code else (name, ZERO, ZERO)

    # ------------------------------------------------------------ part 2
    def part_two(self) -> None:
        """The template's tables in its order, each built by the builder its ``build`` names (default: its key)."""
        labels = self.t["table_labels"]
        if "tables" in self.t["parts"]:  # the district form prints its tables under no heading of their own
            self.blocks.append(Heading(self.t["parts"]["tables"].format(**self.fill)))
        builders = {
            "summary": self.summary_rows,
            "revenue": self.revenue_rows,
            "expenditure": lambda: self.function_rows(carry=True),
            "fiscal_summary": self.fiscal_summary_rows,
            "general_expenditure": lambda: [list(r) for r in self.function_rows(carry=False)],
            "general_basic_economic": self.economic_rows,
            "empty": list,
            "three_public": self.three_public_rows,
            "operating_cost": self.operating_rows,
            "projects": lambda: self.project_rows("projects", self.data.projects),
            "projects_carryover": lambda: self.project_rows("projects_carryover", self.data.carry_over),
            # the district template's forms (every amount including last year's carried-over funds)
            "district_summary": self.district_summary_rows,
            "district_revenue": self.district_revenue_rows,
            "district_function": lambda: self.function_rows(carry=True, total_last=True),
            "district_fiscal_summary": self.district_fiscal_summary_rows,
            "district_economic": self.district_economic_rows,
            "district_three_public": self.district_three_public_rows,
            # the Ministry of Finance's sample tables (上年结转 in a column or row of its own)
            "ministry_summary": self.ministry_summary_rows,
            "ministry_revenue": self.ministry_revenue_rows,
            "ministry_expenditure": self.ministry_expenditure_rows,
            "ministry_fiscal_summary": self.ministry_fiscal_summary_rows,
            "ministry_economic": self.ministry_economic_rows,
            "ministry_three_public": self.ministry_three_public_rows,
        }
        for label, key in zip(labels, self.t["tables"], strict=True):
            self.table(key, builders[self.t.table(key).get("build", key)](), label)

    # ------------------------------------------------------------ the two-sided balance tables
    def sources(self, key: str, *leading: Decimal) -> list[tuple[Value, Value]]:
        """The template's income sources ``key``: the first ones with ``leading`` amounts, the rest with none."""
        names: list[str] = self.t[key]
        return [(name, leading[i] if i < len(leading) else ZERO) for i, name in enumerate(names)]

    def spent_classes(self, width: int) -> list[list[Value]]:
        """The 类 spent (numbered), each with its total in every amount column of a ``width``-column table."""
        led = self.led
        return [[f"{cn_num(i + 1)}、{name}", *[led.b(c) + led.p(c) + led.c(c)] * (width - 3)]
                for i, (c, name) in enumerate(self.classes())]  # fmt: skip

    @staticmethod
    def two_sided(income: list[tuple[Value, Value]], spent: list[list[Value]], width: int) -> list[list[Value]]:
        """收入 (label, amount) on the left, 支出 rows on the right, as many rows as the longer side, blank-padded."""
        rows: list[list[Value]] = []
        for i in range(max(len(income), len(spent))):
            left: list[Value] = list(income[i]) if i < len(income) else ["", ""]
            right = spent[i] if i < len(spent) else []
            rows.append(padded([*left, *right], width))
        return rows

    def closing(self, width: int, *rows: tuple[Value, ...]) -> list[list[Value]]:
        """The rows under the sides, each (收入 label's key, amount, 支出 label's key, amounts…): the template's
        ``balance_rows`` labels, blank-padded to ``width``."""
        bal = self.t["balance_rows"]
        return [padded([bal[str(a)], v, bal[str(b)], *rest], width) for a, v, b, *rest in rows]

    def summary_rows(self) -> list[list[Value]]:
        cur, carry = self.led.b() + self.led.p(), self.led.c()
        tot = cur + carry
        classes = map(self.class_side, range(len(self.t["expenditure_classes"])))
        spent: list[list[Value]] = [[name, now + co, now, co] for name, now, co in classes]
        return [
            *self.two_sided(self.sources("income_sources", cur), spent, 6),
            *self.closing(
                6,
                ("income_total", cur, "expenditure_total", tot, cur, carry),
                ("carry_in", carry, "carry_out"),
                ("grand_income", tot, "grand_expenditure", tot, cur, carry),
            ),
        ]

    def revenue_rows(self) -> list[list[Value]]:
        rows: list[list[Value]] = []
        for r in self.function_rows(carry=False):
            code = "" if r[0] == "合计" else str(r[0])
            rows.append([r[0], r[1], r[2], r[2], "", "", "", "", self.led.c(code)])
        return rows

    def fiscal_summary_rows(self) -> list[list[Value]]:
        cur, carry = self.led.b() + self.led.p(), self.led.c()
        tot = cur + carry
        classes = map(self.class_side, range(len(self.t["expenditure_classes"])))
        spent: list[list[Value]] = [[name, now + co, now + co] for name, now, co in classes]
        return [
            *self.two_sided(self.sources("income_sources", cur)[:3], spent, 7),
            *self.closing(
                7, ("income_total", cur, "expenditure_total", tot, tot), ("fiscal_carry_in", carry, "carry_out")
            ),
            *self.two_sided(self.sources("income_sources", carry)[:3], [], 7),
            *self.closing(7, ("grand_income", tot, "grand_expenditure", tot, tot)),
        ]

    def economic_rows(self) -> list[list[Value]]:
        econ = self.led.econ_rows()
        by_cls = {c: sum((r[3] for r in econ if r[2] == c), ZERO) for c in (PERSONNEL, GOODS, HOUSEHOLD)}
        staff = by_cls[PERSONNEL] + by_cls[HOUSEHOLD]
        rows: list[list[Value]] = [["合计", "", staff + by_cls[GOODS], staff, by_cls[GOODS]]]
        for cls, total in by_cls.items():
            goods = cls == GOODS
            entry = classification.economic(cls)
            rows.append([entry.name if entry else cls, "", total, ZERO if goods else total, total if goods else ZERO])
            for name, gov, c, v in econ:
                if c == cls:
                    rows.append([name, gov, v, ZERO if goods else v, v if goods else ZERO])
        return rows

    def three_public_values(self) -> tuple[Decimal, ...]:
        """因公出国（境）费, 公务接待费, 公务用车购置及运行费, 其中购置费, 运行维护费, 合计."""
        g = self.three_public()
        cars = g["purchase"] + g["running"]
        return (g["abroad"], g["hosting"], cars, g["purchase"], g["running"], sum(g.values(), ZERO))

    def three_public_rows(self) -> list[list[Value]]:
        names = self.t.table("three_public")["rows"]
        return [[n, v, v, "", ""] for n, v in zip(names, self.three_public_values(), strict=True)]

    def running_cost(self) -> list[tuple[str, Decimal]]:
        return [(u.name, self.led.goods_of(u)) for u in self.data.units if u.kind == "行政"]

    def operating_rows(self) -> list[list[Value]]:
        offices = self.running_cost()
        total_row = self.t.table("operating_cost")["total_row"]
        running = [(total_row, sum((v for _, v in offices), ZERO)), *offices]
        return [[n, v, v, "", ""] for n, v in running]

    def project_rows(self, key: str, projects: list[Project]) -> list[list[Value]]:
        width = header_columns(self.t.header(key, **self.fill))
        blanks: list[Value] = [""] * (width - 3)
        total = sum((p.amount for p in projects), ZERO)
        rows: list[list[Value]] = [[self.dept, total, total, *blanks]]
        for unit in self.data.units:
            mine = [p for p in projects if p.unit == unit.name]
            if mine:
                sub = sum((p.amount for p in mine), ZERO)
                rows.append([unit.name, sub, sub, *blanks])
                rows += [[p.name, p.amount, p.amount, *blanks] for p in mine]
        return rows

    # ------------------------------------------------------------ the district template's forms
    def district_total(self) -> Decimal:
        return self.led.b() + self.led.p() + self.led.c()

    def district_summary_rows(self) -> list[list[Value]]:
        tot = self.district_total()
        return [
            *self.two_sided(self.sources("income_sources", tot, tot), self.spent_classes(4), 4),
            *self.closing(4, ("grand_income", tot, "grand_expenditure", tot)),
        ]

    def district_fiscal_summary_rows(self) -> list[list[Value]]:
        tot = self.district_total()
        return [
            *self.two_sided(self.sources("fiscal_sources", tot), self.spent_classes(5), 7),
            *self.closing(7, ("grand_income", tot, "grand_expenditure", tot, tot)),
        ]

    def district_revenue_rows(self) -> list[list[Value]]:
        return [[*r, r[2], ZERO, ZERO, ZERO] for r in self.function_rows(carry=True, total_last=True, split=False)]

    def district_economic_rows(self) -> list[list[Value]]:
        econ = self.led.econ_rows()
        rows: list[list[Value]] = []
        total = staff = ZERO
        for cls in (PERSONNEL, GOODS, HOUSEHOLD):
            mine = [(item_code(name), name, v) for name, _, c, v in econ if c == cls]
            if not mine:
                continue
            goods = cls == GOODS
            sub = sum((v for _, _, v in mine), ZERO)
            total, staff = total + sub, staff + (ZERO if goods else sub)
            entry = classification.economic(cls)
            rows.append([cls, entry.name if entry else cls, sub, ZERO if goods else sub, sub if goods else ZERO])
            rows += [[code, name, v, ZERO if goods else v, v if goods else ZERO] for code, name, v in sorted(mine)]
        return [*rows, ["合计", "", total, staff, total - staff]]

    def district_three_public_rows(self) -> list[list[Value]]:
        abroad, hosting, cars, purchase, running, total = self.three_public_values()
        operating = sum((v for _, v in self.running_cost()), ZERO)
        return [[total, abroad, hosting, cars, purchase, running, operating]]

    # ------------------------------------------------------------ the Ministry of Finance's sample tables
    def ministry_summary_rows(self) -> list[list[Value]]:
        cur, carry = self.led.b() + self.led.p(), self.led.c()
        return [
            *self.two_sided(self.sources("income_sources", cur), self.spent_classes(4), 4),
            *self.closing(
                4,
                ("income_total", cur, "expenditure_total", cur + carry),
                ("carry_in", carry, "carry_out"),
                ("grand_income", cur + carry, "grand_expenditure", cur + carry),
            ),
        ]

    def ministry_revenue_rows(self) -> list[list[Value]]:
        """合计 and each 类/款/项: total, 本年收入 by source (all 一般公共预算拨款), 上年结转."""
        led, rows = self.led, []
        for r in self.function_rows(carry=True, split=False):
            code = "" if r[0] == "合计" else str(r[0])
            rows.append([*r, led.b(code) + led.p(code), *[ZERO] * 6, led.c(code)])
        return rows

    def ministry_expenditure_rows(self) -> list[list[Value]]:
        """合计 and each 类/款/项: total, 基本支出 (小计, 人员经费, 公用经费), 项目支出 (with 上年结转)."""
        led, rows = self.led, []
        for r in self.function_rows(carry=True):
            code = "" if r[0] == "合计" else str(r[0])
            rows.append([*r[:4], led.s(code), led.b(code) - led.s(code), r[4]])
        return rows

    def ministry_economic_rows(self) -> list[list[Value]]:
        """The district's 经济分类 rows (code, name, 合计, 人员经费, 公用经费) with 合计 on top."""
        rows = self.district_economic_rows()
        return [rows[-1], *rows[:-1]]

    def ministry_fiscal_summary_rows(self) -> list[list[Value]]:
        """本年收入 by fund and the 类 spent, 本年…合计, 上年结转 by fund, 总计; 支出 in 合计 and 一般公共预算."""
        cur, carry = self.led.b() + self.led.p(), self.led.c()
        tot = cur + carry
        return [
            *self.two_sided(self.sources("fiscal_sources", cur), self.spent_classes(5), 7),
            *self.closing(
                7, ("income_total", cur, "expenditure_total", tot, tot), ("fiscal_carry_in", carry, "carry_out")
            ),
            *self.two_sided(self.sources("fiscal_carry_sources", carry), [], 7),
            *self.closing(7, ("grand_income", tot, "grand_expenditure", tot, tot)),
        ]

    def ministry_three_public_rows(self) -> list[list[Value]]:
        """Last year's budget and this year's: 合计, 因公出国（境）费, 公务用车 (小计, 购置费, 运行费), 公务接待费."""
        p = self.data.prior.three_public
        last = (p.abroad, p.hosting, p.car_purchase + p.car_running, p.car_purchase, p.car_running)
        labels = [str(r).format(last=self.year - 1, **self.fill) for r in self.t.table("three_public")["rows"]]
        rows: list[list[Value]] = []
        for label, (abroad, hosting, cars, purchase, running) in zip(
            labels, (last, self.three_public_values()[:5]), strict=True
        ):
            rows.append([label, abroad + hosting + cars, abroad, cars, purchase, running, hosting])
        return rows

    def three_public(self) -> dict[str, Decimal]:
        return {
            "abroad": ZERO,
            "hosting": self.led.item_total("公务接待费"),
            "purchase": ZERO,
            "running": self.led.item_total("公务用车运行维护费"),
        }
