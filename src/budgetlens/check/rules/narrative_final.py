"""BL606: amounts the narrative of a final account states agree with its tables."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from budgetlens.check.registry import Rule, register
from budgetlens.model import Amount, Claim, ClaimMeasure, Document, DocumentKind, Finding, Location, Row, Table
from budgetlens.model.money import YUAN_PER_UNIT, decimals_of, interval

# subject as printed (spaces removed) -> [(word of the section title, table kind, row selector, column prefix)];
# the same words mean different cells in different sections (支出总计 of 一 vs 四), so the section decides.
SUBJECTS: dict[str, list[tuple[str, str, str, str]]] = {
    "收入总计": [("收入支出决算总体情况", "final.summary", "#31", "income")],
    "支出总计": [
        ("收入支出决算总体情况", "final.summary", "#62", "expenditure"),
        ("财政拨款收支决算总体情况", "final.fiscal_summary", "#64", "expenditure.total"),
    ],
    "收入合计": [("收入决算情况", "final.summary", "#27", "income")],
    "财政拨款收入": [("收入决算情况", "final.revenue", "合计", "fiscal")],
    "支出合计": [("支出决算情况", "final.summary", "#58", "expenditure")],
    "财政拨款收入总计": [("财政拨款收支决算总体情况", "final.fiscal_summary", "#32", "income")],
    "一般公共预算财政拨款支出": [("一般公共预算财政拨款支出决算", "final.general_expenditure", "合计", "total")],
    "一般公共预算财政拨款决算支出": [("一般公共预算财政拨款支出决算", "final.general_expenditure", "合计", "total")],
    "人员经费": [("基本支出决算情况", "final.general_basic_detail", "人员经费合计", "basic")],
    "公用经费": [("基本支出决算情况", "final.general_basic_detail", "公用经费合计", "basic")],
    "因公出国(境)费支出": [("三公", "final.three_public", "因公出国(境)费", "final.")],
    "公务用车购置费支出": [("三公", "final.three_public", "公务用车购置费", "final.")],
    "公务用车运行维护费支出": [("三公", "final.three_public", "公务用车运行维护费", "final.")],
    "公务接待费支出": [("三公", "final.three_public", "公务接待费", "final.")],
    "政府采购支出总额": [("政府采购", "final.disclosure_stats", "#1", "")],
    "政府采购货物支出": [("政府采购", "final.disclosure_stats", "#2", "")],
    "政府采购工程支出": [("政府采购", "final.disclosure_stats", "#3", "")],
    "政府采购服务支出": [("政府采购", "final.disclosure_stats", "#4", "")],
}
CLASS_SUFFIX = "(类)"


def _clean(subject: str) -> str:
    text = re.sub(r"\s+", "", subject).replace("（", "(").replace("）", ")")
    return re.sub(r"^(?:\d{4}年度?)", "", text)


def _row(table: Table, selector: str) -> Row | None:
    if selector.startswith("#"):
        number = int(selector[1:])
        return next((r for r in table.rows if r.number == number), None)
    want = _clean(selector)
    return next((r for r in table.rows if _clean(r.name) == want), None)


def _cell(row: Row, prefix: str) -> Amount | None:
    return next((a for k, a in row.cells.items() if k.startswith(prefix)), None)


def _yuan_bounds(value: Decimal, printed: str, unit: str) -> tuple[Decimal, Decimal] | None:
    factor = YUAN_PER_UNIT.get(unit)
    if factor is None:
        return None
    lo, hi = interval(value, decimals_of(printed))
    return lo * factor, hi * factor


def table_cell(doc: Document, claim: Claim) -> tuple[Table, Row, Amount] | None:
    """The table, row and cell a final account's narrative amount names, or None."""
    subject = _clean(claim.subject)
    section = _clean(claim.section)
    if subject.endswith(CLASS_SUFFIX) and "一般公共预算财政拨款支出决算" in section:
        kind, selector, prefix = "final.general_expenditure", subject[: -len(CLASS_SUFFIX)], "total"
    else:
        match = next((m for m in SUBJECTS.get(subject, []) if m[0] in section), None)
        if match is None:
            return None
        kind, selector, prefix = match[1:]
    table = doc.table(kind)
    row = _row(table, selector) if table is not None else None
    cell = _cell(row, prefix) if row is not None else None
    if table is None or row is None or cell is None or (cell.value is None and cell.printed):
        return None
    return table, row, cell


@register
class FinalNarrativeAmounts(Rule):
    """An amount the 情况说明 of a final account states equals the table cell it names.

    What it checks: 收入总计, 支出总计, 本年收入/支出合计, 财政拨款收入, 一般公共预算财政拨款支出 and its
    类 amounts, 人员经费, 公用经费, the 三公 items and the 政府采购 totals stated in the narrative
    against 公开01/02/04/05/06, the 三公 table and 公开10, converting 万元 and 元 and judging by the
    printed precision of both.
    Why it matters: the narrative is what readers quote; it must say what the tables say.
    Failing example: 收入总计2,716.62万元 while 公开01 行31 prints 2715.62.
    Passing example: 收入总计2,715.62万元.
    Reference: 财预〔2016〕143号 (情况说明与公开表一致).
    """

    code = "BL606"
    slug = "narrative.final-amounts"
    title_zh = "决算情况说明所述金额等于所指表格单元格"
    template_zh = "第{line}行说明“{subject}”为{actual}{unit}，表“{table}”为{expected}{table_unit}（第{table_line}行）"
    template_en = (
        "Line {line}: the narrative states '{subject}' as {actual} {unit}; "
        "table '{table}' shows {expected} {table_unit} (line {table_line})"
    )
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        if doc.kind is not DocumentKind.FINAL_ACCOUNT:
            return
        for claim in doc.claims:
            if claim.measure is ClaimMeasure.AMOUNT and claim.unit in YUAN_PER_UNIT:
                found = table_cell(doc, claim)
                if found is not None:
                    yield from self._compare(claim, *found)

    def _compare(self, claim: Claim, table: Table, row: Row, cell: Amount) -> Iterator[Finding]:
        said = _yuan_bounds(claim.value, claim.printed, claim.unit)
        value = cell.value if cell.value is not None else Decimal(0)
        shown = _yuan_bounds(value, cell.printed or "0.00", cell.unit)
        if said is None or shown is None or not (said[1] < shown[0] or shown[1] < said[0]):
            return
        loc = Location(line=claim.location.line, table=table.id, row=row.index, text=claim.sentence[:120])
        yield self.finding(
            loc, expected=cell.printed or "0", actual=claim.printed, line=claim.location.line, subject=claim.subject,
            unit=claim.unit, table=table.title, table_unit=cell.unit, table_line=row.location.line,
        )  # fmt: skip
