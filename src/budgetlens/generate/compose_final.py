"""FinalData + a final-account template -> PrintedDocument: the 部门决算's nine tables and its 情况说明, every total,
share, growth and 完成预算 rate computed in Decimal 万元 (shares and rates rounded half up to two decimals of a
percent, as the checks compute them). Every printed word comes from the template or the data.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from budgetlens.generate.figures import Value, amount_cell, cn_num, fmt, function_name, pct
from budgetlens.generate.final_data import FISCAL, SOURCES, FinalData
from budgetlens.generate.ledger import GOODS, HOUSEHOLD, PERSONNEL, function_of, item_class, item_code
from budgetlens.generate.printed import Cell, Heading, PageBreak, Paragraph, PrintedDocument, PrintedTable
from budgetlens.generate.templates import Template, header_columns
from budgetlens.model import classification

__all__ = ["FinalLedger", "compose_final"]

ZERO = Decimal(0)
CAPITAL_OUTLAY = "310"  # 资本性支出: 公用经费 in the basic-expenditure table


def _add(book: dict[str, Decimal], code: str, amount: Decimal) -> None:
    book[code] = book.get(code, ZERO) + amount


def _sum(book: dict[str, Decimal], prefix: str = "") -> Decimal:
    return sum((v for k, v in book.items() if k.startswith(prefix)), ZERO)


def _tree(*books: dict[str, Decimal]) -> list[str]:
    """类, 款 and 项 codes the books touch, in pre-order (a prefix sorts before its children)."""
    return sorted({c[:n] for book in books for c, v in book.items() if v for n in (3, 5, 7)})


class FinalLedger:
    """The data's amounts (万元) per 功能分类 项: basic expenditure, projects by source, income by source."""

    def __init__(self, data: FinalData, template: Template) -> None:
        self.data = data
        self.basic: dict[str, Decimal] = {}
        self.projects: dict[str, dict[str, Decimal]] = {s: {} for s in SOURCES}  # source -> 项 -> 万元
        self.income: dict[str, dict[str, Decimal]] = {s: {} for s in SOURCES}
        for unit in data.units:
            for item, amount in unit.basic.items():
                code = function_of(unit, item, template["function_of_item"], template["retired_function"])
                _add(self.basic, code, amount)
        for p in data.projects:
            _add(self.projects[p.source], p.code, p.amount)
        for i in data.income:
            _add(self.income[i.source], i.code, i.amount)
        self.balances = data.carry_out()

    def project(self, sources: tuple[str, ...] = SOURCES) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for s in sources:
            for code, v in self.projects[s].items():
                _add(out, code, v)
        return out

    def spend(self, sources: tuple[str, ...] = SOURCES) -> dict[str, Decimal]:
        """Expenditure per 项 from the sources (basic expenditure is all 一般公共预算)."""
        out = self.project(sources)
        if "一般公共预算" in sources:
            for code, v in self.basic.items():
                _add(out, code, v)
        return out

    def income_of(self, sources: tuple[str, ...] = SOURCES) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for s in sources:
            for code, v in self.income[s].items():
                _add(out, code, v)
        return out

    def carry_in(self, funds: tuple[str, ...]) -> Decimal:
        return sum((c.amount for c in self.data.carry_in if c.fund in funds), ZERO)

    def carry_out(self, funds: tuple[str, ...]) -> Decimal:
        return sum((v for (fund, _), v in self.balances.items() if fund in funds), ZERO)

    def staff_goods(self) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
        """Basic expenditure per 经济分类 款 name: 人员经费 (工资福利, 对个人和家庭的补助) and 公用经费."""
        staff: dict[str, Decimal] = {}
        goods: dict[str, Decimal] = {}
        for unit in self.data.units:
            for item, v in unit.basic.items():
                _add(goods if item_class(item) in (GOODS, CAPITAL_OUTLAY) else staff, item, v)
        return staff, goods

    def running(self) -> Decimal:
        """机关运行经费: the 行政 units' 公用经费."""
        _, goods = self.staff_goods()
        offices = [u for u in self.data.units if u.kind == "行政"]
        return sum((v for u in offices for k, v in u.basic.items() if k in goods), ZERO)


