"""A district final account of a province whose template the parsers were not written for (../shared/real).

Its tables print no 行次 and no 栏次: the two-sided 总表 are read by their header, the coded tables'
columns by their header words, codes over 类 | 款 | 项 cells, 合计 in the code column at the foot,
the 三公 table pairing 预算数 | 决算数 under each item; its 目录 lists the table titles without page
numbers. The blank template of the same year must read as nine empty tables and raise no error.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.check.runner import run_checks
from budgetlens.model import RowRole, Severity, Table
from tests.conftest import real_doc, table_of

FINAL = "shpt_czj_2024_final_good.pdf"
TEMPLATE = "shpt_final_template_2024.pdf"
FINAL_KINDS = {
    "final.summary",
    "final.revenue",
    "final.expenditure",
    "final.fiscal_summary",
    "final.general_expenditure",
    "final.general_basic_detail",
    "final.three_public",
    "final.fund",
    "final.capital",
}


def _cell(table: Table, row_name: str, key: str, side: str | None = None) -> Decimal | None:
    row = next(r for r in table.rows if r.name == row_name and (side is None or r.side == side))
    return row.cells[key].value


@pytest.mark.parametrize("name", [FINAL, TEMPLATE])
@pytest.mark.slow
def test_contents_lines_are_titles_not_tables(name: str) -> None:
    doc = real_doc(name)
    assert sorted(t.kind for t in doc.tables) == sorted(FINAL_KINDS)
    assert set(doc.listed_tables) == FINAL_KINDS
    assert all(t.columns for t in doc.tables)


@pytest.mark.slow
def test_two_sided_summaries_without_row_numbers() -> None:
    doc = real_doc(FINAL)
    summary = table_of(doc, "final.summary")
    assert _cell(summary, "本年收入合计", "income") == Decimal("2946.25")
    assert _cell(summary, "总计", "expenditure", side="expenditure") == Decimal("2995.39")
    assert _cell(summary, "年初结转和结余", "income") == Decimal("49.14")
    fiscal = table_of(doc, "final.fiscal_summary")
    assert [c.key for c in fiscal.columns] == [
        "income",
        "expenditure.total",
        "expenditure.general",
        "expenditure.fund",
        "expenditure.capital",
    ]
    assert fiscal.columns[2].header_text == "支出 / 一般公共预算财政拨款"
    assert _cell(fiscal, "十九、住房保障支出", "expenditure.general") == Decimal("445.69")
    carried = next(r for r in fiscal.rows if r.parent is not None)
    assert carried.path == ["年初财政拨款结转和结余"]


@pytest.mark.slow
def test_coded_tables_keep_printed_headers_and_total_at_the_foot() -> None:
    doc = real_doc(FINAL)
    general = table_of(doc, "final.general_expenditure")
    assert [(c.key, c.header_text) for c in general.columns] == [
        ("total", "合计"),
        ("basic", "基本支出"),
        ("project", "项目支出"),
    ]
    total = general.rows[-1]
    assert total.role is RowRole.TOTAL
    assert [total.cells[k].value for k in ("total", "basic", "project")] == [
        Decimal("2940.05"),
        Decimal("2336.91"),
        Decimal("603.14"),
    ]
    assert {r.code for r in general.rows if r.code} >= {"201", "20106", "2010601", "2210203"}
    revenue = table_of(doc, "final.revenue")
    assert revenue.columns[0].header_text == "本年收入合计"
    assert _cell(revenue, "合计", "other") == Decimal("6.20")


@pytest.mark.parametrize("name", [FINAL, TEMPLATE])
@pytest.mark.slow
def test_fund_tables_read_from_their_printed_header(name: str) -> None:
    """Without 栏次 numbers the fund and state-capital tables take their columns from the header words."""
    doc = real_doc(name)
    for kind, spend in (("final.fund", "spend."), ("final.capital", "")):
        table = table_of(doc, kind)
        assert [c.key for c in table.columns] == [
            "carry_in",
            "income",
            f"{spend}total",
            f"{spend}basic",
            f"{spend}project",
            "carry_out",
        ]
        assert table.columns[0].header_text == "年初结转和结余"
        assert table.columns[3].header_text == "本年支出 / 基本支出"


@pytest.mark.slow
def test_empty_form_reads_without_debris() -> None:
    """An empty form: its 合计 line is a row, not header; header words on it are header, not scan debris."""
    doc = real_doc(TEMPLATE)
    revenue = table_of(doc, "final.revenue")
    assert revenue.columns[0].header_text == "本年收入合计"
    assert {r.code for r in revenue.rows if r.code} >= {"205", "20502", "2050205"}
    codes = {f.code for f in run_checks(doc).findings}
    assert not codes & {"BL020", "BL022"}


@pytest.mark.slow
def test_economic_codes_over_two_cells() -> None:
    detail = table_of(real_doc(FINAL), "final.general_basic_detail")
    by_code = {r.code: r for r in detail.rows if r.code}
    assert by_code["30102"].cells["basic"].value == Decimal("1238.58")
    assert by_code["31002"].cells["basic"].value == Decimal("13.58")
    assert _cell(detail, "公用经费合计", "basic") == Decimal("184.65")


@pytest.mark.slow
def test_three_public_pairs_budget_and_outturn_per_item() -> None:
    table = table_of(real_doc(FINAL), "final.three_public")
    assert _cell(table, "合计", "budget.total") == Decimal("0.95")
    assert _cell(table, "公务接待费", "budget.reception") == Decimal("0.95")
    assert _cell(table, "公务用车运行维护费", "final.vehicle_running") is None


@pytest.mark.slow
def test_no_false_table_errors() -> None:
    """The published account's tables add up: no table error, and the template raises none at all."""
    result = run_checks(real_doc(FINAL))
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    assert not [f for f in errors if f.code.startswith(("BL0", "BL1", "BL2", "BL3"))], errors
    template = run_checks(real_doc(TEMPLATE))
    assert not [f for f in template.findings if f.severity is Severity.ERROR]


@pytest.mark.slow
def test_unnumbered_headings_told_by_the_contents() -> None:
    """A heading printed without its number (某某局主要职能, 2026年部门预算编制说明) opens its 目录 section."""
    doc = real_doc("shpt_sifaju_2026_dept_budget.pdf")
    titles = [s.title for s in doc.sections if s.depth == 1]
    assert titles[:4] == ["部门主要职能", "部门机构设置", "名词解释", "部门预算编制说明"]
    claim = next(c for c in doc.claims if c.base and "年预算" in c.base)
    assert claim.section == "部门预算编制说明" and claim.location.line is not None
    assert "比2026年预算增加" in claim.sentence
    wrong_year = [f for f in run_checks(doc).findings if f.code == "BL605"]
    sentence_lines = {c.location.line for c in doc.claims if c.base and "2026年预算" in c.base}
    assert wrong_year and {f.location.line for f in wrong_year} <= sentence_lines
