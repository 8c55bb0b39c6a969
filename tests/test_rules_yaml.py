"""Run every tests/rules/BLnnn.yaml case: a small document, the rule's findings as [code, line] pairs."""

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


@pytest.mark.parametrize(("code", "case"), _cases())
def test_rule_case(code: str, case: dict[str, Any], tmp_path: Path) -> None:
    doc = load(write_doc(tmp_path, case["doc"]))
    result = run_checks(doc, select=[code])
    assert result.flatten(["code", "line"]) == [list(f) for f in case["findings"]]
