"""The narrative-rate, count and 三公/机关运行经费 rules (BL312–BL315, BL607–BL615) on the five seeds.

Every finding listed here was checked by hand against the seed text; every other seed statement
these rules read is consistent. Skipped when the shared seed folder is not beside the project.
"""

from __future__ import annotations

import pytest

from budgetlens.check.runner import run_checks
from tests.conftest import seed_doc

CODES = [f"BL{n}" for n in (*range(312, 316), *range(607, 616))]
EXPECTED: dict[str, list[list[object]]] = {
    "000": [],
    "001": [],
    "002": [],
    "003": [
        # 社会保障和就业支出 188.86万元, 增加76.68万元: 76.68 / 112.18 = 68.35%, printed 47%
        ["BL609", 1455, "error"],
        # 三公 预算300,102.55元 and 决算300,102.55元 in one sentence, 完成全年预算的86.86% (should be 100%)
        ["BL607", 1502, "error"],
        # 运行维护费 295,600.55元 完成90.81%, 公务接待费 4,502.00元 完成22.51%; table 预算数 = 决算数
        ["BL608", 1514, "warning"],
        ["BL608", 1518, "warning"],
    ],
    "004": [],
}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_exact_findings(seed: str) -> None:
    result = run_checks(seed_doc(seed), select=CODES)
    assert result.flatten(["code", "line", "severity"]) == EXPECTED[seed]


def test_messages_name_the_numbers() -> None:
    result = run_checks(seed_doc("003"), select=["BL607", "BL608", "BL609"])
    messages = {f.code + str(f.location.line): f.message() for f in result.findings}
    assert "68.35" in messages["BL6091455"] and "112.18" in messages["BL6091455"]
    assert "100.00" in messages["BL6071502"]
    assert "22.51" in messages["BL6081518"] and "4502.00" in messages["BL6081518"]
