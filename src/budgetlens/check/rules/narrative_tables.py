"""BL602–BL605: the 情况说明 of a budget against its tables and against itself.

Claims (``Document.claims``) carry the section title they stand under; the first eight sections of
第三部分 each describe one table, so a claim is only compared with a table figure when its section
and its subject name that figure unambiguously. Nothing is guessed: a subject that matches no entry
of the section's map (e.g. a misspelt 类 name) is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from budgetlens.check.intervals import practice_interval, practised_decimals
from budgetlens.check.registry import Rule, register
from budgetlens.check.rules.completeness_profile import three_public_item
from budgetlens.check.rules.narrative_internal import same_sentence
from budgetlens.model import Amount, ClaimMeasure, Document, Finding, Location, RowRole
from budgetlens.model.document import Claim, Row, Table
from budgetlens.model.enums import DocumentKind
from budgetlens.model.money import YUAN_PER_UNIT, decimals_of

Bounds = tuple[Decimal, Decimal]
HUNDRED = Decimal(100)
_ORDINAL = re.compile(r"^[一二三四五六七八九十]+、")
_YEAR = re.compile(r"(\d{4})\s*年")


# short titles of run-in sub-headings (（二）收入预算。本年收入…) in templates with one 情况说明 section
_RUN_IN_TITLE = {"收入预算": "two", "部门收入预算": "two", "支出预算": "three", "部门支出预算": "three"}


def _section(title: str) -> str | None:
    """Which of the sections 一…八 of 第三部分 a claim stands in (by the heading's text)."""
    if "三公" in title:
        return "seven"
    if "机关运行经费" in title:
        return "eight"
    if "基本支出" in title:
        return "six"
    if "一般公共预算" in title and "支出" in title:
        return "five"
    if "财政拨款收支" in title:
        return "four"
    if "支出预算情况" in title or _RUN_IN_TITLE.get(title) == "three":
        return "three"
    if "收入预算情况" in title or _RUN_IN_TITLE.get(title) == "two":
        return "two"
    if "收支数据变动" in title or "收支总体情况" in title or "预算编制说明" in title:
        return "one"  # a template's single 预算编制说明 restates the totals as 一 does
    return None


def _bounds(claim: Claim, practice: int | None = None) -> Bounds:
    """The interval of a stated number, at the precision its group practises (``intervals.practised_decimals``)."""
    return practice_interval(claim.value, claim.printed, practice)


def _practice(doc: Document) -> int | None:
    """The precision the narrative's percentages practise: every percentage the text states is the group.

    Prose is typed, and a writer rounds at will (增加0.4% for 0.42%), so besides the evidence tables
    need, the shorter percentages must be rare, as trimmed zeros make them (``rare=True``).
    """
    return practised_decimals((c.printed for c in doc.claims if c.unit == "%"), rare=True)


def _overlaps(a: Bounds, b: Bounds) -> bool:
    return not (a[1] < b[0] or b[1] < a[0])


def _loc(claim: Claim, table: str | None = None) -> Location:
    return Location(line=claim.location.line, table=table, text=claim.sentence[:120])


def _pct(value: Decimal) -> str:
    """A rate as a document prints it: two decimals, rounded half up (108.125 -> 108.13)."""
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _budget_claims(doc: Document) -> list[Claim]:
    if doc.kind is not DocumentKind.BUDGET:
        return []
    return [c for c in doc.claims if c.location.line is not None and _section(c.section)]


# --------------------------------------------------------------------------------------------------
# BL602: amounts against the tables


@dataclass(frozen=True)
class _Target:
    kind: str  # table kind
    row: str  # row name (ordinal prefix stripped), or "*" for a 类 row found by the subject
    column: str
    side: str | None = None


_S1_INCOME = {
    "预算收入总计": _Target("budget.summary", "收入总计", "income", "income"),
    "部门收支总预算": _Target("budget.summary", "收入总计", "income", "income"),
    "收支总预算": _Target("budget.summary", "收入总计", "income", "income"),
    "收入总计": _Target("budget.summary", "收入总计", "income", "income"),
    "本年收入": _Target("budget.summary", "本年收入合计", "income", "income"),
    "上年结转": _Target("budget.summary", "上年结转", "income", "income"),
}
_S1_SPEND = {
    "支出总计": _Target("budget.summary", "支出总计", "expenditure.total", "expenditure"),
    "本年预算安排": _Target("budget.summary", "支出总计", "expenditure.current", "expenditure"),
    "上年结转": _Target("budget.summary", "支出总计", "expenditure.carryover", "expenditure"),
}
_SPEND_TOTAL = re.compile(r"^(?:本年)?(?:部门|单位)?(?:预算)?支出总计$")
_MAPS: dict[str, dict[str, _Target]] = {
    "two": {
        "预算收入": _Target("budget.summary", "收入总计", "income", "income"),
        "预算收入总计": _Target("budget.summary", "收入总计", "income", "income"),
        "收入总计": _Target("budget.summary", "收入总计", "income", "income"),
        "一般公共预算拨款收入": _Target("budget.summary", "一般公共预算", "income", "income"),
        "政府性基金预算拨款收入": _Target("budget.summary", "政府性基金预算", "income", "income"),
        "国有资本经营预算拨款收入": _Target("budget.summary", "国有资本经营预算", "income", "income"),
        "财政专户管理资金收入": _Target("budget.summary", "财政专户管理资金", "income", "income"),
        "单位资金": _Target("budget.summary", "单位资金", "income", "income"),
        "上年结转": _Target("budget.summary", "上年结转", "income", "income"),
    },
    "three": {
        "支出预算": _Target("budget.expenditure", "合计", "total"),
        "支出总计": _Target("budget.expenditure", "合计", "total"),
        "基本支出": _Target("budget.expenditure", "合计", "basic"),
        "项目支出": _Target("budget.expenditure", "合计", "project"),
    },
    "four": {
        "财政拨款收支总预算": _Target("budget.fiscal_summary", "收入总计", "income", "income"),
        "当年拨款收入": _Target("budget.fiscal_summary", "本年收入合计", "income", "income"),
        "上年结转收入": _Target("budget.fiscal_summary", "上年财政拨款结转", "income", "income"),
        "*": _Target("budget.fiscal_summary", "*", "expenditure.subtotal", "expenditure"),
    },
    "five": {
        "一般公共预算当年支出": _Target("budget.general_expenditure", "合计", "total"),
        "一般公共预算支出": _Target("budget.general_expenditure", "合计", "total"),
        "*": _Target("budget.general_expenditure", "*", "total"),
    },
    "six": {
        "一般公共预算安排基本支出": _Target("budget.general_basic_economic", "合计", "total"),
        "一般公共预算基本支出": _Target("budget.general_basic_economic", "合计", "total"),
        "基本支出": _Target("budget.general_basic_economic", "合计", "total"),
        "人员经费": _Target("budget.general_basic_economic", "合计", "personnel"),
        "公用经费": _Target("budget.general_basic_economic", "合计", "public"),
    },
    "seven": {
        "因公出国（境）费": _Target("budget.three_public", "因公出国（境）费", "total"),
        "公务接待费": _Target("budget.three_public", "公务接待费", "total"),
        "公务用车购置及运行费": _Target("budget.three_public", "公务用车购置及运行费", "total"),
        "公务用车购置费": _Target("budget.three_public", "公务用车购置费", "total"),
        "公务用车运行维护费": _Target("budget.three_public", "公务用车运行维护费", "total"),
    },
}
_THREE_PUBLIC_TOTAL = re.compile(r"^(?:财政拨款安排的)?“?三公”?经费(?:预算|预算数|支出)?$")
_OPERATING_TOTAL = re.compile(r"^(?:财政拨款安排的)?机关运行经费(?:财政拨款)?(?:预算|预算数)?$")


def _name(row: Row) -> str:
    return _ORDINAL.sub("", row.name.strip())


# sections whose claims may name a row by its printed code (公共安全支出（204类）司法（06款）行政运行（01项）…)
_CODED = {"three": ("budget.expenditure", "total"), "five": ("budget.general_expenditure", "total")}


def _target(section: str, claim: Claim) -> _Target | None:
    subject = claim.subject.strip()
    if claim.code and section in _CODED:
        kind, column = _CODED[section]
        return _Target(kind, f"#{claim.code}", column)
    if section == "one":
        if "支出总计" in claim.sentence and "收入总计" not in claim.sentence:
            if _SPEND_TOTAL.match(subject):
                return _S1_SPEND["支出总计"]
            return _S1_SPEND.get(subject)
        if "收入总计" in claim.sentence and "支出总计" not in claim.sentence:
            return _S1_INCOME.get(subject)
        return None
    if section == "seven" and _THREE_PUBLIC_TOTAL.match(subject):
        return _Target("budget.three_public", "合计", "total")
    if section == "eight":
        return _Target("budget.operating_cost", "部门合计", "total") if _OPERATING_TOTAL.match(subject) else None
    mapping = _MAPS.get(section, {})
    if subject in mapping:
        return mapping[subject]
    if "*" in mapping and subject.endswith("支出"):
        return mapping["*"]
    return None


def _table(doc: Document, target: _Target) -> tuple[Table | None, _Target]:
    """The table of a target; 机关运行经费 is a row of the combined 三公 table when there is no table of its own."""
    table = doc.table(target.kind)
    if table is None and target.kind == "budget.operating_cost":
        three = doc.table("budget.three_public")
        if three is not None and any(r.role is RowRole.MEMO and "机关运行经费" in r.name for r in three.rows):
            memo = next(r for r in three.rows if r.role is RowRole.MEMO and "机关运行经费" in r.name)
            return three, _Target("budget.three_public", memo.name, target.column)
    return table, target


def _yuan_bounds(bounds: Bounds, unit: str) -> Bounds:
    factor = YUAN_PER_UNIT[unit]
    return bounds[0] * factor, bounds[1] * factor


def _find_row(table: Table, target: _Target, subject: str) -> Row | None:
    if target.row.startswith("#"):
        rows = [r for r in table.rows if r.code == target.row[1:]]
    elif target.row == "*":
        rows = [
            r
            for r in table.rows
            if r.role is not RowRole.TOTAL
            and r.level == 1
            and (target.side is None or r.side == target.side)
            and _name(r) == subject
        ]
    else:
        sided = [r for r in table.rows if target.side is None or r.side == target.side]
        rows = [r for r in sided if _name(r) == target.row]
        if not rows and (item := three_public_item(target.row)):  # 运行费 / 购置费 under 公务用车购置及运行费
            rows = [r for r in sided if three_public_item(_name(r)) == item]
        if not rows:  # 一般公共预算 printed as 一般公共预算拨款收入 (the 8-table template)
            rows = [r for r in sided if _name(r).startswith(target.row) and _name(r).endswith("收入")]
    return rows[0] if len(rows) == 1 else None


def _table_cell(doc: Document, claim: Claim) -> tuple[Table, _Target, Row, Amount] | None:
    """The table cell a budget narrative amount names (its table, target, row and cell), or None."""
    target = _target(_section(claim.section) or "", claim)
    if target is None:
        return None
    table, target = _table(doc, target)
    if table is None or table.column(target.column) is None or table.unit not in YUAN_PER_UNIT:
        return None
    row = _find_row(table, target, claim.subject.strip())
    if row is None:
        return None
    return table, target, row, row.cells.get(target.column, Amount(value=None))


@register
class NarrativeAmounts(Rule):
    """The amounts the 情况说明 states for table figures equal those figures.

    What it checks: in the sections 一…八 of a budget's 情况说明, an amount in 万元 whose subject names a
    table figure (预算收入总计 = 收支总表 收入总计, 本年收入, 上年结转, the income items, 支出总计,
    基本支出/项目支出 of 支出总表, 一般公共预算当年支出, the 类 amounts of 财政拨款收支总表 (section 四)
    and 一般公共预算支出表 (section 五), 人员经费/公用经费, the “三公” items and 机关运行经费) agrees
    with it within the rounding of both printed values, compared in 元 (a 万元 narrative against a
    table in 元). An item named by its code path (公共安全支出（204类）司法（06款）行政运行（01项）) is
    compared with the row of that code (支出总表 in section 三, 一般公共预算支出表 in section 五); 机关运行经费
    with the row of the combined “三公”经费和机关运行经费预算表 when there is no table of its own.
    Subjects that do not map unambiguously are skipped.
    Why it matters: readers quote the narrative; a number that differs from the table is wrong in one
    of the two places.
    Failing example: 基本支出6,600.00万元 while 支出总表 合计/基本支出 prints 6689.59.
    Passing example: 基本支出6689.59万元 with 6689.59 in the table.
    Reference: 财预〔2016〕143号 (情况说明与报表一致).
    """

    code = "BL602"
    slug = "narrative.table-amounts"
    title_zh = "情况说明所述金额等于表中相应的数字"
    template_zh = "第{line}行说明“{subject}”为{actual}{unit}，{table}“{row}”为{expected}{table_unit}"
    template_en = (
        "Line {line}: the narrative states '{subject}' as {actual} {unit}, {table} '{row}' has {expected} {table_unit}"
    )
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        seen: set[tuple[int | None, str, str]] = set()
        for claim in _budget_claims(doc):
            if claim.measure is not ClaimMeasure.AMOUNT or claim.unit not in YUAN_PER_UNIT or claim.base:
                continue
            named = _table_cell(doc, claim)
            if named is None:
                continue
            table, target, row, cell = named
            key = (claim.location.line, claim.subject, claim.printed)
            if key in seen:
                continue
            seen.add(key)
            if _overlaps(_yuan_bounds(_bounds(claim), claim.unit), _yuan_bounds(cell.bounds(), table.unit)):
                continue
            yield self.finding(
                _loc(claim, table.id),
                expected=cell.printed or "空",
                actual=claim.printed,
                line=claim.location.line,
                subject=claim.subject,
                table=table.title,
                row=f"{row.code} {row.name}" if target.row.startswith("#") else row.name,
                unit=claim.unit,
                table_unit=table.unit,
            )


# --------------------------------------------------------------------------------------------------
# BL603: shares


def _aside(claim: Claim) -> bool:
    """A claim read inside a parenthesis (（含上年结转6.80万元）) is not a listed part."""
    return claim.subject.startswith(("（", "("))


def _truncating(doc: Document, shares: list[tuple[Claim, Bounds]], practice: int | None = None) -> bool:
    """Evidence that the document truncates percentages: ≥2 shares miss rounding, all fit truncation.

    ``practice``: the decimals the percentages practise where they drop trailing zeros (see ``_practice``).
    """
    missed = [(c, r) for c, r in shares if not _overlaps(_bounds(c, practice), r)]
    return len(missed) >= 2 and all(_overlaps(_truncated(c, practice), r) for c, r in missed)


def _truncated(claim: Claim, practice: int | None = None) -> Bounds:
    step = Decimal(1).scaleb(-max(decimals_of(claim.printed), practice or 0))
    return claim.value, claim.value + step


@register
class NarrativeShares(Rule):
    """A share the 情况说明 states (X万元，占Y%) equals X divided by the section's total.

    What it checks: in the sections 一…八 of a budget's 情况说明, a share Y% stated after an amount X
    (in the same paragraph as the total it refers to, the paragraph's first amount such as 预算收入,
    支出预算 or 一般公共预算当年支出) contains X / total within the rounding of the printed X, total
    and Y (a share printed 5 beside shares printed with two decimals that drop trailing zeros is read
    as 5.00, see ``intervals.practised_decimals``); truncated percentages are accepted only when the
    document truncates consistently. When the
    listed parts add up to the total (all parts listed), their shares must add up to 100%.
    Why it matters: shares are what readers compare; a share that is not X / total misinforms.
    Failing example: 支出预算3260.67万元，其中：基本支出2099.64万元，占0%.
    Passing example: 支出预算8487.06万元，其中：基本支出6689.59万元，占78.82%.
    Reference: 财预〔2016〕143号 (情况说明与报表一致).
    """

    code = "BL603"
    slug = "narrative.shares"
    title_zh = "情况说明所述占比（X万元，占Y%）等于X除以该部分的总额"
    template_zh = "第{line}行{detail}"
    template_en = "Line {line}: {detail_en}"
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        groups: dict[tuple[str, int | None], list[Claim]] = {}
        for claim in _budget_claims(doc):
            groups.setdefault((claim.section, claim.paragraph_line), []).append(claim)
        checked: list[tuple[Claim, Claim, Claim, Bounds]] = []  # (share, amount, head, ratio %)
        for claims in groups.values():
            for item in self._pairs(claims):
                checked.append(item)
        practice = _practice(doc)  # a 5 beside 33.33% and 66.67% is 5.00
        truncating = _truncating(doc, [(s, r) for s, _, _, r in checked], practice)
        bad_lines: set[int | None] = set()
        by_group: dict[tuple[str, int | None], list[tuple[Claim, Claim, Bounds]]] = {}
        for share, amount, head, ratio in checked:
            by_group.setdefault((share.section, share.paragraph_line), []).append((share, amount, ratio))
            ok = _overlaps(_bounds(share, practice), ratio) or (
                truncating and _overlaps(_truncated(share, practice), ratio)
            )
            if ok:
                continue
            bad_lines.add(share.paragraph_line)
            exact = amount.value / head.value * HUNDRED if head.value else Decimal(0)
            yield self.finding(
                _loc(share),
                expected=_pct(exact),
                actual=share.printed,
                line=share.location.line,
                detail=(
                    f"说明“{share.subject}”{amount.printed}万元占{share.printed}%，"
                    f"按“{head.subject}”{head.printed}万元计算应为{_pct(exact)}%"
                ),
                detail_en=(
                    f"'{share.subject}' {amount.printed} 万元 is stated as {share.printed}% "
                    f"but is {_pct(exact)}% of '{head.subject}' {head.printed} 万元"
                ),
            )
        for (_, line), items in by_group.items():
            if line in bad_lines or len(items) < 2:
                continue
            whole = self._head(groups[(items[0][0].section, line)])
            parts_lo = sum((_bounds(a)[0] for _, a, _ in items), Decimal(0))
            parts_hi = sum((_bounds(a)[1] for _, a, _ in items), Decimal(0))
            if whole is None or not _overlaps((parts_lo, parts_hi), _bounds(whole)):
                continue  # not all parts are listed
            lo = hi = Decimal(0)
            for share, _, ratio in items:
                b = _bounds(share, practice)
                if truncating and not _overlaps(b, ratio):
                    b = _truncated(share, practice)
                lo, hi = lo + b[0], hi + b[1]
            if lo <= HUNDRED <= hi:
                continue
            total = sum((s.value for s, _, _ in items), Decimal(0))
            yield self.finding(
                _loc(items[0][0]),
                expected="100",
                actual=str(total),
                line=line,
                detail=f"所列各项占比合计为{total}%，各项金额之和等于“{whole.subject}”，占比合计应为100%",
                detail_en=f"the listed shares add up to {total}% although the listed parts make up the whole",
            )

    @staticmethod
    def _head(claims: list[Claim]) -> Claim | None:
        first = next((c for c in claims if c.measure is ClaimMeasure.AMOUNT), None)
        if first is None or first.unit != "万元" or first.base:
            return None
        if any(c.measure is ClaimMeasure.SHARE and c.subject == first.subject for c in claims):
            return None  # the first amount has a share of its own: it is a part, not the total
        return first

    def _pairs(self, claims: list[Claim]) -> Iterator[tuple[Claim, Claim, Claim, Bounds]]:
        head = self._head(claims)
        if head is None or head.value <= 0:
            return
        h = _bounds(head)
        for i, share in enumerate(claims):
            if share.measure is not ClaimMeasure.SHARE or share.unit != "%" or share.base:
                continue
            # the nearest amount before the share, passing over a parenthesised aside: X万元（含上年结转Y万元），占Z%
            amount = next(
                (c for c in reversed(claims[:i]) if c.measure is ClaimMeasure.AMOUNT and not _aside(c)),
                None,
            )
            if amount is None or amount is head or amount.unit != "万元":
                continue
            if amount.subject != share.subject and not _aside(share):
                continue
            a = _bounds(amount)
            lo = max(a[0], Decimal(0)) / h[1] * HUNDRED
            hi = a[1] / h[0] * HUNDRED
            yield share, amount, head, (lo, hi)


# --------------------------------------------------------------------------------------------------
# BL604: growth rates


@register
class NarrativeGrowthRates(Rule):
    """A growth rate the 情况说明 states (增长A万元，增长B%) is the increase over last year's amount.

    What it checks: in the sections 一…八 of a budget's 情况说明, a change B% that follows a change of
    A万元 of the same subject and direction, where the sentence states the current amount C, contains
    A / (C − A) for an increase or A / (C + A) for a decrease (last year's amount, or the printed
    comparison amount when the sentence states it), within the rounding of A, C and B (B at the
    precision the document's rates practise, see BL603). A rate that
    equals A / C instead is reported as computed on the wrong base. A rate that follows from the
    table's figure for C, where the sentence misstates C, is left to BL602 (one misprint, one error).
    Why it matters: a growth rate is relative to the previous year; dividing by the current year
    understates increases and overstates decreases.
    Failing example: 支出281.66万元，比上年减少22.28万元，下降7.91% (22.28 / 281.66 – the wrong base).
    Passing example: 支出281.66万元，比上年减少22.28万元，下降7.33% (22.28 / 303.94).
    Reference: 财预〔2016〕143号 (情况说明与报表一致).
    """

    code = "BL604"
    slug = "narrative.growth-rates"
    title_zh = "情况说明所述增长率（增长A万元，增长B%）是相对上年金额的增幅"
    template_zh = "第{line}行{detail}"
    template_en = "Line {line}: {detail_en}"
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        claims = _budget_claims(doc)
        practice = _practice(doc)
        for i, rate in enumerate(claims):
            if rate.measure is not ClaimMeasure.CHANGE or rate.unit != "%":
                continue
            if rate.direction not in ("increase", "decrease"):
                continue
            before = same_sentence(claims, i)
            change = before[-1] if before else None
            if (
                change is None
                or change.measure is not ClaimMeasure.CHANGE
                or change.unit != "万元"
                or change.direction != rate.direction
                or change.subject != rate.subject
            ):
                continue
            current = next(
                (
                    c
                    for c in reversed(before)
                    if c.measure is ClaimMeasure.AMOUNT
                    and c.subject == rate.subject
                    and c.unit == "万元"
                    and not c.base
                ),
                None,
            )
            prior = next(
                (c for c in reversed(before) if c.measure is ClaimMeasure.AMOUNT and c.base and c.unit == "万元"), None
            )
            if current is None:
                continue
            a, cur, b = _bounds(change), _bounds(current), _bounds(rate, practice)
            sign = -1 if rate.direction == "increase" else 1
            if prior is not None:
                p = _bounds(prior)
                right = (a[0] / p[1] * HUNDRED, a[1] / p[0] * HUNDRED) if p[0] > 0 else None
                base_text, base_value = prior.printed, prior.value
            else:
                lo_base, hi_base = cur[1] + sign * a[0], cur[0] + sign * a[1]
                right = (a[0] / lo_base * HUNDRED, a[1] / hi_base * HUNDRED) if hi_base > 0 and lo_base > 0 else None
                base_value = current.value + sign * change.value
                base_text = f"{base_value}"
            if right is None or base_value <= 0 or _overlaps(b, right):
                continue
            if prior is None and _holds_on_table_amount(doc, current, a, b, sign):
                continue  # the stated amount is the misprint (BL602), not the rate
            exact = change.value / base_value * HUNDRED
            wrong = (a[0] / cur[1] * HUNDRED, a[1] / cur[0] * HUNDRED) if cur[0] > 0 else None
            if wrong is not None and _overlaps(b, wrong):
                word = "增长" if sign < 0 else "下降"
                detail = (
                    f"说明“{rate.subject}”{word}{rate.printed}%，是以本年数{current.printed}万元"
                    f"为基数计算的（{change.printed}÷{current.printed}）；应以上年数{base_text}万元为基数，为{_pct(exact)}%"
                )
                detail_en = (
                    f"the rate {rate.printed}% of '{rate.subject}' is computed on the current year "
                    f"({change.printed} / {current.printed}); on last year's {base_text} it is {_pct(exact)}%"
                )
            else:
                detail = (
                    f"说明“{rate.subject}”变动{change.printed}万元、变动率{rate.printed}%，"
                    f"按上年数{base_text}万元计算应为{_pct(exact)}%"
                )
                detail_en = (
                    f"'{rate.subject}' changes by {change.printed} 万元 stated as {rate.printed}%, "
                    f"on last year's {base_text} it is {_pct(exact)}%"
                )
            yield self.finding(
                _loc(rate),
                expected=_pct(exact),
                actual=rate.printed,
                line=rate.location.line,
                detail=detail,
                detail_en=detail_en,
            )


def _holds_on_table_amount(doc: Document, current: Claim, change: Bounds, rate: Bounds, sign: int) -> bool:
    """The rate follows from the change and the table's figure for the amount, which the sentence misstates."""
    named = _table_cell(doc, current)
    if named is None or named[3].value is None or current.unit not in YUAN_PER_UNIT:
        return False
    table, cell = named[0], named[3]
    factor = YUAN_PER_UNIT[table.unit] / YUAN_PER_UNIT[current.unit]
    low, high = (bound * factor for bound in cell.bounds())
    if _overlaps(_bounds(current), (low, high)):
        return False  # the sentence states the table's figure: nothing to explain the rate by
    lo_base, hi_base = high + sign * change[0], low + sign * change[1]
    if lo_base <= 0 or hi_base <= 0:
        return False
    return _overlaps(rate, (change[0] / lo_base * HUNDRED, change[1] / hi_base * HUNDRED))


# --------------------------------------------------------------------------------------------------
# BL605: year of the comparison


@register
class NarrativeComparisonYear(Rule):
    """A budget compares with the previous year, not with its own year.

    What it checks: in a YYYY budget's 情况说明 (sections 一…八), a comparison with a named year
    (比YYYY年预算…, 与YYYY年预算数相同) names a year before the budget year; comparing a 2026 budget with
    2026年预算 (or a later year) is reported.
    Why it matters: the comparison base is last year's budget; naming the budget year itself is a
    copy-and-paste error that leaves the reader unsure which figures were compared.
    Failing example: in a 2026 budget, “三公”经费预算73.80万元比2026年减少0.80万元.
    Passing example: in a 2026 budget, “三公”经费预算73.80万元比2025年减少0.80万元.
    Reference: 财预〔2016〕143号 (与上年预算对比说明增减变动).
    """

    code = "BL605"
    slug = "narrative.comparison-year"
    title_zh = "预算与上一年比较，而不是与本年比较"
    template_zh = "第{line}行与“{actual}”比较，但这是{year}年预算，应与{expected}比较"
    template_en = "Line {line}: compares with '{actual}' in a {year} budget; the base should be {expected}"
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        year = doc.fiscal_year
        if year is None:
            return
        seen: set[tuple[int | None, str]] = set()
        for claim in _budget_claims(doc):
            found = _YEAR.search(claim.base or "")
            if found is None or int(found.group(1)) < year:
                continue
            key = (claim.location.line, claim.base or "")
            if key in seen:
                continue
            seen.add(key)
            yield self.finding(
                _loc(claim),
                expected=f"{year - 1}年预算",
                actual=claim.base,
                line=claim.location.line,
                year=year,
            )
