"""Data + template -> PrintedDocument: every table row, total, share and growth computed from the data.

Amounts are Decimal 万元 throughout; shares and growth rates are rounded half up to two decimals of a percent,
as the checks compute them. Every printed word comes from the template (titles, headers, phrases) or the data.
"""

from __future__ import annotations

from budgetlens.generate.annexes import Annexes
from budgetlens.generate.data import BudgetData
from budgetlens.generate.figures import cn_num, fmt, pct
from budgetlens.generate.ledger import GOODS, ZERO
from budgetlens.generate.printed import Heading, PageBreak, PrintedDocument, PrintedTable
from budgetlens.generate.templates import Template

__all__ = ["compose"]


class _Composer(Annexes):
    """The narrative parts around the tables (the template's order) and the whole document."""

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
