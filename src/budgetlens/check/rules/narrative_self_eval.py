"""BL629: the self-evaluation summary of the narrative against the self-evaluation annexes it attaches.

A final account states how many projects were self-evaluated, the funds they involve and how many were
graded 优/良/中/差 (二级项目绩效自评个数15个，涉及资金821.79万元：13个项目自评等级为“优”…). The
项目支出绩效自评表 printed after the narrative (targets of kind "self_eval") show each project's grade and
money. Annexes are often a selection (key projects only), so the count and the funds are compared only
when the document prints at least as many annexes as it says projects were evaluated; the grades of the
annexes printed can contradict the text in any case (more annexes graded 差 than the text's 差 count).
That the per-grade counts add up to the count is BL611's check, not repeated here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from budgetlens.check.registry import Rule, register
from budgetlens.check.rules.narrative_tables import _loc
from budgetlens.model import Claim, ClaimMeasure, Document, Finding, PerformanceTarget, Severity

GRADES = ("优", "良", "中", "差")
_LOWER = {"优": Decimal(90), "良": Decimal(80), "中": Decimal(60)}  # the usual bands: [low, next low)
_GRADE = re.compile(r"(\d+)个(?:项目)?自评(?:等级)?(?:为|是)[\"“”'‘’「]?([优良中差])")
_FUNDS = re.compile(r"涉及资金(?:共计|共|为|合计)?([\d,]+(?:\.\d+)?)(万元|元)")
# a band the document states: 100-90(含)分为优 / 90分（含）以上为优
_BAND = re.compile(r"\d+[-－—–~至](\d+)[(（]含[)）]分?(?:为|是)([优良中])")
_BAND_ABOVE = re.compile(r"(\d+)分?[(（]?含?[)）]?以上(?:为|是)([优良中])")
_MONEY = {"年初预算数": "budget at the start of the year", "全年预算数": "full-year budget", "全年执行数": "spending"}
_WAN = Decimal(10000)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _number(text: str | None) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


@dataclass
class _Summary:
    """What one sentence states about the self-evaluation: count, funds (元) and count per grade."""

    claim: Claim
    count: int
    funds: Decimal | None = None
    funds_printed: str = ""
    funds_unit: str = "万元"
    grades: dict[str, int] = field(default_factory=dict)


def _is_count(claim: Claim) -> bool:
    subject = _compact(claim.subject)
    if claim.measure is not ClaimMeasure.COUNT or claim.unit != "个" or "一级项目" in subject:
        return False
    return subject.endswith("自评个数") or (subject.endswith("二级项目") and "自评" in claim.sentence)


def _summary(claim: Claim) -> _Summary | None:
    text = _compact(claim.sentence)
    start = text.find(_compact(claim.subject) + claim.printed)
    if start < 0:
        return None
    rest = text[start + len(_compact(claim.subject)) :]
    stop = rest.find("自评个数")
    rest = rest if stop < 0 else rest[:stop]  # another statement (一级项目…) follows in the same sentence
    summary = _Summary(claim, int(claim.value))
    funds = _FUNDS.search(rest)
    if funds and (value := _number(funds.group(1))) is not None:
        summary.funds = value * (_WAN if funds.group(2) == "万元" else 1)
        summary.funds_printed = funds.group(1) + funds.group(2)
        summary.funds_unit = funds.group(2)
    found = [(m.group(2), int(m.group(1))) for m in _GRADE.finditer(rest)]
    if len({g for g, _ in found}) == len(found):  # a grade stated twice: unclear, not compared
        summary.grades = dict(found)
    return summary


def _own_bands(doc: Document) -> bool:
    """True when the document states grade bands other than the usual ones (优 ≥ 90, 良 ≥ 80, 中 ≥ 60)."""
    for _, text, _ in doc.source_lines:
        compact = _compact(text)
        for m in (*_BAND.finditer(compact), *_BAND_ABOVE.finditer(compact)):
            if Decimal(m.group(1)) != _LOWER[m.group(2)]:
                return True
    return False


def _unsure(doc: Document) -> set[tuple[str, str]]:
    """(project, field) of the annex facts the parser repaired or could not read."""
    return {
        (str(f.params.get("name")), str(f.params.get("field")))
        for f in doc.parse_findings
        if f.code in ("BL021", "BL022") and f.variant == "self-eval"
    }


def _grade(annex: PerformanceTarget, own_bands: bool, unsure: set[tuple[str, str]]) -> str | None:
    printed = annex.facts.get("等级")
    if printed in GRADES:
        return printed
    score = _number(annex.facts.get("总分"))
    if score is None or own_bands or (annex.name, "总分") in unsure:
        return None
    return next((g for g, low in _LOWER.items() if score >= low), "差")


def _yuan(annex: PerformanceTarget) -> Decimal:
    for amount in (annex.funds_annual.total, annex.funds_period.total):
        if amount is not None and amount.unit:
            return _WAN if amount.unit == "万元" else Decimal(1)
    return _WAN


def _fmt(value: Decimal, unit: str) -> str:
    return f"{value / _WAN:,.2f}万元" if unit == "万元" else f"{value:,.2f}元"


@register
class SelfEvalSummary(Rule):
    """The self-evaluation summary of the narrative agrees with the self-evaluation annexes printed.

    What it checks: 二级项目绩效自评个数N个，涉及资金X万元：a个项目自评等级为“优”… against the 项目支出绩效自评表
    the document attaches. The annexes of each grade (printed 自评等级, else the band of the 总分 when the
    document states no bands of its own) never outnumber the text's count of that grade (error), and match it
    exactly when every project is annexed and graded. When at least N annexes are printed, more annexes than N
    is a warning, and X equals the annexes' 年初预算数, 全年预算数 or 全年执行数 summed (warning; compared only
    when every annex prints all three legibly). Fewer annexes than N are taken as a selection: no count or funds
    finding. The parts adding up to N is BL611's check.
    Why it matters: the grades and the money the narrative reports are what readers quote; annexes that tell a
    different story show a miscount or a copied sentence.
    Failing example: 自评个数3个 … 2个项目自评等级为“优”，1个项目自评等级为“良” with two annexes graded 良.
    Passing example: the same sentence with one annex graded 良 and two graded 优.
    Reference: 《项目支出绩效评价管理办法》 (财预〔2020〕10号); 财预〔2016〕143号 (情况说明与报表一致).
    """

    code = "BL629"
    slug = "narrative.self-eval-summary"
    title_zh = "说明中的绩效自评概述与所附的自评表一致"
    severity = Severity.ERROR
    template_zh = "第{line}行说明{stated_zh}，但所附的项目支出绩效自评表{printed_zh}"
    template_en = "Line {line} states {stated_en}, but the self-evaluation annexes printed {printed_en}"
    reference = "财预〔2020〕10号"

    def check(self, doc: Document) -> Iterator[Finding]:
        annexes = list({_compact(t.name): t for t in doc.targets if t.kind == "self_eval" and t.name}.values())
        if not annexes:
            return
        own_bands, unsure = _own_bands(doc), _unsure(doc)
        seen: set[tuple[int | None, int]] = set()
        for claim in doc.claims:
            if claim.location.line is None or not _is_count(claim):
                continue
            summary = _summary(claim)
            if summary is None or (claim.location.line, summary.count) in seen:
                continue
            seen.add((claim.location.line, summary.count))
            yield from self._grades(summary, annexes, own_bands, unsure)
            if len(annexes) > summary.count:
                yield self._report(
                    summary, Severity.WARNING, expected=len(annexes), actual=summary.count,
                    stated_zh=f"绩效自评项目{summary.count}个", stated_en=f"{summary.count} projects self-evaluated",
                    printed_zh=f"共有{len(annexes)}张（各为不同项目）",
                    printed_en=f"are {len(annexes)}, each for a different project",
                )  # fmt: skip
            elif len(annexes) == summary.count:
                yield from self._funds(summary, annexes, unsure)

    def _grades(
        self, summary: _Summary, annexes: list[PerformanceTarget], own_bands: bool, unsure: set[tuple[str, str]]
    ) -> Iterator[Finding]:
        graded = [_grade(a, own_bands, unsure) for a in annexes]
        printed = Counter(g for g in graded if g is not None)
        complete = len(annexes) == summary.count and None not in graded
        over = [g for g, stated in summary.grades.items() if printed.get(g, 0) > stated]
        # every project annexed and graded: a grade with fewer annexes than stated is wrong too, but it is the
        # other side of a grade with more, so it is reported alone only when no grade has more
        under = [g for g, stated in summary.grades.items() if printed.get(g, 0) < stated] if complete else []
        for grade in over or under:
            stated, shown = summary.grades[grade], printed.get(grade, 0)
            yield self._report(
                summary, expected=shown, actual=stated,
                stated_zh=f"自评等级为“{grade}”的项目{stated}个", stated_en=f"{stated} project(s) graded '{grade}'",
                printed_zh=f"中有{shown}张的自评等级为“{grade}”", printed_en=f"include {shown} graded '{grade}'",
            )  # fmt: skip

    def _funds(
        self, summary: _Summary, annexes: list[PerformanceTarget], unsure: set[tuple[str, str]]
    ) -> Iterator[Finding]:
        if summary.funds is None:
            return
        sums: dict[str, Decimal] = {}
        for key in _MONEY:
            values = [_number(a.facts.get(key)) for a in annexes]
            if any(v is None for v in values) or any((a.name, key) in unsure for a in annexes):
                return  # the figure stated may be this sum, which cannot be known: say nothing
            sums[key] = sum((v * _yuan(a) for a, v in zip(annexes, values, strict=True) if v is not None), Decimal(0))
        # the annexes print 万元 to two decimals (0.005万元 = 50元 each); the text rounds its own total too
        slack = Decimal(50) * len(annexes) + Decimal(50)
        if any(abs(total - summary.funds) <= slack for total in sums.values()):
            return
        unit = summary.funds_unit
        listed_zh = "、".join(f"{key}合计{_fmt(total, unit)}" for key, total in sums.items())
        listed_en = ", ".join(f"{_fmt(total, unit)} ({_MONEY[key]})" for key, total in sums.items())
        yield self._report(
            summary, Severity.WARNING, expected=" / ".join(_fmt(t, unit) for t in sums.values()),
            actual=summary.funds_printed,
            stated_zh=f"涉及资金{summary.funds_printed}", stated_en=f"funds of {summary.funds_printed}",
            printed_zh=f"（{len(annexes)}张）{listed_zh}，均与之不符",
            printed_en=f"({len(annexes)}) add up to {listed_en}, none of which it matches",
        )  # fmt: skip

    def _report(
        self, summary: _Summary, severity: Severity | None = None, *, expected: object, actual: object, **params: str
    ) -> Finding:
        claim = summary.claim
        where = _loc(claim)
        return self.finding(where, expected, actual, severity, (), line=claim.location.line, **params)
