"""BL607–BL610: completion and change rates the narrative of a final account states.

A rate is only checked against figures the document itself prints: the amounts of the same
sentence (or, for a change, of the same paragraph), or a cell of the 三公 table. Every comparison
is by interval arithmetic on the printed precision; a percentage is accepted as truncated only
when the document evidently truncates (BL603's test).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from budgetlens.check.intervals import Bounds, overlaps
from budgetlens.check.registry import Rule, register
from budgetlens.check.rules.narrative_internal import claim_bounds, same_sentence
from budgetlens.check.rules.narrative_tables import _bounds, _loc, _pct, _practice, _truncated, _truncating
from budgetlens.model import Amount, Claim, ClaimMeasure, Document, DocumentKind, Finding, Severity
from budgetlens.model.money import YUAN_PER_UNIT

HUNDRED = Decimal(100)
_QUOTES = re.compile(r"[\s\u3000“”\"'‘’]")
_LEAD_YEAR = re.compile(r"^(?:\d{4}年度?|本年度?)")
COMPLETION = re.compile(r"^完成(?:年初|全年)?预算数?$")
BUDGET = re.compile(r"(?:年初|全年)?预算数?$")
# 三公 item (normalised subject, 支出 optional) -> column key of the transposed final 三公 table
THREE_PUBLIC_ITEMS: list[tuple[str, re.Pattern[str]]] = [
    ("vehicles", re.compile(r"公务用车购置及运行(?:维护)?费(?:支出)?")),
    ("abroad", re.compile(r"因公出国[（(]?境[）)]?费(?:用)?(?:支出)?")),
    ("vehicle_purchase", re.compile(r"公务用车购置(?:费)?(?:支出)?")),
    ("vehicle_running", re.compile(r"公务用车运行(?:维护)?费(?:支出)?")),
    ("reception", re.compile(r"公务接待费(?:支出)?")),
]


def norm(subject: str) -> str:
    """A subject without spaces, quotes, leading year, 决算 and a trailing 数 (for matching only)."""
    text = _LEAD_YEAR.sub("", _QUOTES.sub("", subject)).replace("决算", "")
    return text[:-1] if text.endswith("数") and not text.endswith("预算数") else text


def item_key(subject: str) -> str | None:
    text = norm(subject)
    return next((k for k, p in THREE_PUBLIC_ITEMS if p.fullmatch(text)), None)


def money(claim: Claim) -> Bounds | None:
    """The interval of a money claim in 元 (None for a percentage or a count)."""
    return claim_bounds(claim) if claim.unit in YUAN_PER_UNIT else None


def cell_money(cell: Amount) -> Bounds | None:
    factor = YUAN_PER_UNIT.get(cell.unit)
    if factor is None or (cell.value is None and cell.printed and not cell.constraint):
        return None  # a count, or debris nobody could settle
    lo, hi = cell.bounds()
    return lo * factor, hi * factor


def ratio(part: Bounds, whole: Bounds) -> Bounds | None:
    """part / whole in percent, or None when the whole may be zero."""
    if whole[0] <= 0:
        return None
    return max(part[0], Decimal(0)) / whole[1] * HUNDRED, part[1] / whole[0] * HUNDRED


def is_money(claim: Claim) -> bool:
    return claim.measure is ClaimMeasure.AMOUNT and claim.unit in YUAN_PER_UNIT


def final_claims(doc: Document) -> list[Claim]:
    if doc.kind is not DocumentKind.FINAL_ACCOUNT:
        return []
    return [c for c in doc.claims if c.location.line is not None]


def accepted(share: Claim, expect: Bounds, truncating: bool, practice: int | None = None) -> bool:
    """Does a stated rate contain ``expect`` at its group's ``practice`` (truncated if the document truncates)?"""
    return overlaps(_bounds(share, practice), expect) or (truncating and overlaps(_truncated(share, practice), expect))


def _exact(part: Claim, whole_yuan: Decimal) -> str:
    factor = YUAN_PER_UNIT[part.unit]
    return _pct(part.value * factor / whole_yuan * HUNDRED) if whole_yuan else "—"


def _completions(claims: list[Claim]) -> Iterator[tuple[Claim, Claim, Claim | None]]:
    """(rate, actual amount, budget amount stated in the same sentence or None) of 完成…预算的X%."""
    for i, share in enumerate(claims):
        if share.measure is not ClaimMeasure.SHARE or share.unit != "%" or not COMPLETION.match(norm(share.subject)):
            continue
        amounts = [c for c in same_sentence(claims, i) if is_money(c) and not c.base]
        if not amounts or BUDGET.search(norm(amounts[-1].subject)):
            continue
        yield share, amounts[-1], _budget_of(share, amounts[:-1])


def _budget_of(share: Claim, amounts: list[Claim]) -> Claim | None:
    """The 预算数 a completion rate divides by: the one its wording names (年初/全年) if several are stated."""
    budgets = [c for c in amounts if BUDGET.search(norm(c.subject))]
    word = next((w for w in ("年初", "全年") if w in share.subject), None)
    named = [c for c in budgets if word and word in c.subject]
    if named:
        return named[-1]
    return budgets[0] if len(budgets) == 1 else None


