"""BL613–BL614: the vehicles of the 国有资产 paragraph against 公开10, and the 三公 total of the prose."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from budgetlens.check.intervals import Bounds, add, overlaps
from budgetlens.check.registry import Rule, register
from budgetlens.check.rules.narrative_rates import BUDGET, final_claims, is_money, item_key, money, norm
from budgetlens.check.rules.narrative_tables import _THREE_PUBLIC_TOTAL, _loc
from budgetlens.model import Claim, ClaimMeasure, Document, DocumentKind, Finding, Row
from budgetlens.model.money import YUAN_PER_UNIT

_BRACKETS = str.maketrans("()", "（）")
_FINAL_TOTAL = re.compile(r"^(?:支出)?决算数?$")


def _name(text: str) -> str:
    return re.sub(r"\s+", "", text).translate(_BRACKETS)


@register
class FinalVehicleCounts(Rule):
    """The vehicles the narrative of a final account counts equal those of 公开10.

    What it checks: 共有车辆N辆 of the 国有资产占用情况 paragraph equals 车辆数合计 of the 部门决算公开相关
    信息统计表, and every vehicle class listed after it (应急保障用车5辆 …) equals the table row of the
    same name; classes whose names differ between templates, and debris cells, are skipped.
    Why it matters: the narrative and the table report the same inventory; counts must agree exactly.
    Failing example: 共有车辆4辆 while 车辆数合计（辆） prints 3.
    Passing example: both 3, and 执法执勤用车2辆 with 2 in the table.
    Reference: 财预〔2016〕143号 (情况说明与报表一致).
    """

    code = "BL613"
    slug = "narrative.final-vehicles"
    title_zh = "决算说明所述车辆数与公开10表一致"
    template_zh = "第{line}行说明“{subject}”为{actual}辆，表“{table}”第{table_line}行“{row}”为{expected}"
    template_en = (
        "Line {line}: '{subject}' is {actual} vehicles; table '{table}', line {table_line}, '{row}' shows {expected}"
    )
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        table = doc.table("final.disclosure_stats")
        claims = [c for c in final_claims(doc) if c.measure is ClaimMeasure.COUNT and c.unit == "辆"]
        total_row = next((r for r in table.rows if r.number == 7), None) if table else None
        if table is None or total_row is None:
            return
        by_name = {_name(r.name): r for r in table.rows if r.number is not None and 8 <= r.number <= 15}
        for i, total in enumerate(claims):
            if not norm(total.subject).endswith("共有车辆"):
                continue
            pairs: list[tuple[Claim, Row]] = [(total, total_row)]
            for c in claims[i + 1 :]:
                if c.paragraph_line != total.paragraph_line or not norm(c.subject).endswith("用车"):
                    break
                row = by_name.get(_name(c.subject))
                if row is not None:
                    pairs.append((c, row))
            for claim, row in pairs:
                cell = row.cells.get("assets")
                if cell is None or (cell.value is None and cell.printed):
                    continue  # debris (OCR) or no such column: nothing to compare
                value = cell.value if cell.value is not None else 0
                if value != claim.value:
                    yield self.finding(
                        _loc(claim, table.id), expected=cell.printed or "空", actual=claim.printed,
                        line=claim.location.line, subject=claim.subject, table=table.title,
                        table_line=row.location.line, row=row.name,
                    )  # fmt: skip
            return


def _three_public(doc: Document) -> list[Claim]:
    return [c for c in doc.claims if c.location.line is not None and "三公" in c.section and is_money(c) and not c.base]


def _total(claims: list[Claim], final: bool) -> Claim | None:
    for i, c in enumerate(claims):
        subject = re.sub(r"\s+", "", c.subject)
        if not final and _THREE_PUBLIC_TOTAL.match(subject):
            return c
        if final and "三公" in subject:
            if not BUDGET.search(norm(subject)):
                return c
            nxt = claims[i + 1] if i + 1 < len(claims) else None
            if nxt is not None and nxt.sentence == c.sentence and _FINAL_TOTAL.match(re.sub(r"\s+", "", nxt.subject)):
                return nxt
    return None


@register
class ThreePublicProseSum(Rule):
    """The “三公” total the narrative states equals the sum of the items it states.

    What it checks: in the 三公 section of a budget or a final account, the stated total (财政拨款安排的
    “三公”经费预算, or the 支出决算 of the 三公 sentence) equals 因公出国（境）费 + 公务用车购置及运行费 +
    公务接待费 as stated in the same section (公务用车 as 购置费 + 运行维护费 when the sum is not stated),
    and 公务用车购置及运行费 = 购置费 + 运行维护费; the first statement of each item counts, within the
    printed precision of all of them.
    Why it matters: the narrative repeats the 三公 table; items that do not add up to the stated
    total show a changed item or a stale total.
    Failing example: “三公”经费预算12.00万元 … 公务接待费1.00万元 … 公务用车购置及运行费12.00万元.
    Passing example: “三公”经费预算12.00万元 … 公务接待费0.00万元 … 公务用车购置及运行费12.00万元.
    Reference: 财预〔2016〕143号 (“三公”经费说明).
    """

    code = "BL614"
    slug = "narrative.three-public-sum"
    title_zh = "说明所述“三公”经费合计等于所列各项之和"
    template_zh = "第{line}行说明“{subject}”为{actual}{unit}，但说明所列{parts}之和为{expected}{unit}"
    template_en = (
        "Line {line}: '{subject}' is stated as {actual} {unit}, but the stated {parts_en} add up to {expected}"
    )
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        claims = _three_public(doc)
        items: dict[str, Claim] = {}
        for c in claims:
            key = item_key(c.subject)
            if key is not None and key not in items:
                items[key] = c
        vehicles = items.get("vehicles")
        split = [items[k] for k in ("vehicle_purchase", "vehicle_running") if k in items]
        if vehicles is not None and len(split) == 2:
            yield from self._compare(vehicles, split, "购置费与运行维护费", "purchase and running costs")
        total = _total(claims, final=doc.kind is DocumentKind.FINAL_ACCOUNT)
        cars = [vehicles] if vehicles is not None else split if len(split) == 2 else []
        if total is None or "abroad" not in items or "reception" not in items or not cars:
            return
        label = total.subject if "三公" in total.subject else f"三公经费{total.subject}"
        yield from self._compare(total, [items["abroad"], *cars, items["reception"]], "各项", "items", label)

    def _compare(
        self, total: Claim, parts: list[Claim], words: str, words_en: str, subject: str = ""
    ) -> Iterator[Finding]:
        bounds = [money(p) for p in parts]
        whole = money(total)
        known: list[Bounds] = [b for b in bounds if b is not None]
        if whole is None or len(known) != len(parts) or overlaps(whole, add(known)):
            return
        yuan = sum((p.value * YUAN_PER_UNIT[p.unit] for p in parts), Decimal(0))
        value = f"{yuan / YUAN_PER_UNIT[total.unit]:,.2f}"
        yield self.finding(
            _loc(total), expected=value, actual=total.printed, line=total.location.line,
            subject=subject or total.subject,
            unit=total.unit, parts=words, parts_en=words_en,
        )  # fmt: skip
