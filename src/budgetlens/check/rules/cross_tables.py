"""BL301–BL308: identities between the standard budget tables (表一–表十三).

Every rule compares a printed cell of a later (dependent) table with the figure an earlier table
implies, judged by interval arithmetic on the printed precision (a blank cell is exactly 0). The
finding sits on the line of the later table's cell. Relations that only happen to hold in some
documents (表六 economic rows vs 表五 functions, 表十 vehicles vs 表六, 机关运行经费) are not encoded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from budgetlens.check.evidence import lines_of
from budgetlens.check.intervals import Bounds, add, overlaps, shown
from budgetlens.check.registry import Rule, register
from budgetlens.check.rules.arithmetic import cell
from budgetlens.model import Amount, Document, Finding, Location, Row, RowRole, Table
from budgetlens.model.table_kinds import TableKind

ZERO = Amount(value=None)
CARRY_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
TEMPLATE_ZH = "表“{table}”第{line}行“{row}”{column}为{actual}，但{source}为{expected}"
TEMPLATE_EN = "Table '{table}', line {line}, '{row}' {column} is {actual} but {source_en} gives {expected}"


def _neg(b: Bounds) -> Bounds:
    return -b[1], -b[0]


def agrees(actual: Amount, plus: list[Amount], minus: tuple[Amount, ...] = ()) -> bool:
    """Does ``actual`` agree with Σplus − Σminus, allowing only the rounding of every printed value?"""
    implied = add([*(a.bounds() for a in plus), *(_neg(m.bounds()) for m in minus)])
    return overlaps(actual.bounds(), implied)


def implied(plus: list[Amount], minus: tuple[Amount, ...] = ()) -> Decimal:
    value = sum((a.value or Decimal(0) for a in plus), Decimal(0))
    return value - sum((m.value or Decimal(0) for m in minus), Decimal(0))


def label(row: Row) -> str:
    return f"{row.code} {row.name}" if row.code and row.code_source == "printed" else row.name


def plain(name: str) -> str:
    return name.replace(" ", "").replace("\u3000", "")


def named(table: Table, side: str | None, *names: str) -> Row | None:
    """The first row of ``side`` whose name (without an 一、 ordinal) is one of ``names``."""
    for row in table.rows:
        name = plain(row.name).split("、", 1)[-1]
        if (side is None or row.side == side) and name in names:
            return row
    return None


def first_key(table: Table, side: str) -> str | None:
    return next((c.key for c in table.columns if c.side == side), None)


def top_row(table: Table) -> Row | None:
    """The department row of a project table, or the unit row of a 单位 document."""
    for role in (RowRole.DEPARTMENT, RowRole.UNIT, RowRole.TOTAL):
        row = next((r for r in table.rows if r.role is role and r.parent is None), None)
        if row is not None:
            return row
    return None


def class_rows(table: Table) -> dict[str, Row]:
    """类 rows (3-digit function codes) of a table, by code."""
    return {r.code: r for r in table.rows if r.code and len(r.code) == 3 and r.role is RowRole.ITEM}


class _CrossRule(Rule):
    """Shared machinery: compare one cell with the figure another table implies."""

    template_zh = TEMPLATE_ZH
    template_en = TEMPLATE_EN
    reference = "财预〔2016〕143号 公开表样"

    def compare(
        self,
        table: Table,
        row: Row | None,
        key: str,
        plus: list[Amount],
        minus: tuple[Amount, ...],
        source: Table,
        what: str,
    ) -> Iterator[Finding]:
        actual = cell(row, key) if row is not None else ZERO
        if agrees(actual, plus, minus):
            return
        line = row.location.line if row is not None else table.location.line
        column = table.column(key)
        loc = Location(line=line, table=table.id, row=row.index if row is not None else None, column=key)
        yield self.finding(
            loc,
            evidence=lines_of(actual, *plus, *minus),
            expected=implied(plus, minus),
            actual=shown(actual) if row is not None else "无此行",
            table=table.title,
            line=line,
            row=label(row) if row is not None else "（缺）",
            column=column.header_text if column is not None else key,
            source=f"表“{source.title}”{what}",
            source_en=f"'{source.title}' ({what})",
        )


@register
class RevenueVsSummary(_CrossRule):
    """收入总表 合计 row repeats the income side of 收支总表 (本年收入合计, each source, 上年结转).

    What it checks: in 收入总表 the 合计 row's 本年收入 合计 equals 收支总表 本年收入合计, each
    source column (一般公共预算, 政府性基金, 国有资本经营预算, 财政专户管理资金, 单位资金) equals the
    收支总表 income item of the same name, and 上年结转 equals 收支总表 上年结转.
    Why it matters: 收入总表 breaks the summary's income down by function; its totals must be the
    summary's figures or one of the two tables is wrong.
    Failing example: 收支总表 本年收入合计 100.00, 收入总表 合计 本年收入 合计 110.00.
    Passing example: both 100.00 (and 上年结转 5.00 in both).
    Reference: 财预〔2016〕143号 公开表样 表一、表二.
    """

    code = "BL301"
    slug = "cross.revenue-summary"
    title_zh = "收入总表合计行与收支总表收入方一致（本年收入合计、各来源、上年结转）"

    SOURCES: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("current_income.general", ("一般公共预算",)),
        ("current_income.fund", ("政府性基金预算", "政府性基金")),
        ("current_income.capital", ("国有资本经营预算",)),
        ("current_income.special_account", ("财政专户管理资金",)),
        ("current_income.unit_funds", ("单位资金",)),
    )

    def check(self, doc: Document) -> Iterator[Finding]:
        summary, revenue = doc.table(TableKind.BUDGET_SUMMARY), doc.table(TableKind.BUDGET_REVENUE)
        if summary is None or revenue is None:
            return
        inc = first_key(summary, "income")
        total = revenue.total_row()
        if inc is None or total is None:
            return
        pairs: list[tuple[str, tuple[str, ...]]] = [("current_income.total", ("本年收入合计",))]
        pairs += [p for p in self.SOURCES if revenue.column(p[0]) is not None]
        carry = next((r for r in summary.rows if r.side == "income" and plain(r.name).startswith("上年结转")), None)
        for key, names in pairs:
            src = named(summary, "income", *names)
            if src is None or revenue.column(key) is None:
                continue
            yield from self.compare(
                revenue, total, key, [cell(src, inc)], (), summary, f"第{src.location.line}行“{src.name}”"
            )
        if carry is not None and revenue.column("carryover") is not None:
            where = f"第{carry.location.line}行“{carry.name}”"
            yield from self.compare(revenue, total, "carryover", [cell(carry, inc)], (), summary, where)


@register
class ExpenditureVsSummary(_CrossRule):
    """支出总表 合计 and 类 rows equal the expenditure side of 收支总表 (2026年合计).

    What it checks: 支出总表 合计 equals 收支总表 本年支出合计 (2026年合计 column), and every 类 row
    of 支出总表 equals the 收支总表 expenditure row of the same 类 (the summary's 类 names are
    resolved to codes); a 类 the summary fills but 支出总表 lacks is reported on its 合计 row.
    Why it matters: both tables state the whole expenditure (including 上年结转) by function.
    Failing example: 收支总表 一般公共服务支出 100.00, 支出总表 201 一般公共服务支出 90.00.
    Passing example: both 100.00.
    Reference: 财预〔2016〕143号 公开表样 表一、表三.
    """

    code = "BL302"
    slug = "cross.expenditure-summary"
    title_zh = "支出总表合计和类级行与收支总表支出方一致"

    def check(self, doc: Document) -> Iterator[Finding]:
        summary, exp = doc.table(TableKind.BUDGET_SUMMARY), doc.table(TableKind.BUDGET_EXPENDITURE)
        if summary is None or exp is None or exp.column("total") is None:
            return
        key = first_key(summary, "expenditure")
        src_total = named(summary, "expenditure", "本年支出合计")
        if key is None:
            return
        total = exp.total_row()
        if src_total is not None and total is not None:
            where = f"第{src_total.location.line}行“本年支出合计”"
            yield from self.compare(exp, total, "total", [cell(src_total, key)], (), summary, where)
        rows = class_rows(exp)
        for code, src in class_rows(summary).items():
            if src.side != "expenditure":
                continue
            row = rows.get(code)
            where = f"第{src.location.line}行“{src.name}”"
            if row is None and cell(src, key).value and total is not None:
                yield from self.compare(exp, None, "total", [cell(src, key)], (), summary, where)
            elif row is not None:
                yield from self.compare(exp, row, "total", [cell(src, key)], (), summary, where)


@register
class ExpenditureVsRevenue(_CrossRule):
    """支出总表 row by row = 收入总表 本年收入 + 上年结转 of the same code.

    What it checks: for the 合计 row and every 功能分类 code, 支出总表 合计 equals 收入总表 本年收入
    合计 plus 收入总表 上年结转 of the same code (支出总表 includes the carry-over, 收入总表 keeps it in
    its own column); a code missing from one table counts as 0 there.
    Why it matters: the two tables classify the same money by function, once by source and once
    by use; a code whose figures differ shows a mistyped cell or a misclassified line.
    Failing example: 收入总表 2013816 80.00 + 上年结转 1.31, 支出总表 2013816 80.00.
    Passing example: 支出总表 2013816 81.31.
    Reference: 财预〔2016〕143号 公开表样 表二、表三.
    """

    code = "BL303"
    slug = "cross.expenditure-revenue"
    title_zh = "支出总表逐行等于收入总表同一科目的本年收入＋上年结转"

    def check(self, doc: Document) -> Iterator[Finding]:
        revenue, exp = doc.table(TableKind.BUDGET_REVENUE), doc.table(TableKind.BUDGET_EXPENDITURE)
        if revenue is None or exp is None or revenue.column("current_income.total") is None:
            return
        yield from _by_code(self, exp, revenue, "total", ("current_income.total", "carryover"))


def _by_code(
    rule: _CrossRule, table: Table, source: Table, key: str, source_keys: tuple[str, ...]
) -> Iterator[Finding]:
    """Compare ``table``'s ``key`` with Σ ``source_keys`` of ``source``, for 合计 and every code."""
    if table.column(key) is None:
        return
    pairs: list[tuple[Row | None, Row | None]] = [(table.total_row(), source.total_row())]
    mine, theirs = table.rows_by_code(), source.rows_by_code()
    pairs += [(mine.get(code), theirs.get(code)) for code in dict.fromkeys([*mine, *theirs])]
    for row, src in pairs:
        if row is None and src is None:
            continue
        parts = [cell(src, k) for k in source_keys] if src is not None else [ZERO]
        where = f"第{src.location.line}行“{label(src)}”" if src is not None else "（无此行）"
        if row is None and not any(p.value for p in parts):
            continue
        yield from rule.compare(table, row, key, parts, (), source, where)


