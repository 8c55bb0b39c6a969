"""Small fragments through read → segment → parse: headers, sides, hierarchy, junk lines."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from budgetlens.model import Amount, RowRole
from budgetlens.parse.columns import column_key, header_paths
from budgetlens.parse.hierarchy import looks_like_unit
from budgetlens.parse.numbers import parse_amount
from budgetlens.pipeline import load
from budgetlens.read.text import to_lines
from budgetlens.segment.segmenter import is_junk
from budgetlens.segment.vocabulary import table_kind
from tests.conftest import write_doc


def test_merged_header_spreads_only_over_subdivided_columns() -> None:
    rows = [
        ["项目", "", "本年收入", "", "", "上年结转"],
        ["科目编码", "科目名称", "合计", "一般公共预算", "单位资金", ""],
    ]
    paths = header_paths(rows)
    assert paths[1] == ["项目", "科目名称"]
    assert paths[3] == ["本年收入", "一般公共预算"]
    assert paths[5] == ["上年结转"]
    assert [column_key(p) for p in paths[2:]] == [
        "current_income.total",
        "current_income.general",
        "current_income.unit_funds",
        "carryover",
    ]


def test_column_keys_do_not_depend_on_the_year() -> None:
    assert column_key(["2026年预算数", "合计"]) == column_key(["2027年预算数", "合计"]) == "total"
    assert column_key(["支出", "2026年合计"]) == "expenditure.total"


def test_titles_by_words_not_numbers() -> None:
    assert table_kind("表三 2026年部门支出预算总表") == "budget.expenditure"
    assert table_kind("2026年一般公共预算支出功能分类预算表") == "budget.general_expenditure"
    assert table_kind("“三公”经费和机关运行经费预算表") == "budget.three_public"
    assert table_kind("2026年项目支出预算表（上年结转）") == "budget.projects_carryover"
    assert table_kind("工作总结") is None


def test_amounts() -> None:
    assert parse_amount("1,633.94") == Decimal("1633.94")
    assert parse_amount(" ") is None and parse_amount("-") is None
    assert parse_amount("(5.00)") == Decimal("-5.00")
    assert Amount(value=Decimal("0.90"), printed="0.90").bounds() == (Decimal("0.895"), Decimal("0.905"))


def test_junk_lines() -> None:
    lines = to_lines("仅供内部审核\n \n-----\t------\n预算公开表1\n— 3 —\n合计\t1.00")
    assert [is_junk(ln) for ln in lines] == [True, True, True, True, True, False]


def test_unit_names() -> None:
    assert looks_like_unit("示例市档案馆", set())
    assert looks_like_unit("示例市药械监测中心（示例市警戒中心）", set())
    assert not looks_like_unit("档案数字化经费", set())
    assert not looks_like_unit("监测中心运转经费", set())


TWO_SIDED = """示例市档案局
2026年度部门预算公开
2026年财政拨款收支总表
部门名称：示例市档案局
单位：万元
收入⇥⇥支出⇥⇥⇥⇥
项目⇥金额⇥项目⇥金额⇥⇥⇥
⇥⇥⇥小计⇥一般公共预算⇥政府性基金预算⇥国有资本经营预算
一、一般公共预算⇥10.00⇥一、一般公共服务支出⇥12.00⇥12.00⇥⇥
二、政府性基金预算⇥⇥二、外交支出⇥⇥⇥⇥
本年收入合计⇥10.00⇥本年支出合计⇥12.00⇥12.00⇥⇥
仅供内部审核

上年财政拨款结转⇥2.00⇥年终结转⇥⇥⇥⇥
一、一般公共预算⇥2.00⇥⇥⇥⇥⇥
二、政府性基金预算⇥⇥⇥⇥⇥⇥
收入总计⇥12.00⇥支出总计⇥12.00⇥12.00⇥⇥
"""


def test_two_sided_table_with_carryover_block(tmp_path: Path) -> None:
    doc = load(write_doc(tmp_path, TWO_SIDED))
    (table,) = doc.tables
    assert table.kind == "budget.fiscal_summary" and table.issuer_label == "示例市档案局"
    income = [r for r in table.rows if r.side == "income"]
    spending = [r for r in table.rows if r.side == "expenditure"]
    assert [r.name for r in income if r.path == ["上年财政拨款结转"]] == ["一、一般公共预算", "二、政府性基金预算"]
    assert spending[0].code == "201" and spending[0].code_source == "classification"
    assert spending[0].cells["expenditure.subtotal"].value == Decimal("12.00")
    assert [r.role for r in table.rows if r.name in ("收入总计", "支出总计")] == [RowRole.TOTAL, RowRole.TOTAL]


UNIT_PROJECTS = """示例市档案馆
2026年度单位预算公开
2026年项目支出预算表（本年预算）
单位名称：示例市档案馆
单位：万元
项目名称⇥合计⇥2026年财政拨款⇥⇥⇥财政专户管理资金⇥单位资金
⇥⇥一般公共预算⇥政府性基金预算⇥国有资本经营预算⇥⇥
1⇥2⇥3⇥4⇥5⇥6⇥7
示例市档案馆⇥9.00⇥9.00⇥⇥⇥⇥
档案数字化经费⇥6.00⇥6.00⇥⇥⇥⇥
档案数字化经费⇥3.00⇥3.00⇥⇥⇥
"""


def test_unit_budget_project_table_has_no_department_row(tmp_path: Path) -> None:
    doc = load(write_doc(tmp_path, UNIT_PROJECTS))
    (table,) = doc.tables
    assert [r.role for r in table.rows] == [RowRole.UNIT, RowRole.PROJECT, RowRole.PROJECT]
    assert table.rows[2].path == ["示例市档案馆"] and table.rows[2].cells["unit_funds"].value is None
