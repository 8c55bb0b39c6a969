"""BL620–BL621: what the 情况说明 states against itself (其中 lists, amounts stated twice).

Both kinds of document restate their figures in prose: a total followed by 其中 and its parts, the
same 政府采购预算总额 in two sections. These rules need no table at all, so they also cover the
figures that no table prints (政府采购, the 其他运转类/特定目标类 split of the projects).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from budgetlens.check.intervals import Bounds, add, overlaps
from budgetlens.check.registry import Rule, register
from budgetlens.model import ClaimMeasure, Document, Finding, Location
from budgetlens.model.document import Claim
from budgetlens.model.money import YUAN_PER_UNIT, decimals_of, interval

# Parts that, when all are listed, make up the whole: a shortfall is then an error too.
PARTITIONS: tuple[tuple[str, ...], ...] = (
    ("货物", "工程", "服务"),
    ("基本支出", "项目支出"),
    ("人员经费", "公用经费"),
    ("其他运转类", "特定目标类"),
    ("因公出国", "公务用车", "公务接待"),
    ("购置", "运行"),
)
# Subjects whose figure means the same in every section; others (项目支出, 一般公共服务支出) are
# legitimately stated with and without carry-over and are left to the table rules.
RESTATED = ("政府采购", "授予中小企业", "授予小微企业", "机关运行经费", "三公经费", "其他运转类", "特定目标类")
_END = re.compile(r"[。！？!?]")
_LIST_START = re.compile(r"其中|按[^，。；：:]{0,8}分(?:为)?[：:]")
_LIST_END = re.compile(r"原因|主要用于|比上年|较上年|与上年")
_YEAR = re.compile(r"^\d{4}\s*年度?")
_FILLER = re.compile(r"[\s“”\"'（）()]|^(?:本部门|本单位|全年|年度|当年)")


def claim_bounds(claim: Claim) -> Bounds:
    """The interval of a stated number, in yuan for money (so 万元 and 元 compare); a count is exact."""
    if claim.measure is ClaimMeasure.COUNT:
        return claim.value, claim.value
    lo, hi = interval(claim.value, decimals_of(claim.printed))
    factor = YUAN_PER_UNIT.get(claim.unit, Decimal(1))
    return lo * factor, hi * factor


def same_sentence(claims: list[Claim], i: int) -> list[Claim]:
    """The claims before ``claims[i]`` in its sentence (a sentence's claims follow one another in the list)."""
    me, k = claims[i], i
    while k > 0 and claims[k - 1].sentence == me.sentence and claims[k - 1].paragraph_line == me.paragraph_line:
        k -= 1
    return claims[k:i]


def in_money_unit(claim: Claim) -> bool:
    """Stated in 元/万元/亿元 (any measure: an amount, a change or a base)."""
    return claim.unit in YUAN_PER_UNIT


def stated_amount(claim: Claim) -> bool:
    """An amount stated for its own subject (not a comparison base, not inside a parenthesis)."""
    return claim.measure is ClaimMeasure.AMOUNT and claim.base is None and not claim.subject.startswith(("（", "("))


def _shown(bounds: Bounds, unit: str) -> str:
    factor = YUAN_PER_UNIT.get(unit, Decimal(1))
    mid = (bounds[0] + bounds[1]) / 2 / factor
    return f"{mid.normalize():f}"


@dataclass(frozen=True)
class Listing:
    """A total and the parts a 其中 lists after it, with the paragraph's line."""

    head: Claim
    parts: tuple[Claim, ...]
    line: int


def listings(doc: Document) -> Iterator[Listing]:
    """Every 'total … 其中：part, part …' of the narrative (amounts or counts of one unit)."""
    by_line: dict[int, list[Claim]] = {}
    for claim in doc.claims:
        if claim.paragraph_line is not None:
            by_line.setdefault(claim.paragraph_line, []).append(claim)
    for section in doc.sections:
        for index, (line, text) in enumerate(section.paragraphs):
            claims = by_line.get(line)
            if not claims or not _LIST_START.search(text):
                continue
            placed = _placed(text, claims)  # in reading order: the claims between two offsets are found by bisection
            offsets = [p for p, _ in placed]
            offset_of = {id(c): p for p, c in placed}
            changes = [p for p, c in placed if c.measure is ClaimMeasure.CHANGE]
            sentence_ends = [e.start() for e in _END.finditer(text)]
            previous: Listing | None = None
            depth: list[int] = []  # brackets open at each offset, counted when a listing needs it
            for m in _LIST_START.finditer(text):
                stop = _stop(text, m.end(), changes)
                # the heads: amounts of the sentence that the 其中 closes (a 。 just before 其中 does not end it)
                end = len(text[: m.start()].rstrip("。 "))
                k = bisect_left(sentence_ends, end)
                start = sentence_ends[k - 1] if k else -1
                sentence = placed[bisect_right(offsets, start) : bisect_left(offsets, m.start())]
                heads = [c for _, c in sentence if _listable(c)]
                if not heads:
                    continue
                for unit in dict.fromkeys(c.unit for c in heads):
                    head = [c for c in heads if c.unit == unit][-1]
                    # 总额A。其中：B、C。其中：当年…: a new sentence's 其中 details A again, while
                    # A，其中：B；C，其中C1、C2 details C (the amount just before it)
                    after_stop = "。" in text[offset_of[id(head)] : m.start()]
                    if previous is not None and head in previous.parts and after_stop:
                        head = previous.head
                    listed = placed[bisect_left(offsets, m.end()) : bisect_left(offsets, stop)]
                    # an item's own breakdown in brackets (运行费6.00万元（购置费0万元，运行费6.00万元）) is no item
                    depth = depth or _depths(text)
                    parts = [
                        c for at, c in listed if _listable(c) and c.unit == head.unit and depth[at] <= depth[m.end()]
                    ]
                    if not text[m.end() :].strip(" ：:"):  # 其中： ends the paragraph, one item per paragraph follows
                        parts = _items(section.paragraphs[index + 1 :], by_line, head.unit)
                    if len(parts) >= 2 or (len(parts) == 1 and _covers(parts)):
                        previous = Listing(head, tuple(parts), line)
                        yield previous


def _depths(text: str) -> list[int]:
    """How many brackets are open before each offset of ``text`` (one pass)."""
    out = [0]
    for ch in text:
        out.append(out[-1] + (ch in "（(") - (ch in "）)"))
    return out


def _items(following: list[tuple[int, str]], by_line: dict[int, list[Claim]], unit: str) -> list[Claim]:
    """The parts of a list printed one per paragraph (基本支出…；项目支出…；…。), up to the one ending in 。."""
    parts: list[Claim] = []
    for line, text in following:
        first = next((c for c in by_line.get(line, []) if _listable(c) and c.unit == unit), None)
        if first is None:
            break
        parts.append(first)
        if text.rstrip().endswith(("。", ".")):
            break
    return parts


def _stop(text: str, start: int, changes: list[int]) -> int:
    """Where a 其中 list ends: the sentence's end, a change (比上年…, at the offsets ``changes``), a reason or
    the next 其中."""
    ends = [m.start() for m in (_END.search(text, start), _LIST_END.search(text, start)) if m]
    ends += [m.start() for m in [_LIST_START.search(text, start)] if m]
    first = bisect_left(changes, start)
    ends += changes[first : first + 1]
    return min(ends, default=len(text))


def _listable(claim: Claim) -> bool:
    return (stated_amount(claim) and in_money_unit(claim)) or claim.measure is ClaimMeasure.COUNT


def _placed(text: str, claims: list[Claim]) -> list[tuple[int, Claim]]:
    """Each claim with its offset in the paragraph (claims are in reading order)."""
    out: list[tuple[int, Claim]] = []
    cursor = 0
    for claim in claims:
        at = text.find(claim.printed, cursor)
        if at < 0:
            continue
        out.append((at, claim))
        cursor = at + len(claim.printed)
    return out


def _covers(parts: list[Claim] | tuple[Claim, ...]) -> bool:
    """Do the listed parts name every member of one known partition?"""
    names = [p.subject for p in parts]
    return any(all(any(word in n for n in names) for word in group) for group in PARTITIONS)


def _range(claims: tuple[Claim, ...]) -> Bounds:
    return add(claim_bounds(c) for c in claims)


@register
class ListedParts(Rule):
    """The parts a 其中 lists add up to no more than the total they follow (to exactly it when all are listed).

    What it checks: in a sentence such as 政府采购预算总额A万元。其中：货物B万元、工程C万元、服务D万元,
    the interval sum of the parts must not exceed the printed total; when the parts name every member
    of a known partition (货物/工程/服务, 基本支出/项目支出, 人员经费/公用经费, 其他运转类/特定目标类,
    the three 三公 items, 购置/运行) they must add up to it. Counts (项目35个，其中…28个…7个) likewise.
    Why it matters: most of these figures appear in no table, so the prose is their only check.
    Failing example: 政府采购预算总额672.61万元。其中：货物312.15万元、工程0万元、服务359.46万元.
    Passing example: 政府采购预算总额671.61万元。其中：货物312.15万元、工程0万元、服务359.46万元.
    Reference: 财预〔2016〕143号 (情况说明与报表一致); the sum rule of XBRL Calculations 1.1.
    """

    code = "BL620"
    slug = "narrative.listed-parts"
    title_zh = "“其中”所列各项之和不超过其前的总数（全部列出时相等）"
    template_zh = "第{line}行“{subject}”为{actual}{unit}，其中所列各项合计{expected}{unit}"
    template_en = "Line {line}: '{subject}' is {actual} {unit}; the parts listed after it add up to {expected}"
    reference = "财预〔2016〕143号; XBRL Calculations 1.1"

    def check(self, doc: Document) -> Iterator[Finding]:
        for listing in listings(doc):
            head = claim_bounds(listing.head)
            total = _range(listing.parts)
            over = total[0] > head[1]
            short = total[1] < head[0] and _covers(listing.parts)
            if not (over or short):
                continue
            lines = {c.location.line for c in (listing.head, *listing.parts) if c.location.line is not None}
            yield self.finding(
                Location(line=listing.line, text=listing.head.sentence[:120]),
                evidence=tuple(sorted(lines)),
                expected=_shown(total, listing.head.unit),
                actual=listing.head.printed,
                line=listing.line,
                subject=listing.head.subject,
                unit=listing.head.unit,
            )


def subject_key(claim: Claim) -> str:
    """A subject as compared between sentences: year, issuer filler, brackets and spaces removed."""
    subject = _YEAR.sub("", claim.subject)
    return _FILLER.sub("", subject)


@register
class RestatedAmounts(Rule):
    """An amount the narrative states twice for the same subject is the same both times.

    What it checks: money amounts stated for the same single-meaning subject (政府采购 totals and
    splits, 机关运行经费, “三公”经费, the 其他运转类/特定目标类 project amounts; year prefix and spaces
    ignored) in different paragraphs of the 情况说明 (e.g. 政府采购预算总额 in 九、政府采购情况 and
    again in 其他说明) overlap within their printed precision. Each disagreeing statement is reported
    at its own line with the other statement's value; comparison bases (比上年…) are not restatements.
    Why it matters: a figure copied by hand into a second section is a common source of typos.
    Failing example: 政府采购预算总额671.61万元 in one section and 672.61万元 in another.
    Passing example: the same 671.61万元 in both.
    Reference: 财预〔2016〕143号 (情况说明前后一致).
    """

    code = "BL621"
    slug = "narrative.restated-amounts"
    title_zh = "说明两次所述同一事项的金额相同"
    template_zh = "第{line}行“{subject}”为{actual}{unit}，第{other_line}行说明同一项为{expected}{unit}"
    template_en = "Line {line}: '{subject}' is {actual} {unit}; line {other_line} states {expected} {unit} for it"
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        groups: dict[str, list[Claim]] = {}
        for claim in doc.claims:
            key = subject_key(claim)
            restated = stated_amount(claim) and in_money_unit(claim) and _single_meaning(key)
            if restated and claim.location.line is not None:
                groups.setdefault(key, []).append(claim)
        for claims in groups.values():
            lines = {c.paragraph_line for c in claims}
            if len(lines) < 2:
                continue
            for claim in claims:
                others = [o for o in claims if o.paragraph_line != claim.paragraph_line]
                agreeing = [o for o in others if overlaps(claim_bounds(o), claim_bounds(claim))]
                if agreeing or not others:
                    continue
                other = others[0]
                yield self.finding(
                    Location(line=claim.location.line, text=claim.sentence[:120]),
                    expected=other.printed,
                    actual=claim.printed,
                    line=claim.location.line,
                    other_line=other.location.line,
                    subject=claim.subject,
                    unit=claim.unit,
                )


def _single_meaning(key: str) -> bool:
    """Figures with one meaning wherever they are stated (unlike 项目支出, with or without 结转)."""
    return key.startswith(RESTATED)
