"""BL101–BL102: the tables a disclosure must contain, and how empty ones are declared."""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetlens.check.registry import Rule, register
from budgetlens.check.rules.completeness_profile import compact, follows_district_template
from budgetlens.model import Document, DocumentKind, Finding, Location, Severity, Table

BUDGET_TABLES: dict[str, str] = {
    "budget.summary": "预算收支总表",
    "budget.revenue": "预算收入总表",
    "budget.expenditure": "预算支出总表",
    "budget.fiscal_summary": "财政拨款收支总表",
    "budget.general_expenditure": "一般公共预算支出预算表",
    "budget.general_basic_economic": "一般公共预算基本支出分经济科目表",
    "budget.fund_revenue": "政府性基金预算收入表",
    "budget.fund_expenditure": "政府性基金预算支出表",
    "budget.capital": "国有资本经营预算收支预算表",
    "budget.three_public": "“三公”经费支出预算表",
    "budget.operating_cost": "机关运行经费预算表",
    "budget.projects": "项目支出预算表（本年预算）",
    "budget.projects_carryover": "项目支出预算表（上年结转）",
}
# The 9-table template of many 区县 (表1–表9): 财预〔2016〕143号's eight tables plus 国有资本经营预算支出表,
# with 三公 and 机关运行经费 in one table and no 政府性基金收入 or project tables. A document follows it
# when its “三公” table is the combined one (its title names 机关运行经费 too).
DISTRICT_TABLES: dict[str, str] = {
    kind: title
    for kind, title in BUDGET_TABLES.items()
    if kind not in ("budget.fund_revenue", "budget.operating_cost", "budget.projects", "budget.projects_carryover")
}
DISTRICT_TABLES["budget.three_public"] = "“三公”经费和机关运行经费预算表"
# 财预〔2016〕143号's eight tables (the Ministry's template many provinces print as 表1–表8). The city
# template adds the tables below; a document that prints none of them follows the national template.
CITY_EXTRAS = ("budget.fund_revenue", "budget.capital", "budget.operating_cost", "budget.projects",
               "budget.projects_carryover")  # fmt: skip
NATIONAL_TABLES: dict[str, str] = {kind: title for kind, title in BUDGET_TABLES.items() if kind not in CITY_EXTRAS}


def required_tables(doc: Document) -> dict[str, str]:
    """The tables the document's template requires (kind -> standard title)."""
    if follows_district_template(doc):
        return DISTRICT_TABLES
    printed_or_listed = {t.kind for t in doc.tables} | set(doc.listed_tables)
    if not printed_or_listed & set(CITY_EXTRAS):
        return NATIONAL_TABLES
    return BUDGET_TABLES


@register
class RequiredTables(Rule):
    """Every table of the disclosure template is present.

    What it checks: a 部门/单位预算 document contains each of the 13 standard tables (recognised by
    title, whatever their printed numbers); a table with no data must still be printed. A document
    whose “三公” table is the combined “三公”经费和机关运行经费预算表 follows the 9-table district
    template (表1–表9: no 政府性基金预算收入表, 机关运行经费预算表 or project tables required); one that
    neither prints nor lists in its 目录 any of the city template's extra tables (政府性基金预算收入表,
    国有资本经营预算表, 机关运行经费预算表, the project tables) follows the Ministry's 8-table template and
    must have those eight.
    Why it matters: 财预〔2016〕143号 requires the full set; a missing table is often a document cut
    short or a table pasted over another.
    Failing example: a budget whose 机关运行经费预算表 is absent.
    Passing example: all 13 tables present, empty ones with 本表无数据.
    Reference: 财预〔2016〕143号《地方预决算公开操作规程》第八条、第九条.
    """

    code = "BL101"
    slug = "completeness.required-tables"
    title_zh = "公开模板的每张表格都已公开"
    template_zh = "缺少必须公开的表格“{title}”（{kind}）"
    template_en = "The required table '{title}' ({kind}) is missing"
    reference = "财预〔2016〕143号 第八条、第九条"

    def check(self, doc: Document) -> Iterator[Finding]:
        if doc.kind is not DocumentKind.BUDGET:
            return
        present = {t.kind for t in doc.tables}
        for kind, title in required_tables(doc).items():
            if kind not in present:
                yield self.finding(Location(), title=title, kind=kind)


# words of a table title -> the subject a narrative explanation of the empty table names
EMPTY_SUBJECTS: tuple[tuple[str, str], ...] = (
    ("政府性基金", "政府性基金"),
    ("国有资本经营", "国有资本经营"),
    ("三公", "三公"),
    ("机关运行经费", "机关运行经费"),
    ("上年结转", "上年结转"),
    ("项目支出", "项目支出"),
)
_NONE = "(?:无|没有|未安排|不涉及)"
_NO_ITEM = re.compile(r"无此项|没有此项|本表无数据|(?:为|是)空表")


def _subject(table: Table) -> str | None:
    title = compact(table.title)
    return next((subject for word, subject in EMPTY_SUBJECTS if word in title), None)


def explained_in_narrative(doc: Document, table: Table) -> bool:
    """The narrative says there is nothing to report for the table's subject.

    Either a sentence says so (本部门无政府性基金预算收入… / …政府性基金预算收入表为空表), or a heading
    naming the subject is followed by 本年度无此项支出.
    """
    subject = _subject(table)
    if subject is None:
        return False
    says_none = re.compile(rf"{_NONE}[^，,。；;]{{0,15}}{subject}|{subject}[^。；;]{{0,30}}(?:空表|无数据)")
    for sec in doc.sections:
        titled = subject in compact(sec.title)
        for _, text in sec.paragraphs:
            for sentence in re.split(r"[。；;]", compact(text)):
                if says_none.search(sentence) or (titled and _NO_ITEM.search(sentence)):
                    return True
    return False


@register
class EmptyTableNote(Rule):
    """A table without data says so (本表无数据 / 空表说明).

    What it checks: a table all of whose cells are blank carries a note such as 注：本表无数据, or the
    narrative explains it (本部门无政府性基金预算收入，故本表为空表; or under the 政府性基金 heading
    本年度无此项支出).
    Why it matters: readers must be able to tell "nothing to report" from "forgot to fill in".
    Failing example: 政府性基金预算支出表 with only an empty 合计 row, no note and no explanation.
    Passing example: the same table followed by 注：本表无数据.
    Reference: 财预〔2016〕143号 第九条 (空表应说明).
    """

    code = "BL102"
    slug = "completeness.empty-table-note"
    title_zh = "没有数据的表格注明“本表无数据”"
    severity = Severity.WARNING
    template_zh = "表“{title}”没有数据，但未注明“本表无数据”"
    template_en = "Table '{title}' has no data but no note says so"
    reference = "财预〔2016〕143号 第九条"

    def check(self, doc: Document) -> Iterator[Finding]:
        for table in doc.tables:
            if not table.has_data and not table.empty_note and not explained_in_narrative(doc, table):
                yield self.finding(Location(line=table.location.line, table=table.id), title=table.title)
