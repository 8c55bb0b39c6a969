"""BL630: an amount a project's own description states against the project's amount in the tables.

Two places name a project's money in words: the texts of its 项目支出绩效目标表 (项目概况, 实施计划, 年度目标:
"2026年财政预算资金安排103.50万元") and a 项目经费情况说明 part whose 年度预算安排 lists the quarterly
payment plan (第一季度用款计划X万元 … 第四季度用款计划X万元). Descriptions mostly cost out parts of a project
(办公费3万元, 每人3500元) or round (约需85万元), so only explicit budget phrases and a complete four-quarter
plan are compared, and only with a project identified without doubt: the target the text belongs to, or the
single project of the tables whose name the part prints.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from budgetlens.check.registry import Rule, register
from budgetlens.model import Claim, ClaimMeasure, Document, Finding, Location, PerformanceTarget, RowRole, Severity

_WAN = Decimal(10000)
# 项目预算X万元 / 预算资金X元 / 财政预算资金安排X万元; 约、预计、左右 mark an estimate, which is not compared
_BUDGET = re.compile(
    r"(?<![约计])(?:项目预算|预算资金)(?:金额|资金|总额)?(?:为|共计|共|安排|合计)?[:：]?"
    r"([\d,]+(?:\.\d+)?)(万元|元)(?!左右)"
)
_QUARTER = re.compile(r"第([一二三四])季度用款计划$")
_PART = ("项目经费情况说明", "项目概况")
_LOOK_BACK = 40  # lines from a quarterly plan back to the heading of its part


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _yuan(value: Decimal, unit: str) -> Decimal:
    return value * _WAN if unit == "万元" else value


def _show(value: Decimal) -> str:
    return f"{value / _WAN:,.2f}万元"


def _funds(target: PerformanceTarget) -> list[Decimal]:
    """The target's 年度 and 实施期 totals in 元 (the table prints 元, the overall table 万元)."""
    out = []
    for amount in (target.funds_annual.total, target.funds_period.total):
        if amount is not None and amount.value is not None:
            out.append(_yuan(amount.value, amount.unit or "元"))
    return out


@register
class ProjectDescriptionAmount(Rule):
    """An amount a project's description names equals the project's amount in the tables.

    What it checks: an explicit budget phrase in the texts of a 项目支出绩效目标表 (项目预算X万元, 预算资金X元,
    财政预算资金安排X万元) equals the table's 年度资金总额 or 实施期资金总额; the four quarters of a 项目经费情况说明
    (第一季度用款计划X万元 … 第四季度) add up to the 项目支出预算表 amount of the one project the part names (or
    the 年度资金总额 of its target). Estimates (约、预计、左右), cost items and plans whose project is not named
    unambiguously are not compared.
    Why it matters: the description is what readers take the project to cost; a different figure in the table
    means one of them was not updated.
    Failing example: 年度目标 “2026年财政预算资金安排12.00万元” in a target table with 年度资金总额 100,000.
    Passing example: “2026年财政预算资金安排10.00万元” with 年度资金总额 100,000.
    Reference: 财预〔2016〕143号 (情况说明与报表一致); 《项目支出绩效目标管理办法》.
    """

    code = "BL630"
    slug = "narrative.project-description-amount"
    title_zh = "项目说明中的金额等于表中该项目的金额"
    severity = Severity.WARNING
    template_zh = "第{line}行项目“{name}”的说明写明{stated_zh}，但{table_zh}为{expected}"
    template_en = "Line {line}: the description of project '{name}' states {stated_en}, but {table_en} is {expected}"
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        for target in doc.targets:
            if target.kind == "project" and target.name:
                yield from self._target(doc, target)
        yield from self._quarters(doc)

    def _target(self, doc: Document, target: PerformanceTarget) -> Iterator[Finding]:
        funds = _funds(target)
        if not funds:
            return
        seen: set[str] = set()
        for text in target.texts.values():
            for m in _BUDGET.finditer(_compact(text)):
                printed = m.group(1) + m.group(2)
                value = _yuan(Decimal(m.group(1).replace(",", "")), m.group(2))
                if printed in seen or value in funds:
                    continue
                seen.add(printed)
                line = _line_of(doc, target, m.group(1))
                shown = " / ".join(dict.fromkeys(_show(f) for f in funds))
                yield self.finding(
                    Location(line=line, text=m.group(0)), expected=shown, actual=printed,
                    line=line, name=target.name, stated_zh=f"“{m.group(0)}”", stated_en=f"'{m.group(0)}'",
                    table_zh="其绩效目标表的年度/实施期资金总额", table_en="the target table's annual / period total",
                )  # fmt: skip

    def _quarters(self, doc: Document) -> Iterator[Finding]:
        paragraphs: dict[int | None, list[Claim]] = {}
        for c in doc.claims:
            if c.measure is ClaimMeasure.AMOUNT and c.unit == "万元" and _QUARTER.search(_compact(c.subject)):
                paragraphs.setdefault(c.paragraph_line, []).append(c)
        for claims in paragraphs.values():
            quarters = {_QUARTER.search(_compact(c.subject)).group(1): c for c in claims}  # type: ignore[union-attr]
            if len(quarters) != 4 or len(claims) != 4:
                continue
            first = claims[0]
            name = _named_project(doc, first.location.line)
            if name is None:
                continue
            amounts = _project_amounts(doc, name)
            total = sum((c.value for c in claims), Decimal(0))
            if not amounts or any(abs(a - total) <= Decimal("0.02") for a in amounts):
                continue
            stated = f"{total:,.2f}"
            yield self.finding(
                Location(line=first.location.line, text=first.sentence[:120]),
                expected=" / ".join(f"{a:,.2f}万元" for a in amounts), actual=f"{stated}万元",
                line=first.location.line, name=name, stated_zh=f"四个季度用款计划合计{stated}万元",
                stated_en=f"quarterly payment plans adding up to {stated} (10,000 yuan)",
                table_zh="项目支出预算表中该项目的金额", table_en="the project's amount in the project tables",
            )  # fmt: skip