@register
class GeneralVsRevenue(_CrossRule):
    """一般公共预算支出表 row by row = 收入总表 一般公共预算 column of the same code.

    What it checks: for the 合计 row and every 功能分类 code, 一般公共预算支出表 合计 equals the
    收入总表 本年收入 / 一般公共预算 cell of the same code (both exclude 上年结转); a code missing
    from one table counts as 0 there.
    Why it matters: 一般公共预算支出表 is the general-budget slice of 收入总表; with a single source
    it is also 支出总表 minus the carry-over, row by row.
    Failing example: 收入总表 2013801 一般公共预算 1633.94, 一般公共预算支出表 2013801 1663.94.
    Passing example: both 1633.94.
    Reference: 财预〔2016〕143号 公开表样 表二、表五.
    """

    code = "BL304"
    slug = "cross.general-revenue"
    title_zh = "一般公共预算支出表逐行等于收入总表同一科目的一般公共预算列"

    def check(self, doc: Document) -> Iterator[Finding]:
        revenue, general = doc.table(TableKind.BUDGET_REVENUE), doc.table(TableKind.BUDGET_GENERAL_EXPENDITURE)
        if revenue is None or general is None or revenue.column("current_income.general") is None:
            return
        yield from _by_code(self, general, revenue, "total", ("current_income.general",))


