"""BL201, BL205: sums across a row and the totals of two-sided tables."""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetlens.check.evidence import lines_of
from budgetlens.check.intervals import column_practice, point_sum, shown, sum_consistent_at
from budgetlens.check.registry import Rule, register
from budgetlens.model import Amount, Column, Document, Finding, Location, Row, RowRole, Table
from budgetlens.model.table_kinds import TableKind


def row_total_groups(table: Table) -> list[tuple[Column, list[Column]]]:
    """(total column, part columns) pairs: a *total/subtotal* column and the leaf columns beside it."""
    groups = []
    for col in table.columns:
        parts = col.key.split(".")
        if parts[-1] not in ("total", "subtotal"):
            continue
        prefix = ".".join(parts[:-1])
        siblings = [
            c
            for c in table.columns
            if c is not col
            and c.side == col.side
            and (c.key.startswith(prefix + ".") if prefix else True)
            and c.key.split(".")[-1] not in ("total", "subtotal")
        ]
        # a total printed under a group heading (本年支出 | 小计) totals the columns under that heading only, not
        # the flows beside the group (年初结转和结余, 本年收入 …)
        group = _group(col)
        grouped = [c for c in siblings if _group(c) == group] if group else []
        if grouped:
            siblings = grouped
        if siblings:
            groups.append((col, siblings))
    return groups


def _group(col: Column) -> str | None:
    """The heading a column is printed under (its header's first level), None for a one-level header."""
    words = [w for w in col.header if not re.fullmatch(r"栏\d+", w)]
    return words[0] if len(words) >= 2 else None


def cell(row: Row, key: str) -> Amount:
    return row.cells.get(key) or Amount(value=None)


@register
class RowTotal(Rule):
    """A row's total column equals the sum of the columns it totals.

    What it checks: in every table row, a 合计/小计 column equals the sum of the columns beside it
    (合计 = 基本支出 + 项目支出; 本年收入合计 = 一般公共预算 + 政府性基金 + …), judged by interval
    arithmetic on the printed precision (at the column's practice where it drops trailing zeros).
    Why it matters: a row total that does not add up means one of the printed figures is wrong.
    Failing example: 2013801 行政运行 合计 100.00, 基本支出 60.00, 项目支出 30.00.
    Passing example: 合计 100.00, 基本支出 70.00, 项目支出 30.00 (or 30.004 rounded parts).
    Reference: 财预〔2016〕143号 公开表样 (表二、表三、表五 column definitions).
    """

    code = "BL201"
    slug = "arithmetic.row-total"
    title_zh = "行内合计列等于其所合计各列之和"
    template_zh = "表“{table}”第{line}行“{row}”：{column}为{actual}，但各列之和为{expected}"
    template_en = "Table '{table}', line {line}, row '{row}': {column} is {actual} but the columns add up to {expected}"
    reference = "财预〔2016〕143号 公开表样"

    def check(self, doc: Document) -> Iterator[Finding]:
        for table in doc.tables:
            practice = column_practice(r.cells for r in table.rows)
            for total, parts in row_total_groups(table):
                for row in table.rows:
                    if total.key not in row.cells or not any(c.key in row.cells for c in parts):
                        continue
                    values = [cell(row, c.key) for c in parts]
                    at = [(cell(row, c.key), practice.get(c.key)) for c in parts]
                    if sum_consistent_at((row.cells[total.key], practice.get(total.key)), at):
                        continue
                    loc = Location(line=row.location.line, table=table.id, row=row.index, column=total.key)
                    yield self.finding(
                        loc,
                        evidence=lines_of(row.cells[total.key]),
                        expected=point_sum(values),
                        actual=shown(row.cells[total.key]),
                        table=table.title,
                        line=row.location.line,
                        row=row.name,
                        column=total.header_text,
                    )


def _named(rows: list[Row], side: str, *names: str) -> Row | None:
    return next((r for r in rows if r.side == side and r.name.replace(" ", "") in names), None)


