"""BL026, BL629 and BL630 on the seeds and the real documents (read from ../shared, skipped when absent).

Seed 002 attaches all 15 self-evaluations its text counts; three of them print the grade 良 where the text
says two projects were graded 良 (its 涉及资金 is the department's 项目支出, which the annexes' amounts, several
rebuilt from OCR, do not settle: no funds finding). Seed 003 agrees with its annexes in count, grades and
funds. The Shanghai district budget states a quarterly payment plan for a construction project that no
table of the document lists, so nothing is compared. No document prints a target table twice, once blank.
"""

from __future__ import annotations

import pytest

from budgetlens.check.runner import run_checks
from budgetlens.model import Document, Severity
from tests.conftest import real_doc, seed_doc

RULES = ["BL026", "BL629", "BL630"]


def _found(doc: Document) -> list[tuple[str, int | None, Severity]]:
    return [(f.code, f.location.line, f.severity) for f in run_checks(doc, select=RULES).findings]


def test_seed_002_grades_against_annexes() -> None:
    doc = seed_doc("002")
    assert _found(doc) == [("BL629", 634, Severity.ERROR)]
    finding = run_checks(doc, select=["BL629"]).findings[0]
    assert "良" in finding.message() and "3" in finding.message()
    assert (finding.expected, finding.actual) == ("3", "2")


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_other_seeds_agree(prefix: str) -> None:
    assert _found(seed_doc(prefix)) == []


@pytest.mark.parametrize(
    "name",
    [
        "shpt_wanli_2024_dept_budget.pdf",  # 第一季度用款计划… for a project no table lists
        "shpt_sifaju_2026_dept_budget.pdf",
        "shpt_czj_2024_final_good.pdf",  # a self-evaluation summary without annexes
        "shpt_final_template_2024.pdf",
    ],
)
@pytest.mark.slow
def test_real_documents_quiet(name: str) -> None:
    assert _found(real_doc(name)) == []
