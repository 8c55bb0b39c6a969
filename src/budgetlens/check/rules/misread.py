"""BL008: a table whose own arithmetic fails almost everywhere was not read reliably; said once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from budgetlens.check.registry import Rule, register
from budgetlens.model import Document, Finding, Location, Reading, Severity, Table

# the identity families judged on a table's own cells: sums, roll-ups, the final-account tables
TABLE_ARITHMETIC = ("BL2", "BL3")
MIN_LINES = 4  # distinct lines breaking identities before a misreading is presumed
MIN_SHARE = 0.25  # … and that share of the table's rows with amounts


@register
class TableMisread(Rule):
    """A table whose own identities fail on many rows is reported once as not reliably read.

    What it checks: after all checks ran, the sum and roll-up failures of each table are counted by
    the printed line they point to (the probable cause where one is known). When at least four
    lines and a quarter of the table's rows with amounts break its identities, the table was most
    likely read wrongly (columns shifted, rows split, a layout not understood): its sum findings are
    replaced by this one finding, which names the table and its page.
    Why it matters: one misreading otherwise becomes a dozen false errors, and a reviewer who sees
    them stops trusting the list; a real error breaks a few identities on one line, not a table.
    Failing example: a table whose amounts landed one column to the left: every 合计 = Σ fails.
    Passing example: a table with one wrong 合计: its findings are kept as they are.
    Reference: SPEC.md, Findings (parse problems are findings too).
    """

    code = "BL008"
    slug = "parse.table-misread"
    title_zh = "自身求和关系多处不成立的表格只报告一次（未能可靠读取）"
    severity = Severity.WARNING
    template_zh = (
        "表“{title}”（{where_zh}）未能可靠读取：{lines}行的{count}处求和关系不成立，多半是版式未被正确识别；"
        "请对照原件核对本表，本表的求和核验结果不予列出"
    )
    template_en = (
        "Table '{title}' ({where_en}) was not read reliably: {count} identities fail on {lines} lines, most likely "
        "a layout that was not understood; check the table against the original (its sum findings are not listed)"
    )

    def check(self, doc: Document) -> Iterator[Finding]:
        return iter(())  # applied to the findings of the other rules by ``fold_misread_tables``


def fold_misread_tables(doc: Document, findings: list[Finding]) -> list[Finding]:
    """Replace the arithmetic errors of each misread table by one BL008 finding; the table's reading says so."""
    by_table: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.severity is Severity.ERROR and f.code.startswith(TABLE_ARITHMETIC) and f.location.table:
            by_table[f.location.table].append(f)
    tables = {t.id: t for t in doc.tables}
    folded: set[int] = set()
    out: list[Finding] = []
    rule = TableMisread()
    for table_id, errors in by_table.items():
        table = tables.get(table_id)
        lines = {f.cause_line or f.location.line for f in errors}
        if table is None or len(lines) < MIN_LINES or len(lines) < MIN_SHARE * _rows_with_amounts(table):
            continue
        folded.update(id(f) for f in errors)
        table.reading = Reading.UNREADABLE
        where = Location(line=table.location.line, line_end=table.location.line_end, table=table_id)
        page, line = table.location.page, table.location.line
        zh, en = (f"第{page}页", f"page {page}") if page else (f"第{line}行", f"line {line}")
        out.append(
            rule.finding(where, title=table.title, where_zh=zh, where_en=en, lines=len(lines), count=len(errors))
        )
    return [f for f in findings if id(f) not in folded] + out


def _rows_with_amounts(table: Table) -> int:
    return sum(any(a.value is not None for a in row.cells.values()) for row in table.rows)
