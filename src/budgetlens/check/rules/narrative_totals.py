"""BL628: the whole-document totals the narrative states in the words BL602 and BL606 do not map.

BL602 compares a budget's 预算收入总计/支出总计 (and the section figures) with the tables, BL606 a final
account's 收入总计/支出总计. Templates that state the totals in other words — 收入预算X万元 and 支出预算X万元
in a district budget's 部门预算编制说明, 收入支出总计 and 财政拨款收入支出总计 in a final account — were
checked by nothing but the fallback BL622 (a figure found nowhere). This rule compares them with the
总计/合计 of the summary tables; a claim that BL602 or BL606 already maps is left to them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from budgetlens.check.intervals import Bounds, overlaps
from budgetlens.check.registry import Rule, register
from budgetlens.check.rules.narrative_final import table_cell
from budgetlens.check.rules.narrative_internal import claim_bounds
from budgetlens.check.rules.narrative_rates import cell_money, is_money
from budgetlens.check.rules.narrative_tables import _section, _target
from budgetlens.model import Amount, Claim, Document, DocumentKind, Finding, Location, Row, RowRole, Table


@dataclass(frozen=True)
class Total:
    """Where a stated total is printed: a table kind, the names of its total row, the columns (all if empty)."""

    kind: str
    rows: tuple[str, ...]
    columns: tuple[str, ...] = ()


_INCOME_ROWS = ("收入总计", "总计")
_SPEND_ROWS = ("支出总计", "总计")
BUDGET_TOTALS: dict[str, tuple[Total, ...]] = {
    "收入预算": (
        Total("budget.summary", _INCOME_ROWS, ("income", "current_income")),
        Total("budget.revenue", ("合计", "总计"), ("total",)),
    ),
    "支出预算": (
        Total("budget.summary", _SPEND_ROWS, ("expenditure.total",)),
        Total("budget.expenditure", ("合计", "总计"), ("total",)),
    ),
    "财政拨款支出预算": (Total("budget.fiscal_summary", _SPEND_ROWS, ("expenditure.total",)),),
    "一般公共预算拨款支出预算": (Total("budget.fiscal_summary", _SPEND_ROWS, ("expenditure.general",)),),
    "政府性基金拨款支出预算": (Total("budget.fiscal_summary", _SPEND_ROWS, ("expenditure.fund",)),),
    "国有资本经营预算拨款支出预算": (Total("budget.fiscal_summary", _SPEND_ROWS, ("expenditure.capital",)),),
}
FINAL_TOTALS: dict[str, tuple[Total, ...]] = {
    "收入支出总计": (Total("final.summary", ("总计", "收入总计", "支出总计")),),
    "财政拨款收入支出总计": (
        Total("final.fiscal_summary", ("总计", "收入总计", "支出总计"), ("income", "expenditure.total")),
    ),
}
# the issuer's name before a total (上海市某某街道办事处收入预算): the name must end like an organisation
_ISSUER = re.compile(r"(?:局|委员会|委|办公室|办事处|中心|院|所|站|队|馆|厅|部|学校|公司|政府|街道|镇|乡)$")
_SPACES = re.compile(r"[\s\u3000“”\"]")
_ORDINAL = re.compile(r"^[一二三四五六七八九十]+、")


def _subject(claim: Claim, names: dict[str, tuple[Total, ...]]) -> str | None:
    """The total a claim states: its subject, or its subject after the issuer's name."""
    text = _SPACES.sub("", claim.subject)
    if text in names:
        return text
    for name in sorted(names, key=len, reverse=True):
        if text.endswith(name) and _ISSUER.search(text[: -len(name)]):
            return name
    return None


def _cells(table: Table, total: Total) -> list[tuple[Row, Amount]]:
    out: list[tuple[Row, Amount]] = []
    for row in table.rows:
        name = _ORDINAL.sub("", _SPACES.sub("", row.name))
        if row.role is not RowRole.TOTAL or name not in total.rows:
            continue
        out += [(row, cell) for key, cell in row.cells.items() if not total.columns or key in total.columns]
    return out


def _mapped_elsewhere(doc: Document, claim: Claim) -> bool:
    """Does BL602 or BL606 compare this claim with a table already?"""
    if doc.kind is DocumentKind.BUDGET:
        section = _section(claim.section)
        return section is not None and _target(section, claim) is not None
    return table_cell(doc, claim) is not None


@register
class ProseTotals(Rule):
    """A document total the narrative states in its own words equals the summary table's total.

    What it checks: 收入预算X万元 and 支出预算X万元 (with or without the issuer's name before them),
    财政拨款支出预算 and its 一般公共预算 / 政府性基金 / 国有资本经营预算 parts in a budget, 收入支出总计 and
    财政拨款收入支出总计 in a final account, against the 总计 (合计) row of 收支总表, 收入总表 / 支出总表 and
    财政拨款收支总表, converting 万元 and 元 and judging by the printed precision of both. The statement
    must agree with at least one of the tables that print that total; a claim BL602 or BL606 already
    compares with a table is left to them.
    Why it matters: the total is the first figure of the narrative and the one most often quoted; a
    prose total that is not the table's is a typo or a figure from another draft.
    Failing example: 财政拨款收入支出总计0.5万元 while the 财政拨款收入支出决算总表 prints 总计 2,961.68.
    Passing example: 收入预算9,628.22万元 with 收入总计 96,282,213.44 元 in the 部门财务收支预算总表.
    Reference: 财预〔2016〕143号 (情况说明与报表一致).
    """

    code = "BL628"
    slug = "narrative.prose-totals"
    title_zh = "说明用文字表述的文件总额等于汇总表的总额"
    template_zh = "第{line}行说明“{subject}”为{actual}{unit}，表“{table}”“{row}”为{expected}{table_unit}"
    template_en = (
        "Line {line}: the narrative states '{subject}' as {actual} {unit}; "
        "table '{table}' '{row}' has {expected} {table_unit}"
    )
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        if doc.kind is DocumentKind.BUDGET:
            names = BUDGET_TOTALS
        elif doc.kind is DocumentKind.FINAL_ACCOUNT:
            names = FINAL_TOTALS
        else:
            return
        seen: set[tuple[int | None, str]] = set()
        for claim in doc.claims:
            if not is_money(claim) or claim.base or claim.location.line is None:
                continue
            name = _subject(claim, names)
            key = (claim.location.line, claim.printed)
            if name is None or key in seen or _mapped_elsewhere(doc, claim):
                continue
            seen.add(key)
            printed: list[tuple[Table, Row, Amount, Bounds]] = []
            for total in names[name]:
                table = doc.table(total.kind)
                if table is None:
                    continue
                for row, cell in _cells(table, total):
                    bounds = cell_money(cell)
                    if bounds is not None:
                        printed.append((table, row, cell, bounds))
            said = claim_bounds(claim)
            if not printed or any(overlaps(said, b) for _, _, _, b in printed):
                continue
            table, row, cell, _ = printed[0]
            yield self.finding(
                Location(line=claim.location.line, table=table.id, row=row.index, text=claim.sentence[:120]),
                expected=cell.printed or "空", actual=claim.printed, line=claim.location.line, subject=claim.subject,
                unit=claim.unit, table=table.title, row=row.name, table_unit=cell.unit,
            )  # fmt: skip
