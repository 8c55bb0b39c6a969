"""BL207–BL208: 人员经费/公用经费 as sums of economic classes, and 其中 columns within their total."""

from __future__ import annotations

from collections.abc import Iterator

from budgetlens.check.evidence import lines_of
from budgetlens.check.intervals import point_sum, shown, sum_consistent
from budgetlens.check.registry import Rule, register
from budgetlens.check.rules.arithmetic import cell
from budgetlens.model import Column, Document, Finding, Location, Row, RowRole, Table
from budgetlens.model.table_kinds import TableKind

# 部门决算 公开05 (一般公共预算财政拨款基本支出决算表): 人员经费 = 工资福利 + 对个人和家庭的补助,
# 公用经费 = every other economic 类.
PERSONNEL_CLASSES = ("301", "303")
TOTAL_NAMES = {"人员经费合计": True, "人员经费": True, "公用经费合计": False, "公用经费": False}


@register
class PersonnelPublicSplit(Rule):
    """人员经费合计 and 公用经费合计 of the basic-expenditure detail add up from their economic classes.

    What it checks: in 一般公共预算财政拨款基本支出决算(明细)表, 人员经费合计 = 301 工资福利支出 +
    303 对个人和家庭的补助 and 公用经费合计 = the sum of the other economic 类 rows (302, 307, 309,
    310 … 399), column by column with interval arithmetic.
    Why it matters: the two totals are quoted in the narrative and compared with the 一般公共预算
    table; a class row that does not reach them shows a wrong class figure or a wrong total.
    Failing example: 人员经费合计 28,009,223.17 with 301 = 24,333,836.17 and 303 = 3,675,386.00.
    Passing example: 人员经费合计 28,009,222.17 with the same classes.
    Reference: 财政部《部门决算报表》公开05表 (人员经费 = 301 + 303; 公用经费 = 其余类).
    """

    code = "BL207"
    slug = "arithmetic.personnel-public-split"
    title_zh = "基本支出明细的人员经费合计和公用经费合计等于相应经济分类之和"
    template_zh = "表“{table}”第{line}行“{row}”的{column}为{actual}，但相应经济分类类级之和为{expected}"
    template_en = "Table '{table}', line {line}, '{row}' {column} is {actual}; its economic classes sum to {expected}"
    reference = "《部门决算报表》公开05表"

    def check(self, doc: Document) -> Iterator[Finding]:
        for table in doc.tables_of(TableKind.FINAL_GENERAL_BASIC_DETAIL):
            classes = [r for r in table.rows if r.code and len(r.code) == 3 and r.parent is None]
            if not classes:
                continue
            for row in table.rows:
                personnel = TOTAL_NAMES.get(row.name.replace(" ", ""))
                if row.role is not RowRole.TOTAL or personnel is None:
                    continue
                parts = [r for r in classes if (r.code in PERSONNEL_CLASSES) == personnel]
                yield from self._compare(table, row, parts)

    def _compare(self, table: Table, row: Row, parts: list[Row]) -> Iterator[Finding]:
        for key, amount in row.cells.items():
            values = [cell(p, key) for p in parts]
            if sum_consistent(amount, values):
                continue
            column = table.column(key)
            yield self.finding(
                Location(line=row.location.line, table=table.id, row=row.index, column=key),
                evidence=lines_of(amount, *values),
                expected=point_sum(values),
                actual=shown(amount),
                table=table.title,
                line=row.location.line,
                row=row.name,
                column=column.header_text if column else key,
            )


def within_pairs(table: Table) -> list[tuple[Column, Column]]:
    """(其中 column, the column it is part of): the nearest column to its left not headed 其中."""
    pairs: list[tuple[Column, Column]] = []
    ordered = sorted(table.columns, key=lambda c: c.index)
    for i, col in enumerate(ordered):
        if not col.header or not col.header[-1].startswith("其中"):
            continue
        whole = next((c for c in reversed(ordered[:i]) if not c.header[-1].startswith("其中")), None)
        if whole is not None and whole.side == col.side:
            pairs.append((col, whole))
    return pairs


@register
class PartWithinTotal(Rule):
    """A 其中 column never exceeds the column it is part of.

    What it checks: in every row, a column headed 其中：… (其中：基本支出, 其中：教育收费 …) is at most
    the column it details (the nearest column to its left not headed 其中), by interval arithmetic.
    Why it matters: a part larger than its whole is a mistyped figure, and unlike a broken sum it
    points at one row.
    Failing example: 30101 基本工资 金额 6,798,345.08, 其中：基本支出 6,798,346.08.
    Passing example: 金额 6,798,345.08, 其中：基本支出 6,798,345.08.
    Reference: 财政部《部门决算报表》表样 (其中 columns).
    """

    code = "BL208"
    slug = "arithmetic.part-within-total"
    title_zh = "“其中”列不超过其所属的列"
    template_zh = "表“{table}”第{line}行“{row}”：{part}为{actual}，超过{whole}{expected}"
    template_en = "Table '{table}', line {line}, '{row}': {part} is {actual}, more than {whole} {expected}"
    reference = "《部门决算报表》表样"

    def check(self, doc: Document) -> Iterator[Finding]:
        for table in doc.tables:
            for part, whole in within_pairs(table):
                for row in table.rows:
                    p, w = row.cells.get(part.key), row.cells.get(whole.key)
                    if p is None or w is None or p.value is None or w.value is None:
                        continue
                    if p.bounds()[0] <= w.bounds()[1]:
                        continue
                    yield self.finding(
                        Location(line=row.location.line, table=table.id, row=row.index, column=part.key),
                        evidence=lines_of(p, w),
                        expected=shown(w),
                        actual=shown(p),
                        table=table.title,
                        line=row.location.line,
                        row=f"{row.code} {row.name}" if row.code else row.name,
                        part=part.header_text,
                        whole=whole.header_text,
                    )
