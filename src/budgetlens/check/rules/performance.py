"""BL501: targets agree with the project table; BL507: self-evaluation rates at the document's precision."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from budgetlens.check.intervals import Bounds, overlaps, practice_interval, practised_decimals
from budgetlens.check.registry import Rule, register
from budgetlens.model import Document, Finding, Location, PerformanceTarget, Severity
from budgetlens.model.money import decimals_of, interval

HUNDRED = Decimal(100)
SELF_EVAL_AMOUNTS = ("年初预算数", "全年预算数", "全年执行数", "结余")


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
    title_zh = "项目年度资金总额（元）等于项目支出表中的金额（万元）"
    template_zh = (
        "项目“{name}”绩效目标表的年度资金总额为{annual}元（{actual}万元），"
        "项目支出预算表为{expected}万元（第{row_line}行）"
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


def _self_evals(doc: Document) -> list[PerformanceTarget]:
    return [t for t in doc.targets if t.kind == "self_eval"]


def self_eval_practice(doc: Document) -> dict[str, tuple[int | None, int | None]]:
    """Per form (表式) of the document's self-evaluations: the precision its amounts and its rates practise.

    A form is filled in one system and printed in one format, so the group is every printed amount
    (年初预算数, 全年预算数, 全年执行数, 结余) and every 执行率 of the document's self-evaluations of that
    form (see ``intervals.practised_decimals``).
    """
    forms: dict[str, tuple[list[str], list[str]]] = {}
    for target in _self_evals(doc):
        amounts, rates = forms.setdefault(target.facts.get("表式", ""), ([], []))
        amounts += [target.facts[k] for k in SELF_EVAL_AMOUNTS if target.facts.get(k)]
        if target.facts.get("执行率"):
            rates.append(target.facts["执行率"])
    return {form: (practised_decimals(a), practised_decimals(r)) for form, (a, r) in forms.items()}


def _rate_range(spent: Bounds, budget: Bounds) -> Bounds | None:
    if budget[0] <= 0:
        return None
    return max(spent[0], Decimal(0)) / budget[1] * HUNDRED, spent[1] / budget[0] * HUNDRED


@register
class SelfEvalRatePractice(Rule):
    """A self-evaluation's 执行率 equals 执行数 / 预算数 read at the precision the document's forms practise.

    What it checks: where the self-evaluation forms of one kind print their amounts (or their rates)
    with two decimals and drop trailing zeros elsewhere (a spreadsheet's General format: at least
    three figures with two decimals, none with more, no fraction ending in 0), a figure printed 6 is
    6.00, not 5.5–6.5; the printed 执行率 must contain 全年执行数 / 全年预算数 at that precision. Only
    rates that agree at their own printed precision are judged here (a rate that does not is BL514's).
    Why it matters: read at ±0.5 a trimmed figure hides a rate its own form does not give.
    Failing example: forms printing 46.47, 43.48, 2.95, 15.15 and a project with 13.3 budgeted, 6 spent, 45.56%.
    Passing example: the same project stating 45.11% (6.00 / 13.30).
    Reference: 《项目支出绩效评价管理办法》 (财预〔2020〕10号).
    """

    code = "BL507"
    slug = "performance.self-eval-rate-practice"
    title_zh = "按文件表格通行的精度，自评执行率等于执行数÷预算数"
    severity = Severity.WARNING
    template_zh = (
        "项目“{name}”的执行率{rate}与全年执行数÷全年预算数（{spent}÷{budget}≈{computed}%）不符"
        "（本文件自评表金额印至{decimals}位小数，{spent}即{spent_at}）"
    )
    template_en = (
        "The execution rate {rate} of '{name}' disagrees with spent/budget ({spent}/{budget} ≈ {computed}%); "
        "the document's forms print {decimals} decimals, so {spent} is {spent_at}"
    )
    reference = "财预〔2020〕10号"

    def check(self, doc: Document) -> Iterator[Finding]:
        practice = self_eval_practice(doc)
        for target in _self_evals(doc):
            facts = target.facts
            texts = [facts.get("执行率", "").rstrip("%"), facts.get("全年执行数", ""), facts.get("全年预算数", "")]
            if not all(texts):
                continue
            try:
                rate, spent, budget = (Decimal(t) for t in texts)
            except ArithmeticError:
                continue
            at_amounts, at_rates = practice.get(facts.get("表式", ""), (None, None))
            if at_amounts is None and at_rates is None:
                continue
            own = _rate_range(interval(spent, decimals_of(texts[1])), interval(budget, decimals_of(texts[2])))
            if own is None or not overlaps(interval(rate, decimals_of(texts[0])), own):
                continue  # BL514 judges a rate that disagrees at its own precision
            tight = _rate_range(
                practice_interval(spent, texts[1], at_amounts), practice_interval(budget, texts[2], at_amounts)
            )
            if tight is None or overlaps(practice_interval(rate, texts[0], at_rates), tight):
                continue
            yield self.finding(
                target.location,
                expected=f"{spent / budget * HUNDRED:.2f}",
                actual=texts[0],
                name=target.name,
                rate=facts["执行率"],
                spent=texts[1],
                budget=texts[2],
                computed=f"{spent / budget * HUNDRED:.2f}",
                decimals=at_amounts if at_amounts is not None else at_rates,
                spent_at=format(spent.quantize(Decimal(1).scaleb(-(at_amounts or 0))), "f"),
            )
