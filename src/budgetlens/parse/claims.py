"""Numbers the narrative states (amounts, shares, changes, counts) as typed ``Claim`` objects.

Each paragraph is cut into sentences (on 。；;！？) and every number with a unit becomes a claim:
money (万元/元/亿元) an AMOUNT, a percentage after 占 a SHARE, a number after a direction verb
(增长/增加/减少/下降 …) or a 与上年预算数相同 phrase a CHANGE, a number with a counter word (个/家/辆/人 …)
a COUNT. Years and dates (a number followed by 年/月/日), numbers inside 《…》 and document numbers
such as 〔2024〕5号 are never claims. Shares and changes take the subject of the nearest amount.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from budgetlens.model.document import Claim
from budgetlens.model.enums import ClaimMeasure, ValueStatus
from budgetlens.model.location import Location
from budgetlens.model.money import is_readable

_TO_ASCII = str.maketrans("０１２３４５６７８９．％", "0123456789.%")  # one char for one: offsets stay valid
_SENTENCE = re.compile(r"[^。；;！？!?]+[。；;！？!?]?")
_BOUNDARY = re.compile(r"[，,：:、\t]")
_NUMBER = re.compile(r"(?<![A-Za-z0-9.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d.A-Za-z])")
_MASK = re.compile(r"《[^》]*》|[〔\[【（(]\s*\d{4}\s*[〕\]】）)]\s*\d*\s*号?|[（(]\s*\d{2,7}\s*[类款项]\s*[）)]")
# 公共安全支出（204类）司法（06款）行政运行（01项）: a subject named with its classification code path
_CODE_PART = re.compile(r"([^（()）]*?)[（(]\s*(\d{2,7})\s*([类款项])\s*[）)]")
_CODE_PATH_END = re.compile(r"(?:[（(]\s*\d{2,7}\s*[类款项]\s*[）)])(?:支出|预算|安排)?(?:为|共)?\s*$")
_CODE_LENGTH = {"类": 3, "款": 5, "项": 7}
_DATE = re.compile(r"\s*[年月日号时]")
_MONEY = re.compile(r"\s*(亿元|万元|元)(?![/每])")
_PERCENT = re.compile(r"\s*(%|个百分点|百分点)")
_COUNTER = re.compile(
    r"\s*(台[（(]套[）)]|人次|批次|个(?!月|工作日|小时|百分点)|家|辆|人|名|台|套|项|次|所(?!属)|处|件|份|户|条|张|栋|间)"
)
_THRESHOLD = re.compile(r"\s*(?:[（(][^）)]{0,8}[）)])?\s*及?(?:以上|以下|以内)")
_DIRECTION = re.compile(r"(增长|增加|上升|提高|减少|下降|降低)(?:了|为)?\s*$")
_INCREASE = {"增长", "增加", "上升", "提高"}
_COMP_CORE = r"(?:比|较|与|同|和)\s*(上一?年度?|\d{4}\s*年度?)(同期)?(预算执行数|预算数?|决算数?|执行数)?"
_COMP = re.compile(_COMP_CORE + r"(?:相比|相较|比较)?(?:预算数)?")
_COMP_END = re.compile(_COMP_CORE + r"\s*$")
_SAME = re.compile(_COMP_CORE + r"(?:相比|比较)?(?:预算数?)?(?:相同|持平|一致|不变|无变化|没有变化)")
_SHARE_BASE = re.compile(r"占(.*?)(?:的)?(?:比重|比例)?(?:为)?\s*$")
_YEAR_PREFIX = re.compile(r"(?:本部门|本单位)?(\d{4})\s*年度?")
_ORG = re.compile(
    r"^[\u4e00-\u9fff]{0,6}?[省市县区州旗盟][\u4e00-\u9fff（）()]{1,20}?"
    r"(?:委员会|办公室|研究所|局|中心|委|院|厅|站|队|馆|学校|公司)(?:本级)?"
)
_LEAD = re.compile(
    r"^(?:其中|主要包括|支出包括|包括|主要用于以下方面|主要用于|用于|涉及|共计|共有|只有|仅有|"
    r"主要原因是|原因是|主要为|由于|因为|故|所以|以及|另有|此外|另外|及|和|等|即|为|的|以上的?|以下的?|"
    r"[（(][\d一二三四五六七八九十]+[）)]|\d+[.．、])"
)
_TRAIL = re.compile(r"(?:相应|分别|共计|达到|约|为|达|的)$")
_GENERIC = re.compile(r"^(?:项目)?(?:金额|资金)$")
_NOUN = re.compile(
    r"[\u4e00-\u9fff][\u4e00-\u9fff、]{0,10}?(?:单位|机构|科室|部门|项目|人员|编制|车辆|设备|企业|用车)|[\u4e00-\u9fff]{1,8}"
)
_NOT_NOUN = re.compile(r"比|较|与|和|同|占|其中|主要|用于|全部|均|已|未|为|是|等|共|涉及|包括|相比|增|减|下降|上升")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class _Sentence:
    """One sentence being read: its claims so far and the head amount of a 其中 list."""

    section: str
    original: str
    line: int
    fiscal: str | None
    text: str = ""
    claims: list[Claim] = field(default_factory=list)
    head: Claim | None = None  # the last amount before the first 其中
    seen_qizhong: bool = False
    listed: int = 0  # amounts after 其中
    latest: dict[ClaimMeasure, Claim] = field(default_factory=dict)  # the last claim of each measure

    def last(self, measure: ClaimMeasure | None = None) -> Claim | None:
        if measure is None:
            return self.claims[-1] if self.claims else None
        return self.latest.get(measure)

    def inherited(self, *, listing: bool) -> str:
        """Subject of the nearest amount; a change after a 其中 list of ≥2 items refers to the list head."""
        if listing and self.head is not None and self.listed >= 2:
            return self.head.subject
        near = self.last(ClaimMeasure.AMOUNT) or self.last()
        return near.subject if near else ""

    def add(
        self,
        subject: str,
        measure: ClaimMeasure,
        value: Decimal,
        unit: str,
        printed: str,
        direction: str | None = None,
        base: str | None = None,
        code: str | None = None,
    ) -> None:
        if measure is ClaimMeasure.AMOUNT and self.seen_qizhong:
            self.listed += 1
        if code is None and measure is not ClaimMeasure.AMOUNT:  # a change of 行政运行 keeps its code
            near = self.last(ClaimMeasure.AMOUNT)
            code = near.code if near is not None and near.subject == subject else None
        self.latest[measure] = claim = Claim(
            section=self.section,
            subject=subject,
            measure=measure,
            value=value,
            unit=unit,
            printed=printed,
            direction=direction,
            base=base,
            code=code,
            sentence=self.original,
            location=Location(line=self.line),
        )
        self.claims.append(claim)

    def run(self) -> list[Claim]:
        text = self.text = self.original.translate(_TO_ASCII)
        masks = [m.span() for m in _MASK.finditer(text)]  # in order, not overlapping
        starts = [a for a, _ in masks]

        def masked(at: int) -> bool:
            k = bisect_right(starts, at) - 1
            return k >= 0 and at < masks[k][1]

        events = [(m, False) for m in _NUMBER.finditer(text) if not masked(m.start())]
        events += [(m, True) for m in _SAME.finditer(text)]
        cursor = scanned = clause = 0  # each stretch of text is looked at once: a long line stays linear
        for m, same in sorted(events, key=lambda e: e[0].start()):
            if m.start() < cursor:
                continue
            start = max(scanned, cursor)
            if "其中" in text[max(start - 1, cursor) : m.start()] and not self.seen_qizhong:
                self.seen_qizhong, self.head = True, self.last(ClaimMeasure.AMOUNT)
            ends = [b.end() for b in _BOUNDARY.finditer(text, start, m.start())]
            clause = max(clause, cursor, *ends[-1:])  # the clause of the number starts after the last boundary
            raw, scanned = text[clause : m.start()], m.start()
            if same:  # 与上年预算数相同
                near = self.last(ClaimMeasure.AMOUNT)
                subject = _clean(raw, self.fiscal) or self.inherited(listing=True)
                self.add(
                    subject,
                    ClaimMeasure.CHANGE,
                    Decimal(0),
                    near.unit if near else "万元",
                    self.original[m.start() : m.end()],
                    direction="same",
                    base=_base(m),
                )
                cursor = m.end()
            else:
                cursor = max(cursor, self.number(m, raw))
        return self.claims

    def number(self, m: re.Match[str], raw: str) -> int:
        """Turn one number into a claim; return the end of what it consumed (0 when it is no claim)."""
        text, fiscal = self.text, self.fiscal
        if _DATE.match(text, m.end()):
            return 0
        money, percent = _MONEY.match(text, m.end()), _PERCENT.match(text, m.end())
        unit_match = money or percent or _COUNTER.match(text, m.end())
        if unit_match is None:
            return 0
        end = unit_match.end()
        if raw.rstrip().endswith(("≥", "≤", ">", "<", "＞", "＜")):
            return 0  # ≥5次: a target bound (performance tables), not a stated number
        if money and _THRESHOLD.match(text, end):
            return 0  # 价值50万元（原值）以上的: a threshold, kept in the subject of what follows
        unit = unit_match.group(1).replace("(", "（").replace(")", "）")
        printed = self.original[m.start() : m.end()]
        value = Decimal(m.group(1).replace(",", ""))
        if not is_readable(value):
            return 0  # a number no budget prints (OCR run-together digits): no claim to check
        direction = _DIRECTION.search(raw)
        if direction:
            before = raw[: direction.start()]
            comps = list(_COMP.finditer(before))
            prev = self.last()
            if comps:
                base: str | None = _base(comps[-1])
                before = before[: comps[-1].start()]
            else:
                base = prev.base if prev and (prev.measure is ClaimMeasure.CHANGE or prev.base) else None
            subject = _clean(before, fiscal)
            if not subject:
                chained = prev is not None and prev.measure is ClaimMeasure.CHANGE
                subject = prev.subject if prev and chained else self.inherited(listing=True)
            word = "increase" if direction.group(1) in _INCREASE else "decrease"
            self.add(subject, ClaimMeasure.CHANGE, value, unit, printed, direction=word, base=base)
            return end
        if money:
            comp = _COMP_END.search(raw)
            if comp:  # 比2025年预算155.43万元减少…: the amount of the comparison base
                self.add(self.inherited(listing=True), ClaimMeasure.AMOUNT, value, unit, printed, base=_base(comp))
                return end
            coded = _code_path(raw, fiscal)
            if coded is not None:
                self.add(coded[1], ClaimMeasure.AMOUNT, value, unit, printed, code=coded[0])
                return end
            subject = _clean(raw, fiscal)
            noun = _following_noun(text, end)
            if noun and (not subject or raw.rstrip().endswith("的")):  # 安排的0.8万元公务接待费
                self.add(
                    f"{subject}的{noun.group()}" if subject else noun.group(), ClaimMeasure.AMOUNT, value, unit, printed
                )
                return noun.end()
            if not subject or _GENERIC.match(subject):  # 二级项目35个，共计金额…
                prev = self.last()
                subject = prev.subject if prev else subject
            self.add(subject, ClaimMeasure.AMOUNT, value, unit, printed)
            return end
        if percent:
            share = _SHARE_BASE.search(raw)
            own = _clean(raw[: raw.rfind("占")] if share else raw, fiscal)
            base_text = share.group(1).strip() if share else ""
            self.add(
                own or self.inherited(listing=False), ClaimMeasure.SHARE, value, unit, printed, base=base_text or None
            )
            return end
        noun = _following_noun(text, end)
        if noun:  # 等2家行政单位 / 3个车辆信息: the counted noun follows the counter
            self.add(noun.group(), ClaimMeasure.COUNT, value, unit, printed)
            return noun.end()
        self.add(_clean(raw, fiscal), ClaimMeasure.COUNT, value, unit, printed)
        return end


def extract_claims(
    section_title: str, paragraphs: list[tuple[int, str]], document_year: int | None = None
) -> list[Claim]:
    """Every amount, share, change and count stated by ``paragraphs`` ((line, text) pairs).

    The year stripped from subjects is the document's fiscal year when known, else the section's.
    """
    fiscal = str(document_year) if document_year else _fiscal_year(section_title, paragraphs)
    claims: list[Claim] = []
    for line, printed_text in paragraphs:
        text, repaired = _repair_separators(printed_text)
        before = len(claims)
        for match in _SENTENCE.finditer(text):
            sentence = match.group().strip()
            if sentence:
                claims.extend(_Sentence(section_title, sentence, line, fiscal).run())
        for claim in claims[before:]:
            if claim.printed in repaired:
                claim.printed = repaired[claim.printed]
                claim.status = ValueStatus.REPAIRED
                claim.constraint = "thousands separator printed as a decimal point (d.ddd.dd)"
    return claims


def place_on_lines(claims: list[Claim], paragraphs: list[tuple[int, str]], lines: dict[int, str], end: int) -> None:
    """Give each claim the line that prints its number, not the first line of its paragraph.

    A paragraph rejoined from several printed lines spans the lines from its first up to the next
    paragraph's. Its sentence is found in the span's text (spaces removed), then the claim's number
    from there on; the line holding that number's first character is the claim's line. A claim
    whose number cannot be found keeps the paragraph's line.
    """
    starts = [line for line, _ in paragraphs]
    spans = dict(zip(starts, [*starts[1:], end + 1], strict=True))
    by_paragraph: dict[int, list[Claim]] = {}
    for claim in claims:
        if claim.location.line in spans:
            by_paragraph.setdefault(claim.location.line, []).append(claim)
    for first, members in by_paragraph.items():
        joined, owners = "", []
        for no in range(first, spans[first]):
            text = _SPACES.sub("", lines.get(no, ""))
            joined += text
            owners += [no] * len(text)
        cursor = 0
        for claim in members:
            head = _SPACES.sub("", claim.sentence)[:12]
            at = joined.find(head, cursor) if head else -1
            if at < 0:
                at = joined.find(head) if head else -1
            number = joined.find(_SPACES.sub("", claim.printed), max(at, 0)) if claim.printed else -1
            if at >= 0:
                cursor = at
            claim.paragraph = first
            if number >= 0:
                claim.location = claim.location.model_copy(update={"line": owners[number]})


_SPACES = re.compile(r"\s+")
_MISREAD_SEPARATOR = re.compile(r"(?<![\d.])(\d{1,3})\.(\d{3})\.(\d{2})(?![\d.])")


def _repair_separators(text: str) -> tuple[str, dict[str, str]]:
    """OCR reads 2,715.62 as 2.715.62: rewrite it and remember what was printed."""
    repaired: dict[str, str] = {}

    def fix(m: re.Match[str]) -> str:
        value = f"{m.group(1)},{m.group(2)}.{m.group(3)}"
        repaired[value] = m.group(0)
        return value

    return _MISREAD_SEPARATOR.sub(fix, text), repaired


def _fiscal_year(title: str, paragraphs: list[tuple[int, str]]) -> str | None:
    """The budget year: from the title, else the most frequent 'YYYY年度' (or 'YYYY年') of the text."""
    found = re.search(r"(\d{4})\s*年", title.translate(_TO_ASCII))
    if found:
        return found.group(1)
    body = "\n".join(t for _, t in paragraphs).translate(_TO_ASCII)
    for pattern in (r"(\d{4})\s*年度", r"(\d{4})\s*年"):
        years: Counter[str] = Counter(re.findall(pattern, body))
        if years:
            return years.most_common(1)[0][0]
    return None


def _following_noun(text: str, at: int) -> re.Match[str] | None:
    """The noun right after a number and its unit ('2家行政单位'), unless a verb or a comparison follows."""
    if at >= len(text) or not _CJK.match(text, at) or _NOT_NOUN.match(text, at):
        return None
    return _NOUN.match(text, at)


def _code_path(raw: str, fiscal: str | None) -> tuple[str | None, str] | None:
    """(code, subject) when the text before an amount ends in a code path, e.g. 司法（06款）行政运行（01项）.

    Each level prints its own digits (204类 / 06款 / 01项) or the whole code (2040601项); the subject is
    the name of the deepest level. The code is None when the levels do not make a 类/款/项 chain (a
    款 without its 类): nothing is guessed. None when the text ends in no code path.
    """
    if not _CODE_PATH_END.search(raw):
        return None
    code: str | None = ""
    name = ""
    for m in _CODE_PART.finditer(raw):
        digits, level = m.group(2), m.group(3)
        name = m.group(1).strip()
        if code is None:
            continue
        if len(digits) == _CODE_LENGTH[level] and digits.startswith(code):
            code = digits
        elif len(digits) == 2 and len(code) + 2 == _CODE_LENGTH[level]:
            code += digits
        else:
            code = None
    subject = _clean(name, fiscal)
    return (code or None, subject) if subject else None


def _base(m: re.Match[str]) -> str:
    parts: list[str] = [g for g in m.groups() if g]
    return "".join(parts).replace(" ", "")


def _clean(raw: str, fiscal: str | None) -> str:
    """The subject noun phrase: connectives, the budget year and the issuer's name stripped."""
    subject = raw.strip(" \t\u3000")
    while True:
        before = subject
        subject = _LEAD.sub("", subject, count=1).strip(" \t\u3000")
        year = _YEAR_PREFIX.match(subject)
        if year and (fiscal is None or year.group(1) == fiscal) and subject[year.end() :]:
            subject = subject[year.end() :]
        org = _ORG.match(subject)
        if org and subject[org.end() :]:
            subject = subject[org.end() :]
        subject = _TRAIL.sub("", subject)
        if subject == before:
            return subject
