"""The performance annexes of a budget: the 部门整体支出绩效目标申报表 and each project's 项目支出绩效目标表, as
forms (label cells and texts) with the figures computed from the data.
"""

from __future__ import annotations

from decimal import Decimal

from budgetlens.generate.budget_tables import BudgetTables
from budgetlens.generate.data import Project
from budgetlens.generate.ledger import ZERO
from budgetlens.generate.printed import Cell, PrintedTable

__all__ = ["Annexes"]


class Annexes(BudgetTables):
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
