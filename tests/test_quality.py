"""Lint, types and the pipeline's layering are part of the test suite: ruff and mypy clean, stages in order."""

from __future__ import annotations

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
    """ruff's lint and its formatter both pass."""
    out = _run("ruff", "check", "src", "tests", "scripts", "bench")
    assert out.returncode == 0, out.stdout + out.stderr
    formatted = _run("ruff", "format", "--check", "src", "tests", "scripts", "bench")
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr


@pytest.mark.slow
def test_mypy_clean() -> None:
    out = _run("mypy")
    assert out.returncode == 0, out.stdout + out.stderr


def test_import_contracts_kept() -> None:
    """The layer order and the no-cycle rule of pyproject's [tool.importlinter] contracts."""
    lint = Path(sys.executable).parent / "lint-imports"
    if not lint.exists():
        pytest.skip("import-linter not installed (pip install -e '.[dev]')")
    out = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout + out.stderr
