"""BL311: identities between the tables of a final account (公开01–06)."""

from __future__ import annotations

from collections.abc import Iterator

from budgetlens.check.evidence import lines_of
from budgetlens.check.intervals import point_sum, shown, sum_consistent
from budgetlens.check.registry import Rule, register
from budgetlens.model import Amount, Document, Finding, Location, Row, RowRole, Table
from budgetlens.model.table_kinds import TableKind


def _total_row(table: Table | None) -> Row | None:
    if table is None:
        return None
    return next((r for r in table.rows if r.role is RowRole.TOTAL and r.number is None), None)


def _numbered(table: Table | None, number: int) -> Row | None:
    return next((r for r in table.rows if r.number == number), None) if table else None


def _named(table: Table | None, name: str) -> Row | None:
    return next((r for r in table.rows if r.name == name), None) if table else None


def _get(row: Row | None, key: str) -> Amount | None:
    return row.cells.get(key) if row is not None else None


@register
class FinalCrossTables(Rule):
    """The tables of a final account agree with each other.

    What it checks: 收入决算表 合计 = 收入支出决算总表 本年收入合计 (行27); 支出决算表 合计 = 本年支出合计
    (行58) and each 类 of 支出决算表 = the 类 row of 收入支出决算总表; 一般公共预算财政拨款支出决算表 合计 =
    财政拨款收入支出决算总表 本年支出合计 (行59) 一般公共预算 column, and each 类 = its 类 row there; the
    基本支出 of 一般公共预算财政拨款支出决算表 = 人员经费合计 + 公用经费合计 of the 基本支出明细表.
    Why it matters: these tables restate the same money; a difference means one was not updated.
    Failing example: 支出决算表 合计 2660.62 while 行58 本年支出合计 prints 2661.62.
    Passing example: both 2660.62.
    Reference: 财政部《部门决算报表》表间关系.
    """

    code = "BL311"
    slug = "cross.final-tables"
    title_zh = "决算各表之间相互一致"
    template_zh = "表“{table}”第{line}行“{row}”为{actual}，与表“{other}”第{other_line}行的{expected}不一致"
    template_en = (
        "Table '{table}', line {line}, '{row}' is {actual}; table '{other}', line {other_line} shows {expected}"
    )
    reference = "《部门决算报表》表间关系"

    def check(self, doc: Document) -> Iterator[Finding]:
        summary, revenue = doc.table(TableKind.FINAL_SUMMARY), doc.table(TableKind.FINAL_REVENUE)
        expenditure, fiscal = doc.table(TableKind.FINAL_EXPENDITURE), doc.table(TableKind.FINAL_FISCAL_SUMMARY)
        general = doc.table(TableKind.FINAL_GENERAL_EXPENDITURE)
        detail = doc.table(TableKind.FINAL_GENERAL_BASIC_DETAIL)
        pairs: list[tuple[Table | None, Row | None, Amount | None, Table | None, Row | None, list[Amount | None]]] = [
            (revenue, _total_row(revenue), _get(_total_row(revenue), "total"), summary, _numbered(summary, 27),
             [_get(_numbered(summary, 27), "income")]),
            (expenditure, _total_row(expenditure), _get(_total_row(expenditure), "total"), summary,
             _numbered(summary, 58), [_get(_numbered(summary, 58), "expenditure")]),
            (general, _total_row(general), _get(_total_row(general), "total"), fiscal, _numbered(fiscal, 59),
             [_get(_numbered(fiscal, 59), "expenditure.general")]),
            (general, _total_row(general), _get(_total_row(general), "basic"), detail, _named(detail, "人员经费合计"),
             [_get(_named(detail, "人员经费合计"), "basic"), _get(_named(detail, "公用经费合计"), "basic")]),
        ]  # fmt: skip
        pairs += self._classes(expenditure, summary, "expenditure")
        pairs += self._classes(general, fiscal, "expenditure.general")
        for table, row, amount, other, other_row, parts in pairs:
            known = [p for p in parts if p is not None]
            if table is None or row is None or amount is None or other is None or other_row is None or not known:
                continue
            if sum_consistent(amount, known):
                continue
            loc = Location(line=row.location.line, table=table.id, row=row.index)
            yield self.finding(
                loc, evidence=lines_of(amount, *known), expected=point_sum(known), actual=shown(amount),
                table=table.title, line=row.location.line,
                row=f"{row.code} {row.name}" if row.code else row.name, other=other.title,
                other_line=other_row.location.line,
            )  # fmt: skip

    @staticmethod
    def _classes(
        table: Table | None, other: Table | None, key: str
    ) -> list[tuple[Table | None, Row | None, Amount | None, Table | None, Row | None, list[Amount | None]]]:
        """Each 类 row of a coded table against the 类 row with the same code in a totals table."""
        if table is None or other is None:
            return []
        by_code = {r.code: r for r in other.rows if r.code and r.side == "expenditure"}
        out: list[tuple[Table | None, Row | None, Amount | None, Table | None, Row | None, list[Amount | None]]] = []
        for row in table.rows:
            match = by_code.get(row.code or "")
            if row.code and len(row.code) == 3 and match is not None:
                out.append((table, row, row.cells.get("total"), other, match, [match.cells.get(key)]))
        return out
