"""Probable causes: the line that the evidence of several failed identities shares."""

from __future__ import annotations

from pathlib import Path

from budgetlens.check.evidence import cause_groups, probable_causes
from budgetlens.check.runner import run_checks
from budgetlens.model import Finding, Location, Severity
from budgetlens.pipeline import load

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "sample-department-budget-2026.txt"


def _finding(line: int, evidence: tuple[int, ...]) -> Finding:
    return Finding(
        code="BL202",
        severity=Severity.ERROR,
        template_zh="",
        template_en="",
        location=Location(line=line),
        evidence=evidence,
    )


def test_shared_line_is_the_cause() -> None:
    marked = probable_causes([_finding(10, (10, 11, 12)), _finding(30, (11, 30))])
    assert [f.cause_line for f in marked] == [11, 11]
    assert list(cause_groups(marked)) == [11]


def test_no_cause_without_a_unique_shared_line() -> None:
    marked = probable_causes([_finding(10, (10, 11)), _finding(30, (10, 11, 30))])
    assert [f.cause_line for f in marked] == [None, None]  # 10 and 11 tie
    assert probable_causes([_finding(10, (10, 11))])[0].cause_line is None  # one failure proves nothing


def test_example_errors_are_the_causes_of_their_knock_ons() -> None:
    findings = run_checks(load(EXAMPLE)).findings
    groups = cause_groups(findings)
    # error (a) on line 163 breaks the 款 roll-up on line 160 and the 表三/表五 equality
    assert {f.location.line for f in groups[163]} == {160, 163}
    # error (b) on line 252 breaks its own 款 roll-up and the equality with 表二/表三
    assert 252 in groups and all(252 in f.evidence for f in groups[252])


def test_text_report_names_the_shared_cause() -> None:
    from typer.testing import CliRunner

    from budgetlens.cli.main import app

    out = CliRunner().invoke(app, ["check", str(EXAMPLE), "--lang", "en"])
    assert "one probable cause: a figure on line 163 breaks 2 identities" in out.output
