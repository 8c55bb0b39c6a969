"""BL625–BL627: what the narrative says about two amounts it states side by side.

Three shapes that state both figures a conclusion is drawn from, and nothing else to check them by:
a rate computed from last year's and this year's amount without stating the change
(2025年预算执行数为P万元，2026年预算安排A万元，比2025年预算执行数增加Y%), the same item given two
amounts in one paragraph (住房公积金（项）X万元。…2026年预算安排Y万元), and a comparison word between a
budget and a final amount (年初预算为B万元，支出决算为A万元。决算数小于预算数…). All work for budgets
and final accounts alike and judge by interval arithmetic on the printed precision.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from budgetlens.check.intervals import Bounds, overlaps
from budgetlens.check.registry import Rule, register
from budgetlens.check.rules.narrative_internal import _placed, claim_bounds, same_sentence
from budgetlens.check.rules.narrative_rates import HUNDRED, accepted, is_money, money, ratio
from budgetlens.check.rules.narrative_tables import _loc, _pct, _practice, _truncating
from budgetlens.model import Claim, ClaimMeasure, Document, DocumentKind, Finding, Location, Severity
from budgetlens.model.money import YUAN_PER_UNIT

_PAST = re.compile(r"上一?年度?|(\d{4})\s*年")
_PLAN = re.compile(r"年初|全年|调整")
_RATE_YEAR = re.compile(r"(\d{4})\s*年")


def _yuan(claim: Claim) -> Decimal:
    return claim.value * YUAN_PER_UNIT[claim.unit]


def _in_unit(value_yuan: Decimal, unit: str) -> str:
    return f"{value_yuan / YUAN_PER_UNIT[unit]:,.2f}"


def _aside(claim: Claim) -> bool:
    return claim.subject.startswith(("（", "("))


def _past(claim: Claim, fiscal_year: int | None) -> bool | None:
    """Is an amount last year's (a comparison base, 上年…, an earlier year)? None for a later year."""
    if claim.base:
        return True
    found = _PAST.search(claim.subject)
    if found is None:
        return False
    if found.group(1) is None or fiscal_year is None:
        return True
    year = int(found.group(1))
    return True if year < fiscal_year else (False if year == fiscal_year else None)


# --------------------------------------------------------------------------------------------------
# BL626: one item, two amounts

_BUDGET_CURRENT = re.compile(r"^(?:本年度?|当年)?(?:预算安排|安排|预算数?|预算支出|支出预算)(?:数|金额)?$")
_FINAL_CURRENT = re.compile(r"^(?:本年度?|当年)?(?:支出)?(?:决算数?|决算支出)(?:数|金额)?$")
_NOT_ITEM = re.compile(r"预算|决算|执行|安排|总计|合计|小计|其中")


@dataclass(frozen=True)
class Restated:
    """An item's amount stated at the head of a paragraph and again as this year's figure later in it."""

    head: Claim
    again: Claim


def restatements(doc: Document) -> list[Restated]:
    """Each paragraph that names an item with its amount and later states this year's amount of it again.

    The head is the paragraph's first claim, an amount for an item (not a 预算/决算/执行/合计 figure, not an
    earlier year's); the restatement is the first later amount whose subject is only this year's budget
    (预算安排, 预算数 in a budget) or final figure (决算数, 支出决算 in a final account), with nothing but
    last year's amounts in between. Any other amount in between (a 其中 part, another item) ends the search.
    """
    if doc.kind is DocumentKind.BUDGET:
        current = _BUDGET_CURRENT
    elif doc.kind is DocumentKind.FINAL_ACCOUNT:
        current = _FINAL_CURRENT
    else:
        return []
    paragraphs: dict[tuple[str, int], list[Claim]] = {}
    for claim in doc.claims:
        if claim.paragraph_line is not None:
            paragraphs.setdefault((claim.section, claim.paragraph_line), []).append(claim)
    found: list[Restated] = []
    for claims in paragraphs.values():
        head = claims[0]
        if not is_money(head) or head.base or _aside(head) or _NOT_ITEM.search(head.subject):
            continue
        if _past(head, doc.fiscal_year) is not False or "其中" in head.sentence:
            continue
        for claim in claims[1:]:
            if claim.measure is not ClaimMeasure.AMOUNT:
                continue
            if is_money(claim) and current.match(claim.subject):
                found.append(Restated(head, claim))
                break
            if not (is_money(claim) and _past(claim, doc.fiscal_year)):
                break
    return found


