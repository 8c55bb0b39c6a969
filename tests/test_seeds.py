"""The three 2026 budget seeds parse completely: every table kind, hierarchy, projects and targets."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest

from budgetlens.check.rules.completeness import BUDGET_TABLES
from budgetlens.check.runner import run_checks
from budgetlens.model import ClaimMeasure, DocumentKind, Level, RowRole
from tests.conftest import ROOT, SEEDS, seed_doc, seed_path

EXPECTED = {  # seed: (issuer, level, units in the project table, projects)
    "000": ("阳泉市市场监督管理局", Level.DEPARTMENT, 7, 35),
    "001": ("阳泉市综合检验检测中心", Level.UNIT, 1, 14),
    "004": ("阳泉市财政局", Level.DEPARTMENT, 3, 13),
}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_metadata(seed: str) -> None:
    doc = seed_doc(seed)
    issuer, level, _, _ = EXPECTED[seed]
    assert (doc.issuer, doc.level, doc.kind, doc.fiscal_year, doc.region) == (
        issuer, level, DocumentKind.BUDGET, 2026, "阳泉市",
    )  # fmt: skip


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_every_table_has_its_kind(seed: str) -> None:
    doc = seed_doc(seed)
    assert [t.kind for t in doc.tables] == list(BUDGET_TABLES)
    assert all(t.unit == "万元" for t in doc.tables)


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_project_hierarchy_and_narrative_count(seed: str) -> None:
    doc = seed_doc(seed)
    table = doc.table("budget.projects")
    assert table is not None
    units = [r for r in table.rows if r.role is RowRole.UNIT]
    projects = [r for r in table.rows if r.role is RowRole.PROJECT]
    assert (len(units), len(projects)) == EXPECTED[seed][2:]
    counts = {c.value for c in doc.claims if c.measure is ClaimMeasure.COUNT and "二级项目" in c.subject}
    assert counts == {Decimal(len(projects))}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_every_project_linked_to_its_target(seed: str) -> None:
    doc = seed_doc(seed)
    project_targets = [t for t in doc.targets if t.kind == "project"]
    assert len(project_targets) == EXPECTED[seed][3]
    assert all(t.linked_row is not None for t in project_targets)
    assert len({t.linked_row for t in project_targets}) == len(project_targets)


def test_same_name_department_and_unit_rows() -> None:
    table = seed_doc("000").table("budget.projects")
    assert table is not None
    first, second = table.rows[0], table.rows[1]
    assert first.name == second.name
    assert (first.role, second.role) == (RowRole.DEPARTMENT, RowRole.UNIT)
    assert second.path == [first.name]


def test_carryover_block_is_nested() -> None:
    table = seed_doc("000").table("budget.fiscal_summary")
    assert table is not None
    nested = [r for r in table.rows if r.path == ["上年财政拨款结转"]]
    assert [r.name for r in nested] == ["一、一般公共预算", "二、政府性基金预算", "三、国有资本经营预算"]
    assert nested[0].cells["income"].value == Decimal("7.59")


def test_dropped_trailing_cells_are_padded() -> None:
    table = seed_doc("000").table("budget.revenue")
    assert table is not None
    last = table.rows[-1]
    assert last.code == "2210201" and "carryover" in last.cells and last.cells["carryover"].value is None


def test_economic_codes_resolved_from_names() -> None:
    table = seed_doc("000").table("budget.general_basic_economic")
    assert table is not None
    by_name = {(r.name, r.second_name): r for r in table.rows}
    assert by_name[("基本工资", "工资奖金津补贴")].code == "30101"
    assert by_name[("基本工资", "工资奖金津补贴")].second_code == "50101"
    assert by_name[("奖励金", "社会福利和救助")].code == "30309"


def test_empty_tables_are_present_and_empty() -> None:
    doc = seed_doc("001")
    for kind in ("budget.fund_revenue", "budget.operating_cost", "budget.projects_carryover"):
        table = doc.table(kind)
        assert table is not None and table.empty_note and not table.has_data


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seed_tables_add_up(seed: str) -> None:
    """The tables of the seeds are internally consistent; parsing errors would break the sums."""
    result = run_checks(seed_doc(seed), select=["BL20"])
    assert result.findings == []


@pytest.mark.slow
def test_golden_facts() -> None:
    seed_path("000")
    tool = SEEDS.parent / "tools" / "golden_check.py"
    if not tool.is_file():
        pytest.skip("golden_check.py not found")
    cmd = f"{sys.executable} -m budgetlens extract {{}} --format facts"
    for seed in EXPECTED:
        out = subprocess.run(
            [sys.executable, str(tool), "--seed", seed, "--cmd", cmd],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert out.returncode == 0, out.stdout[-2000:]


def test_facts_contract() -> None:
    doc = seed_doc("000")
    from budgetlens.report.facts import document_facts

    facts = list(document_facts(doc))
    cell = next(
        f
        for f in facts
        if f["table"] == "budget.revenue" and f["row_code"] == "2013801" and f["column"] == "current_income.total"
    )
    assert cell["value"] == "1633.94" and cell["yuan"] == "16339400.00" and cell["unit"] == "万元"
    assert cell["row_path"] == ["一般公共服务支出", "市场监督管理事务"]
    assert cell["column_header"] == "本年收入 / 合计" and cell["status"] == "printed" and cell["line"] == 132
    json.dumps(facts, ensure_ascii=False)


def test_target_money_in_facts() -> None:
    from budgetlens.report.facts import document_facts

    facts = [f for f in document_facts(seed_doc("000")) if f["table"] == "perf.project_target"]
    annual = {f["table_title"]: f["value"] for f in facts if f["row_name"] == "年度资金总额"}
    assert annual["物业管理费"] == "115067.76" and annual["市场监管工作经费"] == "1290000"
    assert all(f["unit"] == "元" for f in facts)