ALL_FUNDS = ("一般公共预算", "政府性基金", "国有资本经营", "非财政拨款")


class _FinalComposer:
    def __init__(self, data: FinalData, template: Template) -> None:
        self.data, self.t = data, template
        self.year = data.department.year
        self.led = FinalLedger(data, template)
        self.blocks: list[Any] = []
        self.fill = {"year": self.year, "prev": self.year - 1, "dept": data.department.name,
                     "region": data.department.region}  # fmt: skip

    # ------------------------------------------------------------ helpers
    def say(self, key: str, **values: object) -> str:
        return str(self.t["notes"][key]).format(**self.fill, **values)

    def change(self, cur: Decimal, prev: Decimal) -> str:
        if cur == prev:
            return self.say("same")
        diff = abs(cur - prev)
        if prev == 0:
            return self.say("more_from_nothing", diff=fmt(diff))
        return self.say("more" if cur > prev else "less", diff=fmt(diff), rate=pct(diff, prev))

    def reason(self, text: str) -> str:
        return self.say("reason", reason=text.rstrip("。")) if text else ""

    def para(self, *texts: str) -> None:
        self.blocks.extend(Paragraph(t) for t in texts if t)

    def note(self, title: str, *texts: str, level: int = 2) -> None:
        self.blocks.append(Heading(title, level))
        self.para(*texts)

    def table(self, key: str, label: str, rows: list[list[Value]]) -> None:
        spec = self.t.table(key)
        header = self.t.header(key, **self.fill)
        columns = header_columns(header)
        body = [[amount_cell(c) for c in r] for r in rows]
        note = spec.get("note")
        if "empty_note" in spec and not any(cell.value for row in body for cell in row):
            note = spec["empty_note"].format(**self.fill)
        if "fund" in spec and not any(cell.value for row in body for cell in row):  # an empty fund's table
            body = [[Cell("合计"), *[Cell("") for _ in range(columns - 1)]]] if "fund" in spec else []
            note = self.t["empty_note"].format(**self.fill, fund=spec.get("fund", ""))
        self.blocks.append(PrintedTable(label=label, title=spec["title"].format(**self.fill), kind=spec["kind"],
                                        unit=spec.get("unit", self.t["unit"]),
                                        department_line=self.t["department_line"].format(**self.fill),
                                        header=header, columns=columns, rows=body, note=note))  # fmt: skip

    def name(self, code: str) -> str:
        return function_name(code, self.year)

    # ------------------------------------------------------------ 第一部分
    def part_overview(self) -> None:
        d, t = self.data.department, self.t["overview"]
        self.blocks.append(Heading(self.t["parts"]["overview"].format(**self.fill)))
        self.note(t["duties"], *(f"（{cn_num(i + 1)}）{duty}" for i, duty in enumerate(d.duties)))
        units = "、".join(f"{u.name}（{u.status}）" for u in self.data.units)
        text = self.t["overview"]["organisation_text"].format(**self.fill, n_units=len(self.data.units), units=units)
        self.note(t["organisation"], text)

    # ------------------------------------------------------------ 第二部分
    def part_tables(self) -> None:
        self.blocks += [PageBreak(), Heading(self.t["parts"]["tables"].format(**self.fill))]
        builders: dict[str, Callable[[], list[list[Value]]]] = {
            "summary": self.summary_rows,
            "revenue": self.revenue_rows,
            "expenditure": self.expenditure_rows,
            "fiscal_summary": self.fiscal_summary_rows,
            "general_expenditure": self.general_rows,
            "general_basic_detail": self.basic_detail_rows,
            "three_public": self.three_public_rows,
            "fund": lambda: self.fund_rows("政府性基金"),
            "capital": lambda: self.fund_rows("国有资本经营"),
        }
        for label, key in zip(self.t["table_labels"], self.t["tables"], strict=True):
            self.table(key, label, builders[self.t.table(key).get("build", key)]())

    def class_amounts(self, book: dict[str, Decimal]) -> list[Decimal]:
        """The amount of each of the template's 类 (by name), in its order."""
        by_name = {self.name(c): _sum(book, c) for c in {c[:3] for c in book}}
        return [by_name.get(n, ZERO) for n in self.t["expenditure_classes"]]

    def sides(self, left: list[list[Value]], right: list[list[Value]], width: int, half: int = 2) -> list[list[Value]]:
        """Rows of a two-sided table: ``half`` columns on the left, the rest on the right, blank where one ends."""
        rows: list[list[Value]] = []
        for i in range(max(len(left), len(right))):
            a = left[i] if i < len(left) else [""] * half
            b = right[i] if i < len(right) else [""] * (width - half)
            rows.append([*a, *b])
        return rows

    def numbered_classes(self, books: list[dict[str, Decimal]]) -> list[list[Value]]:
        columns = [self.class_amounts(b) for b in books]
        names: list[str] = self.t["expenditure_classes"]
        return [[f"{cn_num(i + 1)}、{n}", *(col[i] for col in columns)] for i, n in enumerate(names)]

    def summary_rows(self) -> list[list[Value]]:
        led, bal = self.led, self.t["balance_rows"]
        income = [_sum(led.income[s]) for s in SOURCES]
        spend = led.spend()
        got, spent = sum(income, ZERO), _sum(spend)
        cin, cout = led.carry_in(ALL_FUNDS), led.carry_out(ALL_FUNDS)
        left: list[list[Value]] = [[n, v] for n, v in zip(self.t["income_sources"], income, strict=True)]
        return [
            *self.sides(left, self.numbered_classes([spend]), 4),
            [bal["income_total"], got, bal["expenditure_total"], spent],
            [bal["use_balance"], ZERO, bal["distribution"], ZERO],
            [bal["carry_in"], cin, bal["carry_out"], cout],
            [bal["grand"], got + cin, bal["grand"], spent + cout],
        ]

    def function_rows(self, columns: list[dict[str, Decimal]], total_last: bool = False) -> list[list[Value]]:
        """合计 and each 类/款/项 the books touch: [code, name, *each book's amount]."""
        rows: list[list[Value]] = [["合计", "", *(_sum(b) for b in columns)]]
        rows += [[code, self.name(code), *(_sum(b, code) for b in columns)] for code in _tree(*columns)]
        return [*rows[1:], rows[0]] if total_last else rows

    def revenue_rows(self) -> list[list[Value]]:
        led = self.led
        books = [led.income_of(), led.income_of(FISCAL), *(led.income[s] for s in SOURCES[3:])]
        return self.function_rows(books)

    def expenditure_rows(self) -> list[list[Value]]:
        return self.function_rows([self.led.spend(), self.led.basic, self.led.project()])

    def fiscal_summary_rows(self) -> list[list[Value]]:
        led, bal = self.led, self.t["balance_rows"]
        income = [_sum(led.income[s]) for s in FISCAL]
        books = [led.spend(FISCAL), *(led.spend((s,)) for s in FISCAL)]
        got = sum(income, ZERO)
        spent = [_sum(b) for b in books]
        cin = [led.carry_in((s,)) for s in FISCAL]
        cout = [led.carry_out((s,)) for s in FISCAL]
        total_in, total_out = sum(cin, ZERO), sum(cout, ZERO)
        left: list[list[Value]] = [[n, v] for n, v in zip(self.t["fiscal_sources"], income, strict=True)]
        return [
            *self.sides(left, self.numbered_classes(books), 7),
            [bal["income_total"], got, bal["expenditure_total"], *spent],
            [bal["fiscal_carry_in"], total_in, bal["fiscal_carry_out"], total_out, *cout],
            *([n, v, "", "", "", "", ""] for n, v in zip(self.t["fiscal_sources"], cin, strict=True)),
            [bal["grand"], got + total_in, bal["grand"], spent[0] + total_out,
             *(s + c for s, c in zip(spent[1:], cout, strict=True))],
        ]  # fmt: skip

    def general_rows(self) -> list[list[Value]]:
        led = self.led
        return self.function_rows([led.spend(("一般公共预算",)), led.basic, led.project(("一般公共预算",))], True)

    def basic_detail_rows(self) -> list[list[Value]]:
        staff, goods = self.led.staff_goods()

        def side(items: dict[str, Decimal], classes: tuple[str, ...]) -> list[list[Value]]:
            out: list[list[Value]] = []
            for cls in classes:
                mine = sorted((item_code(n), n, v) for n, v in items.items() if item_class(n) == cls)
                if mine:
                    entry = classification.economic(cls)
                    out.append([cls, entry.name if entry else cls, sum((v for *_, v in mine), ZERO)])
                    out += [[c, n, v] for c, n, v in mine]
            return out

        left, right = side(staff, (PERSONNEL, HOUSEHOLD)), side(goods, (GOODS, CAPITAL_OUTLAY))
        rows = self.sides(left, right, 6, half=3)
        totals = self.t.table("general_basic_detail")["totals"]
        return [*rows, ["", totals[0], sum(staff.values(), ZERO), "", totals[1], sum(goods.values(), ZERO)]]

    def three_public(self) -> list[tuple[Decimal, Decimal]]:
        """(预算数, 决算数) of 合计, 因公出国（境）费, 公务用车购置及运行维护费, 其中购置费, 运行维护费, 公务接待费."""
        b, f = self.data.budgeted.three_public, self.data.three_public

        def values(g: Any) -> list[Decimal]:
            cars = g.car_purchase + g.car_running
            return [g.abroad + cars + g.hosting, g.abroad, cars, g.car_purchase, g.car_running, g.hosting]

        return list(zip(values(b), values(f), strict=True))

    def three_public_rows(self) -> list[list[Value]]:
        return [[v for pair in self.three_public() for v in pair]]

    def fund_rows(self, fund: str) -> list[list[Value]]:
        led = self.led
        carry: dict[str, Decimal] = {}
        for c in self.data.carry_in:
            if c.fund == fund:
                _add(carry, c.code, c.amount)
        out = {code: v for (f, code), v in led.balances.items() if f == fund}
        books = [carry, led.income[fund], led.projects[fund], {}, led.projects[fund], out]
        return self.function_rows(books)

    # ------------------------------------------------------------ 第三部分
    def part_notes(self) -> None:
        led, titles, prior = self.led, self.t["notes"]["titles"], self.data.prior
        nar, say = self.data.narrative, self.say
        self.blocks += [PageBreak(), Heading(self.t["parts"]["notes"].format(**self.fill))]
        income = {s: _sum(led.income[s]) for s in SOURCES}
        got = sum(income.values(), ZERO)
        spent = _sum(led.spend())
        grand = got + led.carry_in(ALL_FUNDS)
        self.note(titles[0], say("total", total=fmt(grand), change=self.change(grand, prior.total),
                                 reason=self.reason(nar.total_reason)))  # fmt: skip
        fiscal = sum((income[s] for s in FISCAL), ZERO)
        named = [("财政拨款收入", fiscal), *((self.t["income_sources"][i][2:], income[s]) for i, s in
                                        enumerate(SOURCES) if i >= 3)]  # fmt: skip
        parts = "；".join(say("income_part", name=n, amount=fmt(v), share=pct(v, got)) for n, v in named if v)
        self.note(titles[1], say("income", total=fmt(got), parts=parts) if got else "")
        basic, projects = _sum(led.basic), _sum(led.project())
        parts = "；".join(say("income_part", name=n, amount=fmt(v), share=pct(v, spent))
                         for n, v in (("基本支出", basic), ("项目支出", projects)) if v)  # fmt: skip
        self.note(titles[2], say("expenditure", total=fmt(spent), parts=parts) if spent else "")
        fiscal_grand = fiscal + led.carry_in(FISCAL)
        self.note(titles[3], say("fiscal", total=fmt(fiscal_grand), change=self.change(fiscal_grand, prior.fiscal),
                                 reason=self.reason(nar.fiscal_reason)))  # fmt: skip
        self.general_notes(titles[4], spent)
        staff, goods = led.staff_goods()

        def by_code(items: dict[str, Decimal]) -> str:
            return "、".join(sorted(items, key=item_code))

        self.note(titles[5], say("basic", total=fmt(basic), staff=fmt(sum(staff.values(), ZERO)),
                                 staff_items=by_code(staff) or "无", goods=fmt(sum(goods.values(), ZERO)),
                                 goods_items=by_code(goods) or "无"))  # fmt: skip
        self.three_public_notes(titles[6])
        for title, fund in ((titles[7], "政府性基金"), (titles[8], "国有资本经营")):
            got_f, spent_f = _sum(led.income[fund]), _sum(led.projects[fund])
            key = "fund" if got_f or spent_f else "fund_none"
            self.note(title, say(key, name=fund, income=fmt(got_f), spend=fmt(spent_f)))
        self.note(titles[9], nar.performance or say("performance"))
        self.other_notes(titles[10])

    def general_notes(self, title: str, spent: Decimal) -> None:
        led, say, nar = self.led, self.say, self.data.narrative
        book = led.spend(("一般公共预算",))
        total = _sum(book)
        sub = self.t["notes"]["general_titles"]
        self.blocks.append(Heading(title, 2))
        share = pct(total, spent) if spent else "0.00%"
        self.note(sub[0], say("general", total=fmt(total), share=share,
                              change=self.change(total, self.data.prior.general),
                              reason=self.reason(nar.general_reason)), level=3)  # fmt: skip
        classes = [(self.name(c), _sum(book, c)) for c in sorted({c[:3] for c in book})]
        parts = "；".join(say("general_class", name=n, amount=fmt(v), share=pct(v, total)) for n, v in classes if v)
        self.note(sub[1], say("general_structure", total=fmt(total), parts=parts) if total else "", level=3)
        budgets = self.data.budgeted.general
        budget = sum(budgets.values(), ZERO)
        reason = self.reason(nar.budget_reason) if budget != total else ""
        head = (say("general_budget", budget=fmt(budget), total=fmt(total), rate=pct(total, budget), reason=reason)
                if budget else say("general_budget_none", total=fmt(total), reason=reason))  # fmt: skip
        codes = [c for c in sorted(set(book) | set(budgets)) if book.get(c) or budgets.get(c)]
        items = [self.general_item(i + 1, c, budgets.get(c, ZERO), book.get(c, ZERO)) for i, c in enumerate(codes)]
        self.note(sub[2], head, *items, level=3)

    def general_item(self, n: int, code: str, budget: Decimal, total: Decimal) -> str:
        """One 项's paragraph: its 类, 款 and 项 names, 年初预算, 支出决算, 完成率 and why they differ."""
        say = self.say
        name = say("general_item_name", cls=self.name(code[:3]), kind=self.name(code[:5]), item=self.name(code))
        key = "general_item" if budget else "general_item_none"
        text = say(key, n=n, name=name, budget=fmt(budget), total=fmt(total), rate=pct(total, budget) if budget else "")
        compare = say("more_than_budget" if total > budget else "less_than_budget" if total < budget else "budget_met")
        why = self.data.narrative.item_reasons.get(code, "").rstrip("。")
        return text + (say("item_reason", compare=compare, reason=why) if why and total != budget else compare + "。")

    def three_public_notes(self, title: str) -> None:
        say, sub = self.say, self.t["notes"]["three_public_titles"]
        (b_total, f_total), (b_abroad, abroad), (b_cars, cars), (_, purchase), (_, running), (b_host, hosting) = (
            self.three_public()
        )
        self.blocks.append(Heading(title, 2))  # every item stated, 0 included

        def rate(final: Decimal, budget: Decimal) -> str:
            return say("rate", rate=pct(final, budget)) if budget else say("rate_none")

        p = self.data.prior.three_public
        prior_total = p.abroad + p.car_purchase + p.car_running + p.hosting
        reason = self.reason(self.data.narrative.three_public_reason) if f_total != b_total else ""
        self.note(sub[0], say("three_public", budget=fmt(b_total), total=fmt(f_total), rate=rate(f_total, b_total),
                              abroad=fmt(abroad), abroad_rate=rate(abroad, b_abroad), cars=fmt(cars),
                              cars_rate=rate(cars, b_cars), hosting=fmt(hosting),
                              hosting_rate=rate(hosting, b_host).rstrip("；") + "。", reason=reason),
                  say("three_public_change", change=self.change(f_total, prior_total)), level=3)  # fmt: skip
        values = {"abroad": fmt(abroad), "cars": fmt(cars), "purchase": fmt(purchase), "running": fmt(running),
                  "hosting": fmt(hosting)}  # fmt: skip
        detail = [line.format(**self.fill, **values) for line in self.t["notes"]["three_public_detail"]]
        self.note(sub[1], *detail, level=3)

    def running_parts(self) -> str:
        """机关运行经费 by 经济分类 类 (商品和服务支出, 资本性支出): the parts of its 其中 list."""
        offices = [u for u in self.data.units if u.kind == "行政"]
        by_class: dict[str, Decimal] = {GOODS: ZERO, CAPITAL_OUTLAY: ZERO}  # both, so that the list adds up
        for u in offices:
            for item, v in u.basic.items():
                if item_class(item) in (GOODS, CAPITAL_OUTLAY):
                    _add(by_class, item_class(item), v)
        names = {c: (e.name if (e := classification.economic(c)) else c) for c in by_class}
        return "、".join(self.say("running_part", name=names[c], amount=fmt(v)) for c, v in sorted(by_class.items()))

    def other_notes(self, title: str) -> None:
        say, sub = self.say, self.t["notes"]["other_titles"]
        self.blocks.append(Heading(title, 2))
        running, budget = self.led.running(), self.data.budgeted.running
        if running:
            change = say("running_budget", change=self.change(running, budget))
            self.note(sub[0], say("running", amount=fmt(running), parts=self.running_parts(), change=change), level=3)
        else:
            self.note(sub[0], say("running_none"), level=3)
        buy = self.data.procurement
        total = buy.goods + buy.works + buy.services
        self.note(sub[1], say("procurement", total=fmt(total), goods=fmt(buy.goods), works=fmt(buy.works),
                              services=fmt(buy.services)), level=3)  # fmt: skip
        nar, a = self.data.narrative, self.data.assets
        counts = say("assets", vehicles=a.vehicles, general=a.general_equipment, special=a.special_equipment)
        self.note(sub[2], counts, nar.assets, level=3)
        if nar.other:
            self.para(nar.other)

    def part_terms(self) -> None:
        self.blocks += [PageBreak(), Heading(self.t["parts"]["terms"].format(**self.fill))]
        self.para(*self.t["terms"])

    # ------------------------------------------------------------ whole
    def contents(self) -> list[str]:
        parts, ov = self.t["parts"], self.t["overview"]
        titles = [b.title for b in self.blocks if isinstance(b, PrintedTable)]
        tables = [f"{cn_num(i + 1)}、{title}" for i, title in enumerate(titles)]  # the tables print no label
        return [
            parts["overview"].format(**self.fill), ov["duties"], ov["organisation"],
            parts["tables"].format(**self.fill), *tables,
            parts["notes"].format(**self.fill), *self.t["notes"]["titles"],
            parts["terms"].format(**self.fill),
        ]  # fmt: skip

    def compose(self) -> PrintedDocument:
        self.part_overview()
        self.part_tables()
        self.part_notes()
        self.part_terms()
        title = f"{self.data.department.name}{self.year}年度部门决算"
        cover = [line.format(**self.fill) for line in self.t["cover"]]
        return PrintedDocument(title=title, cover=cover, blocks=self.blocks, running_head=title,
                               contents_entries=self.contents())  # fmt: skip


def compose_final(data: FinalData, template: Template) -> PrintedDocument:
    """The final account the template prints for the data, every figure computed."""
    return _FinalComposer(data, template).compose()