@register
class ItemTwoAmounts(Rule):
    """An item the narrative names with its amount has the same amount where the paragraph states it again.

    What it checks: a paragraph that opens with an item and its amount X (住房保障支出（类）住房改革支出（款）
    住房公积金（项）X万元) and later states this year's figure of the same item (2026年预算安排Y万元 in a
    budget, 本年决算Y万元 in a final account), with only last year's amounts in between, must have X = Y
    within the printed precision of both (万元 and 元 converted). The message says which of the two the
    stated change rate follows from and, when the item is named by its code path, what the table row of
    that code prints.
    Why it matters: the paragraph gives one item two amounts; at most one of them is the budget (or the
    final figure), and the change rate that follows was computed from one of them.
    Failing example: 住房公积金（项）120.50万元。…2025年预算执行数为110.00万元，2026年预算安排118.20万元.
    Passing example: 住房公积金（项）120.50万元。…2025年预算执行数为110.00万元，2026年预算安排120.50万元.
    Reference: 财预〔2016〕143号 (情况说明前后一致).
    """

    code = "BL626"
    slug = "narrative.item-two-amounts"
    title_zh = "说明列出金额的事项在段落中再次说明时金额相同"
    template_zh = (
        "第{line}行“{subject}”先说明为{actual}{unit}，后又说明本年为{expected}{other_unit}，"
        "同一项两个数额不符{note}{table}"
    )
    template_en = (
        "Line {line}: '{subject}' is first stated as {actual} {unit}, then this year's figure as "
        "{expected} {other_unit}: one item, two amounts{note_en}{table_en}"
    )
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        fitting = {id(rate): which for rate, which in _rates_fitting(doc)}
        rates = _pair_rates(doc)
        for pair in restatements(doc):
            if overlaps(claim_bounds(pair.head), claim_bounds(pair.again)):
                continue
            rate = next((r for r in rates if r.current is pair.again), None)
            which = fitting.get(id(rate.rate)) if rate is not None else None
            note = note_en = ""
            if rate is not None and which is pair.head:
                note = f"；所述变动率{rate.rate.printed}%按前者{pair.head.printed}{pair.head.unit}计算相符"
                note_en = f"; the stated rate {rate.rate.printed}% fits the first, {pair.head.printed} {pair.head.unit}"
            elif rate is not None and which is pair.again:
                note = f"；所述变动率{rate.rate.printed}%按后者{pair.again.printed}{pair.again.unit}计算相符"
                note_en = f"; the stated rate {rate.rate.printed}% fits the second, {pair.again.printed}"
            lines = tuple(sorted({c.location.line for c in (pair.head, pair.again) if c.location.line}))
            table, table_en = _table_note(doc, pair.head)
            yield self.finding(
                Location(line=pair.again.location.line, text=pair.head.sentence[:120]),
                evidence=lines,
                expected=pair.again.printed,
                actual=pair.head.printed,
                line=pair.again.location.line,
                subject=pair.head.subject.strip("“”\"'"),
                unit=pair.head.unit,
                other_unit=pair.again.unit,
                note=note,
                note_en=note_en,
                table=table,
                table_en=table_en,
            )


_CODED_TABLES = ("budget.general_expenditure", "budget.expenditure", "final.general_expenditure", "final.expenditure")


