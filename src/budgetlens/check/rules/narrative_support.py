"""BL622–BL623: every amount and share of the narrative is backed by a figure somewhere in the document.

The subject-specific narrative rules (BL601–BL606) compare a claim with the one table cell its
section and subject name. Many claims name no cell unambiguously; these two rules are the safety
net for them: an amount must equal some printed figure (a table cell, a performance-target amount,
another statement of the narrative or the sum of a 其中 list), and a share must have a base that
some printed figure matches. Both are fallbacks: they stay silent on a line where a precise rule
has already reported.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from decimal import Decimal

from budgetlens.check.intervals import Bounds, add, overlaps
from budgetlens.check.registry import Rule, register
from budgetlens.check.rules.completeness_rows import chinese_ordinal
from budgetlens.check.rules.narrative_internal import claim_bounds, in_money_unit, listings, stated_amount
from budgetlens.model import Amount, ClaimMeasure, Document, Finding, Location, Severity
from budgetlens.model.document import Claim, Funding, Section
from budgetlens.model.money import YUAN_PER_UNIT, decimals_of

HUNDRED = Decimal(100)
_YEAR = re.compile(r"^(\d{4})\s*年")
_NARRATIVE_ONLY = ("机关运行经费",)  # subjects 财预〔2016〕143号 has the narrative state, whatever tables print
# sentences stating a part of a total that no table adds up: the projects that set performance targets (绩效目标),
# the procurement reserved for small firms (面向中小企业预留)
_UNTABULATED_PART = ("绩效目标", "中小企业", "小型和微型企业", "小微企业")


# a heading naming the narrative that restates the tables, and the parts that do not restate them: the glossary,
# the department's functions and organisation, a single project's own description (compared by BL630)
_NARRATIVE_TITLES = ("情况说明", "编制说明", "决算说明", "预算说明")
_NOT_RESTATEMENT = ("名词解释", "职能", "机构设置", "单位构成", "项目经费", "项目概况", "项目概述")


def narrative_spans(doc: Document) -> list[tuple[int, int]]:
    """Lines of the narrative parts (情况说明, 编制说明, 决算说明 at any depth), where the claims are restatements.

    A part runs from its heading to the next heading of the same or a shallower depth; headings of its depth
    numbered afresh from 一 right after it (六、其他相关情况说明 then 一、… 五、) are its sub-parts. A part inside
    one already taken adds nothing, and a part that does not restate the tables (名词解释, 职能, 机构设置, a
    项目经费情况说明) is cut out of the spans, with everything under it.
    """
    sections = [s for s in doc.sections if s.location.line is not None]
    ends = [_part_end(sections, i, doc.line_count + 1) for i in range(len(sections))]
    spans: list[tuple[int, int]] = []
    for i, section in enumerate(sections):
        line = section.location.line or 0
        named = any(w in section.title for w in _NARRATIVE_TITLES)
        if named and not any(w in section.title for w in _NOT_RESTATEMENT) and not _inside(spans, line):
            spans.append((line, ends[i]))
    for i, section in enumerate(sections):
        if any(w in section.title for w in _NOT_RESTATEMENT):
            spans = _cut(spans, (section.location.line or 0, ends[i]))
    return spans


def _part_end(sections: list[Section], i: int, last: int) -> int:
    """The line after the part headed by ``sections[i]``: the next heading of its depth or shallower that is not
    one of its sub-parts numbered afresh (一、二、… right after it)."""
    depth, expected = sections[i].depth, 1
    for section in sections[i + 1 :]:
        if section.depth > depth:
            continue
        if section.depth == depth and _ordinal(section.number) == expected:
            expected += 1
            continue
        return section.location.line or last
    return last


def _ordinal(number: str | None) -> int | None:
    if not number:
        return None
    return int(number) if number.isdigit() else chinese_ordinal(f"{number}、")


def _inside(spans: list[tuple[int, int]], line: int) -> bool:
    return any(start <= line < end for start, end in spans)


def _cut(spans: list[tuple[int, int]], hole: tuple[int, int]) -> list[tuple[int, int]]:
    """The spans without the lines of ``hole``."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        out += [(a, b) for a, b in ((start, min(end, hole[0])), (max(start, hole[1]), end)) if a < b]
    return out


