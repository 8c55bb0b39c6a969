"""BL403–BL405: classification depth (功能分类 to 项, 基本支出 经济分类 to 款) and orphan codes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetlens.check.registry import Rule, register
from budgetlens.model import Document, Finding, Location, Row, RowRole, Severity, Table
from budgetlens.model import classification as cls
from budgetlens.model.table_kinds import TableKind

FUNCTION_KINDS = frozenset(
    {
        TableKind.BUDGET_REVENUE,
        TableKind.BUDGET_EXPENDITURE,
        TableKind.BUDGET_GENERAL_EXPENDITURE,
        TableKind.BUDGET_FUND_EXPENDITURE,
        TableKind.BUDGET_CAPITAL,
        TableKind.FINAL_REVENUE,
        TableKind.FINAL_EXPENDITURE,
        TableKind.FINAL_GENERAL_EXPENDITURE,
        TableKind.FINAL_FUND,
        TableKind.FINAL_CAPITAL,
    }
)
ECONOMIC_KINDS = frozenset({TableKind.BUDGET_GENERAL_BASIC_ECONOMIC, TableKind.FINAL_GENERAL_BASIC_DETAIL})
_FUNCTIONAL = re.compile(r"^2\d{2}(?:\d{2}){0,2}$")
_ECONOMIC = re.compile(r"^[35]\d{2}(?:\d{2})?$")
LEVEL_NAMES = {3: "类", 5: "款", 7: "项"}
# 类 that 《政府收支分类科目》 does not divide into 款/项 (预备费 is budgeted at 类 level only).
UNDIVIDED = frozenset({"227"})


def has_amount(row: Row) -> bool:
    """Some cell of the row prints a non-zero amount (a blank or 0.00 row needs no detail)."""
    return any(a.value is not None and a.value != 0 for a in row.cells.values())


def coded_rows(table: Table, pattern: re.Pattern[str]) -> list[Row]:
    return [r for r in table.rows if r.role is not RowRole.TOTAL and r.code and pattern.match(r.code)]


class _Depth(Rule):
    """Shared machinery: parent-level rows with an amount must have a row at the required depth."""

    kinds: frozenset[str]
    pattern: re.Pattern[str]
    depth: int  # code length every amount must be shown at (a row is reported when nothing is below it)

    def check(self, doc: Document) -> Iterator[Finding]:
        for table in doc.tables:
            if table.kind not in self.kinds:
                continue
            rows = coded_rows(table, self.pattern)
            above = {c[:k] for r in rows if (c := r.code) for k in range(1, len(c))}  # codes with a deeper row
            unresolved = {r.parent for r in table.rows if not r.code}  # rows with a sub-row of unread code
            for row in rows:
                code = row.code or ""
                if len(code) >= self.depth or code in UNDIVIDED or not has_amount(row):
                    continue
                # any deeper row counts: a 类 whose 款 stops short is reported at the 款, not twice
                if code in above or row.index in unresolved:
                    continue
                loc = Location(line=row.location.line, table=table.id, row=row.index)
                yield self.finding(
                    loc,
                    expected=LEVEL_NAMES[self.depth],
                    actual=LEVEL_NAMES.get(len(code), code),
                    table=table.title,
                    line=row.location.line,
                    code=code,
                    name=row.name,
                    level=LEVEL_NAMES.get(len(code), ""),
                    depth=LEVEL_NAMES[self.depth],
                )


@register
class FunctionDepth(_Depth):
    """A 功能分类 类 or 款 printed with an amount is broken down to 项 level.

    What it checks: in the function-classification tables (预算收入总表, 预算支出总表, 一般公共预算
    支出表, 政府性基金 and 国有资本经营 tables, and their final-account counterparts) every 类 (3 digits)
    or 款 (5 digits) row that prints an amount has a 项 (7 digits) row under it; the lowest row
    that stops short is reported (a 类 whose 款 has no 项 is reported at the 款). 预备费 (227) is
    a 类 without 款 and is exempt.
    Why it matters: the disclosure rules require expenditure by function down to 项; money shown
    only at 类 or 款 level hides what it is spent on and cannot be matched with other tables.
    Failing example: 20805 行政事业单位养老支出 5.00 with no 2080501/2080505 row below it.
    Passing example: 20805 5.00 followed by 2080505 机关事业单位基本养老保险缴费支出 5.00.
    Reference: 财预〔2016〕143号 (功能分类公开到项级科目); 财政部《政府收支分类科目》.
    """

    code = "BL403"
    slug = "classification.function-depth"
    title_zh = "列有金额的功能分类类、款级科目细化到项"
    severity = Severity.WARNING
    template_zh = "表“{table}”第{line}行的{level}级科目“{code} {name}”列有金额，但未细化到{depth}级科目"
    template_en = "Table '{table}', line {line}: {level} {code} {name} has an amount but is not broken down to {depth}"
    reference = "财预〔2016〕143号"
    kinds = FUNCTION_KINDS
    pattern = _FUNCTIONAL
    depth = 7


@register
class EconomicDepth(_Depth):
    """A 基本支出 经济分类 类 printed with an amount is broken down to 款 level.

    What it checks: in the basic-expenditure economic tables (一般公共预算基本支出分经济科目表, 基本
    支出决算明细表) every economic 类 row (301, 302, 303, 310 …, or 政府经济分类 50x) that prints
    an amount has at least one 款 (5 digits) row under it.
    Why it matters: 基本支出 must be disclosed by economic classification to 款; a 类 total alone
    does not show how much goes to wages, office costs or vehicles.
    Failing example: 302 商品和服务支出 20.00 with no 30201 办公费 … rows below it.
    Passing example: 302 商品和服务支出 20.00 followed by 30201 办公费 20.00.
    Reference: 财预〔2016〕143号 (基本支出经济分类公开到款级科目).
    """

    code = "BL404"
    slug = "classification.economic-depth"
    title_zh = "列有金额的基本支出经济分类类级科目细化到款"
    severity = Severity.WARNING
    template_zh = "表“{table}”第{line}行的经济分类{level}级科目“{code} {name}”列有金额，但未细化到{depth}级科目"
    template_en = (
        "Table '{table}', line {line}: economic {level} {code} {name} has an amount but is not broken down to {depth}"
    )
    reference = "财预〔2016〕143号"
    kinds = ECONOMIC_KINDS
    pattern = _ECONOMIC
    depth = 5


def _uncoded_kuan(table: Table, year: int | None) -> Iterator[tuple[Row, cls.Entry]]:
    """Top-level rows of an economic table printed by name only whose name is a 款 of exactly one 类.

    The codes of a name-only table are resolved under the 类 line above them; rows left without a
    code and without a 类 above them, whose name is nonetheless a 款 (基本工资, 办公费), are 款 lines
    whose 类 line is not printed.
    """
    for row in table.rows:
        if row.code or row.parent is not None or row.role is not RowRole.ITEM:
            continue
        entry = cls.economic_dept_by_name(row.name, year=year)
        if entry is not None and entry.level == 2:
            yield row, entry


@register
class OrphanCode(Rule):
    """A 项 is printed under its 款 and a 款 under its 类.

    What it checks: in the function-classification and basic-expenditure economic tables, the
    parent of every printed 项 (its first 5 digits) or 款 (its first 3 digits) is also printed in
    the table; the first row of each missing parent is reported, with the number of rows affected.
    In an economic table printed by names only, a row outside any 类 whose name is a 款 of the
    部门预算支出经济分类 (基本工资, 办公费) counts as that 款 printed without its 类.
    Why it matters: a missing parent row means the roll-up 类 = Σ款 = Σ项 cannot hold, and the
    sub-rows are counted at the wrong level (the 合计 check then fails without showing why).
    Failing example: 201 一般公共服务支出 followed directly by 2013801 行政运行 (no 20138 row).
    Passing example: 201, then 20138 市场监督管理事务, then 2013801 行政运行.
    Reference: 财政部《政府收支分类科目》(类/款/项 structure).
    """

    code = "BL405"
    slug = "classification.orphan-code"
    title_zh = "项列在其款之下，款列在其类之下"
    severity = Severity.WARNING
    template_zh = "表“{table}”第{line}行的科目“{code} {name}”缺少上级科目{parent}（共{count}行受影响）"
    template_en = "Table '{table}', line {line}: {code} {name} has no parent row {parent} ({count} rows affected)"
    reference = "财政部《政府收支分类科目》"

    def check(self, doc: Document) -> Iterator[Finding]:
        for table in doc.tables:
            if table.kind in FUNCTION_KINDS:
                rows = coded_rows(table, _FUNCTIONAL)
            elif table.kind in ECONOMIC_KINDS:
                rows = coded_rows(table, _ECONOMIC)
            else:
                continue
            codes = {r.code for r in rows}
            orphans: dict[str, list[tuple[Row, str]]] = {}
            for row in rows:
                code = row.code or ""
                parent = code[:-2] if len(code) in (5, 7) else None
                if parent and parent not in codes:
                    orphans.setdefault(parent, []).append((row, code))
            if table.kind in ECONOMIC_KINDS:
                for row, kuan in _uncoded_kuan(table, doc.fiscal_year):
                    if kuan.parent and kuan.parent not in codes:
                        orphans.setdefault(kuan.parent, []).append((row, kuan.code))
            for parent, group in orphans.items():
                first, code = min(group, key=lambda pair: pair[0].index)
                loc = Location(line=first.location.line, table=table.id, row=first.index)
                yield self.finding(
                    loc,
                    expected=parent,
                    table=table.title,
                    line=first.location.line,
                    code=code,
                    name=first.name,
                    parent=parent,
                    count=len(group),
                )