@register
class CompletionRateStated(Rule):
    """A completion rate (完成年初预算的X%) equals the 决算数 divided by the 预算数 stated beside it.

    What it checks: in a final account's 情况说明, a sentence that states a 预算数 B (年初预算, 全年预算)
    and a 决算数 A and then 完成…预算的X% must have X = A / B, judged by the printed precision of A, B
    and X (万元 and 元 converted).
    Why it matters: the sentence contradicts itself; the reader cannot tell which of the three
    numbers is wrong.
    Failing example: 全年预算6.00万元，支出决算6.00万元，完成全年预算的80.00%.
    Passing example: 年初预算200.00万元，支出决算210.00万元，完成年初预算的105.00%.
    Reference: 财预〔2016〕143号 (情况说明与报表一致).
    """

    code = "BL607"
    slug = "narrative.final-completion-rates"
    title_zh = "完成率（完成年初预算的X%）等于决算数除以同句所列的预算数"
    template_zh = (
        "第{line}行说明决算{amount}{unit}完成预算的{actual}%，按同句所列预算数{budget}{budget_unit}计算应为{expected}%"
    )
    template_en = (
        "Line {line}: {amount} {unit} is stated as {actual}% of the budget, but the budget stated in the same "
        "sentence, {budget} {budget_unit}, gives {expected}%"
    )
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        checked: list[tuple[Claim, Claim, Claim, Bounds]] = []
        for share, actual, budget in _completions(final_claims(doc)):
            a, b = money(actual), money(budget) if budget else None
            expect = ratio(a, b) if a and b else None
            if budget is not None and expect is not None:
                checked.append((share, actual, budget, expect))
        practice = _practice(doc)
        truncating = _truncating(doc, [(s, r) for s, _, _, r in checked], practice)
        for share, actual, budget, expect in checked:
            if accepted(share, expect, truncating, practice):
                continue
            whole = budget.value * YUAN_PER_UNIT[budget.unit]
            yield self.finding(
                _loc(share), expected=_exact(actual, whole), actual=share.printed, line=share.location.line,
                amount=actual.printed, unit=actual.unit, budget=budget.printed, budget_unit=budget.unit,
            )  # fmt: skip


@register
class CompletionRateTable(Rule):
    """A 三公 completion rate whose budget the sentence does not state agrees with the table's 预算数.

    What it checks: in a final account's 情况说明, 完成全年预算的X% after a 三公 item's 决算数 A (因公出国
    （境）费, 公务用车购置费, 公务用车运行维护费, 公务接待费), when the sentence states no 预算数, against A
    divided by the item's 预算数 in the 财政拨款“三公”经费支出决算表; reported as a warning, because the
    rate may have been computed on a budget the document does not publish (年初预算).
    Why it matters: the only budget the reader can see is the table's; a rate that does not follow
    from it cannot be verified.
    Failing example: 公务接待费支出1.00万元，完成全年预算的40.00% while the table's 预算数 is 1.00.
    Passing example: 公务接待费支出0.04万元，完成全年预算的100.00% with 预算数 0.04.
    Reference: 财预〔2016〕143号 (情况说明与报表一致).
    """

    code = "BL608"
    slug = "narrative.final-completion-table"
    title_zh = "句中未列预算数的“三公”完成率与表中预算数一致"
    severity = Severity.WARNING
    template_zh = (
        "第{line}行说明“{subject}”{amount}{unit}完成全年预算的{actual}%，但表“{table}”预算数为{budget}{budget_unit}，"
        "按此应为{expected}%（所依据的预算数未公开）"
    )
    template_en = (
        "Line {line}: '{subject}' {amount} {unit} is stated as {actual}% of the budget, but table '{table}' shows "
        "a budget of {budget} {budget_unit}, which gives {expected}% (the budget used is not published)"
    )
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        table = doc.table("final.three_public")
        if table is None:
            return
        checked: list[tuple[Claim, Claim, Amount, Bounds]] = []
        for share, actual, budget in _completions(final_claims(doc)):
            key = item_key(actual.subject)
            if budget is not None or key is None or "三公" not in actual.section:
                continue
            cell = next((r.cells[f"budget.{key}"] for r in table.rows if f"budget.{key}" in r.cells), None)
            b = cell_money(cell) if cell is not None else None
            a = money(actual)
            expect = ratio(a, b) if a and b else None
            if cell is not None and expect is not None:
                checked.append((share, actual, cell, expect))
        practice = _practice(doc)
        truncating = _truncating(doc, [(s, r) for s, _, _, r in checked], practice)
        for share, actual, cell, expect in checked:
            if accepted(share, expect, truncating, practice):
                continue
            whole = (cell.value or Decimal(0)) * YUAN_PER_UNIT[cell.unit]
            yield self.finding(
                _loc(share, table.id), expected=_exact(actual, whole), actual=share.printed, line=share.location.line,
                subject=actual.subject, amount=actual.printed, unit=actual.unit, table=table.title,
                budget=cell.printed, budget_unit=cell.unit,
            )  # fmt: skip
