"""BL625–BL628 on real documents (read from ../shared/real, skipped when absent) and on the seeds.

The district budgets state each item's rate from last year's and this year's amount without the
change; two of those rates are wrong (a mistyped prior, a rate copied from the line above) and two
items are given two amounts. The final account compares every 决算数 with its 预算数 in words and
states the 财政拨款 total in prose. Every other statement of these shapes must pass.
"""

from __future__ import annotations

import pytest

from budgetlens.check.runner import run_checks
from budgetlens.model import Document, Severity
from tests.conftest import real_doc, seed_doc

RULES = ["BL625", "BL626", "BL627", "BL628"]
SIFAJU = "shpt_sifaju_2026_dept_budget.pdf"
WANLI = "shpt_wanli_2024_dept_budget.pdf"
FINAL = "shpt_czj_2024_final_good.pdf"
TEMPLATE = "shpt_final_template_2024.pdf"


def _found(doc: Document) -> list[tuple[str, int | None, Severity]]:
    return [(f.code, f.location.line, f.severity) for f in run_checks(doc, select=RULES).findings]


@pytest.mark.slow
def test_district_budget_rates_and_two_amounts() -> None:
    doc = real_doc(SIFAJU)
    assert _found(doc) == [
        ("BL625", 75, Severity.ERROR),  # 43269.3 -> 3845.49 stated +17.62%: the prior is mistyped (3269.3)
        ("BL625", 78, Severity.ERROR),  # 77.99 -> 91.97 is +17.93%, printed 17.66% (line 77's rate)
        ("BL626", 81, Severity.ERROR),  # 住房公积金 208.8 and 201.50; the rate fits 208.8: one finding only
    ]
    message = next(f for f in run_checks(doc, select=["BL626"]).findings).message()
    assert "208.8" in message and "201.50" in message and "5.27%" in message


@pytest.mark.slow
def test_one_decimal_amount_is_an_interval() -> None:
    lines = {line for _, line, _ in _found(real_doc(SIFAJU))}
    assert 76 not in lines  # 59.11 -> 57.8 printed −2.21%: 57.8 stands for 57.75…57.85


@pytest.mark.slow
def test_second_district_budget() -> None:
    doc = real_doc(WANLI)
    # 350.35 and 352.67 for 住房公积金; the prior of 0.00 (line 63) makes no rate; 持平 lines hold
    assert _found(doc) == [("BL626", 85, Severity.ERROR)]


@pytest.mark.slow
def test_final_account_comparison_words_hold() -> None:
    doc = real_doc(FINAL)
    found = _found(doc)
    assert not [f for f in found if f[0] == "BL627"]  # 决算数小于预算数 / 基本持平, lines 299–319
    # the prose 财政拨款收入支出总计 0.3万元 against the table's 总计 2,961.68
    assert [f for f in found if f[0] == "BL628"] == [("BL628", 290, Severity.ERROR)]


@pytest.mark.slow
def test_final_template_placeholders() -> None:
    assert _found(real_doc(TEMPLATE)) == []


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_findings_on_seeds(prefix: str) -> None:
    assert _found(seed_doc(prefix)) == []
