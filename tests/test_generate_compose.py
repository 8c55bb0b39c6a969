"""``budgetlens generate``'s composing half: the example's data composed with the city template reads as the
example does (the same facts, no finding where the example has its two planted errors), and the command refuses
bad data (exit 2, one line) and data the rules reject (exit 1, the findings listed; --force writes it stamped)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from budgetlens.generate.compose import compose
from budgetlens.generate.data import load_data
from budgetlens.generate.templates import list_templates, load_template
from budgetlens.generate.text import render_text
from budgetlens.pipeline import run
from budgetlens.report.facts import document_facts

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "sample-department-budget-2026.txt"
DATA = EXAMPLE.with_name("sample-department-budget-2026.data.yaml")
PLACE = ("line", "page", "document", "status", "table_id")
# The cells the example changes after composing: its two planted errors (with the totals that follow them) and the
# cell its 表二 drops, as (table kind, row code).
PLANTED = {
    ("budget.expenditure", "2070104"),
    ("budget.general_expenditure", "21011"),
    ("budget.general_expenditure", "210"),
    ("budget.general_expenditure", None),  # the 合计 row
    ("budget.revenue", "2101101"),
}

pytestmark = pytest.mark.slow


def composed_text() -> str:
    return render_text(compose(load_data(DATA), load_template("shanxi-city-budget")))


def facts(document: Any) -> set[str]:
    return {
        repr(sorted((k, str(v)) for k, v in f.items() if k not in PLACE))
        for f in document_facts(document)
        if (str(f["table"].value), f["row_code"]) not in PLANTED
    }


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "budgetlens", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def test_the_example_data_composes_to_a_disclosure_without_findings() -> None:
    checked = run(composed_text().encode("utf-8"), name="composed.txt").checked()
    assert [f.code for f in checked.findings] == []
    assert len(checked.document.tables) >= 13


def test_the_composed_facts_are_the_examples_where_nothing_was_planted() -> None:
    ours = run(composed_text().encode("utf-8"), name="composed.txt").checked().document
    example = run(EXAMPLE).checked().document
    mine, theirs = facts(ours), facts(example)
    assert len(theirs) > 800
    assert mine == theirs


def test_the_city_template_is_listed_and_prints_its_thirteen_tables() -> None:
    assert "shanxi-city-budget" in [t.name for t in list_templates()]
    doc = compose(load_data(DATA), load_template("shanxi-city-budget"))
    labelled = [t for t in doc.tables if t.label]
    assert [t.label for t in labelled][:3] == ["表一", "表二", "表三"] and len(labelled) == 13
    assert len([t for t in doc.tables if t.kind == "perf.project_target"]) == 8


def test_bad_data_is_one_line_and_exit_2(tmp_path: Path) -> None:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    data["units"][0]["basic"]["不存在的款"] = "1.00"
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = cli("generate", str(bad), "-o", str(tmp_path / "x.txt"), cwd=tmp_path)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.strip().count("\n") == 0 and "units.0.basic" in out.stderr and "不存在的款" in out.stderr
    assert not (tmp_path / "x.txt").exists()


def test_data_the_rules_reject_is_refused_with_its_findings_then_forced_with_the_stamp(tmp_path: Path) -> None:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    data["projects"][0]["period"] = {"central": 0, "provincial": 0, "local": 100000}  # 实施期 below the year
    bad = tmp_path / "inconsistent.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out_file = tmp_path / "out.txt"
    refused = cli("generate", str(bad), "-o", str(out_file), cwd=tmp_path)
    assert refused.returncode == 1 and "BL505" in refused.stderr and not out_file.exists()
    forced = cli("generate", str(bad), "-o", str(out_file), "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert out_file.read_text(encoding="utf-8").startswith("未通过校验\n")


def test_generate_writes_text_that_checks_clean_and_lists_templates(tmp_path: Path) -> None:
    out = cli("generate", str(DATA), "--format", "text", "-o", str(tmp_path / "g.txt"), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "g.txt").read_text(encoding="utf-8") == composed_text()
    listed = cli("generate", "--templates", cwd=tmp_path)
    names = [line.split("\t")[0] for line in listed.stdout.splitlines()]
    assert listed.returncode == 0 and "shanxi-city-budget" in names and "shanghai-district-budget" in names