def _table_note(doc: Document, head: Claim) -> tuple[str, str]:
    """Which table prints the item's code path and what it prints there (to tell which amount is right)."""
    for kind in _CODED_TABLES if head.code else ():
        table = doc.table(kind)
        row = next((r for r in table.rows if r.code == head.code), None) if table is not None else None
        cell = row.cells.get("total") if row is not None else None
        if table is None or row is None or cell is None or cell.value is None or cell.unit not in YUAN_PER_UNIT:
            continue
        shown = _in_unit(cell.value * YUAN_PER_UNIT[cell.unit], head.unit) if cell.unit != head.unit else cell.printed
        return (
            f"；表“{table.title}”{head.code} {row.name}为{shown}{head.unit}",
            f"; table '{table.title}' prints {shown} {head.unit} for {head.code}",
        )
    return "", ""


# --------------------------------------------------------------------------------------------------
# BL625: a rate from last year's and this year's amount


@dataclass(frozen=True)
class PairRate:
    """A rate (or 持平) stated right after last year's amount and this year's, with no change amount."""

    rate: Claim
    prior: Claim
    current: Claim


def _pair_rates(doc: Document) -> list[PairRate]:
    claims = [c for c in doc.claims if c.location.line is not None]
    found: list[PairRate] = []
    for i, rate in enumerate(claims):
        if rate.measure is not ClaimMeasure.CHANGE:
            continue
        percent = rate.unit == "%" and rate.direction in ("increase", "decrease")
        if not (percent or rate.direction == "same"):
            continue
        before = same_sentence(claims, i)
        run: list[Claim] = []  # the amounts stated right before the rate
        for claim in reversed(before):
            if claim.measure is not ClaimMeasure.AMOUNT:
                break
            run.insert(0, claim)
        if any(c.measure is ClaimMeasure.CHANGE and c.unit in YUAN_PER_UNIT for c in before):
            continue  # 比上年增加C万元，增长Y%: BL604, BL609 and BL610 check it
        stated = [c for c in run if is_money(c) and not _aside(c) and not _PLAN.search(c.subject)]
        if len(stated) != 2 or len(stated) != len([c for c in run if not _aside(c) and not _PLAN.search(c.subject)]):
            continue
        kinds = [_past(c, doc.fiscal_year) for c in stated]
        if sorted(k is True for k in kinds) != [False, True] or None in kinds:
            continue
        prior, current = (stated[0], stated[1]) if kinds[0] else (stated[1], stated[0])
        if not _same_year(rate, prior):
            continue
        found.append(PairRate(rate, prior, current))
    return found


def _same_year(rate: Claim, prior: Claim) -> bool:
    """A rate's comparison year (比2025年…) is the year of the prior amount when both name one."""
    said = _RATE_YEAR.search(rate.base or "")
    own = _RATE_YEAR.search(f"{prior.base or ''}{prior.subject}")
    return said is None or own is None or said.group(1) == own.group(1)


def _expected(pair: PairRate, current: Claim) -> Bounds | None:
    """The interval of the rate (percent) that the prior and ``current`` give in the stated direction."""
    p, a = money(pair.prior), money(current)
    if p is None or a is None or p[0] <= 0:
        return None
    change = (a[0] - p[1], a[1] - p[0]) if pair.rate.direction == "increase" else (p[0] - a[1], p[1] - a[0])
    return ratio(change, p)


def _fits(pair: PairRate, current: Claim, truncating: bool, practice: int | None) -> bool | None:
    """Does the stated rate (or 持平) follow from the prior and ``current``? None when no rate can be made."""
    if pair.rate.direction == "same":
        p, a = money(pair.prior), money(current)
        return None if p is None or a is None else overlaps(p, a)
    expect = _expected(pair, current)
    return None if expect is None else accepted(pair.rate, expect, truncating, practice)