def _amount_bounds(amount: Amount | None) -> Bounds | None:
    if amount is None or amount.value is None or amount.unit not in YUAN_PER_UNIT:
        return None
    lo, hi = amount.bounds()
    factor = YUAN_PER_UNIT[amount.unit]
    return lo * factor, hi * factor


def printed_figures(doc: Document) -> list[Bounds]:
    """Every money figure the tables and performance annexes print, as yuan intervals."""
    out: list[Bounds] = []
    for table in doc.tables:
        for row in table.rows:
            out += [b for b in map(_amount_bounds, row.cells.values()) if b]
    for target in doc.targets:
        for funding in (target.funds_period, target.funds_annual):
            out += [b for b in map(_amount_bounds, _funding(funding)) if b]
    return out


def _funding(funding: Funding) -> list[Amount | None]:
    return [funding.total, funding.central, funding.provincial, funding.local, funding.self_raised, funding.other]


def _in_span(claim: Claim, spans: list[tuple[int, int]]) -> bool:
    line = claim.location.line
    return line is not None and _inside(spans, line)


class _Pool:
    """The figures a claim may be backed by: printed ones, other statements, 其中 sums that hold."""

    @classmethod
    def empty(cls) -> _Pool:
        return cls(Document(sha256="", source=""))

    def __init__(self, doc: Document) -> None:
        self.figures = printed_figures(doc)
        self.claims = [c for c in doc.claims if in_money_unit(c) and c.measure is ClaimMeasure.AMOUNT]
        # each statement's interval, by its low end: a query looks only at those that can be precise and agree
        self.stated = sorted(((claim_bounds(c), c) for c in self.claims), key=lambda e: e[0][0])
        self.lows = [b[0] for b, _ in self.stated]
        self.backed: set[int] = set()
        for listing in listings(doc):
            money = in_money_unit(listing.head) and all(in_money_unit(p) for p in listing.parts)
            if money and overlaps(claim_bounds(listing.head), add(claim_bounds(p) for p in listing.parts)):
                self.backed.update(id(c) for c in (listing.head, *listing.parts))

    def matches(
        self, bounds: Bounds, own: Claim | None = None, same_line: bool = False, precision: Decimal = Decimal(0)
    ) -> bool:
        """Is there a figure at least as precise as ``bounds`` (or as ``precision``, when that is coarser) that
        agrees with it?

        A figure printed more coarsely (156.46万元 for 1,564,594.66元) agrees with too much to vouch.
        """
        width = max(bounds[1] - bounds[0], precision)
        if any(f[1] - f[0] <= width and overlaps(bounds, f) for f in self.figures):
            return True
        line = own.paragraph_line if own and not same_line else None
        # at least as precise (no wider than ``width``) and overlapping: its low end lies in [lo - width, hi]
        first, last = bisect_left(self.lows, bounds[0] - width), bisect_right(self.lows, bounds[1])
        return any(
            c is not own and c.paragraph_line != line and _precise(b, width, bounds) for b, c in self.stated[first:last]
        )


def _context(doc: Document) -> tuple[list[tuple[int, int]], _Pool]:
    """The narrative's lines and the figures its statements may be backed by."""
    spans = narrative_spans(doc)
    return spans, _Pool(doc) if spans else _Pool.empty()


def _precise(figure: Bounds, width: Decimal, bounds: Bounds) -> bool:
    return figure[1] - figure[0] <= width and overlaps(bounds, figure)


def _loc(claim: Claim) -> Location:
    return Location(line=claim.location.line, text=claim.sentence[:120])


