"""Reading and checking what the final-account round trip showed, as rules of any final account: a basic-expenditure
table headed 经济分类科目编码 in one cell, a 国有资本经营 table that prints its balances beside 本年支出, and a
“三公” item far above its small budget (完成预算的813.79%)."""

from __future__ import annotations

from decimal import Decimal

import yaml

from budgetlens.check.rules.arithmetic import row_total_groups
from budgetlens.generate.final_data import FinalData
from budgetlens.generate.kinds import compose
from budgetlens.generate.templates import load_template
from budgetlens.generate.text import render_text
from budgetlens.model import Document, Severity
from budgetlens.pipeline import run
from tests.generate_final_strategies import EXAMPLE_FINAL

TEMPLATE = "shanghai-district-final"


def written(change: dict[str, object] | None = None) -> tuple[Document, list[str]]:
    """The example (with ``change`` merged in) written as text, read back: the document and its findings (info notes
    left out: the 年初预算 of each 项 is printed in no table)."""
    raw = yaml.safe_load(EXAMPLE_FINAL.read_text(encoding="utf-8")) | (change or {})
    text = render_text(compose(FinalData.model_validate(raw), load_template(TEMPLATE)))
    result = run(text.encode("utf-8"), name="final.txt").checked()
    notes = [f for f in result.findings if f.severity is not Severity.INFO]
    return result.document, [f"{f.code} {f.message('zh')}" for f in notes]


def table(doc: Document, kind: str) -> dict[str, dict[str, Decimal | None]]:
    t = next(t for t in doc.tables if t.kind == kind)
    return {r.code or r.name: {k: a.value for k, a in r.cells.items()} for r in t.rows}


def test_a_one_cell_economic_code_header_places_both_totals() -> None:
    doc, findings = written()
    rows = table(doc, "final.general_basic_detail")
    assert rows["人员经费合计"]["basic"] == Decimal("1099.27") and rows["公用经费合计"]["basic"] == Decimal("46.45")
    assert findings == []


def test_a_capital_table_with_balances_totals_only_its_spending() -> None:
    raw = yaml.safe_load(EXAMPLE_FINAL.read_text(encoding="utf-8"))
    projects = [*raw["projects"], {"unit": "示例区图书馆", "name": "国资项目", "code": "2070205",
                                   "source": "国有资本经营", "amount": "9.00"}]  # fmt: skip
    income = [*raw["income"], {"code": "2070205", "source": "国有资本经营", "amount": "9.00"}]
    carry = [*raw["carry_in"], {"fund": "国有资本经营", "code": "2070205", "amount": "1.50"}]
    doc, findings = written({"projects": projects, "income": income, "carry_in": carry})
    assert table(doc, "final.capital")["2070205"] == {
        "carry_in": Decimal("1.50"), "income": Decimal("9.00"), "total": Decimal("9.00"), "basic": None,
        "project": Decimal("9.00"), "carry_out": Decimal("1.50"),
    }  # fmt: skip
    capital = next(t for t in doc.tables if t.kind == "final.capital")
    assert [(t.key, [p.key for p in parts]) for t, parts in row_total_groups(capital)] == [
        ("total", ["basic", "project"])
    ]
    assert findings == []


def test_a_rate_far_above_a_small_budget_is_backed_by_the_printed_budget() -> None:
    three = {"hosting": "1.20", "car_running": "4.72"}
    budgeted = yaml.safe_load(EXAMPLE_FINAL.read_text(encoding="utf-8"))["budgeted"]
    doc, findings = written({"three_public": three, "budgeted": budgeted | {"three_public": {"car_running": "0.58"}}})
    assert any("813.79%" in c.sentence for c in doc.claims)
    assert findings == []
