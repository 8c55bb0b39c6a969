"""BL401–BL402: classification codes exist for the year and their printed names match."""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetlens.check.registry import Rule, register
from budgetlens.model import Document, Finding, Location, Severity
from budgetlens.model import classification as cls
from budgetlens.model.table_kinds import TableKind

_FUNCTIONAL = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
ECONOMIC_KINDS = frozenset({TableKind.BUDGET_GENERAL_BASIC_ECONOMIC, TableKind.FINAL_GENERAL_BASIC_DETAIL})


def lookup(kind: str, code: str, year: int | None) -> cls.Entry | None:
    """The classification entry of a printed code: economic tables use the economic classification."""
    return cls.economic(code, year) if kind in ECONOMIC_KINDS else cls.functional(code, year)


@register
class UnknownCode(Rule):
    """A printed 功能分类 code exists in the classification of the document's year.

    What it checks: every 类/款/项 code printed in a table is a valid code of 《政府收支分类科目》
    for the fiscal year (codes that were abolished or not yet created are reported).
    Why it matters: a wrong code puts money under the wrong function in every aggregation.
    Failing example: 2013866 其他市场监督管理事务 (no such 项).
    Passing example: 2013899 其他市场监督管理事务.
    Reference: 财政部《2026年政府收支分类科目》.
    """

    code = "BL401"
    slug = "classification.code-unknown"
    title_zh = "功能分类科目编码存在于本年度的政府收支分类科目中"
    severity = Severity.WARNING
    template_zh = "表“{table}”第{line}行的科目编码{code}（{name}）不在{year}年政府收支分类科目中"
    template_en = "Table '{table}', line {line}: code {code} ({name}) is not in the {year} classification"
    reference = "财政部《政府收支分类科目》"

    def check(self, doc: Document) -> Iterator[Finding]:
        for table in doc.tables:
            for row in table.rows:
                if row.code_source != "printed" or not row.code or not _FUNCTIONAL.match(row.code):
                    continue
                if lookup(table.kind, row.code, doc.fiscal_year) is None:
                    loc = Location(line=row.location.line, table=table.id, row=row.index)
                    yield self.finding(
                        loc,
                        table=table.title,
                        line=row.location.line,
                        code=row.code,
                        name=row.name,
                        year=doc.fiscal_year or "",
                    )


@register
class CodeNameMismatch(Rule):
    """A printed 功能分类 code carries the name the classification gives it for that year.

    What it checks: the printed name beside a valid code equals the official name of the code
    for the fiscal year (renamed codes such as 市场主体管理 → 经营主体管理 are judged by year).
    Why it matters: a name that belongs to another code shows a mis-keyed code or an outdated
    template.
    Failing example: 2013804 市场主体管理 in a 2026 budget (renamed 经营主体管理).
    Passing example: 2013804 经营主体管理 in a 2026 budget.
    Reference: 财政部《政府收支分类科目》.
    """

    code = "BL402"
    slug = "classification.name-mismatch"
    title_zh = "功能分类科目编码的名称与本年度分类科目一致"
    severity = Severity.WARNING
    template_zh = "表“{table}”第{line}行：科目{code}的名称应为“{expected}”，表中为“{actual}”"
    template_en = "Table '{table}', line {line}: code {code} is named '{expected}', the table prints '{actual}'"
    reference = "财政部《政府收支分类科目》"

    def check(self, doc: Document) -> Iterator[Finding]:
        for table in doc.tables:
            for row in table.rows:
                if row.code_source != "printed" or not row.code or not row.name:
                    continue
                entry = lookup(table.kind, row.code, doc.fiscal_year)
                if entry is None or cls.name_matches(entry, row.name, doc.fiscal_year):
                    continue
                loc = Location(line=row.location.line, table=table.id, row=row.index)
                yield self.finding(
                    loc, expected=entry.name, actual=row.name, table=table.title, line=row.location.line, code=row.code
                )