@register
class BasicVsEconomic(_CrossRule):
    """基本支出经济科目表 合计 = 一般公共预算支出表 合计 基本支出.

    What it checks: the 合计 row of 一般公共预算安排基本支出分经济科目表 (合计 column) equals the
    基本支出 cell of the 合计 row of 一般公共预算支出表.
    Why it matters: both tables state the same general-budget basic expenditure, once by function
    and once by economic item.
    Failing example: 一般公共预算支出表 合计 基本支出 6689.59, 经济科目表 合计 6698.59.
    Passing example: both 6689.59.
    Reference: 财预〔2016〕143号 公开表样 表五、表六.
    """

    code = "BL305"
    slug = "cross.basic-economic"
    title_zh = "基本支出经济科目表合计等于一般公共预算支出表的基本支出合计"

    def check(self, doc: Document) -> Iterator[Finding]:
        general = doc.table(TableKind.BUDGET_GENERAL_EXPENDITURE)
        econ = doc.table(TableKind.BUDGET_GENERAL_BASIC_ECONOMIC)
        if general is None or econ is None or econ.column("total") is None:
            return
        src, total = general.total_row(), econ.total_row()
        if src is None or total is None:
            return
        where = f"第{src.location.line}行“合计”基本支出"
        yield from self.compare(econ, total, "total", [cell(src, "basic")], (), general, where)


