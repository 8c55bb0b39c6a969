"""BL601: what the narrative says about the projects agrees with the project table."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from budgetlens.check.registry import Rule, register
from budgetlens.model import Amount, ClaimMeasure, Document, Finding, Location, RowRole
from budgetlens.model.money import interval

PROJECT_SUBJECTS = ("二级项目", "绩效目标管理的项目", "实行绩效目标管理的项目")


@register
class ProjectTotals(Rule):
    """The number and amount of projects the narrative states match the project table.

    What it checks: a sentence of the 绩效管理情况 section such as 纳入绩效目标管理的二级项目N个，
    共计金额X万元 states N equal to the project rows of 项目支出预算表（本年预算） and X equal to
    the table's total (interval arithmetic on the printed decimals).
    Why it matters: readers quote the narrative; it must say what the tables say.
    Failing example: 二级项目36个 while the project table lists 35 projects.
    Passing example: 二级项目35个，共计金额1,789.88万元 with 35 rows totalling 1,789.88.
    Reference: 财预〔2016〕143号 (情况说明与报表一致).
    """

    code = "BL601"
    slug = "narrative.project-totals"
    title_zh = "说明所述项目个数和金额与项目支出表一致"
    template_zh = "第{line}行说明“{subject}”为{actual}{unit}，项目支出预算表为{expected}{unit}"
    template_en = (
        "Line {line}: the narrative states '{subject}' as {actual} {unit}, the project table shows {expected} {unit}"
    )
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        table = doc.table("budget.projects")
        if table is None or not table.rows:
            return
        projects = [r for r in table.rows if r.role is RowRole.PROJECT]
        top = [r for r in table.rows if r.parent is None]
        total = sum((r.cells.get("total", Amount(value=None)).value or Decimal(0) for r in top), Decimal(0))
        seen: set[tuple[int | None, str]] = set()
        for claim in doc.claims:
            if not any(s in claim.subject for s in PROJECT_SUBJECTS):
                continue
            key = (claim.paragraph_line, claim.measure.value)
            if key in seen:
                continue
            seen.add(key)
            if claim.measure is ClaimMeasure.COUNT:
                expected: Decimal = Decimal(len(projects))
                ok = claim.value == expected
            elif claim.measure is ClaimMeasure.AMOUNT and claim.unit == "万元":
                expected = total
                lo, hi = interval(claim.value, len(claim.printed.rsplit(".", 1)[1]) if "." in claim.printed else 0)
                ok = lo <= total <= hi
            else:
                continue
            if not ok:
                loc = Location(line=claim.location.line, table=table.id, text=claim.sentence[:120])
                yield self.finding(
                    loc,
                    expected=expected,
                    actual=claim.printed,
                    line=claim.location.line,
                    subject=claim.subject,
                    unit=claim.unit,
                )