@register
class UnbackedAmount(Rule):
    """An amount the 情况说明 states equals some figure the document prints elsewhere.

    What it checks: each money amount stated for its own subject in the narrative (the parts headed
    情况说明, 编制说明 or 决算说明 at any depth, e.g. a district's 四、部门预算编制说明 and 其他相关情况说明
    with its sub-parts; never the 名词解释, 职能, 机构设置 or a 项目经费情况说明) that is not a comparison
    base such as 比上年…万元 overlaps, within the printed precision of both, a table cell, a
    performance-target amount, the same amount stated in another paragraph, or is the total or a
    part of a 其中 list that adds up. An amount given with its share (X元，占Y%) is reported as info
    only, since the share vouches for it to the share's precision, and so is a 年初预算/全年预算 or an
    earlier year's figure, which the document's tables often do not print, and a 机关运行经费 figure
    when no table, column or row of the document names 机关运行经费 (templates such as the Ministry's
    state it only in the narrative), and a part of a total that no table adds up (涉及项目预算 of the
    projects with 绩效目标, the procurement reserved for 中小企业). A fallback: silent on lines where a
    precise rule reported.
    Why it matters: the narrative restates the tables; an amount found nowhere is usually a typo or
    a figure from another draft.
    Failing example: 基本支出1,839.82万元 while every table and sentence has 1,838.82.
    Passing example: 基本支出1,838.82万元 and the 基本支出 cell 1,838.82.
    Reference: 财预〔2016〕143号 (情况说明与报表一致).
    """

    code = "BL622"
    slug = "narrative.unbacked-amount"
    title_zh = "情况说明所述金额在文件其他地方印有相同数额"
    severity = Severity.WARNING
    fallback = True
    template_zh = "第{line}行“{subject}”{actual}{unit}在各表和说明其他处均找不到相同数额"
    template_en = "Line {line}: '{subject}' {actual} {unit} matches no figure of the tables or the narrative"
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        span, pool = _context(doc)
        if not span:
            return
        shared = {(c.paragraph_line, c.sentence) for c in doc.claims if c.measure is ClaimMeasure.SHARE}
        for claim in doc.claims:
            amount = claim.measure is ClaimMeasure.AMOUNT and claim.base is None  # （含上年结转6.80万元） too
            if not (amount and in_money_unit(claim) and _in_span(claim, span)) or claim.value == 0:
                continue
            if id(claim) in pool.backed or pool.matches(claim_bounds(claim), claim):
                continue
            # info only: an amount given with its share is vouched for by the share to the share's
            # precision; a 年初预算 or last year's figure is often printed in no table of this document, and
            # neither is a figure the narrative must state for a subject the document has no table, column
            # or row of (机关运行经费 in a template without a 机关运行经费 table), nor a part of a total that no
            # table adds up (the projects with 绩效目标, the procurement reserved for 中小企业)
            vouched = (
                (claim.paragraph_line, claim.sentence) in shared
                or _plan_or_past(claim, doc.fiscal_year)
                or _untabulated(claim, doc)
                or any(word in claim.sentence for word in _UNTABULATED_PART)
            )
            yield self.finding(
                _loc(claim),
                severity=Severity.INFO if vouched else None,
                actual=claim.printed,
                line=claim.location.line,
                subject=claim.subject,
                unit=claim.unit,
            )