def _line_of(doc: Document, target: PerformanceTarget, number: str) -> int | None:
    """The line of the target's table that prints the number (the table's first line when none does)."""
    start, end = target.location.line or 0, target.location.line_end or target.location.line or 0
    for line, text, _ in doc.source_lines:
        if start <= line <= end and number in _compact(text):
            return line
    return target.location.line


def _project_names(doc: Document) -> set[str]:
    names = {_compact(r.name) for t in doc.tables_of("budget.projects") for r in t.rows if r.role is RowRole.PROJECT}
    names |= {_compact(t.name) for t in doc.targets if t.kind == "project" and t.name}
    return {n for n in names if len(n) >= 4}


def _named_project(doc: Document, line: int | None) -> str | None:
    """The one project name of the tables the part before ``line`` prints (from its 项目经费情况说明 heading)."""
    if line is None:
        return None
    before = [(n, _compact(t)) for n, t, _ in doc.source_lines if line - _LOOK_BACK <= n <= line]
    heads = [i for i, (_, text) in enumerate(before) if any(text.startswith(p) or text.endswith(p) for p in _PART)]
    if not heads:
        return None
    block = "".join(text for _, text in before[heads[0] :])
    found = {name for name in _project_names(doc) if name in block}
    found = {n for n in found if not any(n != m and n in m for m in found)}  # the longest of nested names
    return found.pop() if len(found) == 1 else None


def _project_amounts(doc: Document, name: str) -> list[Decimal]:
    """The project's amounts (万元): its rows of the project table, else its target's 年度资金总额."""
    rows = [
        r.cells["total"].value
        for t in doc.tables_of("budget.projects")
        for r in t.rows
        if r.role is RowRole.PROJECT and _compact(r.name) == name and "total" in r.cells
    ]
    amounts = {v for v in rows if v is not None}
    if not amounts:
        for target in doc.targets:
            total = target.funds_annual.total
            if target.kind == "project" and _compact(target.name) == name and total and total.value is not None:
                amounts.add(_yuan(total.value, total.unit or "元") / _WAN)
    return sorted(amounts) if len(amounts) == 1 else []
