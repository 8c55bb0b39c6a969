"""The Ministry of Finance's template: the example data composed in ``ministry-department-budget`` prints the eight
部门预算 sample tables in order, reads back in every format with no finding and every table's amounts as composed,
and each table gives the reader the column keys the Ministry-template document of ``tests/provincial`` gives."""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from budgetlens.generate.compose import compose
from budgetlens.generate.data import BudgetData, load_data
from budgetlens.generate.templates import load_template
from budgetlens.report.facts import document_facts
from tests.generate_strategies import EXAMPLE_DATA, example, round_trip

TEMPLATE = "ministry-department-budget"
KINDS = ["summary", "revenue", "expenditure", "fiscal_summary", "general_expenditure", "general_basic_economic",
         "three_public", "fund_expenditure"]  # fmt: skip


def column_keys(path: Path) -> dict[str, set[str]]:
    """Column keys the reader gives the amounts it reads, per table kind."""
    from budgetlens.pipeline import run

    keys: dict[str, set[str]] = defaultdict(set)
    for fact in document_facts(run(path).checked().document):
        if fact["status"] != "derived" and fact["value"] is not None:
            keys[fact["table"]].add(fact["column"])
    return dict(keys)


def test_the_template_prints_the_eight_tables_in_order_in_wan_yuan() -> None:
    doc = compose(load_data(EXAMPLE_DATA), load_template(TEMPLATE))
    tables = [t for t in doc.tables if t.kind.startswith("budget.")]
    assert [t.kind for t in tables] == [f"budget.{k}" for k in KINDS]
    assert [t.label for t in tables] == [f"表{i}" for i in range(1, 9)]
    assert {t.unit for t in tables} == {"万元"}
    assert tables[-1].note and [c.text for c in tables[-1].rows[0]][:1] == ["合计"]  # no 政府性基金: the empty note
    headings = [b.text for b in doc.blocks if type(b).__name__ == "Heading" and b.level == 1]
    assert [h.split(" ")[0] for h in headings] == ["第一部分", "第二部分", "第三部分", "第四部分"]


def test_the_three_public_table_prints_last_year_and_this_year() -> None:
    data = load_data(EXAMPLE_DATA)
    doc = compose(data, load_template(TEMPLATE))
    table = next(t for t in doc.tables if t.kind == "budget.three_public")
    assert [r[0].text for r in table.rows] == ["2025年预算数", "2026年预算数"]
    last = data.prior.three_public
    assert table.rows[0][1].value == last.abroad + last.hosting + last.car_purchase + last.car_running


@pytest.mark.slow
@pytest.mark.parametrize(
    "fmt", ["text", "html", "xlsx", pytest.param("docx", marks=pytest.mark.needs_fonts),
            pytest.param("pdf", marks=pytest.mark.needs_fonts)],
)  # fmt: skip
def test_the_example_in_the_ministry_template_round_trips(fmt: str, tmp_path: Path) -> None:
    assert round_trip(load_data(EXAMPLE_DATA), fmt, tmp_path, TEMPLATE) == []


@pytest.mark.slow
def test_two_staff_items_of_a_cent_read_back(tmp_path: Path) -> None:
    """Found by the round-trip property: 退休费 and 职业年金缴费 of 0.01 each (one 款 of 0.02, 人员经费 only)."""
    raw = example()
    unit = {**raw["units"][0], "basic": {"退休费": "0.01", "职业年金缴费": "0.01", "基本工资": "10.00"}}
    raw.update(units=[unit], projects=[], carry_over=[])
    assert round_trip(BudgetData.model_validate(raw), "text", tmp_path, TEMPLATE) == []


@pytest.mark.slow
def test_the_tables_give_the_column_keys_of_the_ministry_template_document(tmp_path: Path) -> None:
    from budgetlens.generate.render import render
    from tests.provincial.ministry_budget import build
    from tests.provincial.render import html_page

    ours_path, theirs_path = tmp_path / "ours.html", tmp_path / "theirs.html"
    render(compose(load_data(EXAMPLE_DATA), load_template(TEMPLATE)), "html", ours_path)
    theirs_path.write_text(html_page(build()), encoding="utf-8")
    ours, theirs = column_keys(ours_path), column_keys(theirs_path)
    assert set(theirs) >= {f"budget.{k}" for k in KINDS}
    for kind in KINDS[:-1]:  # 政府性基金 prints empty here
        assert ours[f"budget.{kind}"] <= theirs[f"budget.{kind}"], (
            kind,
            ours[f"budget.{kind}"],
            theirs[f"budget.{kind}"],
        )


def test_generate_lists_the_ministry_template() -> None:
    listed = subprocess.run(
        [sys.executable, "-m", "budgetlens", "generate", "--templates"], capture_output=True, text=True, check=False
    )
    names = [line.split("\t")[0] for line in listed.stdout.splitlines()]
    assert listed.returncode == 0 and TEMPLATE in names, listed.stderr


def test_an_operating_cost_printed_in_no_table_is_a_note_and_the_disclosure_is_written(tmp_path: Path) -> None:
    """The Ministry template states 机关运行经费 (行政 units' 公用经费) but has no table of it: with a 事业 unit's
    公用经费 on the same 项, the figure (2.70) matches nothing printed, which BL622 notes (info) without blocking
    generate."""
    import yaml

    raw = example()
    admin = {**raw["units"][0], "kind": "行政", "basic": {"基本工资": "10.00", "办公费": "2.00", "印刷费": "0.70"}}
    public = {**raw["units"][1], "kind": "事业", "main_code": admin["main_code"], "basic": {"水费": "1.50"}}
    raw.update(units=[admin, public], projects=[], carry_over=[])
    data = tmp_path / "data.yaml"
    data.write_text(yaml.safe_dump(BudgetData.model_validate(raw).model_dump(mode="json"), allow_unicode=True))
    out = tmp_path / "out.txt"
    run = subprocess.run(
        [sys.executable, "-m", "budgetlens", "generate", str(data), "--template", TEMPLATE, "--format", "text",
         "-o", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "BL622" in run.stderr and "机关运行经费" in run.stderr
    assert "未通过校验" not in out.read_text(encoding="utf-8")
