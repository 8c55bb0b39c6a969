"""BL624: an execution rate (执行率) stated beside its budget and its spending equals their ratio."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from budgetlens.check.intervals import Bounds, overlaps, practice_interval, practised_decimals
from budgetlens.check.registry import Rule, register
from budgetlens.check.rules.narrative_internal import in_money_unit
from budgetlens.model import ClaimMeasure, Document, Finding, Location
from budgetlens.model.document import Claim
from budgetlens.model.money import YUAN_PER_UNIT

HUNDRED = Decimal(100)
BUDGET_WORDS = ("预算",)
SPENT_WORDS = ("支出", "执行数", "执行", "实际")


def _yuan(claim: Claim, practice: dict[str, int | None]) -> Bounds:
    lo, hi = practice_interval(claim.value, claim.printed, practice.get(claim.unit))
    factor = YUAN_PER_UNIT.get(claim.unit, Decimal(1))
    return lo * factor, hi * factor


def _ratio(spent: Claim, budget: Claim, practice: dict[str, int | None]) -> Bounds | None:
    s_lo, s_hi = _yuan(spent, practice)
    b_lo, b_hi = _yuan(budget, practice)
    if b_lo <= 0:
        return None
    return max(s_lo, Decimal(0)) / b_hi * HUNDRED, s_hi / b_lo * HUNDRED


def sentence_rates(doc: Document) -> Iterator[tuple[Claim, Claim, Claim]]:
    """(rate, budget, spent) for each 执行率 stated after a budget amount and a spending amount."""
    before: list[Claim] = []
    key: tuple[int | None, str] | None = None
    for claim in doc.claims:
        here = (claim.paragraph_line, claim.sentence)
        if here != key:
            key, before = here, []
        if claim.measure is ClaimMeasure.SHARE and "执行率" in claim.subject:
            money = [c for c in before if c.measure is ClaimMeasure.AMOUNT and in_money_unit(c) and c.base is None]
            budget = next((c for c in reversed(money) if any(w in c.subject for w in BUDGET_WORDS)), None)
            spent = next(
                (c for c in reversed(money) if c is not budget and any(w in c.subject for w in SPENT_WORDS)), None
            )
            if budget is not None and spent is not None and money.index(budget) < money.index(spent):
                yield claim, budget, spent
        before.append(claim)


@register
class ExecutionRate(Rule):
    """An execution rate the text states equals the spending divided by the budget it states.

    What it checks: a sentence such as 项目预算收入35.5万元，支出9.74万元，预算资金执行率27.4% (or
    全年预算数…元，执行数…元，执行率…%) states a rate that contains spending / budget within the
    printed precision of all three numbers (interval arithmetic; where the document's stated rates,
    or its amounts of one unit, show two decimals and drop trailing zeros elsewhere, a figure printed
    6 is read as 6.00, see ``intervals.practised_decimals``). It applies to the 情况说明 and to the
    self-evaluation reports alike.
    Why it matters: 执行率 is the headline of a self-evaluation; a rate that its own figures do not
    give is either a typo or computed from other figures than those published.
    Failing example: 预算收入80万元，支出51.3万元，预算执行率65%.
    Passing example: 预算收入80万元，支出51.3万元，预算执行率64% (51.3 / 80 = 64.1%).
    Reference: 财政部《项目支出绩效评价管理办法》(财预〔2020〕10号) 预算执行率.
    """

    code = "BL624"
    slug = "narrative.execution-rate"
    title_zh = "文中所述执行率等于所述支出除以所述预算"
    template_zh = "第{line}行执行率为{actual}%，但所述支出{spent}÷预算{budget}为{expected}%"
    template_en = "Line {line}: the execution rate is {actual}% but spending {spent} / budget {budget} is {expected}%"
    reference = "财预〔2020〕10号"

    def check(self, doc: Document) -> Iterator[Finding]:
        found = list(sentence_rates(doc))
        # the precision the document's stated rates, and its amounts of each unit, practise
        at_rates = practised_decimals((rate.printed for rate, _, _ in found), rare=True)
        by_unit: dict[str, list[str]] = {}
        for _, budget, spent in found:
            for claim in (budget, spent):
                by_unit.setdefault(claim.unit, []).append(claim.printed)
        practice = {unit: practised_decimals(printed, rare=True) for unit, printed in by_unit.items()}
        for rate, budget, spent in found:
            ratio = _ratio(spent, budget, practice)
            if ratio is None:
                continue
            stated = practice_interval(rate.value, rate.printed, at_rates)
            if overlaps(stated, ratio):
                continue
            mid = (ratio[0] + ratio[1]) / 2
            line = rate.location.line
            evidence = tuple(sorted({c.location.line for c in (rate, budget, spent) if c.location.line}))
            yield self.finding(
                Location(line=line, text=rate.sentence[:120]),
                evidence=evidence,
                expected=f"{mid:.2f}",
                actual=rate.printed,
                line=line,
                budget=f"{budget.printed}{budget.unit}",
                spent=f"{spent.printed}{spent.unit}",
            )