@register
class TwoSidedTotals(Rule):
    """The totals of a two-sided 收支总表 balance: 收入总计 = 本年收入合计 + 上年结转 = 支出总计.

    What it checks: in 收支总表 and 财政拨款收支总表, 本年收入合计 equals the sum of the income
    items, 本年支出合计 equals the sum of the expenditure lines above it (the 功能分类 类 lines when
    the side lists them, or else every line; a side that lists the 类 lines and also 基本支出/项目支出
    passes when either reading adds up), 收入总计 equals 本年收入合计 plus the carry-over, 支出总计
    equals 本年支出合计 plus 年终结转 (in a template with neither, the expenditure lines above it), and
    收入总计 equals 支出总计 (first amount column of each side).
    Why it matters: the two sides of the balance are the backbone every other table refers to.
    Failing example: 本年收入合计 100.00, 上年结转 5.00, 收入总计 110.00; or 本年支出合计 100.00 while the
    类 lines add up to 80.00 (a line such as 八、社会保障和就业支出 20.00 lost).
    Passing example: 本年收入合计 100.00, 上年结转 5.00, 收入总计 105.00.
    Reference: 财预〔2016〕143号 公开表样 表一、表四.
    """

    code = "BL205"
    slug = "arithmetic.balance-totals"
    title_zh = "收支总表两侧平衡：收入总计＝本年收入合计＋上年结转＝支出总计"
    template_zh = "表“{table}”：{what}应为{expected}，表中为{actual}（第{line}行）"
    template_en = "Table '{table}': {what} should be {expected}, the table shows {actual} (line {line})"
    reference = "财预〔2016〕143号 公开表样 表一、表四"

    def check(self, doc: Document) -> Iterator[Finding]:
        for table in doc.tables:
            if table.kind not in (TableKind.BUDGET_SUMMARY, TableKind.BUDGET_FISCAL_SUMMARY):
                continue
            yield from self._table(table)

    def _table(self, table: Table) -> Iterator[Finding]:
        rows = table.rows
        inc_key = next((c.key for c in table.columns if c.side == "income"), None)
        exp_key = next((c.key for c in table.columns if c.side == "expenditure"), None)
        if inc_key is None or exp_key is None:
            return
        income_total = _named(rows, "income", "本年收入合计")
        grand_in = _named(rows, "income", "收入总计")
        exp_total = _named(rows, "expenditure", "本年支出合计")
        grand_out = _named(rows, "expenditure", "支出总计")
        carry = next(
            (r for r in rows if r.side == "income" and r.name.startswith(("上年结转", "上年财政拨款结转"))), None
        )
        year_end = _named(rows, "expenditure", "年终结转")
        items = [
            r for r in rows if r.side == "income" and r.role is RowRole.ITEM and r.parent is None and r is not carry
        ]
        # (what, total row, column, readings of its parts): the total must equal the sum of one reading
        checks: list[tuple[str, Row | None, str, list[list[Row]]]] = [
            ("本年收入合计", income_total, inc_key, [items]),
            ("本年支出合计", exp_total, exp_key, _expenditure_lines(rows, exp_total, exp_key)),
            ("收入总计", grand_in, inc_key, [[r for r in (income_total, carry) if r is not None]]),
            ("支出总计", grand_out, exp_key, [[r for r in (exp_total, year_end) if r is not None]]),
        ]
        if exp_total is None and not any(r.side == "expenditure" and _carries(r) for r in rows):
            # a template with no 本年支出合计 and no carry-over: 支出总计 adds up the expenditure lines
            checks.append(("支出总计", grand_out, exp_key, _expenditure_lines(rows, grand_out, exp_key)))
        practice = column_practice(r.cells for r in table.rows)  # each side's column: its own practice
        for what, row, key, readings in checks:
            readings = [parts for parts in readings if parts]
            if row is None or not readings or any(self._adds_up(row, key, parts, practice) for parts in readings):
                continue
            yield self._unbalanced(table, what, row, key, [cell(r, key) for r in readings[0]])
        if grand_in is not None and grand_out is not None:
            total, part = cell(grand_out, exp_key), cell(grand_in, inc_key)
            if not sum_consistent_at((total, practice.get(exp_key)), [(part, practice.get(inc_key))]):
                yield self._unbalanced(table, "收入总计与支出总计", grand_out, exp_key, [part])

    @staticmethod
    def _adds_up(row: Row, key: str, parts: list[Row], practice: dict[str, int | None]) -> bool:
        d = practice.get(key)
        return sum_consistent_at((cell(row, key), d), [(cell(p, key), d) for p in parts])

    def _unbalanced(self, table: Table, what: str, row: Row, key: str, parts: list[Amount]) -> Finding:
        loc = Location(line=row.location.line, table=table.id, row=row.index, column=key)
        return self.finding(
            loc,
            evidence=lines_of(cell(row, key), *parts),
            expected=point_sum(parts),
            actual=shown(cell(row, key)),
            table=table.title,
            what=what,
            line=row.location.line,
        )


def _carries(row: Row) -> bool:
    """A carry-over line (年终结转, 年末结转和结余, 结余分配): no expenditure of the year."""
    return "结转" in row.name or "结余" in row.name


def _expenditure_lines(rows: list[Row], total: Row | None, key: str) -> list[list[Row]]:
    """The readings of the expenditure lines 本年支出合计 adds up: the 功能分类 类 lines above it, or all of them.

    A side that lists the 类 lines and also 基本支出/项目支出 (or a line whose class was not resolved)
    adds up in one reading or the other; a side without 类 lines has only the second.
    """
    if total is None:
        return []
    above = [
        r
        for r in rows
        if r.side == "expenditure" and r.role is RowRole.ITEM and r.parent is None and r.index < total.index
    ]
    if not any(r.cells.get(key) is not None and r.cells[key].value is not None for r in above):
        return []  # no line printed an amount in the column: nothing was read to add up
    classes = [r for r in above if r.code and len(r.code) == 3 and r.code.startswith("2")]
    return [classes, above] if classes and len(classes) < len(above) else [above]
