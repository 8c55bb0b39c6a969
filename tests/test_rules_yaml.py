"""Run every tests/rules/BLnnn.yaml case: a small document, the rule's findings as [code, line] pairs.

A case may name more rules to run beside its own (``select``: the rule whose findings it checks
needs theirs, as BL008 folds the sum rules' findings). A finding may name its severity as a third element
(``[BL622, 9, info]``). A case's document is text (``doc``, '⇥'
for a TAB) or an HTML page printed to PDF (``pdf``, with
``css: unruled`` for tables without cell borders) for the rules about what a PDF's layout shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from budgetlens.check.runner import run_checks
from budgetlens.pipeline import load
from tests.conftest import write_doc

RULE_DIR = Path(__file__).parent / "rules"


def _cases() -> list[Any]:
    params = []
    for path in sorted(RULE_DIR.glob("BL*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, case in spec["cases"].items():
            params.append(pytest.param(spec["rule"], case, id=f"{spec['rule']}-{name}"))
    return params


def _pdf(case: dict[str, Any], tmp_path: Path) -> Path:
    from tests.pdf_html import BARE_CSS, render

    css = BARE_CSS + ("td, th { border: none; }" if case.get("css") == "unruled" else "")
    return render(case["pdf"], tmp_path / "case.pdf", css)


@pytest.mark.parametrize(("code", "case"), _cases())
def test_rule_case(code: str, case: dict[str, Any], tmp_path: Path) -> None:
    doc = load(_pdf(case, tmp_path) if "pdf" in case else write_doc(tmp_path, case["doc"]))
    result = run_checks(doc, select=[code, *case.get("select", [])])
    expected = [list(f) for f in case["findings"]]
    if any(len(f) == 3 for f in expected):  # [code, line, severity]: the case pins the severity too
        got = [
            [code, line, getattr(severity, "value", severity)]
            for code, line, severity in result.flatten(["code", "line", "severity"])
        ]
        assert got == expected
    else:
        assert result.flatten(["code", "line"]) == expected
