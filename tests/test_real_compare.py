"""`compare` lines up documents of two templates: a seed budget (万元) and a district budget in 元."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.compare.lineup import compare_facts
from budgetlens.report.frames import documents_frame, facts_frame
from tests.conftest import real_doc, seed_doc


@pytest.mark.parametrize("level", ["类", "款", "项"])
@pytest.mark.slow
def test_seed_and_district_budget_line_up(level: str) -> None:
    docs = [seed_doc("000"), real_doc("shpt_sifaju_2026_dept_budget.pdf")]
    result = compare_facts(facts_frame(docs), documents_frame(docs), level=level)
    assert [c.table for c in result.columns] == ["budget.expenditure", "budget.expenditure"]
    frame = result.frame
    total = frame[frame["code"] == ""].iloc[0]
    seed_label, district_label = result.labels
    assert total[seed_label] == Decimal("8487.06")
    assert total[district_label] == Decimal("9628.221344")  # 96,282,213.44 元 in 万元
    lines = frame[frame["code"] != ""]
    assert all(len(code) == {"类": 3, "款": 5, "项": 7}[level] for code in lines["code"])
    district = sum(v for v in lines[district_label] if v is not None)
    assert district == total[district_label]  # the district's lines add up to its 合计 at every level
    public_security = frame[frame["code"].str.startswith("204")]
    assert public_security[seed_label].isna().all() and public_security[district_label].notna().all()