def _rates_fitting(doc: Document) -> list[tuple[Claim, Claim | None]]:
    """Each rate of BL625 with the amount it follows from: this year's, the item's other amount (BL626) or None."""
    pairs = [p for p in _pair_rates(doc) if p.prior.value > 0 or p.rate.direction == "same"]
    checked = [(p.rate, e) for p in pairs if p.rate.direction != "same" for e in [_expected(p, p.current)] if e]
    practice = _practice(doc)
    truncating = _truncating(doc, checked, practice)
    heads = {id(r.again): r.head for r in restatements(doc)}
    out: list[tuple[Claim, Claim | None]] = []
    for pair in pairs:
        fits = _fits(pair, pair.current, truncating, practice)
        if fits is None:
            continue
        head = heads.get(id(pair.current))
        if fits:
            out.append((pair.rate, pair.current))
        elif head is not None and _fits(pair, head, truncating, practice):
            out.append((pair.rate, head))
        else:
            out.append((pair.rate, None))
    return out


@register
class RateFromTwoAmounts(Rule):
    """A rate stated after last year's and this year's amount (without the change) follows from the two.

    What it checks: a sentence that states last year's amount P and this year's amount A and then a rate
    with no change amount (2025年当年预算执行数为P万元，2026年预算安排A万元，比2025年预算执行数增加Y%; in a
    final account 上年决算P万元，本年决算A万元，增长Y%) must have Y = (A − P) / P in the stated direction,
    judged by interval arithmetic on the printed precision of P, A and Y (57.8 stands for 57.75…57.85);
    持平 (与上年持平) needs A = P within rounding. A prior of 0 makes no rate and is not checked. When the
    paragraph gives the item a second amount (BL626) and the rate follows from that one, BL626 reports
    the line, not this rule. Percentages read as truncated only when the document truncates (BL603).
    Why it matters: the rate is the only figure most readers take away; a rate that the two amounts
    beside it do not give means one of the three numbers is mistyped.
    Failing example: 2025年预算执行数为80.00万元，2026年预算安排94.00万元，比2025年预算执行数增加15.20%.
    Passing example: 2025年预算执行数为80.00万元，2026年预算安排94.00万元，比2025年预算执行数增加17.50%.
    Reference: 财预〔2016〕143号 (与上年对比说明增减变动).
    """

    code = "BL625"
    slug = "narrative.rate-from-two-amounts"
    title_zh = "只列上年和本年金额（未列增减额）时，所述增减率由这两个金额得出"
    template_zh = (
        "第{line}行上年{prior}{unit}、本年{current}{current_unit}，文中说明{stated}，按两数计算为{result}{implied}"
    )
    template_en = (
        "Line {line}: last year {prior} {unit}, this year {current} {current_unit}, stated as {stated_en}; "
        "the two amounts give {result_en}{implied_en}"
    )
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        wrong = {id(rate) for rate, which in _rates_fitting(doc) if which is None}
        for pair in _pair_rates(doc):
            if id(pair.rate) not in wrong:
                continue
            rate, prior, current = pair.rate, pair.prior, pair.current
            p, a = _yuan(prior), _yuan(current)
            exact = (a - p) / p * HUNDRED
            word, word_en = ("增长", "an increase of") if exact >= 0 else ("下降", "a decrease of")
            result, result_en = f"{word}{_pct(abs(exact))}%", f"{word_en} {_pct(abs(exact))}%"
            implied = implied_en = ""
            if rate.direction == "same":
                stated, stated_en = "两数持平", "unchanged (持平)"
            else:
                up = rate.direction == "increase"
                stated = f"{'增长' if up else '下降'}{rate.printed}%"
                stated_en = f"{'an increase' if up else 'a decrease'} of {rate.printed}%"
                factor = Decimal(1) + (rate.value if up else -rate.value) / HUNDRED
                if factor > 0:
                    back = _in_unit(a / factor, prior.unit)
                    implied = f"（按所述比率，上年数应约为{back}{prior.unit}）"
                    implied_en = f" (the stated rate implies last year ~{back} {prior.unit})"
            yield self.finding(
                _loc(rate), expected=_pct(exact), actual=rate.printed, line=rate.location.line,
                prior=prior.printed, unit=prior.unit, current=current.printed, current_unit=current.unit,
                stated=stated, stated_en=stated_en, result=result, result_en=result_en,
                implied=implied, implied_en=implied_en,
            )  # fmt: skip


