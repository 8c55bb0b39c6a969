"""The district template: the example data composed in ``shanghai-district-budget`` and written as PDF reads back with
every table's amounts as composed, and each table kind with the same column keys as the district's own published
budgets give."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from budgetlens.generate.compose import compose
from budgetlens.generate.data import load_data
from budgetlens.generate.templates import load_template
from budgetlens.report.facts import document_facts
from tests.generate_strategies import EXAMPLE_DATA, round_trip
from tests.requirements import SHARED

TEMPLATE = "shanghai-district-budget"
KINDS = ["summary", "revenue", "expenditure", "fiscal_summary", "general_expenditure", "fund_expenditure", "capital",
         "general_basic_economic", "three_public"]  # fmt: skip


def column_keys(path: Path) -> dict[str, set[str]]:
    """Column keys the reader gives the amount cells (blank ones included: a zero may print blank), per table kind."""
    from budgetlens.pipeline import run

    keys: dict[str, set[str]] = defaultdict(set)
    for fact in document_facts(run(path).checked().document):
        if fact["status"] != "derived":
            keys[fact["table"]].add(fact["column"])
    return dict(keys)


def test_the_template_lists_the_district_tables_in_order() -> None:
    doc = compose(load_data(EXAMPLE_DATA), load_template(TEMPLATE))
    budget_tables = [t for t in doc.tables if t.kind.startswith("budget.")]
    assert [t.kind for t in budget_tables] == [f"budget.{k}" for k in KINDS]
    assert {t.unit for t in budget_tables[:-1]} == {"元"} and budget_tables[-1].unit == "万元"
    assert not budget_tables[5].rows[0][2].text and budget_tables[5].note  # no 政府性基金: the empty note


@pytest.mark.slow
@pytest.mark.needs_fonts
def test_the_example_in_the_district_template_reads_back_every_amount_as_pdf(tmp_path: Path) -> None:
    problems = round_trip(load_data(EXAMPLE_DATA), "pdf", tmp_path, TEMPLATE)
    assert [p for p in problems if not p.startswith("BL104")] == []


@pytest.mark.slow
@pytest.mark.needs_fonts
def test_the_example_in_the_district_template_round_trips_as_pdf(tmp_path: Path) -> None:
    assert round_trip(load_data(EXAMPLE_DATA), "pdf", tmp_path, TEMPLATE) == []


@pytest.mark.slow
@pytest.mark.needs_fonts
@pytest.mark.needs_shared
def test_the_district_pdf_has_the_column_keys_of_the_published_ones(tmp_path: Path) -> None:
    from budgetlens.generate.render import render

    path = tmp_path / "district.pdf"
    render(compose(load_data(EXAMPLE_DATA), load_template(TEMPLATE)), "pdf", path)
    ours = column_keys(path)
    real = column_keys(SHARED / "real" / "shpt_sifaju_2026_dept_budget.pdf")
    assert real, json.dumps(real)
    for kind, keys in real.items():
        assert ours.get(kind) == keys, (kind, ours.get(kind), keys)
