"""Data + template -> PrintedDocument: every table row, total, share and growth computed from the data.

Amounts are Decimal 万元 throughout; shares and growth rates are rounded half up to two decimals of a percent,
as the checks compute them. Every printed word comes from the template (titles, headers, phrases) or the data.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from budgetlens.generate.data import BudgetData, Project
from budgetlens.generate.ledger import GOODS, HOUSEHOLD, PERSONNEL, ZERO, Ledger, item_code
from budgetlens.generate.printed import Cell, Heading, PageBreak, Paragraph, PrintedDocument, PrintedTable
from budgetlens.generate.templates import Template, header_columns
from budgetlens.model import classification

__all__ = ["compose"]

CENT = Decimal("0.01")
YUAN_PER_WAN = Decimal(10_000)
Value = str | Decimal


# ---------------------------------------------------------------- formatting
def amount_cell(v: Value) -> Cell:
    """A table cell: 万元 with two decimals, no separators; zero prints as an empty cell."""
    if isinstance(v, str):
        return Cell(v, "text")
    return Cell("" if v == 0 else f"{v:.2f}", "amount", value=None if v == 0 else v)  # a zero is printed blank


def fmt(v: Decimal) -> str:
    """Narrative amounts: thousands separators, 0 for nothing."""
    return "0" if v == 0 else f"{v:,.2f}"


def pct(part: Decimal, whole: Decimal) -> str:
    return f"{(part * 100 / whole).quantize(CENT, ROUND_HALF_UP)}%"


def cn_num(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + ("" if ones == 0 else digits[ones])


def function_name(code: str, year: int) -> str:
    entry = classification.functional(code, year) if code else None
    return entry.name if entry else ""


class _Composer:
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

    # ------------------------------------------------------------ part 1
    def part_one(self) -> None:
        d, t = self.data.department, self.t["overview"]
        if "overview" in self.t["parts"]:
            self.blocks.append(Heading(self.t["parts"]["overview"].format(**self.fill)))
        self.blocks.append(Heading(t["duties"], 2))
        self.para(*(f"（{cn_num(i + 1)}）{duty}" for i, duty in enumerate(d.duties)))
        units = "、".join(f"{u.name}（{u.status}）" for u in self.data.units)
        self.blocks.append(Heading(t["organisation"], 2))
        self.para(
            self.phrase(
                "overview",
                "organisation_text",
                offices="、".join(d.offices),
                n_offices=len(d.offices),
                n_units=len(self.data.units),
                units=units,
            )
        )

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

    def summary_rows(self) -> list[list[Value]]:
        led, bal = self.led, self.t["balance_rows"]
        income: list[str] = self.t["income_sources"]
        cur, carry = led.b() + led.p(), led.c()
        tot = cur + carry
        rows: list[list[Value]] = []
        for i in range(len(self.t["expenditure_classes"])):
            name, now, co = self.class_side(i)
            left: list[Value] = [income[i], cur if i == 0 else ZERO] if i < len(income) else ["", ""]
            rows.append([*left, name, now + co, now, co])
        rows.append([bal["income_total"], cur, bal["expenditure_total"], tot, cur, carry])
        rows.append([bal["carry_in"], carry, bal["carry_out"], "", "", ""])
        rows.append([bal["grand_income"], tot, bal["grand_expenditure"], tot, cur, carry])
        return rows

    def revenue_rows(self) -> list[list[Value]]:
        rows: list[list[Value]] = []
        for r in self.function_rows(carry=False):
            code = "" if r[0] == "合计" else str(r[0])
            rows.append([r[0], r[1], r[2], r[2], "", "", "", "", self.led.c(code)])
        return rows

    def fiscal_summary_rows(self) -> list[list[Value]]:
        led, bal = self.led, self.t["balance_rows"]
        income: list[str] = self.t["income_sources"]
        cur, carry = led.b() + led.p(), led.c()
        tot = cur + carry
        rows: list[list[Value]] = []
        for i in range(len(self.t["expenditure_classes"])):
            name, now, co = self.class_side(i)
            left: list[Value] = [income[i], cur if i == 0 else ZERO] if i < 3 else ["", ""]
            rows.append([*left, name, now + co, now + co, "", ""])
        rows.append([bal["income_total"], cur, bal["expenditure_total"], tot, tot, "", ""])
        rows.append([bal["fiscal_carry_in"], carry, bal["carry_out"], "", "", "", ""])
        rows += [[label, carry if i == 0 else ZERO, "", "", "", "", ""] for i, label in enumerate(income[:3])]
        rows.append([bal["grand_income"], tot, bal["grand_expenditure"], tot, tot, "", ""])
        return rows

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
    def district_sides(self, income: list[tuple[str, Decimal]], width: int) -> list[list[Value]]:
        """收入 sources on the left, the 类 spent on the right (numbered), as many rows as the longer side."""
        spent = [(f"{cn_num(i + 1)}、{name}", self.led.b(c) + self.led.p(c) + self.led.c(c))
                 for i, (c, name) in enumerate(self.classes())]  # fmt: skip
        rows: list[list[Value]] = []
        for i in range(max(len(income), len(spent))):
            left: list[Value] = list(income[i]) if i < len(income) else ["", ""]
            right: list[Value] = [spent[i][0], *[spent[i][1]] * (width - 3)] if i < len(spent) else [""] * (width - 2)
            rows.append([*left, *right])
        return rows

    def district_total(self) -> Decimal:
        return self.led.b() + self.led.p() + self.led.c()

    def district_summary_rows(self) -> list[list[Value]]:
        tot, bal = self.district_total(), self.t["balance_rows"]
        income = [(name, tot if i < 2 else ZERO) for i, name in enumerate(self.t["income_sources"])]
        return [*self.district_sides(income, 4), [bal["grand_income"], tot, bal["grand_expenditure"], tot]]

    def district_fiscal_summary_rows(self) -> list[list[Value]]:
        tot, bal = self.district_total(), self.t["balance_rows"]
        income = [(name, tot if i == 0 else ZERO) for i, name in enumerate(self.t["fiscal_sources"])]
        rows = [[*r[:5], "", ""] for r in self.district_sides(income, 6)]
        return [*rows, [bal["grand_income"], tot, bal["grand_expenditure"], tot, tot, "", ""]]

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
        led, bal = self.led, self.t["balance_rows"]
        cur, carry = led.b() + led.p(), led.c()
        income = [(name, cur if i == 0 else ZERO) for i, name in enumerate(self.t["income_sources"])]
        return [
            *self.district_sides(income, 4),
            [bal["income_total"], cur, bal["expenditure_total"], cur + carry],
            [bal["carry_in"], carry, bal["carry_out"], ""],
            [bal["grand_income"], cur + carry, bal["grand_expenditure"], cur + carry],
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
        led, bal = self.led, self.t["balance_rows"]
        cur, carry = led.b() + led.p(), led.c()
        tot = cur + carry
        income = [(name, cur if i == 0 else ZERO) for i, name in enumerate(self.t["fiscal_sources"])]
        rows: list[list[Value]] = [[*r, "", ""] for r in self.district_sides(income, 5)]
        rows.append([bal["income_total"], cur, bal["expenditure_total"], tot, tot, "", ""])
        rows.append([bal["fiscal_carry_in"], carry, bal["carry_out"], "", "", "", ""])
        carried = self.t["fiscal_carry_sources"]
        rows += [[label, carry if i == 0 else ZERO, "", "", "", "", ""] for i, label in enumerate(carried)]
        return [*rows, [bal["grand_income"], tot, bal["grand_expenditure"], tot, tot, "", ""]]

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

    # ------------------------------------------------------------ part 3
    def part_three(self) -> None:
        led, data, n = self.led, self.data, self.t["notes"]
        titles: list[str] = n["titles"]
        cur, carry, basic, proj = led.b() + led.p(), led.c(), led.b(), led.p()
        tot = cur + carry
        prior = data.prior
        classes = [(name, led.b(c) + led.p(c), led.c(c)) for c, name in self.classes()]
        say = self.phrase
        self.blocks.append(Heading(self.t["parts"]["notes"].format(**self.fill)))
        reason = f"，{data.narrative.change_reason}" if data.narrative.change_reason else ""
        self.note(
            titles[0],
            say(
                "notes",
                "change",
                total=fmt(tot),
                current=fmt(cur),
                carry=fmt(carry),
                change=self.change(tot, prior.total),
                reason=reason,
            ),
        )
        self.note(
            titles[1],
            say(
                "notes",
                "revenue",
                total=fmt(tot),
                current=fmt(cur),
                current_share=pct(cur, tot),
                carry=fmt(carry),
                carry_share=pct(carry, tot),
            ),
        )
        self.note(
            titles[2],
            say(
                "notes",
                "expenditure",
                total=fmt(tot),
                basic=fmt(basic),
                basic_share=pct(basic, tot),
                projects=fmt(proj + carry),
                carry=fmt(carry),
                projects_share=pct(proj + carry, tot),
            ),
        )
        by_class = "，".join(f"{name}{fmt(v + c)}万元" for name, v, c in classes)
        self.note(
            titles[3], say("notes", "fiscal", total=fmt(tot), current=fmt(cur), carry=fmt(carry), by_class=by_class)
        )
        self.blocks.append(Heading(titles[4], 2))
        structure = "；".join(f"{name}{fmt(v)}万元，占{pct(v, cur)}" for name, v, _ in classes)
        self.para(
            n["general_scale_title"],
            say("notes", "general_scale", current=fmt(cur), change=self.change(cur, prior.general)),
            n["general_structure_title"],
            say("notes", "general_structure", current=fmt(cur), by_class=structure),
        )
        econ = led.econ_rows()
        staff_total = sum((r[3] for r in econ if r[2] != GOODS), ZERO)
        staff_items = "、".join(dict.fromkeys(r[0] for r in econ if r[2] != GOODS))
        goods_items = "、".join(dict.fromkeys(r[0] for r in econ if r[2] == GOODS))
        self.note(
            titles[5],
            say(
                "notes",
                "basic",
                basic=fmt(basic),
                staff=fmt(staff_total),
                staff_items=staff_items,
                goods=fmt(basic - staff_total),
                goods_items=goods_items,
            ),
        )
        g, p3 = self.three_public(), prior.three_public
        cars, prior_cars = g["purchase"] + g["running"], p3.car_purchase + p3.car_running
        total_3g = sum(g.values(), ZERO)
        prior_3g = p3.abroad + p3.hosting + prior_cars
        hosting_reason = data.narrative.hosting_reason if g["hosting"] < p3.hosting else ""
        self.note(
            titles[6],
            say(
                "notes",
                "three_public",
                total=fmt(total_3g),
                change=self.change(total_3g, prior_3g),
                abroad=fmt(g["abroad"]),
                abroad_change=self.change(g["abroad"], p3.abroad),
                hosting=fmt(g["hosting"]),
                hosting_change=self.change(g["hosting"], p3.hosting),
                hosting_reason=f"，{hosting_reason}" if hosting_reason else "",
                cars=fmt(cars),
                cars_change=self.change(cars, prior_cars),
                purchase=fmt(g["purchase"]),
                running=fmt(g["running"]),
            ),
        )
        offices = [u for u in data.units if u.kind == "行政"]
        running = sum((led.goods_of(u) for u in offices), ZERO)
        running_reason = data.narrative.running_reason if running < prior.running else ""
        self.note(
            titles[7],
            say(
                "notes",
                "operating",
                n=len(offices),
                names="、".join(u.name for u in offices),
                amount=fmt(running),
                change=self.change(running, prior.running),
                reason=f"，{running_reason}" if running_reason else "",
            ),
        )
        buy = {
            k: sum((p.purchase.amount for p in data.projects if p.purchase and p.purchase.kind == k), ZERO)
            for k in ("货物", "工程", "服务")
        }
        self.note(
            titles[8],
            say(
                "notes",
                "procurement",
                total=fmt(sum(buy.values(), ZERO)),
                goods=fmt(buy["货物"]),
                works=fmt(buy["工程"]),
                services=fmt(buy["服务"]),
            ),
        )
        kinds = {k: [p for p in data.projects if p.category == k] for k in ("其他运转类", "特定目标类")}
        split = "；".join(
            say("notes", "projects_split", category=k, n=len(v), amount=fmt(sum((p.amount for p in v), ZERO)))
            for k, v in kinds.items()
        )
        self.note(
            titles[9],
            n["overall_title"],
            say("notes", "overall", current=fmt(cur), basic=fmt(basic), projects=fmt(proj), n_units=len(data.units)),
            n["overall_annex"],
            n["projects_title"],
            say(
                "notes",
                "projects",
                n=len(data.projects),
                amount=fmt(proj),
                split=split,
                share=pct(proj, proj) if proj else "0.00%",
            ),
            n["projects_annex"],
        )
        self.overall_table(cur, basic, proj)
        for p in data.projects:
            self.project_table(p)
        nar = data.narrative
        assets = [
            x for pair in zip(n["assets"], (nar.vehicles, nar.buildings, nar.other_assets), strict=True) for x in pair
        ]
        self.note(titles[10], *assets)
        self.note(
            titles[11],
            n["services_title"],
            say("notes", "services", matters=nar.services, amount=fmt(buy["服务"])),
            n["other_title"],
            nar.other or n["other"],
        )

    def part_terms(self) -> None:
        self.blocks.append(Heading(self.t["parts"]["terms"].format(**self.fill)))
        self.para(*self.t["terms"])

    def part_other(self) -> None:
        """The district template's notes: “三公” expenses, running costs, procurement, assets, performance."""
        n, prior = self.t["other_notes"], self.data.prior.three_public
        abroad, hosting, cars, purchase, running, total = self.three_public_values()
        prior_total = prior.abroad + prior.hosting + prior.car_purchase + prior.car_running
        offices = self.running_cost()
        buy = {
            k: sum((p.purchase.amount for p in self.data.projects if p.purchase and p.purchase.kind == k), ZERO)
            for k in ("货物", "工程", "服务")
        }
        say = self.phrase
        self.blocks += [PageBreak(), Heading(self.t["parts"]["notes"].format(**self.fill))]  # after the last table
        three = say("other_notes", "three_public", total=fmt(total), change=self.change(total, prior_total),
                    abroad=fmt(abroad), hosting=fmt(hosting), cars=fmt(cars), purchase=fmt(purchase),
                    running=fmt(running))  # fmt: skip
        self.note(n["titles"][0], three)
        amount = sum((v for _, v in offices), ZERO)
        self.note(n["titles"][1], say("other_notes", "operating", n=len(offices), amount=fmt(amount)))
        procurement = say("other_notes", "procurement", total=fmt(sum(buy.values(), ZERO)), goods=fmt(buy["货物"]),
                          works=fmt(buy["工程"]), services=fmt(buy["服务"]))  # fmt: skip
        self.note(n["titles"][2], procurement)
        nar = self.data.narrative
        self.note(n["titles"][3], *(t for t in (nar.vehicles, nar.buildings, nar.other_assets) if t))
        amount = sum((p.amount for p in self.data.projects), ZERO)
        self.note(n["titles"][4], say("other_notes", "performance", n=len(self.data.projects), amount=fmt(amount)))

    def part_explanation(self) -> None:
        """The district's 编制说明 and the Ministry's 情况说明: the totals the tables print, stated in sentences."""
        led = self.led
        econ = led.econ_rows()
        staff = sum((r[3] for r in econ if r[2] != GOODS), ZERO)
        self.blocks.append(Heading(self.t["parts"]["explanation"].format(**self.fill)))
        values = {
            "total": fmt(led.b() + led.p() + led.c()),
            "basic": fmt(led.b()),
            "staff": fmt(staff),
            "goods": fmt(led.b() - staff),
            "projects": fmt(led.p() + led.c()),
            "carry": fmt(led.c()),
            "current": fmt(led.b() + led.p()),
        }
        abroad, hosting, cars, purchase, running, three = self.three_public_values()
        prior = self.data.prior.three_public
        buy = {
            k: sum((p.purchase.amount for p in self.data.projects if p.purchase and p.purchase.kind == k), ZERO)
            for k in ("货物", "工程", "服务")
        }
        nar = self.data.narrative
        values |= {
            "abroad": fmt(abroad), "hosting": fmt(hosting), "cars": fmt(cars), "purchase": fmt(purchase),
            "running": fmt(running), "procurement": fmt(sum(buy.values(), ZERO)), "goods_buy": fmt(buy["货物"]),
            "works_buy": fmt(buy["工程"]), "services_buy": fmt(buy["服务"]), "vehicles": nar.vehicles,
            "buildings": nar.buildings, "other_assets": nar.other_assets, "n_projects": str(len(self.data.projects)),
            "project_amount": fmt(led.p()), "general": fmt(led.b() + led.p()),
        }  # fmt: skip
        values["three_public"] = fmt(three)
        values["three_public_change"] = self.change(
            three, prior.abroad + prior.hosting + prior.car_purchase + prior.car_running
        )
        values["operating"] = fmt(sum((v for _, v in self.running_cost()), ZERO))
        for entry in self.t["explanation"]:  # a sentence, or a part with its title and sentences
            if isinstance(entry, str):
                self.para(entry.format(**self.fill, **values))
            else:
                self.note(entry["title"], *(line.format(**self.fill, **values) for line in entry["text"]))

    def note(self, title: str, *texts: str) -> None:
        self.blocks.append(Heading(title, 2))
        self.para(*texts)

    # ------------------------------------------------------------ performance annexes
    def first_level(self) -> dict[str, str]:
        levels: dict[str, str] = self.t["performance"]["first_level"]
        return levels

    def indicator_rows(self, items: list[tuple[str, str, str, str]], wide: bool) -> list[list[str]]:
        """Indicator rows; 一级/二级 labels only on the first row of their group."""
        prev1 = prev2 = ""
        out = []
        for second, third, year_v, period_v in items:
            first = self.first_level()[second]
            l1, l2 = ("" if first == prev1 else first), ("" if second == prev2 else second)
            prev1, prev2 = first, second
            out.append(["", l1, l2, third, period_v, l2, third, year_v] if wide else ["", l1, l2, third, year_v])
        return out

    def annex(self, title: str, year_line: str, kind: str, lines: list[list[str]]) -> None:
        width = max(len(r) for r in lines)
        rows = [[Cell(c, "label" if j == 0 else "text") for j, c in enumerate(r)] for r in lines]
        self.blocks.append(PrintedTable("", title, kind, "", year_line, [], width, rows))

    def overall_table(self, cur: Decimal, basic: Decimal, proj: Decimal) -> None:
        d, o, perf = self.data.department, self.data.overall, self.t["performance"]
        staff = (
            ("内设职能部门数", f"{len(d.offices)}个"),
            ("所属预算单位数", f"{len(self.data.units)}个"),
            ("核定的人员编制数", f"{o.establishment}人"),
            ("实际在职人员总数", f"{o.in_post}人"),
            ("其中:在编人员数", f"{o.on_staff}人"),
            ("其他人员数", f"{o.others}人"),
        )
        (a, va), (b, vb), (c, vc), (e, ve), (f, vf), (g, vg) = staff
        money: list[tuple[Decimal, str, str, Decimal | None]] = [
            (cur, "合计", "合计", cur),
            (cur, "其中:一般公共预算资金", "其中:基本支出", basic),
            (ZERO, "政府性基金预算资金", "项目支出", proj),
            (ZERO, "国有资本经营预算资金", "", None),
            (ZERO, "社会保险基金预算资金", "", None),
            (ZERO, "专户管理资金", "", None),
            (ZERO, "单位资金", "", None),
        ]
        lines = [
            ["部门基本信息", "部门名称", f"{d.code}-{d.name}", "", ""],
            ["", a, va, b, vb],
            ["", c, vc, e, ve],
            ["", "", "", f, vf],
            ["", "", "", g, vg],
            ["部门职责", o.duties, "", "", ""],
            ["部门战略目标", o.strategy, "", "", ""],
            ["年度预算情况", "按资金来源划分", "资金总额（万元）", "按资金方向划分", "资金总额（万元）"],
            *(["", src, f"{v:.2f}", use, "" if w is None else f"{w:.2f}"] for v, src, use, w in money),
            ["年度重点任务", "核心职能", "", "重点任务", ""],
            ["", o.core, "", o.tasks, ""],
            ["年度绩效目标", o.target, "", "", ""],
            ["年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
        ]
        order = list(self.first_level())
        picks = [
            (i.second, i.third, i.year) for p in self.data.projects for i in p.indicators if i.second == "数量指标"
        ]
        picks = picks[:4] + [(i.second, i.third, i.value) for i in o.indicators]
        picks.append(("成本指标", "项目支出预算控制数", f"≤{proj:.2f}万元"))
        picks.sort(key=lambda it: order.index(it[0]))  # stable: keeps the order inside a group
        lines += self.indicator_rows([(s, t, v, v) for s, t, v in picks], wide=False)
        self.annex(perf["overall_title"], perf["overall_year"].format(**self.fill), "perf.overall_target", lines)

    def project_table(self, p: Project) -> None:
        d, perf = self.data.department, self.t["performance"]
        period = p.period or p.funds
        attr, term = ("经常性项目（长期开展）", "99年") if p.recurring else ("一次性项目（1年结束）", "1年")
        lines = [
            ["项目名称", "", p.name, "", "", "", "", ""],
            ["主管部门及代码", "", f"{d.code}-{d.name}", "", "实施单位", "", p.unit, ""],
            ["项目属性", "", attr, "", "项目期", "", term, ""],
            [
                "项目资金（元）",
                "实施期资金总额：",
                f"{period.total:,}",
                "",
                "年度资金总额：",
                f"{p.funds.total:,}",
                "",
                "",
            ],
        ]
        for k, label in enumerate(("其中：中央财政资金", "省级财政资金", "市县（区）财政资金")):
            lines.append(["", label, f"{period.parts()[k]:,}", "", label, f"{p.funds.parts()[k]:,}", "", ""])
        lines += [["", "单位自筹", "0", "", "单位自筹", "0", "", ""], ["", "其他资金", "", "", "其他资金", "", "", ""]]
        plan = perf["plan_recurring"] if p.recurring else perf["plan_once"]
        texts = (
            ("项目概况", p.summary),
            ("立项依据", p.basis),
            ("项目设立必要性", perf["need"].format(unit=p.unit)),
            ("保证项目实施的制度、措施", perf["measures"]),
            ("项目实施计划", plan),
        )
        lines += [[label, "", text, "", "", "", "", ""] for label, text in texts]
        lines += [
            ["实施期目标", "", "", "", "年度目标", "", "", ""],
            ["总体目标", "", p.goal, "", p.goal, "", "", ""],
            ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"],
        ]
        items = [(i.second, i.third, i.year, i.period or i.year) for i in p.indicators]
        cost = ("成本指标", "项目资金控制数", f"≤{p.funds.total}元", f"≤{period.total}元")
        outputs = [k for k, it in enumerate(items) if self.first_level()[it[0]] == "产出指标"]
        at = max(outputs) + 1 if outputs else 0
        lines += self.indicator_rows([*items[:at], cost, *items[at:]], wide=True)
        lines.append(["负责人：", "经办人：", "联系电话：", "", "填报日期：", p.filed, "", ""])
        self.annex(
            perf["project_title"].format(**self.fill),
            perf["project_year"].format(**self.fill),
            "perf.project_target",
            lines,
        )

    # ------------------------------------------------------------ whole
    def contents(self) -> list[str]:
        entries: list[str] = []
        tables = [b for b in self.blocks if isinstance(b, PrintedTable) and b.kind.startswith("budget.")]
        for entry in self.t["contents"]:
            if entry == "{tables}":
                entries += [f"{tb.label}{tb.title}" for tb in tables]
            elif entry == "{notes}":
                entries += self.t["notes"]["titles"]
            else:
                entries.append(entry.format(**self.fill))
        return entries

    def compose(self) -> PrintedDocument:
        parts = {
            "overview": self.part_one,
            "tables": self.part_two,
            "notes": self.part_three,
            "other_notes": self.part_other,
            "explanation": self.part_explanation,
            "terms": self.part_terms,
        }
        for part in self.t.raw.get("order", ["overview", "tables", "notes", "terms"]):
            parts[part]()
        title = f"{self.dept}{self.year}年部门预算公开"
        cover = [line.format(**self.fill) for line in self.t["cover"]]
        return PrintedDocument(
            title=title, cover=cover, blocks=self.blocks, running_head=title, contents_entries=self.contents()
        )


def compose(data: BudgetData, template: Template) -> PrintedDocument:
    """The disclosure the template prints for the data, every figure computed."""
    return _Composer(data, template).compose()
