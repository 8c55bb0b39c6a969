"""BL501: performance targets agree with the project table."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from budgetlens.check.registry import Rule, register
from budgetlens.model import Document, Finding, Location


@register
class TargetAmount(Rule):
    """A project's 年度资金总额 (元) equals its amount in the project table (万元).

    What it checks: for every 项目支出绩效目标表 linked to a row of 项目支出预算表（本年预算）, the
    年度资金总额 in 元, rounded half-up to 0.01 万元, equals the project's 合计.
    Why it matters: the performance target must cover exactly the money the budget gives the
    project; a difference means one of the two documents was not updated.
    Failing example: 年度资金总额 250,000 元 for a project budgeted at 24.00 万元.
    Passing example: 年度资金总额 240,000 元 for a project budgeted at 24.00 万元.
    Reference: 《项目支出绩效目标管理办法》; 财预〔2016〕143号 (绩效目标随预算公开).
    """

    code = "BL501"
    slug = "performance.target-amount"
    template_zh = (
        "项目“{name}”绩效目标表的年度资金总额为{annual}元（{actual}万元），项目支出预算表为{expected}万元（第{row_line}行）"
    )
    template_en = (
        "Project '{name}': the performance target's annual funds are {annual} yuan ({actual} × 10,000 yuan), "
        "the project table shows {expected} × 10,000 yuan (line {row_line})"
    )
    reference = "《项目支出绩效目标管理办法》"

    def check(self, doc: Document) -> Iterator[Finding]:
        tables = {t.id: t for t in doc.tables}
        for target in doc.targets:
            total = target.funds_annual.total
            if target.linked_row is None or total is None or total.value is None:
                continue
            table = tables[target.linked_row[0]]
            row = table.rows[target.linked_row[1]]
            printed = row.cells.get("total")
            if printed is None or printed.value is None:
                continue
            wan = (total.value / Decimal(10000)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            if wan == printed.value:
                continue
            loc = Location(line=target.location.line, line_end=target.location.line_end, table=table.id, row=row.index)
            yield self.finding(
                loc,
                expected=printed.printed,
                actual=format(wan, "f"),
                name=target.name,
                annual=total.printed,
                row_line=row.location.line,
            )