@register
class ProjectsVsGeneral(_CrossRule):
    """项目支出预算表（本年预算） 一般公共预算 total = 一般公共预算支出表 合计 项目支出.

    What it checks: the department row (or, in a 单位 document, the unit row) of 项目支出预算表
    （本年预算）, column 2026年财政拨款 / 一般公共预算, equals the 项目支出 cell of the 合计 row of
    一般公共预算支出表 (both exclude 上年结转).
    Why it matters: the project table lists, project by project, the general-budget 项目支出 the
    expenditure tables state in one figure; a gap means a project is missing or mistyped.
    Failing example: 一般公共预算支出表 合计 项目支出 1789.88, project table department row 1798.88.
    Passing example: both 1789.88.
    Reference: 财预〔2016〕143号 公开表样 表五、项目支出表.
    """

    code = "BL306"
    slug = "cross.projects-general"
    title_zh = "项目支出预算表（本年预算）一般公共预算合计等于一般公共预算支出表项目支出合计"

    def check(self, doc: Document) -> Iterator[Finding]:
        general, projects = doc.table(TableKind.BUDGET_GENERAL_EXPENDITURE), doc.table(TableKind.BUDGET_PROJECTS)
        if general is None or projects is None or projects.column("fiscal.general") is None:
            return
        src = general.total_row()
        if src is None:
            return
        where = f"第{src.location.line}行“合计”项目支出"
        yield from self.compare(
            projects, top_row(projects), "fiscal.general", [cell(src, "project")], (), general, where
        )


def fiscal_carryover(fiscal: Table) -> tuple[Row | None, Row | None]:
    """(上年财政拨款结转 row, its 一般公共预算 sub-row) on the income side of 财政拨款收支总表."""
    carry = next((r for r in fiscal.rows if r.side == "income" and plain(r.name).startswith("上年财政拨款结转")), None)
    if carry is None:
        return None, None
    general = next((r for r in fiscal.rows if r.parent == carry.index and _fund(r.name) == "一般公共预算"), None)
    return carry, general


def _fund(name: str) -> str:
    """The fund a carry-over sub-row names: 一、一般公共预算 and （一）一般公共预算拨款 are both 一般公共预算."""
    return CARRY_NUMBER.sub("", plain(name)).removesuffix("拨款")


