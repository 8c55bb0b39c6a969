"""Shared fixtures: the seed documents (read from ../shared/seeds, skipped when absent)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from budgetlens.model import Document
from budgetlens.pipeline import load
from tests.postgres_server import postgres_database, postgres_url  # noqa: F401  (session PostgreSQL fixtures)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
BUDGET_SEEDS = ("000", "001", "004")


def seed_path(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS} (the shared folder is not beside the project)")
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} not found in {SEEDS}")
    return matches[0]


@cache
def _load(path: Path) -> Document:
    return load(path)


def seed_doc(prefix: str) -> Document:
    return _load(seed_path(prefix))


def write_doc(tmp_path: Path, text: str, name: str = "doc.txt") -> Path:
    """Write a small test document; '⇥' stands for a TAB so cases stay readable."""
    path = tmp_path / name
    path.write_text(text.replace("⇥", "\t"), encoding="utf-8")
    return path
