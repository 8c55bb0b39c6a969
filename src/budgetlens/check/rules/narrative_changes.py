"""BL609–BL610: changes against last year the narrative states (比上年增加C，增长Y%).

BL604 covers the budget narrative; BL609 is its final-account counterpart, where the current
amount often stands in the sentence before the change (支出决算A万元…。较上年决算减少C万元，下降Y%).
BL610 checks, for budgets and final accounts, that a stated comparison amount, the current amount
and the change add up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from budgetlens.check.intervals import Bounds, overlaps
from budgetlens.check.registry import Rule, register
from budgetlens.check.rules.narrative_final import table_cell
from budgetlens.check.rules.narrative_internal import same_sentence
from budgetlens.check.rules.narrative_rates import (
    BUDGET,
    HUNDRED,
    accepted,
    cell_money,
    final_claims,
    is_money,
    money,
    norm,
    ratio,
)
from budgetlens.check.rules.narrative_tables import _loc, _pct, _practice, _truncating
from budgetlens.model import Claim, ClaimMeasure, Document, Finding
from budgetlens.model.money import YUAN_PER_UNIT


def _current(paragraph: list[Claim], change: Claim) -> Claim | None:
    """The current-year amount a change refers to: the nearest earlier amount of the same subject in the
    paragraph (a subject that ends the change's subject counts: 支出总计 for 财政拨款支出总计), or, for a
    change without a subject, the nearest earlier 决算数 (or the paragraph's only amount)."""
    amounts = [c for c in paragraph if is_money(c) and not c.base and not BUDGET.search(norm(c.subject))]
    want = norm(change.subject)
    if not want:  # 较上年决算增加…: the paragraph's 决算数, or its only amount
        stated = [c for c in amounts if "决算" in c.subject]
        return stated[-1] if stated else amounts[0] if len(amounts) == 1 else None
    exact = [c for c in amounts if norm(c.subject) == want]
    if exact:
        return exact[-1]
    ends = [c for c in amounts if norm(c.subject) and want.endswith(norm(c.subject))]
    return ends[-1] if ends else None


def _yuan(claim: Claim) -> Decimal:
    return claim.value * YUAN_PER_UNIT[claim.unit]


@register
class FinalGrowthRates(Rule):
    """A change rate of a final account's narrative is the change over last year's amount.

    What it checks: in a final account's 情况说明, a rate Y% that follows a change of C (万元 or 元, same
    direction and subject) must equal C / (A − C) for an increase or C / (A + C) for a decrease, where A
    is the current amount the paragraph states before the change (the amount of the same subject, or
    the 决算数 just before a change without a subject), within the printed precision of A, C and Y. A
    rate equal to C / A is reported as computed on the wrong base (this year instead of last year). A
    rate that follows from the table's figure for A, where the sentence misstates A, is left to BL606.
    Why it matters: the base of a year-on-year change is last year's 决算; any other division
    misstates the change.
    Failing example: 支出决算数190.00万元…较上年决算增加76.00万元，增加47% (76.00 / 114.00 = 66.67%).
    Passing example: 支出决算66.00万元…较上年决算增加6.00万元，增长10% (6.00 / 60.00).
    Reference: 财预〔2016〕143号 (情况说明与报表一致).
    """

    code = "BL609"
    slug = "narrative.final-growth-rates"
    title_zh = "决算说明中的增减率是相对上年金额的变化"
    template_zh = "第{line}行{detail}"
    template_en = "Line {line}: {detail_en}"
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        claims = final_claims(doc)
        checked: list[tuple[Claim, Claim, Claim, Bounds, Bounds | None]] = []
        for i, rate in enumerate(claims):
            if (
                rate.measure is not ClaimMeasure.CHANGE
                or rate.unit != "%"
                or rate.direction not in ("increase", "decrease")
            ):
                continue
            before = same_sentence(claims, i)
            change = before[-1] if before else None
            if (
                change is None
                or change.measure is not ClaimMeasure.CHANGE
                or change.unit not in YUAN_PER_UNIT
                or change.direction != rate.direction
                or norm(change.subject) != norm(rate.subject)
            ):
                continue
            at = max(k for k in range(i) if claims[k] is change)
            paragraph = [
                c for c in claims[:at] if c.paragraph_line == rate.paragraph_line and c.section == rate.section
            ]
            current = _current(paragraph, change)
            c, a = money(change), money(current) if current else None
            if current is None or c is None or a is None:
                continue
            sign = -1 if rate.direction == "increase" else 1
            base = (a[0] + sign * c[1], a[1] + sign * c[0]) if sign < 0 else (a[0] + c[0], a[1] + c[1])
            right = ratio(c, base)
            if right is not None:
                checked.append((rate, change, current, right, ratio(c, a)))
        practice = _practice(doc)
        truncating = _truncating(doc, [(r, b) for r, _, _, b, _ in checked], practice)
        for rate, change, current, right, wrong in checked:
            if accepted(rate, right, truncating, practice):
                continue
            if _holds_on_table_amount(doc, rate, change, current, truncating, practice):
                continue  # the stated amount is the misprint (BL606), not the rate
            sign = -1 if rate.direction == "increase" else 1
            base_value = _yuan(current) + sign * _yuan(change)
            exact = _pct(_yuan(change) / base_value * HUNDRED)
            factor = YUAN_PER_UNIT[current.unit]
            base_text = f"{base_value / factor:,.2f}"
            unit = current.unit
            if wrong is not None and accepted(rate, wrong, truncating, practice):
                detail = (
                    f"说明变动率{rate.printed}%，是以本年数{current.printed}{unit}为基数计算的"
                    f"（{change.printed}÷{current.printed}）；应以上年数{base_text}{unit}为基数，为{exact}%"
                )
                detail_en = (
                    f"the rate {rate.printed}% is computed on the current year ({change.printed} / {current.printed}); "
                    f"on last year's {base_text} {unit} it is {exact}%"
                )
            else:
                detail = (
                    f"说明本年{current.printed}{unit}、比上年变动{change.printed}{change.unit}、变动率{rate.printed}%，"
                    f"按上年数{base_text}{unit}计算应为{exact}%"
                )
                detail_en = (
                    f"current {current.printed} {unit}, change {change.printed} {change.unit} stated as "
                    f"{rate.printed}%; on last year's {base_text} {unit} it is {exact}%"
                )
            yield self.finding(
                _loc(rate), expected=exact, actual=rate.printed, line=rate.location.line, detail=detail,
                detail_en=detail_en,
            )  # fmt: skip


def _holds_on_table_amount(
    doc: Document, rate: Claim, change: Claim, current: Claim, truncating: bool, practice: int | None
) -> bool:
    """The rate follows from the change and the table's figure for the current amount, which the sentence misstates."""
    named = table_cell(doc, current)
    c, a = money(change), money(current)
    if named is None or named[2].value is None or c is None or a is None:
        return False
    shown = cell_money(named[2])
    if shown is None or overlaps(a, shown):
        return False  # the sentence states the table's figure: nothing to explain the rate by
    sign = -1 if rate.direction == "increase" else 1
    base = (shown[0] + sign * c[1], shown[1] + sign * c[0]) if sign < 0 else (shown[0] + c[0], shown[1] + c[1])
    right = ratio(c, base)
    return right is not None and accepted(rate, right, truncating, practice)


@register
class ComparisonAmounts(Rule):
    """A stated comparison amount, the current amount and the change add up (比上年P减少C, 本年A).

    What it checks: in the 情况说明 of a budget or a final account, a sentence that states the current
    amount A, last year's amount P (比2025年预算P万元…) and the change C must have A = P + C for an
    increase and A = P − C for a decrease, within the printed precision of the three numbers.
    Why it matters: the change and its rate are derived from P; if the three do not add up, either
    the base or the change is wrong.
    Failing example: 预算80.00万元，比2025年预算84.00万元减少3.00万元.
    Passing example: 预算80.00万元，比2025年预算84.00万元减少4.00万元.
    Reference: 财预〔2016〕143号 (与上年对比说明增减变动).
    """

    code = "BL610"
    slug = "narrative.comparison-amounts"
    title_zh = "说明所述上年金额、本年金额与增减额相互吻合"
    template_zh = "第{line}行说明本年{current}{unit}、上年{prior}{unit}、{word}{change}{unit}，三者不符：应为{expected}"
    template_en = (
        "Line {line}: current {current} {unit}, last year {prior} {unit} and a change ({word_en}) of {change} {unit} "
        "do not add up: last year ± change is {expected}"
    )
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        claims = [c for c in doc.claims if c.location.line is not None]
        for i, change in enumerate(claims):
            if change.measure is not ClaimMeasure.CHANGE or change.unit not in YUAN_PER_UNIT:
                continue
            if change.direction not in ("increase", "decrease"):
                continue
            before = same_sentence(claims, i)
            prior = next((c for c in reversed(before) if is_money(c) and c.base), None)
            if prior is not None and prior.subject == change.subject:
                at = before.index(prior)
            else:  # 公务接待费0万元，比上年减少0.80万元，…2025年预算安排公务接待费0.8万元: the prior stated later
                prior, at = _stated_prior(claims, i, doc.fiscal_year), len(before)
                if prior is None:
                    continue
            current = next(
                (c for c in reversed(before[:at]) if is_money(c) and not c.base and c.subject == change.subject), None
            )
            p, c, a = money(prior), money(change), money(current) if current else None
            if current is None or p is None or c is None or a is None:
                continue
            implied = (p[0] + c[0], p[1] + c[1]) if change.direction == "increase" else (p[0] - c[1], p[1] - c[0])
            if overlaps(a, implied):
                continue
            sign = 1 if change.direction == "increase" else -1
            factor = YUAN_PER_UNIT[current.unit]
            expected = (
                prior.value * YUAN_PER_UNIT[prior.unit] + sign * change.value * YUAN_PER_UNIT[change.unit]
            ) / factor
            yield self.finding(
                _loc(change), expected=f"{expected:.2f}", actual=current.printed, line=change.location.line,
                current=current.printed, prior=prior.printed, change=change.printed, unit=current.unit,
                word="增加" if sign > 0 else "减少",
                word_en="an increase" if sign > 0 else "a decrease",
            )  # fmt: skip


_PAST = re.compile(r"(?:上一?年度?|(\d{4})\s*年)")


def _stated_prior(claims: list[Claim], i: int, fiscal_year: int | None) -> Claim | None:
    """A later amount of the same sentence for the changed item in an earlier year (上年度安排的X, 2025年…X)."""
    change = claims[i]
    for claim in claims[i + 1 :]:
        if claim.paragraph_line != change.paragraph_line or claim.sentence != change.sentence:
            return None
        if not is_money(claim) or claim.measure is not ClaimMeasure.AMOUNT or claim.base:
            continue
        if not claim.subject.endswith(change.subject) or claim.subject == change.subject:
            continue
        past = _PAST.search(claim.subject)
        if past and (past.group(1) is None or fiscal_year is None or int(past.group(1)) < fiscal_year):
            return claim
    return None