# --------------------------------------------------------------------------------------------------
# BL627: 决算数大于/小于/等于/与预算数持平

_GREATER = ("大于", "高于", "超过", "多于", "超出")
_LESS = ("小于", "低于", "少于")
_EQUAL = ("等于", "相等", "相同", "一致", "持平")
_SOFT = ("基本持平", "基本一致", "基本相同", "基本相当", "大致持平")
_SIDE = r"(?:年初|全年|调整后?)?(决算|预算)数?"
_ORDER = re.compile(_SIDE + "(" + "|".join(_GREATER + _LESS + ("等于",)) + ")" + _SIDE)
_TOGETHER = re.compile(_SIDE + r"(?:与|和|同)" + _SIDE + "(" + "|".join(_SOFT + _EQUAL) + ")")
_BUDGET_WORD = re.compile(r"预算")
_FINAL_WORD = re.compile(r"决算")
SOFT_LIMIT = Decimal("0.10")  # 基本持平 is reported only when the amounts differ by more than 10 % of the larger


@dataclass(frozen=True)
class Comparison:
    """A comparison word between the 决算数 and the 预算数 and the two amounts it compares."""

    line: int
    word: str
    relation: str  # "gt", "lt", "eq" or "soft": of the final amount against the budget
    final: Claim
    budget: Claim


def comparisons(doc: Document) -> Iterator[Comparison]:
    """Each 决算数大于/小于/等于/与…持平…预算数 of a paragraph, with the budget amount B stated before it
    (the last 预算 amount, not 执行数) and the final amount A stated in B's sentence (the first 决算 amount
    after B, else the last before it)."""
    by_line: dict[int, list[Claim]] = {}
    for claim in doc.claims:
        if claim.paragraph_line is not None and is_money(claim) and not claim.base and not _aside(claim):
            by_line.setdefault(claim.paragraph_line, []).append(claim)
    for section in doc.sections:
        for line, text in section.paragraphs:
            claims = by_line.get(line)
            if not claims:
                continue
            placed = _placed(text, claims)
            for m, relation in _words(text):
                pair = _compared(placed, m.start())
                if pair is not None:
                    yield Comparison(line, m.group(0), relation, *pair)


def _words(text: str) -> Iterator[tuple[re.Match[str], str]]:
    for m in _ORDER.finditer(text):
        left, word, right = m.group(1), m.group(2), m.group(3)
        if left == right:
            continue
        relation = "eq" if word == "等于" else "gt" if word in _GREATER else "lt"
        if left == "预算" and relation != "eq":  # 预算数大于决算数: the final amount is the smaller
            relation = "lt" if relation == "gt" else "gt"
        yield m, relation
    for m in _TOGETHER.finditer(text):
        if m.group(1) != m.group(2):
            yield m, "soft" if m.group(3) in _SOFT else "eq"


def _compared(placed: list[tuple[int, Claim]], at: int) -> tuple[Claim, Claim] | None:
    before = [c for p, c in placed if p < at]
    budget = next(
        (c for c in reversed(before) if _BUDGET_WORD.search(c.subject) and not re.search("执行|决算", c.subject)),
        None,
    )
    if budget is None:
        return None
    mates = [c for c in before if c.sentence == budget.sentence and _FINAL_WORD.search(c.subject)]
    at_budget = before.index(budget)
    after = [c for c in mates if before.index(c) > at_budget]
    final = after[0] if after else (mates[-1] if mates else None)
    return (final, budget) if final is not None else None


