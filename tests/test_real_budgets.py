"""Two district budgets of a province the parsers were not written for (read from ../shared/real).

Codes printed over 类 | 款 | 项 columns with 合计 merged over them, economic codes with a one-digit 款,
a 三公 table with its items as columns and a 机关运行经费 column, a 政府性基金 table titled by its
功能分类, and empty tables declared with 本表为空表.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.check.runner import run_checks
from budgetlens.model import RowRole, Table
from tests.conftest import real_doc, table_of

WANLI = "shpt_wanli_2024_dept_budget.pdf"
SIFAJU = "shpt_sifaju_2026_dept_budget.pdf"
FALSE_ERRORS = {"BL001", "BL003", "BL101", "BL102", "BL202", "BL203"}


def _cell(table: Table, row_name: str, header: str) -> Decimal | None:
    row = next(r for r in table.rows if r.name == row_name)
    column = next(c for c in table.columns if c.header and c.header[-1] == header)
    return row.cells[column.key].value


@pytest.mark.slow
def test_total_rows_of_split_code_tables() -> None:
    doc = real_doc(WANLI)
    revenue = table_of(doc, "budget.revenue")
    assert revenue.rows[-1].role is RowRole.TOTAL
    assert _cell(revenue, "合计", "合计") == Decimal(156211123)
    assert _cell(revenue, "合计", "其他收入") == Decimal(0)
    spending = table_of(doc, "budget.expenditure")
    assert spending.rows[-1].role is RowRole.TOTAL
    assert _cell(spending, "合计", "基本支出") == Decimal(99706020)
    assert _cell(spending, "合计", "项目支出") == Decimal(56505103)


@pytest.mark.slow
def test_economic_codes_with_a_one_digit_kuan() -> None:
    table = table_of(real_doc(WANLI), "budget.general_basic_economic")
    codes = {r.name: r.code for r in table.rows}
    assert codes["津贴补贴"] == "30102" and codes["绩效工资"] == "30107"


@pytest.mark.parametrize(
    ("name", "values"),
    [
        (WANLI, {"合计": "47.91", "购置费": "25", "运行费": "21.56", "机关运行经费": "443.18"}),
        (SIFAJU, {"合计": "10.81", "购置费": "0", "运行费": "9.98", "机关运行经费": "217.83"}),
    ],
)
@pytest.mark.slow
def test_three_public_items_as_columns(name: str, values: dict[str, str]) -> None:
    table = table_of(real_doc(name), "budget.three_public")
    rows = {r.name: r for r in table.rows}
    assert {k: str(next(iter(rows[k].cells.values())).value) for k in values} == values
    assert rows["购置费"].path == rows["运行费"].path == ["公务用车购置及运行费"]
    assert rows["机关运行经费"].role is RowRole.MEMO


@pytest.mark.parametrize("name", [WANLI, SIFAJU])
@pytest.mark.slow
def test_empty_fund_and_capital_tables(name: str) -> None:
    doc = real_doc(name)
    for kind in ("budget.fund_expenditure", "budget.capital"):
        table = table_of(doc, kind)
        assert table.empty_note and not table.has_data


@pytest.mark.parametrize("name", [WANLI, SIFAJU])
@pytest.mark.slow
def test_no_false_parse_or_sum_errors(name: str) -> None:
    doc = real_doc(name)
    codes = {f.code for f in doc.parse_findings} | {f.code for f in run_checks(doc).findings}
    assert not codes & FALSE_ERRORS
    assert "BL401" not in codes  # 2049999 / 2089999 are classification items


@pytest.mark.parametrize(
    ("name", "issuer"),
    [
        ("shpt_sifaju_2026_dept_budget.pdf", "上海市普陀区司法局"),
        ("shpt_wanli_2024_dept_budget.pdf", "上海市普陀区人民政府万里街道办事处"),
    ],
)
@pytest.mark.slow
def test_issuer_from_the_cover_label_not_the_region(name: str, issuer: str) -> None:
    """A cover that names only the region (…区2026年区级部门预算) takes the issuer from 预算主管部门：…."""
    doc = real_doc(name)
    assert doc.issuer == issuer
    assert doc.fiscal_year is not None and doc.kind is not None


@pytest.mark.parametrize("name", ["shpt_sifaju_2026_dept_budget.pdf", "shpt_wanli_2024_dept_budget.pdf"])
@pytest.mark.slow
def test_summary_sides_named_本年收入_and_本年支出(name: str) -> None:
    """本年收入 | 本年支出 over the two halves: two sides, each with its side's measure as key."""
    summary = table_of(real_doc(name), "budget.summary")
    assert [(c.key, c.side) for c in summary.columns] == [("income", "income"), ("expenditure.total", "expenditure")]
    assert summary.columns[1].header_text == "本年支出 / 预算数"
    totals = {r.name: r.side for r in summary.rows if r.role is RowRole.TOTAL}
    assert totals == {"收入总计": "income", "支出总计": "expenditure"}
