"""BL615: shares the narrative of a final account states (X元，占比Y% / 占本年支出合计的Y%).

BL603 covers a budget's plain shares; a budget's shares that name their base are checked here too.
In a final account a section often states its total in one paragraph
(2024年度收入合计A万元，其中：) and each part with its share in the next ones, so the whole of a plain
占比 is the section's first amount; a share that names its base (占政府采购支出总额的…) is divided by
the amount of that name stated earlier in the narrative. A base that names no stated amount is
skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetlens.check.intervals import Bounds
from budgetlens.check.registry import Rule, register
from budgetlens.check.rules.narrative_internal import same_sentence
from budgetlens.check.rules.narrative_rates import (
    COMPLETION,
    HUNDRED,
    accepted,
    is_money,
    money,
    norm,
    ratio,
)
from budgetlens.check.rules.narrative_tables import _loc, _pct, _practice, _truncating
from budgetlens.model import Claim, ClaimMeasure, Document, Finding
from budgetlens.model.enums import DocumentKind
from budgetlens.model.money import YUAN_PER_UNIT

_PLAIN = {"比", "比例", "比重"}
_KINDS = (DocumentKind.FINAL_ACCOUNT, DocumentKind.BUDGET)


def _key(text: str) -> str:
    return re.sub(r"^本年", "", norm(text))


def _shares(claims: list[Claim]) -> Iterator[tuple[Claim, Claim, Claim]]:
    """(share, its amount, the whole) for every share whose whole the narrative states."""
    for i, share in enumerate(claims):
        if share.measure is not ClaimMeasure.SHARE or share.unit != "%" or COMPLETION.match(norm(share.subject)):
            continue
        amount = next((c for c in reversed(same_sentence(claims, i)) if is_money(c) and not c.base), None)
        if amount is None or norm(amount.subject) != norm(share.subject):
            continue
        at = next(k for k, c in enumerate(claims) if c is amount)
        earlier = [c for c in claims[:at] if is_money(c) and not c.base]
        if share.base is None or share.base in _PLAIN:
            # the whole: the one amount of the section before it that is not itself a listed part
            wholes = [c for c in earlier if c.section == share.section and not _own_plain_share(claims, c)]
            if len(wholes) != 1:
                continue
            yield share, amount, wholes[0]
        else:
            want = _key(share.base)
            named = next((c for c in reversed(earlier) if _key(c.subject) == want), None)
            if named is not None:
                yield share, amount, named


def _own_plain_share(claims: list[Claim], amount: Claim) -> bool:
    """Does the amount carry a plain 占比 of its own (then it is a part, not the whole)?"""
    at = next(i for i, c in enumerate(claims) if c is amount)
    nxt = claims[at + 1] if at + 1 < len(claims) else None
    return (
        nxt is not None
        and nxt.measure is ClaimMeasure.SHARE
        and nxt.sentence == amount.sentence
        and (nxt.base is None or nxt.base in _PLAIN)
    )


@register
class FinalNarrativeShares(Rule):
    """A share the narrative of a final account states equals its amount divided by the whole.

    What it checks: in a final account's 情况说明, a share Y% stated after an amount X of the same
    subject (X，占比Y%) against X divided by the section's whole (收入合计, 支出合计, 财政拨款支出 …: the
    only earlier amount of the section that is not itself a listed part); a share that names its
    base (占本年支出合计的Y%, 占政府采购支出总额的Y%) against the amount of that name stated earlier;
    in a budget's 情况说明 the shares that name their base are checked the same way.
    Judged by the printed precision of X, the whole and Y (万元 and 元 converted); truncated
    percentages are accepted only when the document truncates consistently.
    Why it matters: shares are what readers compare; a share that is not X / whole misinforms.
    Failing example: 支出合计200.00万元，其中：基本支出150.00万元，占比57.00%.
    Passing example: 基本支出150.00万元，占比75.00%.
    Reference: 财预〔2016〕143号 (情况说明与报表一致).
    """

    code = "BL615"
    slug = "narrative.final-shares"
    title_zh = "决算说明所述占比等于该金额除以总额"
    template_zh = (
        "第{line}行说明“{subject}”{amount}{unit}占{actual}%，按“{whole}”{whole_amount}{whole_unit}计算应为{expected}%"
    )
    template_en = (
        "Line {line}: '{subject}' {amount} {unit} is stated as {actual}% but is {expected}% of "
        "'{whole}' {whole_amount} {whole_unit}"
    )
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        checked: list[tuple[Claim, Claim, Claim, Bounds]] = []
        located = [c for c in doc.claims if c.location.line is not None]
        for share, amount, whole in _shares(located if doc.kind in _KINDS else []):
            if doc.kind is DocumentKind.BUDGET and (share.base is None or share.base in _PLAIN):
                continue  # a budget's plain shares are BL603's
            a, w = money(amount), money(whole)
            expect = ratio(a, w) if a and w else None
            if expect is not None:
                checked.append((share, amount, whole, expect))
        practice = _practice(doc)
        truncating = _truncating(doc, [(s, r) for s, _, _, r in checked], practice)
        for share, amount, whole, expect in checked:
            if accepted(share, expect, truncating, practice):
                continue
            exact = amount.value * YUAN_PER_UNIT[amount.unit] / (whole.value * YUAN_PER_UNIT[whole.unit]) * HUNDRED
            yield self.finding(
                _loc(share), expected=_pct(exact), actual=share.printed, line=share.location.line,
                subject=share.subject, amount=amount.printed, unit=amount.unit, whole=whole.subject,
                whole_amount=whole.printed, whole_unit=whole.unit,
            )  # fmt: skip
