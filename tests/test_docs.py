"""The rule catalogue is complete and current, and every rule has its YAML cases."""

from __future__ import annotations

from pathlib import Path

import yaml
from scripts.gen_rule_docs import pages

from budgetlens.check.registry import all_rules

ROOT = Path(__file__).resolve().parents[1]


def test_catalogue_is_current() -> None:
    docs = ROOT / "docs" / "rules"
    wanted = pages()
    stale = [
        n for n, text in wanted.items() if not (docs / n).is_file() or (docs / n).read_text(encoding="utf-8") != text
    ]
    extra = [p.name for p in docs.glob("*.md") if p.name not in wanted]
    assert not stale and not extra, f"run `python scripts/gen_rule_docs.py` (stale: {stale}, extra: {extra})"


def test_every_rule_has_pass_and_fail_cases() -> None:
    for rule in all_rules():
        path = ROOT / "tests" / "rules" / f"{rule.code}.yaml"
        assert path.is_file(), f"{rule.code} has no {path.name}"
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
        assert any(n.startswith("pass_") for n in cases), f"{rule.code}: no pass_ case"
        assert any(n.startswith("fail_") for n in cases), f"{rule.code}: no fail_ case"


def test_readme_commands_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("extract", "check", "rules", "explain"):
        assert f"budgetlens {command}" in readme


def test_example_is_current() -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "scripts/make_example.py", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stdout + out.stderr
