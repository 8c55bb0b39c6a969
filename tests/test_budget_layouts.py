"""Budget tables printed in layouts other than the seeds': split codes, merged 合计 cells, wide 三公 tables."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from budgetlens.model import RowRole, Table
from budgetlens.pipeline import load
from tests.conftest import write_doc


def _table(path: Path, kind: str) -> Table:
    doc = load(path)
    return next(t for t in doc.tables if t.kind == kind)


REVENUE_SPLIT = """示例县民政局
2025年部门预算
2025年部门收入预算总表
编制部门：示例县民政局⇥单位：元
项目⇥⇥⇥⇥收入预算⇥⇥
功能分类科目编码⇥⇥⇥功能分类科目名称⇥合计⇥财政拨款收入⇥其他收入
类⇥款⇥项⇥⇥⇥⇥
208⇥⇥⇥社会保障和就业支出⇥1,500⇥1,500⇥0
208⇥02⇥⇥民政管理事务⇥1,500⇥1,500⇥0
208⇥02⇥01⇥行政运行⇥1,500⇥1,500⇥0
合计⇥1,500⇥1,500⇥0
"""


def test_total_label_merged_over_the_code_columns(tmp_path: Path) -> None:
    """合计 printed once over 类|款|项|名称: its amounts stay in their own columns."""
    table = _table(write_doc(tmp_path, REVENUE_SPLIT), "budget.revenue")
    total = table.rows[-1]
    assert total.name == "合计" and total.role is RowRole.TOTAL and total.code is None
    values = {c.header[-1]: total.cells[c.key].value for c in table.columns}
    assert values == {"合计": Decimal(1500), "财政拨款收入": Decimal(1500), "其他收入": Decimal(0)}


ECONOMIC_SPLIT = """示例县民政局
2025年部门预算
2025年部门一般公共预算基本支出部门预算经济分类预算表
编制部门：示例县民政局⇥单位：元
项目⇥⇥⇥一般公共预算基本支出⇥⇥
部门预算经济分类科目编码⇥⇥经济分类科目名称⇥合计⇥人员经费⇥公用经费
类⇥款⇥⇥⇥⇥
301⇥⇥工资福利支出⇥300⇥300⇥0
301⇥01⇥基本工资⇥100⇥100⇥0
301⇥2⇥津贴补贴⇥150⇥150⇥0
301⇥7⇥绩效工资⇥50⇥50⇥0
合计⇥⇥⇥300⇥300⇥0
"""


def test_one_digit_part_of_a_split_code_is_zero_padded(tmp_path: Path) -> None:
    doc = load(write_doc(tmp_path, ECONOMIC_SPLIT))
    table = next(t for t in doc.tables if t.kind == "budget.general_basic_economic")
    assert [r.code for r in table.rows] == ["301", "30101", "30102", "30107", None]
    assert [r.parent for r in table.rows[1:4]] == [table.rows[0].index] * 3


THREE_PUBLIC_WIDE = """示例县民政局
2025年部门预算
部门“三公”经费和机关运行经费预算表
编制部门：示例县民政局⇥单位:万元
2025年“三公”经费预算数⇥⇥⇥⇥⇥⇥2025年机关运行经费预算数
合计⇥因公出国(境)费⇥公务接待费⇥公务用车购置及运行费⇥⇥⇥
⇥⇥⇥小计⇥购置费⇥运行费⇥
30.00⇥0⇥2.00⇥28.00⇥20.00⇥8.00⇥150.00
"""


def test_wide_three_public_parts_stay_under_their_subtotal(tmp_path: Path) -> None:
    """Parts printed under an item's group (小计 | 购置费 | 运行费) are its sub-items, never added to 合计 twice."""
    from budgetlens.check.runner import run_checks

    doc = load(write_doc(tmp_path, THREE_PUBLIC_WIDE))
    table = doc.table("budget.three_public")
    assert table is not None
    rows = {r.name: r for r in table.rows}
    assert rows["合计"].role is RowRole.TOTAL
    assert rows["购置费"].path == rows["运行费"].path == ["公务用车购置及运行费"]
    assert rows["购置费"].level == rows["运行费"].level == 2
    assert rows["公务用车购置及运行费"].cells["amount"].value == Decimal("28.00")
    assert rows["机关运行经费"].role is RowRole.MEMO
    assert rows["机关运行经费"].cells["amount"].value == Decimal("150.00")
    assert not [f for f in run_checks(doc, select=["BL20"]).findings]


EMPTY_SPLIT = """示例县民政局
2025年部门预算
2025年部门政府性基金预算支出功能分类预算表
编制部门：示例县民政局⇥单位：元
项目⇥⇥⇥⇥政府性基金预算支出⇥⇥
功能分类科目编码⇥⇥⇥功能分类科目名称⇥合计⇥基本支出⇥项目支出
类⇥款⇥项⇥⇥⇥⇥
合计⇥⇥⇥⇥⇥⇥
注:本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。
2025年部门国有资本经营预算支出功能分类预算表
编制部门：示例县民政局⇥单位：元
项目⇥⇥⇥⇥国有资本经营预算支出⇥⇥
功能分类科目编码⇥⇥⇥功能分类科目名称⇥合计⇥基本支出⇥项目支出
类⇥款⇥项⇥⇥⇥⇥
合计⇥⇥⇥⇥⇥⇥
注:本部门2025年无国有资本经营预算财政拨款安排的预算，故本表为空表。
"""


def test_empty_split_code_tables_titled_by_subject(tmp_path: Path) -> None:
    """…政府性基金预算支出功能分类预算表 is a 政府性基金预算支出表, header rows no data, 本表为空表 a note."""
    from budgetlens.check.runner import run_checks

    doc = load(write_doc(tmp_path, EMPTY_SPLIT))
    assert [t.kind for t in doc.tables] == ["budget.fund_expenditure", "budget.capital"]
    for table in doc.tables:
        assert table.empty_note and not table.has_data
        assert all(r.role is RowRole.TOTAL for r in table.rows)  # the header rows gave no row
        assert [c.header[-1] for c in table.columns] == ["合计", "基本支出", "项目支出"]
    codes = {f.code for f in doc.parse_findings} | {f.code for f in run_checks(doc).findings}
    assert not codes & {"BL001", "BL003", "BL005", "BL102"}


def test_fund_titles_and_empty_notes_by_their_words() -> None:
    from budgetlens.segment.vocabulary import is_empty_note, table_kind

    assert table_kind("2026年部门政府性基金预算支出功能分类预算表") == "budget.fund_expenditure"
    assert table_kind("2026年部门政府性基金预算收入预算表") == "budget.fund_revenue"
    assert table_kind("2026年政府性基金预算支出表") == "budget.fund_expenditure"
    assert table_kind("2024年度政府性基金预算财政拨款收入支出决算表") == "final.fund"
    notes = ("注：本表无数据", "注:本部门2024年无政府性基金预算财政拨款安排的预算，故本表为空表。", "本年度无此项支出")
    assert all(is_empty_note(note) for note in notes)
    assert not is_empty_note("注：本表数据按四舍五入取整")
