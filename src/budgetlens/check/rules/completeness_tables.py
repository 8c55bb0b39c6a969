"""BL109–BL111, BL114: what every table must declare (its money unit, the document's year, an honest
空表 note) and the tables the 目录 promises."""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetlens.check.registry import Rule, register
from budgetlens.check.rules.completeness import BUDGET_TABLES, required_tables
from budgetlens.check.rules.completeness_profile import FINAL_TABLES
from budgetlens.model import Document, DocumentKind, Finding, Location, Severity

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")


@register
class TableUnitDeclared(Rule):
    """Every table declares its money unit.

    What it checks: each table prints a 单位：万元 / 单位：元 (or 金额单位：…) line in its preamble.
    Why it matters: the same document may print tables in 元 and prose in 万元; a table without a unit
    can be read wrong by a factor of 10,000.
    Failing example: 2026年预算支出总表 followed directly by its header rows.
    Passing example: 2026年预算支出总表 / 部门名称：… / 单位：万元.
    Reference: 财预〔2016〕143号 第九条 (公开表格式).
    """

    code = "BL109"
    slug = "completeness.table-unit"
    title_zh = "每张表格注明金额单位"
    severity = Severity.WARNING
    template_zh = "表“{title}”未注明金额单位（单位：万元或元）"
    template_en = "Table '{title}' does not declare its money unit (10,000 yuan or yuan)"
    reference = "财预〔2016〕143号 第九条"

    def check(self, doc: Document) -> Iterator[Finding]:
        for table in doc.tables:
            if not table.unit_declared:
                yield self.finding(Location(line=table.location.line, table=table.id), title=table.title)


@register
class TitleYear(Rule):
    """Table titles and part headings name the document's fiscal year.

    What it checks: the (first) year printed in a table title (2026年预算收入总表) or in a 第N部分
    heading (第二部分 2026年部门预算报表) equals the fiscal year of the document's cover.
    Why it matters: a title naming another year is the mark of a table copied from last year's
    disclosure without being updated, and the reader cannot tell which year the numbers are.
    Failing example: 2025年预算收入总表 in the 2026年度部门预算公开.
    Passing example: 2026年预算收入总表.
    Reference: 财预〔2016〕143号 第九条.
    """

    code = "BL110"
    slug = "completeness.title-year"
    title_zh = "表格标题和部分标题写明本文件的年度"
    template_zh = "“{title}”写的是{year}年，本文件是{fiscal_year}年度"
    template_en = "'{title}' names the year {year}; the document is for {fiscal_year}"
    reference = "财预〔2016〕143号 第九条"

    def check(self, doc: Document) -> Iterator[Finding]:
        if doc.fiscal_year is None:
            return
        titled: list[tuple[str, int | None, str | None]] = [(t.title, t.location.line, t.id) for t in doc.tables] + [
            (s.title, s.location.line, None) for s in doc.sections if s.depth == 0
        ]
        titled.sort(key=lambda x: x[1] or 0)
        for title, line, table in titled:
            m = _YEAR.search(title)  # the year the title is about; later mentions may be comparisons
            year = int(m.group(1)) if m else doc.fiscal_year
            if year != doc.fiscal_year:
                yield self.finding(
                    Location(line=line, table=table),
                    expected=doc.fiscal_year,
                    actual=year,
                    title=title,
                    year=year,
                    fiscal_year=doc.fiscal_year,
                )


@register
class EmptyNoteWithData(Rule):
    """A table that says 本表无数据 has no data.

    What it checks: a table whose note says 本表无数据 (or 空表) has no amount in any cell.
    Why it matters: the note and the numbers contradict each other; either the note is left over from
    last year's empty table or the numbers were pasted into the wrong table.
    Failing example: 政府性基金预算支出表 with 合计 12.51 and 注：本表无数据.
    Passing example: the same table with blank cells and 注：本表无数据.
    Reference: 财预〔2016〕143号 第九条 (空表应说明).
    """

    code = "BL111"
    slug = "completeness.empty-note-with-data"
    title_zh = "注明“本表无数据”的表格确实没有数据"
    severity = Severity.WARNING
    template_zh = "表“{title}”注明“本表无数据”，但表中有数据"
    template_en = "Table '{title}' says it has no data but prints amounts"
    reference = "财预〔2016〕143号 第九条"

    def check(self, doc: Document) -> Iterator[Finding]:
        for table in doc.tables:
            if table.empty_note and table.has_data:
                yield self.finding(Location(line=table.location.line, table=table.id), title=table.title)


@register
class ListedTablePrinted(Rule):
    """Every table the table of contents (目录) lists is printed.

    What it checks: each table the document's 目录 names (表一2026年预算收支总表……2) is among the
    tables the document prints, recognised by title whatever its printed number. A table the
    template requires is left to BL101/BL103, which report it as missing already.
    Why it matters: the 目录 is the document's own promise of what it discloses; a listed table that
    is not there was cut out, lost in assembling the file or printed under a title that no longer
    says what it is.
    Failing example: a 目录 listing 表十一2026年机关运行经费预算表 in a document that prints no such table.
    Passing example: every table of the 目录 printed in the document (an empty one with 本表无数据).
    Reference: 财预〔2016〕143号《地方预决算公开操作规程》第八条、第九条.
    """

    code = "BL114"
    slug = "completeness.listed-table-printed"
    title_zh = "目录所列的表格都已公开"
    severity = Severity.WARNING
    template_zh = "目录列有表格“{title}”（{kind}），但文件中没有这张表"
    template_en = "The table of contents lists the table '{title}' ({kind}) but the document does not print it"
    reference = "财预〔2016〕143号 第八条、第九条"

    def check(self, doc: Document) -> Iterator[Finding]:
        present = {t.kind for t in doc.tables}
        reported: set[str] = set()  # what BL101/BL103 report as missing already
        if doc.kind is DocumentKind.BUDGET:
            reported = set(required_tables(doc))
        elif doc.kind is DocumentKind.FINAL_ACCOUNT:
            reported = set(FINAL_TABLES)
        titles = {**BUDGET_TABLES, **FINAL_TABLES}
        for kind in doc.listed_tables:
            if kind not in present and kind not in reported:
                yield self.finding(Location(), title=titles.get(kind, str(kind)), kind=str(kind))
