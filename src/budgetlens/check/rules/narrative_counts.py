"""BL611–BL613: counts the narrative states (项目个数, 车辆, 接待批次/人次) against each other and 公开10.

Counts are exact integers, so they must agree exactly. A breakdown is only compared with its total
when it is evidently complete (the four 自评等级, a vehicle list that ends with its 其他 class, the
国内 and 国（境）外 parts of 公务接待), or when the parts alone already exceed the total.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from budgetlens.check.registry import Rule, register
from budgetlens.check.rules.narrative_rates import final_claims, norm
from budgetlens.check.rules.narrative_tables import _loc
from budgetlens.model import Claim, ClaimMeasure, Document, Finding, Severity

_GRADES = re.compile(r"优.*良.*中.*差", re.S)
_VEHICLE_TOTAL = re.compile(r"(?:共有车辆|实有|车辆(?:总数|合计))$")
_RECEPTION = {
    "total": re.compile(r"公务接待费(?:支出)?$"),
    "domestic": re.compile(r"^国内接待费$"),
    "foreign": re.compile(r"^国[（(]境[）)]外接待费$"),
}
_PROJECTS = re.compile(r"二级项目(?:绩效自评个数)?$")


def _fleet(claim: Claim) -> bool:
    """保有量共N辆 (the counted noun may follow: 保有量共13辆车)."""
    text = re.sub(r"\s+", "", claim.sentence)
    return re.search(rf"公务用车保有量(?:共|为)?{re.escape(claim.printed)}辆", text) is not None


def _plain(subject: str) -> str:
    return re.sub(r"\s+", "", subject)


def _counts(claims: list[Claim], unit: str | None = None) -> list[Claim]:
    return [c for c in claims if c.measure is ClaimMeasure.COUNT and (unit is None or c.unit == unit)]


def _paragraphs(claims: list[Claim]) -> dict[tuple[str, int | None], list[Claim]]:
    out: dict[tuple[str, int | None], list[Claim]] = {}
    for c in claims:
        out.setdefault((c.section, c.paragraph_line), []).append(c)
    return out


def _total(parts: list[Claim]) -> Decimal:
    return sum((p.value for p in parts), Decimal(0))


@register
class CountSums(Rule):
    """A count the narrative breaks down equals the sum of its parts.

    What it checks: 二级项目绩效自评个数N个 = the counts of 优/良/中/差 that follow it; 共有车辆 (or 实有)
    N辆 = the vehicle classes listed after it when the list ends with its 其他 class (and never less
    than their sum); 公务接待 共接待N批次、M人次 = the 国内 plus the 国（境）外 批次 and 人次.
    Why it matters: counts are exact; a breakdown that does not add up shows a miscounted class or
    a copied sentence.
    Failing example: 自评个数5个：3个为“优”，3个为“良”，0个为“中”，0个为“差”.
    Passing example: 自评个数5个：3个为“优”，2个为“良”，0个为“中”，0个为“差”.
    Reference: 财预〔2016〕143号 (情况说明与报表一致).
    """

    code = "BL611"
    slug = "narrative.count-sums"
    title_zh = "说明分项列出的数量之和等于总数"
    template_zh = "第{line}行说明“{subject}”为{actual}{unit}，但所列{count}项之和为{expected}{unit}"
    template_en = (
        "Line {line}: '{subject}' is stated as {actual} {unit}, but its {count} listed parts add up to {expected}"
    )
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        claims = [c for c in doc.claims if c.location.line is not None]
        for paragraph in _paragraphs(claims).values():
            yield from self._grades(paragraph)
            yield from self._vehicles(paragraph)
            yield from self._reception(paragraph)

    def _report(self, total: Claim, parts: list[Claim], subject: str | None = None) -> Finding:
        return self.finding(
            _loc(total), expected=_total(parts), actual=total.printed, line=total.location.line,
            subject=subject or total.subject, unit=total.unit, count=len(parts),
        )  # fmt: skip

    def _grades(self, paragraph: list[Claim]) -> Iterator[Finding]:
        for i, total in enumerate(paragraph):
            if total.measure is not ClaimMeasure.COUNT or not _plain(total.subject).endswith("自评个数"):
                continue
            after = [c for c in paragraph[i + 1 :] if c.sentence == total.sentence]
            parts = _counts(after, total.unit)
            tail = total.sentence[total.sentence.find(total.printed) :]
            if len(parts) != 4 or not _GRADES.search(tail):
                continue
            if _total(parts) != total.value:
                yield self._report(total, parts)

    def _vehicles(self, paragraph: list[Claim]) -> Iterator[Finding]:
        for i, total in enumerate(paragraph):
            if total.measure is not ClaimMeasure.COUNT or total.unit != "辆":
                continue
            if not _VEHICLE_TOTAL.search(norm(total.subject)):
                continue
            parts: list[Claim] = []
            for c in paragraph[i + 1 :]:
                if c.measure is not ClaimMeasure.COUNT or c.unit != "辆" or not norm(c.subject).endswith("用车"):
                    break
                parts.append(c)
            complete = any(norm(p.subject).startswith("其他") for p in parts)
            if len(parts) >= 2 and (_total(parts) > total.value or (complete and _total(parts) != total.value)):
                yield self._report(total, parts)

    def _reception(self, paragraph: list[Claim]) -> Iterator[Finding]:
        if not any("三公" in c.section for c in paragraph):
            return
        groups: dict[str, list[Claim]] = {}
        current: str | None = None
        for c in paragraph:
            if c.measure is ClaimMeasure.AMOUNT:
                current = next((k for k, p in _RECEPTION.items() if p.search(norm(c.subject))), None)
                if current is not None and current in groups:
                    current = None  # a repeated group (copied text): keep the first
                elif current is not None:
                    groups[current] = []
            elif c.measure is ClaimMeasure.COUNT and current is not None:
                groups[current].append(c)
        if set(groups) != set(_RECEPTION):
            return
        for unit in ("批次", "人次"):
            found = {k: _counts(v, unit) for k, v in groups.items()}
            if any(len(v) != 1 for v in found.values()):
                continue
            total, parts = found["total"][0], [found["domestic"][0], found["foreign"][0]]
            if _total(parts) != total.value:
                yield self._report(total, parts, f"公务接待{unit}")


@register
class RepeatedCounts(Rule):
    """A count a final account's narrative states in two places is the same in both.

    What it checks: every 二级项目 count of the 绩效自评 sentences (开展了绩效自评，涵盖二级项目N个;
    二级项目绩效自评个数N个) is the same (部门评价 may cover fewer projects and is not compared); the
    公务用车保有量 of the 三公 section does not exceed the 共有车辆 of the 国有资产 section (a warning:
    保有量 counts only vehicles run on 财政拨款).
    Why it matters: the same fact stated twice with two values leaves the reader unable to tell
    which is right.
    Failing example: 涵盖二级项目7个 … 二级项目绩效自评个数6个.
    Passing example: both 6.
    Reference: 财预〔2016〕143号 (情况说明与报表一致).
    """

    code = "BL612"
    slug = "narrative.repeated-counts"
    title_zh = "决算说明两处所述的同一数量相同"
    template_zh = "第{line}行说明“{subject}”为{actual}{unit}，第{other_line}行说明“{other}”为{expected}{unit}"
    template_en = "Line {line}: '{subject}' is {actual} {unit}; line {other_line} states '{other}' as {expected}"
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        counts = _counts(final_claims(doc))
        projects = [  # 部门评价 and 重点评价 may cover fewer projects than the 自评
            c for c in counts if c.unit == "个" and _PROJECTS.search(_plain(c.subject)) and "自评" in c.sentence
        ]
        ranked = Counter(c.value for c in projects).most_common()
        if len(ranked) > 1:
            # the value most mentions agree on is taken as right; on a tie, the first mention
            usual = ranked[0][0] if ranked[0][1] > ranked[1][1] else projects[0].value
            reference = next(c for c in projects if c.value == usual)
            for c in projects:
                if c.value != usual:
                    yield self._report(c, reference)
        fleet = next((c for c in counts if c.unit == "辆" and _fleet(c)), None)
        owned = next((c for c in counts if c.unit == "辆" and norm(c.subject).endswith("共有车辆")), None)
        if fleet is not None and owned is not None and fleet.value > owned.value:
            yield self._report(fleet, owned, Severity.WARNING, "公务用车保有量")

    def _report(self, claim: Claim, other: Claim, severity: Severity | None = None, subject: str = "") -> Finding:
        return self.finding(
            _loc(claim), expected=other.printed, actual=claim.printed, severity=severity, line=claim.location.line,
            subject=subject or claim.subject, unit=claim.unit, other_line=other.location.line, other=other.subject,
        )  # fmt: skip
