"""The completeness rules (BL1xx) on the five seeds: exactly the genuine gaps, no false alarms."""

from __future__ import annotations

import pytest

from budgetlens.check.rules.completeness_profile import locate
from budgetlens.check.runner import run_checks
from tests.conftest import seed_doc

EXPECTED: dict[str, list[list[object]]] = {
    "000": [],
    # 十一、国有资产 3、其他国有资产: 截至2024年12月31日 in the 2026 budget (1、and 2、say 2025)
    "001": [["BL112", 969]],
    "002": [],
    # 六、 prints the heading of 五、 over the 基本支出 text (人员经费 / 公用经费)
    "003": [["BL105", 1469]],
    "004": [],
}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_completeness_findings(seed: str) -> None:
    result = run_checks(seed_doc(seed), select=["BL1"])
    assert result.flatten(["code", "line"]) == EXPECTED[seed]


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_every_required_part_found_by_its_heading(seed: str) -> None:
    located = locate(seed_doc(seed))
    missing = sorted(k for k, part in located.items() if part is None)
    assert missing == (["basic"] if seed == "003" else [])


def test_final_account_three_public_part_spans_its_sub_headings() -> None:
    from budgetlens.check.rules.completeness_profile import find_part

    part = find_part(seed_doc("002"), "three_public")
    assert part is not None and part.line == 600
    assert "因公出国(境)费支出0万元" in part.text  # from (二), where the OCR did not break the words