@register
class CarryoverProjects(_CrossRule):
    """项目支出预算表（上年结转） total = 财政拨款收支总表 上年财政拨款结转.

    What it checks: the department row (or unit row) 合计 of 项目支出预算表（上年结转） equals the
    上年财政拨款结转 of 财政拨款收支总表; a table printed as 本表无数据 counts as 0.
    Why it matters: the carry-over table lists the projects the carried-over appropriation pays
    for (the carry-over is spent on projects); its total is the carry-over the summary states.
    Failing example: 上年财政拨款结转 7.59 while 项目支出预算表（上年结转） says 本表无数据.
    Passing example: 上年财政拨款结转 7.59 and the carry-over project table's department row 7.59.
    Reference: 财预〔2016〕143号 公开表样 表四、项目支出表（上年结转）.
    """

    code = "BL307"
    slug = "cross.carryover-projects"
    title_zh = "项目支出预算表（上年结转）合计等于财政拨款收支总表的上年财政拨款结转"

    def check(self, doc: Document) -> Iterator[Finding]:
        fiscal, carried = doc.table(TableKind.BUDGET_FISCAL_SUMMARY), doc.table(TableKind.BUDGET_PROJECTS_CARRYOVER)
        if fiscal is None or carried is None:
            return
        inc = first_key(fiscal, "income")
        src, _ = fiscal_carryover(fiscal)
        if inc is None or src is None:
            return
        row = top_row(carried)
        if row is None and not cell(src, inc).value:
            return
        where = f"第{src.location.line}行“{src.name}”"
        yield from self.compare(carried, row, "total", [cell(src, inc)], (), fiscal, where)


@register
class FiscalVsSummary(_CrossRule):
    """财政拨款收支总表 income items = 收支总表 income items of the same name (本年).

    What it checks: on the income side of 财政拨款收支总表, 一、一般公共预算, 二、政府性基金预算 and
    三、国有资本经营预算 of the current year (the rows before 上年财政拨款结转) equal the 收支总表
    income items of the same name.
    Why it matters: the appropriations are the first three sources of the department's income;
    both summaries must state the same figures.
    Failing example: 收支总表 一、一般公共预算 8479.47, 财政拨款收支总表 一、一般公共预算 8497.47.
    Passing example: both 8479.47.
    Reference: 财预〔2016〕143号 公开表样 表一、表四.
    """

    code = "BL308"
    slug = "cross.fiscal-summary"
    title_zh = "财政拨款收支总表收入各项等于收支总表同名收入项（本年）"

    NAMES = ("一般公共预算", "政府性基金预算", "国有资本经营预算")

    def check(self, doc: Document) -> Iterator[Finding]:
        summary, fiscal = doc.table(TableKind.BUDGET_SUMMARY), doc.table(TableKind.BUDGET_FISCAL_SUMMARY)
        if summary is None or fiscal is None:
            return
        inc, src_inc = first_key(fiscal, "income"), first_key(summary, "income")
        if inc is None or src_inc is None:
            return
        for name in self.NAMES:
            row = _current_item(fiscal, name)
            src = named(summary, "income", name)
            if row is None or src is None:
                continue
            where = f"第{src.location.line}行“{src.name}”"
            yield from self.compare(fiscal, row, inc, [cell(src, src_inc)], (), summary, where)


def _current_item(fiscal: Table, name: str) -> Row | None:
    """An income item of the current year in 财政拨款收支总表 (not the carry-over split below it)."""
    return next(
        (r for r in fiscal.rows if r.side == "income" and r.parent is None and _fund(r.name) == name),
        None,
    )


