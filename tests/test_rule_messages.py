"""Every rule's messages: both languages written, English free of Chinese, the same parameters, all filled.

A rule's wordings are its own templates and its variants (``Rule.wordings``). A parameter given once
per language (``where_zh`` / ``where_en``, ``period`` / ``period_en``) counts as one parameter. The
findings of every failing case of tests/rules/BLnnn.yaml must render in both languages with no
``{placeholder}`` left, and every problem a parser reports must name a rule and one of its wordings.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from string import Formatter
from typing import Any

import pytest
import yaml

from budgetlens.check.registry import RULES, Rule, all_rules
from budgetlens.check.runner import run_checks
from budgetlens.pipeline import load
from tests.conftest import write_doc
from tests.test_rules_yaml import RULE_DIR, _pdf

SRC = Path(__file__).resolve().parents[1] / "src" / "budgetlens"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
LEFT_OVER = re.compile(r"\{[^{}]*\}")
CODE = re.compile(r"^BL\d{3}$")
# Wordings in files this test's change left to their owners (completeness*.py, narrative_*.py). Strict: once
# fixed there, the case passes, fails as XPASS, and must be removed here.
KNOWN_GAPS: dict[str, str] = {}  # rules whose wording is known to fail the test (none)


def placeholders(template: str) -> set[str]:
    """The parameter names of a template ({table}, {column!r}, {a.b} → table, column, a)."""
    names = {re.split(r"[.\[]", name)[0] for _, name, _, _ in Formatter().parse(template) if name}
    return {re.sub(r"_(?:zh|en)$", "", name) for name in names}


def _wordings() -> list[Any]:
    return [
        pytest.param(
            rule,
            name,
            id=f"{rule.code}{'-' + name if name else ''}",
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[rule.code])] if rule.code in KNOWN_GAPS else [],
        )
        for rule in all_rules()
        for name in rule.wordings()
    ]


@pytest.mark.parametrize(("rule", "variant"), _wordings())
def test_wording(rule: type[Rule], variant: str) -> None:
    wording = rule.wordings()[variant]
    assert wording.zh.strip() and wording.en.strip()
    english = "".join(text for text, _, _, _ in Formatter().parse(wording.en))
    assert not CJK.search(english), f"Chinese in the English message: {english}"
    assert placeholders(wording.zh) == placeholders(wording.en)


def _failing_cases() -> list[Any]:
    params = []
    for path in sorted(RULE_DIR.glob("BL*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, case in spec["cases"].items():
            if any(finding[0] == spec["rule"] for finding in case["findings"]):
                params.append(pytest.param(spec["rule"], case, id=f"{spec['rule']}-{name}"))
    return params


@pytest.mark.parametrize(("code", "case"), _failing_cases())
def test_failing_case_renders(code: str, case: dict[str, Any], tmp_path: Path) -> None:
    doc = load(_pdf(case, tmp_path) if "pdf" in case else write_doc(tmp_path, case["doc"]))
    found = [f for f in run_checks(doc, select=[code, *case.get("select", [])]).findings if f.code == code]
    assert found, "the case expects findings of its rule"
    for f in found:
        assert f.slug == RULES[code].slug
        for lang in ("zh", "en"):
            message = f.message(lang)
            assert message and not LEFT_OVER.search(message), f"{lang}: {message}"


def _reported() -> list[tuple[str, str, str]]:
    """(code, variant, file:line) of every problem reported in the source by a code literal."""
    out = []
    for path in sorted(SRC.rglob("*.py")):
        if "check" in path.relative_to(SRC).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
                continue
            code = node.args[0].value
            if isinstance(code, str) and CODE.match(code):
                variant = next((k.value for k in node.keywords if k.arg == "variant"), ast.Constant(""))
                assert isinstance(variant, ast.Constant), f"{path}:{node.lineno}: variant must be a literal"
                out.append((code, str(variant.value), f"{path.relative_to(SRC)}:{node.lineno}"))
    return out


def test_every_reported_problem_names_a_rule_and_its_wording() -> None:
    all_rules()
    reported = _reported()
    assert len({code for code, _, _ in reported}) >= 20  # the parse problems BL001–BL025 and BL512–BL514
    for code, variant, where in reported:
        assert code in RULES, f"{where}: {code} names no rule"
        assert variant in RULES[code].wordings(), f"{where}: {code} has no wording {variant!r}"
