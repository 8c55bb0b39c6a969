"""BL202–BL204: hierarchy roll-ups (类/款/项, 合计 rows, department → unit → project)."""

from __future__ import annotations

from collections.abc import Iterator

from budgetlens.check.evidence import lines_of
from budgetlens.check.intervals import column_practice, point_sum, shown, sum_consistent_at
from budgetlens.check.registry import Rule, register
from budgetlens.check.rules.arithmetic import cell
from budgetlens.model import Document, Finding, Location, Row, RowRole, Table
from budgetlens.model.table_kinds import TableKind

PROJECT_KINDS = (TableKind.BUDGET_PROJECTS, TableKind.BUDGET_PROJECTS_CARRYOVER)


def _has_money(row: Row) -> bool:
    return any(a.value for a in row.cells.values())


def children(table: Table) -> dict[int, list[Row]]:
    kids: dict[int, list[Row]] = {}
    for row in table.rows:
        if row.parent is not None:
            kids.setdefault(row.parent, []).append(row)
    return kids


class _RollUp(Rule):
    """Shared machinery: compare a row with the sum of a set of rows, column by column.

    Each figure is read at the precision its column practises (``intervals.column_practice``): in a
    column that drops trailing zeros beside two-decimal figures, a printed 6 is 6.00.
    """

    def compare(
        self, table: Table, row: Row, parts: list[Row], what: str, practice: dict[str, int | None]
    ) -> Iterator[Finding]:
        for col in table.columns:
            if col.side != row.side or col.key not in row.cells:
                continue
            if parts and not any(col.key in p.cells for p in parts):
                continue  # a transposed table: the parts carry this measure under other keys
            values = [cell(p, col.key) for p in parts]
            d = practice.get(col.key)
            if sum_consistent_at((row.cells[col.key], d), ((v, d) for v in values)):
                continue
            loc = Location(line=row.location.line, table=table.id, row=row.index, column=col.key)
            yield self.finding(
                loc,
                evidence=lines_of(row.cells[col.key], *values),
                expected=point_sum(values),
                actual=shown(row.cells[col.key]),
                table=table.title,
                line=row.location.line,
                row=f"{row.code} {row.name}" if row.code else row.name,
                column=col.header_text,
                what=what,
                count=len(parts),
            )


@register
class CodeRollUp(_RollUp):
    """A classification row equals the sum of its sub-rows (类 = Σ款, 款 = Σ项; economic 类 = Σ款).

    What it checks: in tables ordered by classification (功能分类 类/款/项, 经济分类 类/款, 三公
    ①②), every parent row equals the sum of its direct children, column by column.
    Why it matters: a roll-up that does not add up shows a mistyped subtotal or a missing line.
    Failing example: 20138 市场监督管理事务 6,376.10 while its 项 rows add up to 6,375.10.
    Passing example: 20138 6,376.10 with 项 rows adding up to 6,376.10.
    Reference: 《政府收支分类科目》类款项 structure; 财预〔2016〕143号 公开表样.
    """

    code = "BL202"
    slug = "arithmetic.code-rollup"
    title_zh = "科目行等于其下级科目之和（类＝Σ款，款＝Σ项；经济分类类＝Σ款）"
    template_zh = "表“{table}”第{line}行“{row}”的{column}为{actual}，但其{count}个下级科目之和为{expected}"
    template_en = (
        "Table '{table}', line {line}, '{row}' {column} is {actual} but its {count} sub-items add up to {expected}"
    )
    reference = "《政府收支分类科目》"

    def check(self, doc: Document) -> Iterator[Finding]:
        for table in doc.tables:
            if table.kind in PROJECT_KINDS or table.kind in (TableKind.BUDGET_SUMMARY, TableKind.BUDGET_FISCAL_SUMMARY):
                continue
            kids = children(table)
            practice = column_practice(r.cells for r in table.rows)
            for row in table.rows:
                if row.index in kids:
                    yield from self.compare(table, row, kids[row.index], "sub-items", practice)


@register
class TotalRow(_RollUp):
    """A 合计 row equals the sum of the top-level rows of its table.

    What it checks: the 合计/部门合计 row of a one-sided table equals the sum of the rows at the
    top of the hierarchy (the 类 rows, the economic 类 rows, the 三公 items, the units of the
    机关运行经费 table), column by column.
    Why it matters: the 合计 row is the figure every other table and the narrative repeat.
    Failing example: 合计 8,479.47 while the 类 rows add up to 8,478.47.
    Passing example: 合计 8,479.47 equal to the sum of the 类 rows.
    Reference: 财预〔2016〕143号 公开表样.
    """

    code = "BL203"
    slug = "arithmetic.total-row"
    title_zh = "合计行等于表内一级项目之和"
    template_zh = "表“{table}”第{line}行“{row}”的{column}为{actual}，但{count}个一级项目之和为{expected}"
    template_en = (
        "Table '{table}', line {line}, '{row}' {column} is {actual} but its {count} top-level rows add up to {expected}"
    )
    reference = "财预〔2016〕143号 公开表样"

    def check(self, doc: Document) -> Iterator[Finding]:
        for table in doc.tables:
            if table.kind in PROJECT_KINDS or table.kind in (TableKind.BUDGET_SUMMARY, TableKind.BUDGET_FISCAL_SUMMARY):
                continue
            totals = [r for r in table.rows if r.role is RowRole.TOTAL]
            top = [r for r in table.rows if r.role not in (RowRole.TOTAL, RowRole.MEMO) and r.parent is None]
            if len(totals) != 1 or not top:
                continue
            practice = column_practice(r.cells for r in table.rows)
            yield from self.compare(table, totals[0], top, "top-level rows", practice)


@register
class ProjectRollUp(_RollUp):
    """Project tables add up: department = Σ units, unit = Σ its projects.

    What it checks: in 项目支出预算表 (本年预算 and 上年结转) every unit row equals the sum of the
    project rows under it, and the department row equals the sum of the unit rows; a unit row that
    prints an amount but has no project under it (where the table's other units have theirs) adds up
    to nothing.
    Why it matters: the project table is matched against the performance targets and against
    项目支出 in the expenditure tables; a wrong subtotal breaks all of them.
    Failing example: unit 阳光市图书馆 120.00 with projects 50.00 + 60.00.
    Passing example: unit 110.00 with projects 50.00 + 60.00.
    Reference: 财预〔2016〕143号 公开表样 (项目支出表).
    """

    code = "BL204"
    slug = "arithmetic.project-rollup"
    title_zh = "项目表逐级相加：部门＝Σ单位，单位＝Σ其项目"
    template_zh = "表“{table}”第{line}行“{row}”的{column}为{actual}，但其下{count}行之和为{expected}"
    template_en = (
        "Table '{table}', line {line}, '{row}' {column} is {actual} but the {count} rows under it add up to {expected}"
    )
    reference = "财预〔2016〕143号 公开表样"

    def check(self, doc: Document) -> Iterator[Finding]:
        for table in doc.tables:
            if table.kind not in PROJECT_KINDS:
                continue
            kids = children(table)
            practice = column_practice(r.cells for r in table.rows)
            units = [r for r in table.rows if r.role is RowRole.UNIT]
            for row in table.rows:
                if row.role in (RowRole.DEPARTMENT, RowRole.UNIT) and row.index in kids:
                    yield from self.compare(table, row, kids[row.index], "rows under it", practice)
                elif row.role is RowRole.UNIT and any(u.index in kids for u in units) and _has_money(row):
                    yield from self.compare(table, row, [], "rows under it", practice)  # a unit without projects