@register
class GeneralVsFiscal(_CrossRule):
    """一般公共预算支出表 合计 = 财政拨款收支总表 本年 一般公共预算 (income).

    What it checks: the 合计 row of 一般公共预算支出表（不含上年结转） equals the current-year income
    item 一、一般公共预算 of 财政拨款收支总表 (the row before 上年财政拨款结转).
    Why it matters: the general-budget expenditure table spends exactly the year's general-budget
    appropriation; a difference means one of the two tables is wrong.
    Failing example: 财政拨款收支总表 一、一般公共预算 8479.47, 一般公共预算支出表 合计 8478.47.
    Passing example: both 8479.47.
    Reference: 财预〔2016〕143号 公开表样 表四、表五.
    """

    code = "BL309"
    slug = "cross.general-fiscal"
    title_zh = "一般公共预算支出表合计等于财政拨款收支总表本年一般公共预算收入"

    def check(self, doc: Document) -> Iterator[Finding]:
        fiscal, general = doc.table(TableKind.BUDGET_FISCAL_SUMMARY), doc.table(TableKind.BUDGET_GENERAL_EXPENDITURE)
        if fiscal is None or general is None:
            return
        inc, src = first_key(fiscal, "income"), _current_item(fiscal, "一般公共预算")
        total = general.total_row()
        if inc is None or src is None or total is None:
            return
        where = f"第{src.location.line}行“{src.name}”"
        yield from self.compare(general, total, "total", [cell(src, inc)], (), fiscal, where)


@register
class GeneralVsFiscalRows(_CrossRule):
    """一般公共预算支出表 = 财政拨款收支总表 一般公共预算 expenditure minus the carry-over.

    What it checks: 一般公共预算支出表 合计 equals 财政拨款收支总表 本年支出合计 (一般公共预算
    column) minus its 上年财政拨款结转 / 一般公共预算; and, when that general-budget carry-over is
    the whole carry-over of 收入总表, every 类 row equals the 财政拨款收支总表 类 row (一般公共预算
    column) minus the 收入总表 上年结转 of that 类.
    Why it matters: 财政拨款收支总表 spends the appropriation including the carry-over, the
    general-budget table excludes it; the two must reconcile function by function.
    Failing example: 财政拨款收支总表 一般公共服务支出 6394.81, carry-over 7.59, 一般公共预算支出表 201 6397.22.
    Passing example: 一般公共预算支出表 201 6387.22.
    Reference: 财预〔2016〕143号 公开表样 表四、表五.
    """

    code = "BL310"
    slug = "cross.general-fiscal-rows"
    title_zh = "一般公共预算支出表等于财政拨款收支总表一般公共预算支出减去结转"

    def check(self, doc: Document) -> Iterator[Finding]:
        fiscal, general = doc.table(TableKind.BUDGET_FISCAL_SUMMARY), doc.table(TableKind.BUDGET_GENERAL_EXPENDITURE)
        revenue = doc.table(TableKind.BUDGET_REVENUE)
        if fiscal is None or general is None or fiscal.column("expenditure.general") is None:
            return
        inc = first_key(fiscal, "income")
        _, carry = fiscal_carryover(fiscal)
        carry_amount = cell(carry, inc) if carry is not None and inc is not None else ZERO
        src_total, total = named(fiscal, "expenditure", "本年支出合计"), general.total_row()
        if src_total is not None and total is not None:
            where = f"第{src_total.location.line}行“本年支出合计”减上年财政拨款结转"
            parts = [cell(src_total, "expenditure.general")]
            yield from self.compare(general, total, "total", parts, (carry_amount,), fiscal, where)
        rev_total = revenue.total_row() if revenue is not None else None
        if revenue is None or rev_total is None or not agrees(carry_amount, [cell(rev_total, "carryover")]):
            return  # the per-类 carry-over of 收入总表 is not (only) general budget: no per-row identity
        mine, carried = class_rows(general), class_rows(revenue)
        for code, src in class_rows(fiscal).items():
            row = mine.get(code)
            carry_row = carried.get(code)
            minus = (cell(carry_row, "carryover"),) if carry_row is not None else ()
            parts = [cell(src, "expenditure.general")]
            if row is None and not implied(parts, minus):
                continue
            where = f"第{src.location.line}行“{src.name}”减收入总表上年结转"
            yield from self.compare(general, row, "total", parts, minus, fiscal, where)
