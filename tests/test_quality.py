"""Lint, types and the pipeline's layering are part of the test suite: ruff and mypy clean, stages in order."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.skipif(
    shutil.which("ruff") is None and not (Path(sys.executable).parent / "ruff").exists(), reason="ruff not installed"
)
def test_ruff_clean() -> None:
    out = _run("ruff", "check", "src", "tests", "scripts", "bench")
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.slow
def test_mypy_clean() -> None:
    out = _run("mypy")
    assert out.returncode == 0, out.stdout + out.stderr


# read → segment → parse → normalise → check → store → report; model is shared by all.
STAGES = ("model", "read", "segment", "parse", "normalise", "check", "store", "compare", "report")
SHARED = ("errors", "data")
# Imports against the order that stay, each for a reason:
LATER_ALLOWED = {
    # the official classification catalogue restores a code from a printed name while a row is read
    ("parse", "normalise"),
    # the store keeps the facts records exactly as the facts export gives them (one definition of a fact)
    ("store", "report"),
    # a distributed task loads its document where it runs
    ("store", "pipeline"),
}


def test_each_stage_imports_only_the_model_and_earlier_stages() -> None:
    later: list[str] = []
    for stage in STAGES:
        for path in sorted((ROOT / "src" / "budgetlens" / stage).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("budgetlens.")):
                    continue
                target = node.module.split(".")[1]
                if target in SHARED or target == stage or (stage, target) in LATER_ALLOWED:
                    continue
                if target not in STAGES or STAGES.index(target) > STAGES.index(stage):
                    later.append(f"{path.relative_to(ROOT)} imports {node.module}")
    assert later == [], "\n".join(later)
