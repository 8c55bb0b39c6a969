"""The rule catalogue is complete and current, every rule has its YAML cases, and CI does what the README says."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml
from scripts.gen_rule_docs import pages

from budgetlens.check.registry import all_rules
from tests.requirements import REQUIREMENTS

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


def _tests_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Run the tests")
    return readme[start : readme.index("\n## ", start)]


def _apt_packages(text: str) -> list[str]:
    """The packages of the one ``apt-get install`` line in ``text``."""
    [line] = [ln for ln in text.splitlines() if ln.lstrip().startswith("apt-get install")]
    return [word for word in line.split(">")[0].split()[2:] if not word.startswith("-")]


def test_ci_installs_the_readmes_packages_and_runs_its_test_command() -> None:
    section, ci = _tests_section(), (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _apt_packages(ci) == _apt_packages(section)
    block = re.search(r"```bash\n(.+?)\n```", section, re.S)
    assert block is not None
    *install, command = block.group(1).splitlines()
    assert [ln for ln in ci.splitlines() if ln.strip() and not ln.startswith("#")][-1] == command
    assert all(line.split("pip install ")[1] in ci for line in install)  # the contributor install


def test_every_requirement_has_its_packages_installed_and_its_marker_registered() -> None:
    assert set(_apt_packages(_tests_section())) == {p for r in REQUIREMENTS.values() for p in r.packages}
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    markers = {m.split(":")[0] for m in options["markers"]}
    assert {m.removeprefix("needs_") for m in markers if m.startswith("needs_")} == set(REQUIREMENTS)
    assert "slow" in markers and "--strict-markers" in options["addopts"].split()  # a misspelt marker is an error