@register
class ComparisonWords(Rule):
    """A comparison word between the 决算数 and the 预算数 agrees with the two amounts stated.

    What it checks: after 年初预算为B万元，支出决算为A万元, the words 决算数大于预算数 need A > B, 小于 A < B,
    等于 / 与预算数持平 (相同, 一致) A = B, each judged by the printed precision of A and B (元 and 万元
    converted): a word the figures contradict for certain is an error; 大于 or 小于 between two amounts
    printed equal is a warning (the unrounded figures may still differ). 基本持平 (基本一致, 大致持平) is a
    soft word: it is reported, as a warning, only when the amounts differ by more than 10 % of the larger
    one even at the ends of their rounding intervals. B is the last 预算 amount before the word (not a
    执行数), A the 决算 amount stated in B's sentence; budgets and final accounts alike.
    Why it matters: the explanation that follows (决算数小于预算数的主要原因…) explains a difference
    that goes the other way, or none at all.
    Failing example: 年初预算为50.00万元，支出决算为52.00万元。决算数小于预算数的主要原因：….
    Passing example: 年初预算为50.00万元，支出决算为48.00万元。决算数小于预算数的主要原因：….
    Reference: 财预〔2016〕143号 (决算与预算对比说明).
    """

    code = "BL627"
    slug = "narrative.comparison-words"
    title_zh = "决算数与预算数之间的比较用语与所述两个金额相符"
    template_zh = "第{line}行说明“{word}”，但所述预算数{budget}{budget_unit}、决算数{final}{final_unit}{relation}"
    template_en = (
        "Line {line}: says '{word}' but the budget stated is {budget} {budget_unit} and the final amount "
        "{final} {final_unit}{relation_en}"
    )
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        for found in comparisons(doc):
            verdict = _verdict(found)
            if verdict is None:
                continue
            severity, relation, relation_en = verdict
            lines = tuple(sorted({c.location.line for c in (found.budget, found.final) if c.location.line}))
            yield self.finding(
                Location(line=found.line, text=found.budget.sentence[:120]), severity=severity, evidence=lines,
                expected=relation, actual=found.word, line=found.line, word=found.word,
                budget=found.budget.printed, budget_unit=found.budget.unit, final=found.final.printed,
                final_unit=found.final.unit, relation=relation, relation_en=relation_en,
            )  # fmt: skip


def _verdict(found: Comparison) -> tuple[Severity, str, str] | None:
    """(severity, what the figures show) when the word disagrees with them, else None."""
    a, b = claim_bounds(found.final), claim_bounds(found.budget)
    if a[1] < b[0]:
        shown, shown_en = "，决算数小于预算数", ", the final amount is below the budget"
    elif b[1] < a[0]:
        shown, shown_en = "，决算数大于预算数", ", the final amount is above the budget"
    else:
        shown, shown_en = "，两数相等", ", they are equal as printed"
    if found.relation == "soft":
        gap = max(a[0] - b[1], b[0] - a[1], Decimal(0))
        larger = max(a[1], b[1])
        if larger <= 0 or gap <= larger * SOFT_LIMIT:
            return None
        share = _pct(gap / larger * HUNDRED)
        return (
            Severity.WARNING,
            f"{shown}，相差超过较大数的{share}%，不宜称“基本持平”",
            f"{shown_en}, apart by more than {share}% of the larger",
        )
    if found.relation == "eq":
        return None if overlaps(a, b) else (Severity.ERROR, shown, shown_en)
    want_gt = found.relation == "gt"
    if (want_gt and a[0] > b[1]) or (not want_gt and a[1] < b[0]):
        return None
    if overlaps(a, b):
        if _yuan(found.final) != _yuan(found.budget):
            return None  # 10.04 against 10.0: the rounding leaves the order open, nothing printed contradicts
        return Severity.WARNING, shown, shown_en
    return Severity.ERROR, shown, shown_en
