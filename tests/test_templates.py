"""Other regions' layouts: the 区县 9-table template (元, 类/款/项 code columns, combined 三公) and unknown tables.

The documents come from tests/district_budget.py (every total computed, errors planted by name).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.check.runner import run_checks
from budgetlens.model import ClaimMeasure, Document, RowRole
from budgetlens.parse.claims import extract_claims
from budgetlens.parse.rows import joined_code
from budgetlens.pipeline import load
from budgetlens.report.facts import document_facts
from budgetlens.segment.vocabulary import table_kind
from tests.conftest import write_doc
from tests.district_budget import build

DISTRICT_KINDS = [
    "budget.summary",
    "budget.revenue",
    "budget.expenditure",
    "budget.fiscal_summary",
    "budget.general_expenditure",
    "budget.general_basic_economic",
    "budget.fund_expenditure",
    "budget.three_public",
    "budget.capital",
]


def _doc(tmp_path: Path, errors: frozenset[str] = frozenset(), **kw: str) -> Document:
    return load(write_doc(tmp_path, build(errors, **kw)))


def _codes(doc: Document) -> list[tuple[str, int | None]]:
    return sorted((f.code, f.location.line or 0) for f in run_checks(doc).findings)


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("表1 部门收支总表", "budget.summary"),
        ("部门收入总表", "budget.revenue"),
        ("部门支出总表", "budget.expenditure"),
        ("财政拨款收支总表", "budget.fiscal_summary"),
        ("一般公共预算支出表", "budget.general_expenditure"),
        ("一般公共预算基本支出表", "budget.general_basic_economic"),
        ("政府性基金预算支出表", "budget.fund_expenditure"),
        ("“三公”经费和机关运行经费预算表", "budget.three_public"),
        ("一般公共预算“三公”经费支出表", "budget.three_public"),
        ("国有资本经营预算支出表", "budget.capital"),
        ("收入支出决算总表", "final.summary"),  # the final-account titles keep their kinds
        ("一般公共预算财政拨款基本支出决算表", "final.general_basic_detail"),
        ("政府购买服务预算表", None),
    ],
)
def test_district_titles(title: str, kind: str | None) -> None:
    assert table_kind(title) == kind


@pytest.mark.parametrize("label_style", ["line", "prefix"])
def test_district_tables_recognised_in_order(tmp_path: Path, label_style: str) -> None:
    doc = _doc(tmp_path, label_style=label_style)
    assert [t.kind for t in doc.tables] == DISTRICT_KINDS
    assert {t.unit for t in doc.tables} == {"元"} and all(t.unit_declared for t in doc.tables)


def test_three_column_codes_become_seven_digit_codes_with_hierarchy(tmp_path: Path) -> None:
    table = _doc(tmp_path).table("budget.general_expenditure")
    assert table is not None
    by_code = table.rows_by_code()
    row = by_code["2040601"]
    assert (row.name, row.level, row.path, row.code_source) == ("行政运行", 3, ["公共安全支出", "司法"], "printed")
    assert table.rows[row.parent or 0].code == "20406"
    assert by_code["204"].level == 1 and by_code["20406"].level == 2
    assert row.cells["total"].value == Decimal("1672670.00") and row.cells["total"].unit == "元"
    assert table.rows[0].role is RowRole.TOTAL and table.rows[0].code is None


def test_economic_codes_in_two_columns(tmp_path: Path) -> None:
    table = _doc(tmp_path).table("budget.general_basic_economic")
    assert table is not None
    row = table.rows_by_code()["30101"]
    assert (row.name, row.level, row.path) == ("基本工资", 2, ["工资福利支出"])
    assert table.rows_by_code()["302"].level == 1


@pytest.mark.parametrize(
    ("parts", "previous", "expected"),
    [
        (["204", "06", "01"], None, ("2040601", "")),
        (["204", "06", ""], None, ("20406", "")),
        (["204", "", ""], None, ("204", "")),
        (["", "06", "01"], "20406", ("2040601", "")),  # only the new part printed
        (["", "", "01"], "2040601", ("2040601", "")),
        (["合计", "", ""], None, ("", "合计")),
        (["204", "", "01"], None, ("", "")),  # a gap is no code
        (["", "06", ""], None, ("", "")),  # nothing to inherit from
    ],
)
def test_joined_code(parts: list[str], previous: str | None, expected: tuple[str, str]) -> None:
    assert joined_code(parts, previous) == expected


def test_facts_carry_seven_digit_codes_and_yuan(tmp_path: Path) -> None:
    facts = list(document_facts(_doc(tmp_path)))
    run = [f for f in facts if f["table"] == "budget.expenditure" and f["row_code"] == "2040601"]
    assert {(f["column"], f["value"], f["unit"], f["yuan"]) for f in run} == {
        ("total", "1672670.00", "元", "1672670.00"),
        ("basic", "1672670.00", "元", "1672670.00"),
        ("project", None, "元", None),
    }
    assert run[0]["row_path"] == ["公共安全支出", "司法"]
    assert {f["table"] for f in facts} == set(DISTRICT_KINDS)  # empty tables still give their blank cells
    memo = [f for f in facts if f["table"] == "budget.three_public" and f["row_name"] == "机关运行经费"]
    assert [(f["value"], f["row_role"]) for f in memo] == [("312670.00", "memo")]


def test_combined_three_public_table_keeps_operating_cost_apart(tmp_path: Path) -> None:
    table = _doc(tmp_path).table("budget.three_public")
    assert table is not None
    names = {r.name: r for r in table.rows}
    assert names["机关运行经费"].role is RowRole.MEMO
    assert names["合计"].role is RowRole.TOTAL
    assert names["公务用车运行维护费"].path == ["公务用车购置及运行费"]


def test_three_public_items_as_columns_read_as_rows(tmp_path: Path) -> None:
    (tmp_path / "rows").mkdir()
    (tmp_path / "columns").mkdir()
    rows_table = _doc(tmp_path / "rows").table("budget.three_public")
    wide_doc = _doc(tmp_path / "columns", three_layout="columns")
    wide = wide_doc.table("budget.three_public")
    assert wide is not None and rows_table is not None
    values = {r.name: [a.value for a in r.cells.values()] for r in wide.rows}
    assert values == {r.name: [a.value for a in r.cells.values()] for r in rows_table.rows}
    names = {r.name: r for r in wide.rows}
    assert names["合计"].role is RowRole.TOTAL
    assert names["机关运行经费"].role is RowRole.MEMO
    assert names["公务用车购置费"].path == ["公务用车购置及运行费"]
    line = names["合计"].location.line
    assert all(r.location.line == line for r in wide.rows)  # every item points at the printed line
    assert _codes(wide_doc) == []


def test_three_public_items_as_columns_total_error_found(tmp_path: Path) -> None:
    doc = _doc(tmp_path, frozenset({"three_public_total"}), three_layout="columns")
    assert "BL203" in {code for code, _ in _codes(doc)}


def test_consistent_district_document_has_no_findings(tmp_path: Path) -> None:
    assert _codes(_doc(tmp_path)) == []


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        ("item_basic", {"BL201", "BL202"}),
        ("kuan_sum", {"BL201", "BL202", "BL304"}),
        ("narrative_item", {"BL602"}),
        ("three_public_total", {"BL203", "BL622"}),
    ],
)
def test_planted_errors_are_found(tmp_path: Path, error: str, expected: set[str]) -> None:
    assert {code for code, _ in _codes(_doc(tmp_path, frozenset({error})))} == expected


def test_narrative_item_named_by_code_path() -> None:
    text = (
        "公共安全支出（204类）司法（06款）行政运行（01项）167.27万元，主要用于机关日常运转，"
        "比2025年预算执行数减少1.07%。"
    )
    claims = extract_claims("五、一般公共预算支出情况说明", [(7, text)], 2026)
    assert [(c.measure, c.subject, c.code, c.value, c.unit, c.base) for c in claims] == [
        (ClaimMeasure.AMOUNT, "行政运行", "2040601", Decimal("167.27"), "万元", None),
        (ClaimMeasure.CHANGE, "行政运行", "2040601", Decimal("1.07"), "%", "2025年预算执行数"),
    ]


def test_code_path_variants() -> None:
    claims = extract_claims("五、一般公共预算支出", [(1, "其中：司法（20406款）基层司法业务（04项）35.00万元。")], 2026)
    assert [(c.subject, c.code) for c in claims] == [("基层司法业务", "2040604")]
    claims = extract_claims("五、一般公共预算支出", [(1, "公共安全支出（204类）202.27万元。")], 2026)
    assert [(c.subject, c.code) for c in claims] == [("公共安全支出", "204")]
    claims = extract_claims("五、一般公共预算支出", [(1, "司法（07款）行政运行（01项）1.00万元。")], 2026)
    assert [(c.subject, c.code) for c in claims] == [("行政运行", None)]  # no 类: not a code path


def test_unknown_tables_are_kept_reported_and_exported(tmp_path: Path) -> None:
    extra = (
        "表10\n\n政府购买服务预算表\n\n部门名称：示例县司法局\n\n单位：元\n\n"
        "项目名称\t购买服务内容\t预算金额\n人民调解服务\t购买人民调解员服务\t150,000.00\n合计\t\t150,000.00\n\n"
        "部门预算项目绩效目标汇总表\n\n单位：元\n\n项目名称\t绩效目标\t金额\n基层司法业务\t完成调解案件≥300件\t350,000.00\n"
    )
    path = write_doc(tmp_path, build(extra=extra))
    doc = load(path)
    unknown = [t for t in doc.tables if t.kind == "unknown"]
    assert [t.title for t in unknown] == ["政府购买服务预算表", "部门预算项目绩效目标汇总表"]
    bl003 = [f for f in run_checks(doc).findings if f.code == "BL003"]
    assert [f.params["title"] for f in bl003] == ["政府购买服务预算表", "部门预算项目绩效目标汇总表"]
    facts = list(document_facts(doc))
    cells = {(f["table_title"], f["row_name"], f["value"]) for f in facts if f["table"] == "unknown"}
    assert cells == {
        ("政府购买服务预算表", "人民调解服务", "150000.00"),
        ("政府购买服务预算表", "合计", "150000.00"),
        ("部门预算项目绩效目标汇总表", "基层司法业务", "350000.00"),
    }


def test_city_template_missing_operating_cost_table_still_reported(tmp_path: Path) -> None:
    """The 9-table profile applies only to a combined 三公 table; a lone 三公 table keeps the 13-table set."""
    text = build().replace("“三公”经费和机关运行经费预算表", "“三公”经费支出预算表")
    findings = run_checks(load(write_doc(tmp_path, text))).findings
    missing = {f.params["kind"] for f in findings if f.code == "BL101"}
    assert missing == {"budget.fund_revenue", "budget.operating_cost", "budget.projects", "budget.projects_carryover"}


MINISTRY_REVENUE = """示例县水利局2026年部门预算
二、部门预算情况说明
（二）收入预算。本年收入合计13.00万元，其中：一般公共预算拨款收入10.00万元；事业收入3.00万元。
示例县水利局2026年部门收入总表
单位：万元
科目编码⇥科目名称⇥合计⇥本年收入⇥⇥上年结转
⇥⇥⇥一般公共预算拨款⇥事业收入⇥
⇥合计⇥15.00⇥10.00⇥3.00⇥2.00
2130305⇥水利工程建设⇥15.00⇥10.00⇥3.00⇥2.00
"""


def test_sub_header_outside_the_vocabulary_and_run_in_heading(tmp_path: Path) -> None:
    """The 8-table template: income sources under 本年收入 named with 拨款, and （二）收入预算。 run into its text."""
    doc = load(write_doc(tmp_path, MINISTRY_REVENUE))
    table = doc.table("budget.revenue")
    assert table is not None
    assert [c.key for c in table.columns] == ["total", "current_income.general", "current_income.business", "carryover"]
    row = table.rows_by_code()["2130305"]
    assert [str(a.value) for a in row.cells.values()] == ["15.00", "10.00", "3.00", "2.00"]
    assert "收入预算" in [s.title for s in doc.sections]
    assert {c.section for c in doc.claims} == {"收入预算"}
    arithmetic = [c for c in _codes(doc) if c[0].startswith(("BL0", "BL2", "BL6"))]
    assert arithmetic == []  # 合计 = 本年收入 + 上年结转 at the top level; the narrative agrees


def test_columns_differing_only_by_year_keep_both() -> None:
    from budgetlens.parse.grid import distinct_keys

    assert distinct_keys([["2025年预算数"], ["2026年预算数"], ["增减"]]) == ["amount.2025", "amount", "增减"]
    assert distinct_keys([["合计"], ["合计"]]) == ["total", "total.1"]