@register
class UnbackedShare(Rule):
    """A share the narrative states has a base that the document prints.

    What it checks: in the narrative parts BL622 reads, for X万元，占Y%, the base X / Y% (an interval,
    from the printed decimals of X and Y, allowing Y to be rounded or truncated) must contain some
    figure printed in a table, a performance-target amount or another statement of the narrative.
    A fallback: silent on lines where a precise rule (BL603, BL606 …) reported.
    Why it matters: a share whose base exists nowhere was computed on the wrong total or mistyped.
    Failing example: 基本支出1,838.82万元，占比70.11% when the total is 2,660.62万元 (69.11%).
    Passing example: 基本支出1,838.82万元，占比69.11% beside a 支出合计 of 2,660.62万元.
    Reference: 财预〔2016〕143号 (情况说明与报表一致).
    """

    code = "BL623"
    slug = "narrative.unbacked-share"
    title_zh = "情况说明所述占比的基数在文件中印有"
    severity = Severity.WARNING
    fallback = True
    template_zh = "第{line}行“{subject}”{amount}{unit}占{actual}%，对应的基数约{expected}{unit}在文中找不到"
    template_en = "Line {line}: '{subject}' {amount} {unit} at {actual}% implies a base ~{expected} {unit} seen nowhere"
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        span, pool = _context(doc)
        if not span:
            return
        earlier: list[Claim] = []  # stated amounts of the current paragraph, in order
        for claim in doc.claims:
            if earlier and earlier[-1].paragraph_line != claim.paragraph_line:
                earlier = []
            if stated_amount(claim) and in_money_unit(claim):
                earlier.append(claim)
                continue
            if claim.measure is not ClaimMeasure.SHARE or not _in_span(claim, span) or claim.value <= 0:
                continue
            if not earlier:
                continue
            if earlier[-1].sentence == claim.sentence:
                candidates = earlier[-1:]
            elif claim.base is not None and claim.sentence == _own_sentence(claim, doc):
                candidates = earlier  # 公开金额占本年项目支出的100%: the amount is one stated before
            else:
                continue
            candidates = [c for c in candidates if c.value != 0]
            # a base is never known more precisely than the amount it is computed from is printed (4.72万元 at
            # 813.79% implies 0.5794…0.5806, which the printed 0.58 backs)
            if not candidates or any(
                pool.matches(_base(c, claim), own=c, same_line=True, precision=_width(c)) for c in candidates
            ):
                continue
            last = candidates[-1] if len(candidates) == 1 else candidates[0]  # the paragraph's head amount
            base = _base(last, claim)
            factor = YUAN_PER_UNIT[last.unit]
            mid = (base[0] + base[1]) / 2 / factor
            yield self.finding(
                _loc(claim),
                expected=f"{mid:.2f}",
                actual=claim.printed,
                line=claim.location.line,
                subject=last.subject,
                amount=last.printed,
                unit=last.unit,
            )


_PLAN = ("年初预算", "全年预算", "调整预算", "上年", "上一年")


def _plan_or_past(claim: Claim, fiscal_year: int | None) -> bool:
    """A planned (年初预算) or earlier year's figure, which the tables of this document do not print."""
    year = _YEAR.match(claim.subject)
    if year and fiscal_year is not None and int(year.group(1)) != fiscal_year:
        return True
    return any(word in claim.subject for word in _PLAN)


def _untabulated(claim: Claim, doc: Document) -> bool:
    """A figure of a subject the 情况说明 states by rule (机关运行经费) that no table, column or row of the document
    names: the template prints it only in the narrative, so nothing can back it."""
    word = next((w for w in _NARRATIVE_ONLY if w in claim.subject), None)
    if word is None:
        return False
    named = (
        word in table.title
        or any(word in c.header_text for c in table.columns)
        or any(word in r.name for r in table.rows)
        for table in doc.tables
    )
    return not any(named)


def _own_sentence(claim: Claim, doc: Document) -> str:
    """The share's sentence when it states no amount of its own (else an empty string)."""
    own = [c for c in doc.claims if c.sentence == claim.sentence and c.paragraph_line == claim.paragraph_line]
    return "" if any(c.measure is ClaimMeasure.AMOUNT for c in own) else claim.sentence


def _width(claim: Claim) -> Decimal:
    lo, hi = claim_bounds(claim)
    return hi - lo


def _base(amount: Claim, share: Claim) -> Bounds:
    """The interval of amount / share, the share read as rounded or truncated."""
    lo, hi = claim_bounds(amount)
    step = Decimal(1).scaleb(-decimals_of(share.printed))
    p_lo, p_hi = share.value - step / 2, share.value + step
    if p_lo <= 0:
        return lo * HUNDRED / p_hi, Decimal("Infinity")
    return lo * HUNDRED / p_hi, hi * HUNDRED / p_lo
