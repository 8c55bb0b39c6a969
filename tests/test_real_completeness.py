"""The completeness rules (BL1xx) on the real PDFs of ../shared/real: regional equivalents are accepted by
meaning, a definition or a 职能 line is never the part checked, and only the true findings remain."""

from __future__ import annotations

import pytest

from budgetlens.check.rules.completeness_profile import find_part, locate, required_parts, stated_elsewhere
from budgetlens.check.runner import run_checks
from tests.conftest import real_doc

pytestmark = pytest.mark.slow

BUDGETS = ("shpt_sifaju_2026_dept_budget.pdf", "shpt_wanli_2024_dept_budget.pdf")

EXPECTED: dict[str, list[list[object]]] = {
    "shpt_czj_2024_final_good.pdf": [],
    "shpt_sifaju_2026_dept_budget.pdf": [],
    # true: the note under the 三公 table says 本表为空表 while the table has figures
    "shpt_wanli_2024_dept_budget.pdf": [["BL111", 383]],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_only_true_completeness_findings(name: str) -> None:
    result = run_checks(real_doc(name), select=["BL1"])
    assert result.flatten(["code", "line"]) == EXPECTED[name]


def test_empty_template_has_its_organisation_part() -> None:
    doc = real_doc("shpt_final_template_2024.pdf")
    codes = [f[0] for f in run_checks(doc, select=["BL104", "BL106"]).flatten(["code", "line"])]
    assert codes == []  # 部门决算单位构成 is the 机构设置 part; the 三公 amounts are placeholders (XX)
    part = locate(doc)["organisation"]
    assert part is not None and "单位构成" in part.section.title


@pytest.mark.parametrize("name", BUDGETS)
def test_district_budget_parts_found_by_meaning(name: str) -> None:
    doc = real_doc(name)
    located = locate(doc)
    # 其他相关情况说明's sub-headings, read once the heading ends the 三公 table above it
    for key, word in (("three_public", "三公"), ("procurement", "政府采购"), ("assets", "国有资产"),
                      ("performance", "绩效目标")):  # fmt: skip
        part = located[key]
        assert part is not None and word in part.section.title, key
    # 部门预算编制说明 states the 收支 parts in its sentences
    for spec in required_parts(doc):
        if spec.key in ("overview", "revenue", "expenditure", "fiscal", "general"):
            assert located[spec.key] is None
            part = stated_elsewhere(doc, spec, located)
            assert part is not None and "编制说明" in part.section.title, spec.key
    assert "basic" not in {s.key for s in required_parts(doc)}  # the district template has no 基本支出 part


@pytest.mark.parametrize("name", BUDGETS)
def test_three_public_part_is_not_the_definition(name: str) -> None:
    part = find_part(real_doc(name), "three_public")
    assert part is not None and "情况说明" in part.section.title
    assert "公务用车运行费" in part.text  # the district wording, accepted as 公务用车运行维护费


def test_final_account_parts_not_taken_from_duties() -> None:
    doc = real_doc("shpt_czj_2024_final_good.pdf")
    assets = find_part(doc, "assets")
    assert assets is not None and assets.line == 343  # （三）国有资产占有使用情况说明, not the 职能 line 44
    organisation = locate(doc)["organisation"]
    assert organisation is not None and organisation.line == 61  # 二、部门决算单位构成
